from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections


def environment(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LEARNLOOP_", "DJANGO_", "DATABASE_URL"))}
    return {**clean, "LEARNLOOP_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}


def learnloop(*args: str) -> list[str]:
    return [sys.executable, "-m", "learnloop", *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def health(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (a local test URL)
            return response.status
    except (urllib.error.URLError, OSError):
        return None


@contextmanager
def serving(tmp_path: Path) -> Iterator[int]:
    """`learnloop serve` on a free loopback port of a freshly migrated database (static files not
    collected); yields the port once /healthz answers, and stops gunicorn afterwards."""
    env = environment(tmp_path)
    subprocess.run(learnloop("migrate", "--noinput"), env=env, check=True, capture_output=True)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        learnloop("serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # gunicorn and its workers share a process group we can stop
    )
    try:
        deadline = time.monotonic() + 30
        while health(f"http://127.0.0.1:{port}/healthz") != 200:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "no answer from /healthz in 30 seconds"
            time.sleep(0.2)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_it_serves_the_health_check_with_gunicorn(tmp_path):
    with serving(tmp_path) as port:
        pass
    output = (tmp_path / "serve.log").read_text()
    assert f"Learnloop is serving on http://127.0.0.1:{port}" in output
    assert "gthread" in output
    assert '"GET /healthz HTTP/1.1" 200' in output


def test_without_collectstatic_it_collects_the_static_files_so_pages_work(tmp_path):
    assert not (tmp_path / "static" / "staticfiles.json").exists()
    with serving(tmp_path) as port:
        assert health(f"http://127.0.0.1:{port}/sign-in/") == 200
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert "static files are not collected" not in (tmp_path / "serve.log").read_text()


def test_it_refuses_to_start_when_the_static_files_cannot_be_collected(tmp_path):
    env = {
        **environment(tmp_path),
        "LEARNLOOP_ENV": "production",
        "LEARNLOOP_SECRET_KEY": "k3Jd9-VqP0xZr7LwT2yBn5MfHc8GsAe4UoWi6Rl1QtYpDvXz_Nb",
        "LEARNLOOP_ALLOWED_HOSTS": "learn.example.com",
    }
    subprocess.run(learnloop("migrate", "--noinput"), env=env, check=True, capture_output=True)
    (tmp_path / "static").write_text("a file where the static folder should be")
    result = serve_refused(env)
    assert result.returncode == 1
    assert "The static files are not collected and collecting them failed" in result.stderr
    assert "serving" not in result.stdout


def serve_refused(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`learnloop serve` expected to stop before serving: its exit status and output."""
    return subprocess.run(
        learnloop("serve", "--bind", f"127.0.0.1:{free_port()}"),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_refuses_a_database_with_unapplied_migrations(tmp_path):
    result = serve_refused(environment(tmp_path))
    assert result.returncode == 1
    assert "run `learnloop migrate` first" in result.stderr
    assert "serving" not in result.stdout


def test_it_runs_gunicorn_with_threads_and_an_access_log(db, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "execvp", lambda file, argv: calls.append(argv))
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction
    out = StringIO()
    call_command("serve", stdout=out, stderr=StringIO())
    (argv,) = calls
    assert argv[0].endswith("gunicorn") or argv[1:3] == ["-m", "gunicorn"]
    assert "learnloop.wsgi:application" in argv
    options = dict(itertools.pairwise(argv))
    assert options["--bind"] == "127.0.0.1:8000"
    assert options["--workers"] == "2"
    assert options["--worker-class"] == "gthread"
    assert options["--threads"] == "4"
    assert options["--access-logfile"] == "-"
    assert "runserver" not in " ".join(argv)
    assert out.getvalue().strip() == "Learnloop is serving on http://127.0.0.1:8000"


@pytest.mark.parametrize("bind", ["8000", "localhost", "127.0.0.1:http", "127.0.0.1:70000"])
def test_a_bind_that_is_not_host_and_port_is_refused(db, bind):
    with pytest.raises(CommandError, match="is not HOST:PORT"):
        call_command("serve", "--bind", bind)


def test_workers_must_be_a_positive_number(db):
    with pytest.raises(CommandError, match="workers"):
        call_command("serve", "--workers", "0")
