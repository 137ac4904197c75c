""" "Seen before?" beside a review, lesson or card being written: other teams' similar items, debounced,
a one-click repeat link through the loop's service, and nothing stored for a card."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from learnloop.core.models import AuditEvent
from learnloop.knowledge.tests.searching import make
from learnloop.loops import services, writing_aids
from learnloop.loops.models import Repeat


@pytest.fixture
def sales_outage(alice, charlie, org):
    return make(
        "review",
        actor=charlie,
        team=org["sales"],
        title="Payment webhook retries flooded the queue",
        text="webhook retries flooded the queue",
        visibility="organization",
    )


@pytest.fixture
def platform_review(bob, org):
    return services.review_create(actor=bob, team=org["platform"], title="Draft", summary="")


def ask(client, **data):
    return client.post(reverse("knowledge-seen-before"), data, headers={"HX-Request": "true"})


def test_the_review_edit_page_has_a_debounced_panel(client, bob, platform_review):
    client.force_login(bob.user)
    page = client.get(reverse("review-edit", args=[platform_review.pk])).content.decode()
    assert "Seen before?" in page
    assert 'hx-trigger="keyup changed delay:500ms from:#review-edit-form, load"' in page
    assert reverse("knowledge-seen-before") in page


def test_the_create_lesson_and_card_forms_have_the_panel_too(client, alice, bob, org, platform_review):
    client.force_login(bob.user)
    assert "Seen before?" in client.get(reverse("review-create", args=["platform"])).content.decode()
    lesson = services.lesson_create(actor=bob, source=platform_review, title="Lesson")
    assert "Seen before?" in client.get(reverse("lesson-edit", args=[lesson.pk])).content.decode()
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint", format="start-stop-continue")
    services.retro_set_phase(actor=alice, retro=retro, phase="gathering")
    board = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "from:#add-card-" in board


def test_similar_items_of_other_teams_appear_but_not_the_writers_own(client, bob, org, platform_review, sales_outage):
    make("review", actor=bob, team=org["platform"], title="Our own webhook retries", text="webhook retries queue")
    client.force_login(bob.user)
    response = ask(client, subject="review", object=platform_review.pk, summary="The webhook retries flooded our queue")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Payment webhook retries flooded the queue" in body
    assert "Our own webhook retries" not in body
    assert "Same problem: link as a repeat" in body


def test_short_text_asks_for_more_before_suggesting(client, bob, platform_review, sales_outage):
    client.force_login(bob.user)
    body = ask(client, subject="review", object=platform_review.pk, summary="webhook").content.decode()
    assert "Payment webhook" not in body


def test_accepting_a_suggestion_records_a_repeat_through_the_loop(client, bob, platform_review, sales_outage):
    client.force_login(bob.user)
    response = client.post(
        reverse("knowledge-seen-before-accept"),
        {"subject": "review", "object": platform_review.pk, "earlier": sales_outage.pk},
        headers={"HX-Request": "true"},
    )
    assert "Linked as the same problem" in response.content.decode()
    repeat = Repeat.objects.get()
    assert {repeat.review, repeat.earlier_review} == {platform_review, sales_outage}
    assert repeat.reason == Repeat.Reason.SEEN_BEFORE and repeat.created_by == bob
    assert AuditEvent.objects.filter(action="review.repeat_linked").exists()
    again = ask(client, subject="review", object=platform_review.pk, summary="The webhook retries flooded our queue")
    assert "Linked as the same problem" in again.content.decode()


def test_nobody_links_what_they_may_not_see_or_write(client, bob, charlie, dana, org, platform_review, sales_outage):
    private = make("review", actor=charlie, team=org["sales"], title="Sales private", text="private")
    client.force_login(bob.user)
    url = reverse("knowledge-seen-before-accept")
    assert (
        client.post(url, {"subject": "review", "object": platform_review.pk, "earlier": private.pk}).status_code == 404
    )
    client.force_login(dana.user)
    assert (
        client.post(url, {"subject": "review", "object": platform_review.pk, "earlier": sales_outage.pk}).status_code
        == 404
    )
    assert ask(client, subject="review", object=platform_review.pk, summary="a b c d").status_code == 404
    assert not Repeat.objects.exists()


def test_asking_about_a_card_stores_nothing(client, alice, bob, org, sales_outage):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint", format="start-stop-continue")
    client.force_login(bob.user)
    tables = set(connection.introspection.table_names())
    counts = {model: model.objects.count() for model in apps.get_models() if model._meta.db_table in tables}
    response = ask(client, subject="card", retro=retro.pk, text="webhook retries flooded the queue again")
    assert "Payment webhook retries flooded the queue" in response.content.decode()
    assert "link as a repeat" not in response.content.decode()
    assert {model: model.objects.count() for model in counts} == counts
    assert (
        "sessionid" not in response.cookies or response.cookies["sessionid"].value == client.cookies["sessionid"].value
    )


def test_nonsense_is_refused(client, bob):
    client.force_login(bob.user)
    assert ask(client, subject="poem", text="x y z").status_code == 400
    assert ask(client, subject="review", object="abc").status_code == 400


def test_the_loop_pages_work_without_any_writing_aid(client, bob, platform_review, monkeypatch):
    monkeypatch.setattr(writing_aids, "_providers", [])
    client.force_login(bob.user)
    page = client.get(reverse("review-edit", args=[platform_review.pk]))
    assert page.status_code == 200 and "Seen before?" not in page.content.decode()
