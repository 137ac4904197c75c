"""Expected access to the routes of people, teams and sign-in (see core/tests/access.py).

Every signed-in person sees the team tree and the directory. A team is managed (edited, its
members set) by its managers, the managers above it and admins: Alice for Platform, only Erin
for Sales. A profile is edited by its owner and admins; a platform row is about Bob, a sales
row about Charlie. Global roles are the admin's; the sensitive-attribute summary the analyst's.
"""

from __future__ import annotations

from conftest import PASSWORD
from learnloop.core.tests.access import Call, World, table

PAGES = table("""
# route                  method object   anonymous outsider member facilitator manager analyst admin
login                    GET    -        200       302      302    302         302     302     302
login                    POST   -        302       302      302    302         302     302     302
logout                   POST   -        login     login    login  login       login   login   login
password_reset           GET    -        200       200      200    200         200     200     200
password_reset           POST   -        302       302      302    302         302     302     302
password_reset_done      GET    -        200       200      200    200         200     200     200
password_reset_confirm   GET    -        200       200      200    200         200     200     200
password_reset_confirm   POST   -        200       200      200    200         200     200     200
password_reset_complete  GET    -        200       200      200    200         200     200     200
password_change          GET    -        login     200      200    200         200     200     200
password_change          POST   -        login     302      302    302         302     302     302
home                     GET    -        login     200      200    200         200     200     200
teams                    GET    -        login     200      200    200         200     200     200
team-create              GET    -        login     404      404    404         404     404     200
team-create              POST   -        login     404      404    404         404     404     302
team-create              GET    platform login     403      403    403         200     403     200
team-create              POST   platform login     403      403    403         302     403     302
team-create              GET    sales    login     403      403    403         403     403     200
team-create              POST   sales    login     403      403    403         403     403     302
team                     GET    platform login     200      200    200         200     200     200
team                     GET    sales    login     200      200    200         200     200     200
team-edit                GET    platform login     403      403    403         200     403     200
team-edit                POST   platform login     403      403    403         302     403     302
team-edit                GET    sales    login     403      403    403         403     403     200
team-edit                POST   sales    login     403      403    403         403     403     302
team-member-set          POST   platform login     403      403    403         302     403     302
team-member-set          POST   sales    login     403      403    403         403     403     302
team-member-remove       POST   platform login     403      403    403         302     403     302
team-member-remove       POST   sales    login     403      403    403         403     403     302
directory                GET    -        login     200      200    200         200     200     200
person                   GET    platform login     200      200    200         200     200     200
person                   GET    sales    login     200      200    200         200     200     200
person-edit              GET    platform login     404      200    404         404     404     200
person-edit              POST   platform login     404      302    404         404     404     302
person-edit              GET    sales    login     200      404    404         404     404     200
person-edit              POST   sales    login     302      404    404         404     404     302
person-roles             POST   platform login     403      403    403         403     403     302
person-roles             POST   sales    login     403      403    403         403     403     302
attributes               GET    -        login     403      403    403         403     200     403
""")

API = table("""
# operation              method object   anonymous outsider member facilitator manager analyst admin
people_me                GET    -        401       200      200    200         200     200     200
people_people_list       GET    -        401       200      200    200         200     200     200
people_person_get        GET    platform 401       200      200    200         200     200     200
people_person_get        GET    sales    401       200      200    200         200     200     200
people_team_list         GET    -        401       200      200    200         200     200     200
people_team_create       POST   -        401       403      403    403         403     403     201
people_team_create       POST   platform 401       403      403    403         201     403     201
people_team_create       POST   sales    401       403      403    403         403     403     201
people_team_get          GET    platform 401       200      200    200         200     200     200
people_team_get          GET    sales    401       200      200    200         200     200     200
people_team_update       PATCH  platform 401       403      403    403         200     403     200
people_team_update       PATCH  sales    401       403      403    403         403     403     200
people_membership_set    PUT    platform 401       403      403    403         200     403     200
people_membership_set    PUT    sales    401       403      403    403         403     403     200
people_membership_remove DELETE platform 401       403      403    403         204     403     204
people_membership_remove DELETE sales    401       403      403    403         403     403     204
""")


def build(world: World) -> None:
    """People rows are about the teams and the cast; nothing else is needed."""


def other(team: str) -> str:
    return "sales" if team == "platform" else "platform"


def call(name: str, world: World, team: str | None) -> Call:
    from learnloop.people.models import Membership

    if name == "login":
        return Call(data={"username": world.people["bob"].email, "password": PASSWORD})
    if name == "password_reset":
        return Call(data={"email": world.people["bob"].email})
    if name == "password_reset_confirm":
        return Call(kwargs={"uidb64": "MQ", "token": "not-a-token"}, data={"new_password1": "x", "new_password2": "x"})
    if name == "password_change":
        new = "a fresh passphrase 2026"
        return Call(data={"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    if team is None:
        if name in {"team-create", "people_team_create"}:
            return Call(data={"name": "Tooling", "description": "Internal tools."})
        return Call()
    slug = world.teams[team].slug
    member = world.member(team)
    if name == "team-create":
        return Call(query={"parent": slug}, data={"name": "Tooling", "description": "Internal tools."})
    if name in {"team", "team-edit"}:
        return Call(kwargs={"slug": slug}, data={"name": world.teams[team].name, "description": "Renamed."})
    if name == "team-member-set":
        return Call(kwargs={"slug": slug}, data={"email": world.member(other(team)).email, "role": "member"})
    if name == "team-member-remove":
        membership = Membership.objects.get(person=member, team=world.teams[team])
        return Call(kwargs={"slug": slug, "membership_id": membership.pk})
    if name in {"person", "person-edit"}:
        return Call(kwargs={"pk": member.pk}, data={"display_name": member.display_name, "title": "Engineer"})
    if name == "person-roles":
        return Call(kwargs={"pk": member.pk}, data={"is_analyst": "on"})
    # The API.
    if name == "people_person_get":
        return Call(kwargs={"person_id": member.pk})
    if name == "people_team_create":
        return Call(data={"name": "Tooling", "parent": slug})
    if name in {"people_team_get", "people_team_update"}:
        return Call(kwargs={"slug": slug}, data={"description": "Renamed."})
    if name == "people_membership_set":
        return Call(kwargs={"slug": slug, "person_id": world.member(other(team)).pk}, data={"role": "member"})
    if name == "people_membership_remove":
        return Call(kwargs={"slug": slug, "person_id": member.pk})
    raise AssertionError(f"no call for {name} about {team}")
