from __future__ import annotations

from django.apps import AppConfig


class EquityConfig(AppConfig):
    name = "learnloop.equity"
    label = "equity"
    default_auto_field = "django.db.models.BigAutoField"
