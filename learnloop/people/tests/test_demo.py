from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from learnloop.core.models import AuditEvent
from learnloop.people.demo import DEMO_PASSWORD, load_demo
from learnloop.people.models import Membership, Person, Role, SensitiveAttribute, Team, User


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    models = (User, Person, Team, Membership, SensitiveAttribute, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(autouse=True)
def people_steps_only(monkeypatch):
    """These tests are about the people steps; the loop's history has its own tests."""
    from learnloop.people import demo

    monkeypatch.setattr(demo, "demo_steps", lambda: list(demo.STEPS))


def test_it_loads_a_three_level_organization_of_at_least_64_people(db):
    run_demo()
    assert Person.objects.count() >= 64
    leaves = Team.objects.filter(depth=2)
    assert leaves.count() >= 9
    assert Team.objects.filter(depth=0).get().name == "Northwind Analytics"
    assert set(Team.objects.values_list("depth", flat=True)) == {0, 1, 2}
    for team in leaves:
        assert 5 <= team.memberships.count() <= 10, team


def test_every_team_has_one_manager_and_a_facilitator(db):
    run_demo()
    for team in Team.objects.all():
        roles = Counter(team.memberships.values_list("role", flat=True))
        assert roles[Role.MANAGER] == 1, team
        assert roles[Role.FACILITATOR] >= 1, team


def test_everyone_but_the_chief_executive_has_a_manager(db):
    run_demo()
    assert list(Person.objects.filter(manager=None).values_list("title", flat=True)) == ["Chief Executive Officer"]
    platform = Team.objects.get(name="Platform")
    lead = platform.memberships.get(role=Role.MANAGER).person
    for membership in platform.memberships.exclude(role=Role.MANAGER):
        assert membership.person.manager == lead


def test_there_is_one_analyst_and_one_admin(db):
    run_demo()
    assert Person.objects.filter(is_analyst=True).count() == 1
    admins = User.objects.filter(is_staff=True, is_superuser=True)
    assert admins.count() == 1
    assert admins.get().person.is_admin


def test_everyone_has_gender_age_band_and_tenure(db):
    run_demo()
    people = Person.objects.count()
    for key in ("Gender", "AgeBand", "TenureBand"):
        assert SensitiveAttribute.objects.filter(key=key).count() == people
    assert SensitiveAttribute.objects.filter(key="AgeBand", value="25-34").exists()


def test_every_demo_person_signs_in_with_the_demo_password(db):
    run_demo()
    emails = list(User.objects.values_list("email", flat=True))
    assert all(email.endswith("@northwind.example") for email in emails)
    assert len({user.password for user in User.objects.all()}) == 1
    assert User.objects.get(email=emails[0]).check_password(DEMO_PASSWORD)


def test_it_prints_the_address_four_logins_and_the_password(db):
    output = run_demo()
    assert "http://127.0.0.1:8000" in output
    assert DEMO_PASSWORD in output
    summary = load_demo()
    assert [login.role for login in summary.logins][:2] == ["admin", "people analyst"]
    for login in summary.logins:
        assert login.email in output
    admin = User.objects.get(email=summary.logins[0].email)
    assert admin.is_staff and admin.is_superuser
    assert Person.objects.get(user__email=summary.logins[1].email).is_analyst


def test_running_it_again_creates_and_changes_nothing(db):
    run_demo()
    before = table_counts()
    passwords = dict(User.objects.values_list("email", "password"))
    output = run_demo()
    assert "nothing changed" in output
    assert table_counts() == before
    assert dict(User.objects.values_list("email", "password")) == passwords


def test_it_fills_in_what_is_missing(db):
    run_demo()
    Membership.objects.filter(team__name="Payments").delete()
    SensitiveAttribute.objects.filter(key="TenureBand").delete()
    summary = load_demo()
    assert summary.created == {"memberships": 6, "sensitive attributes": Person.objects.count()}


def test_it_writes_through_the_services_with_an_audit_trail(db):
    run_demo()
    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions["person.created"] == Person.objects.count()
    assert actions["team.created"] == Team.objects.count()
    assert set(AuditEvent.objects.values_list("actor_label", flat=True)) == {"system (command line)"}
