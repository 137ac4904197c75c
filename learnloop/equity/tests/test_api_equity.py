"""The equity endpoints: post, apply, decide through the API; the audit for analysts only, in the CLI's shape."""

from __future__ import annotations

import datetime

from learnloop.equity.models import LearningRecord
from learnloop.people.models import SensitiveAttribute
from learnloop.people.tests.factories import MembershipFactory, PersonFactory

IN_A_WEEK = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()


def test_an_opportunity_is_posted_applied_for_and_awarded_through_the_api(api_as, alice, bob, charlie, org):
    posted = api_as(alice).post(
        "/opportunities",
        {
            "title": "Mentor a new hire",
            "kind": "mentoring",
            "capacity": 1,
            "deadline": IN_A_WEEK,
            "skills": ["coaching"],
            "eligible_teams": ["platform"],
        },
    )
    assert posted.status_code == 201, posted.content
    opportunity = posted.json()
    assert opportunity["eligible_teams"] == ["platform"] and opportunity["skills"] == ["coaching"]

    assert [o["id"] for o in api_as(bob).get("/opportunities").json()["items"]] == [opportunity["id"]]
    assert api_as(charlie).get("/opportunities").json() == {"items": [], "count": 0}
    assert api_as(charlie).get(f"/opportunities/{opportunity['id']}").status_code == 404

    applied = api_as(bob).post(f"/opportunities/{opportunity['id']}/applications", {"motivation": "I like teaching"})
    assert applied.status_code == 201
    application = applied.json()
    assert api_as(bob).get(f"/opportunities/{opportunity['id']}/applications").status_code == 403

    no_reason = api_as(alice).post(
        f"/applications/{application['id']}/decision", {"decision": "award", "rationale": ""}
    )
    assert no_reason.status_code == 422
    decided = api_as(alice).post(
        f"/applications/{application['id']}/decision", {"decision": "award", "rationale": "First mentee for Bob"}
    )
    assert decided.status_code == 200 and decided.json()["status"] == "awarded"
    assert LearningRecord.objects.filter(person=bob, kind="Mentoring").exists()


def test_a_member_cannot_post_and_an_unknown_team_is_named(api_as, alice, bob):
    body = {"title": "x", "kind": "course", "capacity": 1, "deadline": IN_A_WEEK}
    assert api_as(bob).post("/opportunities", body).status_code == 403
    response = api_as(alice).post("/opportunities", {**body, "eligible_teams": ["nowhere"]})
    assert response.status_code == 400 and response.json()["errors"] == {"eligible_teams": ["No such team: nowhere."]}


def test_the_audit_is_for_analysts_and_has_the_cli_shape(api_as, dana, bob, org):
    """Six men and eleven women in Platform; the men and six women had a course, five women none.
    Bob and Dana (no Gender recorded) had one too."""
    for index in range(17):
        person = PersonFactory()
        MembershipFactory(person=person, team=org["platform"])
        SensitiveAttribute.objects.create(person=person, key="Gender", value="M" if index < 6 else "F")
        if index < 12:
            LearningRecord.objects.create(
                person=person, kind="course", occurred_on=datetime.date.today(), source="import"
            )
    for person in (bob, dana):
        LearningRecord.objects.create(person=person, kind="course", occurred_on=datetime.date.today(), source="import")
    assert api_as(bob).get("/equity/audit", {"by": "Gender"}).status_code == 403
    response = api_as(dana).get("/equity/audit", {"by": "Gender", "min_count": 1})
    assert response.status_code == 200
    report = response.json()
    assert list(report) == ["gini", "theil", "theil_between", "theil_within", "groups", "reasons"]
    # Bob and Dana have no Gender recorded: two people, hidden, and the next-smallest group with them.
    assert [(g["group"], g["headcount"], g["selection_rate"]) for g in report["groups"]] == [
        ("(not recorded)", None, None),
        ("F", 11, 0.545455),
        ("M", None, None),
    ]
    women = report["groups"][1]
    # One group left to compare: the four-fifths ratio would compare it with itself.
    assert women["adverse_impact_ratio"] is None
    assert women["reasons"]["adverse_impact_ratio"].startswith("Not comparable")
    assert "fewer than 5 people" in report["groups"][0]["reasons"]["group"]
    assert api_as(dana).get("/equity/audit", {"by": "Shoe size"}).status_code == 400
    assert api_as(dana).get("/equity/participation", {"by": "Gender"}).status_code == 200
    assert api_as(bob).get("/equity/participation", {"by": "Gender"}).status_code == 403
