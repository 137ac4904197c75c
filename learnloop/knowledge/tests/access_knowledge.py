"""Expected access to every playbook, decision-note and reuse route (see core/tests/access.py).

The playbook and the decision note belong to Platform and are shared with the team only: Bob
(member) and Alice (manager) read and edit them, Dana (analyst, in Sales) gets 404 as if they
did not exist, Erin (admin) sees everything. Writing for Platform answers 403 to Dana. The reuse
button is tried on an organization-wide playbook, which everyone signed in may mark.
The search helper's routes are listed in access_search.py.
"""

from __future__ import annotations

import datetime
from typing import Any

from learnloop.core.tests.access import LOGIN, SIGNED_IN_ONLY, expect

PLATFORM_PAGE = expect(LOGIN, 200, 200, 404, 200)
PLATFORM_WRITE_PAGE = expect(LOGIN, 200, 200, 403, 200)

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "playbooks": ("get", SIGNED_IN_ONLY),
    "playbook-stale": ("get", SIGNED_IN_ONLY),
    "playbook-create": ("get", PLATFORM_WRITE_PAGE),
    "playbook": ("get", PLATFORM_PAGE),
    "playbook-edit": ("get", PLATFORM_PAGE),
    "playbook-reviewed": ("post", expect(LOGIN, 302, 302, 404, 302)),
    "playbook-revisions": ("get", PLATFORM_PAGE),
    "playbook-revision": ("get", PLATFORM_PAGE),
    "playbook-diff": ("get", PLATFORM_PAGE),
    "playbook-export": ("get", PLATFORM_PAGE),
    "playbook-from-change": ("get", PLATFORM_PAGE),
    "decisions": ("get", SIGNED_IN_ONLY),
    "decision-create": ("get", PLATFORM_WRITE_PAGE),
    "decision": ("get", PLATFORM_PAGE),
    "decision-edit": ("get", PLATFORM_PAGE),
    "decision-export": ("get", PLATFORM_PAGE),
    "knowledge-reuse": ("get", SIGNED_IN_ONLY),
    "knowledge-reuse-mark": ("post", expect(LOGIN, 302, 302, 302, 302)),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from django.utils import timezone

    from learnloop.knowledge import services
    from learnloop.loops import services as loops

    if name in {"playbooks", "playbook-stale", "decisions", "knowledge-reuse"}:
        return None
    if name in {"playbook-create", "decision-create"}:
        return {"slug": org["platform"].slug}, {}
    alice, bob = people["alice"], people["bob"]
    if name == "knowledge-reuse-mark":
        shared = services.playbook_create(actor=alice, team=org["platform"], title="Shared", visibility="organization")
        return {"kind": "playbook", "pk": shared.pk, "action": "applied"}, {}
    if name.startswith("decision"):
        note = services.decision_create(actor=alice, team=org["platform"], title="Use feature flags")
        return {"pk": note.pk}, {}
    playbook = services.playbook_create(actor=alice, team=org["platform"], title="Deploying", body="Steps")
    if name == "playbook-revision":
        return {"pk": playbook.pk, "number": 1}, {}
    if name == "playbook-from-change":
        review = loops.review_create(actor=bob, team=org["platform"], title="Checkout outage")
        lesson = loops.lesson_create(actor=bob, source=review, title="Deploys need a canary")
        item = loops.action_item_create(
            actor=bob,
            lesson=lesson,
            title="Canary",
            owner=bob,
            due_on=timezone.localdate() + datetime.timedelta(days=3),
        )
        change = loops.action_item_complete(actor=bob, item=item, what="Canary stage added", where="Pipeline")
        return {"change_id": change.pk}, {}
    return {"pk": playbook.pk}, {}
