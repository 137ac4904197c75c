"""Reads of pulses that pages, API and CLI share: runs a person may answer or see, and what of
the (already guarded) results each viewer is shown."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from learnloop.core.anonymity import FilterRefused, check_filter
from learnloop.people.models import Membership, Person, Role
from learnloop.people.selectors import DueItem, register_due_provider
from learnloop.voice.models import Instrument, Participation, PulseRun
from learnloop.voice.results import ORG, GroupResult, RunResults, run_results
from learnloop.voice.rules import sees_all_results

TREND_RUNS = 5


def runs_for(person: Person) -> QuerySet[PulseRun]:
    """Runs the person was asked to answer, or whose teams they manage; every run for analysts and admins."""
    runs = PulseRun.objects.select_related("instrument")
    if sees_all_results(person):
        return runs.order_by("-opens_on", "-id")
    teams = Membership.objects.filter(person=person).values("team")
    managed_paths = list(
        Membership.objects.filter(person=person, role=Role.MANAGER).values_list("team__path", flat=True)
    )
    condition = Q(cells__team__in=teams)
    for path in managed_paths:
        condition |= Q(cells__team__path__startswith=path)
    return runs.filter(condition).distinct().order_by("-opens_on", "-id")


def get_run_for(actor: Person, pk: int) -> PulseRun:
    try:
        return runs_for(actor).get(pk=pk)
    except PulseRun.DoesNotExist:
        raise Http404("No such pulse.") from None


def open_runs_to_answer(person: Person, today: datetime.date | None = None) -> list[PulseRun]:
    today = today or timezone.localdate()
    teams = Membership.objects.filter(person=person).values("team")
    runs = (
        PulseRun.objects.filter(cells__team__in=teams, opens_on__lte=today, closes_on__gte=today, closed=False)
        .exclude(participations__person=person)
        .distinct()
        .order_by("closes_on", "id")
    )
    return list(runs)


def has_answered(run: PulseRun, person: Person) -> bool:
    return Participation.objects.filter(run=run, person=person).exists()


def instruments() -> QuerySet[Instrument]:
    return Instrument.objects.prefetch_related("items").order_by("-built_in", "name")


def get_instrument_for(actor: Person, pk: int) -> Instrument:
    try:
        return instruments().get(pk=pk)
    except Instrument.DoesNotExist:
        raise Http404("No such instrument.") from None


def can_see_group(viewer: Person, group: GroupResult, *, managed: set[int], member_of: set[int]) -> bool:
    if sees_all_results(viewer):
        return True
    if group.segment or group.key[0] == "segment":
        return False  # breakdowns by what people said about themselves: analysts and admins
    if group.key == ORG:
        return True
    return group.team_id in managed or group.team_id in member_of


@dataclass
class Viewed:
    """The results one viewer sees: a subset of what the guard released for everyone."""

    results: RunResults
    groups: list[GroupResult]
    trend: dict[tuple[object, ...], list[tuple[PulseRun, dict[str, float | None]]]]

    @property
    def organization(self) -> GroupResult | None:
        return next((group for group in self.groups if group.key == ORG), None)

    @property
    def teams(self) -> list[GroupResult]:
        return [group for group in self.groups if group.key[0] == "team" and not group.segment]

    @property
    def segments(self) -> list[GroupResult]:
        return [group for group in self.groups if group.segment]


def managed_team_ids(viewer: Person) -> set[int]:
    from learnloop.people.models import Team

    paths = Membership.objects.filter(person=viewer, role=Role.MANAGER).values_list("team__path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return set(Team.objects.filter(condition).values_list("pk", flat=True))


def results_for(viewer: Person, run: PulseRun, *, today: datetime.date | None = None, segment: str = "") -> Viewed:
    """The guarded results this viewer may see. `segment` filters the breakdown to one answer of
    the run's question about people (analysts and admins); a filter that keeps too few people,
    or leaves too few outside it, is refused (FilterRefused) rather than answered."""
    results = run_results(run, today=today)
    managed = managed_team_ids(viewer)
    member_of = set(Membership.objects.filter(person=viewer).values_list("team_id", flat=True))
    groups = [g for g in results.groups if can_see_group(viewer, g, managed=managed, member_of=member_of)]
    if segment:
        if not sees_all_results(viewer) or segment not in run.segment_choices:
            raise FilterRefused(f"{segment!r} is not an answer you can filter this pulse by.")
        check_filter(
            scope=results.answers(),
            selected=results.answers(segment),
            what=f"The filter “{run.segment_label}: {segment}”",
        )
        groups = [g for g in groups if g.segment == segment]
    return Viewed(results=results, groups=groups, trend=trend_for(run, groups, today=today))


def trend_for(
    run: PulseRun, groups: list[GroupResult], *, today: datetime.date | None = None
) -> dict[tuple[object, ...], list[tuple[PulseRun, dict[str, float | None]]]]:
    """Construct means of the same teams in earlier runs of the same instrument, oldest first;
    each earlier run's numbers come through the guard exactly as that run's own page shows them."""
    earlier = list(
        PulseRun.objects.filter(instrument=run.instrument, opens_on__lt=run.opens_on).order_by("-opens_on", "-id")[
            :TREND_RUNS
        ]
    )
    wanted = {("org",) if g.key == ORG else ("team", g.team_id) for g in groups if not g.segment}
    trend: dict[tuple[object, ...], list[tuple[PulseRun, dict[str, float | None]]]] = {key: [] for key in wanted}
    for past in reversed(earlier):
        past_results = run_results(past, today=today, with_items=False)
        for group in past_results.groups:
            if group.segment or not group.shown:
                continue
            key = ("org",) if group.key == ORG else ("team", group.team_id)
            if key in trend:
                trend[key].append((past, {c.name: c.summary.mean for c in group.constructs}))
    return trend


@register_due_provider
def _pulses_to_answer(person: Person) -> list[DueItem]:
    """The reminder: every open pulse the person has not answered yet is on their home page."""
    today = timezone.localdate()
    items = []
    for run in open_runs_to_answer(person, today):
        days = (run.closes_on - today).days
        items.append(
            DueItem(
                title=f"Answer the pulse “{run.title}”",
                detail=f"Anonymous, {run.instrument.items.count()} statements; closes "
                + ("today." if days == 0 else f"in {days} day{'s' if days != 1 else ''}."),
                url=reverse("voice-pulse-answer", args=[run.pk]),
                overdue=days <= 1,
            )
        )
    return items
