"""schemathesis against the live OpenAPI document, on a live server on loopback.

It generates requests for every operation, valid and invalid (wrong types, out-of-range numbers,
NUL characters, missing fields), and sends them with a write token of a person who may do
nearly everything in the demo organization: an admin and analyst who manages Platform. No answer
may be a server error, have a status the document does not declare, a content type it does not
declare, or a body its schema does not describe.

Bounded so that it runs in `make test` and CI: a few examples per operation, a fixed seed,
derandomized (the same requests on every run).
"""

from __future__ import annotations

import os

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis import GenerationMode
from schemathesis.errors import FailureGroup

from learnloop.api.services import token_create
from learnloop.people.demo import load_demo
from learnloop.people.models import Person

SEED = 20261206
# Examples per operation and generation mode; more for a deeper hunt (docs/api.md).
EXAMPLES = int(os.environ.get("LEARNLOOP_API_CONTRACT_EXAMPLES", "6"))
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
        },
    }
)


@pytest.fixture
def bearer(live_server) -> dict[str, str]:
    """The demo organization, and a write token of its manager of Platform, made admin and analyst."""
    load_demo()
    person = Person.objects.select_related("user").get(user__email="samira.haddad@northwind.example")
    person.is_analyst = True
    person.save(update_fields=["is_analyst"])
    person.user.is_staff = person.user.is_superuser = True
    person.user.save(update_fields=["is_staff", "is_superuser"])
    _token, secret = token_create(actor=person, name="contract test", scope="write")
    return {"Authorization": f"Bearer {secret}"}


def failures_of(operation, bearer, base_url) -> list[str]:
    """Run the operation's generated cases; each distinct problem found, with how to reproduce it."""
    found: set[str] = set()
    strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(GenerationMode.NEGATIVE)

    @hypothesis.seed(SEED)
    @hypothesis.settings(
        max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @hypothesis.given(case=strategy)
    def run(case):
        try:
            case.call_and_validate(base_url=base_url, headers=bearer)
        except FailureGroup as failures:
            found.update(f"{operation.label}: {failure}" for failure in failures.exceptions)

    run()
    return sorted(found)


def test_no_request_gets_a_server_error_or_an_answer_the_document_does_not_describe(live_server, bearer):
    document = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", config=CONFIG)
    operations = [result.ok() for result in document.get_all_operations()]
    assert len(operations) > 80
    failures = [line for operation in operations for line in failures_of(operation, bearer, live_server.url)]
    assert failures == [], "\n".join(failures)
