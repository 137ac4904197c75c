from __future__ import annotations

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "learnloop.knowledge"
    label = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Knowledge's panels on the loop's pages (and the receiver counting lessons opened by other teams),
        # and "seen before?" beside the loop's forms.
        # Search: register the searchable kinds, which also keeps the index in sync on every write.
        from learnloop.knowledge import panels, seen_before  # noqa: F401
        from learnloop.knowledge.search_sources import register_all

        register_all()
