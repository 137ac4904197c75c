"""Bearer tokens: who they authenticate, which ones are refused, and what is stored."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from learnloop.api.models import AccessToken
from learnloop.api.services import token_create, token_revoke
from learnloop.api.tests.fixtures import ApiClient
from learnloop.core.unlinkable import start_of_day


def test_a_request_without_a_token_is_refused(anonymous_api):
    response = anonymous_api.get("/me")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("A personal access token is required")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_authenticates_as_its_person(api_as, alice):
    response = api_as(alice).get("/me")
    assert response.status_code == 200
    assert response.json()["display_name"] == "Alice Archer"


def test_each_named_person_is_who_their_token_says(api_as, everyone):
    for person in everyone.values():
        assert api_as(person, scope="read").get("/me").json()["id"] == person.pk


def test_a_made_up_token_is_refused(client, alice):
    response = ApiClient(client, "ll_" + "x" * 40).get("/me")
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


def test_other_authorization_schemes_are_refused(client, alice):
    _token, secret = token_create(actor=alice, name="laptop", scope="read")
    for header in [f"Basic {secret}", f"Token {secret}", "Bearer", "Bearer ", secret]:
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_a_revoked_token_is_refused(client, alice):
    token, secret = token_create(actor=alice, name="laptop", scope="write")
    token_revoke(actor=alice, token=token)
    assert ApiClient(client, secret).get("/me").status_code == 401


def test_the_token_of_a_deactivated_account_is_refused(client, bob):
    _token, secret = token_create(actor=bob, name="laptop", scope="read")
    bob.user.is_active = False
    bob.user.save(update_fields=["is_active"])
    assert ApiClient(client, secret).get("/me").status_code == 401


def test_a_browser_session_is_not_an_api_credential(client, erin):
    client.force_login(erin.user)
    assert client.get("/api/v1/me").status_code == 401


def test_tokens_are_hashed_at_rest(alice):
    token, secret = token_create(actor=alice, name="laptop", scope="write")
    assert token.prefix == secret[:10]
    assert len(token.digest) == 64 and secret not in token.digest
    dump = StringIO()
    call_command("dumpdata", stdout=dump)  # every table, the audit log included
    assert secret not in dump.getvalue()
    assert secret[10:] not in dump.getvalue()


def test_a_token_looks_like_ll_and_40_random_characters(alice):
    secrets = {token_create(actor=alice, name=f"t{n}", scope="read")[1] for n in range(5)}
    assert len(secrets) == 5
    for secret in secrets:
        assert secret.startswith("ll_") and len(secret) == 43


def test_last_used_keeps_the_day_only_and_is_written_once_a_day(api_as, alice):
    api = api_as(alice, scope="read")
    api.get("/me")
    token = AccessToken.objects.get(person=alice)
    assert token.last_used_at == start_of_day()  # midnight: no hour, minute or second
    with CaptureQueriesContext(connection) as queries:
        api.get("/me")
    assert not [query for query in queries if "UPDATE" in query["sql"] and "accesstoken" in query["sql"]]
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=start_of_day() - timedelta(days=3))
    api.get("/me")
    token.refresh_from_db()
    assert token.last_used_at == start_of_day()


def test_the_api_needs_no_csrf_token(alice, org):
    _token, secret = token_create(actor=alice, name="ci", scope="write")
    api = ApiClient(Client(enforce_csrf_checks=True), secret)
    response = api.patch("/teams/platform", {"description": "Runs the platform."})
    assert response.status_code == 200
