"""Pages for inclusive meetings: participation by group (analysts) and a team's quiet members (its facilitators)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learnloop.core.access import SIGNED_IN, require
from learnloop.core.anonymity import minimum_group_size
from learnloop.equity.distribution import audit_dimensions, missing_figures
from learnloop.equity.forms import ParticipationForm, dimension_label
from learnloop.equity.participation import (
    RECENT_RETROS,
    contributions,
    participation_by_group,
    quiet_members,
    recent_retros,
)
from learnloop.equity.rules import ANALYST, SEE_SILENCE
from learnloop.people.models import Person
from learnloop.people.selectors import get_team_for
from learnloop.people.views import actor, add_errors


@ANALYST
def participation(request: HttpRequest) -> HttpResponse:
    dimensions = audit_dimensions()
    data = request.GET if "by" in request.GET else ({"by": dimensions[0]} if dimensions else None)
    form = ParticipationForm(data, dimensions=dimensions)
    groups = None
    if form.is_bound and form.is_valid():
        try:
            groups = participation_by_group(
                actor=actor(request),
                by=form.cleaned_data["by"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "equity/participation.html",
        {
            "form": form,
            "groups": groups,
            "by_label": dimension_label(form.cleaned_data["by"]) if groups is not None else "",
            "minimum": minimum_group_size(),
            "missing": missing_figures(groups) if groups else [],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@SIGNED_IN
def silence(request: HttpRequest, slug: str) -> HttpResponse:
    """Private to the team's facilitators and managers: who has been quiet, and each recent retro's voices."""
    person = actor(request)
    team = get_team_for(person, slug)
    require(person, SEE_SILENCE, team)
    per_retro = [(retro, contributions([retro.pk])) for retro in recent_retros(team)]
    names = Person.objects.in_bulk({author for _, made in per_retro for author in made})
    return render(
        request,
        "equity/silence.html",
        {
            "team": team,
            "quiet": quiet_members(team),
            "recent": RECENT_RETROS,
            "per_retro": [
                (retro, [(names[author], entry) for author, entry in made.items() if author in names])
                for retro, made in per_retro
            ],
        },
    )
