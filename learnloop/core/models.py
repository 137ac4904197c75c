"""Core tables: the audit log of every write made through a service."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

# The actor label of an anonymous act.
ANONYMOUS = "anonymous"


class AuditEvent(models.Model):
    """One write made through a service: who did what to which object, and when."""

    # When, to the microsecond; for anonymous acts only the day (midnight), see core.audit.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text so the record still says who acted after the account is gone.
    actor_label = models.CharField(max_length=300)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        when = f"{self.at:%Y-%m-%d}" if self.day_only else f"{self.at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor_label} {self.action} {self.target_label}"

    @property
    def day_only(self) -> bool:
        """An anonymous act: the row keeps its day, no time, and a random id (core.audit)."""
        return self.actor_user_id is None and self.actor_label == ANONYMOUS


# The search index is a core table (core owns search backends); its code lives in core.search.
from learnloop.core.search.models import SearchDocument, SearchTerm  # noqa: E402, F401
