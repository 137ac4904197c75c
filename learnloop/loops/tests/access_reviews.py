"""Expected access to reviews, lessons, action items and measures, pages and API (see core/tests/access.py).

Each team has a team-private review written by its member (Bob in Platform, Charlie in Sales),
with a timeline, a contributing factor, a lesson and an action item that member owns. The team
sees them; anyone else gets 404 as if they did not exist. The author and the team's
facilitators and managers edit the review; the owner and the facilitators close the item. Dana
is a member of Sales but neither author, owner nor facilitator there, so she may add lessons but
not edit Charlie's review (403). The contributing-factor taxonomy is the admin's.
"""

from __future__ import annotations

from learnloop.core.tests.access import TEAMS, Call, World, table

PAGES = table("""
# route                  method object   anonymous outsider member facilitator manager analyst admin
reviews                  GET    -        login     200      200    200         200     200     200
factor-categories        GET    -        login     200      200    200         200     200     200
factor-categories        POST   -        login     403      403    403         403     403     302
review-create            GET    platform login     403      200    200         200     403     200
review-create            POST   platform login     403      302    302         302     403     302
review-create            GET    sales    login     200      403    403         403     200     200
review-create            POST   sales    login     302      403    403         403     302     302
review                   GET    platform login     404      200    200         200     404     200
review                   GET    sales    login     200      404    404         404     200     200
review-edit              GET    platform login     404      200    200         200     404     200
review-edit              POST   platform login     404      302    302         302     404     302
review-edit              GET    sales    login     200      404    404         404     403     200
review-edit              POST   sales    login     302      404    404         404     403     302
review-timeline-add      POST   platform login     404      302    302         302     404     302
review-timeline-add      POST   sales    login     302      404    404         404     403     302
review-timeline-remove   POST   platform login     404      302    302         302     404     302
review-timeline-remove   POST   sales    login     302      404    404         404     403     302
review-factor-add        POST   platform login     404      302    302         302     404     302
review-factor-add        POST   sales    login     302      404    404         404     403     302
review-factor-remove     POST   platform login     404      302    302         302     404     302
review-factor-remove     POST   sales    login     302      404    404         404     403     302
review-status            POST   platform login     404      302    302         302     404     302
review-status            POST   sales    login     302      404    404         404     403     302
review-lesson-create     POST   platform login     404      302    302         302     404     302
review-lesson-create     POST   sales    login     302      404    404         404     302     302
review-repeat            POST   platform login     404      302    302         302     404     302
review-repeat            POST   sales    login     302      404    404         404     302     302
review-export            GET    platform login     404      200    200         200     404     200
review-export            GET    sales    login     200      404    404         404     200     200
review-blame-check       POST   platform login     404      200    200         200     404     200
review-blame-check       POST   sales    login     200      404    404         404     403     200
review-flag              POST   platform login     404      302    302         302     404     302
review-flag              POST   sales    login     302      404    404         404     403     302
lesson                   GET    platform login     404      200    200         200     404     200
lesson                   GET    sales    login     200      404    404         404     200     200
lesson-edit              GET    platform login     404      200    200         200     404     200
lesson-edit              POST   platform login     404      302    302         302     404     302
lesson-edit              GET    sales    login     200      404    404         404     200     200
lesson-edit              POST   sales    login     302      404    404         404     302     302
lesson-repeat            POST   platform login     404      302    302         302     404     302
lesson-repeat            POST   sales    login     302      404    404         404     302     302
lesson-action-create     POST   platform login     404      302    302         302     404     302
lesson-action-create     POST   sales    login     302      404    404         404     302     302
action-items             GET    -        login     200      200    200         200     200     200
action-item              GET    platform login     404      200    200         200     404     200
action-item              GET    sales    login     200      404    404         404     200     200
action-item-complete     GET    platform login     404      200    200         200     404     200
action-item-complete     POST   platform login     404      302    302         302     404     302
action-item-complete     GET    sales    login     200      404    404         404     403     200
action-item-complete     POST   sales    login     302      404    404         404     403     302
action-item-drop         POST   platform login     404      302    302         302     404     302
action-item-drop         POST   sales    login     302      404    404         404     403     302
loop-measures            GET    -        login     200      200    200         200     200     200
""")

