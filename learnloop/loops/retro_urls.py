"""Routes of retrospectives: a team's list, new retros and formats, the live board and its writes."""

from __future__ import annotations

from django.urls import path

from learnloop.loops.views import retros as views

urlpatterns = [
    path("teams/<slug:slug>/retros/", views.retros, name="retros"),
    path("teams/<slug:slug>/retros/new/", views.retro_create, name="retro-create"),
    path("teams/<slug:slug>/retro-formats/new/", views.retro_template_create, name="retro-template-create"),
    path("retros/<int:pk>/", views.retro, name="retro"),
    path("retros/<int:pk>/board/", views.retro_board, name="retro-board"),
    path("retros/<int:pk>/export.md", views.retro_export, name="retro-export"),
    path("retros/<int:pk>/phase/", views.retro_phase, name="retro-phase"),
    path("retros/<int:pk>/reveal/", views.retro_reveal, name="retro-reveal"),
    path("retros/<int:pk>/safety/", views.retro_safety, name="retro-safety"),
    path("retros/<int:pk>/cards/", views.retro_card_add, name="retro-card-add"),
    path("retros/<int:pk>/cards/edit/", views.retro_card_edit, name="retro-card-edit"),
    path("retros/<int:pk>/cards/move/", views.retro_card_move, name="retro-card-move"),
    path("retros/<int:pk>/groups/", views.retro_group, name="retro-group"),
    path("retros/<int:pk>/groups/rename/", views.retro_group_rename, name="retro-group-rename"),
    path("retros/<int:pk>/votes/", views.retro_vote, name="retro-vote"),
    path("retros/<int:pk>/present/", views.retro_present, name="retro-present"),
    path("retros/<int:pk>/focus/", views.retro_focus, name="retro-focus"),
    path("retros/<int:pk>/actions/", views.retro_action, name="retro-action"),
    path("retros/<int:pk>/regenerated/", views.retro_regenerated, name="retro-regenerated"),
    path("retros/<int:pk>/close/", views.retro_close, name="retro-close"),
]
