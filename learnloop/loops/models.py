"""The learning loop's tables: retrospectives and reviews, the lessons they yield, action items and changes."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from learnloop.people.models import Person, Team


class Visibility(models.TextChoices):
    TEAM = "team", "Team only"
    ORGANIZATION = "organization", "Whole organization"


# --- Retrospectives ---------------------------------------------------------------------------


class RetroTemplate(models.Model):
    """Custom columns a facilitator saved for their team."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="retro_templates")
    name = models.CharField(max_length=100)
    columns = models.JSONField(help_text='[{"key": "...", "title": "...", "prompt": "..."}, ...]')
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="retro_template_unique_name")]

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    OPENING = "opening", "Opening"
    GATHERING = "gathering", "Gathering cards"
    GROUPING = "grouping", "Grouping"
    VOTING = "voting", "Dot-voting"
    DISCUSSING = "discussing", "Discussing"
    DECIDING = "deciding", "Deciding"
    CLOSING = "closing", "Closing"
    CLOSED = "closed", "Closed"


PHASE_ORDER = [phase.value for phase in Phase]


class Retrospective(models.Model):
    class Mode(models.TextChoices):
        LIVE = "live", "Live session"
        ASYNC = "async", "Asynchronous (cards over several days)"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="retrospectives")
    title = models.CharField(max_length=200)
    format = models.CharField(max_length=50)
    columns = models.JSONField(help_text="The columns at creation, so later template edits change nothing here.")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.LIVE)
    gather_until = models.DateTimeField(null=True, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.OPENING)
    facilitator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="facilitated_retros")
    votes_per_person = models.PositiveSmallIntegerField(default=3)
    revealed = models.BooleanField(default=False)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    discussing = models.ForeignKey("CardGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.TextField(blank=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.TEAM)
    # Bumped on every change, so boards poll cheaply ("anything new since version N?").
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(phase__in=PHASE_ORDER), name="retro_phase_valid"),
            models.CheckConstraint(
                condition=Q(votes_per_person__gte=1, votes_per_person__lte=20), name="retro_vote_budget_range"
            ),
            models.CheckConstraint(
                condition=Q(phase="closed") | Q(closed_at__isnull=True), name="retro_closed_at_only_when_closed"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SafetyCheckIn(models.Model):
    """Who has answered the opening safety check, kept apart from the scores."""

    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="check_ins")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["retro", "person"], name="safety_check_in_once")]

    def __str__(self) -> str:
        return f"check-in #{self.pk}"


class SafetyScore(models.Model):
    """One anonymous answer to "how safe is it to speak up today?" (1 to 5): no person, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="safety_scores")
    score = models.PositiveSmallIntegerField()
    # Scores are shown in batches of at least the anonymity minimum, so that no answer changes
    # the visible distribution by one: a score waits (False) until enough others join it.
    released = models.BooleanField(default=False)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="safety_score_range")]

    def __str__(self) -> str:
        return f"safety score #{self.pk}"


class CardGroup(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(max_length=200)
    column = models.CharField(max_length=50)
    discussed = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


# A card is a thought for the board, not an essay: longer text belongs in a review or a lesson.
CARD_MAX_LENGTH = 1000
CARD_TOO_LONG = "A card holds at most 1,000 characters; this one has {count}. Split it into two cards."


class Card(models.Model):
    """A retro card. Anonymous cards store no author at all (a constraint says so), only the
    day they were written, and get a random id and a random display position."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="cards")
    column = models.CharField(max_length=50)
    text = models.TextField()
    is_anonymous = models.BooleanField(default=True)
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="retro_cards")
    group = models.ForeignKey(CardGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards")
    written_on = models.DateField()
    shuffle_key = models.PositiveIntegerField()

    class Meta:
        ordering = ["shuffle_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(author__isnull=True), name="anonymous_card_has_no_author"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="card_text_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), CARD_MAX_LENGTH), name="card_text_at_most_1000_characters"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One dot. The voter is kept to hold the budget; pages only ever show totals."""

    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    group = models.ForeignKey(CardGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(card__isnull=False) & Q(group__isnull=True))
                | (Q(card__isnull=True) & Q(group__isnull=False)),
                name="vote_on_card_or_group",
            )
        ]
        indexes = [models.Index(fields=["retro", "voter"], name="vote_retro_voter_idx")]

    def __str__(self) -> str:
        return f"vote #{self.pk}"


class Participant(models.Model):
    """A person taking part in a retro; the row also serializes their votes (a lock target)."""

    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["retro", "person"], name="participant_once")]

    # --- Reviews ----------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"participant #{self.pk}"


class FactorCategory(models.Model):
    """The editable taxonomy of contributing factors (config change, capacity, …)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "factor categories"

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    class Kind(models.TextChoices):
        INCIDENT = "incident", "Incident review"
        PROJECT = "project", "Project review"
        CUSTOMER = "customer", "Customer review"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    class Severity(models.TextChoices):
        NONE = "", "Not set"
        SEV1 = "sev1", "SEV 1 (critical)"
        SEV2 = "sev2", "SEV 2 (major)"
        SEV3 = "sev3", "SEV 3 (minor)"
        SEV4 = "sev4", "SEV 4 (low)"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INCIDENT)
    title = models.CharField(max_length=300)
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.TEAM)
    summary = models.TextField(blank=True)
    impact = models.TextField(blank=True)
    detection = models.TextField(blank=True)
    went_well = models.TextField(blank=True)
    got_lucky = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Free narrative, e.g. an imported write-up.")
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews")
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    source_url = models.URLField(max_length=500, blank=True)
    keywords = models.JSONField(default=list, blank=True, help_text="Free keywords, e.g. from an imported write-up.")
    # Fingerprints of blame-language flags the author marked as intended.
    intended_flags = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="review_title_not_empty"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="review_published_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", "Event"
        STARTED = "started", "Impact started"
        DETECTED = "detected", "Detected"
        MITIGATED = "mitigated", "Mitigated"
        RESOLVED = "resolved", "Resolved"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EVENT)
    text = models.TextField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:60]}"


