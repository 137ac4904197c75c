"""Pages for managing personal access tokens."""

from __future__ import annotations

from django.urls import path

from learnloop.api import views

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
