""" "Seen before?": earlier reviews, lessons, playbooks and decision notes like the text being written.

Ranking, in explainable steps (docs/search.md has the evaluation that chose each of them):

1. The text's most telling words: its distinct words that are not stop words, the rarest in the
   index first (by document frequency, `core.search.terms`), at most MAX_TERMS of them and at most
   MAX_MATCHES documents holding them in all. A long text costs no more than a short one, a big
   index no more than a cap, and a common word ("outage", "service") says little anyway.
2. Candidates: the CANDIDATES best items for any of those words, by BM25 with the search's field
   weights (title 8, tags 4, text 1; on PostgreSQL ts_rank's best matches re-ranked by BM25).
3. Pseudo-relevance feedback: the words that best characterize the FEEDBACK_DOCUMENTS best candidates
   (frequent in them, rare in the index, found in at least two documents) make a second query. An
   item's score is QUERY_WEIGHT x its score for the text's words plus its score for those words, so
   a write-up that says "certificate lapsed" can find one that says "certificate expired".
4. An item whose own tags or keywords the text mentions ("handshake timeout") and, when the caller
   gives the text's contributing-factor categories (a review's own factors), an item sharing them
   get a small lift. Best first; each result says why it was suggested.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from learnloop.core.search import RELEVANCE, Filters, Hit, Term, Viewer, weighted_search
from learnloop.core.search.models import SearchDocument
from learnloop.core.search.terms import Frequencies, frequencies
from learnloop.core.search.text import terms_and_words, text_terms
from learnloop.knowledge.search import viewer_for, with_teams

CANDIDATES = 100
MAX_TERMS = 24
# At most this many document matches summed over a query's words: the cost cap on a big index
# (docs/performance.md). A few hundred documents never reach it.
MAX_MATCHES = 2_000
FEEDBACK_DOCUMENTS = 5
FEEDBACK_TERMS = 10
# A feedback word must be in at least this many documents: one only the feedback item holds finds
# nothing new.
FEEDBACK_MIN_DOCUMENTS = 2
QUERY_WEIGHT = 3.0
MENTION_WEIGHT = 0.1
CATEGORY_WEIGHT = 0.5
KINDS = ("review", "lesson", "playbook", "decision")


def idf(documents_with_term: int, documents: int) -> float:
    """BM25's inverse document frequency (Lucene's, never negative)."""
    documents = max(documents, documents_with_term)
    return math.log(1 + (documents - documents_with_term + 0.5) / (documents_with_term + 0.5))


def telling_words(text: str, *, limit: int | None = None, using: str = DEFAULT_DB_ALIAS) -> list[Term]:
    """The text's words that say most, rarest in the index first; words the index does not count
    (none of its documents holds them, or its counts are not built) come after, in text order."""
    counts, first = terms_and_words(text)
    known = frequencies(counts, using=using)
    order = {term: position for position, term in enumerate(counts)}
    rare_first = sorted((term for term in counts if term in known.of), key=lambda term: (known.of[term], order[term]))
    unknown = [term for term in counts if term not in known.of]
    return [
        Term(word=first[term], idf=idf(known.of.get(term, 0), known.documents))
        for term in _within_budget([*rare_first, *unknown], known, limit or MAX_TERMS)
    ]


def _within_budget(terms: Sequence[str], known: Frequencies, limit: int) -> list[str]:
    """The first `limit` terms, in the order given, while the documents they are in add up to at most
    MAX_MATCHES (a term that would overrun it is skipped, but the first is always taken): a query
    costs about one BM25 score per document its words are in, so this bounds the time a big index
    takes, and a text of common words still finds something."""
    chosen: list[str] = []
    matches = 0
    for term in terms:
        held = known.of.get(term, 0)
        if len(chosen) == limit:
            break
        if not chosen or matches + held <= MAX_MATCHES:
            chosen.append(term)
            matches += held
    return chosen


def feedback_words(
    hits: Sequence[Hit], *, leave_out: set[str], limit: int | None = None, using: str = DEFAULT_DB_ALIAS
) -> list[Term]:
    """Words characterizing the best hits: sum over them of (share of the hit's words) x (its score
    relative to the best), times idf; words of the text itself left out."""
    top = list(hits[:FEEDBACK_DOCUMENTS])
    if not top:
        return []
    best = max(hit.score for hit in top) or 1.0
    rows = SearchDocument.objects.using(using).filter(id__in=[hit.id for hit in top])
    texts = {row[0]: row[1:] for row in rows.values_list("id", "title", "body", "tags")}
    weight: dict[str, float] = {}
    surface: dict[str, str] = {}
    for hit in top:
        if hit.id not in texts:
            continue
        title, body, tags = texts[hit.id]
        counts, first = terms_and_words(f"{title}\n{tags.replace('|', ' ')}\n{body}")
        length = sum(counts.values()) or 1
        for term, count in counts.items():
            if term not in leave_out and not term.isdigit():
                weight[term] = weight.get(term, 0.0) + count / length * max(hit.score, 0.0) / best
                surface.setdefault(term, first[term])
    known = frequencies(weight, using=using)
    scored = {
        term: value * idf(known.of[term], known.documents)
        for term, value in weight.items()
        if known.of.get(term, 0) >= FEEDBACK_MIN_DOCUMENTS
    }
    best_first = sorted(scored, key=lambda term: (-scored[term], term))
    chosen = _within_budget(best_first, known, FEEDBACK_TERMS if limit is None else limit)
    return [Term(word=surface[term], idf=idf(known.of[term], known.documents)) for term in chosen]


@dataclass
class Suggestion:
    kind: str
    id: int
    external_id: str | None
    title: str
    team: str
    team_id: int
    url: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "external_id": self.external_id,
            "title": self.title,
            "team": self.team,
            "score": round(self.score, 4),
        }


@lru_cache(maxsize=4096)
def _tag_terms(tag: str) -> tuple[str, ...]:
    return tuple(text_terms(tag))


def mentioned_tags(hit: Hit, said: Collection[str]) -> list[str]:
    """The item's tags and keywords (not its factor categories) whose every word the text holds."""
    categories = set(hit.category_list())
    found = []
    for tag in hit.tag_list():
        terms = _tag_terms(tag)
        if terms and tag not in categories and all(term in said for term in terms):
            found.append(tag)
    return found


