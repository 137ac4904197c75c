"""GET /me, /people and /people/{id}: the directory over the API."""

from __future__ import annotations

from learnloop.people.models import Role, SensitiveAttribute
from learnloop.people.tests.factories import MembershipFactory, PersonFactory, UserFactory


def test_me_is_the_tokens_person_with_teams_and_roles(api_as, alice):
    body = api_as(alice, scope="read").get("/me").json()
    assert body["id"] == alice.pk
    assert body["email"] == "alice@example.com"
    assert body["is_admin"] is False and body["is_analyst"] is False
    assert body["memberships"] == [{"team": {"slug": "platform", "name": "Platform"}, "role": "manager"}]


def test_me_tells_the_admin_they_are_one(api_as, erin):
    assert api_as(erin, scope="read").get("/me").json()["is_admin"] is True


def test_the_people_list_is_paginated_with_a_count(api_as, everyone):
    api = api_as(everyone["charlie"], scope="read")
    body = api.get("/people", {"limit": 2}).json()
    assert body["count"] == 5
    assert [person["display_name"] for person in body["items"]] == ["Alice Archer", "Bob Baker"]
    rest = api.get("/people", {"limit": 2, "offset": 4}).json()
    assert [person["display_name"] for person in rest["items"]] == ["Erin Evans"]


def test_a_page_holds_at_most_200_people(api_as, bob):
    body = api_as(bob, scope="read").get("/people", {"limit": 1000}).json()
    assert body["count"] == 1  # the cap does not refuse, it limits


def test_people_are_searched_by_every_word(api_as, everyone):
    api = api_as(everyone["bob"], scope="read")
    body = api.get("/people", {"q": "baker bob"}).json()
    assert [person["id"] for person in body["items"]] == [everyone["bob"].pk]
    assert api.get("/people", {"q": "nobody-like-this"}).json() == {"items": [], "count": 0}


def test_people_are_filtered_by_a_teams_branch(api_as, everyone):
    body = api_as(everyone["charlie"], scope="read").get("/people", {"team": "engineering"}).json()
    assert {person["display_name"] for person in body["items"]} == {"Alice Archer", "Bob Baker"}


def test_an_unknown_team_filter_is_404(api_as, bob):
    assert api_as(bob, scope="read").get("/people", {"team": "nope"}).status_code == 404


def test_sensitive_attributes_never_appear(api_as, everyone):
    SensitiveAttribute.objects.create(person=everyone["bob"], key="ethnicity", value="Quenya")
    api = api_as(everyone["dana"], scope="read")  # not even for the analyst
    for path in ["/people", f"/people/{everyone['bob'].pk}", "/teams/platform", "/me"]:
        text = api.get(path).content.decode()
        assert "ethnicity" not in text and "Quenya" not in text, path


def test_a_person_is_shown_with_their_memberships(api_as, bob, charlie):
    body = api_as(charlie, scope="read").get(f"/people/{bob.pk}").json()
    assert body["display_name"] == "Bob Baker"
    assert body["memberships"] == [{"team": {"slug": "platform", "name": "Platform"}, "role": "member"}]


def test_a_placeholder_email_is_null(api_as, bob):
    ghost = PersonFactory(display_name="Ghost", email_is_placeholder=True)
    assert api_as(bob, scope="read").get(f"/people/{ghost.pk}").json()["email"] is None


def test_an_unknown_person_is_404(api_as, bob):
    response = api_as(bob, scope="read").get("/people/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_people_list_costs_the_same_queries_for_many_people(api_as, alice, org, django_assert_max_num_queries):
    api = api_as(alice, scope="read")
    api.get("/people")  # the token's "last used" is written on the first request only
    for number in range(40):
        person = PersonFactory(user=UserFactory(), display_name=f"Extra {number}", manager=alice)
        MembershipFactory(person=person, team=org["platform"], role=Role.MEMBER)
    with django_assert_max_num_queries(4):  # token, team, count, page
        body = api.get("/people", {"team": "platform"}).json()
    assert body["count"] == 41


def test_a_person_costs_a_fixed_number_of_queries(api_as, alice, bob, org, django_assert_max_num_queries):
    for team in [org["root"], org["engineering"], org["sales"]]:
        MembershipFactory(person=bob, team=team)
    api = api_as(alice, scope="read")
    api.get("/me")
    with django_assert_max_num_queries(3):  # token, person, memberships
        api.get(f"/people/{bob.pk}")
