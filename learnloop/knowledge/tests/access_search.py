"""Expected access to the search routes of the knowledge app (see core/tests/access.py)."""

from __future__ import annotations

from typing import Any

from learnloop.core.tests.access import LOGIN, SIGNED_IN_ONLY, expect

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "knowledge-search": ("get", SIGNED_IN_ONLY),
    # About a Platform review: Dana (Sales) gets 404, as if it did not exist.
    "knowledge-seen-before": ("post", expect(LOGIN, 200, 200, 404, 200)),
    # Linking that review to an organization-wide Sales review: a redirect back to the review.
    "knowledge-seen-before-accept": ("post", expect(LOGIN, 302, 302, 404, 302)),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from learnloop.loops import services

    if name == "knowledge-search":
        return None
    review = services.review_create(actor=people["bob"], team=org["platform"], title="Webhook retries", summary="x")
    if name == "knowledge-seen-before":
        return {}, {"subject": "review", "object": review.pk, "summary": "webhook retries flooded the queue"}
    earlier = services.review_create(
        actor=people["charlie"], team=org["sales"], title="Earlier retries", visibility="organization"
    )
    return {}, {"subject": "review", "object": review.pk, "earlier": earlier.pk}
