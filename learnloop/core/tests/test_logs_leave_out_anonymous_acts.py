"""No log line times an anonymous act: gunicorn's access log (what `learnloop serve` writes) and
Django's request loggers leave out writes to the routes apps declared anonymous."""

from __future__ import annotations

import datetime
import json
import logging
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from gunicorn.config import Config

from learnloop.core.access_log import AccessLog
from learnloop.core.tests.test_serve import environment, free_port, health, learnloop
from learnloop.core.unlinkable import anonymous_routes, is_anonymous_act


def view_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from view_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_route_declared_anonymous_exists():
    assert anonymous_routes(), "apps declare their anonymous routes when they are ready"
    assert anonymous_routes() <= set(view_names(get_resolver().url_patterns))


def test_only_writes_to_anonymous_routes_count_as_anonymous_acts():
    assert is_anonymous_act("POST", "/questions/")
    assert is_anonymous_act("POST", "/api/v1/questions")
    assert not is_anonymous_act("GET", "/questions/")
    assert not is_anonymous_act("GET", "/api/v1/questions")
    assert not is_anonymous_act("POST", "/api/v1/teams")
    assert not is_anonymous_act("POST", "/no/such/page/")


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def environ(method: str, path: str) -> dict[str, str]:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "RAW_URI": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
    }


def test_gunicorns_access_log_leaves_out_anonymous_acts_and_keeps_the_rest():
    config = Config()
    config.set("accesslog", "-")
    log = AccessLog(config)
    lines = Lines()
    log.access_log.addHandler(lines)

    class Sent:
        status = "302 Found"
        headers: list[tuple[str, str]] = []
        response_length = 0
        sent = 0

    class Request:
        headers: list[tuple[str, str]] = []

    log.access(Sent(), Request(), environ("POST", "/questions/"), datetime.timedelta(milliseconds=10))
    log.access(Sent(), Request(), environ("POST", "/api/v1/pulses/4/answers"), datetime.timedelta(milliseconds=10))
    log.access(Sent(), Request(), environ("GET", "/questions/"), datetime.timedelta(milliseconds=10))
    assert len(lines.lines) == 1 and "10.0.0.7" in lines.lines[0] and "GET /questions/" in lines.lines[0]


@pytest.fixture
def request_log():
    lines = Lines()
    logger = logging.getLogger("django.request")
    # The filter sits on the logger, so a handler added to it sees what the configured ones see.
    logger.addHandler(lines)
    yield lines.lines
    logger.removeHandler(lines)


def test_djangos_request_log_leaves_out_a_refused_anonymous_act(api_as, bob, request_log):
    api = api_as(bob)
    assert 400 <= api.post("/questions", {"to": "nobody", "text": "?"}).status_code < 500
    assert request_log == []
    assert 400 <= api.post("/teams", {}).status_code < 500
    assert len(request_log) == 1


def test_learnloop_serve_logs_requests_but_not_a_question_asked(tmp_path: Path):
    env = environment(tmp_path)
    subprocess.run(learnloop("migrate", "--noinput"), env=env, check=True, capture_output=True)
    made = subprocess.run(
        learnloop("shell", "-c", SET_UP),
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    secret = made.stdout.strip().splitlines()[-1]
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            learnloop("serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 20
            while health(f"http://127.0.0.1:{port}/healthz") != 200:
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "no answer from /healthz in 20 seconds"
                time.sleep(0.2)
            asked = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/questions",
                data=json.dumps({"to": "organization", "text": "Why do we deploy on Fridays?"}).encode(),
                headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(asked, timeout=10) as response:  # noqa: S310 (a local test URL)
                assert response.status == 201
            assert health(f"http://127.0.0.1:{port}/healthz") == 200
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    output = log_path.read_text()
    assert output.count('"GET /healthz HTTP/1.1" 200') >= 2
    assert "/api/v1/questions" not in output


SET_UP = """
from learnloop.api.services import token_create
from learnloop.people.tests.factories import MembershipFactory, PersonFactory, TeamFactory
person = PersonFactory()
MembershipFactory(person=person, team=TeamFactory())
print(token_create(actor=person, name="script", scope="write")[1])
"""
