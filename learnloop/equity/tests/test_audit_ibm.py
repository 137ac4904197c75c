"""The IBM HR sample: roster plus TrainingTimesLastYear give an audit by Department and by Gender that
matches an independent computation straight from the CSV, with small groups suppressed; one-day
windows on many days show nothing that isolates anyone."""

from __future__ import annotations

import csv
import datetime
import json
import math
import random
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learnloop.equity.tests.attacks import assert_nothing_isolated

ROSTER = ["--id", "EmployeeNumber", "--team", "Department", "--subteam", "JobRole", "--attributes", "Gender,Age"]
TRAINING = ["--id", "EmployeeNumber", "--count-column", "TrainingTimesLastYear", "--kind", "training"]


@pytest.fixture
def ibm(shared_data, db):
    path = str(shared_data / "ibm-hr-employee-attrition.csv")
    call_command("import", "roster", path, *ROSTER, stdout=StringIO())
    out = StringIO()
    call_command("import", "learning-records", path, *TRAINING, "--date", "2025-12-31", stdout=out)
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    added = sum(int(row["TrainingTimesLastYear"]) for row in rows)
    assert added == 4115 and f"({added} added, 0 already there)" in out.getvalue()
    out = StringIO()
    call_command("import", "learning-records", path, *TRAINING, "--date", "2025-12-31", stdout=out)
    assert f"(0 added, {added} already there)" in out.getvalue()
    return rows


def audit(*options: str) -> dict:
    out = StringIO()
    call_command("equity", "audit", *options, "--json", stdout=out)
    return json.loads(out.getvalue())


def expected(rows: list[dict], column: str, min_count: int, pooled: frozenset[str] = frozenset()) -> dict:
    """The audit recomputed from the CSV alone, with formulas written another way than core.fairness.
    `pooled` groups are hidden: one group for the Theil split."""
    groups: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        groups["pooled" if row[column] in pooled else row[column]].append(int(row["TrainingTimesLastYear"]))
    everyone = [x for values in groups.values() for x in values]
    n, total = len(everyone), sum(everyone)
    mean = total / n
    rates = {g: sum(x >= min_count for x in v) / len(v) for g, v in groups.items()}
    best = max(rates.values())
    # Theil between = Theil of everyone given their group's mean; within = total - between.
    theil = sum(x * math.log(x) for x in everyone if x) / total - math.log(mean)
    between = sum(len(v) * (sum(v) / len(v)) / total * math.log((sum(v) / len(v)) / mean) for v in groups.values())
    return {
        "gini": sum(abs(a - b) for a in everyone for b in everyone) / (2 * n * n * mean),
        "theil": theil,
        "theil_between": between,
        "theil_within": theil - between,
        "groups": {
            g: {
                "headcount": len(v),
                "reached": sum(x > 0 for x in v),
                "records": sum(v),
                "mean": sum(v) / len(v),
                "representation_ratio": (sum(v) * n) / (total * len(v)),
                "selection_rate": rates[g],
                "adverse_impact_ratio": rates[g] / best,
            }
            for g, v in groups.items()
        },
    }


def assert_matches(report: dict, want: dict, hidden: frozenset[str] = frozenset()) -> None:
    for name in ("gini", "theil", "theil_between", "theil_within"):
        assert report[name] == pytest.approx(want[name], abs=1e-6), name
    assert {group["group"] for group in report["groups"]} == set(want["groups"]) - {"pooled"} | hidden
    for group in report["groups"]:
        assert group["suppressed"] is (group["group"] in hidden)
        if group["suppressed"]:
            assert group["headcount"] is None and group["records"] is None and group["reasons"]["group"]
            continue
        for name, value in want["groups"][group["group"]].items():
            assert group[name] == pytest.approx(value, abs=1e-6), (group["group"], name)


@pytest.mark.shared_data
def test_the_audit_by_department_matches_the_csv(ibm):
    """Three people in Human Resources had no training: Human Resources cannot be shown, and with
    the organization's totals known (from any other grouping) Sales is hidden with it."""
    report = audit("--by", "team-level:0", "--min-count", "3")
    assert list(report) == ["gini", "theil", "theil_between", "theil_within", "groups", "reasons"]
    assert list(report["groups"][0]) == [
        "group",
        "headcount",
        "reached",
        "records",
        "mean",
        "representation_ratio",
        "selection_rate",
        "adverse_impact_ratio",
        "suppressed",
        "reasons",
    ]
    hidden = frozenset({"Human Resources", "Sales"})
    want = expected(ibm, "Department", min_count=3, pooled=hidden)
    want["groups"]["Research & Development"]["adverse_impact_ratio"] = None  # not comparable
    assert_matches(report, want, hidden)
    assert {g["group"]: g["headcount"] for g in report["groups"]} == {
        "Human Resources": None,
        "Research & Development": 961,
        "Sales": None,
    }


