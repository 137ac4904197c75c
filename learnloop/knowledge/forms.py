"""Forms for playbook, decision-note and reuse pages; they only parse input, services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms

from learnloop.knowledge.models import DecisionNote, Playbook
from learnloop.loops.models import Visibility
from learnloop.loops.review_forms import parse_tags

MARKDOWN_HELP = "Markdown: headings, lists, links, tables. It is rendered and sanitized on the server."


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlaybookForm(forms.Form):
    title = forms.CharField(max_length=300)
    body = forms.CharField(label="Text", widget=_area(18), required=False, help_text=MARKDOWN_HELP)
    review_by = forms.DateField(
        label="Review by", widget=_date(), help_text="After this date the playbook is listed as stale."
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.TEAM,
        help_text="Team only until you choose to share it with the whole organization.",
    )
    tags = forms.CharField(required=False, help_text="Comma-separated, e.g. deploys, on-call.")
    note = forms.CharField(
        label="What changed", max_length=300, required=False, help_text="A few words for the revision history."
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change = forms.IntegerField(widget=forms.HiddenInput, required=False)

    TEXT_FIELDS = ["title", "body"]

    @classmethod
    def initial_for(cls, playbook: Playbook) -> dict[str, Any]:
        return {
            "title": playbook.title,
            "body": playbook.body,
            "review_by": playbook.review_by,
            "visibility": playbook.visibility,
            "tags": ", ".join(playbook.tags.values_list("name", flat=True)),
            "version": playbook.version,
        }

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "review_by": data["review_by"],
            "visibility": data["visibility"],
            "tags": parse_tags(data["tags"]),
            "note": data["note"],
        }


class DecisionForm(forms.Form):
    title = forms.CharField(max_length=300)
    status = forms.ChoiceField(choices=DecisionNote.Status.choices, initial=DecisionNote.Status.PROPOSED)
    superseded_by = forms.IntegerField(
        label="Superseded by (note number)",
        required=False,
        min_value=1,
        help_text="Only for a superseded note: the number of the note that replaces it.",
    )
    context = forms.CharField(widget=_area(5), required=False, help_text="What made a decision necessary.")
    options = forms.CharField(
        label="Options considered", widget=_area(6), required=False, help_text="One per list item, with pros and cons."
    )
    decision = forms.CharField(widget=_area(4), required=False, help_text="What we decided, and why.")
    consequences = forms.CharField(widget=_area(4), required=False, help_text="What follows, good and bad.")
    review_on = forms.DateField(label="Review on", widget=_date(), required=False)
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.TEAM)
    tags = forms.CharField(required=False, help_text="Comma-separated.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    TEXT_FIELDS = ["title", "context", "options", "decision", "consequences"]

    @classmethod
    def initial_for(cls, note: DecisionNote) -> dict[str, Any]:
        initial = {name: getattr(note, name) for name in cls.base_fields if name not in {"tags", "superseded_by"}}
        initial["superseded_by"] = note.superseded_by_id
        initial["tags"] = ", ".join(note.tags.values_list("name", flat=True))
        return initial


class CiteForm(forms.Form):
    where = forms.CharField(
        label="Where you cited it", max_length=500, help_text="A link or the name of the document, review or plan."
    )
