"""Decision notes: context, options, decision, consequences, a status kept consistent, superseding."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from learnloop.knowledge import services
from learnloop.knowledge.models import DecisionNote
from learnloop.loops.services import StaleEdit


def _form(note, **changes):
    data = {
        "title": note.title,
        "status": note.status,
        "superseded_by": note.superseded_by_id or "",
        "context": note.context,
        "options": note.options,
        "decision": note.decision,
        "consequences": note.consequences,
        "review_on": note.review_on.isoformat() if note.review_on else "",
        "visibility": note.visibility,
        "tags": "",
        "version": note.version,
    }
    return {**data, **changes}


def test_a_member_writes_a_decision_note_and_everyone_in_the_team_reads_it(client, bob, alice, org):
    client.force_login(bob.user)
    response = client.post(
        reverse("decision-create", args=["platform"]),
        {
            "title": "Postgres for the ledger",
            "status": "proposed",
            "context": "SQLite locks under load.",
            "options": "- PostgreSQL\n- Stay on SQLite",
            "decision": "PostgreSQL.",
            "consequences": "One more server to run.",
            "review_on": "2027-01-01",
            "visibility": "team",
        },
    )
    note = DecisionNote.objects.get()
    assert response["Location"] == reverse("decision", args=[note.pk])
    client.force_login(alice.user)
    page = client.get(reverse("decision", args=[note.pk])).content.decode()
    for text in (
        "SQLite locks under load.",
        "<li>PostgreSQL</li>",
        "One more server to run.",
        "2027-01-01",
        "Proposed",
    ):
        assert text in page


def test_superseding_names_the_newer_note_and_links_both_ways(client, alice, decision, org):
    newer = services.decision_create(
        actor=alice, team=org["platform"], title="Flags with expiry", visibility="organization"
    )
    client.force_login(alice.user)
    response = client.post(
        reverse("decision-edit", args=[decision.pk]), _form(decision, status="superseded", superseded_by=newer.pk)
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.superseded_by) == ("superseded", newer)
    assert "Flags with expiry" in client.get(reverse("decision", args=[decision.pk])).content.decode()
    assert decision.title in client.get(reverse("decision", args=[newer.pk])).content.decode()


def test_superseded_without_a_successor_is_refused_with_a_field_error(client, alice, decision):
    client.force_login(alice.user)
    page = client.post(
        reverse("decision-edit", args=[decision.pk]), _form(decision, status="superseded")
    ).content.decode()
    assert "Say which decision note supersedes this one." in page
    decision.refresh_from_db()
    assert decision.status == "accepted"


def test_a_successor_is_only_named_for_a_superseded_note(alice, decision, org):
    newer = services.decision_create(actor=alice, team=org["platform"], title="Newer")
    with pytest.raises(ValidationError) as error:
        services.decision_update(
            actor=alice,
            note=decision,
            version=decision.version,
            title=decision.title,
            context="",
            options="",
            decision="",
            consequences="",
            status="accepted",
            superseded_by=newer,
            review_on=None,
            visibility="team",
        )
    assert "superseded_by" in error.value.message_dict


def test_notes_cannot_supersede_each_other_in_a_circle(alice, decision, org):
    newer = services.decision_create(
        actor=alice, team=org["platform"], title="Newer", status="superseded", superseded_by=decision
    )
    with pytest.raises(ValidationError) as error:
        services.decision_update(
            actor=alice,
            note=decision,
            version=decision.version,
            title=decision.title,
            context="",
            options="",
            decision="",
            consequences="",
            status="superseded",
            superseded_by=newer,
            review_on=None,
            visibility="team",
        )
    assert "supersedes" in str(error.value)


def test_a_successor_the_editor_cannot_see_is_refused(client, charlie, alice, org):
    private = services.decision_create(actor=alice, team=org["platform"], title="Private")
    sales_note = services.decision_create(actor=charlie, team=org["sales"], title="Sales rule")
    client.force_login(charlie.user)
    page = client.post(
        reverse("decision-edit", args=[sales_note.pk]), _form(sales_note, status="superseded", superseded_by=private.pk)
    ).content.decode()
    assert f"There is no decision note #{private.pk} that you can see." in page


def test_the_database_refuses_an_inconsistent_status(decision):
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionNote.objects.filter(pk=decision.pk).update(status="superseded")
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionNote.objects.filter(pk=decision.pk).update(superseded_by=decision)


def test_a_stale_decision_edit_is_refused_and_the_text_kept(client, alice, bob, decision):
    started_from = _form(decision, decision="Bob's wording")
    services.decision_update(
        actor=alice,
        note=decision,
        version=decision.version,
        title=decision.title,
        context=decision.context,
        options=decision.options,
        decision="Alice's wording",
        consequences=decision.consequences,
        status=decision.status,
        superseded_by=None,
        review_on=None,
        visibility=decision.visibility,
    )
    client.force_login(bob.user)
    page = client.post(reverse("decision-edit", args=[decision.pk]), started_from).content.decode()
    assert "Someone else saved this decision note" in page
    assert "Bob&#x27;s wording</textarea>" in page and "Alice&#x27;s wording" in page
    decision.refresh_from_db()
    assert decision.decision == "Alice's wording"
    with pytest.raises(StaleEdit):
        services.decision_update(
            actor=bob,
            note=decision,
            version=1,
            title="x",
            context="",
            options="",
            decision="",
            consequences="",
            status="proposed",
            superseded_by=None,
            review_on=None,
            visibility="team",
        )


def test_the_list_filters_by_status(client, alice, decision, org):
    services.decision_create(actor=alice, team=org["platform"], title="Still thinking")
    client.force_login(alice.user)
    page = client.get(reverse("decisions") + "?status=proposed").content.decode()
    assert "Still thinking" in page and decision.title not in page
