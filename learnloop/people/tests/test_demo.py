from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.urls import reverse

from learnloop.core.models import AuditEvent
from learnloop.people.demo import DEMO_HASH_ITERATIONS, DEMO_PASSWORD, load_demo
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
    assert User.objects.get(email=emails[0]).check_password(DEMO_PASSWORD)


def test_every_demo_account_has_its_own_password_hash(db):
    run_demo()
    hashes = list(User.objects.values_list("password", flat=True))
    assert len(set(hashes)) == len(hashes) >= 64


def test_a_demo_account_is_hashed_at_full_strength_on_its_first_sign_in(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    summary = load_demo()
    email = summary.logins[0].email
    assert User.objects.get(email=email).password.startswith(f"pbkdf2_sha256${DEMO_HASH_ITERATIONS}$")
    response = client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    upgraded = User.objects.get(email=email).password
    assert upgraded.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
    assert User.objects.get(email=email).check_password(DEMO_PASSWORD)


def test_it_prints_the_address_a_login_per_role_and_the_password(db):
    output = run_demo()
    assert "Open http://127.0.0.1:8000 and sign in" in output
    assert DEMO_PASSWORD in output
    summary = load_demo()
    roles = [login.role for login in summary.logins]
    assert roles == ["member of Platform", "facilitator of Platform", "manager of Platform", "people analyst", "admin"]
    for login in summary.logins:
        assert f"{login.role}" in output and login.email in output
    by_role = {login.role: Person.objects.get(user__email=login.email) for login in summary.logins}
    assert by_role["admin"].is_admin
    assert by_role["people analyst"].is_analyst
    platform = Team.objects.get(name="Platform")
    for role, wanted in (("member", Role.MEMBER), ("facilitator", Role.FACILITATOR), ("manager", Role.MANAGER)):
        assert Membership.objects.get(person=by_role[f"{role} of Platform"], team=platform).role == wanted


def test_it_prints_the_address_it_is_told(db):
    out = StringIO()
    call_command("demo", "--address", "http://0.0.0.0:8765", stdout=out)
    assert "Open http://0.0.0.0:8765 and sign in" in out.getvalue()
    assert "127.0.0.1:8000" not in out.getvalue()


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
