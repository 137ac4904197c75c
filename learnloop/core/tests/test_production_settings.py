from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from learnloop.settings import secret_key_weakness

STRONG_KEY = "k3Jd9-VqP0xZr7LwT2yBn5MfHc8GsAe4UoWi6Rl1QtYpDvXz_Nb"
HOSTS = {"LEARNLOOP_ALLOWED_HOSTS": "learn.example.com"}


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LEARNLOOP_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", "import learnloop.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def in_production(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    return load_settings({"LEARNLOOP_ENV": "production", "LEARNLOOP_DATA_DIR": str(tmp_path), **env})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (HOSTS, "LEARNLOOP_SECRET_KEY must be set"),
        ({"LEARNLOOP_SECRET_KEY": STRONG_KEY}, "LEARNLOOP_ALLOWED_HOSTS must list"),
        ({"LEARNLOOP_SECRET_KEY": STRONG_KEY, **HOSTS, "LEARNLOOP_DEBUG": "true"}, "LEARNLOOP_DEBUG must be false"),
        ({"LEARNLOOP_SECRET_KEY": "short", **HOSTS}, "fewer than 50"),
        ({"LEARNLOOP_SECRET_KEY": "a" * 40, **HOSTS}, "LEARNLOOP_SECRET_KEY is too weak"),
        ({"LEARNLOOP_SECRET_KEY": STRONG_KEY, **HOSTS, "LEARNLOOP_SECURE_COOKIES": "false"}, "without TLS"),
    ],
)
def test_production_refuses_unsafe_settings(env, message, tmp_path):
    result = in_production(tmp_path, **env)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert message in result.stderr


def test_production_starts_with_safe_settings(tmp_path):
    result = in_production(tmp_path, LEARNLOOP_SECRET_KEY=STRONG_KEY, **HOSTS)
    assert result.returncode == 0, result.stderr


def test_a_key_made_the_documented_way_is_accepted(tmp_path):
    result = in_production(tmp_path, LEARNLOOP_SECRET_KEY=secrets.token_urlsafe(50), **HOSTS)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("a" * 60, "repeats a shorter part"),
        ("ab" * 30, "repeats a shorter part"),
        ("abcd" * 12, "fewer than 50"),
        ("0123456789" * 5 + "0123", "repeats"),
        ("Aa" * 30 + "A", "repeats"),
        ("ab" * 30 + "ba", "about 62 bits"),
        ("django-insecure-" + "x7Qp" * 10, "placeholder"),
        ("please-change-me-" + STRONG_KEY, "placeholder"),
        ("your-secret-key-goes-here-" + STRONG_KEY, "placeholder"),
    ],
    ids=[
        "a-repeated",
        "ab-repeated",
        "too-short",
        "digits-repeated",
        "Aa-repeated",
        "two-letters",
        "django",
        "change-me",
        "your-secret",
    ],
)
def test_weak_keys_are_named_with_the_reason(key, reason):
    weakness = secret_key_weakness(key)
    assert weakness is not None
    assert reason in weakness


@pytest.mark.parametrize(
    "make",
    [lambda: STRONG_KEY, lambda: secrets.token_urlsafe(50), lambda: secrets.token_hex(32)],
    ids=["fixed", "token_urlsafe(50)", "token_hex(32)"],
)
def test_random_keys_in_the_usual_forms_are_strong(make):
    for _ in range(200):  # random keys: no draw may be refused
        assert secret_key_weakness(make()) is None


def test_the_override_names_what_it_accepts(tmp_path):
    weak_cookies = {"LEARNLOOP_SECRET_KEY": STRONG_KEY, **HOSTS, "LEARNLOOP_SECURE_COOKIES": "false"}
    assert in_production(tmp_path, **weak_cookies, LEARNLOOP_ALLOW_INSECURE="cookies").returncode == 0
    weak_key = {"LEARNLOOP_SECRET_KEY": "a" * 60, **HOSTS}
    assert in_production(tmp_path, **weak_key, LEARNLOOP_ALLOW_INSECURE="cookies").returncode != 0
    assert in_production(tmp_path, **weak_key, LEARNLOOP_ALLOW_INSECURE="weak-secret-key").returncode == 0
    both = in_production(tmp_path, **weak_key, LEARNLOOP_SECURE_COOKIES="false", LEARNLOOP_ALLOW_INSECURE="cookies")
    assert both.returncode != 0 and "too weak" in both.stderr and "without TLS" not in both.stderr


def test_the_override_never_allows_debug_pages_and_refuses_unknown_names(tmp_path):
    debug = in_production(
        tmp_path, LEARNLOOP_SECRET_KEY=STRONG_KEY, **HOSTS, LEARNLOOP_DEBUG="true",
        LEARNLOOP_ALLOW_INSECURE="cookies,weak-secret-key",
    )  # fmt: skip
    assert debug.returncode != 0 and "LEARNLOOP_DEBUG must be false" in debug.stderr
    unknown = in_production(tmp_path, LEARNLOOP_SECRET_KEY=STRONG_KEY, **HOSTS, LEARNLOOP_ALLOW_INSECURE="debug")
    assert unknown.returncode != 0
    assert "LEARNLOOP_ALLOW_INSECURE names debug" in unknown.stderr


def test_the_embedded_mode_generates_and_keeps_a_secret_key(tmp_path):
    env = {"LEARNLOOP_DATA_DIR": str(tmp_path)}
    assert load_settings(env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert secret_key_weakness(key) is None
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


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LEARNLOOP_LOGIN_FAILURE_LIMIT": "five"}, "is not a whole number"),
        ({"LEARNLOOP_LOGIN_FAILURE_LIMIT": "0"}, "must be at least 1"),
        ({"LEARNLOOP_LOGIN_FAILURE_LIMIT": "10", "LEARNLOOP_LOGIN_ADDRESS_FAILURE_LIMIT": "5"}, "must be at least"),
    ],
)
def test_lockout_limits_must_make_sense(env, message, tmp_path):
    result = load_settings({"LEARNLOOP_DATA_DIR": str(tmp_path), **env})
    assert result.returncode != 0
    assert message in result.stderr
