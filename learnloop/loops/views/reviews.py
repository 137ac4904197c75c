"""Pages for blameless reviews: the list, writing and editing, the timeline, factors, the
blame-language panel, lessons drawn from a review, repeats, export, and the factor taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from learnloop.core.access import ADMIN, SIGNED_IN, require
from learnloop.loops import blame, selectors, services
from learnloop.loops.models import ContributingFactor, FactorCategory, Review, TimelineEntry
from learnloop.loops.review_export import format_duration, lesson_origin, lessons_from, repeats_of, review_markdown
from learnloop.loops.review_forms import (
    FactorCategoryForm,
    FactorForm,
    LessonFromReviewForm,
    RepeatForm,
    ReviewCreateForm,
    ReviewEditForm,
    ReviewFilterForm,
    StatusForm,
    TimelineEntryForm,
    parse_tags,
)
from learnloop.loops.reviews import review_blame, review_duration
from learnloop.loops.rules import EDIT_REVIEW, FACILITATE, TEAM_MEMBER
from learnloop.people.selectors import get_team_for
from learnloop.people.views import actor, add_errors

PAGE_SIZE = 25
EDIT_FORM_ID = "review-edit-form"


# --- The list and a new review ----------------------------------------------------------------


@SIGNED_IN
def review_list(request: HttpRequest) -> HttpResponse:
    """Every review the viewer may see, newest first, filtered by team, kind, status, severity, text."""
    form = ReviewFilterForm(request.GET or None)
    reviews = selectors.visible(Review.objects.select_related("team"), actor(request))
    if form.is_valid():
        data = form.cleaned_data
        if data["team"] is not None:
            reviews = reviews.filter(team=data["team"])
        for name in ("kind", "status", "severity"):
            if data[name]:
                reviews = reviews.filter(**{name: data[name]})
        for word in data["q"].split():
            reviews = reviews.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(impact__icontains=word))
    page = Paginator(reviews.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    team = form.cleaned_data.get("team") if form.is_valid() else None
    return render(request, "loops/review_list.html", {"form": form, "page": page, "team": team})


@SIGNED_IN
def review_create(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_team_for(actor(request), slug)
    require(actor(request), TEAM_MEMBER, team, message=f"Only members of {team} write its reviews.")
    form = ReviewCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(actor=actor(request), team=team, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Review started. Add the timeline and contributing factors next.")
            return redirect("review", pk=review.pk)
    return render(request, "loops/review_create.html", {"form": form, "team": team})


# --- One review -----------------------------------------------------------------------------


def _review_page(request: HttpRequest, review: Review, **forms: Any) -> HttpResponse:
    """The review page; `forms` are bound forms to show again with their errors."""
    viewer = actor(request)
    can_edit = EDIT_REVIEW.allows(viewer, review)
    is_member = TEAM_MEMBER.allows(viewer, review)
    lessons = list(selectors.visible(lessons_from(review), viewer))
    context: dict[str, Any] = {
        "review": review,
        "duration": format_duration(review_duration(review)),
        "timeline": list(review.timeline.all()),
        "factors": list(review.factors.select_related("category")),
        "lessons": [(lesson, lesson_origin(lesson)) for lesson in lessons],
        "repeats": repeats_of(review, viewer),
        "can_edit": can_edit,
        "can_publish": FACILITATE.allows(viewer, review),
        "is_member": is_member,
        "statuses": Review.Status.choices,
    }
    if can_edit:
        context["timeline_form"] = forms.get("timeline_form") or TimelineEntryForm()
        context["factor_form"] = forms.get("factor_form") or FactorForm()
        context["blame"] = blame_panel(review, viewer)
    if is_member:
        context["lesson_form"] = forms.get("lesson_form") or LessonFromReviewForm(review=review)
        context["repeat_form"] = forms.get("repeat_form") or RepeatForm()
    return render(request, "loops/review.html", context)


@SIGNED_IN
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, selectors.get_review_for(actor(request), pk))


def _saved_differences(saved: Review, form: ReviewEditForm) -> list[tuple[str, str]]:
    """(label, saved text) of each field where the newer saved review differs from what was submitted."""
    differences = []
    for name in ReviewEditForm.TEXT_FIELDS:
        if form.data.get(name, "").strip() != getattr(saved, name):
            differences.append((_label(name), getattr(saved, name)))
    return differences


def _label(name: str) -> str:
    return str(ReviewEditForm.base_fields[name].label or name.replace("_", " ").capitalize())


@SIGNED_IN
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the review's text. If someone saved meanwhile, keep this person's text in the form and
    show the newer saved text beside it, so nothing is lost and they can merge."""
    viewer = actor(request)
    review = selectors.get_review_for(viewer, pk, write=True)
    differences: list[tuple[str, str]] = []
    if request.method == "POST":
        form = ReviewEditForm(request.POST)
        if form.is_valid():
            fields = {name: value for name, value in form.cleaned_data.items() if name != "version"}
            try:
                services.review_update(actor=viewer, review=review, version=form.cleaned_data["version"], **fields)
            except services.StaleEdit as error:
                saved = Review.objects.get(pk=review.pk)
                data = request.POST.copy()
                data["version"] = str(saved.version)  # the next save merges onto the newer version
                form = ReviewEditForm(data)
                form.is_valid()
                form.add_error(None, error.messages)
                differences = _saved_differences(saved, form)
                review = saved
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Review saved.")
                return redirect("review", pk=review.pk)
    else:
        form = ReviewEditForm(initial=ReviewEditForm.initial_for(review))
    texts = request.POST if request.method == "POST" else None
    return render(
        request,
        "loops/review_edit.html",
        {
            "review": review,
            "form": form,
            "differences": differences,
            "blame": blame_panel(review, viewer, texts=texts, source_form=EDIT_FORM_ID),
            "edit_form_id": EDIT_FORM_ID,
        },
    )


