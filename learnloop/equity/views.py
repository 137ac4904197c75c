"""Pages for opportunities (post, apply, decide) and the distribution audit (analysts)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from learnloop.core.access import SIGNED_IN
from learnloop.core.anonymity import minimum_group_size
from learnloop.equity import selectors, services
from learnloop.equity.distribution import (
    AuditReport,
    audit_csv_rows,
    audit_dimensions,
    default_dimension,
    distribution_audit,
    missing_figures,
    record_kinds,
)
from learnloop.equity.forms import ApplyForm, AuditForm, DecideForm, OpportunityForm, dimension_label
from learnloop.equity.models import Application, LearningRecord, Opportunity
from learnloop.equity.rules import ANALYST, DECIDE_APPLICATIONS, POST_OPPORTUNITY
from learnloop.people.views import actor, add_errors


@SIGNED_IN
def opportunities(request: HttpRequest) -> HttpResponse:
    person = actor(request)
    show = "all" if request.GET.get("show") == "all" else "open"
    mine = Application.objects.filter(person=person).select_related("opportunity").order_by("-created_at", "-id")
    return render(
        request,
        "equity/opportunities.html",
        {
            "opportunities": selectors.opportunities_for(person, show=show),
            "show": show,
            "applications": mine,
            "can_post": POST_OPPORTUNITY.allows(person),
            "records": LearningRecord.objects.filter(person=person)[:20],
        },
    )


@POST_OPPORTUNITY
def opportunity_create(request: HttpRequest) -> HttpResponse:
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opportunity = services.opportunity_post(
                actor=actor(request),
                title=data["title"],
                kind=data["kind"],
                capacity=data["capacity"],
                deadline=data["deadline"],
                description=data["description"],
                skills=data["skills"],
                teams=data["teams"],
                min_level=data["min_level"],
                max_level=data["max_level"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Posted: everyone eligible can see it and apply now.")
            return redirect("equity-opportunity", pk=opportunity.pk)
    return render(request, "equity/opportunity_form.html", {"form": form})


@SIGNED_IN
def opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    person = actor(request)
    the_opportunity = selectors.get_opportunity_for(person, pk)
    return _opportunity_page(request, the_opportunity)


def _opportunity_page(
    request: HttpRequest,
    the_opportunity: Opportunity,
    *,
    apply_form: ApplyForm | None = None,
    decide_forms: dict[int, DecideForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    person = actor(request)
    can_decide = DECIDE_APPLICATIONS.allows(person, the_opportunity)
    applications = list(selectors.applications_of(the_opportunity))
    own = next((application for application in applications if application.person_id == person.pk), None)
    awarded = sum(1 for application in applications if application.status == Application.Status.AWARDED)
    eligible = selectors.is_eligible(person, the_opportunity)
    decide_forms = decide_forms or {}
    context: dict[str, Any] = {
        "opportunity": the_opportunity,
        "can_decide": can_decide,
        "applications": (
            [
                (application, decide_forms.get(application.pk) or DecideForm(prefix=f"a{application.pk}"))
                for application in applications
            ]
            if can_decide
            else []
        ),
        "applicant_count": sum(1 for a in applications if a.status != Application.Status.WITHDRAWN),
        "awarded": awarded,
        "places_left": max(0, the_opportunity.capacity - awarded),
        "own": own,
        "eligible": eligible,
        "is_poster": the_opportunity.posted_by_id == person.pk,
        "open": selectors.is_taking_applications(the_opportunity),
        "apply_form": apply_form or ApplyForm(),
        "eligible_teams": list(the_opportunity.eligible_teams.order_by("path")),
    }
    return render(request, "equity/opportunity.html", context, status=status)


@SIGNED_IN
@require_POST
def opportunity_apply(request: HttpRequest, pk: int) -> HttpResponse:
    person = actor(request)
    the_opportunity = selectors.get_opportunity_for(person, pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            services.application_submit(
                actor=person, opportunity=the_opportunity, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Applied. You will see the decision and its reason here.")
            return redirect("equity-opportunity", pk=pk)
    return _opportunity_page(request, the_opportunity, apply_form=form, status=400)


@SIGNED_IN
@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    the_opportunity = selectors.get_opportunity_for(actor(request), pk)
    services.opportunity_close(actor=actor(request), opportunity=the_opportunity)
    messages.success(request, "Closed for applications.")
    return redirect("equity-opportunity", pk=pk)


@SIGNED_IN
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for(actor(request), pk)
    try:
        services.application_withdraw(actor=actor(request), application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Application withdrawn.")
    return redirect("equity-opportunity", pk=application.opportunity_id)


@SIGNED_IN
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    person = actor(request)
    application = selectors.get_application_for(person, pk)
    if not DECIDE_APPLICATIONS.allows(person, application.opportunity):
        raise PermissionDenied("Only the person who posted it (or an admin) decides.")
    form = DecideForm(request.POST, prefix=f"a{application.pk}")
    if form.is_valid():
        award = form.cleaned_data["decision"] == "award"
        try:
            services.application_decide(
                actor=person, application=application, award=award, rationale=form.cleaned_data["rationale"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            name = application.person.display_name
            messages.success(request, f"Awarded to {name}." if award else f"{name} was not selected this time.")
            return redirect("equity-opportunity", pk=application.opportunity_id)
    return _opportunity_page(request, application.opportunity, decide_forms={application.pk: form}, status=400)


def _audit_from(request: HttpRequest) -> tuple[AuditForm, AuditReport | None]:
    dimensions = audit_dimensions()
    data = request.GET if "by" in request.GET else None
    first = default_dimension(dimensions)
    kinds = record_kinds()
    form = AuditForm(data, dimensions=dimensions, kinds=kinds, initial={"by": first})
    if data is None:
        if first is None:
            return form, None
        form = AuditForm({"by": first, "min_count": 1}, dimensions=dimensions, kinds=kinds)
    if not form.is_valid():
        return form, None
    values = form.cleaned_data
    try:
        report = distribution_audit(
            actor=actor(request),
            by=values["by"],
            min_count=values["min_count"],
            start=values["start"],
            end=values["end"],
            kind=values["kind"] or None,
        )
    except ValidationError as error:
        add_errors(form, error)
        return form, None
    return form, report


# The chart: one bar per group, mean records per person, drawn as SVG on the server (no script, no style).
CHART_WIDTH = 480
BAR_HEIGHT = 22
LABEL_WIDTH = 180


@ANALYST
def audit(request: HttpRequest) -> HttpResponse:
    form, report = _audit_from(request)
    bars: list[dict[str, Any]] = []
    if report is not None:
        top = max((group.mean or 0.0 for group in report.groups), default=0.0) or 1.0
        for index, group in enumerate(report.groups):
            width = 0 if group.mean is None else round((group.mean / top) * (CHART_WIDTH - LABEL_WIDTH - 60))
            bars.append({"group": group, "y": index * (BAR_HEIGHT + 8), "width": width})
    return render(
        request,
        "equity/audit.html",
        {
            "form": form,
            "report": report,
            "by_label": dimension_label(report.by) if report else "",
            "bars": bars,
            "chart": {
                "width": CHART_WIDTH,
                "height": max(1, len(bars)) * (BAR_HEIGHT + 8),
                "label_width": LABEL_WIDTH,
                "bar_height": BAR_HEIGHT,
            },
            "minimum": minimum_group_size(),
            "missing": missing_figures(report.groups, report.reasons) if report else [],
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@ANALYST
def audit_csv(request: HttpRequest) -> HttpResponse:
    form, report = _audit_from(request)
    if report is None:
        return HttpResponse(
            "; ".join(str(error) for errors in form.errors.values() for error in errors) or "Nothing to audit yet.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="learning-audit-{slugify(report.by)}.csv"'
    writer = csv.writer(response)
    writer.writerows(audit_csv_rows(report))
    return response
