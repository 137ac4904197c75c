from __future__ import annotations

import os
import subprocess
import sys

import pytest


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LEARNLOOP_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", "import learnloop.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LEARNLOOP_ALLOWED_HOSTS": "learn.example.com"}, "LEARNLOOP_SECRET_KEY must be set"),
        ({"LEARNLOOP_SECRET_KEY": "x" * 50}, "LEARNLOOP_ALLOWED_HOSTS must list"),
        (
            {"LEARNLOOP_SECRET_KEY": "x" * 50, "LEARNLOOP_ALLOWED_HOSTS": "a.example", "LEARNLOOP_DEBUG": "true"},
            "LEARNLOOP_DEBUG must be false",
        ),
        ({"LEARNLOOP_SECRET_KEY": "short", "LEARNLOOP_ALLOWED_HOSTS": "a.example"}, "at least 32 characters"),
    ],
)
def test_production_refuses_unsafe_settings(env, message, tmp_path):
    result = load_settings({"LEARNLOOP_ENV": "production", "LEARNLOOP_DATA_DIR": str(tmp_path), **env})
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert message in result.stderr


def test_production_starts_with_safe_settings(tmp_path):
    result = load_settings(
        {
            "LEARNLOOP_ENV": "production",
            "LEARNLOOP_SECRET_KEY": "x" * 50,
            "LEARNLOOP_ALLOWED_HOSTS": "learn.example.com",
            "LEARNLOOP_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stderr


def test_the_embedded_mode_generates_and_keeps_a_secret_key(tmp_path):
    env = {"LEARNLOOP_DATA_DIR": str(tmp_path)}
    assert load_settings(env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert load_settings(env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_the_embedded_database_is_sqlite_in_wal_mode(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='learnloop.settings'; django.setup();"
        "from django.db import connection; c=connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(c.fetchone()[0]); print(connection.settings_dict['NAME'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LEARNLOOP_", "DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "LEARNLOOP_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    mode, name = result.stdout.split()
    assert mode == "wal"
    assert name == str(tmp_path / "learnloop.sqlite3")
