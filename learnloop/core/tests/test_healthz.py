from __future__ import annotations


def test_it_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_needs_no_sign_in(client, db):
    response = client.get("/healthz")
    assert "login" not in response.get("Location", "")
