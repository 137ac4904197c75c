from __future__ import annotations

import io
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learnloop.core.models import AuditEvent
from learnloop.people.models import Person, User

STRONG = "violet-harbour-lantern-42"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def createadmin(*args: str, stdin: str = f"{STRONG}\n", monkeypatch=None) -> str:
    out = StringIO()
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", StringIO(stdin))
    call_command("createadmin", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_person_with_the_admin_role(db, monkeypatch):
    output = createadmin("--email", "Ada.Lovelace@Example.com", "--password-stdin", monkeypatch=monkeypatch)
    person = Person.objects.get(user__email="ada.lovelace@example.com")
    assert person.is_admin
    assert person.display_name == "Ada Lovelace"
    assert person.user.check_password(STRONG)
    assert "was created with the admin role" in output


def test_it_takes_a_display_name(db, monkeypatch):
    createadmin("--email", "ops@example.com", "--name", "Operations Desk", "--password-stdin", monkeypatch=monkeypatch)
    assert Person.objects.get().display_name == "Operations Desk"


def test_it_promotes_an_existing_person_and_keeps_their_analyst_role(dana, monkeypatch):
    createadmin("--email", "DANA@example.com", "--password-stdin", monkeypatch=monkeypatch)
    dana.refresh_from_db()
    dana.user.refresh_from_db()
    assert dana.is_admin and dana.is_analyst
    assert dana.user.check_password(STRONG)
    assert Person.objects.filter(user__email="dana@example.com").count() == 1


def test_it_asks_for_the_password_twice_on_a_terminal(db, monkeypatch):
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("createadmin", "--email", "root@example.com", stdout=StringIO())
    assert User.objects.get(email="root@example.com").check_password(STRONG)


def test_two_different_passwords_change_nothing(db, monkeypatch):
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="passwords differ"):
        call_command("createadmin", "--email", "root@example.com", stdout=StringIO())
    assert not User.objects.exists()


def test_a_weak_password_is_refused_and_nothing_is_written(db, monkeypatch):
    with pytest.raises(CommandError, match="too short"):
        createadmin("--email", "root@example.com", "--password-stdin", stdin="short\n", monkeypatch=monkeypatch)
    with pytest.raises(CommandError, match="too common"):
        createadmin("--email", "root@example.com", "--password-stdin", stdin="password123\n", monkeypatch=monkeypatch)
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_bad_email_is_refused(db, monkeypatch):
    with pytest.raises(CommandError, match="not a valid e-mail address"):
        createadmin("--email", "not-an-address", "--password-stdin", monkeypatch=monkeypatch)
    assert not User.objects.exists()


def test_the_command_line_exits_non_zero_with_one_clear_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "learnloop", "createadmin", "--email", "nope", "--password-stdin"],
        input=f"{STRONG}\n",
        env={"PATH": "/usr/bin:/bin", "LEARNLOOP_DATA_DIR": str(tmp_path), "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "CommandError: 'nope' is not a valid e-mail address."


def test_it_is_audit_logged_as_the_system(db, monkeypatch):
    createadmin("--email", "root@example.com", "--password-stdin", monkeypatch=monkeypatch)
    actions = set(AuditEvent.objects.values_list("action", "actor_label"))
    assert ("person.roles_changed", "system (command line)") in actions
    assert ("person.password_set", "system (command line)") in actions
