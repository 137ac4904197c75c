""" "Seen before?": earlier reviews, lessons, playbooks and decision notes like the text being written.

Ranking, in three explainable steps (docs/search.md has the evaluation behind them):

1. Candidates: the 100 best items for *any* of the text's first 12 words by BM25 (SQLite FTS5; ts_rank on
   PostgreSQL), with a match in an item's tags and keywords counting three times a match in its body.
2. Each candidate scores its BM25 relative to the best candidate (0..1), plus
   MENTION_WEIGHT for each of its own tags or keywords the text mentions ("handshake timeout"),
   plus CATEGORY_WEIGHT times how much its contributing-factor categories agree with the text's:
   the categories given (a review's own factors), or else those of the ten best candidates
   weighted by their BM25 (pseudo-relevance feedback).
3. Best score first; each result says why it was suggested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from learnloop.core.search import Filters, Hit, Viewer, Weights, query_terms, search, words
from learnloop.core.search.text import stem
from learnloop.knowledge.search import viewer_for, with_teams

CANDIDATES = 100
# The first distinct words that are not stop words (a title's come first): faster than the whole
# text, and better on the evaluation (docs/search.md).
MAX_TERMS = 12
FEEDBACK_DEPTH = 10
MENTION_WEIGHT = 0.5
CATEGORY_WEIGHT = 0.5
CANDIDATE_WEIGHTS = Weights(title=1.0, body=1.0, tags=3.0)
KINDS = ("review", "lesson", "playbook", "decision")


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


def _stems(text: str) -> set[str]:
    return {stem(word) for word in words(text)}


def mentioned_tags(hit: Hit, text_stems: set[str]) -> list[str]:
    """The item's tags and keywords (not its factor categories) whose every word the text holds."""
    categories = set(hit.category_list())
    found = []
    for tag in hit.tag_list():
        if tag in categories:
            continue
        tag_stems = [stem(word) for word in words(tag)]
        if tag_stems and all(word in text_stems for word in tag_stems):
            found.append(tag)
    return found


def category_profile(candidates: Sequence[Hit], top: float, given: Sequence[str]) -> dict[str, float]:
    """How strongly each factor category belongs to the text, as shares that add up to 1."""
    profile: dict[str, float] = {}
    if given:
        profile = {name.lower(): 1.0 for name in given}
    else:
        for hit in candidates[:FEEDBACK_DEPTH]:
            for category in hit.category_list():
                profile[category] = profile.get(category, 0.0) + hit.score / top
    total = sum(profile.values())
    return {name: weight / total for name, weight in profile.items()} if total else profile


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
    terms = query_terms(text, limit=MAX_TERMS)
    filters = Filters(kinds=tuple(kinds), exclude_team_ids=tuple(exclude_team_ids), exclude_documents=tuple(exclude))
    candidates = search(
        terms,
        viewer=viewer,
        filters=filters,
        any_term=True,
        weights=CANDIDATE_WEIGHTS,
        limit=CANDIDATES,
        snippets=False,
        using=using,
    )
    if not candidates:
        return []
    best = max(hit.score for hit in candidates) or 1.0
    text_stems = _stems(text)
    profile = category_profile(candidates, best, categories)
    scored = []
    for hit in candidates:
        mentions = mentioned_tags(hit, text_stems)
        shared = [name for name in hit.category_list() if profile.get(name)]
        score = (
            hit.score / best
            + MENTION_WEIGHT * len(mentions)
            + CATEGORY_WEIGHT * sum(profile.get(name, 0.0) for name in hit.category_list())
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
