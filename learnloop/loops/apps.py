from __future__ import annotations

from django.apps import AppConfig


class LoopsConfig(AppConfig):
    name = "learnloop.loops"
    label = "loops"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The loop's sections of the home and team pages register themselves with `people`,
        # which must not import the loop.
        from learnloop.loops import panels  # noqa: F401
