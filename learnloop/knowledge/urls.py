"""Routes of the knowledge app. Each view declares its access rule (see core.access)."""

from __future__ import annotations

from django.urls import URLPattern, path

from learnloop.knowledge import search_views
from learnloop.knowledge.views import decisions, playbooks, reuse

urlpatterns: list[URLPattern] = [
    path("playbooks/", playbooks.playbook_list, name="playbooks"),
    path("playbooks/stale/", playbooks.playbook_stale, name="playbook-stale"),
    path("teams/<slug:slug>/playbooks/new/", playbooks.playbook_create, name="playbook-create"),
    path("playbooks/<int:pk>/", playbooks.playbook_detail, name="playbook"),
    path("playbooks/<int:pk>/edit/", playbooks.playbook_edit, name="playbook-edit"),
    path("playbooks/<int:pk>/reviewed/", playbooks.playbook_reviewed, name="playbook-reviewed"),
    path("playbooks/<int:pk>/revisions/", playbooks.playbook_revisions, name="playbook-revisions"),
    path("playbooks/<int:pk>/revisions/<int:number>/", playbooks.playbook_revision, name="playbook-revision"),
    path("playbooks/<int:pk>/diff/", playbooks.playbook_diff, name="playbook-diff"),
    path("playbooks/<int:pk>/export.md", playbooks.playbook_export, name="playbook-export"),
    path("changes/<int:change_id>/playbook/", playbooks.change_to_playbook, name="playbook-from-change"),
    path("decisions/", decisions.decision_list, name="decisions"),
    path("teams/<slug:slug>/decisions/new/", decisions.decision_create, name="decision-create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision"),
    path("decisions/<int:pk>/edit/", decisions.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/export.md", decisions.decision_export, name="decision-export"),
    path("knowledge/reuse/", reuse.reuse_figures, name="knowledge-reuse"),
    path(
        "knowledge/reuse/<str:kind>/<int:pk>/<str:action>/",
        reuse.reuse_mark,
        name="knowledge-reuse-mark",
    ),
]

# search routes
urlpatterns += [
    path("search/", search_views.search_page, name="knowledge-search"),
    path("seen-before/", search_views.seen_before, name="knowledge-seen-before"),
    path("seen-before/accept/", search_views.seen_before_accept, name="knowledge-seen-before-accept"),
]
