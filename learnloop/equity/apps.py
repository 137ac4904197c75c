from __future__ import annotations

from django.apps import AppConfig


class EquityConfig(AppConfig):
    name = "learnloop.equity"
    label = "equity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The fair speaking rotation and the team page's section register with `people`;
        # `loops` asks `people` for the speaking order and never imports equity.
        from learnloop.equity import panels  # noqa: F401
