"""Template context every page needs: who is looking."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def viewer(request: HttpRequest) -> dict[str, Any]:
    return {"viewer": getattr(request, "actor", None), "product_name": settings.SITE_NAME}
