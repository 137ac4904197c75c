"""`learnloop bench voice` on a small data set: it reports its figures (times are not checked)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def test_the_voice_benchmark_prints_medians_and_the_ratio_to_its_baseline():
    out = StringIO()
    call_command("bench", "voice", "--responses", "3000", "--teams", "60", "--repeat", "2", stdout=out)
    text = out.getvalue()
    assert "Generated 3,000 responses in 60 teams" in text
    assert "Guarded results (the aggregate query + guard + summaries): median" in text
    assert "Baseline (one GROUP BY per team, no guard): median" in text
    assert "Guarded / baseline:" in text
    assert "of 61 groups shown" in text
