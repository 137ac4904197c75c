"""The blame-language panel points at phrasing; it never touches the text."""

from __future__ import annotations

from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import Review

BLAMING = "The outage happened because Bob forgot to check the config; he should have been more careful."


def test_the_check_lists_each_flag_with_its_field_reason_and_suggestion(client, bob, review):
    client.force_login(bob.user)
    response = client.post(reverse("review-blame-check", args=[review.pk]), {"impact": BLAMING}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "“forgot to”" in fragment
    assert "“should have been”" in fragment
    assert "Impact" in fragment
    assert "Consider:" in fragment
    assert "per 1,000 words" in fragment


def test_the_check_never_changes_the_stored_text(client, bob, review):
    client.force_login(bob.user)
    before = Review.objects.values().get(pk=review.pk)
    client.post(reverse("review-blame-check", args=[review.pk]), {"summary": BLAMING, "title": "New title"})
    assert Review.objects.values().get(pk=review.pk) == before


def test_the_review_page_shows_the_panel_for_the_stored_text(client, alice, bob, review):
    services.review_update(actor=bob, review=review, version=review.version, summary=BLAMING)
    client.force_login(alice.user)
    page = client.get(reverse("review", args=[review.pk])).content.decode()
    assert "Blame-language check" in page
    assert "“forgot to”" in page
    review.refresh_from_db()
    assert review.summary == BLAMING


def test_action_item_titles_are_read_as_forward_looking_text(client, alice, bob, review):
    lesson = services.lesson_create(actor=bob, source=review, title="Config needs a second look")
    from django.utils import timezone

    services.action_item_create(
        actor=alice, lesson=lesson, title="The deploy should have a canary", owner=bob, due_on=timezone.localdate()
    )
    client.force_login(bob.user)
    fragment = client.post(reverse("review-blame-check", args=[review.pk]), {}).content.decode()
    assert "should have" not in fragment


def test_marking_a_flag_intended_hides_it_and_keeps_the_text(client, bob, review):
    services.review_update(actor=bob, review=review, version=review.version, summary=BLAMING)
    client.force_login(bob.user)
    response = client.post(
        reverse("review-flag", args=[review.pk]),
        {"fingerprint": "failed-to:forgot to", "intended": "1", "summary": BLAMING, "source_form": "review-edit-form"},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    flagged, intended = fragment.split("Marked as intended")
    assert "“forgot to”" not in flagged
    assert "“should have been”" in flagged
    assert "“forgot to”" in intended
    review.refresh_from_db()
    assert review.intended_flags == ["failed-to:forgot to"]
    assert review.summary == BLAMING


def test_a_flag_marked_intended_can_be_shown_again(client, bob, review):
    services.review_update(actor=bob, review=review, version=review.version, summary=BLAMING)
    services.review_mark_flag(actor=bob, review=review, fingerprint="failed-to:forgot to", intended=True)
    client.force_login(bob.user)
    response = client.post(
        reverse("review-flag", args=[review.pk]), {"fingerprint": "failed-to:forgot to", "intended": "0"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.intended_flags == []


def test_the_edit_page_rechecks_the_text_while_typing(client, bob, review):
    client.force_login(bob.user)
    page = client.get(reverse("review-edit", args=[review.pk])).content.decode()
    assert f'hx-post="{reverse("review-blame-check", args=[review.pk])}"' in page
    assert 'hx-trigger="input changed delay:800ms"' in page
    assert 'hx-target="#blame-panel"' in page


def test_a_member_who_cannot_edit_gets_no_check(client, alice, bob, review, org):
    from conftest import _person

    dev = _person("Dev Dutta", "dev@example.com", org["platform"], "member")
    client.force_login(dev.user)
    assert client.post(reverse("review-blame-check", args=[review.pk]), {"summary": BLAMING}).status_code == 403
