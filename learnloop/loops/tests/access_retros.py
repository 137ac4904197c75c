"""Expected access to retrospectives, pages and API (see core/tests/access.py).

Each team has a team-private retro in every phase. Its members take part (Bob, Fay and Alice in
Platform; Charlie and Dana in Sales), its facilitators and managers run it (Fay and Alice; in
Sales nobody but the admin), the admin does everything, and anyone else gets 404 as if the retro
did not exist. A named card is edited by its author only (Bob's in Platform, Charlie's in Sales).
"""

from __future__ import annotations

from learnloop.core.tests.access import TEAMS, Call, World, table

PAGES = table("""
# route                 method object   anonymous outsider member facilitator manager analyst admin
retros                  GET    platform login     200      200    200         200     200     200
retros                  GET    sales    login     200      200    200         200     200     200
retro-create            GET    platform login     403      403    200         200     403     200
retro-create            POST   platform login     403      403    302         302     403     302
retro-create            GET    sales    login     403      403    403         403     403     200
retro-create            POST   sales    login     403      403    403         403     403     302
retro-template-create   GET    platform login     403      403    200         200     403     200
retro-template-create   POST   platform login     403      403    302         302     403     302
retro-template-create   GET    sales    login     403      403    403         403     403     200
retro-template-create   POST   sales    login     403      403    403         403     403     302
retro                   GET    platform login     404      200    200         200     404     200
retro                   GET    sales    login     200      404    404         404     200     200
retro-board             GET    platform login     404      200    200         200     404     200
retro-board             GET    sales    login     200      404    404         404     200     200
retro-export            GET    platform login     404      200    200         200     404     200
retro-export            GET    sales    login     200      404    404         404     200     200
retro-phase             POST   platform login     404      403    302         302     404     302
retro-phase             POST   sales    login     403      404    404         404     403     302
retro-reveal            POST   platform login     404      403    302         302     404     302
retro-reveal            POST   sales    login     403      404    404         404     403     302
retro-safety            POST   platform login     404      302    302         302     404     302
retro-safety            POST   sales    login     302      404    404         404     302     302
retro-card-add          POST   platform login     404      302    302         302     404     302
retro-card-add          POST   sales    login     302      404    404         404     302     302
retro-card-edit         POST   platform login     404      302    403         403     404     403
retro-card-edit         POST   sales    login     302      404    404         404     403     403
retro-group             POST   platform login     404      302    302         302     404     302
retro-group             POST   sales    login     302      404    404         404     302     302
retro-card-move         POST   platform login     404      302    302         302     404     302
retro-card-move         POST   sales    login     302      404    404         404     302     302
retro-group-rename      POST   platform login     404      302    302         302     404     302
retro-group-rename      POST   sales    login     302      404    404         404     302     302
retro-vote              POST   platform login     404      302    302         302     404     302
retro-vote              POST   sales    login     302      404    404         404     302     302
retro-present           POST   platform login     404      403    302         302     404     302
retro-present           POST   sales    login     403      404    404         404     403     302
retro-focus             POST   platform login     404      403    302         302     404     302
retro-focus             POST   sales    login     403      404    404         404     403     302
retro-action            POST   platform login     404      302    302         302     404     302
retro-action            POST   sales    login     302      404    404         404     302     302
retro-regenerated       POST   platform login     404      403    302         302     404     302
retro-regenerated       POST   sales    login     403      404    404         404     403     302
retro-close             POST   platform login     404      403    302         302     404     302
retro-close             POST   sales    login     403      404    404         404     403     302
""")

