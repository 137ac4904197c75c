"""`{% writing_aids "review" review form_id="..." %}`: render the registered writing aids (see loops.writing_aids)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from learnloop.loops.writing_aids import writing_aids_for

register = template.Library()


@register.simple_tag(takes_context=True)
def writing_aids(context: template.Context, subject: str, obj: Any = None, **details: Any) -> SafeString:
    request = context.get("request")
    parts = [
        render_to_string(aid.template, {"aid": aid.context}, request=request)
        for aid in writing_aids_for(request, subject, obj, details)
    ]
    return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered (auto-escaped) template