API = table("""
# operation                      method object   anonymous outsider member facilitator manager analyst admin
loops_review_list                GET    -        401       200      200    200         200     200     200
loops_review_create              POST   platform 401       403      201    201         201     403     201
loops_review_create              POST   sales    401       201      403    403         403     201     201
loops_review_get                 GET    platform 401       404      200    200         200     404     200
loops_review_get                 GET    sales    401       200      404    404         404     200     200
loops_review_update              PATCH  platform 401       404      200    200         200     404     200
loops_review_update              PATCH  sales    401       200      404    404         404     403     200
loops_review_timeline_add        POST   platform 401       404      201    201         201     404     201
loops_review_timeline_add        POST   sales    401       201      404    404         404     403     201
loops_review_timeline_remove     DELETE platform 401       404      204    204         204     404     204
loops_review_timeline_remove     DELETE sales    401       204      404    404         404     403     204
loops_review_factor_add          POST   platform 401       404      201    201         201     404     201
loops_review_factor_add          POST   sales    401       201      404    404         404     403     201
loops_review_factor_remove       DELETE platform 401       404      204    204         204     404     204
loops_review_factor_remove       DELETE sales    401       204      404    404         404     403     204
loops_review_status              POST   platform 401       404      200    200         200     404     200
loops_review_status              POST   sales    401       200      404    404         404     403     200
loops_review_repeat              POST   platform 401       404      201    201         201     404     201
loops_review_repeat              POST   sales    401       201      404    404         404     201     201
loops_review_blame               GET    platform 401       404      200    200         200     404     200
loops_review_blame               GET    sales    401       200      404    404         404     403     200
loops_review_blame_mark          POST   platform 401       404      200    200         200     404     200
loops_review_blame_mark          POST   sales    401       200      404    404         404     403     200
loops_review_export              GET    platform 401       404      200    200         200     404     200
loops_review_export              GET    sales    401       200      404    404         404     200     200
loops_factor_category_list       GET    -        401       200      200    200         200     200     200
loops_factor_category_create     POST   -        401       403      403    403         403     403     201
loops_factor_category_update     PATCH  -        401       403      403    403         403     403     200
loops_lesson_list                GET    -        401       200      200    200         200     200     200
loops_lesson_create              POST   platform 401       bad      201    201         201     bad     201
loops_lesson_create              POST   sales    401       201      bad    bad         bad     201     201
loops_lesson_get                 GET    platform 401       404      200    200         200     404     200
loops_lesson_get                 GET    sales    401       200      404    404         404     200     200
loops_lesson_update              PATCH  platform 401       404      200    200         200     404     200
loops_lesson_update              PATCH  sales    401       200      404    404         404     200     200
loops_lesson_repeat              POST   platform 401       404      201    201         201     404     201
loops_lesson_repeat              POST   sales    401       201      404    404         404     201     201
loops_action_item_list           GET    -        401       200      200    200         200     200     200
loops_action_item_create         POST   platform 401       bad      201    201         201     bad     201
loops_action_item_create         POST   sales    401       201      bad    bad         bad     201     201
loops_action_item_get            GET    platform 401       404      200    200         200     404     200
loops_action_item_get            GET    sales    401       200      404    404         404     200     200
loops_action_item_reassign       PATCH  platform 401       404      200    200         200     404     200
loops_action_item_reassign       PATCH  sales    401       200      404    404         404     403     200
loops_action_item_complete       POST   platform 401       404      201    201         201     404     201
loops_action_item_complete       POST   sales    401       201      404    404         404     403     201
loops_action_item_drop           POST   platform 401       404      200    200         200     404     200
loops_action_item_drop           POST   sales    401       200      404    404         404     403     200
loops_action_item_regenerated    POST   platform 401       404      403    200         200     404     200
loops_action_item_regenerated    POST   sales    401       403      404    404         404     403     200
loops_measures                   GET    -        401       200      200    200         200     200     200
""")


def build(world: World) -> None:
    """Per team: a review with a timeline, factors and an earlier review; lessons; an open item."""
    import datetime

    from django.utils import timezone

    from learnloop.loops import services
    from learnloop.loops.models import FactorCategory

    world.shared.category = FactorCategory.objects.create(name="Config change", slug="config-change")
    for team in TEAMS:
        here, member = world.at(team), world.member(team)
        here.review_earlier = services.review_create(actor=member, team=world.teams[team], title="Outage in May")
        here.review = services.review_create(
            actor=member, team=world.teams[team], title="Checkout outage", summary="Checkout was down."
        )
        here.entry = services.timeline_add(actor=member, review=here.review, at=timezone.now(), text="Deploy started")
        here.spare_entry = services.timeline_add(actor=member, review=here.review, at=timezone.now(), text="Paged")
        here.factor = services.factor_add(actor=member, review=here.review, category=world.shared.category)
        here.lesson_earlier = services.lesson_create(actor=member, source=here.review_earlier, title="Canaries")
        here.lesson = services.lesson_create(actor=member, source=here.entry, title="Deploys need a canary")
        here.item = services.action_item_create(
            actor=member,
            lesson=here.lesson,
            title="Add a canary stage",
            owner=member,
            due_on=timezone.localdate() + datetime.timedelta(days=7),
        )


