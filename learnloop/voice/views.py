"""Pages of the voice app: pulses (answer, results, start, close), instruments, anonymous questions."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from learnloop.core.access import SIGNED_IN
from learnloop.core.anonymity import FilterRefused, comment_minimum, minimum_group_size
from learnloop.people.models import Person
from learnloop.people.views import actor, add_errors
from learnloop.voice import questions, selectors, services
from learnloop.voice.charts import construct_chart, distribution_bars, trend_chart
from learnloop.voice.forms import AnswerForm, AnswerQuestionForm, AskForm, HideForm, InstrumentForm, RunForm
from learnloop.voice.rules import DESIGN_SURVEYS, answers_for, designs_surveys


@SIGNED_IN
def pulses(request: HttpRequest) -> HttpResponse:
    person = actor(request)
    today = timezone.localdate()
    runs = list(selectors.runs_for(person)[:50])
    return render(
        request,
        "voice/pulses.html",
        {
            "to_answer": selectors.open_runs_to_answer(person, today),
            "runs": runs,
            "today": today,
            "can_design": designs_surveys(person),
        },
    )


@SIGNED_IN
def pulse_answer(request: HttpRequest, pk: int) -> HttpResponse:
    person = actor(request)
    run = selectors.get_run_for(person, pk)
    if services.cell_for(run, person) is None:
        raise Http404("This pulse is not for your teams.")
    if selectors.has_answered(run, person):
        return render(request, "voice/pulse_done.html", {"run": run})
    if not run.is_open(timezone.localdate()):
        messages.error(request, "This pulse is not open.")
        return redirect("voice-pulse", pk=run.pk)
    form = AnswerForm(run, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_answer(
                actor=person,
                run=run,
                scores=form.scores(),
                comments=form.comments(),
                segment=form.cleaned_data.get("segment", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you. Your answers are in, with no name attached.")
            return redirect("voice-pulse-answer", pk=run.pk)
    return render(
        request,
        "voice/pulse_answer.html",
        {"run": run, "form": form, "minimum": minimum_group_size(), "comment_minimum": comment_minimum()},
    )


@SIGNED_IN
def pulse(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's results, as much of them as the guard released and this viewer may see."""
    person = actor(request)
    run = selectors.get_run_for(person, pk)
    segment = request.GET.get("segment", "")
    try:
        viewed = selectors.results_for(person, run, segment=segment)
    except FilterRefused as refused:
        messages.error(request, str(refused))
        viewed, segment = selectors.results_for(person, run), ""
    points = run.instrument.points
    charts = {
        group.key: construct_chart(group.constructs, points=points)
        for group in viewed.groups
        if group.shown and group.constructs
    }
    organization = viewed.organization
    construct_names = list(dict.fromkeys(item.construct for item in run.instrument.items.all()))
    return render(
        request,
        "voice/pulse.html",
        {
            "run": run,
            "viewed": viewed,
            "segment": segment,
            "construct_names": construct_names,
            "team_colspan": 2 * len(construct_names) + 3,
            "segment_colspan": len(construct_names) + 1,
            "organization": organization,
            "org_chart": charts.get(organization.key) if organization else None,
            "org_bars": distribution_bars(organization.constructs, points=points) if organization else [],
            "teams": [(group, viewed.trend.get(("team", group.team_id), [])) for group in viewed.teams],
            "org_trend": viewed.trend.get(("org",), []),
            "org_trend_chart": (
                trend_chart(viewed.trend.get(("org",), []), organization.constructs, this_run=run, points=points)
                if organization and organization.shown
                else None
            ),
            "is_open": run.is_open(timezone.localdate()),
            "can_design": designs_surveys(person),
            "answerable": services.cell_for(run, person) is not None and not selectors.has_answered(run, person),
        },
    )


