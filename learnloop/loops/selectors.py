"""Reads of the learning loop that pages, API and CLI share: what a person may see, and the measures."""

from __future__ import annotations

import datetime
import statistics
import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, F, Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from learnloop.core.access import SystemActor, require
from learnloop.loops.models import (
    ActionItem,
    Card,
    CardGroup,
    Lesson,
    Phase,
    Repeat,
    Retrospective,
    Review,
    Visibility,
)
from learnloop.loops.rules import EDIT_REVIEW, FACILITATE, OWN_OR_FACILITATE
from learnloop.people.models import Membership, Person, Role, Team

M = TypeVar("M", bound=Model)


def team_ids_of(actor: Any) -> set[int] | None:
    """Teams whose private work the actor sees: their own, and every team below one they manage.
    None means all (admins and the command line)."""
    if isinstance(actor, SystemActor) or (isinstance(actor, Person) and actor.is_admin):
        return None
    if not isinstance(actor, Person):
        return set()
    ids = set(Membership.objects.filter(person=actor).values_list("team_id", flat=True))
    managed_paths = Team.objects.filter(memberships__person=actor, memberships__role=Role.MANAGER).values_list(
        "path", flat=True
    )
    for path in managed_paths:
        ids.update(Team.objects.filter(path__startswith=path).values_list("pk", flat=True))
    return ids


def visible(queryset: QuerySet[M], actor: Any, team_field: str = "team") -> QuerySet[M]:
    """Narrow a queryset of team-owned, visibility-carrying rows to what the actor may see."""
    ids = team_ids_of(actor)
    if ids is None:
        return queryset
    if not isinstance(actor, Person):
        return queryset.none()
    return queryset.filter(Q(visibility=Visibility.ORGANIZATION) | Q(**{f"{team_field}_id__in": ids}))


def _get(queryset: QuerySet[M], actor: Any, **lookup: Any) -> M:
    try:
        return visible(queryset, actor).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):  # type: ignore[attr-defined]
        raise Http404("Not found, or not shared with you.") from None


def get_retro_for(actor: Any, pk: int, *, write: bool = False) -> Retrospective:
    retro = _get(Retrospective.objects.select_related("team", "facilitator"), actor, pk=pk)
    if write:
        require(actor, FACILITATE, retro)
    return retro


def get_review_for(actor: Any, pk: int, *, write: bool = False) -> Review:
    review = _get(Review.objects.select_related("team", "author"), actor, pk=pk)
    if write:
        require(actor, EDIT_REVIEW, review)
    return review


def get_lesson_for(actor: Any, pk: int) -> Lesson:
    return _get(Lesson.objects.select_related("team", "created_by"), actor, pk=pk)


def get_action_item_for(actor: Any, pk: int, *, write: bool = False) -> ActionItem:
    try:
        item = (
            ActionItem.objects.select_related("lesson__team", "team", "owner", "change", "retro")
            .filter(pk__in=visible(Lesson.objects.all(), actor).values("action_items"))
            .get(pk=pk)
        )
    except ActionItem.DoesNotExist:
        raise Http404("Not found, or not shared with you.") from None
    if write:
        require(actor, OWN_OR_FACILITATE, item)
    return item


def _in_retro(model: type[M], retro: Retrospective, raw_id: str) -> M:
    try:
        key = uuid.UUID(str(raw_id))
        return model._default_manager.get(retro=retro, pk=key)
    except (ValueError, model.DoesNotExist):  # type: ignore[attr-defined]
        raise Http404("Not found in this retro.") from None


def get_card_for(retro: Retrospective, card_id: str) -> Card:
    """A card of a retro the caller already resolved with get_retro_for."""
    return _in_retro(Card, retro, card_id)


def get_group_for(retro: Retrospective, group_id: str) -> CardGroup:
    return _in_retro(CardGroup, retro, group_id)


def previous_retro(retro: Retrospective) -> Retrospective | None:
    return (
        Retrospective.objects.filter(team=retro.team, created_at__lt=retro.created_at)
        .exclude(pk=retro.pk)
        .order_by("-created_at")
        .first()
    )


def carried_over_items(retro: Retrospective) -> QuerySet[ActionItem]:
    """The open action items the team's earlier retros left: the next retro opens with them."""
    return (
        ActionItem.objects.filter(
            team=retro.team, status=ActionItem.Status.OPEN, retro__created_at__lt=retro.created_at
        )
        .select_related("owner", "lesson", "retro")
        .order_by("due_on", "id")
    )


def overdue_items(*, owner: Person | None = None, team: Team | None = None) -> QuerySet[ActionItem]:
    items = ActionItem.objects.filter(status=ActionItem.Status.OPEN, due_on__lt=timezone.localdate())
    if owner is not None:
        items = items.filter(owner=owner)
    if team is not None:
        items = items.filter(team=team)
    return items.select_related("owner", "team", "lesson").order_by("due_on", "id")


