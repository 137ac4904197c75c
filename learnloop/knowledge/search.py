"""Searching what a person may see: one search over lessons, reviews, retro summaries, playbooks and
decision notes, with filters, highlighted snippets and pages. Pages, API and CLI all call this."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from learnloop.core.search import EVERYTHING, NOBODY, Filters, Hit, Viewer, count, query_terms, search
from learnloop.knowledge.search_sources import KIND_LABELS
from learnloop.loops.selectors import team_ids_of
from learnloop.people.models import Person, Team

PER_PAGE = 20
MAX_PAGE = 50


def viewer_for(actor: Any) -> Viewer:
    """The index's view of an actor: admins and the command line see all, a person their teams'
    private work plus what is shared with the organization, anyone else nothing private."""
    ids = team_ids_of(actor)
    if ids is None:
        return EVERYTHING
    if not isinstance(actor, Person):
        return NOBODY
    return Viewer(team_ids=frozenset(ids), person_id=actor.pk)


@dataclass
class Result:
    hit: Hit
    team: str
    team_slug: str
    # False when the item holds only some of the words searched for (they come after all the others).
    every_word: bool = True

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.hit.kind, self.hit.kind)


@dataclass
class ResultPage:
    query: str
    results: list[Result] = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    per_page: int = PER_PAGE

    @property
    def start(self) -> int:
        """The number of the page's first result."""
        return (self.page - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def with_teams(hits: list[Hit]) -> list[Result]:
    """Hits with their owning team's current name, in one query."""
    teams = {team.pk: team for team in Team.objects.filter(pk__in={hit.team_id for hit in hits})}
    return [
        Result(
            hit=hit,
            team=str(teams[hit.team_id]) if hit.team_id in teams else "",
            team_slug=teams[hit.team_id].slug if hit.team_id in teams else "",
        )
        for hit in hits
    ]


def search_for(
    actor: Any,
    text: str,
    *,
    kinds: list[str] | None = None,
    team: Team | None = None,
    tag: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ResultPage:
    """Everything the actor may see that holds the words of `text`, most relevant first: items with
    every word first, then items with only some of them (so "certificate expired payments" still
    finds "Payments certificate rotation missed"), each group by relevance."""
    page = min(max(page, 1), MAX_PAGE)
    terms = query_terms(text)
    filters = Filters(
        kinds=tuple(kinds or ()),
        team_ids=(team.pk,) if team is not None else (),
        tag=tag.strip(),
        since=since,
        until=until,
    )
    viewer = viewer_for(actor)
    options: dict[str, Any] = {
        "viewer": viewer,
        "filters": filters,
        # A word still being typed ("certif") also matches as the start of a word.
        "prefix_last": bool(text) and not text[-1].isspace(),
    }
    offset, wanted = (page - 1) * per_page, per_page + 1  # one row more says whether there is a next page
    hits = search(terms, limit=wanted, offset=offset, **options)
    every_word = len(hits)
    if len(hits) < wanted and len(terms) > 1:
        # The items with every word end on this page (or before it): go on with those holding some.
        holding_all = offset + len(hits) if hits or not offset else count(terms, **options)
        hits += search(
            terms, not_all=True, limit=wanted - len(hits), offset=offset + len(hits) - holding_all, **options
        )
    results = with_teams(hits[:per_page])
    for result in results[every_word:]:
        result.every_word = False
    return ResultPage(query=text, results=results, page=page, has_next=len(hits) > per_page, per_page=per_page)