@SIGNED_IN
def pulse_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The same guarded numbers as the page, as CSV: one row per group and construct."""
    person = actor(request)
    run = selectors.get_run_for(person, pk)
    viewed = selectors.results_for(person, run)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pulse-{run.pk}-results.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "group",
            "segment",
            "shown",
            "answers",
            "response_rate",
            "construct",
            "mean",
            "ci_low",
            "ci_high",
            "favourable",
            "cronbach_alpha",
        ]
    )
    for group in viewed.groups:
        base = [group.label, group.segment, "yes" if group.shown else "no", group.respondents, group.response_rate]
        if not group.shown:
            writer.writerow([*base, "", "", "", "", "", ""])
        for construct in group.constructs:
            summary = construct.summary
            writer.writerow(
                [*base, construct.name, summary.mean, summary.low, summary.high, construct.favourable, construct.alpha]
            )
    return response


@DESIGN_SURVEYS
def pulse_create(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_create(
                actor=actor(request),
                instrument=data["instrument"],
                title=data["title"],
                teams=list(data["teams"]),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                segment_label=data["segment_label"],
                segment_choices=data["segment_choices"].splitlines(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Pulse “{run.title}” created.")
            return redirect("voice-pulse", pk=run.pk)
    return render(request, "voice/pulse_form.html", {"form": form})


@require_POST
@DESIGN_SURVEYS
def pulse_close(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.get_run_for(actor(request), pk)
    try:
        services.run_close(actor=actor(request), run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Pulse closed.")
    return redirect("voice-pulse", pk=run.pk)


@SIGNED_IN
def instruments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "voice/instruments.html",
        {"instruments": selectors.instruments(), "can_design": designs_surveys(actor(request))},
    )


@SIGNED_IN
def instrument(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "voice/instrument.html", {"instrument": selectors.get_instrument_for(actor(request), pk)})


@DESIGN_SURVEYS
def instrument_create(request: HttpRequest) -> HttpResponse:
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.instrument_create(
                actor=actor(request),
                name=data["name"],
                description=data["description"],
                points=data["points"],
                items=data["items"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Instrument “{created.name}” created.")
            return redirect("voice-instrument", pk=created.pk)
    return render(request, "voice/instrument_form.html", {"form": form})


# --- Anonymous questions ----------------------------------------------------------------------


def _ask_form(person: Person, data: object = None) -> AskForm:
    return AskForm(data, teams=questions.teams_of(person), managers=questions.managers())


@SIGNED_IN
def question_list(request: HttpRequest) -> HttpResponse:
    person = actor(request)
    form = _ask_form(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        manager = questions.managers().filter(pk=data["manager"]).first() if data["manager"] else None
        try:
            questions.question_ask(actor=person, to=data["to"], text=data["text"], team=data["team"], manager=manager)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your question is up. It carries no name.")
            return redirect("voice-questions")
    visible = list(questions.visible_questions(person, include_hidden=True))
    may_answer = questions.answerable_by(person)
    voted = questions.voted_on(person, visible)
    rows = [
        {"question": question, "can_answer": may_answer(question), "voted": question.pk in voted}
        for question in visible
        if not question.hidden or may_answer(question)
    ]
    return render(
        request,
        "voice/questions.html",
        {
            "rows": rows,
            "form": form,
            "limit": questions.DAILY_LIMIT,
            "answer_form": AnswerQuestionForm(),
            "hide_form": HideForm(),
        },
    )


@require_POST
@SIGNED_IN
def question_upvote(request: HttpRequest, pk: str) -> HttpResponse:
    question = questions.get_question_for(actor(request), pk)
    try:
        questions.question_upvote(actor=actor(request), question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("voice-questions")


@require_POST
@SIGNED_IN
def question_answer(request: HttpRequest, pk: str) -> HttpResponse:
    person = actor(request)
    question = questions.get_question_for(person, pk)
    if not answers_for(person, question):
        raise PermissionDenied("Only the question's addressee answers it.")
    form = AnswerQuestionForm(request.POST)
    if form.is_valid():
        try:
            questions.question_answer(actor=person, question=question, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Answer published.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("voice-questions")


@require_POST
@SIGNED_IN
def question_hide(request: HttpRequest, pk: str) -> HttpResponse:
    person = actor(request)
    question = questions.get_question_for(person, pk)
    if not answers_for(person, question):
        raise PermissionDenied("Only admins and the addressee moderate a question.")
    form = HideForm(request.POST)
    if form.is_valid():
        questions.question_hide(actor=person, question=question, reason=form.cleaned_data["reason"])
        messages.success(request, "Question hidden.")
    else:
        messages.error(request, "Give the reason for hiding the question.")
    return redirect("voice-questions")
