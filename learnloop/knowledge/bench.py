"""Search benchmarks. `learnloop bench search`: search and "seen before?" at 10,000 to 500,000 documents
in a throwaway SQLite file, against the raw FTS5 query on the same index, plus index-build throughput.
`learnloop bench similar-quality`: recall@5 and MRR@10 of "seen before?" against bm25s on hand-judged cases."""

from __future__ import annotations

import importlib
import json
import os
import random
import shutil
import tempfile
import time
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from learnloop.core.benchmarks import Benchmark, Timing, milliseconds, register, time_calls
from learnloop.core.search import Viewer, query_terms, raw_match, search, terms
from learnloop.core.search.models import SearchDocument, SearchTerm
from learnloop.knowledge import bench_corpus
from learnloop.knowledge.evaluation import PARTS, NotEnoughData, evaluate
from learnloop.knowledge.similar import CANDIDATES, rank, telling_words

ALIAS = "search-bench"
BATCH = 5000
COLUMNS = (
    "kind, object_id, external_id, title, body, tags, categories, team_id, visibility, author_id, is_draft, date, url, "
    "indexed_at"
)
# A person in three of the two hundred teams: most of what they find is shared with the organization.
VIEWER = Viewer(team_ids=frozenset({1, 2, 3}), person_id=1)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ArgumentTypeError(f"{text!r}: give sizes as numbers separated by commas, e.g. 10000,100000") from None
    if not sizes or min(sizes) < 1:
        raise ArgumentTypeError(f"{text!r}: every size must be at least 1")
    return sizes


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 3:
        raise ArgumentTypeError(f"{text!r}: give a whole number of at least 3")
    return int(text)


def _search_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--sizes", type=_sizes, default=[10_000, 100_000, 500_000], help="Corpus sizes (default 10000,100000,500000)."
    )
    parser.add_argument("--queries", type=_count, default=60, help="Searches timed per size (default 60).")
    parser.add_argument("--data", type=Path, default=None, help="The shared data folder (default ../shared/data).")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="Measure on this PostgreSQL server instead of SQLite (a throwaway database is created and dropped).",
    )


_COMMON = {
    "ATOMIC_REQUESTS": False,
    "AUTOCOMMIT": True,
    "CONN_MAX_AGE": 0,
    "CONN_HEALTH_CHECKS": False,
    "TIME_ZONE": None,
}


@contextmanager
def throwaway_database(postgres: str | None = None) -> Iterator[str]:
    """A fresh database holding only the search index, never the configured database: a SQLite file,
    or with `postgres` (a server's URL) a database created on that server and dropped afterwards."""
    folder = tempfile.mkdtemp(prefix="learnloop-search-bench-")
    name = f"learnloop_search_bench_{os.getpid()}"
    if postgres:
        server = dj_database_url.parse(postgres)
        _on_server(server, f'CREATE DATABASE "{name}"')
        connections.databases[ALIAS] = {**server, **_COMMON, "NAME": name, "OPTIONS": {}, "TEST": {}}
    else:
        connections.databases[ALIAS] = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(folder) / "bench.sqlite3"),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
            **_COMMON,
            "TEST": {},
        }
    try:
        migration = importlib.import_module("learnloop.core.migrations.0002_search_index")
        with connections[ALIAS].schema_editor() as editor:
            editor.create_model(SearchDocument)
            editor.create_model(SearchTerm)
            for statement in migration.POSTGRES_FORWARD if postgres else migration.SQLITE_FORWARD:
                editor.execute(statement)
        yield ALIAS
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        connections.databases.pop(ALIAS, None)
        shutil.rmtree(folder, ignore_errors=True)
        if postgres:
            _on_server(dj_database_url.parse(postgres), f'DROP DATABASE IF EXISTS "{name}"')


def _on_server(server: Mapping[str, Any], statement: str) -> None:
    """One statement outside any database of ours (CREATE and DROP DATABASE cannot run in a transaction)."""
    import psycopg

    with psycopg.connect(
        dbname="postgres",
        host=server.get("HOST") or None,
        port=server.get("PORT") or None,
        user=server.get("USER") or None,
        password=server.get("PASSWORD") or None,
        autocommit=True,
    ) as connection:
        connection.execute(statement)


def build(corpus: bench_corpus.Corpus, size: int) -> float:
    """Insert `size` documents (the database fills its full-text index as they go); seconds taken."""
    placeholders = ", ".join(["%s"] * 14)
    started = time.perf_counter()
    rows = bench_corpus.documents(corpus, size, seed=size)
    now = "2026-01-01 00:00:00"
    insert = f"INSERT INTO core_searchdocument ({COLUMNS}) VALUES ({placeholders})"  # noqa: S608 (constants)
    with connections[ALIAS].cursor() as cursor:
        while True:
            batch: list[Any] = [(*row, now) for _, row in zip(range(BATCH), rows, strict=False)]
            if not batch:
                break
            with transaction.atomic(using=ALIAS):
                cursor.executemany(insert, batch)
    # Rows written around the registry: count their terms as `learnloop search reindex` would.
    terms.rebuild(using=ALIAS)
    if connections[ALIAS].vendor == "postgresql":
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    return time.perf_counter() - started


