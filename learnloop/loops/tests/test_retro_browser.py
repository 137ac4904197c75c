"""A facilitator and three members run a whole retrospective, each in their own browser, and
every page follows the others' changes live, without reloading."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import _person, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The board polls every two seconds; give each live change a few polls to arrive.
expect.set_options(timeout=10_000)


@pytest.fixture
def open_as(browser, live_server):
    """Sign someone in, in their own browser context (own cookies), like a person at their desk."""
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


def stay(page) -> None:
    """Mark the page, so a later check proves no navigation (reload) happened in between."""
    page.evaluate("window.__same_page = true")


def stayed(page) -> bool:
    return page.evaluate("window.__same_page") is True


def topic(page, title: str):
    return page.locator(".retro-topic", has_text=title)


def test_a_team_runs_a_whole_retro_live_and_the_next_one_opens_with_its_action(open_as, alice, bob, org):
    _person("Carol Cole", "carol@example.com", org["platform"])
    _person("Dave Dunn", "dave@example.com", org["platform"])

    # Alice starts the retro from the team's retro list.
    facilitator = open_as("alice@example.com")
    facilitator.goto("/teams/platform/retros/")
    facilitator.get_by_role("link", name="New retro").click()
    facilitator.get_by_label("Title").fill("Sprint 14")
    facilitator.get_by_label("Format").select_option("start-stop-continue")
    facilitator.get_by_role("button", name="Start the retro").click()
    facilitator.get_by_role("heading", name="Sprint 14").wait_for()
    board_url = facilitator.url

    members = {email: open_as(f"{email}@example.com") for email in ["bob", "carol", "dave"]}
    bob_page, carol, dave = members["bob"], members["carol"], members["dave"]
    everyone = [facilitator, bob_page, carol, dave]
    for page in members.values():
        page.goto(board_url)
    for page in everyone:
        stay(page)
    expect(facilitator.locator(".retro-people")).to_contain_text("Dave Dunn")

    # Opening: the members answer the safety check; the distribution shows from three answers.
    for page, score in [(bob_page, "4"), (carol, "2")]:
        page.get_by_role("radio", name=score).check()
        page.get_by_role("button", name="Answer").click()
        expect(page.get_by_text("Thank you: your answer is counted")).to_be_visible()
    expect(facilitator.get_by_text("2 answers so far")).to_be_visible()
    expect(facilitator.locator(".retro-distribution")).to_have_count(0)
    dave.get_by_role("radio", name="4").check()
    dave.get_by_role("button", name="Answer").click()
    for page in everyone:
        expect(page.get_by_text("3 answers so far")).to_be_visible()
        expect(page.locator(".retro-distribution td")).to_have_text(["0", "1", "0", "2", "0"])

    # Gathering: cards are written; the others see only how many there are.
    facilitator.get_by_role("button", name="Next: gathering cards").click()
    for page in members.values():
        expect(page.get_by_label("Card for Start")).to_be_visible()
    carol.get_by_label("Card for Stop").fill("Flaky CI blocks merges")  # typed, not sent yet
    bob_page.get_by_label("Card for Start").fill("Pair on releases")
    bob_page.locator("#add-card-start").get_by_label("Put my name on it").check()
    bob_page.get_by_role("button", name="Add to Start").click()
    expect(carol.locator("#count-start")).to_have_text("1 card")
    expect(carol.get_by_label("Card for Stop")).to_have_value("Flaky CI blocks merges")  # polling kept it
    carol.get_by_role("button", name="Add to Stop").click()
    dave.get_by_label("Card for Stop").fill("CI takes 40 minutes")
    dave.get_by_role("button", name="Add to Stop").click()
    for page in everyone:
        expect(page.locator("#count-start")).to_have_text("1 card")
        expect(page.locator("#count-stop")).to_have_text("2 cards")
    expect(bob_page.locator(".retro-card.mine")).to_contain_text("Pair on releases")
    expect(carol.locator(".retro-card.mine")).to_contain_text("Flaky CI blocks merges")
    expect(carol.locator(".retro-card.mine")).to_contain_text("Yours, anonymous")
    for page, others in [
        (facilitator, ["Pair on releases", "Flaky CI blocks merges", "CI takes 40 minutes"]),
        (bob_page, ["Flaky CI blocks merges", "CI takes 40 minutes"]),
        (dave, ["Pair on releases", "Flaky CI blocks merges"]),
    ]:
        for text in others:
            expect(page.get_by_text(text)).to_have_count(0)

    # Grouping: moving on reveals every card to everyone; Bob groups the two CI cards.
    facilitator.get_by_role("button", name="Next: grouping").click()
    for page in everyone:
        expect(page.get_by_text("Flaky CI blocks merges")).to_be_visible()
        expect(page.get_by_text("CI takes 40 minutes")).to_be_visible()
    bob_page.get_by_label("Flaky CI blocks merges").check()
    bob_page.get_by_label("CI takes 40 minutes").check()
    bob_page.get_by_label("Title of the new group").fill("CI is slow and flaky")
    bob_page.get_by_role("button", name="Group the selected cards").click()
    for page in everyone:
        expect(page.get_by_role("heading", name="CI is slow and flaky")).to_be_visible()

    # Voting: totals are exact on every page.
    facilitator.get_by_role("button", name="Next: dot-voting").click()
    for page, titles in [
        (bob_page, ["CI is slow and flaky", "CI is slow and flaky", "Pair on releases"]),
        (carol, ["CI is slow and flaky"]),
        (dave, ["Pair on releases"]),
    ]:
        for count, title in enumerate(titles, start=1):
            page.get_by_role("button", name=f"Vote for {title}", exact=True).click()
            expect(page.locator(".retro-budget")).to_have_text(f"You have {3 - count} of 3 votes left.")
    for page in everyone:
        expect(topic(page, "CI is slow and flaky").locator(".retro-votes")).to_have_text("3 votes")
        expect(topic(page, "Pair on releases").locator(".retro-votes")).to_have_text("2 votes")
    expect(bob_page.get_by_role("button", name="Vote for Pair on releases", exact=True)).to_be_disabled()

    # Discussing: Alice puts the group up with a timer; everyone sees it.
    facilitator.get_by_role("button", name="Next: discussing").click()
    facilitator.get_by_role("button", name="Discuss CI is slow and flaky").click()
    for page in everyone:
        expect(page.locator(".retro-focus")).to_contain_text("Now discussing: CI is slow and flaky")
        expect(page.locator(".retro-timer")).to_contain_text("left")

    # Deciding: a lesson and an action item owned by Bob.
    facilitator.get_by_role("button", name="Next: deciding").click()
    decision = facilitator.locator("details", has_text="CI is slow and flaky")
    decision.get_by_label("What we learned").fill("A flaky pipeline costs more than a slow one")
    decision.get_by_label("What we will do").fill("Quarantine flaky tests automatically")
    decision.get_by_label("Owner").select_option(label="Bob Baker")
    decision.get_by_role("button", name="Record the lesson and action").click()
    for page in everyone:
        row = page.get_by_role("row", name="Quarantine flaky tests automatically")
        expect(row).to_contain_text("Bob Baker")

    # Closing.
    facilitator.get_by_role("button", name="Next: closing").click()
    facilitator.get_by_label("Summary").fill("CI reliability first; Bob quarantines flaky tests.")
    facilitator.get_by_role("button", name="Close the retro").click()
    for page in everyone:
        expect(page.get_by_text("CI reliability first; Bob quarantines flaky tests.")).to_be_visible()
        expect(page.get_by_role("heading", name="Summary")).to_be_visible()
        assert stayed(page), "the page reloaded; it should have changed in place"
        assert page.console_errors == []

    # The next retro opens with Bob's open action item carried over.
    facilitator.goto("/teams/platform/retros/new/")
    facilitator.get_by_label("Title").fill("Sprint 15")
    facilitator.get_by_role("button", name="Start the retro").click()
    carried = facilitator.locator(".retro-carried")
    expect(carried).to_contain_text("Quarantine flaky tests automatically")
    expect(carried).to_contain_text("Bob Baker")
    assert facilitator.console_errors == []
