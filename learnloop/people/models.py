"""People tables: the sign-in account, the person, the team tree, memberships and sensitive attributes."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

PLACEHOLDER_EMAIL_DOMAIN = "placeholder.invalid"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """The sign-in account. Everything else about a person lives on Person."""

    email = models.EmailField(unique=True)
    is_active = models.BooleanField(default=True)
    # Staff and superuser together are the global admin role (see Person.is_admin).
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email


class Person(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="person")
    display_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    # The id in the HR system the roster comes from; the key of `import roster`.
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    is_analyst = models.BooleanField(default=False, help_text="People analysts see organization-wide aggregates.")
    name_is_placeholder = models.BooleanField(default=False)
    email_is_placeholder = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name_plural = "people"
        indexes = [models.Index(Lower("display_name"), name="person_name_lower_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(display_name=""), name="person_display_name_not_empty"),
            models.CheckConstraint(condition=~models.Q(manager=models.F("id")), name="person_not_own_manager"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def is_admin(self) -> bool:
        return self.user.is_superuser and self.user.is_staff


class Team(models.Model):
    """A node of the organization's team tree."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Materialized path of ids ("/1/4/9/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=1000, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    description = models.TextField(blank=True)
    # Where a roster import put this team ("Sales/Sales Executive"); the key of re-imports.
    external_key = models.CharField(max_length=400, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="team_name_not_empty"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="team_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    FACILITATOR = "facilitator", "Facilitator"
    MANAGER = "manager", "Manager"


class Membership(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Added by hand"
        ROSTER = "roster", "Roster import"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    # A roster import only moves the memberships it created itself.
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__path", "person__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "team"], name="membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.team} ({self.role})"


class SensitiveAttribute(models.Model):
    """A key/value such as gender or age band: read only by analysts, only in aggregate."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attributes")
    key = models.CharField(max_length=100)
    value = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="attribute_unique_per_person"),
        ]
        indexes = [models.Index(fields=["key", "value"], name="attribute_key_value_idx")]

    def __str__(self) -> str:
        return f"{self.key} of person #{self.person_id}"
