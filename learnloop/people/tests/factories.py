"""factory_boy factories for people and teams."""

from __future__ import annotations

import factory

from learnloop.people.models import Membership, Person, Role, Team, User
from learnloop.people.services import set_team_path


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Person {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    path = "/pending/"

    @factory.post_generation
    def tree_path(obj, create, extracted, **kwargs):
        if create:
            set_team_path(obj)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    team = factory.SubFactory(TeamFactory)
    role = Role.MEMBER
