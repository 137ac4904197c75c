"""Anonymous questions: asking (with no asker stored), upvoting, answering in public, moderating.

Writes and the reads pages and API share. What keeps the asker unknown: the Question table has
no asker column; the audit row of a question names nobody; votes are stored under a keyed hash
of (person, question) with no time; the daily limit is a counter under a keyed hash of
(person, day) that names no question and is deleted the next day. See docs/voice.md.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.people.models import Membership, Person, Role, Team
from learnloop.voice.models import Question, QuestionQuota, QuestionVote
from learnloop.voice.rules import ANSWER_QUESTION, answers_for

DAILY_LIMIT = 5
MAX_QUESTION = 2000


def _keyed(purpose: str, *parts: object) -> str:
    message = ":".join([purpose, *(str(part) for part in parts)]).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def managers() -> QuerySet[Person]:
    """People a question can be addressed to as "a manager"."""
    return Person.objects.filter(memberships__role=Role.MANAGER).distinct().order_by("display_name")


def teams_of(person: Person) -> QuerySet[Team]:
    return Team.objects.filter(memberships__person=person).distinct().order_by("path")


def _take_quota(person: Person, today: datetime.date) -> None:
    QuestionQuota.objects.filter(day__lt=today).delete()
    key = _keyed("quota", person.pk, today.isoformat())
    quota, _ = QuestionQuota.objects.select_for_update().get_or_create(key=key, defaults={"day": today})
    if quota.count >= DAILY_LIMIT:
        raise ValidationError(f"You can ask {DAILY_LIMIT} questions a day; ask again tomorrow.")
    QuestionQuota.objects.filter(pk=quota.pk).update(count=F("count") + 1)


@transaction.atomic
def question_ask(
    *,
    actor: Person,
    to: str,
    text: str,
    team: Team | None = None,
    manager: Person | None = None,
    today: datetime.date | None = None,
) -> Question:
    """Ask without a name: the question stores its addressee, text and day, nothing about the asker."""
    if not isinstance(actor, Person):
        raise PermissionDenied("Sign in to ask a question.")
    today = today or timezone.localdate()
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your question."})
    if len(text) > MAX_QUESTION:
        raise ValidationError({"text": f"Keep a question under {MAX_QUESTION} characters."})
    if to == Question.To.TEAM:
        if team is None or not Membership.objects.filter(person=actor, team=team).exists():
            raise ValidationError({"team": "Choose one of your teams."})
        manager = None
    elif to == Question.To.MANAGER:
        if manager is None or not Membership.objects.filter(person=manager, role=Role.MANAGER).exists():
            raise ValidationError({"manager": "Choose a manager."})
        team = None
    elif to == Question.To.ORGANIZATION:
        team = manager = None
    else:
        raise ValidationError({"to": "Ask a team, a manager or the organization."})
    _take_quota(actor, today)
    question = Question(to=to, team=team, manager=manager, text=text, asked_on=today)
    question.full_clean()
    question.save()
    audit.record(actor=None, action="question.asked", target=question)
    return question


def can_see_question(person: Person, question: Question) -> bool:
    return visible_questions(person).filter(pk=question.pk).exists()


def visible_questions(person: Person, *, include_hidden: bool = False) -> QuerySet[Question]:
    """Organization questions for everyone; a team's for its members and managers above it; a
    manager's for them and the people in the teams they manage. Hidden ones only for moderators."""
    questions = Question.objects.select_related("team", "manager", "answered_by")
    if not person.is_admin:
        my_teams = Membership.objects.filter(person=person).values("team")
        managed_paths = Membership.objects.filter(person=person, role=Role.MANAGER).values_list("team__path", flat=True)
        condition = Q(to=Question.To.ORGANIZATION) | Q(team__in=my_teams) | Q(manager=person)
        for path in managed_paths:
            condition |= Q(team__path__startswith=path)
        managers_of_mine = Membership.objects.filter(team__in=my_teams, role=Role.MANAGER).values("person")
        condition |= Q(manager__in=managers_of_mine)
        questions = questions.filter(condition)
    if not include_hidden:
        questions = questions.filter(hidden=False)
    return questions.order_by("-votes", "id")


def get_question_for(actor: Person, pk: Any) -> Question:
    try:
        question = visible_questions(actor, include_hidden=True).get(pk=pk)
    except (Question.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such question.") from None
    if question.hidden and not answers_for(actor, question):
        raise Http404("No such question.")
    return question


def voted_on(person: Person, question_list: list[Question]) -> set[Any]:
    """The ids of the listed questions the person voted for, in one query."""
    keys = {_keyed("vote", person.pk, question.pk): question.pk for question in question_list}
    found = QuestionVote.objects.filter(voter_key__in=list(keys)).values_list("voter_key", flat=True)
    return {keys[key] for key in found}


def answerable_by(person: Person) -> Callable[[Question], bool]:
    """`answers_for` for a whole list: the person's managed teams are read once."""
    if person.is_admin:
        return lambda question: True
    paths = list(Membership.objects.filter(person=person, role=Role.MANAGER).values_list("team__path", flat=True))

    def check(question: Question) -> bool:
        if question.to == Question.To.TEAM and question.team is not None:
            return any(question.team.path.startswith(path) for path in paths)
        return question.to == Question.To.MANAGER and question.manager_id == person.pk

    return check


def has_voted(person: Person, question: Question) -> bool:
    return QuestionVote.objects.filter(question=question, voter_key=_keyed("vote", person.pk, question.pk)).exists()


@transaction.atomic
def question_upvote(*, actor: Person, question: Question) -> Question:
    """One vote per person and question, stored under a key that only says "someone voted"."""
    if question.hidden:
        raise ValidationError("This question is hidden.")
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, voter_key=_keyed("vote", actor.pk, question.pk))
    except IntegrityError:
        raise ValidationError("You have already voted for this question.") from None
    Question.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    question.refresh_from_db(fields=["votes"])
    return question


@transaction.atomic
def question_answer(*, actor: Person, question: Question, status: str, answer: str) -> Question:
    """The addressee answers in public: answered, acting on it, or won't do (with the reason)."""
    require(actor, ANSWER_QUESTION, question, message="Only the question's addressee answers it.")
    if status not in {Question.Status.ANSWERED, Question.Status.ACTING, Question.Status.WONT_DO}:
        raise ValidationError({"status": "Choose answered, acting on it or won't do."})
    answer = answer.strip()
    if not answer:
        message = "Say why not." if status == Question.Status.WONT_DO else "Write the answer."
        raise ValidationError({"answer": message})
    changes = audit.diff(question, {"status": status, "answer": answer})
    question.status = status
    question.answer = answer
    question.answered_by = actor
    question.answered_on = timezone.localdate()
    question.full_clean()
    question.save(update_fields=["status", "answer", "answered_by", "answered_on"])
    audit.record(actor=actor, action="question.answered", target=question, changes=changes)
    return question


@transaction.atomic
def question_hide(*, actor: Person, question: Question, reason: str) -> Question:
    """Moderation without unmasking anyone: hide with a reason, which the audit log keeps."""
    require(actor, ANSWER_QUESTION, question, message="Only admins and the addressee moderate a question.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for hiding the question."})
    question.hidden = True
    question.hidden_reason = reason
    question.save(update_fields=["hidden", "hidden_reason"])
    audit.record(actor=actor, action="question.hidden", target=question, changes={"reason": reason})
    return question
