"""A pulse run's results, per team, organization, segment and construct, through the anonymity guard.

The database sums answers per atom: (team cell, segment, release batch). The guard decides, once
for everyone, which groups of atoms may be shown; see docs/anonymity.md. Release is replayed
batch by batch: a group's number is updated only when the guard allows the new batch, given
every number released before, so no two versions of a result differ by fewer than the minimum.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Sum
from django.utils import timezone

from learnloop.core.anonymity import AnonymityGuard, comment_minimum, minimum_group_size
from learnloop.core.stats import Summary, cronbach_alpha_from_variances, favourable_from
from learnloop.voice.models import Answer, Comment, ConstructScore, Item, PulseRun, RunTeam

AtomKey = tuple[int, str, int]  # (cell id, segment, batch)
GroupKey = tuple[Hashable, ...]
ORG: GroupKey = ("org",)


@dataclass
class ItemResult:
    item: Item
    summary: Summary
    favourable: float | None
    distribution: list[int]  # answers per score 1..points, reverse-scored items turned around


@dataclass
class ConstructResult:
    name: str
    summary: Summary
    favourable: float | None
    distribution: list[int]
    alpha: float | None
    items: list[ItemResult] = field(default_factory=list)


@dataclass
class GroupResult:
    key: GroupKey
    label: str
    cell: RunTeam | None
    segment: str
    depth: int
    shown: bool
    respondents: int | None = None
    headcount: int | None = None
    constructs: list[ConstructResult] = field(default_factory=list)
    comments: list[tuple[Item, list[str]]] | None = None

    @property
    def response_rate(self) -> float | None:
        if self.respondents is None or not self.headcount:
            return None
        return min(1.0, self.respondents / self.headcount)

    @property
    def team_id(self) -> int | None:
        return self.cell.team_id if self.cell is not None else None


@dataclass
class RunResults:
    run: PulseRun
    groups: list[GroupResult]
    minimum: int
    comment_minimum: int
    atoms: Mapping[AtomKey, int] = field(default_factory=dict)

    def answers(self, segment: str | None = None) -> int:
        """How many answers the run holds (with that segment): for refusing filters, never shown."""
        return sum(n for atom, n in self.atoms.items() if segment is None or atom[1] == segment)

    def group(self, key: GroupKey) -> GroupResult | None:
        return next((group for group in self.groups if group.key == key), None)

    @property
    def organization(self) -> GroupResult:
        return self.groups[0]

    def for_team(self, team_id: int) -> GroupResult | None:
        return next((g for g in self.groups if g.team_id == team_id and not g.segment), None)


def subtrees(cells: Sequence[RunTeam]) -> dict[int, set[int]]:
    """For each cell, the ids of the cells at and below it in the run's frozen tree."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for cell in cells:
        children[cell.parent_id].append(cell.pk)
    result: dict[int, set[int]] = {}
    for cell in cells:
        stack, seen = [cell.pk], set()
        while stack:
            node = stack.pop()
            seen.add(node)
            stack.extend(children.get(node, []))
        result[cell.pk] = seen
    return result


def group_definitions(
    cells: Sequence[RunTeam], segments: Sequence[str], *, with_segments: bool = True
) -> dict[GroupKey, tuple[set[int], str | None]]:
    """Each group as (cell ids, segment or None for all segments)."""
    below = subtrees(cells)
    groups: dict[GroupKey, tuple[set[int], str | None]] = {ORG: ({cell.pk for cell in cells}, None)}
    for cell in cells:
        groups[("team", cell.pk)] = (below[cell.pk], None)
    if with_segments:
        for segment in segments:
            groups[("segment", segment)] = ({cell.pk for cell in cells}, segment)
            for cell in cells:
                groups[("team", cell.pk, segment)] = (below[cell.pk], segment)
    return groups


class KnownPartition:
    """Everything released so far, kept as the partition of atoms it induces: two atoms are in
    the same class when every released number holds both or neither. The guard only needs
    that partition (its fragments are defined by it), so thousands of released versions shrink
    to at most one class per atom."""

    def __init__(self) -> None:
        self.class_of: dict[AtomKey, int] = {}
        self.classes: dict[int, set[AtomKey]] = {}
        self.next_id = 0

    def _new_class(self, atoms: Iterable[AtomKey]) -> None:
        self.next_id += 1
        self.classes[self.next_id] = set(atoms)
        for atom in self.classes[self.next_id]:
            self.class_of[atom] = self.next_id

    def add_version(self, added: Sequence[AtomKey], contains: Callable[[AtomKey], bool]) -> None:
        """Refine by a released set V given only its atoms `added` since this group's previous
        released version (already refined by): a class without any of them lies wholly inside
        or outside that previous version, hence inside or outside V, and needs no split."""
        fresh = [atom for atom in added if atom not in self.class_of]
        for class_id in {self.class_of[atom] for atom in added if atom in self.class_of}:
            members = self.classes[class_id]
            inside = [atom for atom in members if contains(atom)]
            if len(inside) < len(members):
                members.difference_update(inside)
                self._new_class(inside)
        if fresh:
            self._new_class(fresh)

    def groups(self) -> list[frozenset[AtomKey]]:
        return [frozenset(members) for members in self.classes.values() if members]


