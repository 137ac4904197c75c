from __future__ import annotations

from django.apps import AppConfig


class LoopsConfig(AppConfig):
    name = "learnloop.loops"
    label = "loops"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from learnloop.core.unlinkable import anonymous_route

        # The loop's sections of the home and team pages register themselves with `people`,
        # which must not import the loop.
        from learnloop.loops import panels  # noqa: F401

        # The safety check and (possibly anonymous) cards: no log line may time them.
        for view_name in ("retro-safety", "retro-card-add", "api-v1:retro_safety", "api-v1:retro_card_add"):
            anonymous_route(view_name)
