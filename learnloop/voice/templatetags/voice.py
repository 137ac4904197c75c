"""Formatting for pulse results: means with intervals, percentages, short decimals."""

from __future__ import annotations

from typing import Any

from django import template

from learnloop.core.stats import Summary
from learnloop.voice.models import Instrument

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


@register.filter
def mean_ci(summary: Summary | None) -> str:
    if summary is None or summary.mean is None:
        return "—"
    if summary.low is None or summary.high is None:
        return f"{summary.mean:.2f}"
    return f"{summary.mean:.2f} ({summary.low:.2f} to {summary.high:.2f})"


@register.filter
def constructs(instrument: Instrument) -> list[str]:
    return list(dict.fromkeys(item.construct for item in instrument.items.all()))


@register.filter
def first_mean(means: dict[str, Any]) -> str:
    values = [value for value in means.values() if value is not None]
    return "—" if not values else " / ".join(f"{value:.2f}" for value in values)
