"""How good is "seen before?": recall@5 and MRR@10 on hand-judged cases, against bm25s in the same run
on the same imported write-ups (docs/search.md, "Quality").

The cases (`eval_cases/seen_before.yaml`) are incident texts written for the evaluation, each with
the imported public write-ups a reader would expect beside it, graded 2 (the same failure) or 1
(clearly related) by people who read the corpus, never by a ranking. Every third case is held out:
ranking is tuned on the development part only.

A secondary figure keeps the older, label-based relevance (another company's write-up sharing a
contributing-factor category and a specific keyword). The ranking itself looks at keywords and
categories, so that figure flatters it; it is printed only on request, and labelled so.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from learnloop.core.search import EVERYTHING
from learnloop.core.search.models import SearchDocument
from learnloop.knowledge.similar import rank

CASES_FILE = Path(__file__).resolve().parent / "eval_cases" / "seen_before.yaml"
HELD_OUT_EVERY = 3
PARTS = ("dev", "heldout")
CUTOFF = 5
DEPTH = 10
SPECIFIC_KEYWORD_MAX_DF = 20
MIN_WRITEUPS = 10

Key = TypeVar("Key", bound=Hashable)
Item = TypeVar("Item", bound=Hashable)


class NotEnoughData(Exception):
    pass


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    text: str
    # external id (the write-up's uuid) -> grade: 2 the same failure, 1 clearly related
    relevant: dict[str, int]
    held_out: bool

    @property
    def part(self) -> str:
        return "heldout" if self.held_out else "dev"


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    """The cases in file order; the split is the fixed rule written in the file (every third held out)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(
            id=str(raw["id"]),
            kind=str(raw["kind"]),
            text=" ".join(str(raw["text"]).split()),
            relevant={str(uuid): int(grade) for uuid, grade in (raw.get("relevant") or {}).items()},
            held_out=position % HELD_OUT_EVERY == 0,
        )
        for position, raw in enumerate(data["cases"], start=1)
    ]


def cases_in(part: str, cases: Sequence[Case]) -> list[Case]:
    """`dev`, `heldout`, or `all`."""
    if part == "all":
        return list(cases)
    if part not in PARTS:
        raise ValueError(f"{part!r}: choose dev, heldout or all")
    return [case for case in cases if case.part == part]


@dataclass
class Scores:
    recall_at_5: float
    mrr: float
    ndcg_at_10: float
    queries: int

    def as_json(self) -> dict[str, Any]:
        return {
            "recall_at_5": round(self.recall_at_5, 4),
            "mrr_at_10": round(self.mrr, 4),
            "ndcg_at_10": round(self.ndcg_at_10, 4),
            "queries": self.queries,
        }


def scores(rankings: dict[Key, list[Item]], judgments: dict[Key, dict[Item, int]]) -> Scores:
    """Averages over the queries with at least one relevant item (grade >= 1):
    recall@5 = |top 5 ∩ relevant| / min(|relevant|, 5); MRR@10 = 1 / rank of the first relevant item
    in the top 10 (0 when none is); nDCG@10 with the grades as gains (2^grade - 1)."""
    recall = reciprocal = ndcg = 0.0
    judged = {query: grades for query, grades in judgments.items() if any(grade > 0 for grade in grades.values())}
    for query, grades in judged.items():
        relevant = {item for item, grade in grades.items() if grade > 0}
        ranked = rankings.get(query, [])[:DEPTH]
        recall += len(set(ranked[:CUTOFF]) & relevant) / min(len(relevant), CUTOFF)
        first = next((position for position, item in enumerate(ranked, start=1) if item in relevant), None)
        reciprocal += 1 / first if first else 0.0
        gain = sum((2 ** grades.get(item, 0) - 1) / math.log2(position + 1) for position, item in enumerate(ranked, 1))
        ideal = sorted(grades.values(), reverse=True)[:DEPTH]
        best = sum((2**grade - 1) / math.log2(position + 1) for position, grade in enumerate(ideal, 1))
        ndcg += gain / best if best else 0.0
    count = len(judged) or 1
    return Scores(recall_at_5=recall / count, mrr=reciprocal / count, ndcg_at_10=ndcg / count, queries=len(judged))


@dataclass(frozen=True)
class Writeup:
    """An imported write-up as both rankings see it: the text the search index holds for it."""

    external_id: str
    team_id: int
    text: str
    keywords: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()


def writeups() -> dict[str, Writeup]:
    """The imported write-ups (reviews with an external id), by external id."""
    rows = SearchDocument.objects.filter(kind="review").exclude(external_id=None).order_by("object_id")
    found = {}
    for row in rows:
        tags, categories = row.tag_list(), set(row.categories.strip("|").split("|")) - {""}
        found[str(row.external_id)] = Writeup(
            external_id=str(row.external_id),
            team_id=row.team_id,
            text="\n".join([row.title, " ".join(tags), row.body]),
            keywords=frozenset(tag for tag in tags if tag not in categories),
            categories=frozenset(categories),
        )
    return found


