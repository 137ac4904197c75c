from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from learnloop.core.access import SYSTEM
from learnloop.people import services
from learnloop.people.models import Team


def test_moving_a_team_moves_its_whole_subtree(erin, org):
    services.team_move(actor=erin, team=org["engineering"], parent=org["sales"])
    platform = Team.objects.get(slug="platform")
    engineering = Team.objects.get(slug="engineering")
    assert engineering.path == f"{org['root'].path}{org['sales'].pk}/{engineering.pk}/"
    assert platform.path == f"{engineering.path}{platform.pk}/"
    assert (engineering.depth, platform.depth) == (2, 3)


def test_a_team_cannot_move_under_itself(erin, org):
    with pytest.raises(ValidationError, match="cannot sit under itself"):
        services.team_move(actor=erin, team=org["engineering"], parent=org["platform"])


def test_only_an_admin_creates_a_top_level_team(alice, erin, db):
    with pytest.raises(PermissionDenied):
        services.team_create(actor=alice, name="Skunkworks")
    assert services.team_create(actor=erin, name="Skunkworks").depth == 0


def test_the_command_line_acts_as_the_system(db):
    team = services.team_create(actor=SYSTEM, name="Ops")
    assert team.slug == "ops"


def test_a_taken_slug_gets_its_parents_prefix(erin, org):
    services.team_create(actor=erin, name="Platform", parent=org["sales"])
    assert Team.objects.filter(slug="sales-platform").exists()


def test_an_unknown_role_is_refused(alice, charlie, org):
    with pytest.raises(ValidationError, match="not a role"):
        services.membership_set(actor=alice, person=charlie, team=org["platform"], role="owner")


def test_a_person_email_is_unique_whatever_its_case(erin, bob):
    with pytest.raises(ValidationError, match="already signs in"):
        services.person_create(actor=erin, email="BOB@example.com", display_name="Other Bob")
