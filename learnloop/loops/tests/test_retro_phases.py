from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import Phase, SafetyCheckIn, SafetyScore
from learnloop.loops.tests.conftest import in_phase


def test_only_a_facilitator_moves_the_phase(bob, retro):
    with pytest.raises(PermissionDenied):
        in_phase(retro, bob, Phase.GATHERING)


def test_leaving_the_gathering_phase_reveals_the_cards(alice, retro):
    in_phase(retro, alice, Phase.GATHERING)
    assert not retro.revealed
    in_phase(retro, alice, Phase.GROUPING)
    assert retro.revealed


def test_every_change_bumps_the_board_version(alice, bob, retro):
    start = retro.version
    in_phase(retro, alice, Phase.GATHERING)
    services.card_add(actor=bob, retro=retro, column="start", text="x")
    retro.refresh_from_db()
    assert retro.version >= start + 2


def test_closing_needs_a_summary(alice, retro):
    with pytest.raises(ValidationError, match="summary"):
        services.retro_close(actor=alice, retro=retro, summary=" ")
    services.retro_close(actor=alice, retro=retro, summary="We agreed on canaries.")
    assert retro.phase == Phase.CLOSED
    with pytest.raises(ValidationError, match="closed"):
        in_phase(retro, alice, Phase.VOTING)


def test_the_safety_check_keeps_the_score_apart_from_the_person(alice, bob, retro):
    services.safety_check_in(actor=bob, retro=retro, score=4)
    assert SafetyCheckIn.objects.filter(retro=retro, person=bob).exists()
    score = SafetyScore.objects.get(retro=retro)
    assert score.score == 4
    assert {field.name for field in SafetyScore._meta.get_fields()} == {"id", "retro", "score", "released"}
    with pytest.raises(ValidationError, match="already answered"):
        services.safety_check_in(actor=bob, retro=retro, score=2)


def test_an_async_retro_collects_cards_until_its_date(alice, bob, org):
    retro = services.retro_create(
        actor=alice,
        team=org["platform"],
        title="Async",
        format="4ls",
        mode="async",
        gather_until=timezone.now() + datetime.timedelta(days=3),
    )
    assert retro.phase == Phase.GATHERING
    services.card_add(actor=bob, retro=retro, column="liked", text="Docs day")


def test_an_async_retro_needs_a_future_collection_date(alice, org):
    with pytest.raises(ValidationError, match="future date"):
        services.retro_create(actor=alice, team=org["platform"], title="Async", format="4ls", mode="async")


def test_a_custom_format_saved_by_the_team_gives_its_columns(alice, org):
    template = services.retro_template_save(
        actor=alice, team=org["platform"], name="Energy", column_titles=["Energised", "Drained", ""]
    )
    retro = services.retro_create(actor=alice, team=org["platform"], title="x", format="", template=template)
    assert [c["title"] for c in retro.columns] == ["Energised", "Drained"]
    assert retro.format == "custom:Energy"


def test_an_unknown_format_is_refused_with_the_choices(alice, org):
    with pytest.raises(ValidationError, match="start-stop-continue"):
        services.retro_create(actor=alice, team=org["platform"], title="x", format="pirate")


def test_grouping_puts_cards_together(alice, bob, retro):
    in_phase(retro, alice, Phase.GATHERING)
    one = services.card_add(actor=bob, retro=retro, column="stop", text="Flaky CI")
    two = services.card_add(actor=bob, retro=retro, column="stop", text="CI is slow")
    in_phase(retro, alice, Phase.GROUPING)
    group = services.group_create(actor=bob, retro=retro, title="CI", cards=[one, two])
    assert set(group.cards.all()) == {one, two}
