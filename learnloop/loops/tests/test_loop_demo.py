"""The demo's learning-loop history: four months of retros, reviews, lessons and action items."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from learnloop.core.models import AuditEvent
from learnloop.loops import panels, selectors
from learnloop.loops.demo import RETROS
from learnloop.loops.models import (
    ActionItem,
    Card,
    Lesson,
    Phase,
    Repeat,
    Retrospective,
    Review,
    SafetyScore,
    TimelineEntry,
    Vote,
)
from learnloop.loops.views.reviews import blame_panel
from learnloop.people.demo import load_demo
from learnloop.people.models import Person, Team

TEAMS = ["Platform", "Payments", "Mobile", "Data", "Support"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (it takes seconds) and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def person(demo, db):
    def by_email(email: str) -> Person:
        return Person.objects.select_related("user").get(user__email=email)

    return by_email


def closed_retros(team_name: str):
    return Retrospective.objects.filter(team__name=team_name, phase=Phase.CLOSED)


def test_five_teams_have_three_to_six_closed_retros_in_mixed_formats(demo, db):
    for name in TEAMS:
        assert 3 <= closed_retros(name).count() <= 6, name
    formats = set(Retrospective.objects.values_list("format", flat=True))
    assert {"start-stop-continue", "4ls", "mad-sad-glad", "sailboat"} <= formats
    assert any(format.startswith("custom:") for format in formats)


def test_every_closed_retro_has_cards_groups_votes_safety_scores_a_summary_and_items(demo, db):
    for retro in Retrospective.objects.filter(phase=Phase.CLOSED):
        cards = retro.cards.all()
        assert 8 <= cards.count() <= 15, retro
        assert cards.filter(is_anonymous=True).count() > cards.count() / 2, retro
        assert retro.groups.exists() and retro.summary, retro
        assert SafetyScore.objects.filter(retro=retro).count() >= 3, retro
        votes = Counter(Vote.objects.filter(retro=retro).values_list("voter_id", flat=True))
        assert votes and max(votes.values()) <= retro.votes_per_person, retro
        items = ActionItem.objects.filter(retro=retro).select_related("lesson")
        assert 1 <= items.count() <= 3, retro
        for item in items:
            assert item.lesson.source_card_id or item.lesson.source_group_id, item
    assert Card.objects.filter(is_anonymous=False, author__isnull=False).exists()


def test_anonymous_cards_name_nobody_not_even_in_the_audit_log(demo, db):
    anonymous = Card.objects.filter(is_anonymous=True)
    assert not anonymous.filter(author__isnull=False).exists()
    ids = [str(pk) for pk in anonymous.values_list("pk", flat=True)]
    assert not AuditEvent.objects.filter(target_type="loops.card", target_id__in=ids).exists()


def test_one_retro_gathers_cards_now_and_another_collects_them_until_next_week(demo, db, person):
    live = Retrospective.objects.get(team__name="Platform", phase=Phase.GATHERING)
    assert live.mode == Retrospective.Mode.LIVE and live.cards.exists()
    # Diego (member of Platform) can still join in: he has not answered its safety check.
    assert not live.check_ins.filter(person=person("diego.alvarez@northwind.example")).exists()
    collecting = Retrospective.objects.get(mode=Retrospective.Mode.ASYNC, phase=Phase.GATHERING)
    assert collecting.cards.exists()
    days_left = (collecting.gather_until - timezone.now()).days
    assert 3 <= days_left <= 7


def test_the_newest_retro_of_each_team_opens_with_carried_over_items(demo, db):
    for name in TEAMS:
        newest = Retrospective.objects.filter(team__name=name).order_by("-created_at").first()
        assert selectors.carried_over_items(newest).exists(), name


def test_reviews_are_mostly_published_with_one_in_review_and_one_draft(demo, db):
    reviews = Review.objects.all()
    assert 6 <= reviews.count() <= 10
    statuses = Counter(reviews.values_list("status", flat=True))
    assert statuses[Review.Status.IN_REVIEW] == 1 and statuses[Review.Status.DRAFT] == 1
    published = reviews.filter(status=Review.Status.PUBLISHED)
    assert {"team", "organization"} == set(published.values_list("visibility", flat=True))
    assert len(set(reviews.values_list("team", flat=True))) >= 4
    assert {Review.Kind.INCIDENT, Review.Kind.PROJECT, Review.Kind.CUSTOMER} == set(
        reviews.values_list("kind", flat=True)
    )
    for review in reviews:
        kinds = set(review.timeline.values_list("kind", flat=True))
        assert 4 <= review.timeline.count() <= 8, review
        assert {TimelineEntry.Kind.STARTED, TimelineEntry.Kind.DETECTED, TimelineEntry.Kind.MITIGATED} <= kinds
        assert review.factors.exists() and review.impact and review.went_well and review.got_lucky, review
    for review in reviews.exclude(status=Review.Status.DRAFT):
        lessons = Lesson.objects.filter(source_factor__review=review) | Lesson.objects.filter(
            source_timeline_entry__review=review
        )
        assert 1 <= lessons.count() <= 2, review


def test_the_draft_review_gives_the_blame_check_two_phrases_to_show(demo, db, person):
    draft = Review.objects.get(status=Review.Status.DRAFT)
    panel = blame_panel(draft, person("diego.alvarez@northwind.example"))
    assert len(panel.findings) == 2
    others = Review.objects.exclude(pk=draft.pk)
    assert all(not blame_panel(review, person("samira.haddad@northwind.example")).findings for review in others)


def test_a_repeated_review_and_a_regenerated_item_are_linked(demo, db):
    repeat = Repeat.objects.get(review__isnull=False)
    assert repeat.earlier_review.created_at < repeat.review.created_at
    assert repeat.review.team == repeat.earlier_review.team
    item = ActionItem.objects.get(regenerated_in__isnull=False)
    assert item.regenerated_in.created_at > item.retro.created_at
    assert Repeat.objects.filter(lesson__isnull=False).exists()


def test_every_item_ends_as_the_loop_requires(demo, db):
    items = ActionItem.objects.select_related("change", "lesson")
    statuses = Counter(item.status for item in items)
    assert statuses[ActionItem.Status.DONE] > statuses[ActionItem.Status.OPEN] > statuses[ActionItem.Status.DROPPED] > 0
    for item in items:
        if item.status == ActionItem.Status.DONE:
            assert item.change.what and item.change.where, item
            assert item.change.recorded_at > item.lesson.created_at, item
            assert item.change.recorded_by == item.owner, item
        elif item.status == ActionItem.Status.DROPPED:
            assert item.drop_reason, item
    assert items.filter(change__evidence_url__startswith="https://git.northwind.example/").exists()
    for lesson in Lesson.objects.all():
        assert sum(getattr(lesson, f"{name}_id") is not None for name in Lesson.SOURCES) == 1, lesson


def test_diego_has_an_overdue_item_and_one_due_soon(demo, db, person):
    diego = person("diego.alvarez@northwind.example")
    assert selectors.overdue_items(owner=diego).exists()
    due = panels.action_items_due(diego)
    assert any(item.overdue for item in due) and any(not item.overdue for item in due)


def test_samira_sees_overdue_items_of_platform(demo, db, person):
    samira = person("samira.haddad@northwind.example")
    panel = panels.team_loop_panel(Team.objects.get(name="Platform"), samira)
    assert panel.context["overdue"]


def test_follow_through_differs_between_teams(demo, db):
    rates = {name: selectors.loop_measures(team=Team.objects.get(name=name)).follow_through for name in TEAMS}
    assert 0 < rates["Platform"] < 1
    assert all(0.5 <= rate <= 0.9 for rate in rates.values()), rates
    assert max(rates.values()) - min(rates.values()) >= 0.2, rates


def test_its_history_lies_in_the_past_in_order(demo, db):
    now, today = timezone.now(), timezone.localdate()
    retros = Retrospective.objects.all()
    assert not retros.filter(created_at__gt=now).exists()
    assert max(retros.values_list("created_at", flat=True)) - min(
        retros.values_list("created_at", flat=True)
    ) > datetime.timedelta(days=60)
    for name in TEAMS:
        titles = list(
            Retrospective.objects.filter(team__name=name).order_by("created_at").values_list("title", flat=True)
        )
        assert titles == [spec.title for spec in RETROS if spec.team == name.lower()]
        for earlier, later in itertools.pairwise(titles):
            gap = (
                Retrospective.objects.get(title=later).created_at - Retrospective.objects.get(title=earlier).created_at
            )
            assert datetime.timedelta(days=12) <= gap <= datetime.timedelta(days=21), (earlier, later)
    for retro in retros.filter(phase=Phase.CLOSED):
        assert retro.created_at < retro.closed_at < now
        assert not retro.cards.filter(written_on__gt=today).exists()
        assert not Lesson.objects.filter(action_items__retro=retro, created_at__lt=retro.created_at).exists()
    for item in ActionItem.objects.exclude(status=ActionItem.Status.OPEN):
        assert item.created_at < item.closed_at < now, item
    done = ActionItem.objects.filter(status=ActionItem.Status.DONE)
    assert any(item.closed_at.date() <= item.due_on for item in done)
    assert any(item.closed_at.date() > item.due_on for item in done)
    for review in Review.objects.all():
        entries = list(review.timeline.values_list("at", flat=True))
        assert entries == sorted(entries) and entries[-1] < review.created_at < now, review
        if review.published_at is not None:
            assert review.created_at < review.published_at < now, review


def test_it_counts_what_it_created(demo, db):
    assert demo.created["retros"] == Retrospective.objects.count()
    assert demo.created["reviews"] == Review.objects.count()
    assert demo.created["action items"] == ActionItem.objects.count()
    assert demo.created["lessons"] == Lesson.objects.count()


def test_it_writes_through_the_services_with_an_audit_trail(demo, db):
    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions["retro.created"] == Retrospective.objects.count()
    assert actions["review.created"] == Review.objects.count()
    assert actions["action_item.created"] == ActionItem.objects.count()
    assert actions["action_item.done"] == ActionItem.objects.filter(status=ActionItem.Status.DONE).count()
    # The loop's history is written by the people who did it; the rest by the command line.
    labels = set(AuditEvent.objects.values_list("actor_label", flat=True))
    assert labels <= {"system (command line)", *Person.objects.values_list("display_name", flat=True)}


def test_loading_it_again_creates_nothing(demo, db):
    tables = (Retrospective, Card, Vote, SafetyScore, Review, TimelineEntry, Lesson, ActionItem, Repeat, AuditEvent)
    before = {model.__name__: model.objects.count() for model in tables}
    summary = load_demo()
    assert not any(summary.created.values())
    assert {model.__name__: model.objects.count() for model in tables} == before
