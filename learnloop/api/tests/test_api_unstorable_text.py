"""Text that no database stores (a NUL character, a lone UTF-16 surrogate) is refused with a 422
that says where it was, anywhere in a JSON body or a query string, and nothing is written.
The same on SQLite and PostgreSQL: PostgreSQL would refuse NUL with an error, SQLite would keep it."""

from __future__ import annotations

import pytest

from learnloop.knowledge.models import Playbook

NUL = "\x00"
SURROGATE = "\ud800"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SURROGATE, "Text may not contain a lone surrogate (\\ud800 to \\udfff): it is not a character."),
        (f"Roll{NUL}back", "Text may not contain the NUL character (\\u0000)."),
    ],
)
def test_a_playbook_title_with_unstorable_text_is_a_422_and_nothing_is_written(api_as, bob, text, message):
    response = api_as(bob).post("/playbooks", {"team": "platform", "title": text, "body": "Run it."})
    assert response.status_code == 422
    assert response.json() == {"detail": f"title: {message}", "errors": {"title": [message]}}
    assert not Playbook.objects.exists()


def test_the_error_names_the_place_inside_lists_and_objects(api_as, bob):
    api = api_as(bob)
    tagged = api.post("/playbooks", {"team": "platform", "title": "Rollback", "tags": ["ok", f"bad{NUL}"]})
    assert list(tagged.json()["errors"]) == ["tags.1"]
    keyed = api.post("/pulses/1/answers", {"scores": {"1": 3}, "comments": {f"1{NUL}": "fine"}})
    assert keyed.status_code == 422
    assert list(keyed.json()["errors"]) == ["comments.1\\u0000"]
    assert not Playbook.objects.exists()


def test_the_body_as_a_whole_can_be_refused(api_as, bob):
    response = api_as(bob).post("/playbooks", SURROGATE)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["body"]


def test_raw_utf8_encoded_surrogates_in_the_body_are_refused_too(api_as, bob):
    # \xed\xa0\x80 is how a surrogate would look in UTF-8, which Python's JSON reader lets through.
    api = api_as(bob)
    body = b'{"team": "platform", "title": "\xed\xa0\x80"}'
    response = api.client.post("/api/v1/playbooks", body, content_type="application/json", headers=api._headers())
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["title"]
    assert not Playbook.objects.exists()


def test_a_nul_in_the_query_string_is_a_422_that_names_the_parameter(api_as, alice):
    response = api_as(alice).get("/people", {"q": f"Al{NUL}ice"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"q": ["Text may not contain the NUL character (\\u0000)."]}
    assert api_as(alice).get("/reviews", {"q": NUL}).status_code == 422


def test_ordinary_text_beyond_the_basic_plane_is_accepted(api_as, bob):
    response = api_as(bob).post("/playbooks", {"team": "platform", "title": "Rollback 🚀 ✓", "body": "Ça marche."})
    assert response.status_code == 201, response.content
    assert Playbook.objects.get().title == "Rollback 🚀 ✓"
