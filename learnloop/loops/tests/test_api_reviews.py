"""The review endpoints from each chair: reading, writing, the version check, the timeline and
factors, publishing, repeats, the blame-language check, export and the factor taxonomy."""

from __future__ import annotations

import datetime
from typing import get_args
from urllib.parse import quote

import pytest
from django.utils import timezone

from learnloop.core.models import AuditEvent
from learnloop.loops import services
from learnloop.loops.api import shared as loops_api
from learnloop.loops.models import (
    ActionItem,
    ContributingFactor,
    FactorCategory,
    Repeat,
    Review,
    TimelineEntry,
    Visibility,
)

BLAMING = "The outage happened because Bob forgot to check the config; he should have been more careful."


@pytest.fixture
def config_change(db):
    return FactorCategory.objects.create(name="Config change", slug="config-change")


def at(hours_ago: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours_ago)


# --- Reading ------------------------------------------------------------------------------------


def test_bob_reads_his_teams_private_review_and_charlie_gets_404(api_as, everyone, review):
    assert api_as(everyone["bob"], scope="read").get(f"/reviews/{review.pk}").json()["title"] == "Checkout outage"
    for name in ["charlie", "dana"]:
        assert api_as(everyone[name], scope="read").get(f"/reviews/{review.pk}").status_code == 404, name
    assert api_as(everyone["charlie"], scope="read").get("/reviews").json() == {"items": [], "count": 0}


def test_a_review_shows_every_field(api_as, alice, bob, review, config_change):
    services.timeline_add(actor=bob, review=review, at=at(3), text="Errors rise", kind="started")
    services.timeline_add(actor=bob, review=review, at=at(1), text="Rolled back", kind="resolved")
    factor = services.factor_add(actor=bob, review=review, category=config_change, description="No canary")
    lesson = services.lesson_create(actor=bob, source=factor, title="Canary every config change")
    Review.objects.filter(pk=review.pk).update(external_id="INC-42", keywords=["checkout", "config"])
    body = api_as(alice, scope="read").get(f"/reviews/{review.pk}").json()
    assert body["duration_minutes"] == 120
    assert (body["external_id"], body["keywords"]) == ("INC-42", ["checkout", "config"])
    assert [(e["kind"], e["text"]) for e in body["timeline"]] == [
        ("started", "Errors rise"),
        ("resolved", "Rolled back"),
    ]
    assert body["factors"] == [
        {"id": factor.pk, "category": {"slug": "config-change", "name": "Config change"}, "description": "No canary"}
    ]
    assert body["lesson_ids"] == [lesson.pk]
    assert body["author"] == {"id": bob.pk, "display_name": "Bob Baker"}
    for name in ["summary", "impact", "detection", "went_well", "got_lucky", "body", "source_url", "intended_flags"]:
        assert name in body
    assert (body["status"], body["version"], body["repeats"]) == ("draft", 1, [])


def test_the_list_is_filtered_by_team_status_kind_and_words(api_as, alice, bob, review, org):
    services.review_create(actor=alice, team=org["platform"], title="Launch retro", kind="project", summary="Shipped")
    api = api_as(bob, scope="read")
    assert api.get("/reviews", {"team": "platform"}).json()["count"] == 2
    assert [r["title"] for r in api.get("/reviews", {"kind": "project"}).json()["items"]] == ["Launch retro"]
    assert [r["title"] for r in api.get("/reviews", {"q": "checkout failed"}).json()["items"]] == ["Checkout outage"]
    assert api.get("/reviews", {"status": "published"}).json()["count"] == 0
    assert api.get("/reviews", {"status": "lost"}).status_code == 422


def test_the_list_costs_the_same_queries_for_many_reviews(api_as, alice, org, django_assert_max_num_queries):
    api = api_as(alice, scope="read")
    api.get("/reviews")
    for number in range(30):
        services.review_create(actor=alice, team=org["platform"], title=f"Review {number}")
    with django_assert_max_num_queries(7):  # token, the person's teams (3), team, count, page
        assert api.get("/reviews", {"team": "platform"}).json()["count"] == 30


def test_the_apis_choices_are_the_models(db):
    assert get_args(loops_api.ReviewKind) == tuple(Review.Kind.values)
    assert get_args(loops_api.ReviewStatus) == tuple(Review.Status.values)
    assert get_args(loops_api.TimelineKind) == tuple(TimelineEntry.Kind.values)
    assert get_args(loops_api.ItemStatus) == tuple(ActionItem.Status.values)


# --- Writing ------------------------------------------------------------------------------------


def test_a_member_starts_a_review(api_as, bob):
    response = api_as(bob).post("/reviews", {"team": "platform", "title": "Queue backlog", "severity": "sev2"})
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["severity"], body["author"]["id"]) == ("draft", "sev2", bob.pk)
    assert AuditEvent.objects.get(action="review.created").actor_user == bob.user


