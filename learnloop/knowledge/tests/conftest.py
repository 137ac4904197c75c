"""Knowledge fixtures: a Platform playbook shared with the organization, and a Platform decision note."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from learnloop.knowledge import services


@pytest.fixture
def playbook(alice, bob, org):
    return services.playbook_create(
        actor=alice,
        team=org["platform"],
        title="Deploying on Fridays",
        body="# Deploying\n\n1. Check the canary.\n2. Watch the error rate.\n",
        review_by=timezone.localdate() + datetime.timedelta(days=60),
        visibility="organization",
        tags=["deploys"],
    )


@pytest.fixture
def private_playbook(alice, org):
    return services.playbook_create(
        actor=alice,
        team=org["platform"],
        title="Platform on-call secrets",
        body="Rotate the pager key.",
        review_by=timezone.localdate() + datetime.timedelta(days=60),
    )


@pytest.fixture
def decision(alice, bob, org):
    return services.decision_create(
        actor=alice,
        team=org["platform"],
        title="Use feature flags for risky changes",
        context="Rollbacks took 40 minutes.",
        options="- Feature flags\n- Blue/green deploys",
        decision="Feature flags, owned by the team that ships.",
        consequences="Flags must be removed within a month.",
        status="accepted",
        visibility="organization",
    )


def playbook_form(playbook, **changes):
    data = {
        "title": playbook.title,
        "body": playbook.body,
        "review_by": playbook.review_by.isoformat(),
        "visibility": playbook.visibility,
        "tags": ", ".join(playbook.tags.values_list("name", flat=True)),
        "note": "",
        "version": playbook.version,
    }
    return {**data, **changes}
