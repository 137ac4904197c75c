"""The search page: ranked results over every kind, filters, highlighted snippets and pages."""

from __future__ import annotations

import datetime

from django.urls import reverse

from learnloop.knowledge.tests.searching import make
from learnloop.loops import services


def titles(response) -> list[str]:
    return [result.hit.title for result in response.context["results"].results]


def test_one_search_finds_every_kind_by_a_word_in_it(client, alice, bob, org):
    for kind in ["review", "lesson", "retro", "playbook", "decision"]:
        make(kind, actor=alice, team=org["platform"], title=f"{kind} about certificates", text="certificate expiry")
    client.force_login(bob.user)
    response = client.get(reverse("knowledge-search"), {"q": "certificate"})
    assert response.status_code == 200
    kinds = {result.hit.kind for result in response.context["results"].results}
    assert kinds == {"review", "lesson", "retro", "playbook", "decision"}


def test_a_title_match_ranks_above_a_passing_mention(client, alice, bob, org):
    make("lesson", actor=alice, team=org["platform"], title="Runbooks drift", text="Mentions rollback once in passing.")
    make("lesson", actor=alice, team=org["platform"], title="Rollback before you debug", text="Roll back first.")
    client.force_login(bob.user)
    assert titles(client.get(reverse("knowledge-search"), {"q": "rollback"})) == [
        "Rollback before you debug",
        "Runbooks drift",
    ]


def test_matched_words_are_highlighted_and_stemmed(client, alice, bob, org):
    make(
        "playbook", actor=alice, team=org["platform"], title="Failover drill", text="We failed over the database twice."
    )
    client.force_login(bob.user)
    page = client.get(reverse("knowledge-search"), {"q": "databases"}).content.decode()
    assert "<mark>database</mark>" in page


def test_a_snippet_cannot_inject_html(client, alice, bob, org):
    make(
        "playbook",
        actor=alice,
        team=org["platform"],
        title="<img src=x onerror=alert(1)> pager",
        text='pager <script>alert("x")</script> \x02<b>forged</b>\x03 <mark>fake</mark>',
    )
    client.force_login(bob.user)
    page = client.get(reverse("knowledge-search"), {"q": "pager"}).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert "<b>forged</b>" not in page
    assert "<mark>fake</mark>" not in page
    assert "<mark>pager</mark>" in page


def test_filters_narrow_by_kind_team_tag_and_date(client, alice, bob, org):
    make("lesson", actor=alice, team=org["platform"], title="Queue backlog lesson", text="queue")
    make("playbook", actor=alice, team=org["platform"], title="Queue backlog playbook", text="queue")
    sales = make(
        "lesson", actor=alice, team=org["platform"], title="Queue in sales", text="queue", visibility="organization"
    )
    sales.team = org["sales"]
    sales.save()
    client.force_login(bob.user)
    url = reverse("knowledge-search")
    assert titles(client.get(url, {"q": "queue", "kind": "playbook"})) == ["Queue backlog playbook"]
    assert titles(client.get(url, {"q": "queue", "team": "sales"})) == ["Queue in sales"]
    assert set(titles(client.get(url, {"q": "queue", "tag": "ops"}))) == {"Queue backlog lesson", "Queue in sales"}
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert titles(client.get(url, {"q": "queue", "since": tomorrow})) == []


def test_a_reversed_period_is_refused_with_a_clear_message(client, bob):
    client.force_login(bob.user)
    response = client.get(reverse("knowledge-search"), {"q": "x", "since": "2026-05-01", "until": "2026-04-01"})
    assert response.status_code == 200
    assert "The period starts after it ends." in response.content.decode()
    assert response.context["results"] is None


def test_results_come_in_pages(client, alice, bob, org):
    for number in range(23):
        make("lesson", actor=alice, team=org["platform"], title=f"Timeout number {number}", text="timeout")
    client.force_login(bob.user)
    url = reverse("knowledge-search")
    first = client.get(url, {"q": "timeout"})
    second = client.get(url, {"q": "timeout", "page": 2})
    assert len(titles(first)) == 20 and first.context["results"].has_next
    assert len(titles(second)) == 3 and not second.context["results"].has_next
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="next"' in first.content.decode()


def test_htmx_gets_only_the_results(client, alice, bob, org):
    make("lesson", actor=alice, team=org["platform"], title="Quorum lost", text="quorum")
    client.force_login(bob.user)
    response = client.get(reverse("knowledge-search"), {"q": "quorum"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<mark>Quorum</mark> lost" in body and "<html" not in body


def test_an_edit_is_searchable_at_once_and_a_deleted_item_is_gone(client, alice, bob, org):
    lesson = make("lesson", actor=alice, team=org["platform"], title="Old wording", text="")
    services.lesson_update(
        actor=alice, lesson=lesson, title="New wording about pagers", detail="", tags=["oncall"], visibility="team"
    )
    client.force_login(bob.user)
    url = reverse("knowledge-search")
    assert titles(client.get(url, {"q": "pagers"})) == ["New wording about pagers"]
    assert titles(client.get(url, {"q": "wording", "tag": "oncall"})) == ["New wording about pagers"]
    assert titles(client.get(url, {"q": "old"})) == []
    lesson.delete()
    assert titles(client.get(url, {"q": "pagers"})) == []


def test_the_page_lists_at_most_a_fixed_number_of_queries(client, alice, bob, org, django_assert_max_num_queries):
    for number in range(12):
        make("lesson", actor=alice, team=org["platform"], title=f"Disk alert {number}", text="disk")
    client.force_login(bob.user)
    with django_assert_max_num_queries(12):
        client.get(reverse("knowledge-search"), {"q": "disk"})


def test_a_word_still_being_typed_matches_as_a_prefix(client, alice, bob, org):
    make("lesson", actor=alice, team=org["platform"], title="Certificates expire quietly", text="certificate rotation")
    client.force_login(bob.user)
    url = reverse("knowledge-search")
    assert titles(client.get(url, {"q": "certificate quie"})) == ["Certificates expire quietly"]
    assert titles(client.get(url, {"q": "certificates quietly"})) == ["Certificates expire quietly"]
    # A trailing space ends the word: "quie" is then a whole word, which nothing holds.
    assert titles(client.get(url, {"q": "quie "})) == []
    page = client.get(url, {"q": "certificate quie "})
    assert titles(page) == ["Certificates expire quietly"] and "has some of your words" in page.content.decode()
