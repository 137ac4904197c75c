from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VoiceConfig(AppConfig):
    name = "learnloop.voice"
    label = "voice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from learnloop.voice import panels, selectors  # noqa: F401 (register the reminders and the team panel)
        from learnloop.voice.instruments import ensure_built_in

        post_migrate.connect(ensure_built_in, sender=self, dispatch_uid="learnloop.voice.built_in_instruments")
