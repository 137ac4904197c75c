"""The knowledge app's endpoints of the JSON API."""

from __future__ import annotations

from ninja import Router

router = Router()

# Playbooks, decision notes and reuse.
from learnloop.knowledge.content_api import router as content_router  # noqa: E402

router.add_router("/", content_router)

# search endpoints (GET /search, GET /similar) live in their own module.
from learnloop.knowledge.search_api import router as search_router  # noqa: E402

router.add_router("/", search_router)
