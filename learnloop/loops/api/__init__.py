"""The learning loop's endpoints of the JSON API: retros, reviews, lessons, action items, measures.

Reads go through `loops.selectors` (a token sees what its person may see, no more); writes call
`loops.services`, which check permissions and write the audit log. Each module adds its
endpoints to the one router.
"""

from __future__ import annotations

from learnloop.loops.api import items, lessons, measures, retros, reviews, steering  # noqa: F401 (they register)
from learnloop.loops.api.shared import router

__all__ = ["router"]
