"""`learnloop equity audit`: a readable table by default, one clear line for bad input."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learnloop.equity.models import LearningRecord
from learnloop.people.models import SensitiveAttribute
from learnloop.people.tests.factories import MembershipFactory, PersonFactory


@pytest.fixture
def staff(org):
    """Ten people of each band; five of the younger had no course, everyone else one."""
    for index in range(20):
        person = PersonFactory()
        MembershipFactory(person=person, team=org["platform"])
        SensitiveAttribute.objects.create(person=person, key="AgeBand", value="25-34" if index < 10 else "35-44")
        if index >= 5:
            LearningRecord.objects.create(
                person=person, kind="course", occurred_on=datetime.date(2025, 6, 1), source="import"
            )


def test_the_table_shows_every_group_and_flags_adverse_impact(staff):
    out = StringIO()
    call_command("equity", "audit", "--by", "AgeBand", "--min-count", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Gini 0.250 · Theil")
    assert lines[1].split() == ["group", "people", "reached", "records", "mean", "repr.", "sel.", "rate", "AIR"]
    assert lines[2].split()[:4] == ["25-34", "10", "5", "5"] and lines[2].endswith("under four-fifths")


def test_a_missing_figure_is_explained_under_the_table(staff):
    out = StringIO()
    call_command("equity", "audit", "--by", "team-level:1", stdout=out)
    lines = out.getvalue().splitlines()
    # One team with people at level 1: nothing to compare it with.
    assert lines[2].split()[0] == "Engineering" and lines[2].split()[-1] == "-"
    assert lines[-1] == (
        "Engineering: adverse-impact ratio. Not comparable: only one group can be shown, and a group "
        "compared with itself says nothing."
    )


def test_a_minimum_count_that_singles_people_out_is_refused_with_one_line(staff):
    """Two people have a second course: asking for "at least 2" would count them."""
    for record in LearningRecord.objects.all()[:2]:
        LearningRecord.objects.create(
            person=record.person, kind="talk", occurred_on=record.occurred_on, source="import"
        )
    with pytest.raises(CommandError, match="at least 2 records would single out") as refused:
        call_command("equity", "audit", "--by", "AgeBand", "--min-count", "2", stdout=StringIO())
    assert "\n" not in str(refused.value)


def test_an_unknown_grouping_names_the_ones_there_are(staff):
    with pytest.raises(CommandError, match=r'Nothing to group by "Height"\. You can group by: team-level:0, .*AgeBand'):
        call_command("equity", "audit", "--by", "Height", stdout=StringIO())


def test_a_period_that_ends_before_it_starts_is_refused(staff):
    with pytest.raises(CommandError, match="The period ends before it starts"):
        call_command("equity", "audit", "--by", "AgeBand", "--from", "2025-06-02", "--to", "2025-06-01")
