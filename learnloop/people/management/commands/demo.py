"""`learnloop demo`: load the invented organization Northwind Analytics to try Learnloop with."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from learnloop.people.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo organization Northwind Analytics (people, teams, roles). "
        "Safe to run again: it only adds what is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_demo(stdout=self.stdout if options["verbosity"] > 1 else None)
        except ValidationError as error:
            raise CommandError(f"The demo could not be loaded: {'; '.join(error.messages)}") from error
        if summary.changed_anything:
            made = ", ".join(f"{count} {kind}" for kind, count in summary.created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo organization Northwind Analytics: {made}."))
        else:
            self.stdout.write("The demo organization Northwind Analytics is already loaded; nothing changed.")
        width = max(len(login.email) for login in summary.logins)
        lines = [
            "",
            f"Open {summary.address} (start it with `learnloop serve`) and sign in as:",
            *(f"  {login.email:<{width}}  {login.role} ({login.name})" for login in summary.logins),
            f"Every demo account's password is: {summary.password}",
        ]
        self.stdout.write("\n".join(lines))
