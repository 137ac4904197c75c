"""Two people editing one playbook in real browsers: the second save is refused, kept, and merged."""

from __future__ import annotations

import pytest

from conftest import sign_in
from learnloop.knowledge.models import Playbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_browsers_editing_the_same_playbook_lose_nothing(browser, live_server, alice, bob, playbook):
    pages = []
    for email in ("alice@example.com", "bob@example.com"):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console", lambda message, page=page: message.type == "error" and page.console_errors.append(message.text)
        )
        sign_in(page, email)
        page.goto(f"/playbooks/{playbook.pk}/edit/")
        pages.append(page)
    alices, bobs = pages

    alices.get_by_label("Text").fill("1. Check the canary.\n2. Watch latency.")
    alices.get_by_role("button", name="Save").click()
    alices.get_by_text("Playbook saved.").wait_for()

    bobs.get_by_label("Text").fill("1. Check the canary.\n2. Page the on-call.")
    bobs.get_by_role("button", name="Save").click()
    bobs.get_by_role("heading", name="Saved by someone else meanwhile").wait_for()
    assert bobs.get_by_label("Text").input_value() == "1. Check the canary.\n2. Page the on-call."
    assert bobs.locator("table.diff ins").first.is_visible()
    assert Playbook.objects.get(pk=playbook.pk).body == "1. Check the canary.\n2. Watch latency."

    bobs.get_by_label("Text").fill("1. Check the canary.\n2. Watch latency.\n3. Page the on-call.")
    bobs.get_by_role("button", name="Save").click()
    bobs.get_by_text("Playbook saved.").wait_for()
    playbook.refresh_from_db()
    assert playbook.body.endswith("3. Page the on-call.")
    assert playbook.revisions.count() == 3

    bobs.goto(f"/playbooks/{playbook.pk}/revisions/3/")
    bobs.locator("table.diff ins", has_text="3. Page the on-call.").wait_for()
    assert alices.console_errors == [] and bobs.console_errors == []
    for page in pages:
        page.context.close()