def release_over_batches(
    atoms: Mapping[AtomKey, int],
    groups: Mapping[GroupKey, tuple[set[int], str | None]],
    *,
    minimum: int,
    breakdowns: bool = True,
) -> dict[GroupKey, int | None]:
    """For each group, the last batch up to which it may be shown (None: never).

    Organization and team numbers are replayed batch by batch, each batch through the guard
    with every earlier release as already known. Breakdowns by segment are decided once, at
    the last batch and only when `breakdowns` (the run is over), with every team number ever
    released as known: they never move while answers come in."""
    totals: dict[AtomKey, int] = defaultdict(int)
    for (cell, _segment, batch), size in atoms.items():
        totals[(cell, "", batch)] += size
    whole = {key: definition for key, definition in groups.items() if definition[1] is None}
    shown_until, known = _replay(totals, whole, minimum=minimum)
    result: dict[GroupKey, int | None] = dict.fromkeys(groups)
    result.update(shown_until)
    by_segment = {key: definition for key, definition in groups.items() if definition[1] is not None}
    if breakdowns and by_segment and atoms:
        last = max(atom[2] for atom in atoms)
        fine: dict[tuple[int, int], list[AtomKey]] = defaultdict(list)
        of_cell: dict[tuple[int, str], list[AtomKey]] = defaultdict(list)
        for atom in atoms:
            fine[(atom[0], atom[2])].append(atom)
            of_cell[(atom[0], atom[1])].append(atom)
        seen = [frozenset(a for total in group for a in fine[(total[0], total[2])]) for group in known.groups()]
        candidates = {
            key: [atom for cell in cells for atom in of_cell.get((cell, str(segment)), ())]
            for key, (cells, segment) in by_segment.items()
        }
        released = AnonymityGuard(atoms, minimum=minimum).release(candidates, known=seen)
        result.update({key: last for key, shown in released.items() if shown})
    return result


def _replay(
    atoms: Mapping[AtomKey, int], groups: Mapping[GroupKey, tuple[set[int], str | None]], *, minimum: int
) -> tuple[dict[GroupKey, int | None], KnownPartition]:
    """The batch-by-batch release of whole-team groups; a group whose atoms did not change
    since a released version is that version again and needs no check."""
    guard = AnonymityGuard(atoms, minimum=minimum)
    by_cell: dict[int, list[AtomKey]] = defaultdict(list)
    for atom in atoms:
        by_cell[atom[0]].append(atom)
    members = {
        key: sorted((atom for cell in cells for atom in by_cell.get(cell, ())), key=lambda atom: atom[2])
        for key, (cells, _segment) in groups.items()
    }
    # Organization and team totals are worth more than breakdowns: hide breakdowns first.
    keep = [key for key in groups if key == ORG or (key[0] == "team" and len(key) == 2)]
    # While every atom so far holds at least the minimum, every union of atoms does too: the
    # guard would hide nothing, so those batches skip it.
    first_small = min((atom[2] for atom, size in atoms.items() if 0 < size < minimum), default=None)
    shown_until: dict[GroupKey, int | None] = dict.fromkeys(groups)
    shown_size: dict[GroupKey, int] = {}  # atoms in the last released version of each group
    known = KnownPartition()
    reached = dict.fromkeys(members, 0)  # how many of each group's atoms (in batch order) are in
    checked: dict[GroupKey, int] = {}  # the atom count at which each group was last put to the guard
    for batch in sorted({atom[2] for atom in atoms}):
        candidates: dict[GroupKey, list[AtomKey]] = {}
        for key, atoms_ in members.items():
            count = reached[key]
            while count < len(atoms_) and atoms_[count][2] <= batch:
                count += 1
            reached[key] = count
            if shown_until[key] is not None and count == shown_size[key]:
                shown_until[key] = batch  # unchanged since its released version: the same numbers
                continue
            if checked.get(key) == count:
                continue  # held back before and unchanged since: it stays held back (the safe side)
            checked[key] = count
            candidates[key] = atoms_[:count]
        if not candidates:
            continue
        if first_small is None or batch < first_small:
            released = dict.fromkeys(candidates, True)
        else:
            released = guard.release(candidates, known=known.groups(), keep=[key for key in keep if key in candidates])
        for key, shown in released.items():
            if shown:
                cells = groups[key][0]

                def contains(atom: AtomKey, cells: set[int] = cells, batch: int = batch) -> bool:
                    return atom[0] in cells and atom[2] <= batch

                known.add_version(candidates[key][shown_size.get(key, 0) :], contains)
                shown_until[key] = batch
                shown_size[key] = len(candidates[key])
    return shown_until, known


