"""Two misses of the blame-language check, now flagged: a name nobody listed as the subject of "forgot
to" / "neglected to", and "should have known better" whoever its subject is."""

from __future__ import annotations

import pytest

from learnloop.loops.blame import check


def flagged(text, **options):
    return [(flag.code, flag.text) for flag in check(text, **options).flags]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Bob forgot to renew the certificate.", "forgot to"),
        ("After the deploy, Dana neglected to update the runbook.", "neglected to"),
        ("Charlie, who was on call that night, forgot to page the secondary.", "forgot to"),
        ("Erin forgot the rollback step.", "forgot"),
    ],
)
def test_it_flags_a_name_it_was_not_told_about_who_forgot_something(text, phrase):
    assert flagged(text) == [("failed-to", phrase)]


def test_a_thing_that_forgot_something_is_not_a_person():
    assert flagged("The cron job forgot to release the lock, and the scheduler neglected to retry.") == []


def test_a_capitalized_word_is_no_name_for_failed_to():
    # Systems fail all the time; only verbs that only people do take an unknown name as a person.
    assert flagged("Monitoring failed to alarm, and Postgres failed to start.") == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Alice should have known better.", "should have known better"),
        ("He should have known better than to deploy on a Friday.", "should have known better"),
        ("Honestly, should have known better.", "should have known better"),
        ("Engineers ought to know better.", "ought to know better"),
    ],
)
def test_it_flags_should_have_known_better_whoever_the_subject_is(text, phrase):
    assert flagged(text) == [("hindsight", phrase)]


def test_it_flags_should_know_better_in_an_action_item_too():
    assert flagged("Engineers should know better than to skip the canary.", kind="action") == [
        ("hindsight", "should know better")
    ]
