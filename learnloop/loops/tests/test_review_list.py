"""The review list: filters, and a query count that does not grow with the number of reviews."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learnloop.loops import services


def _reviews(bob, charlie, org):
    services.review_create(actor=bob, team=org["platform"], title="Checkout outage", severity="sev1")
    services.review_create(actor=bob, team=org["platform"], title="Q3 migration", kind="project")
    services.review_create(
        actor=charlie, team=org["sales"], title="Lost renewal", kind="customer", visibility="organization"
    )


def _titles(client, **params):
    page = client.get(reverse("reviews"), params).content.decode()
    return {title for title in ["Checkout outage", "Q3 migration", "Lost renewal"] if title in page}


def test_the_list_filters_by_team_kind_severity_status_and_text(client, bob, charlie, org):
    _reviews(bob, charlie, org)
    client.force_login(bob.user)
    assert _titles(client) == {"Checkout outage", "Q3 migration", "Lost renewal"}
    assert _titles(client, team="sales") == {"Lost renewal"}
    assert _titles(client, kind="project") == {"Q3 migration"}
    assert _titles(client, severity="sev1") == {"Checkout outage"}
    assert _titles(client, status="published") == set()
    assert _titles(client, q="migration") == {"Q3 migration"}


def test_filtering_by_a_team_offers_its_new_review_link(client, bob, org):
    client.force_login(bob.user)
    page = client.get(reverse("reviews"), {"team": "platform"}).content.decode()
    assert reverse("review-create", args=["platform"]) in page


def test_the_list_needs_the_same_queries_for_many_reviews(client, bob, charlie, org):
    _reviews(bob, charlie, org)
    client.force_login(bob.user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reviews"))
    for n in range(20):
        services.review_create(actor=bob, team=org["platform"], title=f"Outage {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reviews"))
    assert len(many) == len(few)
    assert len(many) <= 14
