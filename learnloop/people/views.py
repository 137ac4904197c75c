"""Pages for people and teams: home, team tree, team, directory, person, attribute coverage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from learnloop.core.access import SIGNED_IN
from learnloop.core.anonymity import minimum_group_size, suppress_counts
from learnloop.people import selectors, services
from learnloop.people.forms import GlobalRolesForm, MemberForm, ProfileForm, TeamForm
from learnloop.people.models import Membership, Person, Role, SensitiveAttribute
from learnloop.people.rules import ADMIN, ANALYST, manages_team


def actor(request: HttpRequest) -> Person:
    return request.actor  # type: ignore[attr-defined]


def add_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where the form has that field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@SIGNED_IN
def home(request: HttpRequest) -> HttpResponse:
    person = actor(request)
    return render(
        request,
        "people/home.html",
        {
            "memberships": selectors.memberships_of(person),
            "reports": person.reports.select_related("user").order_by("display_name"),
            "due": selectors.due_for(person),
        },
    )


@SIGNED_IN
def teams(request: HttpRequest) -> HttpResponse:
    team_list = selectors.team_list()
    without_manager = request.GET.get("without_manager") == "1"
    if without_manager:
        team_list = team_list.exclude(memberships__role=Role.MANAGER)
    return render(request, "people/teams.html", {"teams": team_list, "without_manager": without_manager})


@SIGNED_IN
def team(request: HttpRequest, slug: str) -> HttpResponse:
    the_team = selectors.get_team_for(actor(request), slug)
    can_manage = manages_team(actor(request), the_team)
    return render(
        request,
        "people/team.html",
        {
            "team": the_team,
            "ancestors": selectors.team_ancestors(the_team),
            "children": selectors.team_list().filter(parent=the_team),
            "members": selectors.team_members(the_team),
            "can_manage": can_manage,
            "member_form": MemberForm() if can_manage else None,
            "roles": Role.choices,
            "panels": selectors.team_panels(the_team, actor(request)),
        },
    )


@SIGNED_IN
def team_create(request: HttpRequest) -> HttpResponse:
    parent_slug = request.GET.get("parent") or request.POST.get("parent") or ""
    parent = selectors.get_team_for(actor(request), parent_slug, write=True) if parent_slug else None
    if parent is None and not ADMIN.allows(actor(request)):
        raise Http404("No such team.")
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_team = services.team_create(
                actor=actor(request),
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                parent=parent,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Team {new_team} created.")
            return redirect("team", slug=new_team.slug)
    return render(request, "people/team_form.html", {"form": form, "parent": parent, "team": None})


@SIGNED_IN
def team_edit(request: HttpRequest, slug: str) -> HttpResponse:
    the_team = selectors.get_team_for(actor(request), slug, write=True)
    form = TeamForm(request.POST or None, initial={"name": the_team.name, "description": the_team.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(actor=actor(request), team=the_team, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Team saved.")
            return redirect("team", slug=the_team.slug)
    return render(request, "people/team_form.html", {"form": form, "team": the_team, "parent": the_team.parent})


@require_POST
@SIGNED_IN
def team_member_set(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a person to the team by e-mail, or change the role of one already in it."""
    the_team = selectors.get_team_for(actor(request), slug, write=True)
    if "person" in request.POST:
        person = get_object_or_404(Person, pk=request.POST["person"])
        data = {"email": person.email, "role": request.POST.get("role", "")}
    else:
        data = request.POST.dict()
    form = MemberForm(data)
    if form.is_valid():
        person = form.cleaned_data["email"]
        services.membership_set(actor=actor(request), person=person, team=the_team, role=form.cleaned_data["role"])
        messages.success(request, f"{person} is now {form.cleaned_data['role']} of {the_team}.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("team", slug=the_team.slug)


@require_POST
@SIGNED_IN
def team_member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    the_team = selectors.get_team_for(actor(request), slug, write=True)
    membership = get_object_or_404(Membership, pk=membership_id, team=the_team)
    services.membership_remove(actor=actor(request), membership=membership)
    messages.success(request, f"{membership.person} left {the_team}.")
    return redirect("team", slug=the_team.slug)


@SIGNED_IN
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    team_slug = request.GET.get("team", "")
    the_team = selectors.get_team_for(actor(request), team_slug) if team_slug else None
    people = selectors.people_search(query=query, team=the_team)
    placeholders = request.GET.get("placeholders") == "1"
    if placeholders:
        people = people.filter(Q(email_is_placeholder=True) | Q(name_is_placeholder=True))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    context: dict[str, Any] = {"page": page, "q": query, "team": the_team, "placeholders": placeholders}
    template = "people/_people_rows.html" if request.headers.get("HX-Request") else "people/directory.html"
    return render(request, template, context)


@SIGNED_IN
def person(request: HttpRequest, pk: int) -> HttpResponse:
    the_person = selectors.get_person_for(actor(request), pk)
    viewer = actor(request)
    return render(
        request,
        "people/person.html",
        {
            "person": the_person,
            "memberships": selectors.memberships_of(the_person),
            "reports": the_person.reports.order_by("display_name"),
            "can_edit": viewer.pk == the_person.pk or viewer.is_admin,
            "roles_form": GlobalRolesForm(
                initial={"is_analyst": the_person.is_analyst, "is_admin": the_person.is_admin}
            )
            if viewer.is_admin
            else None,
        },
    )


@SIGNED_IN
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    the_person = selectors.get_person_for(actor(request), pk)
    viewer = actor(request)
    if viewer.pk != the_person.pk and not viewer.is_admin:
        raise Http404("No such person.")
    form = ProfileForm(
        request.POST or None, initial={"display_name": the_person.display_name, "title": the_person.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=viewer, person=the_person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Profile saved.")
            return redirect("person", pk=the_person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": the_person})


@require_POST
@ADMIN
def person_roles(request: HttpRequest, pk: int) -> HttpResponse:
    the_person = selectors.get_person_for(actor(request), pk)
    form = GlobalRolesForm(request.POST)
    if form.is_valid():
        try:
            services.person_set_global_roles(actor=actor(request), person=the_person, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Global roles of {the_person} saved.")
    return redirect("person", pk=the_person.pk)


@ANALYST
def attributes(request: HttpRequest) -> HttpResponse:
    """How complete the sensitive attributes are, by key and value, through the anonymity guard."""
    minimum = minimum_group_size()
    headcount = Person.objects.count()
    rows = SensitiveAttribute.objects.values("key", "value").annotate(people=Count("person_id")).order_by("key")
    by_key: dict[str, dict[str, int]] = {}
    for row in rows:
        by_key.setdefault(row["key"], {})[row["value"]] = row["people"]
    report = []
    for key, counts in sorted(by_key.items()):
        recorded = sum(counts.values())
        counts_with_gap = {**counts, "(not recorded)": headcount - recorded}
        shown = suppress_counts(counts_with_gap, minimum=minimum)
        report.append(
            {
                "key": key,
                "values": sorted(shown.items(), key=lambda item: (item[0] == "(not recorded)", item[0])),
                "recorded": recorded,
            }
        )
    return render(request, "people/attributes.html", {"report": report, "headcount": headcount, "minimum": minimum})
