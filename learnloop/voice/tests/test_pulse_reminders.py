"""`learnloop voice remind`: one mail to each person who has not answered an open pulse, at most
every few days, with the link and nobody else's name; nothing stored about answers."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.core.models import AuditEvent
from learnloop.people.models import Person
from learnloop.people.tests.factories import MembershipFactory, PersonFactory, UserFactory
from learnloop.voice import services
from learnloop.voice.models import PulseRun, Reminder
from learnloop.voice.tests.pulses import answer, members, open_pulse, safety

BASE = "https://learnloop.example.org"


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the command the way cron does; its mails go out as each reminder row commits."""

    def run(*args: str) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("voice", "remind", "--base-url", BASE, *args, stdout=out)
        return out.getvalue()

    return run


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def days_pass(count: int) -> None:
    """Move every stored reminder `count` days into the past, as if that time had gone by."""
    for reminder in Reminder.objects.all():
        reminder.sent_on -= datetime.timedelta(days=count)
        reminder.save(update_fields=["sent_on"])


def test_people_who_have_not_answered_get_exactly_one_mail_and_those_who_have_get_none(remind, alice, bob, org):
    run = open_pulse([org["platform"]])
    answer(run, bob)

    output = remind()

    assert recipients() == ["alice@example.com"]
    assert output.strip() == "Reminded 1 person for 1 open pulse (0 already reminded recently)."
    assert list(Reminder.objects.values_list("run", "person", "sent_on")) == [(run.pk, alice.pk, timezone.localdate())]


def test_the_mail_has_the_title_the_closing_day_the_link_and_says_answers_are_anonymous(remind, alice, org):
    run = open_pulse([org["platform"]], title="Autumn safety pulse", closes_on=datetime.date(2099, 12, 4))
    remind()
    (message,) = mail.outbox
    assert "Autumn safety pulse" in message.subject
    assert "Friday 4 December 2099" in message.body
    assert f"{BASE}/pulses/{run.pk}/answer/" in message.body
    assert "anonymous" in message.body
    assert "groups of at least 5 people" in message.body
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])


def test_a_mail_names_nobody_but_its_reader(remind, alice, bob, charlie, dana, org):
    run = services.run_create(
        actor=dana,
        instrument=safety(),
        title="Platform pulse",
        teams=[org["engineering"]],
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    others = members(org["engineering"], 3)
    answer(run, others[0])
    remind()
    everyone = [alice, bob, charlie, dana, *others]
    assert sorted(recipients()) == sorted(p.email for p in [alice, bob, others[1], others[2]])
    for message in mail.outbox:
        (reader,) = [person for person in everyone if person.email == message.to[0]]
        text = message.subject + message.body
        assert reader.display_name in text
        for person in everyone:
            if person != reader:
                assert person.display_name not in text and person.email not in text


def test_someone_in_two_of_the_audience_teams_gets_one_mail(remind, alice, org):
    MembershipFactory(person=alice, team=org["engineering"])
    open_pulse([org["engineering"]])
    output = remind()
    assert recipients() == ["alice@example.com"]
    assert output.strip() == "Reminded 1 person for 1 open pulse (0 already reminded recently)."


def test_people_outside_the_audience_or_without_a_real_address_get_nothing(remind, alice, charlie, dana, erin, org):
    placeholder = PersonFactory(email_is_placeholder=True)
    departed = PersonFactory(user=UserFactory(is_active=False))
    for person in (placeholder, departed):
        MembershipFactory(person=person, team=org["platform"])
    open_pulse([org["platform"]])
    remind()
    assert recipients() == ["alice@example.com"]


def test_closed_finished_and_future_pulses_send_nothing(remind, alice, bob, org):
    today = timezone.localdate()
    closed_early = open_pulse([org["platform"]], title="Closed early")
    services.run_close(actor=SYSTEM, run=closed_early)
    open_pulse(
        [org["platform"]], opens_on=today - datetime.timedelta(days=9), closes_on=today - datetime.timedelta(days=1)
    )
    open_pulse(
        [org["platform"]], opens_on=today + datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=8)
    )

    output = remind()

    assert mail.outbox == []
    assert not Reminder.objects.exists()
    assert output.strip() == "Reminded 0 people for 0 open pulses (0 already reminded recently)."


