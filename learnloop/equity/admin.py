"""Opportunities, applications and learning records in the Django admin, read-only: services do the writing.

Speaking turns are not registered: they are bookkeeping of the rotation, read on the team page.
"""

from __future__ import annotations

from django.contrib import admin

from learnloop.core.admin import ReadOnlyAdmin
from learnloop.equity.models import Application, LearningRecord, Opportunity


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "capacity", "deadline", "status", "posted_by"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "skills"]
    list_select_related = ["posted_by"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["opportunity", "person", "status", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["opportunity", "person"]


@admin.register(LearningRecord)
class LearningRecordAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "occurred_on", "hours", "source"]
    list_filter = ["source"]
    search_fields = ["person__display_name", "person__external_id", "kind"]
    list_select_related = ["person"]
