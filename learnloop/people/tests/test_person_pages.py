from __future__ import annotations

from django.urls import reverse

from learnloop.core.models import AuditEvent


def test_a_person_page_shows_teams_and_manager(client, alice, bob):
    bob.manager = alice
    bob.save()
    client.force_login(bob.user)
    page = client.get(reverse("person", args=[bob.pk])).content.decode()
    assert "Platform" in page and "Reports to" in page and "Alice Archer" in page


def test_a_person_edits_their_own_name(client, bob):
    client.force_login(bob.user)
    response = client.post(reverse("person-edit", args=[bob.pk]), {"display_name": "Robert Baker", "title": "SRE"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert (bob.display_name, bob.title) == ("Robert Baker", "SRE")
    assert AuditEvent.objects.filter(action="person.updated", target_id=str(bob.pk)).exists()


def test_an_admin_grants_the_analyst_role(client, erin, bob):
    client.force_login(erin.user)
    client.post(reverse("person-roles", args=[bob.pk]), {"is_analyst": "on"})
    bob.refresh_from_db()
    assert bob.is_analyst and not bob.is_admin


def test_an_admin_cannot_remove_their_own_admin_role(client, erin):
    client.force_login(erin.user)
    response = client.post(reverse("person-roles", args=[erin.pk]), {}, follow=True)
    assert "You cannot remove your own admin role." in response.content.decode()
    erin.user.refresh_from_db()
    assert erin.is_admin


def test_the_home_page_shows_my_teams_and_reports(client, alice, bob):
    bob.manager = alice
    bob.save()
    client.force_login(alice.user)
    page = client.get(reverse("home")).content.decode()
    assert "Platform" in page and "Manager" in page
    assert "People who report to me" in page and "Bob Baker" in page


def test_the_home_page_tells_an_admin_what_is_due(client, erin, alice):
    client.force_login(erin.user)
    page = client.get(reverse("home")).content.decode()
    assert "teams have no manager" in page  # Acme, Engineering and Sales have none
