"""Equity tables: opportunities posted openly, applications and awards, learning records, speaking turns."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from learnloop.people.models import Person, Team


class Kind(models.TextChoices):
    STRETCH = "stretch", "Stretch assignment"
    COURSE = "course", "Course"
    CONFERENCE = "conference", "Conference"
    MENTORING = "mentoring", "Mentoring"
    SPEAKING = "speaking", "Speaking slot"


class Opportunity(models.Model):
    """Something that helps a person learn, open to everyone who is eligible."""

    class Status(models.TextChoices):
        OPEN = "open", "Open for applications"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    skills = models.CharField(max_length=500, blank=True, help_text="Skills it builds, separated by commas.")
    capacity = models.PositiveSmallIntegerField(help_text="How many people can be awarded it.")
    deadline = models.DateField(help_text="Last day to apply.")
    # Empty: every team. Otherwise the named teams and every team under them.
    eligible_teams = models.ManyToManyField(Team, blank=True, related_name="+")
    # Levels of the team tree (0 = top); empty: every level. See docs/equity.md.
    min_level = models.PositiveSmallIntegerField(null=True, blank=True)
    max_level = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    posted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posted_opportunities")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="opportunity_title_not_empty"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="opportunity_capacity_positive"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="opportunity_kind_valid"),
            models.CheckConstraint(
                condition=Q(min_level__isnull=True)
                | Q(max_level__isnull=True)
                | Q(min_level__lte=models.F("max_level")),
                name="opportunity_levels_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def skill_list(self) -> list[str]:
        return [skill.strip() for skill in self.skills.split(",") if skill.strip()]


class Application(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        AWARDED = "awarded", "Awarded"
        DECLINED = "declined", "Not selected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="applications")
    motivation = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    # Why the poster decided as they did: recorded for every award and every "not selected".
    rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"], name="application_once_per_person"),
            models.CheckConstraint(
                condition=Q(status__in=["applied", "withdrawn"]) | (~Q(rationale="") & Q(decided_at__isnull=False)),
                name="application_decision_has_rationale",
            ),
        ]

    def __str__(self) -> str:
        return f"application #{self.pk}"


class LearningRecord(models.Model):
    """One piece of learning a person had: an awarded opportunity, an imported training, …"""

    class Source(models.TextChoices):
        AWARD = "award", "Awarded opportunity"
        IMPORT = "import", "Imported"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="learning_records")
    kind = models.CharField(max_length=100)
    occurred_on = models.DateField()
    hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="learning_record"
    )
    # What makes an imported record the same one on a re-run: "kind|date|n" (n-th such record).
    # NULL (not "") for records that were not imported: NULLs never collide in the unique constraint.
    import_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["occurred_on"], name="learning_record_date_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(kind=""), name="learning_record_kind_not_empty"),
            models.CheckConstraint(condition=Q(hours__isnull=True) | Q(hours__gte=0), name="learning_record_hours"),
            models.UniqueConstraint(fields=["person", "import_key"], name="learning_record_import_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.occurred_on}"


class SpeakingTurn(models.Model):
    """Who spoke first at one occasion (a retro, a meeting) of a team's recurring meeting.

    `queue` is the rotation before the occasion: the members in the order their turn comes.
    The next occasion starts from it with `first` moved to the back; anyone absent keeps their place.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    meeting = models.CharField(max_length=50)
    occasion = models.CharField(max_length=100)
    # The occasions' order: the number in "retro:12", so a late look at an old retro changes nothing.
    ordinal = models.PositiveBigIntegerField()
    queue = models.JSONField(default=list)
    first = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "meeting", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["team", "occasion"], name="speaking_turn_once_per_occasion"),
            models.UniqueConstraint(fields=["team", "meeting", "ordinal"], name="speaking_turn_ordinal_unique"),
        ]

    def __str__(self) -> str:
        return f"speaking turn at {self.occasion}"
