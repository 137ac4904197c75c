"""A request body larger than the documented limit is refused before it is read: a JSON 413 that
says the limit, and nothing written."""

from __future__ import annotations

from django.conf import settings

from learnloop.knowledge.models import Playbook


def test_a_body_over_the_limit_is_a_json_413_and_nothing_is_written(api_as, bob):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440  # the figure docs/api.md gives
    text = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = api_as(bob).post("/playbooks", {"team": "platform", "title": "Big", "body": text})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "The request body is larger than 2,621,440 bytes, the most Learnloop accepts."}
    assert not Playbook.objects.exists()


def test_a_body_just_under_the_limit_is_read(api_as, bob):
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 200)
    response = api_as(bob).post("/playbooks", {"team": "platform", "title": "Big", "body": text})
    assert response.status_code == 201, response.content[:200]
    assert len(Playbook.objects.get().body) == len(text)
