"""The index follows every write (factors, timeline, tags, status, deletes) and can be rebuilt."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from learnloop.core.search.models import SearchDocument
from learnloop.knowledge.search import search_for
from learnloop.knowledge.tests.searching import make
from learnloop.loops import services
from learnloop.loops.models import FactorCategory


def titles(actor, text: str, **filters) -> list[str]:
    return [result.hit.title for result in search_for(actor, text, **filters).results]


def test_a_factor_or_timeline_entry_added_to_a_review_is_searchable_at_once(alice, bob, org):
    review = make("review", actor=bob, team=org["platform"], title="Checkout down", text="checkout")
    category = FactorCategory.objects.create(name="Capacity planning", slug="capacity-planning")
    factor = services.factor_add(actor=bob, review=review, category=category, description="Thundering herd")
    services.timeline_add(actor=bob, review=review, at=timezone.now(), text="Rolled back the canary")
    assert titles(bob, "thundering herd") == ["Checkout down"]
    assert titles(bob, "canary") == ["Checkout down"]
    assert titles(bob, "checkout", tag="capacity planning") == ["Checkout down"]
    services.factor_remove(actor=bob, factor=factor)
    assert titles(bob, "thundering") == []


def test_a_renamed_factor_category_is_found_under_its_new_name(bob, erin, org):
    review = make("review", actor=bob, team=org["platform"], title="Quota hit", text="quota")
    category = services.factor_category_save(actor=erin, name="Limits")
    services.factor_add(actor=bob, review=review, category=category)
    services.factor_category_save(actor=erin, name="Quotas and limits", category=category)
    assert titles(bob, "quota", tag="quotas and limits") == ["Quota hit"]


def test_a_retro_is_searchable_by_its_summary_once_closed_and_its_cards_never(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 9", format="start-stop-continue")
    services.retro_set_phase(actor=alice, retro=retro, phase="gathering")
    services.card_add(actor=bob, retro=retro, column=retro.columns[0]["key"], text="Flamingo deploys scare me")
    assert titles(bob, "sprint") == []
    services.retro_close(actor=alice, retro=retro, summary="We agreed to pair on deploys.")
    assert titles(bob, "pair deploys") == ["Sprint 9"]
    assert titles(bob, "flamingo") == []
    assert not SearchDocument.objects.filter(body__icontains="flamingo").exists()


def test_reindex_rebuilds_the_index_from_the_tables(alice, bob, org):
    for kind in ["review", "lesson", "retro", "playbook", "decision"]:
        make(kind, actor=alice, team=org["platform"], title=f"Pelican {kind}", text="pelican")
    SearchDocument.objects.all().delete()
    assert titles(bob, "pelican") == []
    out = StringIO()
    call_command("search", "reindex", stdout=out)
    assert "Indexed 6 documents" in out.getvalue()  # and the lesson's source review
    assert len(titles(bob, "pelican")) == 5
    call_command("search", "reindex", "--kind", "lesson", stdout=out)
    assert SearchDocument.objects.count() == 6


def test_reindex_refuses_an_unknown_kind(db):
    with pytest.raises(CommandError, match="--kind card: not a searchable kind"):
        call_command("search", "reindex", "--kind", "card")


def test_a_playbook_written_and_revised_through_its_service_is_found_by_its_latest_text_and_tags(alice, bob, org):
    from learnloop.knowledge import services as knowledge

    playbook = knowledge.playbook_create(
        actor=alice, team=org["platform"], title="Rotate secrets", body="Rotate the vault token.", tags=["vault"]
    )
    assert titles(bob, "vault token", tag="vault") == ["Rotate secrets"]
    knowledge.playbook_update(
        actor=alice,
        playbook=playbook,
        version=playbook.version,
        title="Rotate secrets",
        body="Rotate the signing keys quarterly.",
        review_by=playbook.review_by,
        visibility="team",
        tags=["keys"],
    )
    assert titles(bob, "signing keys", tag="keys") == ["Rotate secrets"]
    assert titles(bob, "vault") == []


def test_migrating_a_database_whose_work_predates_search_fills_the_index(alice, bob, org):
    from django.apps import apps

    from learnloop.knowledge.search_sources import fill_an_empty_index

    make("lesson", actor=alice, team=org["platform"], title="Gannet lesson", text="gannet")
    SearchDocument.objects.all().delete()
    fill_an_empty_index(sender=apps.get_app_config("knowledge"), using="default")
    assert titles(bob, "gannet") == ["Gannet lesson"]
