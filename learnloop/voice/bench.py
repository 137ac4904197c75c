"""`learnloop bench voice`: a pulse's results over 1,000,000 responses in 2,000 teams, through the guard.

The data goes into a throwaway SQLite file with the voice tables' shape (random text ids for
responses, one construct score per response), never into the project's database. Timed: the
aggregate query results.py runs, plus the guard and the per-group summaries (the same
`assemble` the pages use). Baseline: the plain per-team GROUP BY with no guard and no tree.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
import uuid
from argparse import ArgumentParser
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from learnloop.core.anonymity import minimum_group_size
from learnloop.core.benchmarks import Benchmark, milliseconds, register, time_calls
from learnloop.voice.instruments import PSYCHOLOGICAL_SAFETY
from learnloop.voice.models import Item, RunTeam
from learnloop.voice.results import AtomKey, assemble

SCHEMA = """
CREATE TABLE voice_response (id char(32) PRIMARY KEY, run_id integer, cell_id integer, segment varchar(100),
                             submitted_on date, batch integer);
CREATE INDEX response_run_batch_idx ON voice_response (run_id, batch);
CREATE TABLE voice_constructscore (id char(32) PRIMARY KEY, response_id char(32), run_id integer, cell_id integer,
                                   segment varchar(100), batch integer, construct varchar(100), score real);
CREATE INDEX constructscore_response ON voice_constructscore (response_id);
CREATE INDEX construct_score_results_idx ON voice_constructscore (run_id, cell_id, segment, batch, construct, score);
"""
# The query results.py makes through the ORM, and the plainest per-team aggregate as the baseline.
SCORES = """SELECT cell_id, segment, batch, construct, COUNT(*), SUM(score), SUM(score * score)
            FROM voice_constructscore WHERE run_id = 1 GROUP BY cell_id, segment, batch, construct"""
BASELINE = """SELECT cell_id, COUNT(*), SUM(score), SUM(score * score) FROM voice_constructscore
              WHERE run_id = 1 GROUP BY cell_id"""


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--teams", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--seed", type=int, default=2026)


def team_tree(teams: int, rng: random.Random) -> list[RunTeam]:
    """A tree of teams about five levels deep, like a company: parents come before children."""
    cells = [RunTeam(pk=1, parent_id=None, name="Company", headcount=0)]
    for pk in range(2, teams + 1):
        parent = rng.randint(max(1, pk // 8), pk - 1)
        cells.append(RunTeam(pk=pk, parent_id=parent, name=f"Team {pk}", headcount=0))
    return cells


def generate(path: Path, cells: list[RunTeam], responses: int, rng: random.Random, command: BaseCommand) -> None:
    """Team sizes are skewed (many small teams, some large), so the guard has work to do."""
    # A quarter of the teams are small (0 to 8 answers); the rest share the remaining responses.
    sizes = [rng.randint(0, 8) if rng.random() < 0.25 else -1 for _ in cells]
    weights = [rng.lognormvariate(0, 1.2) if size < 0 else 0.0 for size in sizes]
    rest = responses - sum(size for size in sizes if size > 0)
    scale = rest / sum(weights)
    sizes = [size if size >= 0 else int(weight * scale) for size, weight in zip(sizes, weights, strict=True)]
    sizes[0] += responses - sum(sizes)
    for cell, size in zip(cells, sizes, strict=True):
        cell.headcount = size + size // 5
    database = sqlite3.connect(path)
    database.executescript(SCHEMA)
    started = time.perf_counter()
    batch_rows: list[tuple[Any, ...]] = []
    score_rows: list[tuple[Any, ...]] = []
    for cell, size in zip(cells, sizes, strict=True):
        level = rng.uniform(3.5, 6.2)
        for _ in range(size):
            response_id = uuid.uuid4().hex
            batch_rows.append((response_id, 1, cell.pk, "", "2026-01-15", 1))
            score_id = uuid.uuid4().hex
            score = min(7.0, max(1.0, rng.gauss(level, 1)))
            score_rows.append((score_id, response_id, 1, cell.pk, "", 1, "Team psychological safety", score))
        if len(batch_rows) > 50_000:
            database.executemany("INSERT INTO voice_response VALUES (?, ?, ?, ?, ?, ?)", batch_rows)
            database.executemany("INSERT INTO voice_constructscore VALUES (?, ?, ?, ?, ?, ?, ?, ?)", score_rows)
            batch_rows, score_rows = [], []
    database.executemany("INSERT INTO voice_response VALUES (?, ?, ?, ?, ?, ?)", batch_rows)
    database.executemany("INSERT INTO voice_constructscore VALUES (?, ?, ?, ?, ?, ?, ?, ?)", score_rows)
    database.commit()
    database.execute("ANALYZE")
    database.close()
    small = sum(1 for size in sizes if 0 < size < minimum_group_size())
    command.stdout.write(
        f"Generated {responses:,} responses in {len(cells):,} teams ({small} teams with 1-4 answers) "
        f"in {time.perf_counter() - started:.1f} s"
    )


def guarded(database: sqlite3.Connection, cells: list[RunTeam], items: list[Item]) -> int:
    atoms: dict[AtomKey, int] = {}
    sums: dict[AtomKey, dict[str, tuple[int, float, float]]] = defaultdict(dict)
    for cell, segment, batch, construct, count, total, squares in database.execute(SCORES):
        sums[(cell, segment, batch)][construct] = (count, total, squares)
        atoms[(cell, segment, batch)] = max(atoms.get((cell, segment, batch), 0), count)
    results = assemble(cells, items, 7, atoms, sums, {}, minimum=minimum_group_size(), with_items=False)
    return sum(1 for result in results if result.shown)


def plain(database: sqlite3.Connection) -> int:
    return len(database.execute(BASELINE).fetchall())


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    rng = random.Random(options["seed"])
    cells = team_tree(options["teams"], rng)
    items = [
        Item(pk=number, position=number, text=spec.text, construct=spec.construct, reverse_scored=spec.reverse_scored)
        for number, spec in enumerate(PSYCHOLOGICAL_SAFETY.items, 1)
    ]
    with tempfile.TemporaryDirectory(prefix="learnloop-bench-voice-") as folder:
        path = Path(folder) / "voice.sqlite3"
        generate(path, cells, options["responses"], rng, command)
        database = sqlite3.connect(path)
        repeat = range(options["repeat"])
        baseline = time_calls(lambda _: plain(database), repeat)
        full = time_calls(lambda _: guarded(database, cells, items), repeat)
        shown = guarded(database, cells, items)
        database.close()
    command.stdout.write(
        f"Guarded results (the aggregate query + guard + summaries): median {milliseconds(full.median)}, "
        f"p95 {milliseconds(full.p95)}; {shown:,} of {len(cells) + 1:,} groups shown"
    )
    command.stdout.write(
        f"Baseline (one GROUP BY per team, no guard): median {milliseconds(baseline.median)}, "
        f"p95 {milliseconds(baseline.p95)}"
    )
    command.stdout.write(f"Guarded / baseline: {full.ratio(baseline):.2f}x")


register(
    Benchmark(
        name="voice",
        help="pulse results over 1,000,000 responses in 2,000 teams, through the anonymity guard",
        add_arguments=add_arguments,
        run=run,
    )
)
