"""Fairness measures of how something (learning records, opportunities) is shared among people.

Formulas and sources are in docs/equity.md: Gini coefficient, Theil T index and its exact split
into between-group and within-group parts, representation ratio, selection rate and the
adverse-impact ratio with the four-fifths rule (29 CFR 1607.4(D)).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Under this share of the best group's selection rate, the US Uniform Guidelines call it adverse impact.
FOUR_FIFTHS = 0.8


def _checked(values: Sequence[float]) -> list[float]:
    checked = [float(value) for value in values]
    if any(value < 0 or math.isnan(value) for value in checked):
        raise ValueError("fairness measures need amounts that are zero or more")
    return checked


def gini(values: Sequence[float]) -> float | None:
    """Gini coefficient from 0 (everyone has the same) to (n-1)/n (one person has everything).

    Sorted-rank form: G = 2 * sum_i i * x_(i) / (n * sum x) - (n + 1) / n with x ascending, i from 1.
    None for nobody; 0 when nobody has anything (nothing is shared unequally).
    """
    amounts = sorted(_checked(values))
    n = len(amounts)
    if n == 0:
        return None
    total = sum(amounts)
    if total == 0:
        return 0.0
    weighted = sum(rank * amount for rank, amount in enumerate(amounts, start=1))
    return max(0.0, 2 * weighted / (n * total) - (n + 1) / n)


def theil(values: Sequence[float]) -> float | None:
    """Theil T index: (1/n) * sum (x_i/mu) * ln(x_i/mu), with 0 * ln 0 taken as 0.

    0 is perfect equality, ln(n) all to one person. None for nobody; 0 when nobody has anything.
    """
    amounts = _checked(values)
    n = len(amounts)
    if n == 0:
        return None
    mean = sum(amounts) / n
    if mean == 0:
        return 0.0
    return max(0.0, sum((x / mean) * math.log(x / mean) for x in amounts if x > 0) / n)


@dataclass(frozen=True)
class TheilParts:
    """Theil T of everyone, and its exact split: total == between + within."""

    total: float | None
    between: float | None
    within: float | None


def theil_decomposition(groups: Mapping[str, Sequence[float]]) -> TheilParts:
    """Split Theil T over disjoint groups that together hold everyone.

    With s_g = n_g * mu_g / (n * mu) the group's share of the total:
    within = sum_g s_g * T_g and between = sum_g s_g * ln(mu_g / mu). Empty groups hold nobody.
    """
    members = {key: _checked(values) for key, values in groups.items() if len(values)}
    everyone = [amount for values in members.values() for amount in values]
    n = len(everyone)
    if n == 0:
        return TheilParts(None, None, None)
    mean = sum(everyone) / n
    if mean == 0:
        return TheilParts(0.0, 0.0, 0.0)
    between = 0.0
    within = 0.0
    for values in members.values():
        group_total = sum(values)
        if group_total == 0:
            continue  # a share of zero adds nothing to either part
        share = group_total / (n * mean)
        group_mean = group_total / len(values)
        between += share * math.log(group_mean / mean)
        within += share * (theil(values) or 0.0)
    return TheilParts(total=theil(everyone), between=between, within=within)


def representation_ratio(
    *, group_amount: float, group_headcount: int, total_amount: float, total_headcount: int
) -> float | None:
    """The group's share of all records over its share of all people; 1 is a fair share.

    None when it is undefined (nobody in the group, nobody at all, or nothing recorded at all).
    """
    if group_headcount <= 0 or total_headcount <= 0 or total_amount <= 0:
        return None
    return (group_amount / total_amount) / (group_headcount / total_headcount)


def selection_rate(*, selected: int, headcount: int) -> float | None:
    """People selected (reached at least N times) over the group's headcount; None for an empty group."""
    if headcount <= 0:
        return None
    if not 0 <= selected <= headcount:
        raise ValueError("a group cannot select fewer than nobody or more than everyone")
    return selected / headcount


def adverse_impact_ratios(rates: Mapping[str, float | None]) -> dict[str, float | None]:
    """Each group's selection rate over the best group's; None where a rate is unknown or the best is 0."""
    known = [rate for rate in rates.values() if rate is not None]
    best = max(known, default=0.0)
    return {key: (rate / best if rate is not None and best > 0 else None) for key, rate in rates.items()}


def is_adverse_impact(ratio: float | None) -> bool:
    """The four-fifths rule: a ratio under 0.8 is a signal of adverse impact (not proof)."""
    return ratio is not None and ratio < FOUR_FIFTHS
