"""The anonymity guard: every number about a group of people passes through here before anyone sees it.

This first part covers counts per group (minimum group size and complementary suppression);
DESIGN.md's filter-complement and overlap rules build on it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings

ABSOLUTE_MINIMUM = 3


def minimum_group_size() -> int:
    return max(ABSOLUTE_MINIMUM, int(settings.MIN_GROUP_SIZE))


def suppress_counts(counts: Mapping[str, int], *, minimum: int | None = None) -> dict[str, int | None]:
    """Hide (None) every group smaller than the minimum, plus enough of the next-smallest
    siblings that the hidden groups together hold at least `minimum` people, so the total
    minus the visible groups never isolates a small group. Empty groups isolate nobody."""
    minimum = max(ABSOLUTE_MINIMUM, minimum if minimum is not None else minimum_group_size())
    hidden = {key for key, count in counts.items() if 0 < count < minimum}
    if hidden:
        visible = sorted((count, key) for key, count in counts.items() if key not in hidden and count > 0)
        while visible and (len(hidden) < 2 or sum(counts[key] for key in hidden) < minimum):
            hidden.add(visible.pop(0)[1])
    return {key: (None if key in hidden else count) for key, count in counts.items()}
