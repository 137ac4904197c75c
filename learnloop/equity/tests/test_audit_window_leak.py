"""The reported leak: a one-day window showed "Female: 35 people, reached 1, records 1", one
person's gender and the fact that they had a learning record that day. Page, CLI and API now
refuse such a window with a reason, and still answer a whole quarter."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from learnloop.equity.models import LearningRecord
from learnloop.people.models import SensitiveAttribute
from learnloop.people.tests.factories import MembershipFactory, PersonFactory

BASE_DAY = datetime.date(2025, 1, 15)
LONE_DAY = datetime.date(2025, 3, 10)


@pytest.fixture
def staff(org):
    """35 women and 30 men in Platform, each with a course in January; one woman alone has a
    second course on 10 March."""
    women = []
    for index in range(65):
        person = PersonFactory()
        MembershipFactory(person=person, team=org["platform"])
        SensitiveAttribute.objects.create(person=person, key="Gender", value="Female" if index < 35 else "Male")
        LearningRecord.objects.create(person=person, kind="course", occurred_on=BASE_DAY, source="import")
        if index < 35:
            women.append(person)
    LearningRecord.objects.create(person=women[0], kind="course", occurred_on=LONE_DAY, source="import")
    return women


ONE_DAY = {"by": "Gender", "min_count": "1", "start": LONE_DAY.isoformat(), "end": LONE_DAY.isoformat()}


def test_the_page_refuses_a_one_day_window_that_singles_someone_out(client, dana, staff):
    client.force_login(dana.user)
    response = client.get(reverse("equity-audit"), ONE_DAY)
    page = response.content.decode()
    assert response.status_code == 400
    assert response.context["report"] is None
    assert "whole calendar quarters" in page


def test_the_cli_refuses_it_with_one_line(staff):
    with pytest.raises(CommandError, match="whole calendar quarters") as refused:
        call_command("equity", "audit", "--by", "Gender", "--from", LONE_DAY.isoformat(), "--to", LONE_DAY.isoformat())
    assert "\n" not in str(refused.value)


def test_the_api_refuses_it_with_a_json_error(api_as, dana, staff):
    response = api_as(dana).get(
        "/equity/audit", {"by": "Gender", "start": LONE_DAY.isoformat(), "end": LONE_DAY.isoformat()}
    )
    assert response.status_code == 400
    assert "whole calendar quarters" in response.json()["detail"]


def test_a_whole_quarter_is_still_answered_without_the_lone_record_standing_out(staff):
    out = StringIO()
    call_command(
        "equity", "audit", "--by", "Gender", "--from", "2025-01-01", "--to", "2025-03-31", "--json", stdout=out
    )
    groups = {group["group"]: group for group in json.loads(out.getvalue())["groups"]}
    assert groups["Female"]["reached"] == 35 and groups["Male"]["reached"] == 30
    # 36 records over 35 women: the one woman with two records is a count of one, so the total
    # (and the mean and the representation ratio drawn from it) stays hidden, with the reason.
    assert groups["Female"]["records"] is None and "records" in groups["Female"]["reasons"]
