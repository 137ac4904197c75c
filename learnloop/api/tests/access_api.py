"""Expected access to the token pages (see core/tests/access.py). The API's own operations are
listed by the app that owns each of them.

A token belongs to one person: Bob's (platform) or Charlie's (sales). Only its owner revokes it;
for anyone else, the admin included, it does not exist.
"""

from __future__ import annotations

from learnloop.core.tests.access import Call, World, table

PAGES = table("""
# route        method object   anonymous outsider member facilitator manager analyst admin
tokens         GET    -        login     200      200    200         200     200     200
tokens         POST   -        login     201      201    201         201     201     201
token-revoke   POST   platform login     404      302    404         404     404     404
token-revoke   POST   sales    login     302      404    404         404     404     404
""")


def build(world: World) -> None:
    from learnloop.api.services import token_create

    for team in ("platform", "sales"):
        world.at(team).token, _secret = token_create(actor=world.member(team), name="laptop", scope="read")


def call(name: str, world: World, team: str | None) -> Call:
    if name == "tokens":
        return Call(data={"name": "CI", "scope": "read"})
    return Call(kwargs={"pk": world.at(team).token.pk})
