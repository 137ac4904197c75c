"""The IBM sample's satisfaction columns as a past pulse: small cells hidden, large ones shown."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from learnloop.people.models import Team
from learnloop.voice.models import Participation, PulseRun, Response
from learnloop.voice.results import run_results

ROSTER = ["--id", "EmployeeNumber", "--team", "Department", "--subteam", "JobRole"]


def imported(shared_data):
    path = str(shared_data / "ibm-hr-employee-attrition.csv")
    call_command("import", "roster", path, *ROSTER, stdout=StringIO())
    out = StringIO()
    call_command("import", "satisfaction", path, "--segment", "JobLevel", "--on", "2024-03-01", stdout=out)
    return path, out.getvalue()


@pytest.mark.shared_data
def test_each_person_becomes_one_anonymous_response_and_a_second_run_adds_nothing(shared_data, db):
    path, out = imported(shared_data)
    assert "1470 anonymous responses" in out
    assert Response.objects.count() == Participation.objects.count() == 1470
    again = StringIO()
    call_command("import", "satisfaction", path, "--segment", "JobLevel", stdout=again)
    assert "nothing changed" in again.getvalue()
    assert PulseRun.objects.count() == 1 and Response.objects.count() == 1470


@pytest.mark.shared_data
def test_small_human_resources_cells_are_hidden_while_large_ones_show(shared_data, db):
    imported(shared_data)
    results = run_results(PulseRun.objects.get())
    hr_managers = Team.objects.get(external_key="Human Resources/Manager")
    sales_executives = Team.objects.get(external_key="Sales/Sales Executive")
    by_key = {group.key: group for group in results.groups}
    cell = {group.team_id: group.key[1] for group in results.groups if group.key[0] == "team" and not group.segment}

    # Whole teams are large enough: even HR's 11 managers show.
    assert results.for_team(hr_managers.pk).respondents == 11
    assert results.organization.respondents == 1470
    # HR managers by job level: 4 at level 4 and 7 at level 5. The 4 are too few; the 7 are
    # hidden too, or the team's 11 minus them would give the 4 away.
    assert not by_key[("team", cell[hr_managers.pk], "JobLevel 4")].shown
    assert not by_key[("team", cell[hr_managers.pk], "JobLevel 5")].shown
    # The Sales Executives' large levels show with their means.
    level_2 = by_key[("team", cell[sales_executives.pk], "JobLevel 2")]
    assert level_2.shown and level_2.respondents > 100 and level_2.constructs[0].summary.mean is not None
    hidden = [g for g in results.groups if g.segment and not g.shown]
    shown = [g for g in results.groups if g.segment and g.shown]
    assert hidden and shown


def test_unknown_people_and_bad_scores_import_nothing(tmp_path, db):
    from django.core.management.base import CommandError

    path = tmp_path / "ratings.csv"
    path.write_text(
        "EmployeeNumber,EnvironmentSatisfaction,JobSatisfaction,RelationshipSatisfaction,WorkLifeBalance\n1,3,9,2,2\n"
    )
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command("import", "satisfaction", str(path), stderr=err)
    assert "ratings.csv, row 2, column JobSatisfaction: '9' is not a whole number from 1 to 4" in err.getvalue()
    path.write_text(
        "EmployeeNumber,EnvironmentSatisfaction,JobSatisfaction,RelationshipSatisfaction,WorkLifeBalance\n1,3,4,2,2\n"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "satisfaction", str(path), stderr=err)
    assert "nobody has the id '1'" in err.getvalue()
    assert not PulseRun.objects.exists() and not Response.objects.exists()


@pytest.mark.shared_data
def test_a_filter_leaving_too_few_outside_it_is_refused(shared_data, db, api_as, dana):
    imported(shared_data)
    run = PulseRun.objects.get()
    api = api_as(dana)
    allowed = api.get(f"/pulses/{run.pk}/results", {"segment": "JobLevel 2"})
    assert allowed.status_code == 200
    assert {group["segment"] for group in allowed.json()["groups"]} == {"JobLevel 2"}
    assert api.get(f"/pulses/{run.pk}/results", {"segment": "JobLevel 9"}).status_code == 400
