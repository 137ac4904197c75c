"""Who sees which playbook and decision note: the owning team, or everyone when shared; search relies on it."""

from __future__ import annotations

from django.urls import reverse

from learnloop.core.access import SYSTEM
from learnloop.knowledge import selectors, services


def test_a_private_playbook_is_seen_by_its_team_managers_above_and_admins_only(
    alice, bob, charlie, dana, erin, playbook, private_playbook
):
    assert set(selectors.playbooks_visible_to(bob)) == {playbook, private_playbook}
    assert set(selectors.playbooks_visible_to(alice)) == {playbook, private_playbook}
    assert set(selectors.playbooks_visible_to(erin)) == {playbook, private_playbook}
    assert set(selectors.playbooks_visible_to(charlie)) == {playbook}
    assert set(selectors.playbooks_visible_to(dana)) == {playbook}
    assert set(selectors.playbooks_visible_to(SYSTEM)) == {playbook, private_playbook}
    assert not selectors.playbooks_visible_to(None).exists()


def test_a_private_decision_note_is_hidden_from_other_teams(alice, charlie, decision, org):
    private = services.decision_create(actor=alice, team=org["platform"], title="Pager rota")
    assert set(selectors.decisions_visible_to(alice)) == {decision, private}
    assert set(selectors.decisions_visible_to(charlie)) == {decision}


def test_pages_of_private_items_answer_404_to_other_teams(client, charlie, private_playbook, alice, org):
    private = services.decision_create(actor=alice, team=org["platform"], title="Pager rota")
    client.force_login(charlie.user)
    for url in (
        reverse("playbook", args=[private_playbook.pk]),
        reverse("playbook-revisions", args=[private_playbook.pk]),
        reverse("playbook-revision", args=[private_playbook.pk, 1]),
        reverse("playbook-export", args=[private_playbook.pk]),
        reverse("decision", args=[private.pk]),
        reverse("decision-export", args=[private.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "Platform on-call secrets" not in client.get(reverse("playbooks")).content.decode()
    assert "Pager rota" not in client.get(reverse("decisions")).content.decode()
