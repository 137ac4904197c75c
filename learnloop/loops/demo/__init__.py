"""The demo's learning-loop history: four months of Northwind retros, reviews, lessons and action items."""

from __future__ import annotations

import datetime
import random
import re

from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.loops import services
from learnloop.loops.demo.retro_data import RETROS
from learnloop.loops.demo.review_data import REVIEWS
from learnloop.loops.demo.specs import (
    ASYNC,
    FACTOR_CATEGORIES,
    IN_REVIEW,
    PUBLISHED,
    RETRO_FORMATS,
    RETRO_HOURS,
    SAFETY_WEIGHTS,
    DemoLesson,
    DemoRetro,
    DemoReview,
    Done,
)
from learnloop.loops.models import (
    ActionItem,
    Card,
    CardGroup,
    Change,
    ContributingFactor,
    FactorCategory,
    Lesson,
    Phase,
    Repeat,
    Retrospective,
    RetroTemplate,
    Review,
    TimelineEntry,
)
from learnloop.people.demo import SHOWCASE_LOGINS, TEAMS, DemoContext, DemoStep
from learnloop.people.models import Person, Role, Team

# --- Loading -----------------------------------------------------------------------------------


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _moment(day: datetime.date, hh_mm: str) -> datetime.datetime:
    hours, minutes = (int(part) for part in hh_mm.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hours, minutes)))


def _members(team_key: str, context: DemoContext) -> list[Person]:
    team = next(team for team in TEAMS if team.key == team_key)
    return [context.people[person.number] for person in team.people]


def _facilitator_of(team_key: str) -> int:
    team = next(team for team in TEAMS if team.key == team_key)
    return next(person.number for person in team.people if person.role == Role.FACILITATOR)


def _showcase(context: DemoContext) -> set[Person]:
    return {context.people[number] for _, number in SHOWCASE_LOGINS}


_CARD_LINE = re.compile(r"^(?:@(?P<author>\d+)\s+)?(?P<column>[\w-]+):\s+(?P<text>.+)$")


def _cards(spec: DemoRetro) -> list[tuple[int | None, str, str]]:
    """(author number or None, column, text) for each line of a retro's cards."""
    cards = []
    for line in filter(None, (line.strip() for line in spec.cards.splitlines())):
        match = _CARD_LINE.match(line)
        if match is None:
            raise ValueError(f"{spec.title}: cannot read the card {line!r}")
        author = match["author"]
        cards.append((int(author) if author else None, match["column"], match["text"]))
    return cards


def add_factor_categories(context: DemoContext) -> None:
    existing = set(FactorCategory.objects.values_list("name", flat=True))
    for name, description in FACTOR_CATEGORIES:
        if name not in existing:
            services.factor_category_save(actor=SYSTEM, name=name, description=description)
            context.created["factor categories"] += 1


def add_retro_formats(context: DemoContext) -> None:
    for team_key, name, columns, days_ago, by in RETRO_FORMATS:
        team = context.teams[team_key]
        if RetroTemplate.objects.filter(team=team, name=name).exists():
            continue
        template = services.retro_template_save(
            actor=context.people[by], team=team, name=name, column_titles=list(columns)
        )
        RetroTemplate.objects.filter(pk=template.pk).update(created_at=_moment(_day(days_ago), "12:00"))
        context.created["retro formats"] += 1


def add_retrospectives(context: DemoContext) -> None:
    existing = set(
        Retrospective.objects.filter(
            team__in=context.teams.values(), title__in=[spec.title for spec in RETROS]
        ).values_list("team_id", "title")
    )
    for spec in RETROS:
        if (context.teams[spec.team].pk, spec.title) not in existing:
            _add_retro(context, spec)
            context.created["retros"] += 1


