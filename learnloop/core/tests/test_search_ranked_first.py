"""SQLite's fast path ranks the best matches before checking who may see them; when too few of
them are visible it falls back to the full query, so a viewer always gets every visible match."""

from __future__ import annotations

import datetime

from learnloop.core.search.models import SearchDocument
from learnloop.core.search.query import Filters, Viewer, search


def add(number: int, *, team_id: int, visibility: str, words: str) -> None:
    SearchDocument.objects.create(
        kind="lesson",
        object_id=number,
        team_id=team_id,
        visibility=visibility,
        date=datetime.date(2026, 1, 1),
        url=f"/lessons/{number}/",
        title=f"Lesson {number}: {words}",
        body=f"{words} " * (1 + number % 4),
    )


def test_a_few_visible_matches_among_many_hidden_ones_are_all_found(db):
    for number in range(300):
        add(number, team_id=2, visibility="team", words="flaky widget rollout")
    for number in range(300, 306):
        add(number, team_id=1, visibility="team", words="flaky widget rollout")
    viewer = Viewer(team_ids=frozenset({1}), person_id=None)
    hits = search(["widget"], viewer=viewer, limit=5)
    assert len(hits) == 5
    assert {hit.object_id for hit in hits} <= set(range(300, 306))
    second = search(["widget"], viewer=viewer, limit=5, offset=5)
    assert {hit.object_id for hit in hits + second} == set(range(300, 306))


def test_the_fast_path_gives_the_same_page_as_the_full_ranking(db):
    for number in range(200):
        add(number, team_id=1 + number % 3, visibility="organization" if number % 2 else "team", words="disk full")
    viewer = Viewer(team_ids=frozenset({1}), person_id=None)
    everything = search(["disk"], viewer=viewer, limit=500)
    visible = {n for n in range(200) if n % 2 or n % 3 == 0}
    assert {hit.object_id for hit in everything} == visible
    pages = [search(["disk"], viewer=viewer, limit=10, offset=offset) for offset in range(0, 40, 10)]
    assert [hit.object_id for page in pages for hit in page] == [hit.object_id for hit in everything[:40]]
    assert search(["disk"], viewer=viewer, limit=10, filters=Filters(team_ids=[3])) != []
