"""Routes of the voice app. Each view declares its access rule (see core.access)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
