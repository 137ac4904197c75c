"""Routes of the equity app. Each view declares its access rule (see core.access)."""

from __future__ import annotations

from django.urls import URLPattern, path

from learnloop.equity import meeting_views, views

urlpatterns: list[URLPattern] = [
    path("opportunities/", views.opportunities, name="equity-opportunities"),
    path("opportunities/new/", views.opportunity_create, name="equity-opportunity-create"),
    path("opportunities/<int:pk>/", views.opportunity, name="equity-opportunity"),
    path("opportunities/<int:pk>/apply/", views.opportunity_apply, name="equity-opportunity-apply"),
    path("opportunities/<int:pk>/close/", views.opportunity_close, name="equity-opportunity-close"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="equity-application-withdraw"),
    path("applications/<int:pk>/decide/", views.application_decide, name="equity-application-decide"),
    path("equity/audit/", views.audit, name="equity-audit"),
    path("equity/audit.csv", views.audit_csv, name="equity-audit-csv"),
    path("equity/participation/", meeting_views.participation, name="equity-participation"),
    path("teams/<slug:slug>/quiet/", meeting_views.silence, name="equity-silence"),
]
