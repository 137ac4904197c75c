"""A team-private review is the team's: outsiders neither open it nor find it in the list."""

from __future__ import annotations

from django.urls import reverse

from learnloop.loops import services


def test_a_team_private_review_is_404_for_an_outsider(client, charlie, review):
    client.force_login(charlie.user)
    assert client.get(reverse("review", args=[review.pk])).status_code == 404
    assert client.get(reverse("review-export", args=[review.pk])).status_code == 404


def test_a_team_private_review_is_listed_only_for_those_who_may_see_it(client, alice, bob, charlie, erin, review):
    for person, listed in [(bob, True), (alice, True), (erin, True), (charlie, False)]:
        client.force_login(person.user)
        page = client.get(reverse("reviews")).content.decode()
        assert ("Checkout outage" in page) is listed, person


def test_a_review_shared_with_the_organization_opens_for_everyone(client, alice, charlie, review):
    services.review_update(actor=alice, review=review, version=review.version, visibility="organization")
    client.force_login(charlie.user)
    assert client.get(reverse("review", args=[review.pk])).status_code == 200
    assert "Checkout outage" in client.get(reverse("reviews")).content.decode()


def test_an_outsider_who_may_read_a_shared_review_may_not_edit_it(client, alice, charlie, review):
    services.review_update(actor=alice, review=review, version=review.version, visibility="organization")
    client.force_login(charlie.user)
    page = client.get(reverse("review", args=[review.pk])).content.decode()
    assert reverse("review-edit", args=[review.pk]) not in page
    assert "Blame-language check" not in page
    assert client.get(reverse("review-edit", args=[review.pk])).status_code == 403