def rank(
    text: str,
    *,
    viewer: Viewer,
    top: int = 5,
    kinds: Sequence[str] = KINDS,
    exclude_team_ids: Sequence[int] = (),
    exclude: Sequence[tuple[str, int]] = (),
    categories: Sequence[str] = (),
    using: str = DEFAULT_DB_ALIAS,
) -> list[tuple[Hit, float, list[str]]]:
    """(hit, score, reasons), best first: the ranking without the display details."""
    filters = Filters(kinds=tuple(kinds), exclude_team_ids=tuple(exclude_team_ids), exclude_documents=tuple(exclude))
    query = telling_words(text, using=using)
    options: dict[str, Any] = {"viewer": viewer, "filters": filters, "weights": RELEVANCE, "using": using}
    candidates = weighted_search(query, limit=CANDIDATES, **options)
    if not candidates:
        return []
    combined = {hit.id: QUERY_WEIGHT * hit.score for hit in candidates}
    hits = {hit.id: hit for hit in candidates}
    said = set(terms_and_words(text)[0])
    for hit in weighted_search(feedback_words(candidates, leave_out=said, using=using), limit=CANDIDATES, **options):
        combined[hit.id] = combined.get(hit.id, 0.0) + hit.score
        hits.setdefault(hit.id, hit)
    best = max(combined.values()) or 1.0
    given = {name.lower() for name in categories}
    scored = []
    for hit in hits.values():
        mentions = mentioned_tags(hit, said)
        shared = [name for name in hit.category_list() if name in given]
        score = (
            combined[hit.id] / best
            + MENTION_WEIGHT * len(mentions)
            + CATEGORY_WEIGHT * len(shared) / max(len(given), 1)
        )
        reasons = ["similar words"]
        if mentions:
            reasons.append("mentions " + ", ".join(mentions[:3]))
        if shared:
            reasons.append("same kind of cause: " + ", ".join(shared[:2]))
        scored.append((hit, score, reasons))
    scored.sort(key=lambda item: (-item[1], item[0].id))
    return scored[:top]


def similar_to(
    actor: Any,
    text: str,
    *,
    top: int = 5,
    kinds: Sequence[str] = KINDS,
    exclude_team_ids: Sequence[int] = (),
    exclude: Sequence[tuple[str, int]] = (),
    categories: Sequence[str] = (),
) -> list[Suggestion]:
    """Items like `text` that the actor may see, best first, from teams other than the excluded ones."""
    ranked = rank(
        text,
        viewer=viewer_for(actor),
        top=top,
        kinds=kinds,
        exclude_team_ids=exclude_team_ids,
        exclude=exclude,
        categories=categories,
    )
    results = with_teams([hit for hit, _score, _reasons in ranked])
    return [
        Suggestion(
            kind=hit.kind,
            id=hit.object_id,
            external_id=hit.external_id,
            title=hit.title,
            team=result.team,
            team_id=hit.team_id,
            url=hit.url,
            score=score,
            reasons=reasons,
        )
        for (hit, score, reasons), result in zip(ranked, results, strict=True)
    ]