def _back(review: Review) -> HttpResponse:
    return redirect("review", pk=review.pk)


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@SIGNED_IN
def review_timeline_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for(actor(request), pk, write=True)
    form = TimelineEntryForm(request.POST)
    if form.is_valid():
        try:
            services.timeline_add(actor=actor(request), review=review, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Timeline entry added.")
            return _back(review)
    return _review_page(request, review, timeline_form=form)


@require_POST
@SIGNED_IN
def review_timeline_remove(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    review = selectors.get_review_for(actor(request), pk, write=True)
    entry = get_object_or_404(TimelineEntry, pk=entry_id, review=review)
    try:
        services.timeline_remove(actor=actor(request), entry=entry)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, "Timeline entry removed.")
    return _back(review)


@require_POST
@SIGNED_IN
def review_factor_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for(actor(request), pk, write=True)
    form = FactorForm(request.POST)
    if form.is_valid():
        try:
            services.factor_add(actor=actor(request), review=review, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Contributing factor added.")
            return _back(review)
    return _review_page(request, review, factor_form=form)


@require_POST
@SIGNED_IN
def review_factor_remove(request: HttpRequest, pk: int, factor_id: int) -> HttpResponse:
    review = selectors.get_review_for(actor(request), pk, write=True)
    factor = get_object_or_404(ContributingFactor, pk=factor_id, review=review)
    try:
        services.factor_remove(actor=actor(request), factor=factor)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, "Contributing factor removed.")
    return _back(review)


@require_POST
@SIGNED_IN
def review_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft, in review, published. Publishing is for facilitators (the service says so with a 403)."""
    review = selectors.get_review_for(actor(request), pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose draft, in review or published.")
        return _back(review)
    try:
        services.review_set_status(actor=actor(request), review=review, status=form.cleaned_data["status"])
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, f"The review is now {review.get_status_display().lower()}.")
    return _back(review)


@require_POST
@SIGNED_IN
def review_lesson_create(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for(actor(request), pk)
    form = LessonFromReviewForm(request.POST, review=review)
    if form.is_valid():
        data = form.cleaned_data
        try:
            lesson = services.lesson_create(
                actor=actor(request),
                source=data["source"],
                title=data["title"],
                detail=data["detail"],
                tags=parse_tags(data["tags"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Lesson recorded. Add the action item that will change how you work.")
            return redirect("lesson", pk=lesson.pk)
    return _review_page(request, review, lesson_form=form)


@require_POST
@SIGNED_IN
def review_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    """Link this review to an earlier one the viewer can see: the same problem again."""
    viewer = actor(request)
    review = selectors.get_review_for(viewer, pk)
    form = RepeatForm(request.POST)
    if form.is_valid():
        try:
            earlier = selectors.get_review_for(viewer, form.cleaned_data["earlier"])
        except Http404:
            form.add_error("earlier", f"There is no review #{form.cleaned_data['earlier']} that you can see.")
        else:
            try:
                services.repeat_link(actor=viewer, later=review, earlier=earlier, note=form.cleaned_data["note"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Linked as the same problem as “{earlier}”.")
                return _back(review)
    return _review_page(request, review, repeat_form=form)


@SIGNED_IN
def review_export(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for(actor(request), pk)
    response = HttpResponse(review_markdown(review, viewer=actor(request)), content_type="text/markdown; charset=utf-8")
    name = slugify(review.title)[:60] or "review"
    response["Content-Disposition"] = f'attachment; filename="review-{review.pk}-{name}.md"'
    return response


# --- The blame-language panel ---------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    field: str
    flag: blame.Flag


@dataclass(frozen=True)
class BlamePanel:
    review: Review
    findings: list[Finding]
    intended: list[Finding]
    words: int
    source_form: str

    @property
    def rate_per_1000_words(self) -> float:
        return len(self.findings) * 1000 / self.words if self.words else 0.0


def blame_panel(review: Review, viewer: Any, *, texts: QueryDict | None = None, source_form: str = "") -> BlamePanel:
    """Run the blame-language check over the review's texts; nothing is ever rewritten."""
    findings: list[Finding] = []
    intended: dict[str, Finding] = {}
    words = 0
    for checked in review_blame(review, overrides=texts):
        words += checked.report.words
        findings += [Finding(checked.label, flag) for flag in checked.report.flags]
        for flag in checked.report.intended:
            intended.setdefault(flag.fingerprint, Finding(checked.label, flag))
    return BlamePanel(review, findings, list(intended.values()), words, source_form)


@require_POST
@SIGNED_IN
def review_blame_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx fragment with the flags for the text as typed: reads the form, changes nothing."""
    review = selectors.get_review_for(actor(request), pk, write=True)
    panel = blame_panel(review, actor(request), texts=request.POST, source_form=EDIT_FORM_ID)
    return render(request, "loops/_review_blame.html", {"blame": panel})


@require_POST
@SIGNED_IN
def review_flag(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a flagged phrase as intended (or take that back)."""
    review = selectors.get_review_for(actor(request), pk, write=True)
    fingerprint = request.POST.get("fingerprint", "").strip()
    if not fingerprint:
        messages.error(request, "Which flag? The form sent none.")
        return _back(review)
    intended = request.POST.get("intended") == "1"
    review = services.review_mark_flag(actor=actor(request), review=review, fingerprint=fingerprint, intended=intended)
    if request.headers.get("HX-Request"):
        source_form = request.POST.get("source_form", "")
        panel = blame_panel(
            review, actor(request), texts=request.POST if source_form else None, source_form=source_form
        )
        return render(request, "loops/_review_blame.html", {"blame": panel})
    messages.success(request, "Marked as intended." if intended else "The flag shows again.")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return _back(review)


# --- The contributing-factor taxonomy -----------------------------------------------------------


@SIGNED_IN
def factor_categories(request: HttpRequest) -> HttpResponse:
    """Everyone signed in reads the taxonomy; admins add categories and rename them."""
    viewer = actor(request)
    is_admin = ADMIN.allows(viewer)
    form = FactorCategoryForm()
    if request.method == "POST":
        require(viewer, ADMIN, message="Only an admin edits the contributing-factor taxonomy.")
        category = None
        if request.POST.get("category"):
            category = get_object_or_404(FactorCategory, pk=request.POST["category"])
        form = FactorCategoryForm(request.POST)
        if form.is_valid():
            try:
                saved = services.factor_category_save(actor=viewer, category=category, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Category “{saved}” saved.")
                return redirect("factor-categories")
        if category is not None:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, f"{category}: {message}")
            form = FactorCategoryForm()
    categories = FactorCategory.objects.annotate(uses=Count("factors")).order_by("name")
    return render(
        request,
        "loops/factor_categories.html",
        {"categories": categories, "form": form if is_admin else None, "is_admin": is_admin},
    )
