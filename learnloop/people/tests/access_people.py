"""Route access expectations for people, teams and sign-in (see core/tests/access.py).

Chairs: Bob is the member (of Platform), Alice the manager (of Platform), Dana the analyst,
Erin the admin. Path parameters point at Platform and at Bob.
"""

from __future__ import annotations

from typing import Any

from learnloop.core.tests.access import EVERYONE, LOGIN, SIGNED_IN_ONLY, expect

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "login": ("get", expect(200, 302, 302, 302, 302)),
    "logout": ("post", expect(302, 302, 302, 302, 302)),
    "password_reset": ("get", EVERYONE),
    "password_reset_done": ("get", EVERYONE),
    "password_reset_confirm": ("get", EVERYONE),
    "password_reset_complete": ("get", EVERYONE),
    "password_change": ("get", SIGNED_IN_ONLY),
    "home": ("get", SIGNED_IN_ONLY),
    "teams": ("get", SIGNED_IN_ONLY),
    "team-create": ("get", expect(LOGIN, 404, 404, 404, 200)),
    "team": ("get", SIGNED_IN_ONLY),
    "team-edit": ("get", expect(LOGIN, 403, 200, 403, 200)),
    "team-member-set": ("post", expect(LOGIN, 403, 302, 403, 302)),
    "team-member-remove": ("post", expect(LOGIN, 403, 302, 403, 302)),
    "directory": ("get", SIGNED_IN_ONLY),
    "person": ("get", SIGNED_IN_ONLY),
    "person-edit": ("get", expect(LOGIN, 200, 404, 404, 200)),
    "person-roles": ("post", expect(LOGIN, 403, 403, 403, 302)),
    "attributes": ("get", expect(LOGIN, 403, 403, 200, 403)),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from learnloop.people.models import Membership

    bob, platform = people["bob"], org["platform"]
    if name in {"team", "team-edit"}:
        return {"slug": platform.slug}, {}
    if name == "team-member-set":
        return {"slug": platform.slug}, {"email": people["charlie"].email, "role": "member"}
    if name == "team-member-remove":
        return {"slug": platform.slug, "membership_id": Membership.objects.get(person=bob, team=platform).pk}, {}
    if name in {"person", "person-edit"}:
        return {"pk": bob.pk}, {}
    if name == "person-roles":
        return {"pk": bob.pk}, {"is_analyst": "on"}
    if name == "password_reset_confirm":
        return {"uidb64": "MQ", "token": "not-a-token"}, {}
    return None
