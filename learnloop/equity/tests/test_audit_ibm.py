"""The IBM HR sample: roster plus TrainingTimesLastYear give an audit by Department and by Gender that
matches an independent computation straight from the CSV, with small groups suppressed."""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command

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


def expected(rows: list[dict], column: str, min_count: int) -> dict:
    """The audit recomputed from the CSV alone, with formulas written another way than core.fairness."""
    groups: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        groups[row[column]].append(int(row["TrainingTimesLastYear"]))
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


def assert_matches(report: dict, want: dict) -> None:
    for name in ("gini", "theil", "theil_between", "theil_within"):
        assert report[name] == pytest.approx(want[name], abs=1e-6), name
    assert {group["group"] for group in report["groups"]} == set(want["groups"])
    for group in report["groups"]:
        assert group["suppressed"] is False
        for name, value in want["groups"][group["group"]].items():
            assert group[name] == pytest.approx(value, abs=1e-6), (group["group"], name)


@pytest.mark.shared_data
def test_the_audit_by_department_matches_the_csv(ibm):
    report = audit("--by", "team-level:0", "--min-count", "3")
    assert list(report) == ["gini", "theil", "theil_between", "theil_within", "groups"]
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
    ]
    assert_matches(report, expected(ibm, "Department", min_count=3))
    assert {g["group"]: g["headcount"] for g in report["groups"]} == {
        "Human Resources": 63,
        "Research & Development": 961,
        "Sales": 446,
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
    assert visible["adverse_impact_ratio"] == 1.0  # compared with visible groups only


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
    assert headcounts == expected
    assert {"Sales / Manager", "Human Resources / Manager", "Research & Development / Manager"} <= set(headcounts)
