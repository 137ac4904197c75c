"""The voice list pages take a fixed number of queries, however many pulses and questions there are."""

from __future__ import annotations

from learnloop.voice import questions
from learnloop.voice.models import Question
from learnloop.voice.tests.pulses import open_pulse


def test_the_questions_page_takes_a_fixed_number_of_queries(client, alice, bob, org, django_assert_max_num_queries):
    for number in range(5):
        question = questions.question_ask(actor=bob, to=Question.To.TEAM, team=org["platform"], text=f"Q{number}?")
        questions.question_upvote(actor=alice, question=question)
    client.force_login(alice.user)
    with django_assert_max_num_queries(12):
        response = client.get("/questions/")
    assert response.content.decode().count("You voted for this.") == 5


def test_the_pulses_page_takes_a_fixed_number_of_queries(client, erin, org, django_assert_max_num_queries):
    for number in range(6):
        open_pulse([org["platform"]], title=f"Pulse {number}")
    client.force_login(erin.user)
    with django_assert_max_num_queries(10):
        response = client.get("/pulses/")
    assert response.content.decode().count("Pulse ") >= 6