@pytest.mark.shared_data
def test_the_audit_by_gender_matches_the_csv(ibm):
    assert_matches(audit("--by", "Gender"), expected(ibm, "Gender", min_count=1))
    assert_matches(audit("--by", "Gender", "--min-count", "4"), expected(ibm, "Gender", min_count=4))


@pytest.mark.shared_data
def test_small_departments_are_suppressed_with_their_complement(ibm, settings):
    settings.MIN_GROUP_SIZE = 100  # Human Resources (63 people) is now a small group
    groups = {group["group"]: group for group in audit("--by", "team-level:0")["groups"]}
    assert groups["Human Resources"]["suppressed"] and groups["Human Resources"]["records"] is None
    # Hiding HR alone would let anyone subtract it from the total: the next-smallest goes too.
    assert groups["Sales"]["suppressed"] and groups["Sales"]["headcount"] is None
    visible = groups["Research & Development"]
    assert not visible["suppressed"] and visible["headcount"] == 961
    # 54 people in the whole organization had no training, fewer than 100: who was reached cannot
    # be shown at all, so neither can the selection rate or the four-fifths comparison.
    assert visible["reached"] is None and visible["adverse_impact_ratio"] is None
    assert "fewer than 100 people" in visible["reasons"]["adverse_impact_ratio"]


@pytest.mark.shared_data
def test_a_period_without_the_training_date_counts_nobody_as_reached(ibm):
    report = audit("--by", "Gender", "--from", "2026-01-01", "--to", "2026-12-31")
    assert {group["reached"] for group in report["groups"]} == {0}
    assert report["gini"] == 0.0


@pytest.mark.shared_data
def test_job_role_teams_that_share_a_name_stay_apart(ibm):
    report = audit("--by", "team-level:1")
    headcounts = {group["group"]: group["headcount"] for group in report["groups"]}
    expected: dict[str, int] = defaultdict(int)
    roles_in = defaultdict(set)
    for row in ibm:
        roles_in[row["JobRole"]].add(row["Department"])
    for row in ibm:
        shared = len(roles_in[row["JobRole"]]) > 1
        expected[f"{row['Department']} / {row['JobRole']}" if shared else row["JobRole"]] += 1
    assert set(headcounts) == set(expected)
    assert {"Sales / Manager", "Human Resources / Manager", "Research & Development / Manager"} <= set(headcounts)
    shown = {group: count for group, count in headcounts.items() if count is not None}
    assert shown and all(count == expected[group] for group, count in shown.items())


def people_by(rows: list[dict], column: str) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        groups[row[column]].add(row["EmployeeNumber"])
    return groups


@pytest.mark.shared_data
def test_one_day_windows_on_many_days_isolate_nobody(ibm):
    """Every record of the sample is dated 2025-12-31. One-day windows every third day from 1
    October 2025 to 31 January 2026 and on the 31st, at two minimum counts, by department and by
    gender: a day shows either nothing (no record that day) or exactly what the whole history
    shows, and nothing any of it shows, combined in any way we try, isolates fewer than 5 people."""
    training = {row["EmployeeNumber"]: int(row["TrainingTimesLastYear"]) for row in ibm}
    days = [datetime.date(2025, 10, 1) + datetime.timedelta(days=offset) for offset in range(0, 123, 3)]
    days.append(datetime.date(2025, 12, 31))
    for column, by in (("Department", "team-level:0"), ("Gender", "Gender")):
        groups = people_by(ibm, column)
        numbers: dict[tuple, tuple[str, dict]] = {}
        whole = audit("--by", by)
        for day in days:
            for min_count in (1, 6):
                try:
                    report = audit("--by", by, "--from", str(day), "--to", str(day), "--min-count", str(min_count))
                except CommandError:
                    continue  # refused: nothing shown
                counts = training if day == datetime.date(2025, 12, 31) else dict.fromkeys(training, 0)
                if counts is training:
                    assert [g["records"] for g in report["groups"]] == [g["records"] for g in whole["groups"]]
                else:
                    assert {g["reached"] for g in report["groups"] if not g["suppressed"]} == {0}
                for group in report["groups"]:
                    members = groups[group["group"]]
                    if group["headcount"] is not None:
                        vector = dict.fromkeys(members, 1)
                        numbers[tuple(sorted(vector.items()))] = (f"{group['group']} people", vector)
                    if group["reached"] is not None:
                        vector = {person: 1 for person in members if counts[person] >= 1}
                        numbers[tuple(sorted(vector.items()))] = (f"{day} {group['group']} reached", vector)
                    if group["selection_rate"] is not None:
                        vector = {person: 1 for person in members if counts[person] >= min_count}
                        numbers[tuple(sorted(vector.items()))] = (f"{day} {group['group']} >= {min_count}", vector)
                    if group["records"] is not None:
                        vector = {person: counts[person] for person in members}
                        numbers[tuple(sorted(vector.items()))] = (f"{day} {group['group']} records", vector)
        everyone = ("everyone", dict.fromkeys(training, 1))
        assert_nothing_isolated([everyone, *numbers.values()], minimum=5, rng=random.Random(7), tries=200)
