"""Every route of Learnloop. Each view declares its access rule (see core.access)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from learnloop.api.api import api

urlpatterns = [
    path("", include("learnloop.core.urls")),
    path("", include("learnloop.people.urls")),
    path("", include("learnloop.api.urls")),
    path("", include("learnloop.loops.urls")),
    path("", include("learnloop.knowledge.urls")),
    path("", include("learnloop.voice.urls")),
    path("", include("learnloop.equity.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
