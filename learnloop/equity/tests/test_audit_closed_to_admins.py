"""The learning audit is for people analysts. An admin who opens it is told why it is closed to
them and how the role is given (on a person's page), rather than a bare "not allowed"; a member
is told to ask an admin. The answer stays 403, and nothing of the audit is shown."""

from __future__ import annotations

from django.urls import reverse


def test_an_admin_learns_why_the_audit_is_closed_and_how_to_get_the_analyst_role(client, erin):
    client.force_login(erin.user)
    response = client.get(reverse("equity-audit"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page is for people analysts" in page
    assert "admins included" in page
    assert "<strong>People analyst</strong> under <strong>Global roles</strong>" in page
    assert f'href="{reverse("person", args=[erin.pk])}#roles-heading"' in page
    assert "Download as CSV" not in page


def test_a_member_is_told_to_ask_an_admin(client, bob):
    client.force_login(bob.user)
    response = client.get(reverse("equity-audit"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "ask an admin to give you the people-analyst role" in page
    assert "Global roles" not in page


def test_once_given_the_role_the_admin_sees_the_audit(client, erin):
    client.force_login(erin.user)
    client.post(reverse("person-roles", args=[erin.pk]), {"is_analyst": "on", "is_admin": "on"})
    assert client.get(reverse("equity-audit")).status_code == 200


def test_other_pages_keep_their_plain_refusal(client, bob):
    client.force_login(bob.user)
    response = client.get(reverse("audit-log"))
    assert response.status_code == 403
    assert "This page needs the admin role." in response.content.decode()
    assert "people analysts" not in response.content.decode()