API = table("""
# operation                    method object   anonymous outsider member facilitator manager analyst admin
loops_retro_list               GET    -        401       200      200    200         200     200     200
loops_retro_create             POST   platform 401       403      403    201         201     403     201
loops_retro_create             POST   sales    401       403      403    403         403     403     201
loops_retro_format_list        GET    platform 401       200      200    200         200     200     200
loops_retro_format_save        POST   platform 401       403      403    201         201     403     201
loops_retro_format_save        POST   sales    401       403      403    403         403     403     201
loops_retro_get                GET    platform 401       404      200    200         200     404     200
loops_retro_get                GET    sales    401       200      404    404         404     200     200
loops_retro_export             GET    platform 401       404      200    200         200     404     200
loops_retro_export             GET    sales    401       200      404    404         404     200     200
loops_retro_participants       GET    platform 401       404      200    200         200     404     200
loops_retro_participants       GET    sales    401       200      404    404         404     200     200
loops_retro_carried_over       GET    platform 401       404      200    200         200     404     200
loops_retro_carried_over       GET    sales    401       200      404    404         404     200     200
loops_retro_phase              POST   platform 401       404      403    200         200     404     200
loops_retro_phase              POST   sales    401       403      404    404         404     403     200
loops_retro_reveal             POST   platform 401       404      403    200         200     404     200
loops_retro_reveal             POST   sales    401       403      404    404         404     403     200
loops_retro_safety             POST   platform 401       404      204    204         204     404     204
loops_retro_safety             POST   sales    401       204      404    404         404     204     204
loops_retro_card_add           POST   platform 401       404      201    201         201     404     201
loops_retro_card_add           POST   sales    401       201      404    404         404     201     201
loops_retro_card_edit          PATCH  platform 401       404      200    403         403     404     403
loops_retro_card_edit          PATCH  sales    401       200      404    404         404     403     403
loops_retro_group_create       POST   platform 401       404      201    201         201     404     201
loops_retro_group_create       POST   sales    401       201      404    404         404     201     201
loops_retro_card_move          POST   platform 401       404      200    200         200     404     200
loops_retro_card_move          POST   sales    401       200      404    404         404     200     200
loops_retro_group_rename       PATCH  platform 401       404      200    200         200     404     200
loops_retro_group_rename       PATCH  sales    401       200      404    404         404     200     200
loops_retro_vote_cast          POST   platform 401       404      201    201         201     404     201
loops_retro_vote_cast          POST   sales    401       201      404    404         404     201     201
loops_retro_vote_retract       DELETE platform 401       404      200    200         200     404     200
loops_retro_vote_retract       DELETE sales    401       200      404    404         404     200     200
loops_retro_presence           PUT    platform 401       404      403    200         200     404     200
loops_retro_presence           PUT    sales    401       403      404    404         404     403     200
loops_retro_discussion_focus   POST   platform 401       404      403    200         200     404     200
loops_retro_discussion_focus   POST   sales    401       403      404    404         404     403     200
loops_retro_close              POST   platform 401       404      403    200         200     404     200
loops_retro_close              POST   sales    401       403      404    404         404     403     200
""")


def build(world: World) -> None:
    """Per team: an earlier retro with an open action item, then a retro in each phase."""
    import datetime

    from django.utils import timezone

    from learnloop.core.access import SYSTEM
    from learnloop.loops import services
    from learnloop.loops.models import Phase
    from learnloop.loops.rules import TEAM_MEMBER

    for team in TEAMS:
        here, the_team, member = world.at(team), world.teams[team], world.member(team)

        def retro(phase: str, title: str, *texts: str, the_team=the_team, member=member):
            made = services.retro_create(
                actor=SYSTEM, team=the_team, title=title, format="start-stop-continue", facilitator=member
            )
            cards = []
            if texts:
                services.retro_set_phase(actor=SYSTEM, retro=made, phase=Phase.GATHERING)
                cards = [services.card_add(actor=member, retro=made, column="stop", text=text) for text in texts]
            if phase != made.phase:
                services.retro_set_phase(actor=SYSTEM, retro=made, phase=phase)
            return made, cards

        here.retro_earlier, (pager,) = retro(Phase.DECIDING, "Sprint 13", "Pager noise")
        lesson = services.lesson_create(actor=member, source=pager, title="Alerts need an action")
        here.carried_item = services.action_item_create(
            actor=member,
            lesson=lesson,
            title="Delete unactionable alerts",
            owner=member,
            due_on=timezone.localdate() + datetime.timedelta(days=7),
            retro=here.retro_earlier,
        )
        here.retro_opening, _ = retro(Phase.OPENING, "Sprint 14")
        services.participant_join(actor=member, retro=here.retro_opening)
        here.retro_gathering, _ = retro(Phase.GATHERING, "Sprint 15")
        here.named_card = services.card_add(
            actor=member, retro=here.retro_gathering, column="start", text="Pairing", anonymous=False
        )
        here.retro_grouping, here.grouping_cards = retro(Phase.GROUPING, "Sprint 16", "Flaky CI", "Slow CI")
        here.group = services.group_create(
            actor=SYSTEM, retro=here.retro_grouping, title="CI", cards=here.grouping_cards[:1]
        )
        here.retro_voting, (here.voting_card,) = retro(Phase.VOTING, "Sprint 17", "Long standups")
        for person in world.people.values():
            if TEAM_MEMBER.allows(person, the_team):
                services.vote_cast(actor=person, retro=here.retro_voting, card=here.voting_card)
        here.retro_discussing, (here.discussing_card,) = retro(Phase.DISCUSSING, "Sprint 18", "Late reviews")
        here.retro_deciding, (here.deciding_card,) = retro(Phase.DECIDING, "Sprint 19", "Unclear tickets")
        here.retro_closing, _ = retro(Phase.CLOSING, "Sprint 20")


