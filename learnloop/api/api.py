"""The versioned JSON API: assembles each app's `api.py` router under /api/v1/."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Learnloop API",
    version="1",
    urls_namespace="api-v1",
    docs_url=None,
)
