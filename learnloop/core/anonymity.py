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
- `ProfileGuard(people, *, minimum=None).release(selections=, groupings=, hidden=, costs=, protected=)`:
  many breakdowns of one population at once. `selections` are sets of people a filter picks
  ("had a record in 2025 Q3", "at least 3 records"); `groupings` are families of groups (the
  values of an attribute, the teams of a tree). Decides which selections may be shown at all and
  which groups must be hidden entirely, so that every fragment of people, per grouping, holds 0
  or at least the minimum (see below). `exposed_by_total(values, classes)` says how many people a
  total over them (records, cards) would expose beyond what the released counts already say.

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

`ProfileGuard` applies the same fragment rule to a grouping crossed with selections: a person's
signature is (the visible groups holding them, the selections holding them). It shows a selection
for every visible group or for none, and a group with all its figures or not at all (its people
then join the hidden remainder, whose head count is hidden too), so the hidden remainder is one
fragment per profile and the organization-wide count of every selection may be known everywhere:
groupings stay consistent with one another through those totals.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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


@dataclass(frozen=True)
class ProfileRelease:
    """What a `ProfileGuard` released: selections refused everywhere, groups hidden per grouping,
    and each person's class per grouping (the visible groups holding them, and an id of the
    released selections holding them): people of one class are alike in every released figure."""

    refused: frozenset[Hashable]
    hidden: Mapping[Hashable, frozenset[Hashable]]
    classes: Mapping[Hashable, Mapping[Hashable, tuple[frozenset[Hashable], int]]]

    def shows(self, selection: Hashable) -> bool:
        return selection not in self.refused

    def is_hidden(self, grouping: Hashable, group: Hashable) -> bool:
        return group in self.hidden.get(grouping, frozenset())


class _Grouping:
    """One grouping's groups as people indices, and each person's visible groups as a small id."""

    def __init__(self, groups: list[frozenset[int]], hidden: set[int], people: int) -> None:
        self.groups = groups
        self.hidden = hidden
        self.of_person: list[list[int]] = [[] for _ in range(people)]
        for group, members in enumerate(groups):
            for person in members:
                self.of_person[person].append(group)
        self.ids: dict[frozenset[int], int] = {}
        self.sets: list[frozenset[int]] = []
        self.vis = [self.id_of(self.visible(person)) for person in range(people)]

    def visible(self, person: int) -> frozenset[int]:
        return frozenset(group for group in self.of_person[person] if group not in self.hidden)

    def id_of(self, visible: frozenset[int]) -> int:
        if visible not in self.ids:
            self.ids[visible] = len(self.sets)
            self.sets.append(visible)
        return self.ids[visible]


class _Fragments:
    """Every grouping's fragments, kept up to date as selections are refused and groups hidden, with
    the small ones in a heap (stale entries are skipped when they come up)."""

    def __init__(self, states: list[_Grouping], masks: list[int], minimum: int) -> None:
        self.states, self.masks, self.minimum = states, masks, minimum
        self.counts: list[Counter[tuple[int, int]]] = []
        self.by_mask: list[dict[int, set[int]]] = []
        self.heap: list[tuple[bool, int, int, int, int]] = []
        for position, state in enumerate(states):
            counts = Counter(zip(state.vis, masks, strict=True))
            self.counts.append(counts)
            by_mask: dict[int, set[int]] = defaultdict(set)
            for vis, mask in counts:
                by_mask[mask].add(vis)
            self.by_mask.append(by_mask)
            for (vis, mask), size in counts.items():
                self._watch(position, vis, mask, size)

    def _watch(self, position: int, vis: int, mask: int, size: int) -> None:
        # The organization's own fragments first: only refusing a selection mends those, and that
        # refusal may mend a grouping's fragment too, which would otherwise cost a hidden group.
        if 0 < size < self.minimum:
            heapq.heappush(self.heap, (position > 0, size, position, vis, mask))

    def _add(self, position: int, vis: int, mask: int, step: int) -> None:
        counts = self.counts[position]
        counts[(vis, mask)] += step
        size = counts[(vis, mask)]
        if size:
            self.by_mask[position][mask].add(vis)
        else:
            del counts[(vis, mask)]
            self.by_mask[position][mask].discard(vis)
        self._watch(position, vis, mask, size)

    def smallest(self) -> tuple[int, int, int, int] | None:
        while self.heap:
            _, size, position, vis, mask = self.heap[0]
            if self.counts[position].get((vis, mask)) == size:
                return size, position, vis, mask
            heapq.heappop(self.heap)
        return None

    def set_mask(self, person: int, mask: int) -> None:
        old = self.masks[person]
        if old != mask:
            self.masks[person] = mask
            for position, state in enumerate(self.states):
                self._add(position, state.vis[person], old, -1)
                self._add(position, state.vis[person], mask, 1)

    def hide(self, position: int, group: int) -> None:
        state = self.states[position]
        state.hidden.add(group)
        for person in state.groups[group]:
            old = state.vis[person]
            state.vis[person] = state.id_of(state.visible(person))
            self._add(position, old, self.masks[person], -1)
            self._add(position, state.vis[person], self.masks[person], 1)


