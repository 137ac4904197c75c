"""`learnloop voice remind [--every DAYS] [--dry-run]`: e-mail people who have not yet answered an open pulse.
`learnloop voice release`: release the last answers of pulses past their closing day."""

from __future__ import annotations

import argparse
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from learnloop.core.access import SYSTEM
from learnloop.voice.reminders import DEFAULT_EVERY, RunReminders, reminders_send
from learnloop.voice.services import release_finished_runs

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 1:
        raise argparse.ArgumentTypeError("remind at most once a day: give 1 or more days")
    return value


def base_url(text: str) -> str:
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an http(s) address such as https://learnloop.example.org"
        ) from None
    return text.rstrip("/")


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _plural(count: int) -> str:
    return "pulse" if count == 1 else "pulses"


def _pulses(count: int) -> str:
    return f"{count} open {_plural(count)}"


class Command(BaseCommand):
    help = (
        "Pulses (docs/voice.md): e-mail reminders to people who have not yet answered an open pulse; "
        "release the last answers of finished pulses."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        remind = actions.add_parser(
            "remind",
            help="e-mail everyone who has not answered a pulse open today (meant for a daily cron job)",
        )
        remind.add_argument(
            "--every",
            type=days,
            default=DEFAULT_EVERY,
            metavar="DAYS",
            help=f"remind a person about a pulse at most once in this many days (default {DEFAULT_EVERY})",
        )
        remind.add_argument(
            "--base-url",
            type=base_url,
            default=DEFAULT_BASE_URL,
            metavar="URL",
            help=f"the address people open Learnloop at, for the links in the mail (default {DEFAULT_BASE_URL})",
        )
        remind.add_argument("--dry-run", action="store_true", help="say what would be sent; send and store nothing")
        actions.add_parser(
            "release",
            help="release the last answers of pulses past their closing day and shuffle who answered "
            "(meant for a daily cron job)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "release":
            done = release_finished_runs()
            names = "".join(f"\n  {run.title} (closed {run.closes_on:%Y-%m-%d})" for run in done)
            self.stdout.write(f"Released the last answers of {len(done)} finished {_plural(len(done))}.{names}")
            return
        dry_run = options["dry_run"]

        def progress(plan: RunReminders) -> None:
            if dry_run or options["verbosity"] > 1:
                self.stdout.write(
                    f"  {plan.run.title} (closes {plan.run.closes_on:%Y-%m-%d}): "
                    f"{_people(len(plan.due))} to remind, {plan.recent} reminded recently"
                )

        try:
            summary = reminders_send(
                actor=SYSTEM,
                base_url=options["base_url"],
                every=options["every"],
                dry_run=dry_run,
                on_progress=progress,
            )
        except OSError as error:
            raise CommandError(f"Could not reach the mail server: {error}") from None
        pulses = _pulses(len(summary.runs))
        recently = f"({summary.recent} already reminded recently)"
        if dry_run:
            self.stdout.write(
                f"Would remind {_people(summary.reminded)} for {pulses} {recently}. Dry run: nothing sent or stored."
            )
            return
        for failure in summary.failures:
            self.stderr.write(f"Not sent, will be tried again next time: {failure}")
        self.stdout.write(f"Reminded {_people(summary.reminded)} for {pulses} {recently}.")
        if summary.failed:
            raise CommandError(f"{summary.failed} reminder(s) could not be sent.")
