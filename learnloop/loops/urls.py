"""Routes of the learning loop: retrospectives, and reviews with their lessons and action items."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("learnloop.loops.retro_urls")),
    path("", include("learnloop.loops.review_urls")),
]
