"""Expected access to opportunities, the learning audit, participation and quiet members, pages
and API (see core/tests/access.py).

Each team has an opportunity open to it alone: Platform's posted by Alice (its manager), Sales'
by Erin (the admin), each with an application from the team's member. The people of the team
see it and apply; whoever posted it (and admins) close it and decide; the applicant withdraws.
Anyone else gets 404, as if it did not exist. The audit and participation are for analysts only
(Dana); a team's quiet members for its facilitators and managers (Fay and Alice) and admins.
"""

from __future__ import annotations

from learnloop.core.tests.access import TEAMS, Call, World, table

PAGES = table("""
# route                         method object   anonymous outsider member facilitator manager analyst admin
equity-opportunities            GET    -        login     200      200    200         200     200     200
equity-opportunity-create       GET    -        login     403      403    403         200     403     200
equity-opportunity-create       POST   -        login     403      403    403         302     403     302
equity-opportunity              GET    platform login     404      200    200         200     404     200
equity-opportunity              GET    sales    login     200      404    404         404     200     200
equity-opportunity-apply        POST   platform login     404      302    302         bad     404     403
equity-opportunity-apply        POST   sales    login     302      404    404         404     302     403
equity-opportunity-close        POST   platform login     404      403    403         302     404     302
equity-opportunity-close        POST   sales    login     403      404    404         404     403     302
equity-application-withdraw     POST   platform login     404      302    404         403     404     403
equity-application-withdraw     POST   sales    login     302      404    404         404     404     403
equity-application-decide       POST   platform login     404      403    404         302     404     302
equity-application-decide       POST   sales    login     403      404    404         404     404     302
equity-audit                    GET    -        login     403      403    403         403     200     403
equity-audit-csv                GET    -        login     403      403    403         403     200     403
equity-participation            GET    -        login     403      403    403         403     200     403
equity-silence                  GET    platform login     403      403    200         200     403     200
equity-silence                  GET    sales    login     403      403    403         403     403     200
""")

API = table("""
# operation                     method object   anonymous outsider member facilitator manager analyst admin
equity_opportunity_list         GET    -        401       200      200    200         200     200     200
equity_opportunity_create       POST   -        401       403      403    403         201     403     201
equity_opportunity_get          GET    platform 401       404      200    200         200     404     200
equity_opportunity_get          GET    sales    401       200      404    404         404     200     200
equity_application_list         GET    platform 401       404      403    403         200     404     200
equity_application_list         GET    sales    401       403      404    404         404     403     200
equity_application_create       POST   platform 401       404      201    201         bad     404     403
equity_application_create       POST   sales    401       201      404    404         404     201     403
equity_application_decision     POST   platform 401       404      403    404         200     404     200
equity_application_decision     POST   sales    401       403      404    404         404     404     200
equity_application_withdraw     POST   platform 401       404      200    404         403     404     403
equity_application_withdraw     POST   sales    401       200      404    404         404     404     403
equity_audit                    GET    -        401       403      403    403         403     200     403
equity_participation            GET    -        401       403      403    403         403     200     403
""")


def build(world: World) -> None:
    """Per team: an opportunity open to that team, with an application from its member, and a
    learning record for the member."""
    import datetime

    from django.utils import timezone

    from learnloop.equity import services
    from learnloop.equity.models import LearningRecord

    posters = {"platform": world.people["alice"], "sales": world.people["erin"]}
    for team in TEAMS:
        here = world.at(team)

        def post(title: str, kind: str, team: str = team) -> object:
            deadline = timezone.localdate() + datetime.timedelta(days=10)
            return services.opportunity_post(
                actor=posters[team], title=title, kind=kind, capacity=1, deadline=deadline, teams=[world.teams[team]]
            )

        here.opportunity = post(f"Speak at the {team} all-hands", "speaking")
        here.application = services.application_submit(actor=world.member(team), opportunity=here.opportunity)
        here.fresh_opportunity = post(f"A course for {team}", "course")  # nobody has applied: for applying
        LearningRecord.objects.create(
            person=world.member(team), kind="course", occurred_on=timezone.localdate(), source="import"
        )


def call(name: str, world: World, team: str | None) -> Call:
    import datetime

    from django.utils import timezone

    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    if team is None:
        if name == "equity-opportunity-create":
            return Call(
                data={"title": "Conference ticket", "kind": "conference", "capacity": "1", "deadline": deadline}
            )
        if name == "equity_opportunity_create":
            return Call(data={"title": "Conference ticket", "kind": "conference", "capacity": 1, "deadline": deadline})
        if name in {"equity_audit", "equity_participation"}:
            return Call(query={"by": "team-level:1"})
        return Call()
    here = world.at(team)
    if name == "equity-silence":
        return Call(kwargs={"slug": world.teams[team].slug})
    if name.startswith("equity-opportunity"):
        opportunity = here.fresh_opportunity if name == "equity-opportunity-apply" else here.opportunity
        return Call(kwargs={"pk": opportunity.pk}, data={"motivation": "I would like to practise."})
    if name.startswith("equity-application"):
        prefix = f"a{here.application.pk}"
        return Call(
            kwargs={"pk": here.application.pk},
            data={f"{prefix}-decision": "award", f"{prefix}-rationale": "Has not spoken there yet."},
        )
    if name == "equity_application_create":
        return Call(
            kwargs={"opportunity_id": here.fresh_opportunity.pk}, data={"motivation": "I would like to practise."}
        )
    if name in {"equity_opportunity_get", "equity_application_list"}:
        return Call(kwargs={"opportunity_id": here.opportunity.pk})
    return Call(
        kwargs={"application_id": here.application.pk}, data={"decision": "award", "rationale": "Has not spoken yet."}
    )
