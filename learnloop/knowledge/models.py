"""Knowledge tables: playbooks with their revisions, decision notes, and reuse of knowledge across teams."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from learnloop.loops.models import Change, Lesson, Tag, Visibility
from learnloop.people.models import Person, Team


class Playbook(models.Model):
    """How a team does something, in Markdown. The current text; every save also writes a revision."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="playbooks")
    title = models.CharField(max_length=300)
    # Stable external id: the file name in docs-as-code folders, never changed after creation.
    slug = models.SlugField(max_length=200, unique=True)
    body = models.TextField(blank=True, help_text="Markdown; rendered and sanitized on the server.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="playbooks")
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.TEAM)
    review_by = models.DateField(help_text="After this date the playbook is listed as stale until reviewed.")
    # The number of the latest revision; a save based on an older number is refused (no silent overwrite).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="playbook_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="playbook_slug_not_empty"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="playbook_visibility_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class PlaybookRevision(models.Model):
    """One saved state of a playbook: the full text, who wrote it, and the change it came from, if any."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="What this revision changed, in a few words.")
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The change recorded on an action item that this revision writes down ("what changed" → the new text).
    change = models.ForeignKey(
        Change, null=True, blank=True, on_delete=models.SET_NULL, related_name="playbook_revisions"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["playbook", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "number"], name="playbook_revision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="playbook_revision_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.playbook_id} r{self.number}"


class DecisionNote(models.Model):
    """A decision worth remembering (an architecture decision record): why, what else was considered, what follows."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        SUPERSEDED = "superseded", "Superseded"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="decision_notes")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    context = models.TextField(blank=True)
    options = models.TextField(blank=True, help_text="Options considered, in Markdown.")
    decision = models.TextField(blank=True)
    consequences = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    review_on = models.DateField(null=True, blank=True, help_text="When to look at this decision again.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="decision_notes")
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.TEAM)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="decision_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="decision_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "accepted", "superseded"]), name="decision_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="superseded", superseded_by__isnull=False)
                    | (~Q(status="superseded") & Q(superseded_by__isnull=True))
                ),
                name="decision_superseded_iff_successor",
            ),
            models.CheckConstraint(condition=~Q(superseded_by=models.F("id")), name="decision_not_superseding_itself"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="decision_visibility_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class ReuseEvent(models.Model):
    """A person of another team opened, applied or cited a playbook, lesson or decision note.

    Opens are kept once per person, item and day, so reloading a page counts nothing twice."""

    class Action(models.TextChoices):
        OPENED = "opened", "Opened"
        APPLIED = "applied", "Applied (we used this)"
        CITED = "cited", "Cited"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # The team the reuse is credited to (the person's first team), and the team that owns the item.
    reader_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    playbook = models.ForeignKey(Playbook, null=True, blank=True, on_delete=models.CASCADE, related_name="reuse")
    decision = models.ForeignKey(DecisionNote, null=True, blank=True, on_delete=models.CASCADE, related_name="reuse")
    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    where = models.CharField(max_length=500, blank=True, help_text="For a citation: where it was cited.")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=["opened", "applied", "cited"]), name="reuse_action_valid"),
            models.CheckConstraint(
                condition=(
                    Q(playbook__isnull=False, decision__isnull=True, lesson__isnull=True)
                    | Q(playbook__isnull=True, decision__isnull=False, lesson__isnull=True)
                    | Q(playbook__isnull=True, decision__isnull=True, lesson__isnull=False)
                ),
                name="reuse_names_exactly_one_item",
            ),
            models.UniqueConstraint(
                fields=["person", "playbook", "action", "day"],
                condition=Q(playbook__isnull=False),
                name="reuse_playbook_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["person", "decision", "action", "day"],
                condition=Q(decision__isnull=False),
                name="reuse_decision_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["person", "lesson", "action", "day"],
                condition=Q(lesson__isnull=False),
                name="reuse_lesson_once_a_day",
            ),
        ]
        indexes = [models.Index(fields=["owner_team", "day"], name="reuse_owner_team_day_idx")]

    def __str__(self) -> str:
        return f"reuse #{self.pk} ({self.action})"
