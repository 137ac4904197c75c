from __future__ import annotations

from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "learnloop.voice"
    label = "voice"
    default_auto_field = "django.db.models.BigAutoField"
