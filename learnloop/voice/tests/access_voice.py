"""Expected access to every route of the voice app (see core/tests/access.py).

The pulse goes to Platform: Bob (member) and Alice (manager) may answer it; Dana (analyst, in
Sales) and Erin (admin) see every run's guarded results but are not asked to answer. Only
analysts and admins start and close pulses or define instruments. A question addressed to
Platform is answered and moderated by Alice (its manager) and Erin (admin); Bob may not (403),
and Dana, outside Platform, does not see it (404).
"""

from __future__ import annotations

from typing import Any

from learnloop.core.tests.access import LOGIN, SIGNED_IN_ONLY, expect

DESIGNERS_PAGE = expect(LOGIN, 403, 403, 200, 200)
DESIGNERS_WRITE = expect(LOGIN, 403, 403, 302, 302)
ADDRESSEE_WRITE = expect(LOGIN, 403, 302, 404, 302)

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "voice-pulses": ("get", SIGNED_IN_ONLY),
    "voice-pulse-create": ("get", DESIGNERS_PAGE),
    "voice-pulse": ("get", SIGNED_IN_ONLY),
    "voice-pulse-export": ("get", SIGNED_IN_ONLY),
    "voice-pulse-answer": ("get", expect(LOGIN, 200, 200, 404, 404)),
    "voice-pulse-close": ("post", DESIGNERS_WRITE),
    "voice-instruments": ("get", SIGNED_IN_ONLY),
    "voice-instrument-create": ("get", DESIGNERS_PAGE),
    "voice-instrument": ("get", SIGNED_IN_ONLY),
    "voice-questions": ("get", SIGNED_IN_ONLY),
    "voice-question-upvote": ("post", expect(LOGIN, 302, 302, 302, 302)),
    "voice-question-answer": ("post", ADDRESSEE_WRITE),
    "voice-question-hide": ("post", ADDRESSEE_WRITE),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    from learnloop.voice import questions
    from learnloop.voice.models import Instrument, Question
    from learnloop.voice.tests.pulses import open_pulse

    bob, platform = people["bob"], org["platform"]
    if name in {"voice-pulse", "voice-pulse-export", "voice-pulse-answer", "voice-pulse-close"}:
        return {"pk": open_pulse([platform]).pk}, {}
    if name == "voice-instrument":
        return {"pk": Instrument.objects.get(key="team-psychological-safety").pk}, {}
    if name == "voice-question-upvote":
        question = questions.question_ask(actor=bob, to=Question.To.ORGANIZATION, text="Why two standups?")
        return {"pk": question.pk}, {}
    if name in {"voice-question-answer", "voice-question-hide"}:
        question = questions.question_ask(actor=bob, to=Question.To.TEAM, team=platform, text="Why Friday deploys?")
        return {"pk": question.pk}, {"status": "acting", "answer": "We will stop them.", "reason": "Off topic"}
    return {}, {}
