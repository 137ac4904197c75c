"""Expected access to search and "seen before?", pages and API (see core/tests/access.py).

Search answers everyone signed in, with only what each may read. "Seen before?" is asked about a
review being written: its team's members get suggestions and may link an earlier review of their
team as the same problem; anyone else gets 404, as if the review did not exist.
"""

from __future__ import annotations

from learnloop.core.tests.access import Call, World, table

PAGES = table("""
# route                        method object   anonymous outsider member facilitator manager analyst admin
knowledge-search               GET    -        login     200      200    200         200     200     200
knowledge-seen-before          POST   platform login     404      200    200         200     404     200
knowledge-seen-before          POST   sales    login     200      404    404         404     200     200
knowledge-seen-before-accept   POST   platform login     404      302    302         302     404     302
knowledge-seen-before-accept   POST   sales    login     302      404    404         404     302     302
""")

API = table("""
# operation                    method object   anonymous outsider member facilitator manager analyst admin
knowledge_search               GET    -        401       200      200    200         200     200     200
knowledge_similar              GET    -        401       200      200    200         200     200     200
""")


def build(world: World) -> None:
    """Search works over the other apps' objects."""


def call(name: str, world: World, team: str | None) -> Call:
    if name == "knowledge-search":
        return Call(query={"q": "canary"})
    if name == "knowledge_search":
        return Call(query={"q": "canary"})
    if name == "knowledge_similar":
        return Call(query={"text": "the deploy broke checkout"})
    here = world.at(team)
    if name == "knowledge-seen-before":
        return Call(
            data={"subject": "review", "object": here.review.pk, "summary": "webhook retries flooded the queue"}
        )
    return Call(data={"subject": "review", "object": here.review.pk, "earlier": here.review_earlier.pk})
