"""A member answers a pulse in real Chromium; their manager sees the team's result only once
five people have answered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import sign_in
from learnloop.voice.models import Response
from learnloop.voice.tests.pulses import answer, members, open_pulse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_as(browser, live_server):
    contexts = []

    def open_page(email: str):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        contexts.append(context)
        sign_in(page, email)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_a_member_answers_and_the_manager_sees_the_team_only_from_five_answers(open_as, alice, bob, org):
    others = members(org["platform"], 4)
    run = open_pulse([org["platform"]])
    for person in others[:3]:
        answer(run, person, 6)

    member = open_as(bob.email)
    expect(member.get_by_role("link", name=f"Answer the pulse “{run.title}”")).to_be_visible()
    member.get_by_role("link", name=f"Answer the pulse “{run.title}”").click()
    for number in range(1, 8):
        member.get_by_role("group", name=f"{number}.").get_by_label("5", exact=True).check()
    member.get_by_role("button", name="Send my answers").click()
    expect(member.get_by_text("Your answers are in, with no name attached")).to_be_visible()
    assert Response.objects.count() == 4

    manager = open_as(alice.email)
    manager.goto(f"/pulses/{run.pk}/")
    platform_row = manager.get_by_role("row", name="Platform")
    expect(platform_row).to_contain_text("hidden to protect anonymity")

    answer(run, others[3], 6)
    manager.reload()
    expect(platform_row).to_contain_text("5")
    expect(platform_row).not_to_contain_text("hidden")
    expect(manager.locator("svg.result-chart").first).to_be_visible()
    assert member.console_errors == [] and manager.console_errors == []
