"""`learnloop bench search` runs end to end on a tiny corpus and prints its table (no timing assertions)."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections


def test_the_search_benchmark_prints_its_table_from_a_throwaway_database(django_db_blocker, tmp_path):
    out = StringIO()
    # No `db` fixture: the benchmark must not need the configured database, only its own file.
    with django_db_blocker.unblock():
        call_command("bench", "search", "--sizes", "300,500", "--queries", "6", "--data", str(tmp_path), stdout=out)
    table = out.getvalue()
    assert "built-in vocabulary" in table
    for heading in ("documents", "docs/s", "search p50", "raw p50", "seen p50", "raw OR p50", "ratio"):
        assert heading in table
    assert "       300 " in table and "       500 " in table
    assert "search-bench" not in connections.databases


def test_sizes_must_be_numbers():
    with pytest.raises(CommandError, match="give sizes as numbers"):
        call_command("bench", "search", "--sizes", "ten")


def test_the_search_benchmark_runs_on_a_throwaway_postgresql_database(django_db_blocker, tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs a PostgreSQL server (run the suite with DATABASE_URL=postgres://...)")
    out = StringIO()
    with django_db_blocker.unblock():
        call_command(
            "bench",
            "search",
            "--sizes",
            "300",
            "--queries",
            "6",
            "--data",
            str(tmp_path),
            "--postgres",
            url,
            stdout=out,
        )
    assert "a throwaway PostgreSQL database" in out.getvalue()
    assert "       300 " in out.getvalue()
    assert "search-bench" not in connections.databases
