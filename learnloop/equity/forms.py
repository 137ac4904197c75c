"""Forms for opportunities, applications, decisions and the audit."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms

from learnloop.equity.models import Kind
from learnloop.people.models import Team


class OpportunityForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Kind.choices)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="Markdown.")
    skills = forms.CharField(max_length=500, required=False, help_text="Skills it builds, separated by commas.")
    capacity = forms.IntegerField(
        min_value=1, max_value=1000, initial=1, help_text="How many people can be awarded it."
    )
    deadline = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="Last day to apply.")
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.order_by("path"),
        required=False,
        help_text="Open to these teams and every team under them. Choose none to open it to everyone.",
    )
    min_level = forms.IntegerField(
        min_value=0, max_value=50, required=False, label="Lowest team level", help_text="0 is a top-level team."
    )
    max_level = forms.IntegerField(min_value=0, max_value=50, required=False, label="Highest team level")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].label_from_instance = lambda team: f"{'— ' * team.depth}{team.name}"  # type: ignore[attr-defined]
        if not self.is_bound:
            self.fields["deadline"].initial = datetime.date.today() + datetime.timedelta(days=14)


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Optional: what you hope to learn, or why now.",
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("award", "Award"), ("decline", "Not this time")])
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="Why: the applicant and the audit trail see it."
    )


class AuditForm(forms.Form):
    by = forms.ChoiceField(label="Group by")
    min_count = forms.IntegerField(
        min_value=1, max_value=1000, initial=1, label="Selected at", help_text="records or more"
    )
    start = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="A whole calendar quarter or year, or empty for the whole history.",
    )
    end = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(required=False, label="Kind of record")

    def __init__(self, *args: Any, dimensions: list[str], kinds: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by = self.fields["by"]
        assert isinstance(by, forms.ChoiceField)
        by.choices = [(dimension, dimension_label(dimension)) for dimension in dimensions]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Every kind"), *((name, name) for name in kinds)]


def dimension_label(dimension: str) -> str:
    if dimension.startswith("team-level:"):
        level = int(dimension.partition(":")[2])
        return "Top-level teams" if level == 0 else f"Teams at level {level}"
    return dimension


class ParticipationForm(forms.Form):
    by = forms.ChoiceField(label="Group by")
    start = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, dimensions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by = self.fields["by"]
        assert isinstance(by, forms.ChoiceField)
        by.choices = [(dimension, dimension_label(dimension)) for dimension in dimensions]
