"""An id in a path larger than any database key is a 422 that names it, never a server error;
the largest possible id that names nothing is an ordinary 404."""

from __future__ import annotations

from learnloop.core.web import MAX_ID
from learnloop.people.models import Membership

HUGE = 5174856449953755801059328  # what schemathesis sent; SQLite cannot even bind it


def test_a_huge_id_in_a_path_is_a_422_that_names_it(api_as, alice):
    api = api_as(alice)
    removed = api.delete(f"/teams/platform/members/{HUGE}")
    assert removed.status_code == 422
    assert list(removed.json()["errors"]) == ["person_id"]
    assert api.get(f"/people/{HUGE}").status_code == 422
    assert api.get(f"/retros/{MAX_ID + 1}").status_code == 422
    assert Membership.objects.filter(person=alice).exists()


def test_the_largest_id_is_an_ordinary_not_found(api_as, alice):
    api = api_as(alice)
    assert api.delete(f"/teams/platform/members/{MAX_ID}").json() == {"detail": "Not found."}
    assert api.get(f"/people/{MAX_ID}").status_code == 404
    assert api.get(f"/retros/{MAX_ID}").status_code == 404
