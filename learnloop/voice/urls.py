"""Routes of the voice app. Each view declares its access rule (see core.access)."""

from __future__ import annotations

from django.urls import URLPattern, path

from learnloop.voice import views

urlpatterns: list[URLPattern] = [
    path("pulses/", views.pulses, name="voice-pulses"),
    path("pulses/new/", views.pulse_create, name="voice-pulse-create"),
    path("pulses/<int:pk>/", views.pulse, name="voice-pulse"),
    path("pulses/<int:pk>/results.csv", views.pulse_export, name="voice-pulse-export"),
    path("pulses/<int:pk>/answer/", views.pulse_answer, name="voice-pulse-answer"),
    path("pulses/<int:pk>/close/", views.pulse_close, name="voice-pulse-close"),
    path("instruments/", views.instruments, name="voice-instruments"),
    path("instruments/new/", views.instrument_create, name="voice-instrument-create"),
    path("instruments/<int:pk>/", views.instrument, name="voice-instrument"),
    path("questions/", views.question_list, name="voice-questions"),
    path("questions/<uuid:pk>/upvote/", views.question_upvote, name="voice-question-upvote"),
    path("questions/<uuid:pk>/answer/", views.question_answer, name="voice-question-answer"),
    path("questions/<uuid:pk>/hide/", views.question_hide, name="voice-question-hide"),
]
