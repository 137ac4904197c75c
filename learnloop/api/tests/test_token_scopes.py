"""Scopes: a read token only reads, a write token also writes."""

from __future__ import annotations

import pytest

from learnloop.people.models import Membership, Team

WRITES = [
    ("post", "/teams", {"name": "Platform SRE", "parent": "platform"}),
    ("patch", "/teams/platform", {"name": "Platform Core"}),
    ("put", "/teams/platform/members/{charlie}", {"role": "member"}),
    ("delete", "/teams/platform/members/{bob}", None),
]


def test_a_read_token_reads(api_as, bob):
    api = api_as(bob, scope="read")
    for path in ["/me", "/people", f"/people/{bob.pk}", "/teams", "/teams/platform"]:
        assert api.get(path).status_code == 200, path


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_a_read_token_cannot_write(api_as, alice, bob, charlie, method, path, body):
    api = api_as(alice, scope="read")  # Alice could make every one of these changes with a write token
    path = path.format(bob=bob.pk, charlie=charlie.pk)
    call = getattr(api, method)
    response = call(path, body) if body is not None else call(path)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This access token is read-only: create a token with the write scope to make changes."
    }
    assert not Team.objects.filter(name__in=["Platform SRE", "Platform Core"]).exists()
    assert not Membership.objects.filter(person=charlie, team__slug="platform").exists()
    assert Membership.objects.filter(person=bob, team__slug="platform").exists()


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_a_write_token_writes(api_as, alice, bob, charlie, method, path, body):
    api = api_as(alice, scope="write")
    path = path.format(bob=bob.pk, charlie=charlie.pk)
    call = getattr(api, method)
    response = call(path, body) if body is not None else call(path)
    assert response.status_code in {200, 201, 204}
