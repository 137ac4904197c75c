from __future__ import annotations

from django.urls import reverse


def test_the_directory_finds_people_by_name(client, alice, bob, charlie):
    client.force_login(bob.user)
    page = client.get(reverse("directory"), {"q": "char"}).content.decode()
    assert "Charlie Chen" in page
    assert "Alice Archer" not in page


def test_the_directory_finds_people_by_email_and_several_words(client, alice, bob):
    client.force_login(bob.user)
    page = client.get(reverse("directory"), {"q": "alice archer"}).content.decode()
    assert "Alice Archer" in page
    assert "1 person" in page


def test_the_directory_filters_by_team_and_its_sub_teams(client, alice, bob, charlie, org):
    client.force_login(bob.user)
    page = client.get(reverse("directory"), {"team": "engineering"}).content.decode()
    assert "Alice Archer" in page and "Bob Baker" in page
    assert "Charlie Chen" not in page


def test_live_search_returns_only_the_results_fragment(client, bob, alice):
    client.force_login(bob.user)
    response = client.get(reverse("directory"), {"q": "alice"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Alice Archer" in body
    assert "<html" not in body


def test_the_directory_never_shows_sensitive_attributes(client, bob):
    from learnloop.people.models import SensitiveAttribute

    SensitiveAttribute.objects.create(person=bob, key="Gender", value="Nonbinary")
    client.force_login(bob.user)
    assert "Nonbinary" not in client.get(reverse("directory")).content.decode()
    assert "Nonbinary" not in client.get(reverse("person", args=[bob.pk])).content.decode()


def test_the_directory_takes_a_fixed_number_of_queries(client, bob, django_assert_max_num_queries):
    from learnloop.people.tests.factories import PersonFactory

    PersonFactory.create_batch(40)
    client.force_login(bob.user)
    with django_assert_max_num_queries(8):
        client.get(reverse("directory"))
