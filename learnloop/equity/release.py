"""What the learning audit and participation may show: one release over every grouping, period,
kind of record and minimum count, decided for the data as it stands.

docs/equity.md ("What is refused or hidden, and why") says the same for people.

Everything an analyst can ask for is decided together, so that no two answers can be subtracted to
single anyone out: the groups of every grouping (team levels, each sensitive attribute) crossed
with every *selection*, the people a filter picks ("at least 2 records of kind course in 2025 Q3",
"took part in a retro in 2025"). `ProfileGuard` refuses selections and hides groups until every
fragment holds 0 or at least the minimum; record totals pass a second check (`exposed_by_total`).
Periods are whole calendar quarters and years (or the whole history): a window is answered only
when it holds exactly the records of one of them.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from learnloop.core.anonymity import (
    AnonymityGuard,
    ProfileGuard,
    ProfileRelease,
    exposed_by_total,
    minimum_group_size,
    suppress_counts,
)
from learnloop.equity.models import LearningRecord
from learnloop.loops.models import ActionItem, Card, Participant, Phase, Retrospective
from learnloop.people.models import Membership, SensitiveAttribute

TEAMS = "team-levels"  # the one grouping that holds every level of the team tree
NOT_RECORDED = "(not recorded)"
ABOVE_LEVEL = "(in a team above this level)"
AFTER_GATHERING = [Phase.GROUPING, Phase.VOTING, Phase.DISCUSSING, Phase.DECIDING, Phase.CLOSING, Phase.CLOSED]

# How much a refused selection costs, relative to the others, when something must go. The
# whole history of every kind at "at least 1" is protected: it is refused only when nothing else helps.
WHOLE_HISTORY_COST = 2.0
PERIOD_COST = 0.6
KIND_COST = 0.4
FINER_COST = 0.3
TOTALS_COST = 0.2


@dataclass(frozen=True)
class Period:
    """A whole calendar quarter or year, or the whole history (start and end None)."""

    key: str
    start: datetime.date | None
    end: datetime.date | None
    label: str

    def holds(self, day: datetime.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


WHOLE_HISTORY = Period("all", None, None, "the whole history")


def quarter_of(day: datetime.date) -> Period:
    number = (day.month - 1) // 3 + 1
    start = datetime.date(day.year, 3 * number - 2, 1)
    following = datetime.date(day.year + (number == 4), (3 * number) % 12 + 1, 1)
    return Period(f"{day.year}-Q{number}", start, following - datetime.timedelta(days=1), f"{day.year} Q{number}")


def year_of(day: datetime.date) -> Period:
    return Period(str(day.year), datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31), str(day.year))


def periods_of(days: Iterable[datetime.date]) -> list[Period]:
    """The periods an audit can show: the whole history, then every year and quarter holding a day."""
    distinct = set(days)
    return [
        WHOLE_HISTORY,
        *sorted({year_of(day) for day in distinct}, key=lambda p: p.key),
        *sorted({quarter_of(day) for day in distinct}, key=lambda p: p.key),
    ]


def resolve_period(
    *, start: datetime.date | None, end: datetime.date | None, days: Iterable[datetime.date], what: str
) -> Period | None:
    """The period whose `days` (of records, or of retros) are exactly those from start to end, the
    largest first; None when none falls in the window (every figure is then 0). Any other window
    is refused: two windows a day apart would single out whoever had something on that day."""
    if start is None and end is None:
        return WHOLE_HISTORY
    window = Period("window", start, end, "")
    inside = sorted(day for day in set(days) if window.holds(day))
    if not inside:
        return None
    every = set(days)
    for period in (WHOLE_HISTORY, year_of(inside[0]), quarter_of(inside[0])):
        if all(period.holds(day) for day in inside) and all(window.holds(day) for day in every if period.holds(day)):
            return period
    touched = sorted({quarter_of(day) for day in inside}, key=lambda period: period.key)
    cut = next((q for q in touched if any(q.holds(day) and not window.holds(day) for day in every)), None)
    shown = f"{start or 'the beginning'} to {end or 'today'}"
    problem = f"cuts {cut.label}" if cut else f"spans {touched[0].label} to {touched[-1].label}"
    example = cut or touched[0]
    raise ValidationError(
        {
            "start": [
                f"The {what} counts whole calendar quarters and years, so that two periods a few days apart "
                f"cannot be compared to single someone out: {shown} {problem}. Choose, for example, "
                f"{example.start} to {example.end}, or the whole year {inside[0].year}."
            ]
        }
    )


@dataclass(frozen=True)
class CardOutcome:
    """One named card: who wrote it in which retro, and whether it led to an action item and a change."""

    author: int
    retro: int
    adopted: bool
    changed: bool


def card_outcomes(retro_ids: Iterable[int]) -> list[CardOutcome]:
    """Named cards only: an anonymous card has no author in the database and is never attributed.
    An idea is adopted when a lesson drawn from its card (or its card's group) got an action item."""
    retro_ids = list(retro_ids)
    cards = list(
        Card.objects.filter(retro_id__in=retro_ids, is_anonymous=False, author__isnull=False).values_list(
            "pk", "author_id", "group_id", "retro_id"
        )
    )
    by_card: dict[Any, bool] = {}  # cards and card groups have random ids
    for source, change in ActionItem.objects.filter(
        lesson__source_card_id__in=[pk for pk, _, _, _ in cards]
    ).values_list("lesson__source_card_id", "change_id"):
        by_card[source] = by_card.get(source, False) or change is not None
    by_group: dict[Any, bool] = {}
    for source, change in ActionItem.objects.filter(
        lesson__source_group_id__in={group for _, _, group, _ in cards if group is not None}
    ).values_list("lesson__source_group_id", "change_id"):
        by_group[source] = by_group.get(source, False) or change is not None
    return [
        CardOutcome(
            author=author,
            retro=retro,
            adopted=pk in by_card or group in by_group,
            changed=bool(by_card.get(pk) or by_group.get(group)),
        )
        for pk, author, group, retro in cards
    ]


@dataclass
class EquityData:
    """Everyone in a team, their place in the tree and attributes, their learning records and what
    they did in retros after the gathering phase."""

    paths: dict[int, str]  # person -> primary team path "/1/4/9/"
    attributes: dict[str, dict[int, str]]  # key -> person -> value (people without one are absent)
    records: dict[int, list[tuple[datetime.date, str]]] = field(default_factory=lambda: defaultdict(list))
    retro_days: dict[int, datetime.date] = field(default_factory=dict)
    took_part: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # person -> retros
    cards: dict[int, list[CardOutcome]] = field(default_factory=lambda: defaultdict(list))  # person -> cards

    @property
    def people(self) -> list[int]:
        return sorted(self.paths)

    def digest(self) -> str:
        """A fingerprint of everything a release is decided on."""
        parts = (
            sorted(self.paths.items()),
            sorted((key, sorted(values.items())) for key, values in self.attributes.items()),
            sorted((person, sorted(records)) for person, records in self.records.items() if records),
            sorted(self.retro_days.items()),
            sorted((person, sorted(retros)) for person, retros in self.took_part.items() if retros),
            sorted(
                (person, sorted((card.retro, card.adopted, card.changed) for card in cards))
                for person, cards in self.cards.items()
                if cards
            ),
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    @property
    def kinds(self) -> list[str]:
        return sorted({kind for records in self.records.values() for _, kind in records})

    def record_days(self, kind: str | None) -> list[datetime.date]:
        return [day for records in self.records.values() for day, own in records if kind is None or own == kind]

    def record_counts(self, period: Period | None, kind: str | None) -> dict[int, int]:
        """Each person's records in the period (None: an empty window) of the kind (None: every kind)."""
        return {
            person: 0
            if period is None
            else sum(1 for day, own in self.records.get(person, ()) if period.holds(day) and kind in (None, own))
            for person in self.paths
        }

    def retros_in(self, period: Period | None) -> set[int]:
        return set() if period is None else {retro for retro, day in self.retro_days.items() if period.holds(day)}

    def participation(self, period: Period | None) -> dict[int, tuple[bool, int, int, int]]:
        """Per person: took part in a retro of the period, named cards, ideas adopted, ideas changed."""
        retros = self.retros_in(period)
        figures = {}
        for person in self.paths:
            cards = [card for card in self.cards.get(person, ()) if card.retro in retros]
            took_part = bool(self.took_part.get(person, set()) & retros) or bool(cards)
            figures[person] = (
                took_part,
                len(cards),
                sum(card.adopted for card in cards),
                sum(card.changed for card in cards),
            )
        return figures


def primary_paths() -> dict[int, str]:
    """Each person's place in the tree: their roster membership's team path, else their first team's."""
    # Descending source puts "roster" before "manual": the roster's membership is the person's place.
    memberships = Membership.objects.order_by("person_id", "-source", "team__path")
    primary: dict[int, str] = {}
    for person_id, path in memberships.values_list("person_id", "team__path"):
        primary.setdefault(person_id, path)
    return primary


def load() -> EquityData:
    paths = primary_paths()
    attributes: dict[str, dict[int, str]] = defaultdict(dict)
    for person, key, value in SensitiveAttribute.objects.values_list("person_id", "key", "value"):
        values = attributes[key]  # a key held only by people in no team still groups everyone
        if person in paths:
            values[person] = value
    data = EquityData(paths=paths, attributes=dict(attributes))
    for person, day, kind in LearningRecord.objects.values_list("person_id", "occurred_on", "kind"):
        if person in paths:
            data.records[person].append((day, kind))
    for retro, created in Retrospective.objects.filter(phase__in=AFTER_GATHERING).values_list("pk", "created_at"):
        data.retro_days[retro] = timezone.localtime(created).date()
    for person, retro in Participant.objects.filter(retro_id__in=data.retro_days, present=True).values_list(
        "person_id", "retro_id"
    ):
        data.took_part[person].add(retro)
    for card in card_outcomes(data.retro_days):
        data.cards[card.author].append(card)
    return data


def ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def team_groups(paths: Mapping[int, str]) -> dict[Hashable, set[int]]:
    """("team", id): everyone in the team's subtree; ("above", level): everyone whose team is above that level."""
    groups: dict[Hashable, set[int]] = defaultdict(set)
    deepest = max((len(ids(path)) for path in paths.values()), default=0)
    for person, path in paths.items():
        chain = ids(path)
        for team in chain:
            groups[("team", team)].add(person)
        for level in range(len(chain), deepest + 1):
            groups[("above", level)].add(person)
    return dict(groups)


def attribute_groups(data: EquityData, key: str) -> dict[str, set[int]]:
    """Everyone in a team by their value of the attribute; people without one in NOT_RECORDED."""
    groups: dict[str, set[int]] = defaultdict(set)
    values = data.attributes.get(key, {})
    for person in data.paths:
        groups[values.get(person, NOT_RECORDED)].add(person)
    return dict(groups)


def chain(prefix: tuple[Hashable, ...], counts: Mapping[int, int]) -> dict[tuple[Hashable, ...], set[int]]:
    """(prefix + (m,)): the people with at least m, for m = 1 up to the largest count."""
    return {
        (*prefix, m): {person for person, count in counts.items() if count >= m}
        for m in range(1, max(counts.values(), default=0) + 1)
    }


def selections(data: EquityData) -> tuple[dict[Hashable, set[int]], dict[Hashable, float], list[Hashable]]:
    """Every selection an analyst can ask for, its cost when refused, and the protected ones."""
    chosen: dict[Hashable, set[int]] = {}
    costs: dict[Hashable, float] = {}
    # Each person's records per period and kind, in one pass over the records.
    tallies: dict[int, Counter[tuple[str, str | None]]] = {}
    for person, records in data.records.items():
        tally: Counter[tuple[str, str | None]] = Counter()
        for day, own in records:
            for holding in (WHOLE_HISTORY.key, year_of(day).key, quarter_of(day).key):
                tally[(holding, own)] += 1
                tally[(holding, None)] += 1
        tallies[person] = tally
    empty: Counter[tuple[str, str | None]] = Counter()
    for period in periods_of(data.record_days(None)):
        for kind in [None, *data.kinds]:
            counts = {person: tallies.get(person, empty)[(period.key, kind)] for person in data.paths}
            for key, people in chain(("records", period.key, kind), counts).items():
                chosen[key] = people
                whole = period is WHOLE_HISTORY and kind is None
                costs[key] = (
                    WHOLE_HISTORY_COST
                    if whole
                    else (PERIOD_COST if kind is None else KIND_COST)
                    if key[-1] == 1
                    else FINER_COST
                )
    for period in periods_of(data.retro_days.values()):
        figures = data.participation(period)
        chosen[("took part", period.key)] = {person for person, (took, _, _, _) in figures.items() if took}
        costs[("took part", period.key)] = WHOLE_HISTORY_COST if period is WHOLE_HISTORY else PERIOD_COST
        for position, name in enumerate(("cards", "adopted", "changed"), start=1):
            counts = {person: values[position] for person, values in figures.items()}
            for key, people in chain((name, period.key), counts).items():
                chosen[key] = people
                costs[key] = PERIOD_COST if name == "cards" and key[-1] == 1 else TOTALS_COST
    protected: list[Hashable] = [("records", "all", None, 1)]
    return chosen, costs, protected


def release_team_tree(atoms: Mapping[str, int], *, minimum: int | None = None) -> dict[tuple[str, int], bool]:
    """Which groups of the team tree may be shown on head counts: ("team", id) for every team's
    subtree and ("above", level) for the people whose team is above each level. `atoms` are people
    counted by their team's path ("/1/4/9/"). Pure: the benchmark times it on generated trees."""
    depth = {path: len(ids(path)) for path in atoms}
    deepest_path = max(depth.values(), default=0)
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    team_depth: dict[int, int] = {}
    for path in atoms:
        for index, team_id in enumerate(ids(path)):
            groups[("team", team_id)].append(path)
            team_depth[team_id] = index
        for deeper in range(depth[path], deepest_path + 1):
            groups[("above", deeper)].append(path)  # people whose team is above level `deeper`
    # One fixed preference for every view: when something must go, hide the deepest teams
    # (the smallest, and the level audits use least) before the levels above them.
    deepest = max(team_depth.values(), default=0)
    keep = [key for key in groups if key[0] == "team" and team_depth[key[1]] < deepest]
    # Everyone's number is known anyway (any other audit adds up to it), so it cannot be hidden.
    return AnonymityGuard(dict(atoms), minimum=minimum).release(groups, known=[list(atoms)], keep=keep)


@dataclass(frozen=True)
class EquityRelease:
    """The decision for the data as it stands, the same for every request and every analyst."""

    data: EquityData
    minimum: int
    profile: ProfileRelease
    groupings: dict[Hashable, dict[Hashable, set[int]]]
    small: dict[Hashable, set[Hashable]]  # hidden on head counts alone
    records_shown: dict[Hashable, set[Hashable]]  # per grouping: groups whose whole-history total may show
    totals_shown: bool  # the organization's whole-history record total (and Gini, Theil)

    def group_hidden(self, grouping: Hashable, group: Hashable) -> bool:
        return self.profile.is_hidden(grouping, group)

    def shows(self, selection: Hashable) -> bool:
        return self.profile.shows(selection)


# The last few releases, by a digest of everything they were decided on: the same data always
# gives the same decision, and an analyst's next request rarely comes after a change.
_RELEASES: OrderedDict[str, EquityRelease] = OrderedDict()
RELEASES_KEPT = 4


def release_for(data: EquityData, *, minimum: int | None = None) -> EquityRelease:
    minimum = max(3, minimum if minimum is not None else minimum_group_size())
    key = f"{minimum}:{data.digest()}"
    if key in _RELEASES:
        _RELEASES.move_to_end(key)
        return _RELEASES[key]
    release = decide(data, minimum=minimum)
    _RELEASES[key] = release
    while len(_RELEASES) > RELEASES_KEPT:
        _RELEASES.popitem(last=False)
    return release


def decide(data: EquityData, *, minimum: int) -> EquityRelease:
    """One release over every grouping, period, kind and minimum count (see the module's docstring)."""
    # Head counts first, as before any filter: small groups and the ones hidden with them.
    groupings: dict[Hashable, dict[Hashable, set[int]]] = {TEAMS: team_groups(data.paths)}
    tree = release_team_tree(Counter(data.paths.values()), minimum=minimum)
    small: dict[Hashable, set[Hashable]] = {TEAMS: {key for key, shown in tree.items() if not shown}}
    for key in sorted(data.attributes):
        groups = attribute_groups(data, key)
        groupings[key] = dict(groups.items())
        headcounts = suppress_counts({value: len(people) for value, people in groups.items()}, minimum=minimum)
        small[key] = {value for value, count in headcounts.items() if count is None}
    chosen, costs, protected = selections(data)
    profile = ProfileGuard(data.people, minimum=minimum).release(
        selections=chosen, groupings=groupings, hidden=small, costs=costs, protected=protected
    )
    records_shown, totals_shown = record_totals(data, profile, groupings, minimum)
    return EquityRelease(
        data=data,
        minimum=minimum,
        profile=profile,
        groupings=groupings,
        small=small,
        records_shown=records_shown,
        totals_shown=totals_shown,
    )


def record_totals(
    data: EquityData,
    profile: ProfileRelease,
    groupings: Mapping[Hashable, Mapping[Hashable, set[int]]],
    minimum: int,
) -> tuple[dict[Hashable, set[Hashable]], bool]:
    """Which whole-history record totals may show. A total minus the released counts is, per class
    of people alike in every released count, an excess carried by those above the class's lowest
    value: the organization's total shows when that exposes 0 or at least the minimum in every
    grouping; a group's total when, together with the groups hidden with it, it does too."""
    counts: Mapping[Any, int] = data.record_counts(WHOLE_HISTORY, None)

    def safe(exposed: int) -> bool:
        return exposed == 0 or exposed >= minimum

    totals_shown = all(safe(exposed_by_total(counts, classes)) for classes in profile.classes.values())
    shown: dict[Hashable, set[Hashable]] = {}
    for grouping, groups in groupings.items():
        classes = profile.classes[grouping]
        units: dict[frozenset[Hashable], list[Hashable]] = defaultdict(list)
        for person, (visible, _) in classes.items():
            units[visible].append(person)
        atoms = {
            unit: exposed_by_total({person: counts[person] for person in people}, classes)
            for unit, people in units.items()
        }
        visible_groups = {
            group: [unit for unit in units if group in unit]
            for group in groups
            if not profile.is_hidden(grouping, group)
        }
        released = AnonymityGuard(atoms, minimum=minimum).release(visible_groups, known=[list(units)])
        shown[grouping] = {group for group, ok in released.items() if ok} if totals_shown else set()
    return shown, totals_shown
