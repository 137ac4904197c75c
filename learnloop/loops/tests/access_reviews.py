"""Route access expectations for reviews, lessons, action items and measures (see core/tests/access.py).

The review, its lesson and action item belong to Platform and are shared with the team only:
Bob (member, the review's author and the item's owner) and Alice (manager) may work on them,
Dana (analyst, in Sales) gets 404 as if they did not exist, Erin (admin) sees everything.
"""

from __future__ import annotations

import datetime
from typing import Any

from learnloop.core.tests.access import LOGIN, SIGNED_IN_ONLY, expect

PLATFORM_PAGE = expect(LOGIN, 200, 200, 404, 200)
PLATFORM_WRITE = expect(LOGIN, 302, 302, 404, 302)

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "reviews": ("get", SIGNED_IN_ONLY),
    "review-create": ("get", expect(LOGIN, 200, 200, 403, 200)),
    "review": ("get", PLATFORM_PAGE),
    "review-edit": ("get", PLATFORM_PAGE),
    "review-timeline-add": ("post", PLATFORM_WRITE),
    "review-timeline-remove": ("post", PLATFORM_WRITE),
    "review-factor-add": ("post", PLATFORM_WRITE),
    "review-factor-remove": ("post", PLATFORM_WRITE),
    "review-status": ("post", PLATFORM_WRITE),
    "review-lesson-create": ("post", PLATFORM_WRITE),
    "review-repeat": ("post", PLATFORM_WRITE),
    "review-export": ("get", PLATFORM_PAGE),
    "review-blame-check": ("post", PLATFORM_PAGE),
    "review-flag": ("post", PLATFORM_WRITE),
    "factor-categories": ("get", SIGNED_IN_ONLY),
    "lesson": ("get", PLATFORM_PAGE),
    "lesson-edit": ("get", PLATFORM_PAGE),
    "lesson-repeat": ("post", PLATFORM_WRITE),
    "lesson-action-create": ("post", PLATFORM_WRITE),
    "action-items": ("get", SIGNED_IN_ONLY),
    "action-item": ("get", PLATFORM_PAGE),
    "action-item-complete": ("get", PLATFORM_PAGE),
    "action-item-drop": ("post", PLATFORM_WRITE),
    "loop-measures": ("get", SIGNED_IN_ONLY),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from django.utils import timezone

    from learnloop.loops import services
    from learnloop.loops.models import FactorCategory

    if name in {"reviews", "factor-categories", "action-items", "loop-measures"}:
        return None
    if name == "review-create":
        return {"slug": org["platform"].slug}, {}
    bob = people["bob"]
    review = services.review_create(actor=bob, team=org["platform"], title="Checkout outage", summary="Down.")
    entry = services.timeline_add(actor=bob, review=review, at=timezone.now(), text="Deploy started")
    category = FactorCategory.objects.create(name="Config change", slug="config-change")
    pk = {"pk": review.pk}
    if name in {"review", "review-edit", "review-export"}:
        return pk, {}
    if name == "review-timeline-add":
        return pk, {"at": "2026-01-05T10:30", "kind": "detected", "text": "Alert fired"}
    if name == "review-timeline-remove":
        return {**pk, "entry_id": entry.pk}, {}
    if name == "review-factor-add":
        return pk, {"category": category.pk, "description": "A flag flipped in production"}
    if name == "review-factor-remove":
        factor = services.factor_add(actor=bob, review=review, category=category)
        return {**pk, "factor_id": factor.pk}, {}
    if name == "review-status":
        return pk, {"status": "in_review"}
    if name == "review-lesson-create":
        return pk, {"source": f"entry-{entry.pk}", "title": "Deploys need a canary", "tags": "deploys"}
    if name == "review-repeat":
        earlier = services.review_create(actor=bob, team=org["platform"], title="Checkout outage in May")
        return pk, {"earlier": earlier.pk}
    if name == "review-blame-check":
        return pk, {"summary": "Bob forgot to check the config."}
    if name == "review-flag":
        return pk, {"fingerprint": "failed-to:forgot to", "intended": "1"}
    lesson = services.lesson_create(actor=bob, source=entry, title="Deploys need a canary")
    due = timezone.localdate() + datetime.timedelta(days=7)
    if name in {"lesson", "lesson-edit"}:
        return {"pk": lesson.pk}, {}
    if name == "lesson-repeat":
        later = services.lesson_create(actor=bob, source=review, title="Canaries again")
        return {"pk": later.pk}, {"earlier": lesson.pk}
    if name == "lesson-action-create":
        return {"pk": lesson.pk}, {"title": "Add a canary stage", "owner": bob.pk, "due_on": due.isoformat()}
    item = services.action_item_create(actor=bob, lesson=lesson, title="Add a canary stage", owner=bob, due_on=due)
    if name in {"action-item", "action-item-complete"}:
        return {"pk": item.pk}, {}
    if name == "action-item-drop":
        return {"pk": item.pk}, {"reason": "The checkout service is being retired."}
    raise AssertionError(f"no arguments for {name}")
