from __future__ import annotations

from django.apps import AppConfig


class LoopsConfig(AppConfig):
    name = "learnloop.loops"
    label = "loops"
    default_auto_field = "django.db.models.BigAutoField"
