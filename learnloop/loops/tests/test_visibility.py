from __future__ import annotations

import pytest
from django.http import Http404

from learnloop.loops import selectors, services


def test_a_team_review_is_hidden_from_other_teams(charlie, review):
    with pytest.raises(Http404):
        selectors.get_review_for(charlie, review.pk)


def test_sharing_with_the_organization_is_an_explicit_act(alice, charlie, review):
    services.review_update(actor=alice, review=review, version=review.version, visibility="organization")
    assert selectors.get_review_for(charlie, review.pk) == review


def test_a_manager_above_sees_the_teams_below(review, org):
    from conftest import _person

    head = _person("Hana Head", "hana@example.com", org["engineering"], "manager")
    assert selectors.get_review_for(head, review.pk) == review


def test_an_admin_sees_everything(erin, review):
    assert selectors.get_review_for(erin, review.pk) == review
