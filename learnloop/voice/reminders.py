"""E-mail reminders of open pulses: who is due one, the message, and the record that it went out.

A reminder goes to someone in a run's audience who has not answered (the participation table)
and has a real e-mail address, at most once every `every` days per run. The `Reminder` row that
holds back the next one names the person and the day, never an answer; rows stop being needed
once the person answers or the run is over, and the next send deletes them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.core.anonymity import minimum_group_size
from learnloop.people.models import Person
from learnloop.voice.models import Participation, PulseRun, Reminder
from learnloop.voice.rules import DESIGN_SURVEYS

DEFAULT_EVERY = 3


@dataclass
class RunReminders:
    """One open run: who gets a reminder now, and how many were reminded too recently."""

    run: PulseRun
    due: list[Person]
    recent: int


@dataclass
class ReminderSummary:
    runs: list[RunReminders]
    queued: int = 0  # reminders recorded, each mail going out as its row commits
    raced: int = 0
    failed: int = 0
    dry_run: bool = False
    failures: list[str] = field(default_factory=list)

    @property
    def reminded(self) -> int:
        """Mails handed to the mail server (or, with `dry_run`, that would be)."""
        return self.due if self.dry_run else self.queued - self.failed

    @property
    def recent(self) -> int:
        return sum(plan.recent for plan in self.runs) + self.raced

    @property
    def due(self) -> int:
        return sum(len(plan.due) for plan in self.runs)


def open_runs(today: datetime.date) -> QuerySet[PulseRun]:
    return PulseRun.objects.filter(closed=False, opens_on__lte=today, closes_on__gte=today).order_by("closes_on", "id")


def not_answered(run: PulseRun) -> QuerySet[Person]:
    """The run's audience (members of its teams, as for answering) who have not answered and can
    be e-mailed: active accounts whose address is not a placeholder from an import."""
    answered = Participation.objects.filter(run=run, person=OuterRef("pk"))
    return (
        Person.objects.filter(
            memberships__team__in=run.cells.values("team"),
            user__is_active=True,
            email_is_placeholder=False,
        )
        .exclude(user__email="")
        .exclude(Exists(answered))
        .select_related("user")
        .distinct()
        .order_by("id")
    )


def reminders_due(*, today: datetime.date, every: int = DEFAULT_EVERY) -> list[RunReminders]:
    """For every run open today, who is due a reminder: not answered, and not reminded in the
    last `every` days (so never twice on one day)."""
    if every < 1:
        raise ValueError("Remind at most once a day: `every` must be 1 or more.")
    since = today - datetime.timedelta(days=every)
    plans = []
    for run in open_runs(today).select_related("instrument"):
        waiting = list(not_answered(run))
        recently = set(Reminder.objects.filter(run=run, sent_on__gt=since).values_list("person_id", flat=True))
        due = [person for person in waiting if person.pk not in recently]
        plans.append(RunReminders(run=run, due=due, recent=len(waiting) - len(due)))
    return plans


def reminder_message(
    *,
    run: PulseRun,
    person: Person,
    answer_url: str,
    statements: int,
    every: int,
    connection: BaseEmailBackend | None = None,
) -> EmailMessage:
    """The mail: plain text, short, naming nobody but its reader."""
    closes = f"{run.closes_on:%A} {run.closes_on.day} {run.closes_on:%B %Y}"
    body = "\n".join(
        [
            f"Hello {person.display_name},",
            "",
            f"The pulse “{run.title}” is open until {closes}, and we have not had your answers yet.",
            f"There are {statements} short statements; answering takes a few minutes:",
            "",
            answer_url,
            "",
            "Your answers are anonymous: they are stored without your name, and results are shown",
            f"only for groups of at least {minimum_group_size()} people.",
            "",
            f"You get this at most once every {every} day{'s' if every != 1 else ''} while the pulse is open;",
            "once you have answered, the reminders stop.",
            "",
            f"{settings.SITE_NAME}",
        ]
    )
    return EmailMessage(
        subject=f"Reminder: the pulse “{run.title}” closes on {closes}",
        body=body,
        to=[person.email],
        connection=connection,
    )


def forget_unneeded_reminders(*, today: datetime.date) -> int:
    """Delete reminder rows nothing needs any more: of people who have answered since (a reminder
    followed by an answer would tell roughly when that person answered), and of runs no longer open."""
    answered = Participation.objects.filter(run=OuterRef("run"), person=OuterRef("person"))
    still_open = open_runs(today).filter(pk=OuterRef("run"))
    deleted, _ = Reminder.objects.filter(Exists(answered) | ~Exists(still_open)).delete()
    return deleted


def reminders_send(
    *,
    actor: Any,
    base_url: str,
    every: int = DEFAULT_EVERY,
    today: datetime.date | None = None,
    dry_run: bool = False,
    on_progress: Callable[[RunReminders], None] | None = None,
) -> ReminderSummary:
    """E-mail everyone due a reminder (see `reminders_due`) and record each send. Every person is
    one transaction: the row is written first (the unique day holds back a parallel run) and the
    mail goes out when it commits; a mail the server refuses removes its row, so the next run
    tries again. With `dry_run`, nothing is sent, stored or deleted."""
    require(actor, DESIGN_SURVEYS, message="Only people analysts and admins send pulse reminders.")
    today = today or timezone.localdate()
    plans = reminders_due(today=today, every=every)
    summary = ReminderSummary(runs=plans, dry_run=dry_run)
    if dry_run:
        for plan in plans:
            if on_progress:
                on_progress(plan)
        return summary
    forget_unneeded_reminders(today=today)
    connection = get_connection()
    if summary.due:
        connection.open()  # one connection for every mail, not one each
    for plan in plans:
        answer_url = base_url.rstrip("/") + reverse("voice-pulse-answer", args=[plan.run.pk])
        statements = plan.run.instrument.items.count()
        sent = 0
        for person in plan.due:
            message = reminder_message(
                run=plan.run,
                person=person,
                answer_url=answer_url,
                statements=statements,
                every=every,
                connection=connection,
            )
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(run=plan.run, person=person, sent_on=today)
                    transaction.on_commit(partial(_deliver, message, reminder, summary))
            except IntegrityError:
                summary.raced += 1  # reminded today by a parallel run that got there first
                continue
            sent += 1
            summary.queued += 1
        if sent:
            audit.record(actor=actor, action="pulse.reminded", target=plan.run, changes={"reminders": sent})
        if on_progress:
            on_progress(plan)
    connection.close()
    return summary


def _deliver(message: EmailMessage, reminder: Reminder, summary: ReminderSummary) -> None:
    try:
        message.send()
    except OSError as error:  # smtplib's errors are OSErrors
        Reminder.objects.filter(pk=reminder.pk).delete()
        summary.failed += 1
        summary.failures.append(f"{message.to[0]}: {error}")
