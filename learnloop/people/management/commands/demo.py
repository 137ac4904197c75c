"""`learnloop demo`: load the invented organization Northwind Analytics to try Learnloop with."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.people.demo import DEMO_ADDRESS, DemoSummary, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo organization Northwind Analytics (people, teams, roles). "
        "Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--address",
            default=DEMO_ADDRESS,
            help=f"where Learnloop will be served, for the sign-in hint (default {DEMO_ADDRESS})",
        )

    def handle(self, *args: Any, address: str, **options: Any) -> None:
        try:
            summary = load_demo(stdout=self.stdout if options["verbosity"] > 1 else None, address=address)
        except ValidationError as error:
            raise CommandError(f"The demo could not be loaded: {'; '.join(error.messages)}") from error
        if summary.changed_anything:
            made = ", ".join(f"{count} {kind}" for kind, count in summary.created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo organization Northwind Analytics: {made}."))
        else:
            self.stdout.write("The demo organization Northwind Analytics is already loaded; nothing changed.")
        self.stdout.write(sign_in_hint(summary))


def sign_in_hint(summary: DemoSummary) -> str:
    """Where to go and whom to sign in as: one account per role, all with the same password."""
    role_width = max(len(login.role) for login in summary.logins)
    email_width = max(len(login.email) for login in summary.logins)
    return "\n".join(
        [
            "",
            f"Open {summary.address} and sign in as any of these (password: {summary.password}):",
            *(f"  {login.role:<{role_width}}  {login.email:<{email_width}}  {login.name}" for login in summary.logins),
        ]
    )