def run_results(run: PulseRun, *, today: datetime.date | None = None, with_items: bool = True) -> RunResults:
    today = today or timezone.localdate()
    instrument = run.instrument
    points = instrument.points
    items = list(instrument.items.all())
    cells = list(run.cells.all())
    finished = run.is_finished(today)
    scores = ConstructScore.objects.filter(run=run)
    if not finished:
        scores = scores.filter(batch__isnull=False)
    rows = list(
        scores.values("cell", "segment", "batch", "construct")
        .annotate(n=Count("*"), total=Sum("score"), squares=Sum(F("score") * F("score")))
        .order_by()
    )
    last_batch = max((row["batch"] for row in rows if row["batch"] is not None), default=0) + 1

    def batch_of(value: int | None) -> int:
        return last_batch if value is None else value

    # Every response has a score for every construct, so any construct's count is the atom's size.
    atoms: dict[AtomKey, int] = {}
    construct_sums: dict[AtomKey, dict[str, tuple[int, float, float]]] = defaultdict(dict)
    for row in rows:
        atom = (row["cell"], row["segment"], batch_of(row["batch"]))
        construct_sums[atom][row["construct"]] = (row["n"], row["total"], row["squares"])
        atoms[atom] = max(atoms.get(atom, 0), row["n"])

    item_counts: dict[AtomKey, dict[int, list[int]]] = defaultdict(dict)
    if with_items:
        answers = Answer.objects.filter(response__run=run)
        if not finished:
            answers = answers.filter(response__batch__isnull=False)
        for row in (
            answers.values("response__cell", "response__segment", "response__batch", "item", "score")
            .annotate(n=Count("*"))
            .order_by()
        ):
            atom = (row["response__cell"], row["response__segment"], batch_of(row["response__batch"]))
            counts = item_counts[atom].setdefault(row["item"], [0] * points)
            if 1 <= row["score"] <= points:
                counts[row["score"] - 1] += row["n"]

    minimum = minimum_group_size()
    results = assemble(
        cells,
        items,
        points,
        atoms,
        construct_sums,
        item_counts,
        minimum=minimum,
        with_items=with_items,
        cache_key=str(run.pk),
    )
    if with_items:
        comment_until = _comment_release(run, atoms, cells)
        below = subtrees(cells) if comment_until else {}
        for result in results:
            until = comment_until.get(result.key)
            if not result.segment and until is not None:
                cell_ids = {c.pk for c in cells} if result.cell is None else below[result.cell.pk]
                result.comments = _comments(run, items, cell_ids, until, finished, last_batch)
    return RunResults(run=run, groups=results, minimum=minimum, comment_minimum=comment_minimum(), atoms=atoms)


def assemble(
    cells: Sequence[RunTeam],
    items: Sequence[Item],
    points: int,
    atoms: Mapping[AtomKey, int],
    construct_sums: Mapping[AtomKey, Mapping[str, tuple[int, float, float]]],
    item_counts: Mapping[AtomKey, Mapping[int, list[int]]],
    *,
    minimum: int,
    with_items: bool = True,
    cache_key: str = "",
    breakdowns: bool = True,
) -> list[GroupResult]:
    """Every group's result from the per-atom sums: released by the guard, then summarized.
    With `cache_key` (a run), the release is kept in the cache for the same atoms: a live run
    replays one guard call per batch, and pages ask often."""
    segments = sorted({atom[1] for atom in atoms if atom[1]})
    groups = group_definitions(cells, segments)
    if cache_key:
        tree = sorted((cell.pk, cell.parent_id or 0) for cell in cells)
        digest = hashlib.sha256(repr((minimum, breakdowns, tree, sorted(atoms.items()))).encode()).hexdigest()
        cached_as = f"voice-release:{cache_key}:{digest}"
        shown_until = cache.get(cached_as)
        if shown_until is None:
            shown_until = release_over_batches(atoms, groups, minimum=minimum, breakdowns=breakdowns)
            cache.set(cached_as, shown_until, timeout=24 * 3600)
    else:
        shown_until = release_over_batches(atoms, groups, minimum=minimum, breakdowns=breakdowns)
    by_pk = {cell.pk: cell for cell in cells}
    atoms_by_cell: dict[int, list[AtomKey]] = defaultdict(list)
    for atom in atoms:
        atoms_by_cell[atom[0]].append(atom)
    results: list[GroupResult] = []
    for key, (cell_ids, segment) in groups.items():
        cell = by_pk[key[1]] if key[0] == "team" else None  # type: ignore[index]
        label = "Everyone" if cell is None else cell.name
        result = GroupResult(
            key=key,
            label=label + (f" · {segment}" if segment else ""),
            cell=cell,
            segment=segment or "",
            depth=_depth(cell, by_pk),
            shown=shown_until[key] is not None,
        )
        until = shown_until[key]
        if until is not None:
            chosen = [
                atom
                for pk in cell_ids
                for atom in atoms_by_cell.get(pk, ())
                if (segment is None or atom[1] == segment) and atom[2] <= until
            ]
            result.respondents = sum(atoms[atom] for atom in chosen)
            if not result.respondents:
                # Released, but with nobody in it yet: say "too few so far" rather than 0%.
                result.shown, result.respondents = False, None
                results.append(result)
                continue
            if segment is None:
                result.headcount = sum(by_pk[pk].headcount for pk in cell_ids)
            result.constructs = _constructs(items, points, chosen, construct_sums, item_counts, with_items)
        results.append(result)
    return results


