"""The IBM HR sample roster (1,470 fictional people) imports into three departments with their job roles."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from learnloop.people.models import Membership, Person, SensitiveAttribute, Team

OPTIONS = ["--id", "EmployeeNumber", "--team", "Department", "--subteam", "JobRole"]
ATTRIBUTES = ["--attributes", "Gender,Age,EducationField,JobLevel"]


def run(path: str) -> str:
    out = StringIO()
    call_command("import", "roster", path, *OPTIONS, *ATTRIBUTES, stdout=out)
    return out.getvalue()


@pytest.mark.shared_data
def test_the_ibm_roster_imports_once_and_a_second_run_adds_nobody(shared_data, db):
    path = str(shared_data / "ibm-hr-employee-attrition.csv")

    first = run(path)
    assert "1470 people (1470 created, 0 updated, 0 unchanged), 14 teams created." in first
    assert Person.objects.count() == 1470
    assert Membership.objects.filter(source=Membership.Source.ROSTER).count() == 1470
    departments = Team.objects.filter(parent=None)
    assert set(departments.values_list("name", flat=True)) == {"Sales", "Research & Development", "Human Resources"}
    hr = departments.get(name="Human Resources")
    assert set(hr.children.values_list("external_key", flat=True)) == {
        "Human Resources/Human Resources",
        "Human Resources/Manager",
    }
    assert Membership.objects.filter(team__path__startswith=hr.path).count() == 63
    assert SensitiveAttribute.objects.filter(key="AgeBand").count() == 1470
    assert not SensitiveAttribute.objects.filter(key="Age").exists()

    second = run(path)
    assert "1470 people (0 created, 0 updated, 1470 unchanged), 0 teams created." in second
    assert (Person.objects.count(), Team.objects.count()) == (1470, 14)