class ContributingFactor(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="factors")
    category = models.ForeignKey(FactorCategory, on_delete=models.PROTECT, related_name="factors")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["category__name", "id"]

    def __str__(self) -> str:
        return f"{self.category}: {self.description[:60]}"


# --- Lessons, action items, changes -----------------------------------------------------------


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Lesson(models.Model):
    """What was learned, always linked to exactly one source it came from."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="lessons")
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="lessons")
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.TEAM)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    source_card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.PROTECT, related_name="lessons")
    source_group = models.ForeignKey(CardGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="lessons")
    source_timeline_entry = models.ForeignKey(
        TimelineEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="lessons"
    )
    source_factor = models.ForeignKey(
        ContributingFactor, null=True, blank=True, on_delete=models.PROTECT, related_name="lessons"
    )
    source_review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.PROTECT, related_name="lessons")

    SOURCES = ["source_card", "source_group", "source_timeline_entry", "source_factor", "source_review"]

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        source_card__isnull=False,
                        source_group__isnull=True,
                        source_timeline_entry__isnull=True,
                        source_factor__isnull=True,
                        source_review__isnull=True,
                    )
                    | Q(
                        source_card__isnull=True,
                        source_group__isnull=False,
                        source_timeline_entry__isnull=True,
                        source_factor__isnull=True,
                        source_review__isnull=True,
                    )
                    | Q(
                        source_card__isnull=True,
                        source_group__isnull=True,
                        source_timeline_entry__isnull=False,
                        source_factor__isnull=True,
                        source_review__isnull=True,
                    )
                    | Q(
                        source_card__isnull=True,
                        source_group__isnull=True,
                        source_timeline_entry__isnull=True,
                        source_factor__isnull=False,
                        source_review__isnull=True,
                    )
                    | Q(
                        source_card__isnull=True,
                        source_group__isnull=True,
                        source_timeline_entry__isnull=True,
                        source_factor__isnull=True,
                        source_review__isnull=False,
                    )
                ),
                name="lesson_has_exactly_one_source",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="lesson_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title


class Change(models.Model):
    """What changed in how people work: the only way an action item is done."""

    what = models.TextField()
    where = models.CharField(max_length=300, help_text="Where the change lives: a runbook, a pipeline, a process.")
    evidence_url = models.URLField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="change_what_not_empty"),
            models.CheckConstraint(condition=~Q(where=""), name="change_where_not_empty"),
        ]

    def __str__(self) -> str:
        return self.what[:80]


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="action_items")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="action_items")
    retro = models.ForeignKey(
        Retrospective, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="action_items")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    change = models.OneToOneField(Change, null=True, blank=True, on_delete=models.PROTECT, related_name="action_item")
    drop_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set when the problem this item was meant to fix shows up again in a later retro.
    regenerated_in = models.ForeignKey(
        Retrospective, null=True, blank=True, on_delete=models.SET_NULL, related_name="regenerated_items"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="action_item_title_not_empty"),
            models.CheckConstraint(
                condition=(
                    Q(status="open", change__isnull=True, closed_at__isnull=True, drop_reason="")
                    | Q(status="done", change__isnull=False, closed_at__isnull=False, drop_reason="")
                    | (Q(status="dropped", change__isnull=True, closed_at__isnull=False) & ~Q(drop_reason=""))
                ),
                name="action_item_ends_with_change_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Repeat(models.Model):
    """ "The same problem again": a later lesson or review linked to an earlier one."""

    class Reason(models.TextChoices):
        SAME_FACTOR = "same_factor", "Same contributing factor"
        SEEN_BEFORE = "seen_before", 'Accepted a "seen before?" suggestion'
        MANUAL = "manual", "Linked by a person"

    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.CASCADE, related_name="repeats_of")
    earlier_lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.CASCADE, related_name="repeated_by"
    )
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.CASCADE, related_name="repeats_of")
    earlier_review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.CASCADE, related_name="repeated_by"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.MANUAL)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        lesson__isnull=False,
                        earlier_lesson__isnull=False,
                        review__isnull=True,
                        earlier_review__isnull=True,
                    )
                    | Q(
                        lesson__isnull=True,
                        earlier_lesson__isnull=True,
                        review__isnull=False,
                        earlier_review__isnull=False,
                    )
                ),
                name="repeat_links_two_of_a_kind",
            ),
            models.CheckConstraint(condition=~Q(lesson=models.F("earlier_lesson")), name="repeat_lesson_not_itself"),
            models.CheckConstraint(condition=~Q(review=models.F("earlier_review")), name="repeat_review_not_itself"),
            models.UniqueConstraint(fields=["lesson", "earlier_lesson"], name="repeat_lesson_once"),
            models.UniqueConstraint(fields=["review", "earlier_review"], name="repeat_review_once"),
        ]

    def __str__(self) -> str:
        return f"repeat #{self.pk}"
