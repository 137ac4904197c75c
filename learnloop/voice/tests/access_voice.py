"""Expected access to pulses, instruments and anonymous questions, pages and API (see core/tests/access.py).

Each team has an open pulse and a question asked of it. A pulse is answered by the people of the
team it was sent to; it is seen by them, the managers above and by those who design surveys
(Dana, the analyst, and Erin, the admin), who alone start and close pulses and define
instruments. A team's question is seen by its members and managers and answered (or hidden) by
its managers and admins: Alice for Platform, only Erin for Sales.
"""

from __future__ import annotations

from learnloop.core.tests.access import TEAMS, Call, World, table

PAGES = table("""
# route                   method object   anonymous outsider member facilitator manager analyst admin
voice-pulses              GET    -        login     200      200    200         200     200     200
voice-pulse-create        GET    -        login     403      403    403         403     200     200
voice-pulse-create        POST   -        login     403      403    403         403     302     302
voice-pulse               GET    platform login     404      200    200         200     200     200
voice-pulse               GET    sales    login     200      404    404         404     200     200
voice-pulse-export        GET    platform login     404      200    200         200     200     200
voice-pulse-export        GET    sales    login     200      404    404         404     200     200
voice-pulse-answer        GET    platform login     404      200    200         200     404     404
voice-pulse-answer        POST   platform login     404      302    302         302     404     404
voice-pulse-answer        GET    sales    login     200      404    404         404     200     404
voice-pulse-answer        POST   sales    login     302      404    404         404     302     404
voice-pulse-close         POST   platform login     403      403    403         403     302     302
voice-pulse-close         POST   sales    login     403      403    403         403     302     302
voice-instruments         GET    -        login     200      200    200         200     200     200
voice-instrument-create   GET    -        login     403      403    403         403     200     200
voice-instrument-create   POST   -        login     403      403    403         403     302     302
voice-instrument          GET    -        login     200      200    200         200     200     200
voice-questions           GET    -        login     200      200    200         200     200     200
voice-questions           POST   -        login     302      302    302         302     302     302
voice-question-upvote     POST   platform login     404      302    302         302     404     302
voice-question-upvote     POST   sales    login     302      404    404         404     302     302
voice-question-answer     POST   platform login     404      403    403         302     404     302
voice-question-answer     POST   sales    login     403      404    404         404     403     302
voice-question-hide       POST   platform login     404      403    403         302     404     302
voice-question-hide       POST   sales    login     403      404    404         404     403     302
""")

API = table("""
# operation               method object   anonymous outsider member facilitator manager analyst admin
voice_pulse_list          GET    -        401       200      200    200         200     200     200
voice_pulse_get           GET    platform 401       404      200    200         200     200     200
voice_pulse_get           GET    sales    401       200      404    404         404     200     200
voice_pulse_results       GET    platform 401       404      200    200         200     200     200
voice_pulse_results       GET    sales    401       200      404    404         404     200     200
voice_pulse_answer        POST   platform 401       404      204    204         204     bad     bad
voice_pulse_answer        POST   sales    401       204      404    404         404     204     bad
voice_question_list       GET    -        401       200      200    200         200     200     200
voice_question_ask        POST   platform 401       bad      201    201         201     bad     bad
voice_question_ask        POST   sales    401       201      bad    bad         bad     201     bad
voice_question_upvote     POST   platform 401       404      200    200         200     404     200
voice_question_upvote     POST   sales    401       200      404    404         404     200     200
voice_question_answer     POST   platform 401       404      403    403         200     404     200
voice_question_answer     POST   sales    401       403      404    404         404     403     200
voice_question_hide       POST   platform 401       404      403    403         200     404     200
voice_question_hide       POST   sales    401       403      404    404         404     403     200
""")


def build(world: World) -> None:
    """Per team: an open pulse sent to it, and a question asked of it by its member."""
    from learnloop.voice import questions
    from learnloop.voice.models import Question
    from learnloop.voice.tests.pulses import open_pulse

    for team in TEAMS:
        here = world.at(team)
        here.pulse = open_pulse([world.teams[team]], title=f"Pulse of {team}")
        here.question = questions.question_ask(
            actor=world.member(team), to=Question.To.TEAM, team=world.teams[team], text="Why Friday deploys?"
        )


def call(name: str, world: World, team: str | None) -> Call:
    import datetime

    from django.utils import timezone

    from learnloop.voice.models import Instrument

    today = timezone.localdate()
    safety = Instrument.objects.get(key="team-psychological-safety")
    if team is None:
        if name == "voice-pulse-create":
            closes_on = today + datetime.timedelta(days=7)
            platform = str(world.teams["platform"].pk)
            return Call(
                data={
                    "instrument": str(safety.pk),
                    "title": "Autumn pulse",
                    "teams": [platform],
                    "opens_on": today.isoformat(),
                    "closes_on": closes_on.isoformat(),
                }
            )
        if name == "voice-instrument-create":
            return Call(
                data={
                    "name": "Focus",
                    "points": "5",
                    "items": "focus | I can focus at work.\nfocus | Meetings eat my day. | R",
                }
            )
        if name == "voice-instrument":
            return Call(kwargs={"pk": safety.pk})
        if name == "voice-questions":
            return Call(data={"to": "organization", "text": "Why two standups?"})
        return Call()
    here = world.at(team)
    items = list(here.pulse.instrument.items.all())
    if name.startswith("voice-pulse"):
        return Call(kwargs={"pk": here.pulse.pk}, data={f"item_{item.pk}": "4" for item in items})
    if name.startswith("voice-question"):
        return Call(kwargs={"pk": here.question.pk}, data={"status": "acting", "answer": "We stop.", "reason": "Dup"})
    # The API.
    if name.startswith("voice_pulse"):
        return Call(kwargs={"run_id": here.pulse.pk}, data={"scores": {str(item.pk): 4 for item in items}})
    if name == "voice_question_ask":
        return Call(data={"to": "team", "team": world.teams[team].slug, "text": "Why two standups?"})
    return Call(
        kwargs={"question_id": str(here.question.pk)}, data={"status": "acting", "answer": "We stop.", "reason": "Dup"}
    )
