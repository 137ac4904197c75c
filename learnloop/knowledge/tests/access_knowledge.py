"""Expected access to playbooks, decision notes and reuse, pages and API (see core/tests/access.py).

Each team has a team-private playbook and decision note, and a playbook shared with the whole
organization. Any member of the owning team reads and edits them (Bob, Fay and Alice for
Platform; Charlie and Dana for Sales); anyone else gets 404 as if they did not exist. Everyone
signed in may say they used the organization-wide playbook ("reuse"): it counts only for other
teams, and the owning team gets a polite note instead.
"""

from __future__ import annotations

from learnloop.core.tests.access import TEAMS, Call, World, table

PAGES = table("""
# route                 method object   anonymous outsider member facilitator manager analyst admin
playbooks               GET    -        login     200      200    200         200     200     200
playbook-stale          GET    -        login     200      200    200         200     200     200
decisions               GET    -        login     200      200    200         200     200     200
knowledge-reuse         GET    -        login     200      200    200         200     200     200
playbook-create         GET    platform login     403      200    200         200     403     200
playbook-create         POST   platform login     403      302    302         302     403     302
playbook-create         GET    sales    login     200      403    403         403     200     200
playbook-create         POST   sales    login     302      403    403         403     302     302
playbook                GET    platform login     404      200    200         200     404     200
playbook                GET    sales    login     200      404    404         404     200     200
playbook-edit           GET    platform login     404      200    200         200     404     200
playbook-edit           POST   platform login     404      302    302         302     404     302
playbook-edit           GET    sales    login     200      404    404         404     200     200
playbook-edit           POST   sales    login     302      404    404         404     302     302
playbook-reviewed       POST   platform login     404      302    302         302     404     302
playbook-reviewed       POST   sales    login     302      404    404         404     302     302
playbook-revisions      GET    platform login     404      200    200         200     404     200
playbook-revisions      GET    sales    login     200      404    404         404     200     200
playbook-revision       GET    platform login     404      200    200         200     404     200
playbook-revision       GET    sales    login     200      404    404         404     200     200
playbook-diff           GET    platform login     404      200    200         200     404     200
playbook-diff           GET    sales    login     200      404    404         404     200     200
playbook-export         GET    platform login     404      200    200         200     404     200
playbook-export         GET    sales    login     200      404    404         404     200     200
playbook-from-change    GET    platform login     404      200    200         200     404     200
playbook-from-change    GET    sales    login     200      404    404         404     200     200
decision-create         GET    platform login     403      200    200         200     403     200
decision-create         POST   platform login     403      302    302         302     403     302
decision-create         GET    sales    login     200      403    403         403     200     200
decision-create         POST   sales    login     302      403    403         403     302     302
decision                GET    platform login     404      200    200         200     404     200
decision                GET    sales    login     200      404    404         404     200     200
decision-edit           GET    platform login     404      200    200         200     404     200
decision-edit           POST   platform login     404      302    302         302     404     302
decision-edit           GET    sales    login     200      404    404         404     200     200
decision-edit           POST   sales    login     302      404    404         404     302     302
decision-export         GET    platform login     404      200    200         200     404     200
decision-export         GET    sales    login     200      404    404         404     200     200
knowledge-reuse-mark    POST   platform login     302      302    302         302     302     302
knowledge-reuse-mark    POST   sales    login     302      302    302         302     302     302
""")

API = table("""
# operation                    method object   anonymous outsider member facilitator manager analyst admin
knowledge_playbook_list        GET    -        401       200      200    200         200     200     200
knowledge_playbook_create      POST   platform 401       403      201    201         201     403     201
knowledge_playbook_create      POST   sales    401       201      403    403         403     201     201
knowledge_playbook_detail      GET    platform 401       404      200    200         200     404     200
knowledge_playbook_detail      GET    sales    401       200      404    404         404     200     200
knowledge_playbook_update      PATCH  platform 401       404      200    200         200     404     200
knowledge_playbook_update      PATCH  sales    401       200      404    404         404     200     200
knowledge_playbook_reviewed    POST   platform 401       404      200    200         200     404     200
knowledge_playbook_reviewed    POST   sales    401       200      404    404         404     200     200
knowledge_playbook_revisions   GET    platform 401       404      200    200         200     404     200
knowledge_playbook_revisions   GET    sales    401       200      404    404         404     200     200
knowledge_playbook_revision    GET    platform 401       404      200    200         200     404     200
knowledge_playbook_revision    GET    sales    401       200      404    404         404     200     200
knowledge_decision_list        GET    -        401       200      200    200         200     200     200
knowledge_decision_create      POST   platform 401       403      201    201         201     403     201
knowledge_decision_create      POST   sales    401       201      403    403         403     201     201
knowledge_decision_detail      GET    platform 401       404      200    200         200     404     200
knowledge_decision_detail      GET    sales    401       200      404    404         404     200     200
knowledge_decision_update      PATCH  platform 401       404      200    200         200     404     200
knowledge_decision_update      PATCH  sales    401       200      404    404         404     200     200
knowledge_reuse_mark           POST   platform 401       201      201    201         201     201     201
knowledge_reuse_mark           POST   sales    401       201      201    201         201     201     201
knowledge_reuse_teams          GET    -        401       200      200    200         200     200     200
""")


