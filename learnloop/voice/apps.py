from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VoiceConfig(AppConfig):
    name = "learnloop.voice"
    label = "voice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from learnloop.core.unlinkable import anonymous_route
        from learnloop.voice import panels, selectors  # noqa: F401 (register the reminders and the team panel)
        from learnloop.voice.instruments import ensure_built_in

        # Answering, asking (a POST to the question list) and upvoting: no log line may time them.
        for view_name in (
            "voice-pulse-answer",
            "voice-questions",
            "voice-question-upvote",
            "api-v1:pulse_answer",
            "api-v1:question_list",
            "api-v1:question_upvote",
        ):
            anonymous_route(view_name)

        post_migrate.connect(ensure_built_in, sender=self, dispatch_uid="learnloop.voice.built_in_instruments")
