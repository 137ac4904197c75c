"""Statistics for survey results: means with confidence intervals, share favourable, Cronbach's alpha.

All functions take plain numbers so they work on sums a database already aggregated
(`Summary.from_sums`) as well as on lists of answers. Formulas and sources: docs/voice.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Two-sided 95% critical values of Student's t (the 0.975 quantile) by degrees of freedom.
_T_975 = {
    1: 12.7062,
    2: 4.3027,
    3: 3.1824,
    4: 2.7764,
    5: 2.5706,
    6: 2.4469,
    7: 2.3646,
    8: 2.3060,
    9: 2.2622,
    10: 2.2281,
    11: 2.2010,
    12: 2.1788,
    13: 2.1604,
    14: 2.1448,
    15: 2.1314,
    16: 2.1199,
    17: 2.1098,
    18: 2.1009,
    19: 2.0930,
    20: 2.0860,
    21: 2.0796,
    22: 2.0739,
    23: 2.0687,
    24: 2.0639,
    25: 2.0595,
    26: 2.0555,
    27: 2.0518,
    28: 2.0484,
    29: 2.0452,
    30: 2.0423,
}
_Z_975 = 1.959964


def t_critical_95(df: int) -> float:
    """The 0.975 quantile of Student's t with `df` degrees of freedom: the table up to 30, then
    the Cornish-Fisher expansion around the normal quantile (error below 1e-4 from there on)."""
    if df < 1:
        raise ValueError("A t quantile needs at least one degree of freedom.")
    if df in _T_975:
        return _T_975[df]
    z = _Z_975
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


@dataclass(frozen=True)
class Summary:
    """A mean with its 95% confidence interval (t-distribution); `low`/`high` are None below two answers."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None

    @classmethod
    def from_sums(cls, n: int, total: float, total_of_squares: float) -> Summary:
        if n == 0:
            return cls(0, None, None, None, None)
        mean = total / n
        if n < 2:
            return cls(n, mean, None, None, None)
        variance = max(0.0, (total_of_squares - n * mean * mean) / (n - 1))
        sd = math.sqrt(variance)
        margin = t_critical_95(n - 1) * sd / math.sqrt(n)
        return cls(n, mean, sd, mean - margin, mean + margin)

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        return cls.from_sums(len(values), float(sum(values)), float(sum(v * v for v in values)))


def favourable_from(points: int) -> int:
    """The lowest favourable answer on a 1..points agreement scale: above the middle
    (5-7 of 7, 4-5 of 5, 3-4 of 4)."""
    return points // 2 + 1 if points % 2 == 0 else (points + 1) // 2 + 1


def share_favourable(distribution: Mapping[int, int], *, points: int) -> float | None:
    """The share of answers in the favourable part of the scale (already reverse-scored)."""
    total = sum(distribution.values())
    if not total:
        return None
    threshold = favourable_from(points)
    return sum(count for score, count in distribution.items() if score >= threshold) / total


def reverse(score: int, *, points: int) -> int:
    """A reverse-scored item's answer turned around: 1 <-> points."""
    return points + 1 - score


def sample_variance(values: Sequence[float]) -> float:
    n = len(values)
    if n < 2:
        return 0.0
    mean = sum(values) / n
    return sum((v - mean) ** 2 for v in values) / (n - 1)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of complete answer rows (one row per respondent, one column per item):
    k/(k-1) * (1 - sum of item variances / variance of the row totals). None when it is not
    defined: fewer than two items or two rows, or totals that do not vary."""
    if len(rows) < 2:
        return None
    k = len(rows[0])
    if k < 2 or any(len(row) != k for row in rows):
        return None
    item_variances = [sample_variance([row[i] for row in rows]) for i in range(k)]
    return cronbach_alpha_from_variances(item_variances, sample_variance([sum(row) for row in rows]))


def cronbach_alpha_from_variances(item_variances: Sequence[float], total_variance: float) -> float | None:
    """The same alpha from already aggregated variances (of each item, and of the item totals)."""
    k = len(item_variances)
    if k < 2 or total_variance <= 0:
        return None
    return (k / (k - 1)) * (1 - sum(item_variances) / total_variance)