def call(name: str, world: World, team: str | None) -> Call:
    import datetime

    from django.utils import timezone

    if team is None:
        if name == "factor-categories":
            return Call(data={"name": "Capacity", "description": "Not enough of something."})
        if name == "loops_factor_category_create":
            return Call(data={"name": "Capacity"})
        if name == "loops_factor_category_update":
            return Call(kwargs={"category_id": world.shared.category.pk}, data={"name": "Configuration change"})
        return Call()
    here, slug, member = world.at(team), world.teams[team].slug, world.member(team)
    review, lesson, item = here.review, here.lesson, here.item
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    if name == "review-create":
        return Call(kwargs={"slug": slug}, data={"kind": "incident", "title": "Queue overflow", "visibility": "team"})
    review_pages: dict[str, dict[str, object]] = {
        "review": {},
        "review-export": {},
        "review-edit": {
            "title": "Checkout outage",
            "kind": "incident",
            "visibility": "team",
            "summary": "Checkout was down for an hour.",
            "version": str(review.version),
        },
        "review-timeline-add": {"at": "2026-01-05T10:30", "kind": "detected", "text": "Alert fired"},
        "review-factor-add": {"category": str(world.shared.category.pk), "description": "A flag flipped"},
        "review-status": {"status": "in_review"},
        "review-lesson-create": {"source": f"entry-{here.entry.pk}", "title": "Alerts first", "tags": "alerts"},
        "review-repeat": {"earlier": str(here.review_earlier.pk)},
        "review-blame-check": {"summary": "Bob forgot to check the config."},
        "review-flag": {"fingerprint": "failed-to:forgot to", "intended": "1"},
    }
    if name in review_pages:
        return Call(kwargs={"pk": review.pk}, data=review_pages[name])
    if name == "review-timeline-remove":
        return Call(kwargs={"pk": review.pk, "entry_id": here.spare_entry.pk})
    if name == "review-factor-remove":
        return Call(kwargs={"pk": review.pk, "factor_id": here.factor.pk})
    lesson_pages: dict[str, dict[str, object]] = {
        "lesson": {},
        "lesson-edit": {"title": "Deploys need a canary stage", "tags": "deploys", "visibility": "team"},
        "lesson-repeat": {"earlier": str(here.lesson_earlier.pk)},
        "lesson-action-create": {"title": "Add a canary stage", "owner": str(member.pk), "due_on": due},
    }
    if name in lesson_pages:
        return Call(kwargs={"pk": lesson.pk}, data=lesson_pages[name])
    item_pages: dict[str, dict[str, object]] = {
        "action-item": {},
        "action-item-complete": {"what": "A canary stage", "where": "The deploy pipeline"},
        "action-item-drop": {"reason": "The service is being retired."},
    }
    if name in item_pages:
        return Call(kwargs={"pk": item.pk}, data=item_pages[name])
    # The API.
    api: dict[str, Call] = {
        "loops_review_create": Call(data={"team": slug, "title": "Queue overflow"}),
        "loops_review_get": Call(kwargs={"review_id": review.pk}),
        "loops_review_update": Call(kwargs={"review_id": review.pk}, data={"version": review.version, "impact": "All"}),
        "loops_review_timeline_add": Call(
            kwargs={"review_id": review.pk}, data={"at": "2026-01-05T10:30:00+00:00", "text": "Alert fired"}
        ),
        "loops_review_timeline_remove": Call(kwargs={"review_id": review.pk, "entry_id": here.spare_entry.pk}),
        "loops_review_factor_add": Call(kwargs={"review_id": review.pk}, data={"category": world.shared.category.slug}),
        "loops_review_factor_remove": Call(kwargs={"review_id": review.pk, "factor_id": here.factor.pk}),
        "loops_review_status": Call(kwargs={"review_id": review.pk}, data={"status": "in_review"}),
        "loops_review_repeat": Call(
            kwargs={"review_id": review.pk}, data={"earlier_review_id": here.review_earlier.pk}
        ),
        "loops_review_blame": Call(kwargs={"review_id": review.pk}),
        "loops_review_blame_mark": Call(
            kwargs={"review_id": review.pk, "fingerprint": "failed-to:forgot to"}, data={"intended": False}
        ),
        "loops_review_export": Call(kwargs={"review_id": review.pk}),
        "loops_lesson_create": Call(data={"review_id": review.pk, "title": "Alerts first"}),
        "loops_lesson_get": Call(kwargs={"lesson_id": lesson.pk}),
        "loops_lesson_update": Call(kwargs={"lesson_id": lesson.pk}, data={"tags": ["deploys"]}),
        "loops_lesson_repeat": Call(
            kwargs={"lesson_id": lesson.pk}, data={"earlier_lesson_id": here.lesson_earlier.pk}
        ),
        "loops_action_item_create": Call(
            data={"lesson_id": lesson.pk, "title": "Add a canary stage", "owner_id": member.pk, "due_on": due}
        ),
        "loops_action_item_get": Call(kwargs={"item_id": item.pk}),
        "loops_action_item_reassign": Call(kwargs={"item_id": item.pk}, data={"owner_id": member.pk, "due_on": due}),
        "loops_action_item_complete": Call(
            kwargs={"item_id": item.pk}, data={"what": "A canary stage", "where": "The deploy pipeline"}
        ),
        "loops_action_item_drop": Call(kwargs={"item_id": item.pk}, data={"reason": "The service is being retired."}),
        "loops_action_item_regenerated": Call(
            kwargs={"item_id": here.carried_item.pk}, data={"retro_id": here.retro_opening.pk}
        ),
    }
    return api[name]
