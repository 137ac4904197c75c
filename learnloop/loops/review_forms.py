"""Forms for review, lesson and action-item pages; they only parse input, services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from learnloop.loops.models import (
    ContributingFactor,
    FactorCategory,
    Review,
    TimelineEntry,
    Visibility,
)
from learnloop.people.models import Person, Team

TEXT_HELP = "Describe conditions and decisions as they looked at the time; Markdown is allowed."


def _area(rows: int = 4, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


def parse_tags(raw: str) -> list[str]:
    return [tag.strip() for tag in raw.split(",") if tag.strip()]


class ReviewCreateForm(forms.Form):
    kind = forms.ChoiceField(choices=Review.Kind.choices, initial=Review.Kind.INCIDENT)
    title = forms.CharField(max_length=300)
    severity = forms.ChoiceField(choices=Review.Severity.choices, required=False)
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.TEAM,
        help_text="Team only until you choose to share it with the whole organization.",
    )
    summary = forms.CharField(widget=_area(), required=False, help_text=TEXT_HELP)


class ReviewEditForm(forms.Form):
    """Every text field of a review; `version` is the one this edit started from."""

    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Review.Kind.choices)
    severity = forms.ChoiceField(choices=Review.Severity.choices, required=False)
    visibility = forms.ChoiceField(choices=Visibility.choices)
    summary = forms.CharField(widget=_area(), required=False, help_text=TEXT_HELP)
    impact = forms.CharField(widget=_area(), required=False, help_text="Who and what was affected, and for how long.")
    detection = forms.CharField(widget=_area(3), required=False, help_text="How we found out.")
    went_well = forms.CharField(label="What went well", widget=_area(3), required=False)
    got_lucky = forms.CharField(label="Where we got lucky", widget=_area(3), required=False)
    body = forms.CharField(
        label="Narrative",
        widget=_area(10),
        required=False,
        help_text="The full story in Markdown, e.g. an imported write-up.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    TEXT_FIELDS = ["title", "summary", "impact", "detection", "went_well", "got_lucky", "body"]

    @classmethod
    def initial_for(cls, review: Review) -> dict[str, Any]:
        return {name: getattr(review, name) for name in cls.base_fields}


class TimelineEntryForm(forms.Form):
    at = forms.DateTimeField(
        label="Time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text="In your local time zone.",
    )
    kind = forms.ChoiceField(choices=TimelineEntry.Kind.choices, initial=TimelineEntry.Kind.EVENT)
    text = forms.CharField(label="What happened", widget=_area(2))


class FactorForm(forms.Form):
    category = forms.ModelChoiceField(queryset=FactorCategory.objects.all(), empty_label=None)
    description = forms.CharField(widget=_area(2), required=False, help_text="The condition, not the person.")


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Review.Status.choices)


class LessonFromReviewForm(forms.Form):
    """A lesson drawn from the review itself, one of its timeline entries or one of its factors."""

    source = forms.ChoiceField(label="Drawn from")
    title = forms.CharField(max_length=300, label="Lesson")
    detail = forms.CharField(widget=_area(3), required=False)
    tags = forms.CharField(required=False, help_text="Comma-separated, e.g. deploys, config.")

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review
        self.entries = {entry.pk: entry for entry in review.timeline.all()}
        self.factors = {factor.pk: factor for factor in review.factors.select_related("category")}
        choices = [("review", "The review as a whole")]
        choices += [(f"entry-{pk}", f"Timeline: {entry}") for pk, entry in self.entries.items()]
        choices += [(f"factor-{pk}", f"Factor: {factor}") for pk, factor in self.factors.items()]
        self.fields["source"].choices = choices  # type: ignore[attr-defined]

    def clean_source(self) -> Review | TimelineEntry | ContributingFactor:
        raw = self.cleaned_data["source"]
        if raw == "review":
            return self.review
        kind, _, pk = raw.partition("-")
        found = (self.entries if kind == "entry" else self.factors).get(int(pk))
        if found is None:
            raise forms.ValidationError("Choose an entry or factor of this review.")
        return found


class RepeatForm(forms.Form):
    earlier = forms.IntegerField(label="Earlier one's number", min_value=1)
    note = forms.CharField(required=False, max_length=500)


class LessonForm(forms.Form):
    title = forms.CharField(max_length=300)
    detail = forms.CharField(widget=_area(5), required=False, help_text="Markdown is allowed.")
    tags = forms.CharField(required=False, help_text="Comma-separated.")
    visibility = forms.ChoiceField(choices=Visibility.choices)


class ActionItemForm(forms.Form):
    title = forms.CharField(max_length=300, label="Action", help_text="A change to how we work, not a reminder.")
    owner = forms.ModelChoiceField(queryset=Person.objects.none())
    due_on = forms.DateField(label="Due on", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members: QuerySet[Person] = Person.objects.filter(memberships__team=team).distinct().order_by("display_name")
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    """Required by the service, not here, so its messages (why a change is needed) are the ones shown."""

    what = forms.CharField(
        label="What changed",
        widget=_area(3),
        required=False,
        help_text="The change to how we work: a new check, a removed step, a fixed default.",
    )
    where = forms.CharField(
        label="Where the change lives",
        max_length=300,
        required=False,
        help_text="A runbook, a pipeline, a checklist, a process.",
    )
    evidence_url = forms.URLField(
        label="Evidence link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Optional: the pull request, page or ticket.",
    )


class DropForm(forms.Form):
    reason = forms.CharField(
        label="Why drop it", widget=_area(2), required=False, help_text="What the team learned by not doing it."
    )


class FactorCategoryForm(forms.Form):
    name = forms.CharField(max_length=100)
    description = forms.CharField(widget=_area(2), required=False)


class ReviewFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("path"), to_field_name="slug", required=False, empty_label="Every team"
    )
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Review.Kind.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *Review.Status.choices], required=False)
    severity = forms.ChoiceField(
        choices=[("", "Any severity"), *[(v, label) for v, label in Review.Severity.choices if v]], required=False
    )
    q = forms.CharField(label="Text", required=False)


class PeriodForm(forms.Form):
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The period starts after it ends.")
        return data
