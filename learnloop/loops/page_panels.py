"""Sections other apps add to the loop's lesson and action-item pages, without the loop importing them.

An app registers a provider (as `knowledge` does for playbook revisions and reuse); the page renders
each panel's template with its context. A provider returns None to show nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PagePanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[Any, Any], "PagePanel | None"]
_lesson_panels: list[PanelProvider] = []
_action_item_panels: list[PanelProvider] = []


def register_lesson_panel(provider: PanelProvider) -> PanelProvider:
    _lesson_panels.append(provider)
    return provider


def register_action_item_panel(provider: PanelProvider) -> PanelProvider:
    _action_item_panels.append(provider)
    return provider


def lesson_panels(lesson: Any, viewer: Any) -> list[PagePanel]:
    return [panel for provider in _lesson_panels if (panel := provider(lesson, viewer)) is not None]


def action_item_panels(item: Any, viewer: Any) -> list[PagePanel]:
    return [panel for provider in _action_item_panels if (panel := provider(item, viewer)) is not None]