def ours(texts: dict[Key, tuple[str, int | None]], corpus: dict[str, Writeup]) -> dict[Key, list[str]]:
    """Learnloop's "seen before?" ranking through the product's own index and code, as seen from the
    command line, keeping the imported write-ups (a database may hold other reviews too). A text may
    come from a team (a write-up used as a query): that team's items are left out, as in the product."""
    rankings = {}
    for key, (text, team_id) in texts.items():
        ranked = rank(
            text, viewer=EVERYTHING, top=DEPTH * 3, kinds=["review"], exclude_team_ids=[team_id] if team_id else []
        )
        found = [hit.external_id for hit, _score, _reasons in ranked if hit.external_id in corpus]
        rankings[key] = found[:DEPTH]
    return rankings


@cache
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: the English Snowball stemmer

    return Stemmer.Stemmer("english")


def bm25s_rankings(texts: dict[Key, tuple[str, int | None]], corpus: dict[str, Writeup]) -> dict[Key, list[str]]:
    """The baseline: bm25s (Lucene's BM25, k1 1.5, b 0.75) over the whole text of each write-up, English
    stop words and Snowball stemming, queried with the whole text; a team's own items left out."""
    import bm25s

    # bm25s sets its own logger to DEBUG on import; its progress notes are not ours to print.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    ids = sorted(corpus)
    options: dict[str, Any] = {"stopwords": "en", "stemmer": _stemmer().stemWords, "show_progress": False}
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([corpus[i].text for i in ids], **options), show_progress=False)
    keys = list(texts)
    queries = bm25s.tokenize([texts[key][0] for key in keys], return_ids=False, **options)
    # Deep enough to drop a team's own write-ups and still have DEPTH left.
    depth = min(len(ids), DEPTH + max(Counter(writeup.team_id for writeup in corpus.values()).values()))
    found, _scores = retriever.retrieve(queries, k=depth, show_progress=False)
    rankings = {}
    for key, row in zip(keys, found, strict=True):
        team_id = texts[key][1]
        ranked = [ids[index] for index in row if not team_id or corpus[ids[int(index)]].team_id != team_id]
        rankings[key] = ranked[:DEPTH]
    return rankings


@dataclass
class PartResult:
    part: str
    cases: int
    ours: Scores
    baseline: Scores

    @property
    def beats_baseline(self) -> bool:
        return self.ours.recall_at_5 > self.baseline.recall_at_5 and self.ours.mrr > self.baseline.mrr

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "seen_before": self.ours.as_json(),
            "bm25s": self.baseline.as_json(),
            "beats_bm25s": self.beats_baseline,
        }


@dataclass
class Evaluation:
    writeups: int
    parts: list[PartResult]
    labels: PartResult | None = None
    missing: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "writeups": self.writeups,
            "parts": {result.part: result.as_json() for result in self.parts},
            "secondary_labels": self.labels.as_json() if self.labels else None,
        }


def _corpus() -> dict[str, Writeup]:
    corpus = writeups()
    if len(corpus) < MIN_WRITEUPS:
        raise NotEnoughData(
            f"Only {len(corpus)} imported write-ups: import the public postmortems first "
            "(learnloop import postmortems ../shared/data/postmortems)."
        )
    return corpus


def evaluate(*, parts: Sequence[str] = PARTS, labels: bool = False, path: Path = CASES_FILE) -> Evaluation:
    """The hand-judged evaluation of each part (`dev`, `heldout` or `all`), ours against bm25s."""
    corpus = _corpus()
    cases = load_cases(path)
    missing = sorted({uuid for case in cases for uuid in case.relevant} - set(corpus))
    if missing:
        raise NotEnoughData(
            f"{len(missing)} judged write-up(s) are not imported (first: {missing[0]}): import all of "
            "../shared/data/postmortems."
        )
    results = []
    for part in parts:
        chosen = cases_in(part, cases)
        texts: dict[str, tuple[str, int | None]] = {case.id: (case.text, None) for case in chosen}
        judgments = {case.id: case.relevant for case in chosen}
        results.append(
            PartResult(
                part=part,
                cases=len(chosen),
                ours=scores(ours(texts, corpus), judgments),
                baseline=scores(bm25s_rankings(texts, corpus), judgments),
            )
        )
    return Evaluation(writeups=len(corpus), parts=results, labels=by_labels(corpus) if labels else None)


def by_labels(corpus: dict[str, Writeup]) -> PartResult:
    """The secondary, label-based figure: each write-up's title and summary (the start of its text) as
    the query; relevant = another company's write-up sharing a category and a keyword that at most
    SPECIFIC_KEYWORD_MAX_DF write-ups carry. The ranking uses keywords and categories itself."""
    frequency = Counter(word for writeup in corpus.values() for word in writeup.keywords)
    texts: dict[str, tuple[str, int | None]] = {}
    judgments: dict[str, dict[str, int]] = {}
    for query in corpus.values():
        relevant = {
            other.external_id: 1
            for other in corpus.values()
            if other.team_id != query.team_id
            and query.categories & other.categories
            and any(frequency[word] <= SPECIFIC_KEYWORD_MAX_DF for word in query.keywords & other.keywords)
        }
        if relevant:
            title, _tags, body = query.text.split("\n", 2)
            texts[query.external_id] = (f"{title}\n{body.split(chr(10) + chr(10))[0]}", query.team_id)
            judgments[query.external_id] = relevant
    return PartResult(
        part="labels",
        cases=len(texts),
        ours=scores(ours(texts, corpus), judgments),
        baseline=scores(bm25s_rankings(texts, corpus), judgments),
    )
