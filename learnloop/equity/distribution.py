"""The distribution audit: how learning records are shared across a team level or a sensitive attribute.

Analysts only. Every figure comes from one release of every grouping, period, kind of record and
minimum count (`equity.release`): a filter that would single anyone out is refused, and a figure
that would is hidden, each with its reason. docs/equity.md has the formulas and sources.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError

from learnloop.core.access import require
from learnloop.core.fairness import (
    adverse_impact_ratios,
    gini,
    is_adverse_impact,
    representation_ratio,
    selection_rate,
    theil_decomposition,
)
from learnloop.equity.models import LearningRecord
from learnloop.equity.release import (
    ABOVE_LEVEL,
    NOT_RECORDED,
    TEAMS,
    WHOLE_HISTORY,
    EquityData,
    EquityRelease,
    Period,
    ids,
    load,
    release_for,
    resolve_period,
)
from learnloop.people.models import SensitiveAttribute, Team
from learnloop.people.rules import ANALYST

TEAM_LEVEL = re.compile(r"^team-level:(\d{1,2})$")
# Groups whose totals are hidden are pooled into one for the Theil split, so that it says nothing
# about any one of them.
POOLED = "(suppressed groups)"

# Why a figure is not shown; {minimum} is the smallest group size, {scope} the filter in words.
SMALL_GROUP = (
    "Hidden: fewer than {minimum} people, or hidden together with a smaller group so that it cannot "
    "be worked out from the others."
)
GROUP_PROFILE = (
    "Hidden: some of its figures (for a period, a kind of record or a minimum count) would single out "
    "fewer than {minimum} people, so the group is shown with none."
)
REACHED = "Hidden: who had a record{scope} would single out fewer than {minimum} people in some group."
SELECTION = (
    "Hidden: who had a record{scope} would single out fewer than {minimum} people in some group, so the "
    "selection rates (and the four-fifths comparison drawn from them) cannot be shown."
)
TOTALS = (
    "Hidden: compared with the counts shown, this total would reveal the records of fewer than {minimum} "
    "people (for example the few with the most)."
)
INDICES = (
    "Hidden: over everyone's records{scope}, these indices would reveal the records of fewer than "
    "{minimum} people (for example the few with the most)."
)
NOT_COMPARABLE = "Not comparable: only one group can be shown, and a group compared with itself says nothing."
REFUSED = (
    "Counting people with at least {count} record{plural}{scope} would single out fewer than {minimum} "
    "people, so it cannot be shown. Try a smaller number, a longer period or every kind of record."
)
RECORD_FIELDS = ("records", "mean", "representation_ratio")


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
    # Why a figure is missing, by field: hidden to protect people, or not comparable.
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def adverse_impact(self) -> bool:
        return is_adverse_impact(self.adverse_impact_ratio)

    @property
    def not_comparable(self) -> bool:
        return self.reasons.get("adverse_impact_ratio") == NOT_COMPARABLE

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
    kind: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Exactly the shape `learnloop equity audit --json` prints."""
        return {
            "gini": self.gini,
            "theil": self.theil,
            "theil_between": self.theil_between,
            "theil_within": self.theil_within,
            "groups": [group.as_dict() for group in self.groups],
            "reasons": self.reasons,
        }


def audit_dimensions() -> list[str]:
    """What an audit can group by: the team levels there are, then every sensitive attribute key."""
    depth = max(Team.objects.values_list("depth", flat=True), default=0)
    levels = [f"team-level:{level}" for level in range(depth + 1)]
    keys = sorted(set(SensitiveAttribute.objects.values_list("key", flat=True).distinct()))
    return levels + keys


def record_kinds() -> list[str]:
    """The kinds of learning record there are, for the audit's kind filter."""
    return sorted(set(LearningRecord.objects.values_list("kind", flat=True).distinct()))


FIELD_NAMES = {
    "reached": "reached",
    "records": "records",
    "mean": "mean",
    "representation_ratio": "representation ratio",
    "selection_rate": "selection rate",
    "adverse_impact_ratio": "adverse-impact ratio",
    "gini": "Gini",
    "theil": "Theil",
    "theil_between": "Theil between groups",
    "theil_within": "Theil within groups",
    "contributors": "wrote named cards",
    "named_cards": "named cards",
    "ideas_adopted": "ideas adopted",
    "ideas_changed": "ideas that became changes",
    "contribution_rate": "contribution rate",
    "adoption_rate": "adoption rate",
}


class HasReasons(Protocol):
    @property
    def group(self) -> str: ...

    @property
    def reasons(self) -> dict[str, str]: ...


