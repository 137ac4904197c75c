"""The teams endpoints from each named person's chair: reading, creating, editing, membership."""

from __future__ import annotations

from learnloop.core.models import AuditEvent
from learnloop.people.models import Membership, Role, Team
from learnloop.people.tests.factories import MembershipFactory, PersonFactory, TeamFactory


def test_teams_are_listed_in_tree_order_with_parent_depth_and_member_count(api_as, everyone):
    body = api_as(everyone["bob"], scope="read").get("/teams").json()
    assert [(t["slug"], t["parent"], t["depth"], t["member_count"]) for t in body] == [
        ("acme", None, 0, 0),
        ("engineering", "acme", 1, 0),
        ("platform", "engineering", 2, 2),
        ("sales", "acme", 1, 2),
    ]


def test_a_team_shows_its_members_roles_and_sub_teams(api_as, alice, bob, charlie, org):
    body = api_as(charlie, scope="read").get("/teams/engineering").json()
    assert body["children"] == [
        {
            "slug": "platform",
            "name": "Platform",
            "description": "",
            "parent": "engineering",
            "depth": 2,
            "member_count": 2,
        }
    ]
    platform = api_as(charlie, scope="read").get("/teams/platform").json()
    assert [(m["person"]["display_name"], m["role"]) for m in platform["members"]] == [
        ("Alice Archer", "manager"),
        ("Bob Baker", "member"),
    ]
    assert platform["parent"] == "engineering" and platform["member_count"] == 2


def test_an_unknown_team_is_404(api_as, bob):
    assert api_as(bob, scope="read").get("/teams/nope").status_code == 404


def test_the_admin_creates_a_top_level_team(api_as, erin, org):
    response = api_as(erin).post("/teams", {"name": "Support", "description": "Helps customers."})
    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["parent"], body["depth"], body["members"]) == ("support", None, 0, [])
    assert AuditEvent.objects.get(action="team.created").actor_user == erin.user


def test_a_manager_cannot_create_a_top_level_team(api_as, alice):
    response = api_as(alice).post("/teams", {"name": "Shadow IT"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only an admin can create a top-level team."}
    assert not Team.objects.filter(name="Shadow IT").exists()


def test_a_manager_creates_a_team_under_their_own(api_as, alice):
    response = api_as(alice).post("/teams", {"name": "Platform SRE", "parent": "platform"})
    assert response.status_code == 201
    assert response.json()["parent"] == "platform"
    assert Team.objects.get(name="Platform SRE").parent.slug == "platform"


def test_a_member_cannot_create_a_team(api_as, bob):
    response = api_as(bob).post("/teams", {"name": "Bob's team", "parent": "platform"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only a manager of Platform can add a team under it."}


def test_a_manager_edits_their_team_and_keeps_what_is_left_out(api_as, alice, org):
    response = api_as(alice).patch("/teams/platform", {"description": "Runs the platform."})
    assert response.status_code == 200
    assert response.json()["name"] == "Platform"
    assert response.json()["description"] == "Runs the platform."
    assert AuditEvent.objects.get(action="team.updated").changes == {"description": ["", "Runs the platform."]}


def test_members_and_outsiders_cannot_edit_a_team(api_as, bob, charlie, dana, org):
    for person in [bob, charlie, dana]:
        response = api_as(person).patch("/teams/platform", {"name": "Mine now"})
        assert response.status_code == 403, person
    assert Team.objects.get(slug="platform").name == "Platform"


def test_a_manager_of_another_branch_cannot_edit_sales(api_as, alice):
    assert api_as(alice).patch("/teams/sales", {"name": "Platform Sales"}).status_code == 403


def test_a_manager_adds_someone_to_their_team(api_as, alice, charlie, org):
    response = api_as(alice).put(f"/teams/platform/members/{charlie.pk}", {"role": "facilitator"})
    assert response.status_code == 200
    assert response.json()["team"] == "platform"
    assert response.json()["person"]["id"] == charlie.pk
    assert response.json()["role"] == "facilitator"
    assert Membership.objects.get(person=charlie, team=org["platform"]).role == Role.FACILITATOR
    assert AuditEvent.objects.get(action="membership.added").actor_user == alice.user


def test_a_manager_changes_a_members_role(api_as, alice, bob, org):
    response = api_as(alice).put(f"/teams/platform/members/{bob.pk}", {"role": "manager"})
    assert response.json()["role"] == "manager"
    assert Membership.objects.get(person=bob, team=org["platform"]).role == Role.MANAGER


def test_a_manager_cannot_add_people_to_another_branch(api_as, alice, bob, org):
    response = api_as(alice).put(f"/teams/sales/members/{bob.pk}", {"role": "member"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only a manager of Sales can change its members."}
    assert not Membership.objects.filter(person=bob, team=org["sales"]).exists()


def test_a_member_cannot_change_memberships(api_as, bob, charlie):
    assert api_as(bob).put(f"/teams/platform/members/{charlie.pk}", {"role": "member"}).status_code == 403
    assert api_as(bob).put(f"/teams/platform/members/{bob.pk}", {"role": "manager"}).status_code == 403


def test_a_manager_removes_someone_from_their_team(api_as, alice, bob, org):
    response = api_as(alice).delete(f"/teams/platform/members/{bob.pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Membership.objects.filter(person=bob, team=org["platform"]).exists()
    assert AuditEvent.objects.filter(action="membership.removed").count() == 1


def test_a_member_cannot_remove_anyone(api_as, alice, bob, org):
    assert api_as(bob).delete(f"/teams/platform/members/{alice.pk}").status_code == 403
    assert Membership.objects.filter(person=alice, team=org["platform"]).exists()


def test_removing_someone_not_in_the_team_is_404(api_as, alice, charlie):
    assert api_as(alice).delete(f"/teams/platform/members/{charlie.pk}").status_code == 404


def test_the_admin_manages_every_team(api_as, erin, bob, org):
    api = api_as(erin)
    assert api.put(f"/teams/sales/members/{bob.pk}", {"role": "member"}).status_code == 200
    assert api.patch("/teams/sales", {"name": "Sales and Success"}).status_code == 200
    assert api.delete(f"/teams/sales/members/{bob.pk}").status_code == 204


def test_the_team_list_costs_the_same_queries_for_many_teams(api_as, bob, org, django_assert_max_num_queries):
    api = api_as(bob, scope="read")
    api.get("/teams")
    parent = org["platform"]
    for number in range(30):
        parent = TeamFactory(name=f"Nested {number}", parent=parent if number % 2 else org["sales"])
        MembershipFactory(person=PersonFactory(), team=parent)
    with django_assert_max_num_queries(2):  # token, teams
        assert len(api.get("/teams").json()) == 34


def test_a_team_costs_a_fixed_number_of_queries(api_as, bob, org, django_assert_max_num_queries):
    for number in range(10):
        MembershipFactory(person=PersonFactory(), team=org["platform"])
        TeamFactory(name=f"Sub {number}", parent=org["platform"])
    api = api_as(bob, scope="read")
    api.get("/teams/platform")
    with django_assert_max_num_queries(5):  # token, team, team with its count, members, sub-teams
        body = api.get("/teams/platform").json()
    assert len(body["members"]) == 11 and len(body["children"]) == 10
