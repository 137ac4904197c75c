"""People and teams in the Django admin, read-only: the product's pages and services do the writing.

Sensitive attributes are deliberately not registered: nobody reads one person's attributes.
"""

from __future__ import annotations

from django.contrib import admin

from learnloop.core.admin import ReadOnlyAdmin
from learnloop.people.models import Membership, Person, Team, User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "is_active", "is_staff", "last_login", "date_joined"]
    search_fields = ["email"]
    exclude = ["password"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "external_id", "title", "is_analyst"]
    search_fields = ["display_name", "external_id", "user__email"]
    list_select_related = ["user"]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "parent", "depth"]
    search_fields = ["name", "slug"]
    list_select_related = ["parent"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "team", "role", "source"]
    list_filter = ["role", "source"]
    search_fields = ["person__display_name", "team__name"]
    list_select_related = ["person", "team"]