def call(name: str, world: World, team: str | None) -> Call:
    import datetime

    from django.utils import timezone

    if team is None:
        return Call()
    here, slug, member = world.at(team), world.teams[team].slug, world.member(team)
    in_a_week = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    pages: dict[str, tuple[object, dict[str, object]]] = {
        "retro": (here.retro_opening, {}),
        "retro-board": (here.retro_opening, {}),
        "retro-export": (here.retro_opening, {}),
        "retro-phase": (here.retro_opening, {"phase": "gathering"}),
        "retro-reveal": (here.retro_gathering, {}),
        "retro-safety": (here.retro_opening, {"score": "4"}),
        "retro-card-add": (here.retro_gathering, {"column": "stop", "text": "Friday deploys"}),
        "retro-card-edit": (here.retro_gathering, {"card": str(here.named_card.pk), "text": "Pairing on Mondays"}),
        "retro-group": (here.retro_grouping, {"title": "Slow", "cards": [str(here.grouping_cards[1].pk)]}),
        "retro-card-move": (
            here.retro_grouping,
            {"card": str(here.grouping_cards[1].pk), "group": str(here.group.pk)},
        ),
        "retro-group-rename": (here.retro_grouping, {"group": str(here.group.pk), "title": "Our CI"}),
        "retro-vote": (here.retro_voting, {"card": str(here.voting_card.pk), "action": "cast"}),
        "retro-present": (here.retro_opening, {"person": str(member.pk), "present": "0"}),
        "retro-focus": (here.retro_discussing, {"card": str(here.discussing_card.pk), "minutes": "5"}),
        "retro-action": (
            here.retro_deciding,
            {
                "card": str(here.deciding_card.pk),
                "lesson_title": "Tickets need acceptance criteria",
                "action_title": "Add a ticket template",
                "owner": str(member.pk),
                "due_on": in_a_week,
            },
        ),
        "retro-regenerated": (here.retro_opening, {"item": str(here.carried_item.pk)}),
        "retro-close": (here.retro_closing, {"summary": "We agreed on canaries."}),
    }
    if name in pages:
        retro, data = pages[name]
        return Call(kwargs={"pk": retro.pk}, data=data)  # type: ignore[attr-defined]
    if name in {"retros", "retro-create", "retro-template-create"}:
        return Call(
            kwargs={"slug": slug},
            data={
                "title": "Sprint 21",
                "format": "start-stop-continue",
                "mode": "live",
                "votes_per_person": "3",
                "visibility": "team",
                "name": "Sailboat",
                "columns": "Wind\nAnchors\nRocks",
            },
        )
    # The API.
    if name == "loops_retro_create":
        return Call(data={"team": slug, "title": "Sprint 21", "format": "start-stop-continue"})
    if name == "loops_retro_format_list":
        return Call(query={"team": slug})
    if name == "loops_retro_format_save":
        return Call(data={"team": slug, "name": "Sailboat", "columns": ["Wind", "Anchors", "Rocks"]})
    on = {
        "loops_retro_get": (here.retro_opening, None),
        "loops_retro_export": (here.retro_opening, None),
        "loops_retro_participants": (here.retro_opening, None),
        "loops_retro_carried_over": (here.retro_opening, None),
        "loops_retro_phase": (here.retro_opening, {"phase": "gathering"}),
        "loops_retro_reveal": (here.retro_gathering, None),
        "loops_retro_safety": (here.retro_opening, {"score": 4}),
        "loops_retro_card_add": (here.retro_gathering, {"column": "stop", "text": "Friday deploys"}),
        "loops_retro_card_edit": (here.retro_gathering, {"text": "Pairing on Mondays"}),
        "loops_retro_group_create": (
            here.retro_grouping,
            {"title": "Slow", "card_ids": [str(here.grouping_cards[1].pk)]},
        ),
        "loops_retro_card_move": (here.retro_grouping, {"group_id": str(here.group.pk)}),
        "loops_retro_group_rename": (here.retro_grouping, {"title": "Our CI"}),
        "loops_retro_vote_cast": (here.retro_voting, {"card_id": str(here.voting_card.pk)}),
        "loops_retro_vote_retract": (here.retro_voting, None),
        "loops_retro_presence": (here.retro_opening, {"present": False}),
        "loops_retro_discussion_focus": (
            here.retro_discussing,
            {"card_id": str(here.discussing_card.pk), "minutes": 5},
        ),
        "loops_retro_close": (here.retro_closing, {"summary": "We agreed on canaries."}),
    }
    retro, body = on[name]
    kwargs = {"retro_id": retro.pk}
    if name == "loops_retro_card_edit":
        kwargs["card_id"] = here.named_card.pk
    if name == "loops_retro_card_move":
        kwargs["card_id"] = here.grouping_cards[1].pk
    if name == "loops_retro_group_rename":
        kwargs["group_id"] = here.group.pk
    if name == "loops_retro_presence":
        kwargs["person_id"] = member.pk
    query = {"card_id": str(here.voting_card.pk)} if name == "loops_retro_vote_retract" else {}
    return Call(kwargs=kwargs, data=body, query=query)
