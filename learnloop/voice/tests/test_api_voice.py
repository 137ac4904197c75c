"""The voice API: guarded results, answering, and questions without an asker."""

from __future__ import annotations

from learnloop.voice.models import Question, Response
from learnloop.voice.tests.pulses import answer, members, open_pulse


def test_results_are_guarded_exactly_as_on_the_page(api_as, alice, org):
    people = members(org["platform"], 6)
    run = open_pulse([org["platform"]])
    for person in people[:4]:
        answer(run, person, 6)
    body = api_as(alice).get(f"/pulses/{run.pk}/results").json()
    platform = next(g for g in body["groups"] if g["kind"] == "team")
    assert platform["shown"] is False and platform["respondents"] is None and platform["constructs"] is None
    answer(run, people[4], 6)
    body = api_as(alice).get(f"/pulses/{run.pk}/results").json()
    platform = next(g for g in body["groups"] if g["kind"] == "team")
    assert platform["shown"] and platform["respondents"] == 5
    assert platform["team"]["slug"] == "platform"
    assert platform["constructs"][0]["mean"] > 4


def test_answering_through_the_api_stores_an_anonymous_response_once(api_as, bob, org):
    run = open_pulse([org["platform"]])
    detail = api_as(bob).get(f"/pulses/{run.pk}").json()
    assert detail["answered"] is False and len(detail["items"]) == 7
    scores = {str(item["id"]): 5 for item in detail["items"]}
    assert api_as(bob).post(f"/pulses/{run.pk}/answers", {"scores": scores}).status_code == 204
    again = api_as(bob).post(f"/pulses/{run.pk}/answers", {"scores": scores})
    assert again.status_code == 400 and "already answered" in again.json()["detail"]
    assert Response.objects.count() == 1
    assert api_as(bob).get(f"/pulses/{run.pk}").json()["answered"] is True


def test_a_missing_score_is_a_field_error(api_as, bob, org):
    run = open_pulse([org["platform"]])
    response = api_as(bob).post(f"/pulses/{run.pk}/answers", {"scores": {}})
    assert response.status_code == 400 and any(key.startswith("item_") for key in response.json()["errors"])


def test_outsiders_get_404_for_a_pulse_they_have_nothing_to_do_with(api_as, charlie, org):
    run = open_pulse([org["platform"]])
    assert api_as(charlie).get(f"/pulses/{run.pk}").status_code == 404


def test_questions_are_asked_upvoted_answered_and_hidden_over_the_api(api_as, alice, bob, charlie, erin, org):
    asked = api_as(bob).post("/questions", {"to": "team", "team": "platform", "text": "Can we stop Friday deploys?"})
    assert asked.status_code == 201
    body = asked.json()
    assert "asker" not in body and "author" not in body
    question_id = body["id"]
    assert api_as(alice).post(f"/questions/{question_id}/upvote").json()["votes"] == 1
    assert api_as(alice).post(f"/questions/{question_id}/upvote").status_code == 400
    assert (
        api_as(bob).post(f"/questions/{question_id}/answer", {"status": "answered", "answer": "x"}).status_code == 403
    )
    answered = api_as(alice).post(
        f"/questions/{question_id}/answer", {"status": "wont_do", "answer": "Fridays are our only release window."}
    )
    assert answered.json()["status"] == "wont_do"
    assert api_as(charlie).post(f"/questions/{question_id}/upvote").status_code == 404
    assert api_as(erin).post(f"/questions/{question_id}/hide", {"reason": "Duplicate"}).status_code == 200
    assert api_as(bob).get("/questions").json()["items"] == []
    assert Question.objects.get().hidden


def test_the_question_list_never_names_an_asker(api_as, bob, charlie):
    api_as(bob).post("/questions", {"to": "organization", "text": "Why so many meetings?"})
    listed = api_as(charlie).get("/questions").json()["items"]
    assert [q["text"] for q in listed] == ["Why so many meetings?"]
    assert "Bob" not in str(listed)


def test_a_malformed_question_id_is_simply_not_found(api_as, bob):
    assert api_as(bob).post("/questions/not-a-question/upvote").status_code == 404
