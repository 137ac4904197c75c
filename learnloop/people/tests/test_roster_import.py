"""Importing an HR roster: people, teams, memberships, managers and attributes, idempotently."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from textwrap import dedent

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from learnloop.core.access import SYSTEM
from learnloop.core.models import AuditEvent
from learnloop.people.models import Membership, Person, Role, SensitiveAttribute, Team
from learnloop.people.roster import RosterColumns, age_band, roster_import
from learnloop.people.tests.factories import MembershipFactory

ROSTER = """\
    Id,Name,Email,Dept,Role,Boss,Age,Gender
    1,Ada Lovelace,ada@example.com,Engineering,Backend,,36,Female
    2,Grace Hopper,Grace@Example.com,Engineering,Frontend,1,24,Female
    3,Alan Turing,alan@example.com,Sales,Backend,1,61,Male
"""
OPTIONS = ["--id", "Id", "--team", "Dept", "--subteam", "Role", "--name", "Name", "--email", "Email"]


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def run(path: Path, *options: str) -> str:
    out = StringIO()
    call_command("import", "roster", str(path), *options, stdout=out)
    return out.getvalue()


def person(external_id: str) -> Person:
    return Person.objects.select_related("user", "manager").get(external_id=external_id)


def roster_team(external_id: str) -> Team:
    return Membership.objects.get(person__external_id=external_id, source=Membership.Source.ROSTER).team


def test_it_creates_people_teams_and_roster_memberships(tmp_path, db):
    output = run(write(tmp_path, ROSTER), *OPTIONS)
    assert "Imported roster.csv: 3 people (3 created, 0 updated, 0 unchanged), 5 teams created." in output
    grace = person("2")
    assert (grace.display_name, grace.email) == ("Grace Hopper", "grace@example.com")
    assert not grace.name_is_placeholder and not grace.email_is_placeholder
    frontend = roster_team("2")
    assert (frontend.external_key, frontend.parent.external_key, frontend.depth) == (
        "Engineering/Frontend",
        "Engineering",
        1,
    )
    assert frontend.path == f"/{frontend.parent.pk}/{frontend.pk}/"
    assert Membership.objects.get(person=grace).role == Role.MEMBER


def test_a_second_run_changes_nothing(tmp_path, db):
    path = write(tmp_path, ROSTER)
    run(path, *OPTIONS, "--manager", "Boss", "--attributes", "Age,Gender")
    before = (
        Person.objects.count(),
        Team.objects.count(),
        Membership.objects.count(),
        SensitiveAttribute.objects.count(),
    )
    output = run(path, *OPTIONS, "--manager", "Boss", "--attributes", "Age,Gender")
    assert "3 people (0 created, 0 updated, 3 unchanged), 0 teams created." in output
    after = (
        Person.objects.count(),
        Team.objects.count(),
        Membership.objects.count(),
        SensitiveAttribute.objects.count(),
    )
    assert before == after


def test_the_same_subteam_name_under_two_teams_is_two_teams(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS)
    engineering_backend, sales_backend = roster_team("1"), roster_team("3")
    assert engineering_backend != sales_backend
    assert {engineering_backend.external_key, sales_backend.external_key} == {"Engineering/Backend", "Sales/Backend"}
    assert engineering_backend.slug != sales_backend.slug


def test_a_changed_row_updates_that_person_and_moves_their_roster_membership(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS)
    changed = ROSTER.replace(
        "2,Grace Hopper,Grace@Example.com,Engineering,Frontend", "2,Grace B. Hopper,gh@example.com,Sales,Frontend"
    )
    output = run(write(tmp_path, changed), *OPTIONS)
    assert "(0 created, 1 updated, 2 unchanged), 1 team created." in output
    grace = person("2")
    assert (grace.display_name, grace.email) == ("Grace B. Hopper", "gh@example.com")
    assert roster_team("2").external_key == "Sales/Frontend"
    assert Membership.objects.filter(person=grace).count() == 1


def test_a_move_never_touches_memberships_added_by_hand(tmp_path, org):
    run(write(tmp_path, ROSTER), *OPTIONS)
    grace = person("2")
    MembershipFactory(person=grace, team=org["platform"], role=Role.FACILITATOR)
    run(write(tmp_path, ROSTER.replace("Engineering,Frontend", "Sales,Frontend")), *OPTIONS)
    teams = {membership.team.slug: membership.source for membership in Membership.objects.filter(person=grace)}
    assert teams == {"platform": Membership.Source.MANUAL, roster_team("2").slug: Membership.Source.ROSTER}
    assert roster_team("2").external_key == "Sales/Frontend"


def test_a_roster_membership_is_not_needed_where_the_person_was_added_by_hand(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS)
    grace, sales_backend = person("2"), roster_team("3")
    MembershipFactory(person=grace, team=sales_backend, role=Role.MANAGER)
    run(write(tmp_path, ROSTER.replace("Engineering,Frontend", "Sales,Backend")), *OPTIONS)
    assert list(Membership.objects.filter(person=grace).values_list("team", "role")) == [
        (sales_backend.pk, Role.MANAGER)
    ]
    output = run(write(tmp_path, ROSTER.replace("Engineering,Frontend", "Sales,Backend")), *OPTIONS)
    assert "0 updated, 3 unchanged" in output


def test_new_teams_go_under_the_team_named_by_under(tmp_path, org):
    run(write(tmp_path, ROSTER), *OPTIONS, "--under", "acme")
    engineering = Team.objects.get(external_key="Engineering")
    assert engineering.parent == org["root"]
    assert engineering.slug == "acme-engineering"  # "engineering" was taken by the hand-made team
    assert roster_team("2").path == f"{org['root'].path}{engineering.pk}/{roster_team('2').pk}/"
    assert roster_team("2").depth == 2


def test_without_name_and_email_columns_people_get_placeholders(tmp_path, db):
    run(write(tmp_path, ROSTER), "--id", "Id", "--team", "Dept")
    ada = person("1")
    assert (ada.display_name, ada.email) == ("Employee 1", "employee-1@placeholder.invalid")
    assert ada.name_is_placeholder and ada.email_is_placeholder
    assert not ada.user.has_usable_password()
    assert roster_team("1").external_key == "Engineering"


def test_a_later_import_with_names_replaces_the_placeholders(tmp_path, db):
    path = write(tmp_path, ROSTER)
    run(path, "--id", "Id", "--team", "Dept", "--subteam", "Role")
    output = run(path, *OPTIONS)
    assert "(0 created, 3 updated, 0 unchanged)" in output
    ada = person("1")
    assert (ada.display_name, ada.email, ada.name_is_placeholder, ada.email_is_placeholder) == (
        "Ada Lovelace",
        "ada@example.com",
        False,
        False,
    )


def test_an_import_without_names_keeps_the_names_people_have(tmp_path, db):
    path = write(tmp_path, ROSTER)
    run(path, *OPTIONS)
    output = run(path, "--id", "Id", "--team", "Dept", "--subteam", "Role")
    assert "(0 created, 0 updated, 3 unchanged)" in output
    assert person("1").display_name == "Ada Lovelace"


def test_managers_are_set_even_when_they_come_later_in_the_file(tmp_path, db):
    roster = """\
        Id,Dept,Boss
        10,Ops,11
        11,Ops,
    """
    run(write(tmp_path, roster), "--id", "Id", "--team", "Dept", "--manager", "Boss")
    assert person("10").manager == person("11")
    assert person("11").manager is None


def test_people_who_manage_each_other_both_get_their_manager(tmp_path, db):
    roster = """\
        Id,Dept,Boss
        30,Ops,31
        31,Ops,30
    """
    run(write(tmp_path, roster), "--id", "Id", "--team", "Dept", "--manager", "Boss")
    assert (person("30").manager, person("31").manager) == (person("31"), person("30"))


def test_a_manager_already_in_learnloop_is_found_by_id(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS)
    newcomer = """\
        Id,Dept,Boss
        20,Engineering,3
    """
    run(write(tmp_path, newcomer), "--id", "Id", "--team", "Dept", "--manager", "Boss")
    assert person("20").manager == person("3")


def test_a_changed_manager_counts_as_an_update(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS, "--manager", "Boss")
    output = run(write(tmp_path, ROSTER.replace(",1,61", ",2,61")), *OPTIONS, "--manager", "Boss")
    assert "(0 created, 1 updated, 2 unchanged)" in output
    assert person("3").manager == person("2")


def test_attribute_columns_become_sensitive_attributes(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS, "--attributes", "Gender")
    assert dict(person("3").attributes.values_list("key", "value")) == {"Gender": "Male"}


def test_an_empty_attribute_cell_removes_the_attribute(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS, "--attributes", "Gender")
    output = run(write(tmp_path, ROSTER.replace(",Male", ",")), *OPTIONS, "--attributes", "Gender")
    assert "(0 created, 1 updated, 2 unchanged)" in output
    assert not person("3").attributes.exists()


def test_an_age_column_is_stored_as_a_band_never_as_the_age(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS, "--attributes", "Age")
    bands = dict(SensitiveAttribute.objects.values_list("person__external_id", "value"))
    assert bands == {"1": "35-44", "2": "under 25", "3": "55 and over"}
    assert set(SensitiveAttribute.objects.values_list("key", flat=True)) == {"AgeBand"}


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "under 25"),
        (24, "under 25"),
        (25, "25-34"),
        (34, "25-34"),
        (35, "35-44"),
        (45, "45-54"),
        (54, "45-54"),
        (55, "55 and over"),
    ],
)
def test_age_bands_have_these_edges(age, band):
    assert age_band(age) == band


def test_the_whole_import_writes_one_audit_row(tmp_path, db):
    run(write(tmp_path, ROSTER), *OPTIONS)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_label) == ("roster.imported", str(SYSTEM))
    assert event.changes == {
        "file": "roster.csv",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "teams_created": 5,
    }


def test_a_dry_run_counts_everything_and_saves_nothing(tmp_path, db):
    output = run(write(tmp_path, ROSTER), *OPTIONS, "--dry-run")
    assert (
        "Dry run of roster.csv, nothing saved: 3 people (3 created, 0 updated, 0 unchanged), 5 teams created." in output
    )
    assert not Person.objects.exists() and not Team.objects.exists() and not AuditEvent.objects.exists()


def test_a_byte_order_mark_and_blank_lines_are_fine(tmp_path, db):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffId,Dept\r\n1,Ops\r\n\r\n2,Ops\r\n".encode())
    assert "2 people (2 created" in run(path, "--id", "Id", "--team", "Dept")


def test_only_an_admin_may_import(tmp_path, alice, erin):
    path = write(tmp_path, ROSTER)
    columns = RosterColumns(id="Id", team="Dept")
    with pytest.raises(PermissionDenied):
        roster_import(actor=alice, path=path, columns=columns)
    assert roster_import(actor=erin, path=path, columns=columns).created == 3


def test_the_write_phase_reports_its_progress(tmp_path, db, monkeypatch):
    monkeypatch.setattr("learnloop.people.roster.BATCH_SIZE", 2)
    seen: list[tuple[int, int]] = []
    roster_import(
        actor=SYSTEM,
        path=write(tmp_path, ROSTER),
        columns=RosterColumns(id="Id", team="Dept"),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(2, 3), (3, 3)]
