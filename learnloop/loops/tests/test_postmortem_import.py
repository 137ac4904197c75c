from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from learnloop.core.access import SYSTEM
from learnloop.core.models import AuditEvent
from learnloop.loops.models import Review
from learnloop.loops.postmortems import postmortems_import, read_path
from learnloop.loops.reviews import review_duration
from learnloop.people.models import Team

GOOD = """---
uuid: 2f1c9a52-5a8e-4c4e-9d55-0c6bb1f0a001
url: https://status.example.com/incident/1
title: Payments API down after a config push
categories:
- config-change
- cascading-failure
keywords:
- config
- retries
company: Examplepay
start_time: 2024-03-01T10:00:00Z
end_time: 2024-03-01T11:30:00Z
summary: A bad config push took the payments API down for 90 minutes.
---

The config was pushed to every region at once. Retries amplified the load.
"""

SECOND = GOOD.replace("2f1c9a52-5a8e-4c4e-9d55-0c6bb1f0a001", "2f1c9a52-5a8e-4c4e-9d55-0c6bb1f0a002").replace(
    "Payments API down after a config push", "Login slow after a certificate expired"
)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(SECOND)
    return tmp_path


def test_front_matter_files_import_as_published_reviews(folder, db):
    call_command("import", "postmortems", str(folder))
    review = Review.objects.get(external_id="2f1c9a52-5a8e-4c4e-9d55-0c6bb1f0a001")
    assert review.status == Review.Status.PUBLISHED
    assert review.visibility == "organization"
    assert review.team.name == "Examplepay"
    assert review.team.parent.name == "Public postmortems"
    assert sorted(review.factors.values_list("category__slug", flat=True)) == ["cascading-failure", "config-change"]
    assert review.keywords == ["config", "retries"]
    assert "Retries amplified the load." in review.body
    assert review_duration(review).total_seconds() == 90 * 60
    assert Review.objects.count() == 2


def test_a_second_import_adds_nothing(folder, db):
    call_command("import", "postmortems", str(folder))
    counts = (Review.objects.count(), Team.objects.count())
    call_command("import", "postmortems", str(folder))
    assert (Review.objects.count(), Team.objects.count()) == counts
    assert AuditEvent.objects.filter(action="postmortems.imported").first().changes["unchanged"] == 2


def test_a_changed_file_updates_its_review(folder, db):
    call_command("import", "postmortems", str(folder))
    (folder / "a.md").write_text(GOOD.replace("for 90 minutes", "for an hour and a half"))
    call_command("import", "postmortems", str(folder))
    assert "an hour and a half" in Review.objects.get(external_id__endswith="a001").summary


def test_unreadable_files_are_listed_and_nothing_is_imported(folder, db):
    (folder / "broken.md").write_text("no front matter here")
    (folder / "bad-uuid.md").write_text(GOOD.replace("2f1c9a52-5a8e-4c4e-9d55-0c6bb1f0a001", "not-a-uuid"))
    with pytest.raises(CommandError) as error:
        call_command("import", "postmortems", str(folder))
    message = str(error.value)
    assert "broken.md: no front matter" in message
    assert "bad-uuid.md: uuid 'not-a-uuid' is missing or not a UUID" in message
    assert Review.objects.count() == 0


def test_skip_invalid_imports_the_rest(folder, db):
    (folder / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\nx")
    call_command("import", "postmortems", str(folder), "--skip-invalid")
    assert Review.objects.count() == 2


def test_the_list_format_imports_one_review_per_paragraph(tmp_path, db):
    listing = tmp_path / "list.md"
    listing.write_text(
        "# A list\n\n## Config Errors\n\n"
        "[Acme](https://acme.example/pm). A typo in a router rule took every edge down. It lasted an hour.\n\n"
        "[Beta](https://beta.example/pm). A config flag was flipped in production.\n\n"
        "## Contributors\n\n[Someone](https://x.example). Thanks.\n"
    )
    incidents, problems = read_path(listing)
    assert problems == []
    result = postmortems_import(actor=SYSTEM, incidents=incidents, skipped=[])
    assert result.created == 2
    review = Review.objects.get(team__name="Acme")
    assert review.title == "A typo in a router rule took every edge down."
    assert list(review.factors.values_list("category__name", flat=True)) == ["Config errors"]
    again = postmortems_import(actor=SYSTEM, incidents=read_path(listing)[0], skipped=[])
    assert (again.created, again.unchanged) == (0, 2)


def test_a_missing_path_is_reported(tmp_path, db):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import", "postmortems", str(tmp_path / "nope"))
