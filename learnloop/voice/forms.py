"""Forms of the voice pages: answering a pulse, starting one, defining an instrument, questions."""

from __future__ import annotations

from typing import Any

from django import forms

from learnloop.people.models import Team
from learnloop.voice.instruments import ItemSpec
from learnloop.voice.models import Instrument, PulseRun, Question


class AnswerForm(forms.Form):
    """One radio group per item (1..points) and an optional comment per item."""

    def __init__(self, run: PulseRun, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = run.instrument
        self.items = list(instrument.items.all())
        choices = [(str(score), str(score)) for score in range(1, instrument.points + 1)]
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text, choices=choices, coerce=int, widget=forms.RadioSelect, required=True
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label="Comment (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
            )
        if run.segment_choices:
            self.fields["segment"] = forms.ChoiceField(
                label=f"{run.segment_label} (optional)",
                choices=[("", "I'd rather not say")] + [(choice, choice) for choice in run.segment_choices],
                required=False,
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"item_{item.pk}"], self[f"comment_{item.pk}"]) for item in self.items]

    def scores(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}

    def comments(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"comment_{item.pk}", "") for item in self.items}


class RunForm(forms.Form):
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.all())
    title = forms.CharField(max_length=200)
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.order_by("path"), help_text="The pulse goes to these teams and every team below them."
    )
    opens_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    segment_label = forms.CharField(
        max_length=100, required=False, label="Optional question about people (e.g. How long have you been here?)"
    )
    segment_choices = forms.CharField(
        required=False,
        label="Its answers, one per line",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Results are broken down by it for analysts, always through the anonymity guard.",
    )


class InstrumentForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    points = forms.IntegerField(min_value=2, max_value=11, initial=7, label="Scale points")
    items = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Items, one per line",
        help_text="<code>construct | statement</code>, and <code>| R</code> at the end for a reverse-scored item.",
    )

    def clean_items(self) -> list[ItemSpec]:
        specs = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            reverse = len(parts) == 3 and parts[2].upper() == "R"
            if len(parts) not in (2, 3) or (len(parts) == 3 and not reverse) or not parts[0] or not parts[1]:
                raise forms.ValidationError(f"Line {number}: write “construct | statement”, optionally “| R”.")
            specs.append(ItemSpec(text=parts[1], construct=parts[0], reverse_scored=reverse))
        if not specs:
            raise forms.ValidationError("Write at least one item.")
        return specs


class AskForm(forms.Form):
    to = forms.ChoiceField(choices=Question.To.choices, label="Ask")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label="Team")
    manager = forms.ChoiceField(required=False, label="Manager")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Your question")

    def __init__(self, *args: Any, teams: Any = None, managers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["manager"].choices = [("", "—")] + [(str(m.pk), str(m)) for m in (managers or [])]  # type: ignore[attr-defined]


class AnswerQuestionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[c for c in Question.Status.choices if c[0] != Question.Status.OPEN], label="Status"
    )
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Answer (for “won't do”, the reason)", max_length=4000
    )


class HideForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Reason for hiding")
