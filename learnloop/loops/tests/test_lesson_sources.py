from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from learnloop.loops import services
from learnloop.loops.models import FactorCategory, Lesson, Repeat


def test_a_lesson_keeps_the_factor_it_came_from(alice, review):
    category = FactorCategory.objects.create(name="Config change", slug="config-change")
    factor = services.factor_add(actor=alice, review=review, category=category, description="Bad flag")
    lesson = services.lesson_create(actor=alice, source=factor, title="Flags need review", tags=["Config", "flags"])
    assert lesson.source_factor == factor
    assert lesson.team == review.team
    assert sorted(lesson.tags.values_list("name", flat=True)) == ["config", "flags"]


def test_the_database_refuses_a_lesson_without_a_source(alice, org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Lesson.objects.create(team=org["platform"], title="Orphan")


def test_a_source_with_a_lesson_cannot_be_removed(alice, lesson):
    with pytest.raises(ValidationError, match="keeps its source"):
        services.timeline_remove(actor=alice, entry=lesson.source_timeline_entry)


def test_a_lesson_is_linked_to_an_earlier_one_as_a_repeat(alice, bob, review, lesson):
    later = services.lesson_create(actor=bob, source=review, title="Canaries again")
    repeat = services.repeat_link(actor=bob, later=later, earlier=lesson)
    assert (repeat.lesson, repeat.earlier_lesson) == (later, lesson)
    assert services.repeat_link(actor=bob, later=later, earlier=lesson) == repeat
    assert Repeat.objects.count() == 1


def test_a_lesson_cannot_repeat_itself(bob, lesson):
    with pytest.raises(ValidationError, match="cannot repeat itself"):
        services.repeat_link(actor=bob, later=lesson, earlier=lesson)