def test_a_second_run_on_the_same_day_sends_nothing(remind, alice, bob, org):
    open_pulse([org["platform"]])
    remind()
    assert len(mail.outbox) == 2

    output = remind("--every", "1")

    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2
    assert output.strip() == "Reminded 0 people for 1 open pulse (2 already reminded recently)."


def test_after_every_days_it_reminds_again_and_not_before(remind, alice, bob, org):
    open_pulse([org["platform"]])
    remind()
    days_pass(4)
    assert "Reminded 0 people" in remind("--every", "5")
    assert len(mail.outbox) == 2

    days_pass(1)  # five days since the first reminder
    assert "Reminded 2 people" in remind("--every", "5")
    assert len(mail.outbox) == 4


def test_the_default_is_every_three_days(remind, alice, org):
    open_pulse([org["platform"]])
    remind()
    days_pass(2)
    remind()
    assert len(mail.outbox) == 1
    days_pass(1)
    remind()
    assert len(mail.outbox) == 2


def test_a_dry_run_sends_stores_and_deletes_nothing_and_says_what_it_would_do(remind, alice, bob, org):
    run = open_pulse([org["platform"]], title="Dry pulse")
    Reminder.objects.create(run=run, person=bob, sent_on=timezone.localdate() - datetime.timedelta(days=1))

    output = remind("--dry-run")

    assert mail.outbox == []
    assert list(Reminder.objects.values_list("person", flat=True)) == [bob.pk]
    assert not AuditEvent.objects.filter(action="pulse.reminded").exists()
    assert f"Dry pulse (closes {run.closes_on:%Y-%m-%d}): 1 person to remind, 1 reminded recently" in output
    assert "Would remind 1 person for 1 open pulse (1 already reminded recently). Dry run: nothing sent or stored." in (
        output
    )


def test_once_someone_answers_their_reminders_stop_and_their_reminder_rows_are_deleted(remind, alice, bob, org):
    run = open_pulse([org["platform"]])
    remind()
    answer(run, bob)
    days_pass(3)
    remind()
    assert recipients() == ["alice@example.com", "alice@example.com", "bob@example.com"]
    assert set(Reminder.objects.values_list("person", flat=True)) == {alice.pk}


def test_reminders_of_runs_no_longer_open_are_deleted(remind, alice, org):
    run = open_pulse([org["platform"]])
    remind()
    PulseRun.objects.filter(pk=run.pk).update(closed=True)
    remind()
    assert not Reminder.objects.exists()


def test_a_reminder_names_no_answer_and_the_audit_log_names_nobody(remind, alice, bob, org):
    run = open_pulse([org["platform"]])
    remind()
    linked = {field.related_model for field in Reminder._meta.get_fields() if field.is_relation}
    assert linked == {PulseRun, Person}
    event = AuditEvent.objects.get(action="pulse.reminded")
    assert event.target_id == str(run.pk) and event.changes == {"reminders": 2}
    assert alice.display_name not in str(event.changes) and alice.email not in event.actor_label


def test_bad_options_are_refused_with_a_clear_message(remind, alice, org):
    open_pulse([org["platform"]])
    with pytest.raises(CommandError, match="at most once a day"):
        remind("--every", "0")
    with pytest.raises(CommandError, match="not an http"):
        remind("--base-url", "ftp://learnloop.example.org")
    assert mail.outbox == [] and not Reminder.objects.exists()


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server said no")


@pytest.mark.django_db(transaction=True)
def test_a_mail_the_server_refuses_is_tried_again_next_time(settings, alice, org):
    open_pulse([org["platform"]])
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    errors = StringIO()
    with pytest.raises(CommandError, match="1 reminder"):
        call_command("voice", "remind", stdout=StringIO(), stderr=errors)
    assert "alice@example.com: the mail server said no" in errors.getvalue()
    assert not Reminder.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("voice", "remind", stdout=out)
    assert recipients() == ["alice@example.com"]
    assert "http://127.0.0.1:8000/pulses/" in mail.outbox[0].body
    assert out.getvalue().startswith("Reminded 1 person")
