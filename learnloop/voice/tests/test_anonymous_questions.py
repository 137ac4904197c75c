"""Anonymous questions: asked, upvoted, answered and moderated with no stored link to the asker."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from learnloop.core.models import AuditEvent
from learnloop.people.models import Person
from learnloop.voice import questions
from learnloop.voice.models import Question, QuestionQuota, QuestionVote


def ask(person, **extra):
    extra.setdefault("to", Question.To.ORGANIZATION)
    extra.setdefault("text", "Why do we still deploy on Fridays?")
    return questions.question_ask(actor=person, **extra)


def test_nothing_stored_about_a_question_points_at_its_asker(bob, org):
    question = ask(bob, to=Question.To.TEAM, team=org["platform"])
    questions.question_upvote(actor=bob, question=question)
    for model in apps.get_app_config("voice").get_models():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is Person and model in (Question, QuestionVote, QuestionQuota):
                assert field.name in {"manager", "answered_by"}  # the addressee and the answerer, never the asker
    stored = " ".join(str(value) for row in QuestionVote.objects.values() for value in row.values())
    stored += " ".join(str(value) for row in QuestionQuota.objects.values() for value in row.values())
    assert bob.email not in stored and bob.display_name not in stored
    event = AuditEvent.objects.get(action="question.asked")
    assert event.actor_user is None and event.actor_label == "anonymous"
    assert "asked_at" not in {f.name for f in Question._meta.get_fields()}
    assert isinstance(question.asked_on, datetime.date)


def test_a_question_without_an_addressee_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(to=Question.To.TEAM, text="?", asked_on=datetime.date.today())


def test_people_ask_only_their_own_teams(charlie, org):
    with pytest.raises(ValidationError, match="your teams"):
        ask(charlie, to=Question.To.TEAM, team=org["platform"])


def test_one_vote_per_person_and_the_votes_are_counted(bob, charlie, alice, org):
    question = ask(bob)
    questions.question_upvote(actor=charlie, question=question)
    questions.question_upvote(actor=alice, question=question)
    with pytest.raises(ValidationError, match="already voted"):
        questions.question_upvote(actor=charlie, question=question)
    question.refresh_from_db()
    assert question.votes == 2
    assert QuestionVote.objects.count() == 2
    assert questions.has_voted(charlie, question) and not questions.has_voted(bob, question)


def test_the_same_person_votes_under_different_keys_on_different_questions(charlie, bob):
    first, second = ask(bob), ask(bob, text="Can we have quiet hours?")
    questions.question_upvote(actor=charlie, question=first)
    questions.question_upvote(actor=charlie, question=second)
    keys = set(QuestionVote.objects.values_list("voter_key", flat=True))
    assert len(keys) == 2


def test_the_daily_limit_is_kept_apart_from_the_questions(bob):
    for number in range(questions.DAILY_LIMIT):
        ask(bob, text=f"Question {number}")
    with pytest.raises(ValidationError, match="a day"):
        ask(bob, text="One too many")
    assert Question.objects.count() == questions.DAILY_LIMIT
    assert {f.name for f in QuestionQuota._meta.get_fields()} == {"id", "key", "day", "count"}


def test_yesterdays_counters_are_deleted(bob):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    ask(bob, today=yesterday)
    ask(bob)
    assert list(QuestionQuota.objects.values_list("day", flat=True)) == [datetime.date.today()]


def test_the_manager_of_the_team_answers_in_public(alice, bob, org):
    question = ask(bob, to=Question.To.TEAM, team=org["platform"])
    with pytest.raises(PermissionDenied):
        questions.question_answer(actor=bob, question=question, status="answered", answer="Me?")
    questions.question_answer(actor=alice, question=question, status="acting", answer="We moved deploys to Tuesday.")
    question.refresh_from_db()
    assert (question.status, question.answered_by) == ("acting", alice)


def test_wont_do_needs_a_reason(alice, bob, org):
    question = ask(bob, to=Question.To.TEAM, team=org["platform"])
    with pytest.raises(ValidationError, match="why not"):
        questions.question_answer(actor=alice, question=question, status="wont_do", answer="  ")


def test_a_hidden_question_keeps_its_reason_in_the_audit_log_and_leaves_the_list(alice, bob, charlie, erin, org):
    question = ask(bob, text="Something rude")
    with pytest.raises(PermissionDenied):
        questions.question_hide(actor=alice, question=question, reason="Rude")  # only admins for org questions
    questions.question_hide(actor=erin, question=question, reason="Insults a colleague")
    event = AuditEvent.objects.get(action="question.hidden")
    assert event.changes == {"reason": "Insults a colleague"} and event.actor_user == erin.user
    assert question not in questions.visible_questions(charlie)


def test_team_questions_are_seen_by_the_team_and_its_managers_only(alice, bob, charlie, org):
    question = ask(bob, to=Question.To.TEAM, team=org["platform"])
    assert question in questions.visible_questions(alice)
    assert question not in questions.visible_questions(charlie)


def test_the_questions_page_lists_without_any_author(client, bob, charlie, org):
    ask(bob, text="Who decides the roadmap?")
    client.force_login(charlie.user)
    page = client.get("/questions/").content.decode()
    assert "Who decides the roadmap?" in page and "Bob" not in page
    response = client.post("/questions/", {"to": "organization", "text": "Can we pair more?"})
    assert response.status_code == 302
    assert Question.objects.filter(text="Can we pair more?").exists()
