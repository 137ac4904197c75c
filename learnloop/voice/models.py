"""Voice tables: survey instruments and items, pulse runs, anonymous responses, anonymous questions.

Nothing here links an answer or a question to a person. Participation (who has answered a run)
is a table of its own; responses, scores and comments carry a random id, the team cell they
count in, and the day only, and released ones are written in shuffled order by a transaction
of their own (see docs/anonymity.md, "Unlinkable at rest"). Questions have no asker column at
all; votes are keyed by a hash that differs per question; the daily question limit is counted
apart, with no question link.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q

from learnloop.people.models import Person, Team


class Instrument(models.Model):
    """A questionnaire: items on one agreement scale, grouped into constructs."""

    key = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    points = models.PositiveSmallIntegerField(default=7, help_text="Answers run from 1 to this number.")
    low_label = models.CharField(max_length=100, default="Strongly disagree")
    high_label = models.CharField(max_length=100, default="Strongly agree")
    built_in = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True, help_text="The construct's published source.")
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-built_in", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=2, points__lte=11), name="instrument_points_range"),
            models.CheckConstraint(condition=~Q(name=""), name="instrument_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)
    construct = models.CharField(max_length=100, help_text="The scale or building block the item measures.")
    reverse_scored = models.BooleanField(default=False)

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "position"], name="item_position_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="item_text_not_empty"),
            models.CheckConstraint(condition=~Q(construct=""), name="item_construct_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text


class PulseRun(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="runs")
    title = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    # An optional, coarse question people may answer about themselves ("How long have you been
    # here?"); results can be broken down by it, always through the guard.
    segment_label = models.CharField(max_length=100, blank=True)
    segment_choices = models.JSONField(default=list, blank=True)
    # Where an import put this run ("ibm-satisfaction"); the key of re-imports.
    external_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    closed = models.BooleanField(default=False, help_text="Closed early, before its closing day.")
    all_released = models.BooleanField(
        default=False,
        help_text="The run is over, its last answers are released and who answered is stored in shuffled order.",
    )
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="pulse_run_closes_after_open"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="pulse_run_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: datetime.date) -> bool:
        return not self.closed and self.opens_on <= today <= self.closes_on

    def is_finished(self, today: datetime.date) -> bool:
        return self.closed or today > self.closes_on

    def state(self, today: datetime.date) -> str:
        """`scheduled` before its opening day, `open`, or `finished` (closed early or past its closing day)."""
        if self.is_finished(today):
            return "finished"
        return "open" if today >= self.opens_on else "scheduled"


class RunTeam(models.Model):
    """A team in a run's audience, with the tree and head count frozen when the run opened, so
    later moves and re-organizations never change a published number."""

    run = models.ForeignKey(PulseRun, on_delete=models.CASCADE, related_name="cells")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=200)
    headcount = models.PositiveIntegerField(help_text="Direct members when the run opened.")

    class Meta:
        ordering = ["run", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "team"], name="run_team_unique")]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """That a person has answered a run: kept apart from the answers, only to stop a second answer.
    Rows are written in the order people answer; when the run is over they are rewritten in
    shuffled order (voice.services.run_release_all), so not even that order stays."""

    run = models.ForeignKey(PulseRun, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="participation_once")]

    def __str__(self) -> str:
        return f"participation #{self.pk}"


class Reminder(models.Model):
    """That a person was e-mailed a reminder to answer a run, and on which day: it holds back the
    next one. Like participation it names the person and never an answer; rows of people who
    have answered since, and of runs no longer open, are deleted (see voice.reminders)."""

    run = models.ForeignKey(PulseRun, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "person", "sent_on"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"reminder #{self.pk}"


class Response(models.Model):
    """One anonymous set of answers: a random id, the team cell it counts in, the day. No person.

    A response first waits (batch null) in the rows its person's transaction wrote; the release
    writes it again, with a new id, among the others of its batch in shuffled order, with the
    batch's day, in a transaction of its own, and deletes the waiting rows (voice.services)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(PulseRun, on_delete=models.CASCADE, related_name="responses")
    cell = models.ForeignKey(RunTeam, on_delete=models.CASCADE, related_name="responses")
    segment = models.CharField(max_length=100, blank=True)
    submitted_on = models.DateField()
    # Responses are released in batches of at least the minimum, so a result never moves by one
    # answer: a response waits (null) until enough others join it.
    batch = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["run", "batch"], name="response_run_batch_idx")]

    def __str__(self) -> str:
        return f"response {self.pk}"


