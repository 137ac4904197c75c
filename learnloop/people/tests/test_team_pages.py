from __future__ import annotations

from django.urls import reverse

from learnloop.core.models import AuditEvent
from learnloop.people.models import Membership, Role, Team


def test_the_team_page_lists_members_with_their_roles(client, alice, bob, org):
    client.force_login(bob.user)
    page = client.get(reverse("team", args=["platform"])).content.decode()
    assert "Alice Archer" in page and "Bob Baker" in page
    assert "Manager" in page
    assert "Engineering" in page  # breadcrumb
    assert "Add someone" not in page  # Bob does not manage Platform


def test_a_manager_adds_someone_to_their_team(client, alice, charlie, org):
    client.force_login(alice.user)
    response = client.post(
        reverse("team-member-set", args=["platform"]), {"email": "charlie@example.com", "role": "facilitator"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=charlie, team=org["platform"])
    assert membership.role == Role.FACILITATOR
    event = AuditEvent.objects.get(action="membership.added")
    assert event.actor_label == "Alice Archer"
    assert event.target_label.startswith("Charlie Chen in Platform")


def test_an_unknown_email_is_reported_and_adds_nobody(client, alice, org):
    client.force_login(alice.user)
    response = client.post(
        reverse("team-member-set", args=["platform"]), {"email": "ghost@example.com", "role": "member"}, follow=True
    )
    assert "Nobody in the directory has the e-mail ghost@example.com." in response.content.decode()
    assert Membership.objects.filter(team=org["platform"]).count() == 1


def test_a_manager_of_a_parent_team_manages_the_teams_below(client, charlie, org):
    from learnloop.people.tests.factories import MembershipFactory

    MembershipFactory(person=charlie, team=org["engineering"], role=Role.MANAGER)
    client.force_login(charlie.user)
    assert client.get(reverse("team-edit", args=["platform"])).status_code == 200


def test_a_manager_cannot_touch_another_branch(client, alice, charlie, org):
    client.force_login(alice.user)
    membership = Membership.objects.get(person=charlie)
    response = client.post(reverse("team-member-remove", args=["sales", membership.pk]))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_manager_adds_a_sub_team(client, alice, org):
    client.force_login(alice.user)
    response = client.post(reverse("team-create") + "?parent=platform", {"name": "Platform SRE", "description": ""})
    team = Team.objects.get(name="Platform SRE")
    assert response["Location"] == reverse("team", args=[team.slug])
    assert team.parent == org["platform"]
    assert team.path == f"{org['platform'].path}{team.pk}/"
    assert team.depth == 3


def test_editing_a_team_with_an_empty_name_shows_the_error(client, alice, org):
    client.force_login(alice.user)
    response = client.post(reverse("team-edit", args=["platform"]), {"name": "", "description": "x"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    org["platform"].refresh_from_db()
    assert org["platform"].name == "Platform"


def test_the_team_tree_lists_every_team_in_order(client, bob, org):
    client.force_login(bob.user)
    page = client.get(reverse("teams")).content.decode()
    assert page.index("Acme") < page.index("Engineering") < page.index("Platform") < page.index("Sales")


def test_the_team_tree_takes_a_fixed_number_of_queries(client, bob, org, django_assert_max_num_queries):
    from learnloop.people.tests.factories import TeamFactory

    for number in range(30):
        TeamFactory(parent=org["sales"], name=f"Region {number}")
    client.force_login(bob.user)
    with django_assert_max_num_queries(8):
        client.get(reverse("teams"))
