"""The anonymity guard: every number about a group of people passes through here before anyone sees it.

Public API
----------
- `ABSOLUTE_MINIMUM` (3): no setting goes below it.
- `minimum_group_size()`: the configured minimum (settings.MIN_GROUP_SIZE, default 5, never below 3).
- `comment_minimum()`: the larger minimum for free text (at least 8, and 3 above the group minimum).
- `suppress_counts(counts, *, minimum=None) -> {key: count or None}`: one flat set of sibling
  counts whose total is known; small groups and the next-smallest siblings are hidden.
- `check_filter(*, scope, selected, minimum=None, what="")`: raises `FilterRefused` when a filter
  keeps fewer than the minimum, or leaves fewer than the minimum outside it (its complement).
- `AnonymityGuard(atoms, *, minimum=None)`: the general guard. `atoms` are disjoint cells of
  people (or of anonymous responses) with their sizes; a group is a set of atoms. Its
  `release(groups, *, known=(), keep=())` decides which groups may be shown, together, to
  anyone: see `docs/anonymity.md`.

The rule `release` enforces (the "fragment rule"): sort every atom by the set of visible groups
that hold it (its signature); the atoms sharing one signature form a fragment. Any sum or
difference of visible numbers is constant on each fragment, so the only sets of people a viewer
can isolate by arithmetic are unions of whole fragments. If every fragment is empty or holds at
least the minimum, no combination of visible numbers, pairs or more, isolates fewer than the
minimum. This implies the classic rules: minimum group size, complementary suppression in a tree
(parent minus visible children), remainder protection, and the overlap rule (two visible groups
each hold 0 or at least the minimum people the other lacks). `known` groups are numbers the
viewer has already seen elsewhere (an earlier release, an unfiltered page): they count as visible
but cannot be hidden any more, so the guard hides requested groups instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

from django.conf import settings

ABSOLUTE_MINIMUM = 3
COMMENT_FLOOR = 8

Atom = TypeVar("Atom", bound=Hashable)
Key = TypeVar("Key", bound=Hashable)


class FilterRefused(ValueError):
    """A filter that would let subtraction reveal a small group."""


def minimum_group_size() -> int:
    return max(ABSOLUTE_MINIMUM, int(settings.MIN_GROUP_SIZE))


def comment_minimum() -> int:
    """Free text is recognisable by its wording, so it needs a larger crowd to hide in."""
    return max(COMMENT_FLOOR, minimum_group_size() + 3)


def _minimum(minimum: int | None) -> int:
    return max(ABSOLUTE_MINIMUM, minimum if minimum is not None else minimum_group_size())


def suppress_counts(counts: Mapping[str, int], *, minimum: int | None = None) -> dict[str, int | None]:
    """Hide (None) every group smaller than the minimum, plus enough of the next-smallest
    siblings that the hidden groups together hold at least `minimum` people, so the total
    minus the visible groups never isolates a small group. Empty groups isolate nobody."""
    minimum = _minimum(minimum)
    hidden = {key for key, count in counts.items() if 0 < count < minimum}
    if hidden:
        visible = sorted((count, key) for key, count in counts.items() if key not in hidden and count > 0)
        while visible and (len(hidden) < 2 or sum(counts[key] for key in hidden) < minimum):
            hidden.add(visible.pop(0)[1])
    return {key: (None if key in hidden else count) for key, count in counts.items()}


def check_filter(*, scope: int, selected: int, minimum: int | None = None, what: str = "This filter") -> None:
    """Refuse a filter that selects 1..minimum-1 people, or leaves 1..minimum-1 outside it
    within its scope (the scope's number minus the filtered one would reveal them)."""
    minimum = _minimum(minimum)
    if 0 < selected < minimum:
        raise FilterRefused(f"{what} selects fewer than {minimum} people, so its results cannot be shown.")
    rest = scope - selected
    if 0 < rest < minimum:
        raise FilterRefused(
            f"{what} leaves fewer than {minimum} people outside it; comparing it with the whole "
            "would reveal them, so it cannot be shown."
        )


class AnonymityGuard(Generic[Atom]):
    """Releases a family of groups (sets of atoms) so that no arithmetic on the visible numbers
    isolates fewer than the minimum. The same atoms and groups give the same answer for every
    viewer, so viewers comparing notes learn nothing more than one of them."""

    def __init__(self, atoms: Mapping[Atom, int], *, minimum: int | None = None) -> None:
        self.atoms = {atom: size for atom, size in atoms.items() if size > 0}
        self.minimum = _minimum(minimum)

    def size(self, group: Iterable[Atom]) -> int:
        return sum(self.atoms.get(atom, 0) for atom in set(group))

    def release(
        self,
        groups: Mapping[Key, Iterable[Atom]],
        *,
        known: Iterable[Iterable[Atom]] = (),
        keep: Iterable[Key] = (),
    ) -> dict[Key, bool]:
        """{group key: may be shown}. Groups in `keep` are hidden only when nothing else helps."""
        members: dict[int, frozenset[Atom]] = {}
        keys: list[Key] = list(groups)
        for index, key in enumerate(keys):
            members[index] = frozenset(atom for atom in groups[key] if atom in self.atoms)
        fixed = set()
        for offset, group in enumerate(known):
            index = len(keys) + offset
            members[index] = frozenset(atom for atom in group if atom in self.atoms)
            fixed.add(index)
        sizes = {index: sum(self.atoms[atom] for atom in atoms) for index, atoms in members.items()}
        keep_index = {keys.index(key) for key in keep if key in groups}
        visible = {index for index in members if index in fixed or not 0 < sizes[index] < self.minimum}

        signature_of: dict[Atom, set[int]] = defaultdict(set)
        for index in visible:
            for atom in members[index]:
                signature_of[atom].add(index)
        fragments: dict[frozenset[int], int] = defaultdict(int)
        for atom, indexes in signature_of.items():
            fragments[frozenset(indexes)] += self.atoms[atom]
        holding: dict[int, set[frozenset[int]]] = defaultdict(set)
        for fragment in fragments:
            for index in fragment:
                holding[index].add(fragment)

        # What the known numbers alone already reveal: requested groups must add nothing to it.
        already: dict[frozenset[int], int] = defaultdict(int)
        for atom, indexes in signature_of.items():
            if indexes & fixed:
                already[frozenset(indexes & fixed)] += self.atoms[atom]

        def too_small(signature: frozenset[int]) -> bool:
            size = fragments.get(signature, 0)
            return 0 < size < self.minimum and bool(signature - fixed or size != already.get(signature, 0))

        smalls = {signature for signature in fragments if too_small(signature)}

        def hide(index: int) -> None:
            visible.discard(index)
            for signature in list(holding.pop(index, ())):
                size = fragments.pop(signature)
                smalls.discard(signature)
                for other in signature:
                    if other != index:
                        holding[other].discard(signature)
                merged = signature - {index}
                if merged:
                    fragments[merged] = fragments.get(merged, 0) + size
                    for other in merged:
                        holding[other].add(merged)
                    if too_small(merged):
                        smalls.add(merged)
                    else:
                        smalls.discard(merged)

        def choose(signature: frozenset[int]) -> int | None:
            """The group whose hiding merges this fragment into a big-enough one, preferring the
            smallest such group (complementary suppression: the next-smallest sibling)."""
            size = fragments[signature]
            options: list[tuple[bool, bool, int, int, int]] = []
            for index in signature - fixed:
                rest = signature - {index}
                merged = self.minimum if not rest else size + fragments.get(rest, 0)
                options.append((merged < self.minimum, index in keep_index, -merged, sizes[index], index))
            anchor = next(iter(signature))
            for neighbour in holding[anchor]:
                extra = neighbour - signature
                if not extra or not signature < neighbour or extra & fixed:
                    continue
                # Hiding every extra group merges the neighbour into this fragment.
                merged = size + fragments[neighbour] if len(extra) == 1 else size
                for index in extra:
                    options.append((merged < self.minimum, index in keep_index, -merged, sizes[index], index))
            if not options:
                return None
            resolving = [option for option in options if not option[0]]
            if resolving:
                return min(resolving, key=lambda option: (option[1], option[3], option[4]))[4]
            return min(options)[4]

        while smalls:
            # The smallest offending fragment first; ties by the lowest group index, for a
            # decision that does not depend on set iteration order.
            chosen = choose(min(smalls, key=lambda s: (fragments[s], min(s), len(s))))
            if chosen is None:  # cannot happen: a small fragment always holds a requested group
                break
            hide(chosen)
        return {key: index in visible for index, key in enumerate(keys)}
