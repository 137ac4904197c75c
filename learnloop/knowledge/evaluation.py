"""How good is "seen before?": recall@5 and MRR on imported real incident write-ups, against a
plain BM25 baseline computed in the same run on the same text (docs/search.md).

Relevance is derived from what the write-ups' own authors recorded, never from our ranking: for
a query incident A, an incident B of *another* team (company) is relevant when the two share a
contributing-factor category and a specific keyword (one that at most SPECIFIC_KEYWORD_MAX_DF
write-ups carry, so "outage" or "aws" alone do not make two incidents alike). The query is what
a person would have written first: A's title and summary. The secondary, looser relevance
("shares a category") is reported too.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from learnloop.core.search import EVERYTHING, query_terms
from learnloop.core.search.models import SearchDocument
from learnloop.knowledge.similar import rank
from learnloop.loops.models import Review

SPECIFIC_KEYWORD_MAX_DF = 20
CUTOFF = 5
DEPTH = 100
MIN_QUERIES = 10
# Plain BM25 takes the whole query text (every distinct word that is not a stop word).
BASELINE_MAX_TERMS = 1000


@dataclass(frozen=True)
class Incident:
    review_id: int
    team_id: int
    text: str
    keywords: frozenset[str]
    categories: frozenset[str]


@dataclass
class Scores:
    recall_at_5: float
    mrr: float
    queries: int


@dataclass
class Evaluation:
    incidents: int
    relevance: str
    ours: Scores
    baseline: Scores
    mean_relevant: float
    extra: dict[str, tuple[Scores, Scores]] = field(default_factory=dict)

    @property
    def beats_baseline(self) -> bool:
        return self.ours.recall_at_5 >= self.baseline.recall_at_5 and self.ours.mrr >= self.baseline.mrr


class NotEnoughData(Exception):
    pass


def incidents() -> list[Incident]:
    """The imported write-ups (reviews with an external id), as the evaluation sees them."""
    reviews = Review.objects.exclude(external_id=None).prefetch_related("factors__category").order_by("pk")
    return [
        Incident(
            review_id=review.pk,
            team_id=review.team_id,
            text=f"{review.title}\n{review.summary}",
            keywords=frozenset(" ".join(str(word).lower().split()) for word in review.keywords or []),
            categories=frozenset(factor.category.slug for factor in review.factors.all()),
        )
        for review in reviews
    ]


Relevance = Callable[[Incident, Incident], bool]


def shares_cause_and_keyword(cases: Sequence[Incident]) -> Relevance:
    frequency = Counter(word for case in cases for word in case.keywords)

    def relevant(query: Incident, other: Incident) -> bool:
        return (
            query.team_id != other.team_id
            and bool(query.categories & other.categories)
            and any(frequency[word] <= SPECIFIC_KEYWORD_MAX_DF for word in query.keywords & other.keywords)
        )

    return relevant


def shares_cause(query: Incident, other: Incident) -> bool:
    return query.team_id != other.team_id and bool(query.categories & other.categories)


def scores(rankings: dict[int, list[int]], judgements: dict[int, set[int]]) -> Scores:
    """recall@5 = |top 5 ∩ relevant| / min(|relevant|, 5); MRR = mean of 1 / rank of the first relevant."""
    recall = reciprocal = 0.0
    for query, relevant in judgements.items():
        ranked = rankings.get(query, [])
        recall += len(set(ranked[:CUTOFF]) & relevant) / min(len(relevant), CUTOFF)
        first = next((position for position, item in enumerate(ranked[:DEPTH], start=1) if item in relevant), None)
        reciprocal += 1 / first if first else 0.0
    count = len(judgements) or 1
    return Scores(recall_at_5=recall / count, mrr=reciprocal / count, queries=len(judgements))


def ours(cases: Sequence[Incident]) -> dict[int, list[int]]:
    """Learnloop's "seen before?" ranking, through the product's own index and code."""
    return {
        case.review_id: [
            hit.object_id
            for hit, _score, _reasons in rank(
                case.text,
                viewer=EVERYTHING,
                top=DEPTH,
                kinds=["review"],
                exclude_team_ids=[case.team_id],
                exclude=[("review", case.review_id)],
            )
        ]
        for case in cases
    }


def plain_bm25(cases: Sequence[Incident]) -> dict[int, list[int]]:
    """The baseline: SQLite FTS5's bm25() with every field weighed the same, over the same indexed
    text (title, body, tags), with every word of the same query text, in a throwaway in-memory
    database, so it is the same BM25 whichever database Learnloop runs on."""
    wanted = {case.review_id for case in cases}
    rows = SearchDocument.objects.filter(kind="review", object_id__in=wanted).values_list(
        "object_id", "team_id", "title", "body", "tags"
    )
    memory = sqlite3.connect(":memory:")
    try:
        memory.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, tags, tokenize='porter unicode61 remove_diacritics 2')"
        )
        memory.execute("CREATE TABLE teams (id INTEGER PRIMARY KEY, team_id INTEGER)")
        for object_id, team_id, title, body, tags in rows:
            memory.execute(
                "INSERT INTO docs(rowid, title, body, tags) VALUES (?, ?, ?, ?)", (object_id, title, body, tags)
            )
            memory.execute("INSERT INTO teams VALUES (?, ?)", (object_id, team_id))
        rankings = {}
        for case in cases:
            terms = query_terms(case.text, limit=BASELINE_MAX_TERMS)
            match = " OR ".join(f'"{term}"' for term in terms)
            found = memory.execute(
                "SELECT docs.rowid FROM docs JOIN teams ON teams.id = docs.rowid "
                "WHERE docs MATCH ? AND teams.team_id != ? ORDER BY bm25(docs) LIMIT ?",
                (match, case.team_id, DEPTH),
            ).fetchall()
            rankings[case.review_id] = [row[0] for row in found]
        return rankings
    finally:
        memory.close()


def judge(cases: Sequence[Incident], relevant: Relevance) -> dict[int, set[int]]:
    """For every incident with at least one relevant other incident: those incidents."""
    judgements = {}
    for query in cases:
        found = {other.review_id for other in cases if other.review_id != query.review_id and relevant(query, other)}
        if found:
            judgements[query.review_id] = found
    return judgements


def evaluate() -> Evaluation:
    cases = incidents()
    judgements = judge(cases, shares_cause_and_keyword(cases))
    if len(judgements) < MIN_QUERIES:
        raise NotEnoughData(
            f"Only {len(cases)} imported write-ups ({len(judgements)} with a related incident): import the public "
            "postmortems first (learnloop import postmortems ../shared/data/postmortems)."
        )
    queried = [case for case in cases if case.review_id in judgements]
    ours_ranked, baseline_ranked = ours(cases), plain_bm25(cases)
    loose = judge(cases, shares_cause)
    return Evaluation(
        incidents=len(cases),
        relevance=(
            "another team, a shared category and a shared keyword "
            f"carried by at most {SPECIFIC_KEYWORD_MAX_DF} write-ups"
        ),
        ours=scores({q.review_id: ours_ranked[q.review_id] for q in queried}, judgements),
        baseline=scores({q.review_id: baseline_ranked[q.review_id] for q in queried}, judgements),
        mean_relevant=sum(map(len, judgements.values())) / len(judgements),
        extra={"another team, a shared category": (scores(ours_ranked, loose), scores(baseline_ranked, loose))},
    )
