from __future__ import annotations

import datetime

import pytest

from learnloop.equity import services


@pytest.fixture
def talk(alice, org):
    """Alice posts a speaking slot open to Platform (and teams under it), one place."""
    return services.opportunity_post(
        actor=alice,
        title="Talk at the engineering all-hands",
        kind="speaking",
        capacity=1,
        deadline=datetime.date.today() + datetime.timedelta(days=10),
        skills="public speaking, storytelling",
        teams=[org["platform"]],
    )