def test_an_outsider_cannot_start_a_review_for_another_team(api_as, charlie):
    response = api_as(charlie).post("/reviews", {"team": "platform", "title": "Not mine"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only members of Platform write its reviews."}
    assert api_as(charlie).post("/reviews", {"team": "atlantis", "title": "x"}).json()["errors"] == {
        "team": ["No team has the slug 'atlantis'."]
    }


def test_an_edit_with_the_current_version_saves_and_bumps_it(api_as, bob, review):
    response = api_as(bob).patch(f"/reviews/{review.pk}", {"version": 1, "impact": "Checkout down 40 min"})
    assert response.status_code == 200
    body = response.json()
    assert (body["impact"], body["version"], body["summary"]) == ("Checkout down 40 min", 2, "Checkout failed.")


def test_an_edit_from_an_old_version_is_409_and_changes_nothing(api_as, alice, bob, review):
    services.review_update(actor=alice, review=review, version=1, impact="Alice's newer impact")
    response = api_as(bob).patch(f"/reviews/{review.pk}", {"version": 1, "impact": "Bob's older impact"})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Someone else saved this review while you were editing. Your text is kept below: "
        "compare it with theirs and save again."
    }
    saved = Review.objects.get(pk=review.pk)
    assert (saved.impact, saved.version) == ("Alice's newer impact", 2)
    assert AuditEvent.objects.filter(action="review.updated").count() == 1


def test_a_blank_title_is_a_field_error(api_as, bob, review):
    response = api_as(bob).patch(f"/reviews/{review.pk}", {"version": 1, "title": "  "})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["title"]


def test_a_reader_who_is_not_the_author_or_a_facilitator_cannot_edit(api_as, bob, charlie, org):
    shared = services.review_create(actor=bob, team=org["platform"], title="Shared", visibility=Visibility.ORGANIZATION)
    response = api_as(charlie).patch(f"/reviews/{shared.pk}", {"version": 1, "summary": "Mine now"})
    assert response.status_code == 403
    assert Review.objects.get(pk=shared.pk).summary == ""


def test_the_timeline_is_added_to_and_removed_from(api_as, bob, review):
    api = api_as(bob)
    response = api.post(f"/reviews/{review.pk}/timeline", {"at": at(2).isoformat(), "text": "Deploy", "kind": "event"})
    assert response.status_code == 201
    entry = response.json()
    assert (entry["kind"], entry["text"]) == ("event", "Deploy")
    assert api.delete(f"/reviews/{review.pk}/timeline/{entry['id']}").status_code == 204
    assert not TimelineEntry.objects.exists()
    assert api.delete(f"/reviews/{review.pk}/timeline/{entry['id']}").status_code == 404


def test_a_timeline_time_needs_its_zone(api_as, bob, review):
    response = api_as(bob).post(f"/reviews/{review.pk}/timeline", {"at": "2025-03-01T10:00:00", "text": "x"})
    assert response.json()["errors"] == {"at": ["Give the time with its time zone."]}


def test_an_entry_a_lesson_came_from_stays(api_as, alice, lesson):
    entry = lesson.source_timeline_entry
    response = api_as(alice).delete(f"/reviews/{entry.review_id}/timeline/{entry.pk}")
    assert response.status_code == 400
    assert TimelineEntry.objects.filter(pk=entry.pk).exists()


def test_factors_are_added_and_removed(api_as, bob, review, config_change):
    api = api_as(bob)
    response = api.post(f"/reviews/{review.pk}/factors", {"category": "config-change", "description": "No canary"})
    assert response.status_code == 201
    factor = response.json()
    assert factor["category"] == {"slug": "config-change", "name": "Config change"}
    unknown = api.post(f"/reviews/{review.pk}/factors", {"category": "gremlins"})
    assert unknown.json()["errors"] == {"category": ["No contributing-factor category has the slug 'gremlins'."]}
    assert api.delete(f"/reviews/{review.pk}/factors/{factor['id']}").status_code == 204
    assert not ContributingFactor.objects.exists()


def test_publishing_is_for_facilitators_and_needs_a_timeline(api_as, alice, bob, review):
    member = api_as(bob).post(f"/reviews/{review.pk}/status", {"status": "published"})
    assert member.status_code == 403
    early = api_as(alice).post(f"/reviews/{review.pk}/status", {"status": "published"})
    assert early.status_code == 400
    assert early.json()["errors"] == {"timeline": ["Add at least one timeline entry before publishing."]}
    services.timeline_add(actor=bob, review=review, at=at(1), text="Rolled back")
    body = api_as(alice).post(f"/reviews/{review.pk}/status", {"status": "published"}).json()
    assert body["status"] == "published" and body["published_at"] is not None
    assert api_as(bob).post(f"/reviews/{review.pk}/status", {"status": "in_review"}).json()["status"] == "in_review"


def test_a_review_is_linked_to_an_earlier_one_it_repeats(api_as, alice, bob, charlie, review, org):
    earlier = services.review_create(actor=alice, team=org["platform"], title="Checkout outage in May")
    Review.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - datetime.timedelta(days=90))
    response = api_as(bob).post(f"/reviews/{review.pk}/repeats", {"earlier_review_id": earlier.pk, "note": "Same"})
    assert response.status_code == 201
    assert (response.json()["later_id"], response.json()["earlier_id"]) == (review.pk, earlier.pk)
    api = api_as(bob, scope="read")
    assert api.get(f"/reviews/{review.pk}").json()["repeats"] == [
        {"relation": "same_problem_as", "id": earlier.pk, "title": "Checkout outage in May"}
    ]
    assert api.get(f"/reviews/{earlier.pk}").json()["repeats"] == [
        {"relation": "came_back_in", "id": review.pk, "title": "Checkout outage"}
    ]
    hidden = services.review_create(actor=charlie, team=org["sales"], title="Sales hidden")
    refused = api_as(bob).post(f"/reviews/{review.pk}/repeats", {"earlier_review_id": hidden.pk})
    assert refused.json()["errors"] == {"earlier_review_id": [f"There is no review #{hidden.pk} that you can see."]}
    assert Repeat.objects.count() == 1


