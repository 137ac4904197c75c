from __future__ import annotations

from django.urls import path

from learnloop.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views.audit_log, name="audit-log"),
]