@dataclass(frozen=True)
class Measures:
    """The loop's behaviour measures for a team (or the organization) over a period.
    Formulas: docs/loop-measures.md."""

    items_due: int
    items_done_on_time: int
    follow_through: float | None
    changes: int
    median_days_lesson_to_change: float | None
    lessons: int
    repeated_lessons: int
    repeat_rate: float | None
    regenerated_items: int
    open_items: int
    overdue_items: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def measure_period(since: datetime.date | None, until: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    """The period the measures cover: [since, until], by default the year up to today."""
    until = until or timezone.localdate()
    return since or until - datetime.timedelta(days=365), until


@dataclass
class _Tally:
    """The raw counts behind Measures for one team; tallies add up, so a subtree is a sum."""

    items_due: int = 0
    items_done_on_time: int = 0
    days_lesson_to_change: list[float] = field(default_factory=list)
    lessons: int = 0
    repeated_lessons: int = 0
    regenerated_items: int = 0
    open_items: int = 0
    overdue_items: int = 0

    def add(self, other: _Tally) -> None:
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.days_lesson_to_change.extend(other.days_lesson_to_change)

    def measures(self) -> Measures:
        days = self.days_lesson_to_change
        return Measures(
            items_due=self.items_due,
            items_done_on_time=self.items_done_on_time,
            follow_through=self.items_done_on_time / self.items_due if self.items_due else None,
            changes=len(days),
            median_days_lesson_to_change=round(statistics.median(days), 1) if days else None,
            lessons=self.lessons,
            repeated_lessons=self.repeated_lessons,
            repeat_rate=self.repeated_lessons / self.lessons if self.lessons else None,
            regenerated_items=self.regenerated_items,
            open_items=self.open_items,
            overdue_items=self.overdue_items,
        )


_COUNTS = [
    "items_due",
    "items_done_on_time",
    "lessons",
    "repeated_lessons",
    "regenerated_items",
    "open_items",
    "overdue_items",
]


def _tallies(
    items: QuerySet[ActionItem], lessons: QuerySet[Lesson], since: datetime.date, until: datetime.date
) -> dict[int, _Tally]:
    """Per-team tallies in five grouped queries, however many teams there are."""
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
    tallies: dict[int, _Tally] = {}

    def tally(team_id: int) -> _Tally:
        return tallies.setdefault(team_id, _Tally())

    # Follow-through: of the items whose due date fell in the period (and has passed), the share
    # that were done, with a recorded change, on or before their due date.
    on_time = Q(status=ActionItem.Status.DONE, closed_at__isnull=False, closed_at__date__lte=F("due_on"))
    due = (
        items.filter(due_on__gte=since, due_on__lte=min(until, today))
        .values("team_id")
        .order_by()
        .annotate(due=Count("pk"), on_time=Count("pk", filter=on_time))
    )
    for row in due:
        tally(row["team_id"]).items_due += row["due"]
        tally(row["team_id"]).items_done_on_time += row["on_time"]
    done = items.filter(status=ActionItem.Status.DONE, change__recorded_at__range=(start, end))
    for team_id, recorded, created in done.values_list("team_id", "change__recorded_at", "lesson__created_at"):
        tally(team_id).days_lesson_to_change.append((recorded - created).total_seconds() / 86400)
    period_lessons = (
        lessons.filter(created_at__range=(start, end))
        .values("team_id")
        .order_by()
        .annotate(
            lessons=Count("pk", distinct=True),
            repeated=Count("pk", filter=Q(repeats_of__isnull=False), distinct=True),
        )
    )
    for row in period_lessons:
        tally(row["team_id"]).lessons += row["lessons"]
        tally(row["team_id"]).repeated_lessons += row["repeated"]
    regenerated = (
        items.filter(regenerated_in__created_at__range=(start, end))
        .values("team_id")
        .order_by()
        .annotate(count=Count("pk"))
    )
    for row in regenerated:
        tally(row["team_id"]).regenerated_items += row["count"]
    still_open = (
        items.filter(status=ActionItem.Status.OPEN)
        .values("team_id")
        .order_by()
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    for row in still_open:
        tally(row["team_id"]).open_items += row["open"]
        tally(row["team_id"]).overdue_items += row["overdue"]
    return tallies


def loop_measures(
    *, team: Team | None = None, since: datetime.date | None = None, until: datetime.date | None = None
) -> Measures:
    """Measures over action items due, changes recorded and lessons created in [since, until],
    for a team and the teams below it, or for the whole organization."""
    since, until = measure_period(since, until)
    items = ActionItem.objects.all()
    lessons = Lesson.objects.all()
    if team is not None:
        subtree = Team.objects.filter(path__startswith=team.path).values("pk")
        items = items.filter(team__in=subtree)
        lessons = lessons.filter(team__in=subtree)
    total = _Tally()
    for part in _tallies(items, lessons, since, until).values():
        total.add(part)
    return total.measures()


def loop_measures_by_team(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> list[tuple[Team, Measures]]:
    """loop_measures for every team that has lessons or action items (itself or below it), in
    tree order, with the same figures as loop_measures(team=...) and a fixed number of queries."""
    since, until = measure_period(since, until)
    own = _tallies(ActionItem.objects.all(), Lesson.objects.all(), since, until)
    teams = Team.objects.order_by("path")
    by_id = {team.pk: team for team in teams}
    rolled: dict[int, _Tally] = {}
    for team_id, part in own.items():
        team = by_id.get(team_id)
        if team is None:
            continue
        for pk in [*team.ancestor_ids(), team.pk]:
            rolled.setdefault(pk, _Tally()).add(part)
    return [(by_id[pk], rolled[pk].measures()) for pk in by_id if pk in rolled]


def board_cards(retro: Retrospective) -> QuerySet[Card]:
    """Cards in their shuffled order with vote totals; never ordered by author or time."""
    return retro.cards.annotate(vote_count=Count("votes")).order_by("shuffle_key")


def board_groups(retro: Retrospective) -> QuerySet[CardGroup]:
    return retro.groups.annotate(vote_count=Count("votes", distinct=True)).prefetch_related("cards")


def retros_for_team(team: Team, actor: Any) -> QuerySet[Retrospective]:
    return visible(Retrospective.objects.filter(team=team), actor).select_related("facilitator")


def in_progress(retro: Retrospective) -> bool:
    return retro.phase != Phase.CLOSED


def repeats_of_lesson(lesson: Lesson) -> QuerySet[Repeat]:
    return Repeat.objects.filter(Q(lesson=lesson) | Q(earlier_lesson=lesson)).select_related("lesson", "earlier_lesson")