# --- The blame-language check ---------------------------------------------------------------------


def test_the_blame_check_lists_flags_by_field_with_offsets(api_as, alice, bob, review):
    services.review_update(actor=bob, review=review, version=1, summary=BLAMING)
    body = api_as(alice, scope="read").get(f"/reviews/{review.pk}/blame").json()
    forgot = next(flag for flag in body["flags"] if flag["text"] == "forgot to")
    assert forgot["field"] == "summary"
    assert BLAMING[forgot["start"] : forgot["end"]] == "forgot to"
    assert forgot["fingerprint"] == "failed-to:forgot to"
    assert forgot["intended"] is False and forgot["reason"] and forgot["suggestion"]
    assert body["words"] > 0
    assert body["rate_per_1000_words"] == pytest.approx(len(body["flags"]) * 1000 / body["words"])
    assert Review.objects.get(pk=review.pk).summary == BLAMING


def test_the_blame_check_is_for_the_author_and_facilitators(api_as, bob, charlie, org):
    shared = services.review_create(actor=bob, team=org["platform"], title="Shared", visibility=Visibility.ORGANIZATION)
    assert api_as(charlie, scope="read").get(f"/reviews/{shared.pk}/blame").status_code == 403


def test_a_flag_marked_intended_stays_listed_but_is_not_counted(api_as, bob, review):
    services.review_update(actor=bob, review=review, version=1, summary=BLAMING)
    api = api_as(bob)
    before = api.get(f"/reviews/{review.pk}/blame").json()
    response = api.post(f"/reviews/{review.pk}/blame/{quote('failed-to:forgot to')}", {"intended": True})
    assert response.status_code == 200
    after = response.json()
    assert next(f for f in after["flags"] if f["text"] == "forgot to")["intended"] is True
    assert after["rate_per_1000_words"] < before["rate_per_1000_words"]
    assert Review.objects.get(pk=review.pk).intended_flags == ["failed-to:forgot to"]
    undone = api.post(f"/reviews/{review.pk}/blame/{quote('failed-to:forgot to')}", {"intended": False}).json()
    assert undone == before


def test_only_a_current_flag_is_marked_intended(api_as, bob, review):
    response = api_as(bob).post(f"/reviews/{review.pk}/blame/{quote('failed-to:nothing like it')}", {"intended": True})
    assert response.status_code == 400
    assert Review.objects.get(pk=review.pk).intended_flags == []


# --- Export and the factor taxonomy ---------------------------------------------------------------


def test_the_export_is_markdown(api_as, bob, charlie, review):
    response = api_as(bob, scope="read").get(f"/reviews/{review.pk}/export.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.content.decode().startswith("# Checkout outage")
    assert api_as(charlie, scope="read").get(f"/reviews/{review.pk}/export.md").status_code == 404


def test_everyone_reads_the_factor_taxonomy_and_only_the_admin_adds_to_it(api_as, alice, charlie, erin, config_change):
    assert api_as(charlie, scope="read").get("/factor-categories").json() == [
        {"slug": "config-change", "name": "Config change", "id": config_change.pk, "description": ""}
    ]
    refused = api_as(alice).post("/factor-categories", {"name": "Capacity"})
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only an admin edits the contributing-factor taxonomy."}
    created = api_as(erin).post("/factor-categories", {"name": "Capacity", "description": "Too little room."})
    assert created.status_code == 201
    assert (created.json()["slug"], created.json()["description"]) == ("capacity", "Too little room.")
    assert api_as(erin).post("/factor-categories", {"name": "Capacity"}).status_code == 400
