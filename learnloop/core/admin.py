"""The audit log in the Django admin: readable by admins, changeable by nobody."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from learnloop.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Writes go through services (permission checks, audit rows); the admin only reads."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "action", "target_label", "target_id"]
    date_hierarchy = "at"
