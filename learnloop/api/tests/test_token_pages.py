"""The API tokens pages: list, create (the secret is shown once) and revoke."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from learnloop.api.models import AccessToken
from learnloop.api.services import token_create, token_revoke
from learnloop.core.models import AuditEvent


def test_the_page_lists_only_my_own_tokens(client, alice, bob):
    token_create(actor=alice, name="alice-laptop", scope="read")
    token_create(actor=bob, name="bob-ci", scope="write")
    client.force_login(bob.user)
    page = client.get(reverse("tokens")).content.decode()
    assert "bob-ci" in page and "Read and write" in page
    assert "alice-laptop" not in page


def test_signing_in_is_needed(client, db):
    response = client.get(reverse("tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_new_token_is_shown_once(client, bob):
    client.force_login(bob.user)
    response = client.post(reverse("tokens"), {"name": "laptop", "scope": "read"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    token = AccessToken.objects.get(person=bob)
    secret = response.context["secret"]
    assert secret.startswith(token.prefix)
    page = response.content.decode()
    assert secret in page and "Copy this token now" in page
    later = client.get(reverse("tokens")).content.decode()
    assert secret not in later and token.prefix in later


def test_the_new_token_works_right_away(client, bob):
    client.force_login(bob.user)
    secret = client.post(reverse("tokens"), {"name": "laptop", "scope": "read"}).context["secret"]
    client.logout()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.json()["id"] == bob.pk


def test_creating_a_token_is_audited_without_its_secret(client, bob):
    client.force_login(bob.user)
    secret = client.post(reverse("tokens"), {"name": "laptop", "scope": "write"}).context["secret"]
    event = AuditEvent.objects.get(action="token.created")
    assert event.actor_user == bob.user
    assert event.changes == {"scope": "write"}
    assert secret not in f"{event.target_label} {event.changes}"


def test_a_token_needs_a_name_and_a_known_scope(client, bob):
    client.force_login(bob.user)
    response = client.post(reverse("tokens"), {"name": "  ", "scope": "admin"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "scope"}
    assert not AccessToken.objects.exists()


def test_i_revoke_my_own_token(client, bob):
    token, _secret = token_create(actor=bob, name="laptop", scope="read")
    client.force_login(bob.user)
    response = client.post(reverse("token-revoke", args=[token.pk]), follow=True)
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = response.content.decode()
    assert "revoked" in page and "Revoked" in page
    assert AuditEvent.objects.get(action="token.revoked").actor_user == bob.user


def test_revoking_twice_changes_nothing(client, bob):
    token, _secret = token_create(actor=bob, name="laptop", scope="read")
    client.force_login(bob.user)
    client.post(reverse("token-revoke", args=[token.pk]))
    first = AccessToken.objects.get(pk=token.pk).revoked_at
    client.post(reverse("token-revoke", args=[token.pk]))
    assert AccessToken.objects.get(pk=token.pk).revoked_at == first
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1


def test_nobody_revokes_someone_elses_token(client, everyone):
    token, _secret = token_create(actor=everyone["bob"], name="laptop", scope="read")
    for name in ["alice", "charlie", "dana", "erin"]:
        client.force_login(everyone[name].user)
        assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 404, name
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post(client, bob):
    token, _secret = token_create(actor=bob, name="laptop", scope="read")
    client.force_login(bob.user)
    assert client.get(reverse("token-revoke", args=[token.pk])).status_code == 405


def test_the_revoke_service_refuses_someone_elses_token(alice, bob, erin):
    token, _secret = token_create(actor=bob, name="laptop", scope="read")
    for intruder in [alice, erin]:
        with pytest.raises(PermissionDenied):
            token_revoke(actor=intruder, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None