def _depth(cell: RunTeam | None, by_pk: Mapping[int, RunTeam]) -> int:
    depth = 0
    while cell is not None:
        depth += 1
        cell = by_pk.get(cell.parent_id) if cell.parent_id else None
    return depth


def _constructs(
    items: Sequence[Item],
    points: int,
    chosen: Iterable[AtomKey],
    construct_sums: Mapping[AtomKey, Mapping[str, tuple[int, float, float]]],
    item_counts: Mapping[AtomKey, Mapping[int, list[int]]],
    with_items: bool,
) -> list[ConstructResult]:
    chosen = list(chosen)
    threshold = favourable_from(points)
    out: list[ConstructResult] = []
    for construct in dict.fromkeys(item.construct for item in items):
        n, total, squares = 0, 0.0, 0.0
        for atom in chosen:
            part = construct_sums.get(atom, {}).get(construct)
            if part:
                n, total, squares = n + part[0], total + part[1], squares + part[2]
        summary = Summary.from_sums(n, total, squares)
        result = ConstructResult(construct, summary, None, [0] * points, None)
        if with_items:
            variances = []
            for item in (item for item in items if item.construct == construct):
                distribution = [0] * points
                for atom in chosen:
                    counts = item_counts.get(atom, {}).get(item.pk)
                    if counts:
                        distribution = [a + b for a, b in zip(distribution, counts, strict=True)]
                if item.reverse_scored:
                    distribution.reverse()
                item_summary = Summary.from_sums(
                    sum(distribution),
                    float(sum((index + 1) * c for index, c in enumerate(distribution))),
                    float(sum((index + 1) ** 2 * c for index, c in enumerate(distribution))),
                )
                answered = sum(distribution)
                favourable = sum(distribution[threshold - 1 :]) / answered if answered else None
                result.items.append(ItemResult(item, item_summary, favourable, distribution))
                variances.append(item_summary.sd**2 if item_summary.sd is not None else 0.0)
                result.distribution = [a + b for a, b in zip(result.distribution, distribution, strict=True)]
            answered = sum(result.distribution)
            result.favourable = sum(result.distribution[threshold - 1 :]) / answered if answered else None
            k = len(variances)
            if summary.sd is not None and k >= 2:
                result.alpha = cronbach_alpha_from_variances(variances, (k * summary.sd) ** 2)
        out.append(result)
    return out


def _comment_release(
    run: PulseRun,
    atoms: Mapping[AtomKey, int],
    cells: Sequence[RunTeam],
) -> dict[GroupKey, int | None]:
    """Comments follow the same replay with the larger comment minimum, per team and organization."""
    if not Comment.objects.filter(run=run).exists():
        return {}
    plain: dict[AtomKey, int] = defaultdict(int)
    for (cell, _segment, batch), count in atoms.items():
        plain[(cell, "", batch)] += count
    return release_over_batches(plain, group_definitions(cells, [], with_segments=False), minimum=comment_minimum())


def _comments(
    run: PulseRun, items: Sequence[Item], cell_ids: set[int], until: int, finished: bool, last_batch: int
) -> list[tuple[Item, list[str]]]:
    comments = Comment.objects.filter(run=run, cell_id__in=cell_ids)
    if finished and until >= last_batch:
        comments = comments.filter(batch__lte=until) | comments.filter(batch__isnull=True)
    else:
        comments = comments.filter(batch__lte=until)
    by_item: dict[int, list[str]] = defaultdict(list)
    for item_id, text in comments.order_by("shuffle_key").values_list("item_id", "text"):
        by_item[item_id].append(text)
    return [(item, by_item[item.pk]) for item in items if by_item.get(item.pk)]
