from __future__ import annotations

from django.urls import reverse

from learnloop.core.access import SYSTEM
from learnloop.core.models import AuditEvent
from learnloop.people import services


def test_every_service_write_leaves_an_audit_row(erin, bob, org):
    services.team_update(actor=erin, team=org["platform"], name="Platform Core", description="")
    event = AuditEvent.objects.get(action="team.updated")
    assert event.actor_user == erin.user
    assert event.target_type == "people.team"
    assert event.target_id == str(org["platform"].pk)
    assert event.changes == {"name": ["Platform", "Platform Core"]}


def test_a_write_that_changes_nothing_is_not_logged(erin, org):
    services.team_update(actor=erin, team=org["platform"], name="Platform", description="")
    assert not AuditEvent.objects.filter(action="team.updated").exists()


def test_the_command_line_is_named_as_the_actor(db):
    services.team_create(actor=SYSTEM, name="Ops")
    assert AuditEvent.objects.get(action="team.created").actor_label == "system (command line)"


def test_admins_read_and_filter_the_audit_log(client, erin, org):
    services.team_update(actor=erin, team=org["platform"], name="Platform Core", description="")
    services.team_create(actor=SYSTEM, name="Ops")
    client.force_login(erin.user)
    page = client.get(reverse("audit-log"), {"action": "team.updated"}).content.decode()
    assert "Platform Core" in page
    assert "system (command line)" not in page