def missing_figures(
    groups: Sequence[HasReasons], overall: Mapping[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    """Each reason a figure is missing, once, with what it applies to ("Female: records, mean")."""
    notes: dict[str, dict[str, list[str]]] = {}
    for name, reason in (overall or {}).items():
        notes.setdefault(reason, {}).setdefault("Over everyone", []).append(FIELD_NAMES.get(name, name))
    for group in groups:
        for name, reason in group.reasons.items():
            fields = notes.setdefault(reason, {}).setdefault(group.group, [])
            if name != "group":
                fields.append(FIELD_NAMES.get(name, name))
    return [
        (reason, [f"{where}: {', '.join(fields)}" if fields else where for where, fields in places.items()])
        for reason, places in notes.items()
    ]


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


def grouping_of(by: str, data: EquityData) -> tuple[Hashable, dict[str, Hashable]]:
    """The release's grouping for `by`, and each group's label with its key in that grouping."""
    match = TEAM_LEVEL.match(by)
    dimensions = audit_dimensions()
    if match and by in dimensions:
        level = int(match.group(1))
        chains = [ids(path) for path in data.paths.values()]
        at_level = {chain[level] for chain in chains if len(chain) > level}
        labels: dict[str, Hashable] = {label: ("team", pk) for pk, label in _team_labels(at_level).items()}
        if any(len(chain) <= level for chain in chains):
            # Everyone is above a level deeper than any team with people in it.
            labels[ABOVE_LEVEL] = ("above", min(level, max(map(len, chains))))
        return TEAMS, labels
    if not match and by in dimensions:
        values = {data.attributes.get(by, {}).get(person, NOT_RECORDED) for person in data.paths}
        return by, {value: value for value in values}
    known = ", ".join(dimensions) or "none yet"
    raise ValidationError({"by": [f'Nothing to group by "{by}". You can group by: {known}.']})


def scope_words(period: Period | None, kind: str | None) -> str:
    words = "" if period is WHOLE_HISTORY else f" in {period.label}" if period else " in this period"
    return words + (f" of kind {kind}" if kind else "")


def distribution_audit(
    *,
    actor: Any,
    by: str,
    min_count: int = 1,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kind: str | None = None,
    minimum: int | None = None,
) -> AuditReport:
    """Per group: headcount, people reached, records, mean, representation ratio, selection rate
    (at least `min_count` records) and adverse-impact ratio against the best visible group; overall
    Gini and Theil with its between/within split. Everyone in a team is counted; records of the
    kind (None: every kind) from start to end, which must hold exactly the records of a whole
    calendar quarter or year (or none). Refuses, with the reason, what would single anyone out."""
    require(actor, ANALYST)
    if min_count < 1:
        raise ValidationError({"min_count": ["Count people with at least 1 record or more."]})
    if start and end and start > end:
        raise ValidationError({"end": ["The period ends before it starts."]})
    data = load()
    grouping, labels = grouping_of(by, data)
    if kind is not None and kind not in data.kinds:
        known = ", ".join(data.kinds) or "none yet"
        raise ValidationError({"kind": [f'No learning records of kind "{kind}". Kinds: {known}.']})
    release = release_for(data, minimum=minimum)
    period = resolve_period(start=start, end=end, days=data.record_days(kind), what="audit")
    return audit_report(
        release=release,
        grouping=grouping,
        labels=labels,
        by=by,
        min_count=min_count,
        period=period,
        kind=kind,
        start=start,
        end=end,
    )


def audit_report(
    *,
    release: EquityRelease,
    grouping: Hashable,
    labels: Mapping[str, Hashable],
    by: str,
    min_count: int,
    period: Period | None,
    kind: str | None,
    start: datetime.date | None,
    end: datetime.date | None,
) -> AuditReport:
    """The figures the release allows for one request, with the reason for each one missing."""
    minimum, scope = release.minimum, scope_words(period, kind)
    counts = release.data.record_counts(period, kind)

    def shows(count: int) -> bool:
        return period is None or release.shows(("records", period.key, kind, count))

    plural = "" if min_count == 1 else "s"
    refused = REFUSED.format(count=min_count, plural=plural, scope=scope, minimum=minimum)
    if not shows(min_count) and (min_count > 1 or kind is not None or period is not WHOLE_HISTORY):
        raise ValidationError({"min_count": [refused]})  # the filter asked for is the problem
    whole = period is WHOLE_HISTORY and kind is None
    every_count = all(shows(count) for count in range(1, max(counts.values(), default=0) + 1))
    totals_shown = release.totals_shown if whole else every_count
    members = release.groupings[grouping]
    amounts = {label: [counts[person] for person in members[key]] for label, key in labels.items()}
    hidden = {
        label: (SMALL_GROUP if key in release.small[grouping] else GROUP_PROFILE).format(minimum=minimum)
        for label, key in labels.items()
        if release.group_hidden(grouping, key)
    }
    if whole:
        totals = {label for label, key in labels.items() if key in release.records_shown[grouping]}
    else:
        totals = set(labels) if every_count else set()
    return assemble_report(
        by=by,
        min_count=min_count,
        start=start,
        end=end,
        kind=kind,
        amounts=amounts,
        hidden=hidden,
        reached_reason=None if shows(1) else REACHED.format(scope=scope, minimum=minimum),
        selection_reason=None if shows(min_count) else SELECTION.format(scope=scope, minimum=minimum),
        totals=totals,
        totals_reason=None if totals_shown else TOTALS.format(minimum=minimum),
        indices_reason=None if totals_shown else INDICES.format(scope=scope, minimum=minimum),
    )


def assemble_report(
    *,
    by: str,
    min_count: int,
    start: datetime.date | None,
    end: datetime.date | None,
    amounts: Mapping[str, list[int]],
    hidden: Mapping[str, str],
    kind: str | None = None,
    reached_reason: str | None = None,
    selection_reason: str | None = None,
    totals: set[str] | None = None,
    totals_reason: str | None = None,
    indices_reason: str | None = None,
) -> AuditReport:
    """The figures from records per person by group. `hidden`: groups shown with no figure, and
    why; `totals`: the groups whose record totals may show (None: every shown group), with
    `totals_reason` for the others; the indices need `indices_reason` None. Pure: the benchmark
    times it on generated organizations."""
    everyone = [amount for values in amounts.values() for amount in values]
    total_people, total_records = len(everyone), sum(everyone)
    shown = [group for group in amounts if group not in hidden]
    with_totals = set(shown) if totals is None else set(totals) & set(shown)
    rates = {
        group: selection_rate(
            selected=sum(1 for amount in amounts[group] if amount >= min_count), headcount=len(amounts[group])
        )
        for group in shown
        if not selection_reason
    }
    comparable = sum(1 for rate in rates.values() if rate is not None) > 1
    impact = adverse_impact_ratios(rates)
    groups: list[AuditGroup] = []
    for group in sorted(amounts):
        if group in hidden:
            groups.append(
                AuditGroup(
                    group, None, None, None, None, None, None, None, suppressed=True, reasons={"group": hidden[group]}
                )
            )
            continue
        values = amounts[group]
        reasons: dict[str, str] = {}
        if reached_reason:
            reasons["reached"] = reached_reason
        has_total = group in with_totals
        if not has_total and totals_reason:
            reasons.update(dict.fromkeys(RECORD_FIELDS, totals_reason))
        if selection_reason:
            reasons["selection_rate"] = reasons["adverse_impact_ratio"] = selection_reason
        elif not comparable and rates[group] is not None:
            reasons["adverse_impact_ratio"] = NOT_COMPARABLE
        groups.append(
            AuditGroup(
                group=group,
                headcount=len(values),
                reached=None if reached_reason else sum(1 for amount in values if amount > 0),
                records=sum(values) if has_total else None,
                mean=_round(sum(values) / len(values)) if has_total and values else None,
                representation_ratio=_round(
                    representation_ratio(
                        group_amount=sum(values),
                        group_headcount=len(values),
                        total_amount=total_records,
                        total_headcount=total_people,
                    )
                )
                if has_total
                else None,
                selection_rate=_round(rates.get(group)),
                adverse_impact_ratio=_round(impact.get(group)) if comparable else None,
                suppressed=False,
                reasons=reasons,
            )
        )
    report_reasons: dict[str, str] = {}
    if indices_reason:
        report_reasons = dict.fromkeys(("gini", "theil", "theil_between", "theil_within"), indices_reason)
        parts = theil_decomposition({})
        inequality = None
    else:
        pooled: dict[str, list[int]] = {}
        for group, values in amounts.items():
            pooled.setdefault(group if group in with_totals else POOLED, []).extend(values)
        parts = theil_decomposition(pooled)
        inequality = gini(everyone)
    return AuditReport(
        by=by,
        min_count=min_count,
        start=start,
        end=end,
        kind=kind,
        gini=_round(inequality),
        theil=_round(parts.total),
        theil_between=_round(parts.between),
        theil_within=_round(parts.within),
        groups=groups,
        reasons=report_reasons,
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
    "why_missing",
]
FIGURES = CSV_COLUMNS[1:8]


def audit_csv_rows(report: AuditReport) -> list[list[Any]]:
    """The report as CSV rows: the groups (missing figures empty, with the reasons), then the indices."""
    rows: list[list[Any]] = [CSV_COLUMNS]
    for group in report.groups:
        figures = group.as_dict()
        cells = ["" if figures[column] is None else figures[column] for column in FIGURES]
        why = " ".join(dict.fromkeys(group.reasons.values()))
        rows.append([group.group, *cells, group.adverse_impact, group.suppressed, why])
    rows.append([])
    for name in ("gini", "theil", "theil_between", "theil_within"):
        value = getattr(report, name)
        rows.append([name, "" if value is None else value, report.reasons.get(name, "")])
    return rows
