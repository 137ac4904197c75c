"""Personal access tokens for the JSON API: hashed at rest, shown once, revocable."""

from __future__ import annotations

from django.db import models

from learnloop.people.models import Person


class AccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the token, kept in clear so a person can tell tokens apart.
    prefix = models.CharField(max_length=16, db_index=True)
    # SHA-256 of the whole token: tokens are long random strings, so a fast hash is enough.
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    # The day (its midnight) of the last use, never the time: see api.services.token_mark_used.
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(scope__in=["read", "write"]), name="token_scope_valid"),
            models.CheckConstraint(condition=~models.Q(name=""), name="token_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
