"""The distribution audit: how learning records are shared across a team level or a sensitive attribute.

Analysts only; every group passes the anonymity guard (docs/equity.md has the formulas and sources).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count

from learnloop.core.access import require
from learnloop.core.anonymity import AnonymityGuard, suppress_counts
from learnloop.core.fairness import (
    adverse_impact_ratios,
    gini,
    is_adverse_impact,
    representation_ratio,
    selection_rate,
    theil_decomposition,
)
from learnloop.equity.models import LearningRecord
from learnloop.people.models import Membership, Person, SensitiveAttribute, Team
from learnloop.people.rules import ANALYST

TEAM_LEVEL = re.compile(r"^team-level:(\d{1,2})$")
NOT_RECORDED = "(not recorded)"
ABOVE_LEVEL = "(in a team above this level)"
# Suppressed groups are pooled into one for the Theil split, so the split tells nothing about any one of them.
POOLED = "(suppressed groups)"


@dataclass(frozen=True)
class AuditGroup:
    group: str
    headcount: int | None
    reached: int | None
    records: int | None
    mean: float | None
    representation_ratio: float | None
    selection_rate: float | None
    adverse_impact_ratio: float | None
    suppressed: bool

    @property
    def adverse_impact(self) -> bool:
        return is_adverse_impact(self.adverse_impact_ratio)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AuditReport:
    by: str
    min_count: int
    start: datetime.date | None
    end: datetime.date | None
    gini: float | None
    theil: float | None
    theil_between: float | None
    theil_within: float | None
    groups: list[AuditGroup]

    def as_dict(self) -> dict[str, Any]:
        """Exactly the shape `learnloop equity audit --json` prints."""
        return {
            "gini": self.gini,
            "theil": self.theil,
            "theil_between": self.theil_between,
            "theil_within": self.theil_within,
            "groups": [group.as_dict() for group in self.groups],
        }


def audit_dimensions() -> list[str]:
    """What an audit can group by: the team levels there are, then every sensitive attribute key."""
    depth = max(Team.objects.values_list("depth", flat=True), default=0)
    levels = [f"team-level:{level}" for level in range(depth + 1)]
    keys = sorted(set(SensitiveAttribute.objects.values_list("key", flat=True).distinct()))
    return levels + keys


def default_dimension(dimensions: list[str]) -> str | None:
    """What the audit page opens with: the highest team level that has more than one team (the
    organization's root alone compares nothing), else the first dimension."""
    per_depth = Counter(Team.objects.values_list("depth", flat=True))
    for dimension in dimensions:
        match = TEAM_LEVEL.match(dimension)
        if match and per_depth[int(match.group(1))] > 1:
            return dimension
    return dimensions[0] if dimensions else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _primary_paths() -> dict[int, str]:
    """Each person's place in the tree: their roster membership's team path, else their first team's."""
    # Descending source puts "roster" before "manual": the roster's membership is the person's place.
    memberships = Membership.objects.order_by("person_id", "-source", "team__path")
    primary: dict[int, str] = {}
    for person_id, path in memberships.values_list("person_id", "team__path"):
        primary.setdefault(person_id, path)
    return primary


def _ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _groups_by_team_level(level: int) -> dict[int, str]:
    """Each person's team at that level of the tree (or ABOVE_LEVEL when their team is higher up)."""
    primary = _primary_paths()
    team_ids = {ids[level] for ids in map(_ids, primary.values()) if len(ids) > level}
    names = _team_labels(team_ids)
    return {
        person_id: names[ids[level]] if len(ids) > level else ABOVE_LEVEL
        for person_id, ids in ((person_id, _ids(path)) for person_id, path in primary.items())
    }


def release_team_tree(atoms: Mapping[str, int], *, minimum: int | None = None) -> dict[tuple[str, int], bool]:
    """Which groups of the team tree may be shown: ("team", id) for every team's subtree and
    ("above", level) for the people whose team is above each level. `atoms` are people counted
    by their team's path ("/1/4/9/"). Pure: the benchmark times it on generated trees."""
    depth = {path: len(_ids(path)) for path in atoms}
    deepest_path = max(depth.values(), default=0)
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    team_depth: dict[int, int] = {}
    for path in atoms:
        for index, team_id in enumerate(_ids(path)):
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


def _visible_team_groups(level: int, minimum: int | None) -> set[str]:
    """The level's groups that may be shown, decided together with every other level's groups.

    Flat suppression per level is not enough in a tree: a parent shown at one level minus its
    children shown at the next would reveal a small hidden child. So the guard releases the whole
    family (every team's subtree, and "above this level" for every level) at once: the same answer
    for every view, and no difference of numbers from any two views isolates a small group.
    """
    atoms = Counter(_primary_paths().values())
    released = release_team_tree(atoms, minimum=minimum)
    # Labelled exactly as _groups_by_team_level labels them: among the teams at this level.
    at_level = {ids[level] for ids in map(_ids, atoms) if len(ids) > level}
    labels = _team_labels(at_level)
    visible = {labels[team_id] for team_id in at_level if released[("team", team_id)]}
    if released.get(("above", level), True):
        visible.add(ABOVE_LEVEL)
    return visible


def visible_groups(by: str, headcounts: dict[str, int], *, minimum: int | None = None) -> set[str]:
    """Which groups of a grouping may be shown: the anonymity guard's answer."""
    match = TEAM_LEVEL.match(by)
    if match:
        return _visible_team_groups(int(match.group(1)), minimum) & set(headcounts)
    guarded = suppress_counts(headcounts, minimum=minimum)
    return {group for group, count in guarded.items() if count is not None}


def _team_labels(team_ids: set[int]) -> dict[int, str]:
    """Team names, with their parents' names in front where two teams at the level share a name
    (the IBM roster has a "Manager" job role in three departments)."""
    teams = {team.pk: team for team in Team.objects.filter(pk__in=team_ids)}
    taken = Counter(team.name for team in teams.values())
    ancestors = {
        team.pk: team.name
        for team in Team.objects.filter(pk__in={pk for t in teams.values() for pk in t.ancestor_ids()})
    }
    labels: dict[int, str] = {}
    for pk, team in teams.items():
        if taken[team.name] > 1:
            path = [ancestors[ancestor] for ancestor in team.ancestor_ids() if ancestor in ancestors]
            labels[pk] = " / ".join([*path[-1:], team.name])
        else:
            labels[pk] = team.name
    return labels


def group_people(by: str) -> dict[int, str]:
    """Everyone in a team, mapped to their group: their team at a level of the tree, or an attribute's value."""
    match = TEAM_LEVEL.match(by)
    if match:
        return _groups_by_team_level(int(match.group(1)))
    if not SensitiveAttribute.objects.filter(key=by).exists():
        known = ", ".join(audit_dimensions()) or "none yet"
        raise ValidationError({"by": [f'Nothing to group by "{by}". You can group by: {known}.']})
    people = Person.objects.filter(memberships__isnull=False).distinct().values_list("pk", flat=True)
    values = dict(SensitiveAttribute.objects.filter(key=by).values_list("person_id", "value"))
    return {person: values.get(person, NOT_RECORDED) for person in people}


def distribution_audit(
    *,
    actor: Any,
    by: str,
    min_count: int = 1,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    minimum: int | None = None,
) -> AuditReport:
    """Per group: headcount, people reached, records, mean, representation ratio, selection rate
    (at least `min_count` records) and adverse-impact ratio against the best visible group; overall
    Gini and Theil with its between/within split. Everyone in a team is counted, records in
    [start, end] (inclusive; open ends allowed)."""
    require(actor, ANALYST)
    if min_count < 1:
        raise ValidationError({"min_count": ["Count people with at least 1 record or more."]})
    if start and end and start > end:
        raise ValidationError({"end": ["The period ends before it starts."]})
    group_of = group_people(by)
    people = list(group_of)
    records = LearningRecord.objects.all()
    if start:
        records = records.filter(occurred_on__gte=start)
    if end:
        records = records.filter(occurred_on__lte=end)
    counts = dict(records.order_by().values("person_id").annotate(n=Count("id")).values_list("person_id", "n"))
    amounts: dict[str, list[int]] = {}
    for person in people:
        amounts.setdefault(group_of[person], []).append(counts.get(person, 0))

    headcounts = {group: len(values) for group, values in amounts.items()}
    visible = visible_groups(by, headcounts, minimum=minimum)
    return assemble_report(by=by, min_count=min_count, start=start, end=end, amounts=amounts, visible=visible)


def assemble_report(
    *,
    by: str,
    min_count: int,
    start: datetime.date | None,
    end: datetime.date | None,
    amounts: Mapping[str, list[int]],
    visible: set[str],
) -> AuditReport:
    """The figures from records per person by group, showing only the groups the guard released."""
    everyone = [amount for values in amounts.values() for amount in values]
    total_people, total_records = len(everyone), sum(everyone)
    rates = {
        group: selection_rate(
            selected=sum(1 for amount in amounts[group] if amount >= min_count), headcount=len(values)
        )
        for group, values in amounts.items()
        if group in visible
    }
    impact = adverse_impact_ratios(rates)
    groups: list[AuditGroup] = []
    for group in sorted(amounts):
        if group not in rates:
            groups.append(AuditGroup(group, None, None, None, None, None, None, None, suppressed=True))
            continue
        values = amounts[group]
        groups.append(
            AuditGroup(
                group=group,
                headcount=len(values),
                reached=sum(1 for amount in values if amount > 0),
                records=sum(values),
                mean=_round(sum(values) / len(values)),
                representation_ratio=_round(
                    representation_ratio(
                        group_amount=sum(values),
                        group_headcount=len(values),
                        total_amount=total_records,
                        total_headcount=total_people,
                    )
                ),
                selection_rate=_round(rates[group]),
                adverse_impact_ratio=_round(impact[group]),
                suppressed=False,
            )
        )
    pooled: dict[str, list[int]] = {}
    for group, values in amounts.items():
        pooled.setdefault(group if group in rates else POOLED, []).extend(values)
    parts = theil_decomposition(pooled)
    return AuditReport(
        by=by,
        min_count=min_count,
        start=start,
        end=end,
        gini=_round(gini(everyone)),
        theil=_round(parts.total),
        theil_between=_round(parts.between),
        theil_within=_round(parts.within),
        groups=groups,
    )


CSV_COLUMNS = [
    "group",
    "headcount",
    "reached",
    "records",
    "mean",
    "representation_ratio",
    "selection_rate",
    "adverse_impact_ratio",
    "under_four_fifths",
    "suppressed",
]


def audit_csv_rows(report: AuditReport) -> list[list[Any]]:
    """The report as CSV rows: the groups (suppressed ones with empty figures), then the overall indices."""
    rows: list[list[Any]] = [CSV_COLUMNS]
    for group in report.groups:
        figures = group.as_dict()
        row = [figures[column] for column in CSV_COLUMNS if column not in {"under_four_fifths", "suppressed"}]
        rows.append([*("" if value is None else value for value in row), group.adverse_impact, group.suppressed])
    rows.append([])
    for name in ("gini", "theil", "theil_between", "theil_within"):
        value = getattr(report, name)
        rows.append([name, "" if value is None else value])
    return rows
