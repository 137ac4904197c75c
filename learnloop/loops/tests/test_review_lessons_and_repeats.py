"""A review yields lessons from itself, its timeline or its factors, and links to earlier reviews."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import FactorCategory, Lesson, Repeat


def test_a_lesson_is_drawn_from_a_timeline_entry(client, bob, review):
    entry = services.timeline_add(actor=bob, review=review, at=timezone.now(), text="Deploy started")
    client.force_login(bob.user)
    response = client.post(
        reverse("review-lesson-create", args=[review.pk]),
        {"source": f"entry-{entry.pk}", "title": "Deploys need a canary", "detail": "", "tags": "Deploys, canary"},
    )
    lesson = Lesson.objects.get()
    assert response["Location"] == reverse("lesson", args=[lesson.pk])
    assert lesson.source_timeline_entry == entry
    assert sorted(lesson.tags.values_list("name", flat=True)) == ["canary", "deploys"]
    page = client.get(reverse("review", args=[review.pk])).content.decode()
    assert "Deploys need a canary" in page
    assert "From timeline entry at" in page


def test_a_lesson_is_drawn_from_a_factor_or_the_review_itself(client, bob, review):
    category = FactorCategory.objects.create(name="Capacity", slug="capacity")
    factor = services.factor_add(actor=bob, review=review, category=category)
    client.force_login(bob.user)
    url = reverse("review-lesson-create", args=[review.pk])
    client.post(url, {"source": f"factor-{factor.pk}", "title": "Watch disk"})
    client.post(url, {"source": "review", "title": "Reviews help"})
    assert Lesson.objects.get(title="Watch disk").source_factor == factor
    assert Lesson.objects.get(title="Reviews help").source_review == review


def test_a_lesson_cannot_come_from_another_reviews_entry(client, bob, review, org):
    other = services.review_create(actor=bob, team=org["platform"], title="Other")
    entry = services.timeline_add(actor=bob, review=other, at=timezone.now(), text="Elsewhere")
    client.force_login(bob.user)
    response = client.post(
        reverse("review-lesson-create", args=[review.pk]), {"source": f"entry-{entry.pk}", "title": "x"}
    )
    assert response.status_code == 200
    assert not Lesson.objects.exists()


def test_a_repeat_shows_on_both_reviews(client, bob, review, org):
    later = services.review_create(actor=bob, team=org["platform"], title="Checkout outage again")
    client.force_login(bob.user)
    client.post(reverse("review-repeat", args=[later.pk]), {"earlier": review.pk})
    assert Repeat.objects.get().earlier_review == review
    later_page = client.get(reverse("review", args=[later.pk])).content.decode()
    earlier_page = client.get(reverse("review", args=[review.pk])).content.decode()
    assert "Same problem as" in later_page and "Checkout outage</a>" in later_page
    assert "Came back in" in earlier_page and "Checkout outage again</a>" in earlier_page


def test_a_repeat_to_a_review_the_viewer_cannot_see_is_refused_without_saying_it_exists(
    client, bob, charlie, review, org
):
    hidden = services.review_create(actor=charlie, team=org["sales"], title="Sales secret")
    client.force_login(bob.user)
    response = client.post(reverse("review-repeat", args=[review.pk]), {"earlier": hidden.pk})
    page = response.content.decode()
    assert f"There is no review #{hidden.pk} that you can see." in page
    assert "Sales secret" not in page
    assert not Repeat.objects.exists()