def _queries(corpus: bench_corpus.Corpus, count: int) -> tuple[list[list[str]], list[str]]:
    rng = random.Random(11)
    searches = [query_terms(keyword) for keyword in rng.sample(corpus.keywords, min(count, len(corpus.keywords)))]
    texts = rng.sample(corpus.summaries, min(max(count // 3, 1), len(corpus.summaries)))
    return [terms for terms in searches if terms], texts


def _measure(corpus: bench_corpus.Corpus, count: int) -> dict[str, Timing]:
    searches, texts = _queries(corpus, count)
    return {
        "raw": time_calls(lambda terms: raw_match(terms, limit=20, using=ALIAS), searches, warmup=3),
        "search": time_calls(lambda terms: search(terms, viewer=VIEWER, limit=21, using=ALIAS), searches, warmup=3),
        "raw_any": time_calls(
            lambda text: raw_match(
                [term.word for term in telling_words(text, using=ALIAS)], any_term=True, limit=CANDIDATES, using=ALIAS
            ),
            texts,
            warmup=2,
        ),
        "similar": time_calls(
            lambda text: rank(text, viewer=VIEWER, exclude_team_ids=[1], using=ALIAS), texts, warmup=2
        ),
    }


def run_search_bench(command: BaseCommand, options: dict[str, Any]) -> None:
    corpus = bench_corpus.load(options["data"])
    source = f"{len(corpus.real)} real postmortems and their sentences" if corpus.real else "a built-in vocabulary"
    where = "a throwaway PostgreSQL database" if options.get("postgres") else "throwaway SQLite files"
    command.stdout.write(f"Search benchmark: {where}, text from {source}.")
    header = (
        f"{'documents':>10} {'build':>8} {'docs/s':>8} | {'search p50':>10} {'p95':>9} {'raw p50':>9} {'p95':>9} "
        f"{'ratio':>6} {'p95 r':>6} | {'seen p50':>9} {'p95':>9} {'raw OR p50':>10} {'p95':>9} {'ratio':>6}"
    )
    command.stdout.write(header)
    command.stdout.write("-" * len(header))
    for size in options["sizes"]:
        with throwaway_database(options.get("postgres")):
            seconds = build(corpus, size)
            timings = _measure(corpus, options["queries"])
        t = timings
        command.stdout.write(
            f"{size:>10,} {seconds:>7.1f}s {size / seconds:>8,.0f} | "
            f"{milliseconds(t['search'].median):>10} {milliseconds(t['search'].p95):>9} "
            f"{milliseconds(t['raw'].median):>9} {milliseconds(t['raw'].p95):>9} {t['search'].ratio(t['raw']):>5.2f}x "
            f"{t['search'].p95 / t['raw'].p95 if t['raw'].p95 else float('inf'):>5.2f}x | "
            f"{milliseconds(t['similar'].median):>9} {milliseconds(t['similar'].p95):>9} "
            f"{milliseconds(t['raw_any'].median):>10} {milliseconds(t['raw_any'].p95):>9} "
            f"{t['similar'].ratio(t['raw_any']):>5.2f}x"
        )
    command.stdout.write(
        "ratio: of the medians; p95 r: of the p95s. "
        "search: Learnloop's search (viewer filter, ranking with field weights, highlighted snippets, one page) "
        'against the raw FTS5 MATCH ... ORDER BY rank LIMIT 20 of the same words; seen: "seen before?" '
        "(100 candidates re-ranked) against the raw FTS5 OR query for the same words."
    )


def _quality_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--cases",
        choices=["dev", "heldout", "all"],
        default="all",
        help="Which hand-judged cases: the development part, the held-out part, or both, each shown apart "
        "(default all).",
    )
    parser.add_argument(
        "--labels",
        action="store_true",
        help="Also print the secondary, label-based figure (it flatters the ranking: see docs/search.md).",
    )
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")


def _compared(ours: float, baseline: float) -> str:
    relation = "better" if ours > baseline else "equal" if round(ours, 3) == round(baseline, 3) else "WORSE"
    return f"{ours:.3f} vs {baseline:.3f} ({relation})"


def run_quality_bench(command: BaseCommand, options: dict[str, Any]) -> None:
    parts = list(PARTS) if options["cases"] == "all" else [options["cases"]]
    try:
        result = evaluate(parts=parts, labels=options["labels"])
    except NotEnoughData as error:
        raise CommandError(str(error)) from None
    if options["json"]:
        command.stdout.write(json.dumps(result.as_json(), indent=2))
        return
    command.stdout.write(f'"Seen before?" against bm25s on {result.writeups} imported write-ups, hand-judged cases.')
    command.stdout.write(
        f"{'part':<9} {'cases':>5} {'judged':>6} {'ranking':<14} {'recall@5':>9} {'MRR@10':>7} {'nDCG@10':>8}"
    )
    rows = [*result.parts, *([result.labels] if result.labels else [])]
    for part in rows:
        for label, scores in (("seen before?", part.ours), ("bm25s", part.baseline)):
            command.stdout.write(
                f"{part.part:<9} {part.cases:>5} {scores.queries:>6} {label:<14} {scores.recall_at_5:>9.3f} "
                f"{scores.mrr:>7.3f} {scores.ndcg_at_10:>8.3f}"
            )
    for part in result.parts:
        recall = _compared(part.ours.recall_at_5, part.baseline.recall_at_5)
        mrr = _compared(part.ours.mrr, part.baseline.mrr)
        command.stdout.write(f'{part.part}: "seen before?" against bm25s: recall@5 {recall}, MRR@10 {mrr}.')
    if result.labels:
        command.stdout.write(
            "labels: SECONDARY. Relevant = another company's write-up sharing a factor category and a rare keyword "
            "(front matter); the ranking boosts those very labels, so this figure overstates it."
        )


register(
    Benchmark(
        name="search",
        help='search and "seen before?" at 10k-500k documents against the raw FTS5 query; index-build throughput',
        add_arguments=_search_arguments,
        run=run_search_bench,
    )
)
register(
    Benchmark(
        name="similar-quality",
        help='recall@5 and MRR@10 of "seen before?" against bm25s on hand-judged cases over the imported postmortems',
        add_arguments=_quality_arguments,
        run=run_quality_bench,
    )
)
