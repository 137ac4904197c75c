"""Server-drawn SVG charts of pulse results (no script: the Content Security Policy forbids it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from learnloop.core.stats import favourable_from
from learnloop.voice.results import ConstructResult

LABEL_WIDTH = 260
PLOT_WIDTH = 360
ROW_HEIGHT = 34


def _x(value: float, points: int) -> float:
    return round(LABEL_WIDTH + (value - 1) / (points - 1) * PLOT_WIDTH, 1)


def construct_chart(constructs: Sequence[ConstructResult], *, points: int) -> dict[str, Any]:
    """Each construct's mean as a dot on the 1..points scale with its 95% interval as a line."""
    rows = []
    for index, construct in enumerate(constructs):
        summary = construct.summary
        if summary.mean is None:
            continue
        y = 20 + index * ROW_HEIGHT
        rows.append(
            {
                "label": construct.name,
                "y": y,
                "text_y": y + 4,
                "x": _x(summary.mean, points),
                "low": _x(summary.low, points) if summary.low is not None else None,
                "high": _x(summary.high, points) if summary.high is not None else None,
                "mean": summary.mean,
            }
        )
    ticks = [{"x": _x(score, points), "label": score} for score in range(1, points + 1)]
    height = 20 + len(constructs) * ROW_HEIGHT + 10
    return {
        "width": LABEL_WIDTH + PLOT_WIDTH + 20,
        "height": height,
        "axis_y": height - 12,
        "ticks": ticks,
        "rows": rows,
        "plot_left": LABEL_WIDTH,
        "plot_right": LABEL_WIDTH + PLOT_WIDTH,
    }


def distribution_bars(constructs: Sequence[ConstructResult], *, points: int) -> list[dict[str, Any]]:
    """A 100% stacked bar per construct: unfavourable, neutral and favourable shares of answers."""
    threshold = favourable_from(points)
    bars = []
    for construct in constructs:
        total = sum(construct.distribution)
        if not total:
            continue
        favourable = sum(construct.distribution[threshold - 1 :])
        neutral = construct.distribution[threshold - 2] if points % 2 else 0
        unfavourable = total - favourable - neutral
        parts, left = [], 0.0
        for name, count in (("unfavourable", unfavourable), ("neutral", neutral), ("favourable", favourable)):
            width = PLOT_WIDTH * count / total
            parts.append({"kind": name, "x": round(left, 1), "width": round(width, 1), "share": count / total})
            left += width
        bars.append({"label": construct.name, "parts": parts, "width": PLOT_WIDTH})
    return bars


TREND_WIDTH = 560
TREND_HEIGHT = 170
TREND_LEFT = 40
TREND_TOP = 12
TREND_BOTTOM = 30


def trend_chart(
    earlier: Sequence[tuple[Any, dict[str, float | None]]],
    current: Sequence[ConstructResult],
    *,
    this_run: Any,
    points: int,
) -> dict[str, Any] | None:
    """A line per construct through its mean in the earlier runs (oldest first) and this one, on
    the 1..points scale. Only numbers the guard already released are drawn; None without history."""
    runs = [(run, {name: mean for name, mean in means.items() if mean is not None}) for run, means in earlier]
    runs = [(run, means) for run, means in runs if means]
    now = {c.name: c.summary.mean for c in current if c.summary.mean is not None}
    if not runs or not now:
        return None
    runs.append((this_run, now))
    plot_height = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    step = (TREND_WIDTH - TREND_LEFT - 50) / max(len(runs) - 1, 1)  # room for the last label

    def y(value: float) -> float:
        return round(TREND_TOP + (points - value) / (points - 1) * plot_height, 1)

    columns = [
        {"x": round(TREND_LEFT + index * step, 1), "label": run.opens_on.strftime("%b %Y")}
        for index, (run, _) in enumerate(runs)
    ]
    names = list(dict.fromkeys(name for _, means in runs for name in means))
    series = []
    for number, name in enumerate(names):
        dots = [
            {"x": column["x"], "y": y(means[name]), "mean": means[name]}
            for column, (_, means) in zip(columns, runs, strict=True)
            if name in means
        ]
        points_attr = " ".join(f"{dot['x']},{dot['y']}" for dot in dots)
        series.append({"name": name, "css": f"series-{number % 4}", "dots": dots, "points": points_attr})
    gridlines = [{"y": y(score), "label": score} for score in range(1, points + 1)]
    return {
        "width": TREND_WIDTH,
        "height": TREND_HEIGHT,
        "left": TREND_LEFT,
        "right": TREND_WIDTH - 30,
        "label_y": TREND_HEIGHT - 8,
        "columns": columns,
        "series": series,
        "gridlines": gridlines,
    }