def _add_retro(context: DemoContext, spec: DemoRetro) -> None:
    """Run the retro through its phases with the services, as its team would, then put it back in time."""
    team, people = context.teams[spec.team], context.people
    rng = random.Random(f"northwind-loops:{spec.title}")
    members = _members(spec.team, context)
    facilitator = people[spec.facilitator]
    cards_spec = _cards(spec)
    closed = bool(spec.summary)
    start = timezone.now() if spec.days_ago == 0 else _moment(_day(spec.days_ago), f"{RETRO_HOURS[spec.team]}:00")

    template = None
    format_key = spec.format
    if format_key.startswith("custom:"):
        template = RetroTemplate.objects.get(team=team, name=format_key.removeprefix("custom:"))
    retro = services.retro_create(
        actor=SYSTEM,
        facilitator=facilitator,
        team=team,
        title=spec.title,
        format=format_key,
        template=template,
        mode=spec.mode,
        gather_until=timezone.now() + datetime.timedelta(days=6) if spec.mode == ASYNC else None,
        votes_per_person=spec.votes_per_person,
        visibility=spec.visibility,
    )
    # Who came: most of the team, always the facilitator and whoever signed a card. The showcase
    # logins stay out of a retro in progress, so a visitor signed in as them can still take part.
    named = {people[number] for number, _, _ in cards_spec if number is not None} - {facilitator}
    kept_out = {facilitator, *named, *(() if closed else _showcase(context))}
    others = [person for person in members if person not in kept_out]
    absent = min(len(others), rng.randint(1, 2) if closed else len(others) // 2)
    attendees = [facilitator, *sorted(named, key=lambda person: person.pk), *rng.sample(others, len(others) - absent)]
    if not closed:
        # Who has the board open; in a finished retro, casting a vote already recorded everyone.
        for person in attendees:
            services.participant_join(actor=person, retro=_team_kept(retro, team))
    if retro.phase == Phase.OPENING:
        for person in attendees if closed else attendees[:3]:
            score = rng.choices(range(1, 6), weights=SAFETY_WEIGHTS[spec.team])[0]
            services.safety_check_in(actor=person, retro=_team_kept(retro, team), score=score)
        services.retro_set_phase(actor=SYSTEM, retro=retro, phase=Phase.GATHERING)

    cards = [
        services.card_add(
            actor=people[number] if number is not None else rng.choice(attendees),
            retro=_team_kept(retro, team),
            column=column,
            text=text,
            anonymous=number is None,
        )
        for number, column, text in cards_spec
    ]

    if not closed:
        Retrospective.objects.filter(pk=retro.pk).update(created_at=start)
        for card in cards:
            written = start.date() + datetime.timedelta(days=rng.randint(0, spec.days_ago))
            Card.objects.filter(pk=card.pk).update(written_on=written)
        return

    services.retro_set_phase(actor=SYSTEM, retro=retro, phase=Phase.GROUPING)
    groups = {
        title: services.group_create(actor=SYSTEM, retro=retro, title=title, cards=[cards[n - 1] for n in numbers])
        for title, numbers in spec.groups
    }
    grouped = {n for _, numbers in spec.groups for n in numbers}
    topics: list[CardGroup | Card] = [*groups.values(), *(c for n, c in enumerate(cards, 1) if n not in grouped)]
    # Dots go mostly to what the team then discussed and drew lessons from.
    chosen = {lesson.source for lesson in spec.lessons}
    weights = [_vote_weight(topic, chosen, cards) for topic in topics]

    services.retro_set_phase(actor=SYSTEM, retro=retro, phase=Phase.VOTING)
    for person in attendees[1:]:  # the facilitator stays neutral
        for topic in rng.choices(topics, weights=weights, k=spec.votes_per_person - rng.randint(0, 2)):
            if isinstance(topic, CardGroup):
                services.vote_cast(actor=person, retro=_team_kept(retro, team), group=topic)
            else:
                services.vote_cast(actor=person, retro=_team_kept(retro, team), card=topic)

    services.retro_set_phase(actor=SYSTEM, retro=retro, phase=Phase.DISCUSSING)
    for lesson_spec in spec.lessons:
        if isinstance(lesson_spec.source, str):
            services.discussion_focus(actor=SYSTEM, retro=retro, group=groups[lesson_spec.source], minutes=10)
        else:
            services.discussion_focus(actor=SYSTEM, retro=retro, card=cards[lesson_spec.source - 1], minutes=10)
    services.discussion_focus(actor=SYSTEM, retro=retro)  # marks the last topic discussed

    services.retro_set_phase(actor=SYSTEM, retro=retro, phase=Phase.DECIDING)
    drawn = start + datetime.timedelta(minutes=55)
    for lesson_spec in spec.lessons:
        source: Card | CardGroup = (
            groups[lesson_spec.source] if isinstance(lesson_spec.source, str) else cards[lesson_spec.source - 1]
        )
        _add_lesson(context, lesson_spec, source, drawn, by=facilitator, retro=retro)
    for item in ActionItem.objects.filter(team=team, title__in=spec.regenerates):
        services.action_item_mark_regenerated(actor=SYSTEM, item=item, retro=retro)
    services.retro_close(actor=SYSTEM, retro=retro, summary=spec.summary)

    Retrospective.objects.filter(pk=retro.pk).update(
        created_at=start, closed_at=start + datetime.timedelta(minutes=60 + rng.randint(0, 20))
    )
    Card.objects.filter(retro=retro).update(written_on=start.date())


def _team_kept(retro: Retrospective, team: Team) -> Retrospective:
    """The retro with its team attached: the services re-read the retro on every call, which drops
    the team, and each member's access check would fetch it again (a query per card and vote)."""
    retro.team = team
    return retro


def _vote_weight(topic: CardGroup | Card, chosen: set[str | int], cards: list[Card]) -> int:
    key = topic.title if isinstance(topic, CardGroup) else cards.index(topic) + 1
    if key in chosen:
        return 5
    return 2 if isinstance(topic, CardGroup) else 1


def _add_lesson(
    context: DemoContext,
    spec: DemoLesson,
    source: Card | CardGroup | TimelineEntry | ContributingFactor,
    drawn: datetime.datetime,
    *,
    by: Person,
    retro: Retrospective | None = None,
) -> None:
    """Draw the lesson, give it its action item and play out how the item ended, then date it all."""
    lesson = services.lesson_create(actor=by, source=source, title=spec.title, tags=list(spec.tags))
    Lesson.objects.filter(pk=lesson.pk).update(created_at=drawn)
    lesson.created_at = drawn
    context.created["lessons"] += 1
    earlier = Lesson.objects.filter(team=lesson.team, title=spec.repeats).first() if spec.repeats else None
    if earlier is not None:
        repeat = services.repeat_link(actor=by, later=lesson, earlier=earlier, reason=Repeat.Reason.SEEN_BEFORE)
        Repeat.objects.filter(pk=repeat.pk).update(created_at=drawn)
    item_spec = spec.item
    if item_spec is None:
        return
    owner = context.people[item_spec.owner]
    due_on = drawn.date() + datetime.timedelta(days=item_spec.due_in)
    # The command line adds the items: only it may give a due date that is already past.
    item = services.action_item_create(
        actor=SYSTEM, lesson=lesson, title=item_spec.title, owner=owner, due_on=due_on, retro=retro
    )
    context.created["action items"] += 1
    created = drawn + datetime.timedelta(minutes=3)
    outcome = item_spec.outcome
    if outcome is None:
        ActionItem.objects.filter(pk=item.pk).update(created_at=created)
        return
    closed_at = _moment(due_on + datetime.timedelta(days=outcome.days), "16:30")
    if isinstance(outcome, Done):
        change = services.action_item_complete(
            actor=owner, item=item, what=outcome.what, where=outcome.where, evidence_url=outcome.evidence
        )
        Change.objects.filter(pk=change.pk).update(recorded_at=closed_at)
    else:
        services.action_item_drop(actor=owner, item=item, reason=outcome.reason)
    ActionItem.objects.filter(pk=item.pk).update(created_at=created, closed_at=closed_at)


def add_reviews(context: DemoContext) -> None:
    existing = set(
        Review.objects.filter(external_id__in=[spec.external_id for spec in REVIEWS]).values_list(
            "external_id", flat=True
        )
    )
    categories = {category.name: category for category in FactorCategory.objects.all()}
    for spec in REVIEWS:
        if spec.external_id not in existing:
            _add_review(context, spec, categories)
            context.created["reviews"] += 1


def _add_review(context: DemoContext, spec: DemoReview, categories: dict[str, FactorCategory]) -> None:
    team, author = context.teams[spec.team], context.people[spec.author]
    review = services.review_create(
        actor=author,
        team=team,
        title=spec.title,
        kind=spec.kind,
        severity=spec.severity,
        visibility=spec.visibility,
        summary=spec.summary,
    )
    review = services.review_update(
        actor=author,
        review=review,
        version=review.version,
        impact=spec.impact,
        detection=spec.detection,
        went_well=spec.went_well,
        got_lucky=spec.got_lucky,
    )
    entries = [
        services.timeline_add(
            actor=author, review=review, at=_moment(_day(spec.days_ago - offset), at), text=text, kind=kind
        )
        for offset, at, kind, text in spec.timeline
    ]
    factors = {
        category: services.factor_add(actor=author, review=review, category=categories[category], description=text)
        for category, text in spec.factors
    }
    # Written the day after it ended, lessons drawn the day after that, published when it was read.
    last = max(entry.at for entry in entries)
    written = _moment(last.date() + datetime.timedelta(days=1), "10:00")
    drawn = written + datetime.timedelta(days=1, hours=5)
    published = written + datetime.timedelta(days=3, hours=6)
    for lesson_spec in spec.lessons:
        source: ContributingFactor | TimelineEntry = (
            factors[lesson_spec.source] if isinstance(lesson_spec.source, str) else entries[lesson_spec.source - 1]
        )
        _add_lesson(context, lesson_spec, source, drawn, by=author)
    if spec.status in (IN_REVIEW, PUBLISHED):
        review = services.review_set_status(actor=author, review=review, status=IN_REVIEW)
    if spec.status == PUBLISHED:
        # A facilitator of the team publishes what its author put up for review.
        publisher = context.people[_facilitator_of(spec.team)]
        review = services.review_set_status(actor=publisher, review=review, status=PUBLISHED)
    Review.objects.filter(pk=review.pk).update(
        external_id=spec.external_id,
        created_at=written,
        updated_at=published if spec.status == PUBLISHED else drawn,
        published_at=published if spec.status == PUBLISHED else None,
    )
    earlier = Review.objects.filter(external_id=f"demo-review-{spec.repeats:02d}").first() if spec.repeats else None
    if earlier is not None:
        review.refresh_from_db()
        repeat = services.repeat_link(
            actor=author,
            later=review,
            earlier=earlier,
            reason=Repeat.Reason.SAME_FACTOR,
            note=spec.repeat_note,
        )
        Repeat.objects.filter(pk=repeat.pk).update(created_at=drawn)


# Reviews first: the retros after them refer to what they found.
DEMO_STEPS: tuple[DemoStep, ...] = (add_factor_categories, add_retro_formats, add_reviews, add_retrospectives)
