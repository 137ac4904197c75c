"""A search that is too long gets a message naming the field: a form error on the page, a 422 naming
`q` in the API, and the server passes a long request line on to Learnloop instead of a bare 414."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

from learnloop.core.tests.test_serve import environment, free_port, health, learnloop
from learnloop.knowledge.tests.searching import make

LONG = "certificate " * 30  # 360 characters


def test_the_page_says_the_search_is_too_long_and_searches_nothing(client, alice, org):
    make("review", actor=alice, team=org["platform"], title="Certificate expired", text="certificate")
    client.force_login(alice.user)
    page = client.get("/search/", {"q": LONG})
    assert page.status_code == 200
    assert "Search for at most 200 characters (this has 360)" in page.content.decode()
    assert "Certificate expired" not in page.content.decode()


def test_the_live_results_say_it_too(client, alice):
    client.force_login(alice.user)
    page = client.get("/search/", {"q": LONG}, headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert 'role="alert">Search for at most 200 characters' in page.content.decode()


def test_the_api_answers_422_naming_the_parameter(api_as, alice):
    answer = api_as(alice, scope="read").get("/search", {"q": LONG})
    assert answer.status_code == 422
    body = answer.json()
    assert list(body["errors"]) == ["q"] and "at most 200 characters" in body["errors"]["q"][0]
    assert body["detail"].startswith("q: ")


def status_of(url: str) -> int:
    request = urllib.request.Request(url)  # noqa: S310 (a local test URL)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_hands_a_long_request_line_to_learnloop(tmp_path):
    env = environment(tmp_path)
    subprocess.run(learnloop("migrate", "--noinput"), env=env, check=True, capture_output=True)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
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
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "no answer from /healthz in 20 seconds"
            time.sleep(0.2)
        words = "certificate+" * 500  # a 6,000-byte request line: over gunicorn's default 4,094
        # Learnloop answers (sign-in first, for a page and for the API), not the server's 414.
        assert status_of(f"http://127.0.0.1:{port}/search/?q={words}") == 302
        assert status_of(f"http://127.0.0.1:{port}/api/v1/search?q={words}") == 401
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
