""" "Seen before?" beside the loop's writing forms: registered as a loop writing aid, so the loop's
templates show it without the loop importing knowledge. The panel asks `knowledge-seen-before`
(debounced, as the person types) and offers to link a suggestion as a repeat."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from learnloop.loops.writing_aids import WritingAid, register_writing_aid
from learnloop.people.models import Person

SUBJECTS = {"review", "lesson", "card"}


@register_writing_aid
def seen_before_panel(
    request: HttpRequest | None, subject: str, obj: Any, details: dict[str, Any]
) -> WritingAid | None:
    viewer = getattr(request, "actor", None)
    if subject not in SUBJECTS or not isinstance(viewer, Person) or not details.get("form_id"):
        return None
    if subject == "review" and obj is None:
        team = details.get("team")
        if team is None:
            return None
        values = {"subject": "review-new", "team": team.slug}
    elif subject == "card":
        values = {"subject": "card", "retro": obj.pk}
    else:
        values = {"subject": subject, "object": obj.pk}
    return WritingAid(
        template="knowledge/seen_before_panel.html",
        context={
            "url": reverse("knowledge-seen-before"),
            "form_id": details["form_id"],
            "values_json": json.dumps(values),
            "key": f"{values['subject']}-{details['form_id']}",
            "compact": subject == "card",
        },
    )
