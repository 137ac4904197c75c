"""The blame-language check on small, clear examples: what it flags, what it leaves alone, and how
authors mark a flag as intended."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from learnloop.loops.blame import CODES, Report, check, fingerprint, measure
from learnloop.loops.management.commands.blamecheck import Command

PEOPLE = ["Alice Archer", "Bob Baker"]

# One clear example per code, with the phrase that must be flagged.
EXAMPLES = {
    "human-error": ("The outage was caused by human error.", "human error"),
    "hindsight": ("The on-call engineer should have checked the dashboard first.", "should have checked"),
    "failed-to": ("The on-call engineer failed to acknowledge the page.", "failed to"),
    "character": ("It was a careless change to the load balancer.", "careless"),
    "person-as-cause": ("An operator took down the cluster.", "An operator took down"),
    "team-as-culprit": ("The payments team broke checkout.", "The payments team broke"),
    "fault": ("Whose fault was it?", "Whose fault"),
    "vigilance-fix": ("Engineers must be more careful when editing configs.", "be more careful"),
    "punitive": ("Reprimand the engineer who pushed the change.", "Reprimand"),
    "compliance": ("The engineer did not follow the procedure.", "did not follow the procedure"),
    "minimizer": ("Obviously the flag was wrong.", "Obviously"),
    "single-root-cause": ("The root cause was a bad config push.", "The root cause was"),
}


def flagged(text: str, **options) -> list[tuple[str, str]]:
    return [(flag.code, flag.text) for flag in check(text, **options).flags]


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_it_flags_each_code_on_a_clear_example(code):
    text, phrase = EXAMPLES[code]
    assert flagged(text) == [(code, phrase)]


def test_every_code_has_an_example():
    assert set(EXAMPLES) == set(CODES)


def test_flags_carry_a_reason_and_a_suggestion():
    (flag,) = check("The outage was caused by human error.").flags
    assert flag.reason and flag.suggestion and flag.reason != flag.suggestion


def test_it_does_not_flag_a_service_that_failed_to_start():
    assert flagged("The service failed to start after the upgrade.") == []


def test_it_does_not_flag_systems_that_failed_to_do_something():
    text = "Existing monitoring failed to alarm, and the backup generators failed to come online."
    assert flagged(text) == []


def test_it_does_not_flag_should_have_in_an_action_item():
    assert flagged("The alert should have fired within a minute.", kind="action") == []


def test_it_does_not_flag_a_system_expected_behaviour_in_a_narrative():
    assert flagged("This alone should have resulted in a brief failover.") == []


def test_it_does_not_flag_should_have_followed_by_a_noun():
    assert flagged("The deploy should have a canary stage.") == []


def test_it_flags_hindsight_about_a_check_nobody_was_named_for():
    assert flagged("This should have been caught in review.") == [("hindsight", "should have been caught")]


def test_it_skips_quoted_log_lines():
    assert flagged('The log said "operator failed to respond, human error suspected".') == []


def test_it_skips_typographic_quotes():
    assert flagged("The ticket read \u201cthe engineer broke it\u201d.") == []


def test_it_skips_code_spans():
    assert flagged("We grepped for `human error` in the logs.") == []


def test_it_skips_fenced_code_blocks():
    assert flagged("Output:\n\n```\nERROR: human error detected\n```\n\nRecovered.") == []


def test_it_skips_block_quotes():
    assert flagged("> The engineer failed to respond.\n\nWe read the chat log.") == []


def test_it_does_not_flag_human_error_as_something_to_design_against():
    assert flagged("A confirmation prompt reduces the risk of human error.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Images are lazy-loaded on the status page.",
        "We rely on fault tolerance in every zone.",
        "We will retrain the model on fresh data.",
        "We ran a root cause analysis the next day.",
        "There is no single root cause.",
        "The root cause was a combination of three factors.",
        "User errors rose to 4% during the window.",
        "We wrote up the incident the same day.",
        "The on-call engineer removed the bad host from the pool.",
    ],
)
def test_it_leaves_other_senses_of_the_words_alone(text):
    assert flagged(text) == []


def test_it_finds_the_person_behind_a_coordinated_verb():
    text = "A lead operator noticed the high levels but failed to act."
    assert flagged(text) == [("failed-to", "failed to")]


def test_it_reads_they_as_the_nodes_named_before():
    assert flagged("The nodes could not rejoin because they failed to authenticate.") == []


def test_it_skips_an_aside_between_subject_and_verb():
    assert flagged("The change, reviewed by Bob, failed to apply.", people=PEOPLE) == []


def test_it_flags_a_named_person_who_deployed_the_change_that_took_down_a_service():
    text = "Alice deployed the change that took down the API."
    assert flagged(text, people=PEOPLE) == [("person-as-cause", "Alice deployed the change that took down")]


def test_it_flags_a_named_person_who_broke_the_build():
    assert flagged("Bob broke the build.", people=PEOPLE) == [("person-as-cause", "Bob broke")]


def test_it_recognizes_full_names():
    assert flagged("Bob Baker broke the build.", people=PEOPLE) == [("person-as-cause", "Bob Baker broke")]


def test_it_needs_the_people_list_to_know_a_name():
    assert flagged("Bob broke the build.") == []


def test_a_named_person_counts_as_a_subject_of_failed_to():
    assert flagged("Alice neglected to rotate the key.", people=PEOPLE) == [("failed-to", "neglected to")]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The on-call deleted the wrong volume.", "The on-call deleted"),
        ("The engineer broke the build.", "The engineer broke"),
        ("An operator brought down the database.", "An operator brought down"),
        ("The outage was caused by an engineer.", "caused by an engineer"),
        ("An engineer mistakenly wiped the primary.", "An engineer mistakenly wiped"),
    ],
)
def test_it_flags_a_role_as_the_cause(text, phrase):
    assert flagged(text) == [("person-as-cause", phrase)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Be more careful with production configs.", "vigilance-fix"),
        ("Pay more attention to the dashboards.", "vigilance-fix"),
        ("Double-check the target host next time.", "vigilance-fix"),
        ("Retrain the operator on the runbook.", "punitive"),
        ("Take disciplinary action against the deployer.", "punitive"),
    ],
)
def test_it_flags_vigilance_and_punitive_fixes_in_action_items(text, code):
    assert [found for found, _ in flagged(text, kind="action")] == [code]


def test_it_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        check("text", kind="retro")


def test_the_fingerprint_is_the_code_and_the_normalized_phrase():
    (flag,) = check("The outage was caused by  Human\nError.").flags
    assert flag.fingerprint == "human-error:human error" == fingerprint("human-error", "Human\nError")


def test_a_flag_marked_as_intended_comes_back_as_intended():
    text = "The root cause was a bad config push. An operator took down the cluster."
    report = check(text, ignore=["single-root-cause:the root cause was"])
    assert [flag.code for flag in report.flags] == ["person-as-cause"]
    assert [flag.code for flag in report.intended] == ["single-root-cause"]


def test_an_intended_mark_survives_an_edit_elsewhere_in_the_text():
    mark = check("The root cause was a bad config push.").flags[0].fingerprint
    edited = "Summary first.\n\nThe root cause was a bad config push to every region."
    report = check(edited, ignore=[mark])
    assert report.flags == () and len(report.intended) == 1


def test_it_never_rewrites_the_text():
    text = 'He forgot to renew the certificate; "quoted" and `code` stay as written.'
    original = str(text)
    report = check(text)
    assert text == original
    assert [flag.text for flag in report.flags] == ["forgot to"]
    assert all(text[flag.start : flag.end] == flag.text for flag in report.flags)
    assert set(Report.__dataclass_fields__) == {"flags", "words", "intended"}


def test_offsets_point_at_the_phrase_as_written():
    text = "Status:  `ok`.\n\nThe ROOT   cause was a bad push."
    (flag,) = check(text).flags
    assert text[flag.start : flag.end] == flag.text == "The ROOT   cause was"


def test_the_rate_is_flags_per_1000_words():
    text = "The outage was caused by human error. " + "word " * 393  # 400 words, 1 flag
    report = check(text)
    assert report.words == 400
    assert report.rate_per_1000_words == pytest.approx(2.5)


def test_empty_text_has_a_rate_of_zero():
    report = check("")
    assert (report.flags, report.words, report.rate_per_1000_words) == ((), 0, 0.0)


def test_intended_flags_do_not_count_in_the_rate():
    report = check("The outage was caused by human error.", ignore=["human-error:human error"])
    assert report.rate_per_1000_words == 0.0 and report.words == 7


def test_code_and_quotes_do_not_count_as_words():
    assert check('Two words `and code` "and a quote"').words == 2


# Measurement over Markdown files (the `blamecheck` command calls `measure`).


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def reviews(tmp_path) -> Path:
    write(tmp_path, "a.md", "---\ntitle: human error in the title is skipped\n---\n\nThe root cause was a bad push.\n")
    write(tmp_path, "b.md", "The service failed to start. The operator forgot to drain the node.\n")
    write(tmp_path, "c.md", "Nothing to see here.\n")
    return tmp_path


def test_measure_reports_the_base_rate_over_a_folder(reviews):
    figures = measure([reviews])
    assert figures["files"] == 3
    assert figures["flags"] == 2
    assert figures["per_code"] == {"failed-to": 1, "single-root-cause": 1}
    assert figures["files_with_flags"] == 2
    assert figures["share_of_files_with_flags"] == pytest.approx(2 / 3)
    assert figures["rate_per_1000_words"] == pytest.approx(2 * 1000 / figures["words"])


def test_measure_skips_the_front_matter(reviews):
    figures = measure([reviews / "a.md"])
    assert figures["per_code"] == {"single-root-cause": 1}


def test_measure_reports_files_it_cannot_read(tmp_path):
    write(tmp_path, "open.md", "---\ntitle: never closed\n\nThe root cause was X.\n")
    (tmp_path / "binary.md").write_bytes(b"\xff\xfe\x00bad")
    figures = measure([tmp_path])
    assert figures["files"] == 0
    assert {item["file"] for item in figures["unreadable"]} == {"open.md", "binary.md"}


def test_measure_computes_precision_against_labels(reviews):
    labels = write(
        reviews.parent,
        "labels.csv",
        "file,code,matched text,sentence,label\n"
        "a.md,single-root-cause,The root cause was,The root cause was a bad push.,blame\n"
        "b.md,failed-to,forgot to,The operator forgot to drain the node.,not-blame\n"
        "gone.md,failed-to,failed to,An old flag.,blame\n",
    )
    result = measure([reviews], labels=labels)["precision"]
    assert (result["labelled"], result["blame"], result["precision"]) == (2, 1, 0.5)
    assert result["per_code"]["failed-to"]["precision"] == 0.0
    assert result["person_directed"]["labelled"] == 1
    assert (result["unlabelled_flags"], result["stale_labels"]) == (0, 1)


def test_measure_refuses_labels_outside_the_two_values(reviews):
    labels = write(reviews.parent, "labels.csv", "file,code,matched text,sentence,label\na.md,x,y,z,maybe\n")
    with pytest.raises(ValueError, match="label must be one of"):
        measure([reviews], labels=labels)


def test_the_command_prints_the_figures(reviews):
    out = StringIO()
    call_command(Command(), str(reviews), stdout=out)
    assert "flags: 2" in out.getvalue() and "single-root-cause" in out.getvalue()


def test_the_command_prints_json(reviews):
    out = StringIO()
    call_command(Command(), str(reviews), "--json", stdout=out)
    assert json.loads(out.getvalue())["flags"] == 2


def test_the_command_writes_a_sample_to_label(reviews):
    out = StringIO()
    call_command(Command(), str(reviews), "--sample", "5", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "file,code,matched text,sentence,label"
    assert len(lines) == 3
