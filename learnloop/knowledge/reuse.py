"""Reads of reuse across teams: the figures on each item, and the cross-team reuse rate per team and org.

Rate of a team over a window = shared items of the team reused by at least one other team in the
window / shared items of the team that existed at the end of the window. "Shared" means visible to
the whole organization (a team-private item cannot be reused by another team). Items are the
team's playbooks, decision notes and lessons. The organization's rate pools every team's numerator
and denominator (so large teams weigh more, as they hold more of the knowledge). See docs/knowledge.md.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from learnloop.knowledge.models import DecisionNote, Playbook, ReuseEvent
from learnloop.loops.models import Lesson, Visibility
from learnloop.people.models import Team

DEFAULT_WINDOW_DAYS = 90
KINDS: dict[str, type[Playbook] | type[DecisionNote] | type[Lesson]] = {
    "playbook": Playbook,
    "decision": DecisionNote,
    "lesson": Lesson,
}


@dataclass(frozen=True)
class ItemReuse:
    """Reuse of one item by people of other teams."""

    opened: int = 0
    applied: int = 0
    cited: int = 0
    teams: int = 0
    people: int = 0

    @property
    def total(self) -> int:
        return self.opened + self.applied + self.cited


@dataclass
class TeamReuse:
    team: Team | None
    shared_items: int = 0
    reused_items: int = 0
    applied_items: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.reused_items / self.shared_items if self.shared_items else None

    @property
    def applied_rate(self) -> float | None:
        return self.applied_items / self.shared_items if self.shared_items else None


def item_reuse(kind: str, pk: int) -> ItemReuse:
    """Counts of openings, applications and citations by other teams, all time."""
    events = ReuseEvent.objects.filter(**{kind: pk})
    by_action = dict(events.values_list("action").annotate(n=Count("id")).values_list("action", "n"))
    spread = events.aggregate(
        teams=Count("reader_team", distinct=True),
        people=Count("person", distinct=True),
    )
    return ItemReuse(
        opened=by_action.get("opened", 0),
        applied=by_action.get("applied", 0),
        cited=by_action.get("cited", 0),
        teams=spread["teams"],
        people=spread["people"],
    )


def window(
    days: int = DEFAULT_WINDOW_DAYS, *, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    end = today or timezone.localdate()
    return end - datetime.timedelta(days=days - 1), end


def team_reuse(*, start: datetime.date, end: datetime.date) -> tuple[list[TeamReuse], TeamReuse]:
    """Per owning team and for the organization: shared items and those reused across teams in [start, end].

    Four grouped queries whatever the number of teams."""
    teams = {team.pk: team for team in Team.objects.all()}
    rows: dict[int, TeamReuse] = {pk: TeamReuse(team=team) for pk, team in teams.items()}
    end_of_window = datetime.datetime.combine(end, datetime.time.max, tzinfo=datetime.UTC)
    for kind, model in KINDS.items():
        shared = (
            model._default_manager.filter(visibility=Visibility.ORGANIZATION, created_at__lte=end_of_window)
            .values("team")
            .annotate(n=Count("id"))
        )
        for row in shared:
            entry = rows[row["team"]]
            entry.shared_items += row["n"]
            entry.by_kind[kind] = row["n"]
    in_window = ReuseEvent.objects.filter(day__gte=start, day__lte=end)
    reused: dict[int, set[tuple[str, int]]] = defaultdict(set)
    applied: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for kind in KINDS:
        # Only shared items count in the numerator, so the rate stays within 0..1.
        events = in_window.filter(**{f"{kind}__isnull": False, f"{kind}__visibility": Visibility.ORGANIZATION})
        for owner, pk, action in events.values_list("owner_team", kind, "action").distinct():
            reused[owner].add((kind, pk))
            if action != ReuseEvent.Action.OPENED:
                applied[owner].add((kind, pk))
    for owner, items in reused.items():
        if owner in rows:
            rows[owner].reused_items = len(items)
            rows[owner].applied_items = len(applied[owner])
    organization = TeamReuse(team=None)
    for entry in rows.values():
        organization.shared_items += entry.shared_items
        organization.reused_items += entry.reused_items
        organization.applied_items += entry.applied_items
    listed = sorted(
        (entry for entry in rows.values() if entry.shared_items), key=lambda e: e.team.path if e.team else ""
    )
    return listed, organization


def reused_from_others(team: Team, *, start: datetime.date, end: datetime.date) -> int:
    """How many distinct items of other teams people of this team reused in the window."""
    events = ReuseEvent.objects.filter(reader_team=team, day__gte=start, day__lte=end)
    return events.values("playbook", "decision", "lesson").distinct().count() if events.exists() else 0


def recent_events(kind: str, pk: int, limit: int = 10) -> list[ReuseEvent]:
    """The latest applications and citations of an item (opens are only counted)."""
    return list(
        ReuseEvent.objects.filter(Q(action=ReuseEvent.Action.APPLIED) | Q(action=ReuseEvent.Action.CITED), **{kind: pk})
        .select_related("reader_team")
        .order_by("-day", "-id")[:limit]
    )
