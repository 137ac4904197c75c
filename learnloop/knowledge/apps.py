from __future__ import annotations

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "learnloop.knowledge"
    label = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"
