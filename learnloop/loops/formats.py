"""Retrospective formats: the built-in column sets and checks for custom ones."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import slugify

Column = dict[str, str]

# Column prompts are our own wording; the formats are described in REFERENCE.md.
BUILT_IN: dict[str, tuple[str, list[Column]]] = {
    "start-stop-continue": (
        "Start, stop, continue",
        [
            {"key": "start", "title": "Start", "prompt": "What should we begin doing?"},
            {"key": "stop", "title": "Stop", "prompt": "What gets in our way and should end?"},
            {"key": "continue", "title": "Continue", "prompt": "What works and should stay?"},
        ],
    ),
    "4ls": (
        "4Ls: liked, learned, lacked, longed for",
        [
            {"key": "liked", "title": "Liked", "prompt": "What did you enjoy?"},
            {"key": "learned", "title": "Learned", "prompt": "What do you know now that you did not before?"},
            {"key": "lacked", "title": "Lacked", "prompt": "What was missing?"},
            {"key": "longed-for", "title": "Longed for", "prompt": "What do you wish we had had?"},
        ],
    ),
    "mad-sad-glad": (
        "Mad, sad, glad",
        [
            {"key": "mad", "title": "Mad", "prompt": "What frustrated you?"},
            {"key": "sad", "title": "Sad", "prompt": "What disappointed you?"},
            {"key": "glad", "title": "Glad", "prompt": "What made you happy?"},
        ],
    ),
    "sailboat": (
        "Sailboat",
        [
            {"key": "wind", "title": "Wind", "prompt": "What pushed us forward?"},
            {"key": "anchors", "title": "Anchors", "prompt": "What held us back?"},
            {"key": "rocks", "title": "Rocks", "prompt": "What risks lie ahead?"},
            {"key": "island", "title": "Island", "prompt": "Where are we trying to get to?"},
        ],
    ),
}

# Shown in the opening phase; our wording of the idea behind Kerth's prime directive.
OPENING_STATEMENT = (
    "Whatever we find, we start from this: everyone here did the best they could with what they "
    "knew, the time they had and the tools in their hands. We look at how the work happened, "
    "not at who to blame."
)


def custom_columns(titles: list[str]) -> list[Column]:
    """Columns from titles a facilitator typed (one per line); 1 to 6 distinct titles."""
    cleaned = [title.strip() for title in titles if title.strip()]
    if not 1 <= len(cleaned) <= 6:
        raise ValidationError({"columns": "Give between one and six column titles, one per line."})
    columns: list[Column] = []
    seen: set[str] = set()
    for title in cleaned:
        key = slugify(title)[:50] or f"column-{len(columns) + 1}"
        if key in seen:
            raise ValidationError({"columns": f"The column {title!r} appears twice."})
        seen.add(key)
        columns.append({"key": key, "title": title[:100], "prompt": ""})
    return columns


def columns_for(format_key: str) -> list[Column]:
    if format_key not in BUILT_IN:
        raise ValidationError({"format": f"{format_key!r} is not a format; use one of {', '.join(BUILT_IN)}."})
    return [dict(column) for column in BUILT_IN[format_key][1]]
