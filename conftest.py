"""The named people every test can use (see STYLE.md):

- Alice manages the Platform team (under Engineering, under the company root).
- Bob is a member of Platform.
- Charlie is a member of Sales, another branch: an outsider to Platform.
- Dana is the people analyst (and a member of Sales); Erin is the admin.
- Fay facilitates Platform: she runs its retrospectives and reviews (`fay`; not in `everyone`,
  so tests that count Platform's people are unchanged).

`make_org()` and `make_cast(org)` build the same world without fixtures, for tests that build it
once per module (the route-access matrix).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from learnloop.people.models import Person, Role, Team

# The API's `api_as(person, scope=...)` and `anonymous_api` fixtures, for every app's tests.
pytest_plugins = ["learnloop.api.tests.fixtures"]

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"
PASSWORD = "correct horse battery"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@pytest.fixture
def shared_data() -> Path:
    """The real public data beside the project; tests that need it skip without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


def make_org() -> dict[str, Team]:
    from learnloop.people.tests.factories import TeamFactory

    root = TeamFactory.create(name="Acme", slug="acme")
    engineering = TeamFactory.create(name="Engineering", slug="engineering", parent=root)
    platform = TeamFactory.create(name="Platform", slug="platform", parent=engineering)
    sales = TeamFactory.create(name="Sales", slug="sales", parent=root)
    return {"root": root, "engineering": engineering, "platform": platform, "sales": sales}


@pytest.fixture
def org(db):
    return make_org()


def _person(name: str, email: str, team: Team | None = None, role: str = Role.MEMBER, **extra):
    from learnloop.people.tests.factories import MembershipFactory, PersonFactory, UserFactory

    user = UserFactory(email=email, **{k: v for k, v in extra.items() if k in {"is_staff", "is_superuser"}})
    person = PersonFactory(user=user, display_name=name, is_analyst=extra.get("is_analyst", False))
    if team is not None:
        MembershipFactory(person=person, team=team, role=role)
    return person


CAST: dict[str, Callable[[dict[str, Team]], Person]] = {
    "alice": lambda org: _person("Alice Archer", "alice@example.com", org["platform"], Role.MANAGER),
    "bob": lambda org: _person("Bob Baker", "bob@example.com", org["platform"], Role.MEMBER),
    "charlie": lambda org: _person("Charlie Chen", "charlie@example.com", org["sales"], Role.MEMBER),
    "dana": lambda org: _person("Dana Diaz", "dana@example.com", org["sales"], Role.MEMBER, is_analyst=True),
    "erin": lambda org: _person("Erin Evans", "erin@example.com", None, is_staff=True, is_superuser=True),
    "fay": lambda org: _person("Fay Foster", "fay@example.com", org["platform"], Role.FACILITATOR),
}


def make_cast(org: dict[str, Team]) -> dict[str, Person]:
    """Every named person, by first name in lower case."""
    return {name: make(org) for name, make in CAST.items()}


@pytest.fixture
def alice(org) -> Person:
    return CAST["alice"](org)


@pytest.fixture
def bob(org) -> Person:
    return CAST["bob"](org)


@pytest.fixture
def charlie(org) -> Person:
    return CAST["charlie"](org)


@pytest.fixture
def dana(org) -> Person:
    return CAST["dana"](org)


@pytest.fixture
def erin(org) -> Person:
    return CAST["erin"](org)


@pytest.fixture
def fay(org) -> Person:
    return CAST["fay"](org)


@pytest.fixture
def everyone(alice, bob, charlie, dana, erin) -> dict[str, Person]:
    return {"alice": alice, "bob": bob, "charlie": charlie, "dana": dana, "erin": erin}


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Real headless Chromium from Debian's package, driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make browser-deps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []  # CSP violations and script errors show up here
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
