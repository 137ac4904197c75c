"""Route access expectations for retrospectives (see core/tests/access.py).

The retro belongs to Platform and is team-private: Bob (member) and Alice (manager) take part,
Erin (admin) sees everything, Dana (analyst, in Sales) gets 404 as if it did not exist. Writes
only a facilitator makes answer 403 to Bob. Each retro is made with the services, in the phase
where the POST makes sense.
"""

from __future__ import annotations

import datetime
from typing import Any

from learnloop.core.tests.access import LOGIN, SIGNED_IN_ONLY, expect

PAGE = expect(LOGIN, 200, 200, 404, 200)
MEMBER_WRITE = expect(LOGIN, 302, 302, 404, 302)
FACILITATOR_WRITE = expect(LOGIN, 403, 302, 404, 302)
FACILITATOR_PAGE = expect(LOGIN, 403, 200, 403, 200)

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "retros": ("get", SIGNED_IN_ONLY),
    "retro-create": ("get", FACILITATOR_PAGE),
    "retro-template-create": ("get", FACILITATOR_PAGE),
    "retro": ("get", PAGE),
    "retro-board": ("get", PAGE),
    "retro-export": ("get", PAGE),
    "retro-phase": ("post", FACILITATOR_WRITE),
    "retro-reveal": ("post", FACILITATOR_WRITE),
    "retro-safety": ("post", MEMBER_WRITE),
    "retro-card-add": ("post", MEMBER_WRITE),
    "retro-card-edit": ("post", MEMBER_WRITE),
    "retro-group": ("post", MEMBER_WRITE),
    "retro-card-move": ("post", MEMBER_WRITE),
    "retro-group-rename": ("post", MEMBER_WRITE),
    "retro-vote": ("post", MEMBER_WRITE),
    "retro-present": ("post", FACILITATOR_WRITE),
    "retro-focus": ("post", FACILITATOR_WRITE),
    "retro-action": ("post", MEMBER_WRITE),
    "retro-regenerated": ("post", FACILITATOR_WRITE),
    "retro-close": ("post", FACILITATOR_WRITE),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from django.utils import timezone

    from learnloop.loops import services
    from learnloop.loops.models import Phase

    alice, bob, platform = people["alice"], people["bob"], org["platform"]
    if name in {"retros", "retro-create", "retro-template-create"}:
        return {"slug": platform.slug}, {}

    def retro_in(phase: str, title: str = "Sprint 14") -> Any:
        retro = services.retro_create(actor=alice, team=platform, title=title, format="start-stop-continue")
        if phase != Phase.OPENING:
            services.retro_set_phase(actor=alice, retro=retro, phase=phase)
        return retro

    def with_cards(*texts: str) -> tuple[Any, list[Any]]:
        retro = retro_in(Phase.GATHERING)
        cards = [services.card_add(actor=bob, retro=retro, column="stop", text=text) for text in texts]
        return retro, cards

    in_a_week = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    if name in {"retro", "retro-board", "retro-export", "retro-safety"}:
        return {"pk": retro_in(Phase.OPENING).pk}, {"score": "4"}
    if name == "retro-phase":
        return {"pk": retro_in(Phase.OPENING).pk}, {"phase": "gathering"}
    if name == "retro-reveal":
        return {"pk": retro_in(Phase.GATHERING).pk}, {}
    if name == "retro-card-add":
        return {"pk": retro_in(Phase.GATHERING).pk}, {"column": "stop", "text": "Friday deploys"}
    if name == "retro-card-edit":
        retro = retro_in(Phase.GATHERING)
        card = services.card_add(actor=bob, retro=retro, column="start", text="Pairing", anonymous=False)
        return {"pk": retro.pk}, {"card": str(card.pk), "text": "Pairing on Mondays"}
    if name == "retro-group":
        retro, cards = with_cards("Flaky CI", "Slow CI")
        services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GROUPING)
        return {"pk": retro.pk}, {"title": "CI", "cards": [str(card.pk) for card in cards]}
    if name in {"retro-card-move", "retro-group-rename"}:
        retro, cards = with_cards("Flaky CI", "Slow CI")
        services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GROUPING)
        group = services.group_create(actor=bob, retro=retro, title="CI", cards=[cards[0]])
        return {"pk": retro.pk}, {"card": str(cards[1].pk), "group": str(group.pk), "title": "Our CI"}
    if name == "retro-vote":
        retro, cards = with_cards("Flaky CI")
        services.retro_set_phase(actor=alice, retro=retro, phase=Phase.VOTING)
        return {"pk": retro.pk}, {"card": str(cards[0].pk), "action": "cast"}
    if name == "retro-present":
        retro = retro_in(Phase.OPENING)
        services.participant_join(actor=bob, retro=retro)
        return {"pk": retro.pk}, {"person": str(bob.pk), "present": "0"}
    if name == "retro-focus":
        retro, cards = with_cards("Flaky CI")
        services.retro_set_phase(actor=alice, retro=retro, phase=Phase.DISCUSSING)
        return {"pk": retro.pk}, {"card": str(cards[0].pk), "minutes": "5"}
    if name == "retro-action":
        retro, cards = with_cards("Pager noise")
        services.retro_set_phase(actor=alice, retro=retro, phase=Phase.DECIDING)
        return {"pk": retro.pk}, {
            "card": str(cards[0].pk),
            "lesson_title": "Alerts without action wake us for nothing",
            "action_title": "Delete unactionable alerts",
            "owner": str(bob.pk),
            "due_on": in_a_week,
        }
    if name == "retro-regenerated":
        earlier, cards = with_cards("Pager noise")
        lesson = services.lesson_create(actor=alice, source=cards[0], title="Alerts need an action")
        item = services.action_item_create(
            actor=alice,
            lesson=lesson,
            title="Delete unactionable alerts",
            owner=bob,
            due_on=timezone.localdate() + datetime.timedelta(days=7),
            retro=earlier,
        )
        return {"pk": retro_in(Phase.OPENING, title="Sprint 15").pk}, {"item": str(item.pk)}
    if name == "retro-close":
        return {"pk": retro_in(Phase.CLOSING).pk}, {"summary": "We agreed on canaries."}
    return None
