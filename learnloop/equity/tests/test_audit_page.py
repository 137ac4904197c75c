"""The audit page and its CSV: analysts only, a server-drawn chart, and small groups hidden in both."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from learnloop.equity.models import LearningRecord
from learnloop.people.models import SensitiveAttribute
from learnloop.people.tests.factories import MembershipFactory, PersonFactory


@pytest.fixture
def staff(org, dana):
    """24 people in Platform: 19 women (5 with no course, 7 with one, 7 with two), 3 men and 2
    people who gave no gender, none of them with a course."""
    people = []
    for index, gender in enumerate(["Female"] * 19 + ["Male"] * 3 + [""] * 2):
        person = PersonFactory()
        MembershipFactory(person=person, team=org["platform"])
        if gender:
            SensitiveAttribute.objects.create(person=person, key="Gender", value=gender)
        for _ in range((index - 5) // 7 + 1 if gender == "Female" and index >= 5 else 0):
            LearningRecord.objects.create(
                person=person, kind="course", occurred_on=datetime.date(2025, 5, 1), source="import"
            )
        people.append(person)
    return people


def test_the_analyst_sees_groups_a_chart_and_the_indices(client, dana, staff):
    client.force_login(dana.user)
    page = client.get(reverse("equity-audit"), {"by": "Gender", "min_count": "1"}).content.decode()
    assert "<svg" in page and "Mean learning records per person, by gender" in page
    assert "Gini coefficient" in page and "… between groups" in page
    assert '<th scope="row">Female</th>' in page
    # Men (3) are too few; "(not recorded)" is also below five, so the two hide each other.
    assert page.count("hidden (small group)") == 2
    assert "Why some figures are missing" in page and "fewer than 5 people, or hidden together" in page
    assert "style=" not in page  # the CSP forbids inline styles


def test_the_csv_export_is_guarded_the_same_way(client, dana, staff):
    client.force_login(dana.user)
    response = client.get(reverse("equity-audit-csv"), {"by": "Gender", "min_count": "1"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["group", "headcount", "reached"]
    by_group = {row[0]: row for row in rows[1:] if row}
    assert by_group["Male"][1:8] == [""] * 7 and by_group["Male"][-2] == "True"
    assert by_group["Male"][-1].startswith("Hidden: fewer than 5 people")
    assert by_group["(not recorded)"][1] == ""
    assert by_group["Female"][1:4] == ["19", "14", "21"]
    assert by_group["gini"][1] != ""


def test_an_unknown_grouping_gets_a_clear_error(client, dana, staff):
    client.force_login(dana.user)
    response = client.get(reverse("equity-audit-csv"), {"by": "Shoe size", "min_count": "1"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


def test_the_audit_by_team_level_counts_everyone_in_a_team(client, dana, staff, alice, bob, charlie):
    client.force_login(dana.user)
    page = client.get(reverse("equity-audit"), {"by": "team-level:1", "min_count": "1"}).content.decode()
    # Engineering: 24 + Alice + Bob; Sales: Charlie + Dana (2, hidden along with Engineering, its complement).
    assert '<th scope="row">Engineering</th>' in page and page.count("hidden (small group)") == 2


def test_a_member_and_a_manager_cannot_see_the_audit(client, alice, bob, staff):
    for person in (alice, bob):
        client.force_login(person.user)
        assert client.get(reverse("equity-audit"), {"by": "Gender"}).status_code == 403
        assert client.get(reverse("equity-audit-csv"), {"by": "Gender"}).status_code == 403


def test_the_page_opens_on_the_first_team_level_that_has_groups_to_compare(client, dana, staff):
    """The organization's root alone is one group: nothing to compare, so the page skips it."""
    client.force_login(dana.user)
    response = client.get(reverse("equity-audit"))
    assert response.context["report"].by == "team-level:1"
    assert '<option value="team-level:1" selected>' in response.content.decode()
