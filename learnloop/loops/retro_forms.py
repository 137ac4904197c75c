"""Forms of the retrospective pages: they parse and check input; services do the writing."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from learnloop.loops import formats
from learnloop.loops.models import (
    CARD_MAX_LENGTH,
    CARD_TOO_LONG,
    PHASE_ORDER,
    Phase,
    Retrospective,
    RetroTemplate,
    Visibility,
)
from learnloop.people.models import Person, Team

TEMPLATE_PREFIX = "saved-"


class RetroCreateForm(forms.Form):
    title = forms.CharField(max_length=200)
    format = forms.ChoiceField(help_text="The columns cards go into.")
    mode = forms.ChoiceField(choices=Retrospective.Mode.choices, initial=Retrospective.Mode.LIVE)
    gather_until = forms.DateTimeField(
        label="Collect cards until",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text="Only for an asynchronous retro: people add cards until then.",
    )
    votes_per_person = forms.IntegerField(label="Votes per person", min_value=1, max_value=20, initial=3)
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.TEAM,
        help_text="Team only keeps the retro to the team; sharing it with everyone is a deliberate choice.",
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.templates = {f"{TEMPLATE_PREFIX}{t.pk}": t for t in RetroTemplate.objects.filter(team=team)}
        built_in = [(key, name) for key, (name, _columns) in formats.BUILT_IN.items()]
        saved = [(key, f"{template.name} (saved by {team.name})") for key, template in self.templates.items()]
        choice = self.fields["format"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = built_in + saved

    def template(self) -> RetroTemplate | None:
        return self.templates.get(self.cleaned_data["format"])


class RetroTemplateForm(forms.Form):
    name = forms.CharField(max_length=100)
    columns = forms.CharField(
        label="Column titles",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One per line, between one and six.",
    )

    def column_titles(self) -> list[str]:
        return str(self.cleaned_data["columns"]).splitlines()


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=[(p, p) for p in PHASE_ORDER if p != Phase.CLOSED])


class SafetyForm(forms.Form):
    score = forms.TypedChoiceField(
        label="How safe does it feel to speak up here today?",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a score from 1 to 5."},
    )


def card_text(**kwargs: Any) -> forms.CharField:
    """A card's text: required, and at most CARD_MAX_LENGTH characters, with the services' message."""
    field = forms.CharField(max_length=CARD_MAX_LENGTH, **kwargs)
    field.error_messages["max_length"] = CARD_TOO_LONG.replace("{count}", "%(show_value)s")
    return field


class CardAddForm(forms.Form):
    column = forms.CharField(max_length=50)
    text = card_text(widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Write something."})
    named = forms.BooleanField(label="Put my name on it", required=False)


class CardEditForm(forms.Form):
    card = forms.CharField()
    text = card_text(error_messages={"required": "A card cannot be empty."})


class GroupForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)


class CardMoveForm(forms.Form):
    card = forms.CharField()
    group = forms.CharField(required=False)


class GroupRenameForm(forms.Form):
    group = forms.CharField()
    title = forms.CharField(max_length=200, error_messages={"required": "A group needs a title."})


class VoteForm(forms.Form):
    card = forms.CharField(required=False)
    group = forms.CharField(required=False)
    action = forms.ChoiceField(choices=[("cast", "cast"), ("retract", "retract")], required=False)  # cast if empty


class PresentForm(forms.Form):
    person = forms.IntegerField()
    present = forms.TypedChoiceField(choices=[("1", "present"), ("0", "absent")], coerce=lambda v: v == "1")


class FocusForm(forms.Form):
    card = forms.CharField(required=False)
    group = forms.CharField(required=False)
    minutes = forms.IntegerField(label="Minutes", min_value=1, max_value=60, required=False)


class ActionForm(forms.Form):
    card = forms.CharField(required=False, widget=forms.HiddenInput)
    group = forms.CharField(required=False, widget=forms.HiddenInput)
    lesson_title = forms.CharField(label="What we learned", max_length=300)
    action_title = forms.CharField(label="What we will do", max_length=300)
    owner = forms.TypedChoiceField(label="Owner", coerce=int)
    due_on = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        """`people` are the possible owners, read once for all the forms of a board."""
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [("", "Choose the owner")] + [(person.pk, person.display_name) for person in people]

    def clean_owner(self) -> Person:
        return self.people[self.cleaned_data["owner"]]

    def clean_due_on(self) -> datetime.date:
        due_on: datetime.date = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The due date is in the past.")
        return due_on


class RegeneratedForm(forms.Form):
    item = forms.IntegerField()


class CloseForm(forms.Form):
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write a short summary: it is what the team will see next time."},
    )


def team_people(team: Team) -> list[Person]:
    """The people who can own the team's action items: its direct members."""
    return list(Person.objects.filter(memberships__team=team).distinct().order_by("display_name", "id"))
