"""Expected access to every route of the equity app (see core/tests/access.py).

Alice (manager of Platform) posts an opportunity open to Platform: Bob (Platform) sees it and
applies, Alice may not apply for her own (400); Dana (Sales) is not eligible, so it does not
exist for her (404); Erin (admin) sees all but, being in no team, cannot apply. Only the poster
or an admin decides. The audit and participation pages are for analysts only (Dana); a team's
quiet members only for its facilitators and managers (Alice) and admins.
"""

from __future__ import annotations

import datetime
from typing import Any

from learnloop.core.tests.access import LOGIN, SIGNED_IN_ONLY, expect

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "equity-opportunities": ("get", SIGNED_IN_ONLY),
    "equity-opportunity-create": ("get", expect(LOGIN, 403, 200, 403, 200)),
    "equity-opportunity": ("get", expect(LOGIN, 200, 200, 404, 200)),
    "equity-opportunity-apply": ("post", expect(LOGIN, 302, 400, 404, 403)),
    "equity-opportunity-close": ("post", expect(LOGIN, 403, 302, 404, 302)),
    "equity-application-withdraw": ("post", expect(LOGIN, 302, 403, 404, 403)),
    "equity-application-decide": ("post", expect(LOGIN, 403, 302, 404, 302)),
    "equity-audit": ("get", expect(LOGIN, 403, 403, 200, 403)),
    "equity-audit-csv": ("get", expect(LOGIN, 403, 403, 200, 403)),
    "equity-participation": ("get", expect(LOGIN, 403, 403, 200, 403)),
    "equity-silence": ("get", expect(LOGIN, 403, 200, 403, 200)),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from learnloop.equity import services

    alice, bob = people["alice"], people["bob"]
    if name in {"equity-participation", "equity-audit", "equity-audit-csv"}:
        return {}, {}
    if name == "equity-silence":
        return {"slug": org["platform"].slug}, {}
    if name == "equity-opportunities" or name == "equity-opportunity-create":
        return {}, {}
    opportunity = services.opportunity_post(
        actor=alice,
        title="Speak at the engineering all-hands",
        kind="speaking",
        capacity=1,
        deadline=datetime.date.today() + datetime.timedelta(days=10),
        teams=[org["platform"]],
    )
    if name in {"equity-opportunity", "equity-opportunity-apply", "equity-opportunity-close"}:
        return {"pk": opportunity.pk}, {"motivation": "I would like to practise."}
    application = services.application_submit(actor=bob, opportunity=opportunity)
    return {"pk": application.pk}, {
        f"a{application.pk}-decision": "award",
        f"a{application.pk}-rationale": "Bob has not spoken there yet.",
    }
