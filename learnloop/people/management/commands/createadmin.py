"""`learnloop createadmin`: create a person with the admin role, or give the role to an existing one."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from learnloop.core.access import SYSTEM
from learnloop.people import services
from learnloop.people.models import Person, User


class Command(BaseCommand):
    help = (
        "Create a person with the admin role (or promote an existing one) and set their password. "
        "The password is asked twice, or read from standard input with --password-stdin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="the admin's sign-in e-mail address")
        parser.add_argument("--name", default="", help="display name (default: from the e-mail address)")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input (for scripts)",
        )

    def handle(self, *args: Any, email: str, name: str, password_stdin: bool, **options: Any) -> None:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from None
        password = read_password_from_stdin() if password_stdin else ask_password()
        existing = Person.objects.select_related("user").filter(user__email__iexact=email).first()
        if existing is None and User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"{email} has an account but no person record; add the person first.")
        try:
            with transaction.atomic():
                person = existing or services.person_create(
                    actor=SYSTEM, email=email, display_name=name.strip() or name_from_email(email)
                )
                if existing is not None and name.strip():
                    services.person_update(actor=SYSTEM, person=person, display_name=name, title=person.title)
                services.person_set_global_roles(
                    actor=SYSTEM, person=person, is_analyst=person.is_analyst, is_admin=True
                )
                services.person_set_password(actor=SYSTEM, person=person, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        verb = "is now an admin" if existing else "was created with the admin role"
        self.stdout.write(self.style.SUCCESS(f"{person.display_name} <{person.user.email}> {verb}."))


def read_password_from_stdin() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError("No password on standard input.")
    return password


def ask_password() -> str:
    if not sys.stdin.isatty():
        raise CommandError("No terminal to ask for a password on: pass --password-stdin and pipe it in.")
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Password (again): "):
        raise CommandError("The two passwords differ; nothing was changed.")
    if not password:
        raise CommandError("The password is empty; nothing was changed.")
    return password


def name_from_email(email: str) -> str:
    """'ada.lovelace@example.com' -> 'Ada Lovelace'."""
    local = email.split("@", 1)[0]
    words = local.replace("_", ".").replace("-", ".").replace("+", ".").split(".")
    return " ".join(word.capitalize() for word in words if word) or local
