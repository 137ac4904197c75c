from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from conftest import _person
from learnloop.loops import services
from learnloop.loops.models import Phase
from learnloop.loops.retro_export import retro_markdown


def _ran(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="start-stop-continue")
    for n, score in enumerate([4, 2, 4]):
        person = bob if n == 0 else _person(f"Member {n}", f"member{n}@example.com", org["platform"])
        services.safety_check_in(actor=person, retro=retro, score=score)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    anonymous = services.card_add(actor=bob, retro=retro, column="stop", text="Friday deploys")
    services.card_add(actor=bob, retro=retro, column="start", text="Pairing", anonymous=False)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GROUPING)
    group = services.group_create(actor=alice, retro=retro, title="Release risk", cards=[anonymous])
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.VOTING)
    services.vote_cast(actor=bob, retro=retro, group=group)
    services.vote_cast(actor=alice, retro=retro, group=group)
    lesson = services.lesson_create(actor=alice, source=group, title="Late deploys carry risk")
    services.action_item_create(
        actor=alice,
        lesson=lesson,
        title="Freeze deploys after Thursday noon",
        owner=bob,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        retro=retro,
    )
    return services.retro_close(actor=alice, retro=retro, summary="Release risk is the theme.")


def test_the_export_holds_the_whole_retro(alice, bob, org):
    text = retro_markdown(_ran(alice, bob, org))
    assert text.startswith("# Sprint 14\n")
    for expected in [
        "- Team: Platform",
        "- Format: Start, stop, continue",
        "## Summary\n\nRelease risk is the theme.",
        "- 2: 1\n- 3: 0\n- 4: 2",
        "### Stop\n\n- Friday deploys\n",
        "### Start\n\n- Pairing (Bob Baker)\n",
        "- **Release risk**: 2 votes\n  - Friday deploys",
        "## Lessons\n\n- Late deploys carry risk",
        "- Freeze deploys after Thursday noon: owner Bob Baker, due ",
        ", open",
    ]:
        assert expected in text, expected


def test_an_anonymous_card_is_exported_without_any_name(alice, bob, org):
    text = retro_markdown(_ran(alice, bob, org))
    line = next(line for line in text.splitlines() if "Friday deploys" in line)
    assert line == "- Friday deploys"


def test_the_safety_check_is_left_out_below_three_answers(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Small", format="4ls")
    services.safety_check_in(actor=bob, retro=retro, score=1)
    services.safety_check_in(actor=alice, retro=retro, score=5)
    assert "Safety check" not in retro_markdown(retro)


def test_cards_not_yet_revealed_are_exported_as_a_count(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Early", format="start-stop-continue")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    services.card_add(actor=bob, retro=retro, column="stop", text="Secret worry")
    text = retro_markdown(retro)
    assert "Secret worry" not in text
    assert "1 card, not revealed yet." in text


def test_the_export_downloads_as_a_markdown_file_named_after_the_retro(client, alice, bob, org):
    retro = _ran(alice, bob, org)
    client.force_login(bob.user)
    response = client.get(reverse("retro-export", args=[retro.pk]))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="sprint-14-{retro.created_at:%Y-%m-%d}.md"'
    assert response.content.decode() == retro_markdown(retro)
