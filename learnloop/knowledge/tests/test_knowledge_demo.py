"""The demo's knowledge: playbooks with months of revisions, decision notes, reuse across teams."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from learnloop.knowledge import reuse, selectors
from learnloop.knowledge.models import DecisionNote, Playbook, PlaybookRevision, ReuseEvent
from learnloop.people.demo import load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = load_demo()
        second = load_demo()
        yield first, second
        transaction.set_rollback(True)


def test_playbooks_have_several_revisions_by_different_people_over_months(demo, db):
    deploys = Playbook.objects.get(slug="deploying-to-production")
    revisions = list(deploys.revisions.order_by("number"))
    assert len(revisions) == 4
    assert len({revision.author_id for revision in revisions}) == 3
    assert (revisions[-1].created_at - revisions[0].created_at).days > 90
    assert revisions[-1].body == deploys.body


def test_one_revision_writes_down_a_change_recorded_on_an_action_item(demo, db):
    revision = PlaybookRevision.objects.get(change__isnull=False)
    assert revision.playbook.slug == "deploying-to-production"
    assert revision.change.action_item.team.slug == "platform"


def test_decision_notes_include_a_superseded_one(demo, db):
    old = DecisionNote.objects.get(slug="blue-green-deploys-for-the-api")
    assert (old.status, old.superseded_by.slug) == ("superseded", "canary-deploys-for-every-service")
    assert set(DecisionNote.objects.values_list("status", flat=True)) == {"proposed", "accepted", "superseded"}


def test_some_playbooks_are_stale(demo, db):
    from learnloop.core.access import SYSTEM

    assert {p.slug for p in selectors.stale_playbooks(SYSTEM)} == {
        "incident-response-first-15-minutes",
        "releasing-the-mobile-apps",
    }


def test_other_teams_reused_knowledge_and_the_rates_show_it(demo, db):
    events = ReuseEvent.objects.all()
    assert {"opened", "applied", "cited"} <= set(events.values_list("action", flat=True))
    assert events.filter(lesson__isnull=False).exists()
    assert all(event.reader_team_id != event.owner_team_id for event in events)
    start, end = reuse.window(90, today=timezone.localdate())
    teams, organization = reuse.team_reuse(start=start, end=end)
    assert 0 < organization.rate < 1
    assert len([row for row in teams if row.reused_items]) >= 3


def test_loading_the_demo_again_adds_no_knowledge(demo, db):
    first, second = demo
    assert first.created["playbooks"] == 5 and first.created["decision notes"] == 5
    assert first.created["reuse events"] > 15
    assert not any(second.created.get(kind) for kind in ("playbooks", "decision notes", "reuse events"))


def test_a_newcomer_sees_the_demo_knowledge_on_every_page(demo, db, client):
    from django.urls import reverse

    member = Playbook.objects.get(slug="deploying-to-production").revisions.get(number=3).author
    client.force_login(member.user)
    deploys = Playbook.objects.get(slug="deploying-to-production")
    pages = {
        reverse("playbooks"): "Deploying to production",
        reverse("playbook-stale"): "Releasing the mobile apps",
        reverse("playbook", args=[deploys.pk]): "canary stage",
        reverse("playbook-revisions", args=[deploys.pk]): "from a recorded change",
        reverse("playbook-revision", args=[deploys.pk, 4]): "From the change",
        reverse("playbook-diff", args=[deploys.pk]) + "?from=1&to=4": "<ins>",
        reverse("decisions"): "Blue/green deploys for the API",
        reverse("knowledge-reuse"): "Organization:",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
