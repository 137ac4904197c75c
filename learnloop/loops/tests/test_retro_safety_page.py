"""The opening safety check: anonymous answers, shown only as a count per score, in batches of three."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import _person
from learnloop.loops import services
from learnloop.loops.models import SafetyCheckIn, SafetyScore
from learnloop.loops.retro_export import safety_distribution


@pytest.fixture
def members(org):
    return [_person(f"Member {n}", f"member{n}@example.com", org["platform"]) for n in range(3)]


@pytest.fixture
def retro(alice, org):
    return services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="4ls")


def _answer(client, retro, person, score):
    client.force_login(person.user)
    return client.post(reverse("retro-safety", args=[retro.pk]), {"score": score})


def test_answering_stores_the_score_apart_from_the_person(client, retro, members):
    _answer(client, retro, members[0], "2")
    assert SafetyCheckIn.objects.filter(retro=retro, person=members[0]).exists()
    assert list(SafetyScore.objects.values_list("score", flat=True)) == [2]


def test_the_distribution_stays_hidden_below_three_answers(client, alice, retro, members):
    for person, score in zip(members[:2], ["1", "5"], strict=True):
        _answer(client, retro, person, score)
    client.force_login(alice.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "2 answers so far" in page
    assert "retro-distribution" not in page


def test_from_three_answers_everyone_sees_the_count_per_score(client, alice, retro, members):
    for person, score in zip(members, ["1", "5", "5"], strict=True):
        _answer(client, retro, person, score)
    client.force_login(alice.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    row = page.split('<th scope="row">Answers</th>')[1].split("</tr>")[0]
    assert row == "<td>1</td><td>0</td><td>0</td><td>0</td><td>2</td>"
    assert "Member 0" not in page.split('id="safety-heading"')[1].split("</section>")[0]  # no names


def test_a_person_who_answered_sees_thanks_instead_of_the_form(client, retro, members):
    _answer(client, retro, members[0], "3")
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "Thank you: your answer is counted" in page
    assert 'name="score"' not in page


def test_a_second_answer_is_refused(client, retro, members):
    _answer(client, retro, members[0], "3")
    response = client.post(reverse("retro-safety", args=[retro.pk]), {"score": "1"}, follow=True)
    assert "You already answered the safety check for this retro." in response.content.decode()
    assert SafetyScore.objects.count() == 1


def test_answers_join_the_distribution_in_batches_so_no_single_answer_shows(client, alice, retro, members, org):
    """With the distribution visible, a fourth answer must not move it by one: whoever watched
    the fourth person answer would learn their score. It waits for two more."""
    extra = [_person(f"Member {n}", f"member{n}@example.com", org["platform"]) for n in range(3, 6)]
    for person, score in zip(members, ["1", "5", "5"], strict=True):
        _answer(client, retro, person, score)
    before = safety_distribution(retro)
    _answer(client, retro, extra[0], "2")
    _answer(client, retro, extra[1], "2")
    assert safety_distribution(retro) == before
    client.force_login(alice.user)
    assert "5 answers so far" in client.get(reverse("retro", args=[retro.pk])).content.decode()
    _answer(client, retro, extra[2], "3")
    assert safety_distribution(retro) == {1: 1, 2: 2, 3: 1, 4: 0, 5: 2}