class ProfileGuard:
    """Releases one population's breakdowns by several groupings, each crossed with many
    selections, so that no combination of released numbers within a grouping (the organization's
    totals included) isolates fewer than the minimum.

    Per grouping, a person's signature is (visible groups holding them, released selections holding
    them); a released number is a count over a union of signatures, so the fragment rule applies.
    Small fragments are mended one at a time, the organization's own first, then the smallest, by
    refusing a selection (for everyone, in every grouping) or by hiding a group (all its figures,
    its head count too), the cheaper first: a refusal costs `costs[key]` times the people in every
    grouping, a hidden group its people times `group_weight` in every grouping. `protected`
    selections are refused only when nothing else helps. A first pass looks at the protected
    selections alone, so what they show never depends on the finer filters. Deterministic: the
    same people, groups and selections always give the same release."""

    def __init__(self, people: Iterable[Hashable], *, minimum: int | None = None) -> None:
        self.people = list(dict.fromkeys(people))
        self.minimum = _minimum(minimum)

    def release(
        self,
        *,
        selections: Mapping[Hashable, Iterable[Hashable]],
        groupings: Mapping[Hashable, Mapping[Hashable, Iterable[Hashable]]] | None = None,
        hidden: Mapping[Hashable, Iterable[Hashable]] | None = None,
        costs: Mapping[Hashable, float] | None = None,
        protected: Iterable[Hashable] = (),
        group_weight: float = 10.0,
    ) -> ProfileRelease:
        index = {person: position for position, person in enumerate(self.people)}
        count = len(self.people)
        costs = costs or {}
        # Selections holding the same people share one bit; one that splits nobody needs none.
        bit_of: dict[frozenset[int], int] = {}
        keys_of_bit: list[list[Hashable]] = []
        profile = [0] * count
        for key, members in selections.items():
            chosen = frozenset(index[person] for person in members if person in index)
            if not chosen or len(chosen) == count:
                continue
            if chosen not in bit_of:
                bit_of[chosen] = len(keys_of_bit)
                keys_of_bit.append([])
                for person in chosen:
                    profile[person] |= 1 << bit_of[chosen]
            keys_of_bit[bit_of[chosen]].append(key)
        protected_keys = set(protected)
        guarded = [any(key in protected_keys for key in keys) for keys in keys_of_bit]
        weight = [max(costs.get(key, 1.0) for key in keys) for keys in keys_of_bit]

        grouping_keys = list(groupings or {})
        group_keys = {grouping: list((groupings or {})[grouping]) for grouping in grouping_keys}
        hidden = hidden or {}
        no_groups: list[frozenset[int]] = []
        states = [_Grouping(no_groups, set(), count)]  # the organization alone: no groups at all
        for grouping in grouping_keys:
            names = group_keys[grouping]
            sets = [frozenset(index[p] for p in (groupings or {})[grouping][name] if p in index) for name in names]
            initially = set(hidden.get(grouping, ()))
            states.append(_Grouping(sets, {i for i, name in enumerate(names) if name in initially}, count))

        holders: list[list[int]] = [[] for _ in keys_of_bit]
        for person, bits in enumerate(profile):
            for bit in range(bits.bit_length()):
                if bits >> bit & 1:
                    holders[bit].append(person)
        # A selection of 1 to minimum-1 people (or leaving as few out) is a small fragment of the
        # organization on its own, and only refusing it can mend that: refuse it at once.
        released = sum(
            1 << bit for bit, held in enumerate(holders) if self.minimum <= len(held) <= count - self.minimum
        )
        protected_bits = sum(1 << bit for bit, is_guarded in enumerate(guarded) if is_guarded)
        organization = count * len(states)
        # Hiding a group loses its head count and every figure for its people, in every grouping:
        # as much as refusing `group_weight` selections (of cost 1) for them.
        group_cost = group_weight * len(states)

        def factor(merged: int, size: int) -> int:
            return 1 if merged >= self.minimum else 3 if merged > size else 9

        def mend(fragments: _Fragments, active: int) -> bool:
            """Mend the smallest small fragment over the `active` selections; False when none is left."""
            nonlocal released
            smallest = fragments.smallest()
            if smallest is None:
                return False
            size, position, vis, mask = smallest
            state, counts = states[position], fragments.counts[position]
            options: list[tuple[bool, int, int, int, str]] = []
            remaining = active
            while remaining:
                low = remaining & -remaining
                remaining ^= low
                bit = low.bit_length() - 1
                neighbour = counts.get((vis, mask ^ low), 0)
                if neighbour or mask & low:
                    score = round(weight[bit] * organization * factor(size + neighbour, size))
                    options.append((guarded[bit], score, 0, bit, "refuse"))
            visible = state.sets[vis]
            for group in visible:
                target = state.ids.get(visible - {group})
                neighbour = counts.get((target, mask), 0) if target is not None else 0
                score = round(len(state.groups[group]) * group_cost * factor(size + neighbour, size))
                options.append((False, score, 1, group, "hide"))
            for other in fragments.by_mask[position].get(mask, ()):
                extra = state.sets[other] - visible
                if len(extra) == 1 and visible < state.sets[other]:
                    group = next(iter(extra))
                    merged = size + counts[(other, mask)]
                    options.append(
                        (
                            False,
                            round(len(state.groups[group]) * group_cost * factor(merged, size)),
                            1,
                            group,
                            "hide",
                        )
                    )
            if all(option[0] for option in options):
                # Nothing but a protected selection touches this fragment directly: move the
                # nearest fragment (fewest differing selections, unprotected ones first) towards it.
                others = sorted(
                    (
                        bin((other_mask ^ mask) & protected_bits).count("1"),
                        bin(other_mask ^ mask).count("1"),
                        other_mask,
                    )
                    for other_mask, holding in fragments.by_mask[position].items()
                    if vis in holding and other_mask != mask
                )
                difference = (others[0][2] ^ mask) & active if others else 0
                bits = [bit for bit in range(len(keys_of_bit)) if difference >> bit & 1]
                hideable = [group for group in range(len(state.groups)) if group not in state.hidden]
                if bits and not all(guarded[bit] for bit in bits):
                    bit = min(bits, key=lambda b: (guarded[b], weight[b], b))
                    options.append((False, round(weight[bit] * organization * 9), 0, bit, "refuse"))
                elif hideable and not options:
                    options.append((False, 0, 1, min(hideable, key=lambda g: (len(state.groups[g]), g)), "hide"))
                elif bits and not options:
                    options.append((True, 0, 0, min(bits, key=lambda b: (weight[b], b)), "refuse"))
                elif not options:
                    raise _NothingToMend
            _, _, _, chosen, action = min(options)
            if action == "refuse":
                released &= ~(1 << chosen)
                for person in holders[chosen]:
                    fragments.set_mask(person, profile[person] & released & active)
            else:
                fragments.hide(position, chosen)
            return True

        try:
            # The protected selections first, alone: what they show never depends on finer filters.
            fragments = _Fragments(states, [bits & released & protected_bits for bits in profile], self.minimum)
            while mend(fragments, released & protected_bits):
                pass
            fragments = _Fragments(states, [bits & released for bits in profile], self.minimum)
            while mend(fragments, released):
                pass
        except _NothingToMend:
            # Fewer people than the minimum in all: nothing may be shown.
            released = 0
            for state in states[1:]:
                state.hidden.update(range(len(state.groups)))
                state.vis = [state.id_of(frozenset()) for _ in range(count)]
        refused = frozenset(key for bit, keys in enumerate(keys_of_bit) if not released >> bit & 1 for key in keys)
        hidden_groups = {
            grouping: frozenset(group_keys[grouping][g] for g in state.hidden)
            for grouping, state in zip(grouping_keys, states[1:], strict=True)
        }
        classes = {
            grouping: {
                self.people[person]: (
                    frozenset(group_keys[grouping][g] for g in state.sets[state.vis[person]]),
                    profile[person] & released,
                )
                for person in range(count)
            }
            for grouping, state in zip(grouping_keys, states[1:], strict=True)
        }
        classes[None] = {self.people[person]: (frozenset(), profile[person] & released) for person in range(count)}
        return ProfileRelease(refused=refused, hidden=hidden_groups, classes=classes)


class _NothingToMend(Exception):
    """The whole population is smaller than the minimum."""


def exposed_by_total(values: Mapping[Any, float], classes: Mapping[Any, Hashable]) -> int:
    """How many people a total of `values` over them tells something about beyond the released counts.

    People of one class are alike in every released count, so subtracting released counts from the
    total leaves, per class, the excess over the class's lowest value (carried by the people above
    it) or the shortfall under its highest (carried by the people below it). The answer is the
    smaller of the two head counts summed over the classes: a total is safe to show when it is 0
    (the values are pinned by the counts) or at least the minimum."""
    by_class: dict[Hashable, list[float]] = defaultdict(list)
    for person, value in values.items():
        by_class[classes[person]].append(value)
    above = below = 0
    for amounts in by_class.values():
        low, high = min(amounts), max(amounts)
        above += sum(1 for amount in amounts if amount > low)
        below += sum(1 for amount in amounts if amount < high)
    return min(above, below)
