"""What a viewer can work out from numbers they were shown, for the audit's property tests.

Every number shown is a linear function over people: a head count gives each member weight 1, a
record total gives each person their number of records. Subtracting, adding or multiplying shown
numbers gives other such functions. One of them *isolates* people when its weights are all of one
sign (so its value is a count, or a total, over exactly the people with non-zero weight) and fewer
than the minimum carry a weight. The checks below try every number, every pair, every number
minus any of the others in a chain, and many random combinations.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Hashable, Mapping, Sequence

Weights = Mapping[Hashable, int]


def support(weights: Weights) -> int | None:
    """How many people a combination isolates, or None when its weights have mixed signs."""
    values = [value for value in weights.values() if value]
    if not values:
        return 0
    if all(value > 0 for value in values) or all(value < 0 for value in values):
        return len(values)
    return None


def combine(numbers: Sequence[Weights], coefficients: Sequence[int]) -> dict[Hashable, int]:
    total: dict[Hashable, int] = {}
    for coefficient, weights in zip(coefficients, numbers, strict=True):
        if coefficient:
            for person, weight in weights.items():
                total[person] = total.get(person, 0) + coefficient * weight
    return total


def assert_nothing_isolated(
    numbers: Sequence[tuple[str, Weights]], *, minimum: int, rng: random.Random, tries: int = 300
) -> None:
    """`numbers` are (label, weights over people); fails with the labels of an isolating combination."""
    shown = [weights for _, weights in numbers]
    labels = [label for label, _ in numbers]

    def check(coefficients: Sequence[int]) -> None:
        isolated = support(combine(shown, coefficients))
        if isolated is not None and 0 < isolated < minimum:
            used = [f"{c:+d} {label}" for c, label in zip(coefficients, labels, strict=True) if c]
            raise AssertionError(f"isolates {isolated} (< {minimum}): " + " ".join(used))

    count = len(shown)
    for index in range(count):
        check([1 if position == index else 0 for position in range(count)])
    for first, second in itertools.permutations(range(count), 2):
        check([1 if p == first else -1 if p == second else 0 for p in range(count)])
    # A number minus several others at once (a total minus every part, a chain of thresholds).
    for index in range(count):
        others = [position for position in range(count) if position != index]
        for _ in range(max(1, tries // max(1, count))):
            chosen = set(rng.sample(others, rng.randint(1, min(len(others), 6)))) if others else set()
            check([1 if p == index else -1 if p in chosen else 0 for p in range(count)])
    for _ in range(tries):
        check([rng.choice((-1, 0, 0, 0, 1)) for _ in range(count)])