class Answer(models.Model):
    # Random ids here and on scores: sequential ones would follow the order people answered in,
    # which the participation table also shows.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(help_text="As answered; reverse scoring is applied when counting.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_once_per_item"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=11), name="answer_score_range"),
        ]

    def __str__(self) -> str:
        return f"answer #{self.pk}"


class ConstructScore(models.Model):
    """A response's mean over one construct's items (reverse-scored items turned around): the
    unit results are computed from. It repeats its response's run, cell, segment and batch, so
    a run's results are one indexed GROUP BY over this table alone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="scores")
    run = models.ForeignKey(PulseRun, on_delete=models.CASCADE, related_name="+")
    cell = models.ForeignKey(RunTeam, on_delete=models.CASCADE, related_name="+")
    segment = models.CharField(max_length=100, blank=True)
    batch = models.PositiveIntegerField(null=True, blank=True)
    construct = models.CharField(max_length=100)
    score = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "construct"], name="construct_score_once")]
        indexes = [
            # Covers the results query: it never reads the table itself.
            models.Index(
                fields=["run", "cell", "segment", "batch", "construct", "score"], name="construct_score_results_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.construct} score #{self.pk}"


class Comment(models.Model):
    """Free text on an item. Not linked to its response (the wording plus a score pattern could
    point at someone); shown only in groups of at least the comment minimum, in shuffled order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(PulseRun, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    cell = models.ForeignKey(RunTeam, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()
    shuffle_key = models.PositiveIntegerField()
    batch = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["shuffle_key"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="comment_text_not_empty")]

    def __str__(self) -> str:
        return f"comment {self.pk}"


# --- Anonymous questions --------------------------------------------------------------------------


class Question(models.Model):
    """A question asked without a name. There is no asker column, by design: the constraint
    below pins the addressee, and nothing in this table or another one names who asked."""

    class To(models.TextChoices):
        TEAM = "team", "A team"
        MANAGER = "manager", "A manager"
        ORGANIZATION = "organization", "The organization"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ANSWERED = "answered", "Answered"
        ACTING = "acting", "Acting on it"
        WONT_DO = "wont_do", "Won't do"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.CharField(max_length=20, choices=To.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    manager = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    asked_on = models.DateField()
    votes = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_on = models.DateField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-votes", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_text_not_empty"),
            models.CheckConstraint(
                condition=(Q(to="team") & Q(team__isnull=False) & Q(manager__isnull=True))
                | (Q(to="manager") & Q(team__isnull=True) & Q(manager__isnull=False))
                | (Q(to="organization") & Q(team__isnull=True) & Q(manager__isnull=True)),
                name="question_addressee_matches",
            ),
            models.CheckConstraint(condition=Q(status="open") | ~Q(answer=""), name="question_answered_with_text"),
            models.CheckConstraint(
                condition=Q(hidden=False) | ~Q(hidden_reason=""), name="question_hidden_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionVote(models.Model):
    """One upvote. `voter_key` is a keyed hash of (person, question): unique per person and
    question so nobody votes twice, different for every question so one person's votes cannot
    be linked, and no time is kept, so a vote cannot be matched to when a question was asked."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    voter_key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter_key"], name="question_vote_once")]

    def __str__(self) -> str:
        return f"vote #{self.pk}"


class QuestionQuota(models.Model):
    """How many questions someone asked today, under a keyed hash of (person, day): it holds the
    daily limit and names no question. Rows of past days are deleted as new ones are written."""

    key = models.CharField(max_length=64, unique=True)
    day = models.DateField()
    count = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"quota #{self.pk}"
