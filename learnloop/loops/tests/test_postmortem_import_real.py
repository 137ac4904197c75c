"""The real public corpus in ../shared/data (skipped when it is absent)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from learnloop.loops.models import ContributingFactor, Review

pytestmark = pytest.mark.shared_data


def test_all_242_postmortems_import_and_a_second_run_adds_nothing(shared_data, db):
    call_command("import", "postmortems", str(shared_data / "postmortems"))
    assert Review.objects.filter(status="published").count() == 242
    counts = dict(ContributingFactor.objects.values_list("category__slug").annotate(n=Count("id")))
    assert counts["config-change"] == 111
    assert counts["cloud"] == 108
    call_command("import", "postmortems", str(shared_data / "postmortems"))
    assert Review.objects.count() == 242


def test_the_classic_list_imports(shared_data, db):
    call_command("import", "postmortems", str(shared_data / "danluu-post-mortems-list.md"))
    assert Review.objects.count() > 150
