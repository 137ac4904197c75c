"""`learnloop bench equity-audit` runs on a small generated organization and reports its figures."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def test_the_benchmark_reports_guard_and_figures_per_size(db):
    out = StringIO()
    call_command(
        "bench",
        "equity-audit",
        "--people",
        "300,600",
        "--teams",
        "40",
        "--repeat",
        "2",
        "--release-people",
        "200",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("equity-audit: 40 teams, audit by team level 2")
    assert len(lines) == 5 and all("guard median" in line and "x the plain means" in line for line in lines[1:3])
    assert lines[3].startswith("whole release") and "200 people: decided in" in lines[4] and "refused" in lines[4]