def build(world: World) -> None:
    """Per team: a playbook, a decision note, an organization-wide playbook and a recorded change."""
    from learnloop.knowledge import services
    from learnloop.loops import services as loops

    for team in TEAMS:
        here, member, the_team = world.at(team), world.member(team), world.teams[team]
        here.playbook = services.playbook_create(actor=member, team=the_team, title=f"Deploying {team}", body="Steps")
        here.shared_playbook = services.playbook_create(
            actor=member, team=the_team, title=f"On call in {team}", visibility="organization"
        )
        here.decision = services.decision_create(actor=member, team=the_team, title=f"Feature flags in {team}")
        item = loops.action_item_create(
            actor=member, lesson=here.lesson, title="Write the canary down", owner=member, due_on=here.item.due_on
        )
        here.change = loops.action_item_complete(actor=member, item=item, what="Canary stage added", where="Pipeline")


def call(name: str, world: World, team: str | None) -> Call:
    if team is None:
        return Call()
    here, slug = world.at(team), world.teams[team].slug
    playbook, decision = here.playbook, here.decision
    playbook_form = {"title": playbook.title, "body": "Steps, checked", "review_by": "2030-01-01",
                     "visibility": "team", "version": str(playbook.version), "note": "Checked."}  # fmt: skip
    decision_form = {"title": decision.title, "status": "accepted", "visibility": "team",
                     "decision": "Flags for every risky change.", "version": str(decision.version)}  # fmt: skip
    if name in {"playbook-create", "decision-create"}:
        return Call(kwargs={"slug": slug}, data=playbook_form if name == "playbook-create" else decision_form)
    if name.startswith("playbook-") or name == "playbook":
        if name == "playbook-from-change":
            return Call(kwargs={"change_id": here.change.pk})
        kwargs = {"pk": playbook.pk, **({"number": 1} if name == "playbook-revision" else {})}
        return Call(kwargs=kwargs, data=playbook_form)
    if name.startswith("decision"):
        return Call(kwargs={"pk": decision.pk}, data=decision_form)
    if name == "knowledge-reuse-mark":
        return Call(kwargs={"kind": "playbook", "pk": here.shared_playbook.pk, "action": "applied"})
    # The API.
    api = {
        "knowledge_playbook_create": Call(data={"team": slug, "title": "Rollbacks"}),
        "knowledge_playbook_detail": Call(kwargs={"playbook_id": playbook.pk}),
        "knowledge_playbook_update": Call(
            kwargs={"playbook_id": playbook.pk}, data={"version": playbook.version, "body": "Steps, checked"}
        ),
        "knowledge_playbook_reviewed": Call(kwargs={"playbook_id": playbook.pk}),
        "knowledge_playbook_revisions": Call(kwargs={"playbook_id": playbook.pk}),
        "knowledge_playbook_revision": Call(kwargs={"playbook_id": playbook.pk, "number": 1}),
        "knowledge_decision_create": Call(data={"team": slug, "title": "Trunk-based development"}),
        "knowledge_decision_detail": Call(kwargs={"note_id": decision.pk}),
        "knowledge_decision_update": Call(
            kwargs={"note_id": decision.pk}, data={"version": decision.version, "status": "accepted"}
        ),
        "knowledge_reuse_mark": Call(data={"kind": "playbook", "id": here.shared_playbook.pk, "action": "applied"}),
    }
    return api[name]
