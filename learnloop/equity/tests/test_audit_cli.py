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
    for index in range(10):
        person = PersonFactory()
        MembershipFactory(person=person, team=org["platform"])
        SensitiveAttribute.objects.create(person=person, key="AgeBand", value="25-34" if index < 5 else "35-44")
        if index % 5:
            LearningRecord.objects.create(
                person=person, kind="course", occurred_on=datetime.date(2025, 6, 1), source="import"
            )


def test_the_table_shows_every_group_and_flags_adverse_impact(staff):
    out = StringIO()
    call_command("equity", "audit", "--by", "AgeBand", "--min-count", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Gini 0.200 · Theil")
    assert lines[1].split() == ["group", "people", "reached", "records", "mean", "repr.", "sel.", "rate", "AIR"]
    assert lines[2].split()[:4] == ["25-34", "5", "4", "4"]


def test_an_unknown_grouping_names_the_ones_there_are(staff):
    with pytest.raises(CommandError, match=r'Nothing to group by "Height"\. You can group by: team-level:0, .*AgeBand'):
        call_command("equity", "audit", "--by", "Height", stdout=StringIO())


def test_a_period_that_ends_before_it_starts_is_refused(staff):
    with pytest.raises(CommandError, match="The period ends before it starts"):
        call_command("equity", "audit", "--by", "AgeBand", "--from", "2025-06-02", "--to", "2025-06-01")
