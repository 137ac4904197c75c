"""Retrospective pages: a team's retros, starting one, and the live board a facilitator runs.

The board (`_retro_board.html`) polls `retro-board` every two seconds and is swapped only when
the retro's version changed. What a person types lives in the phase panel (`_retro_panel.html`),
outside the polled region, which is replaced only when the phase changes or after that person's
own submission, so polling never wipes a half-written card. Every live request sends the
phase of the panel the browser shows (`seen`, from the panel itself), so a board that arrives
late can never redraw the panel. Polls and panel posts take turns on `#retro-live`, a wrapper
that is never swapped (a queue kept on a swapped element would be lost with it): a poll is
skipped while a post is in flight, and a post waits for a poll in flight, so nothing older
lands after its answer.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from learnloop.core.access import SIGNED_IN, require
from learnloop.loops import formats, services
from learnloop.loops.models import (
    PHASE_ORDER,
    ActionItem,
    Card,
    CardGroup,
    Lesson,
    Participant,
    Phase,
    Retrospective,
    RetroTemplate,
    SafetyCheckIn,
    Vote,
)
from learnloop.loops.retro_export import format_name, retro_markdown, safety_distribution, votes
from learnloop.loops.retro_forms import (
    ActionForm,
    CardAddForm,
    CardEditForm,
    CardMoveForm,
    CloseForm,
    FocusForm,
    GroupForm,
    GroupRenameForm,
    PhaseForm,
    PresentForm,
    RegeneratedForm,
    RetroCreateForm,
    RetroTemplateForm,
    SafetyForm,
    VoteForm,
    team_people,
)
from learnloop.loops.rules import FACILITATE, IN_TEAM, TEAM_MEMBER
from learnloop.loops.selectors import (
    board_cards,
    board_groups,
    carried_over_items,
    get_card_for,
    get_group_for,
    get_retro_for,
    retros_for_team,
    visible,
)
from learnloop.people.models import Person
from learnloop.people.selectors import get_team_for, speaking_order_for, team_ancestors
from learnloop.people.views import actor, add_errors

# Phases in which the open items of earlier retros are on the board.
CARRIED_OVER_PHASES = PHASE_ORDER[: PHASE_ORDER.index(Phase.DECIDING) + 1]
# Most card ids one browser remembers per retro (a cookie holds about 4 kB).
OWN_CARDS_KEPT = 60
OWN_CARDS_COOKIE_AGE = 60 * 60 * 24 * 90


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- The team's retros, new retros and formats -------------------------------------------------


@SIGNED_IN
def retros(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_team_for(actor(request), slug)
    listed = retros_for_team(team, actor(request)).annotate(
        card_count=Count("cards", distinct=True), item_count=Count("action_items", distinct=True)
    )
    return render(
        request,
        "loops/retros.html",
        {
            "team": team,
            "ancestors": team_ancestors(team),
            "in_progress": [retro for retro in listed if retro.phase != Phase.CLOSED],
            "closed": [retro for retro in listed if retro.phase == Phase.CLOSED],
            "can_facilitate": FACILITATE.allows(actor(request), team),
            "templates": RetroTemplate.objects.filter(team=team),
        },
    )


@SIGNED_IN
def retro_create(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_team_for(actor(request), slug)
    require(actor(request), FACILITATE, team, message=f"Only a facilitator or manager of {team} can start a retro.")
    form = RetroCreateForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        template = form.template()
        try:
            retro = services.retro_create(
                actor=actor(request),
                team=team,
                title=data["title"],
                format="" if template else data["format"],
                template=template,
                mode=data["mode"],
                gather_until=data["gather_until"],
                votes_per_person=data["votes_per_person"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("retro", pk=retro.pk)
    return render(request, "loops/retro_form.html", {"form": form, "team": team})


@SIGNED_IN
def retro_template_create(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_team_for(actor(request), slug)
    require(actor(request), FACILITATE, team, message=f"Only a facilitator of {team} can save its retro formats.")
    form = RetroTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.retro_template_save(
                actor=actor(request), team=team, name=form.cleaned_data["name"], column_titles=form.column_titles()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The format {template.name} is saved; choose it when you start a retro.")
            return redirect("retros", slug=team.slug)
    return render(request, "loops/retro_template_form.html", {"form": form, "team": team})


# --- What the board shows ----------------------------------------------------------------------


@dataclass
class Topic:
    """What the team votes on, discusses and decides about: a group of cards, or a card alone."""

    kind: str  # "group" or "card"
    pk: uuid.UUID
    title: str
    column: str
    cards: list[Card]
    votes: int
    mine: int
    discussed: bool = False
    author: Person | None = None

    @property
    def lists_cards(self) -> bool:
        """A group shows its cards, unless it is one card under its own text."""
        return self.kind == "group" and not (len(self.cards) == 1 and self.cards[0].text.strip() == self.title)


@dataclass
class Column:
    key: str
    title: str
    prompt: str
    count: int = 0
    cards: list[Card] = field(default_factory=list)
    mine: list[Card] = field(default_factory=list)


def speaking_order(retro: Retrospective, people: list[Person]) -> list[Person]:
    """The people present in the order they speak. The rotation lives behind `people`' hook (the
    equity app's fair rotation when installed); the fallback rotates names by the team's earlier retros."""

    def earlier() -> int:
        return Retrospective.objects.filter(team_id=retro.team_id, pk__lt=retro.pk).count()

    return speaking_order_for(retro.team, people, occasion=f"retro:{retro.pk}", sequence=earlier)


def _own_cards_cookie(retro: Retrospective) -> tuple[str, str]:
    return f"retro-{retro.pk}-cards", f"learnloop.loops.own-cards.{retro.pk}"


def own_card_ids(request: HttpRequest, retro: Retrospective, person: Person) -> list[str]:
    """The anonymous cards this browser added to the retro. The ids live only in a signed cookie
    (the database never links an anonymous card to anyone); the person's id is part of the
    signed value, so someone else signing in on the same browser does not see them."""
    name, salt = _own_cards_cookie(retro)
    raw = request.get_signed_cookie(name, default="", salt=salt)
    owner, _, ids = str(raw).partition(":")
    kept = []
    for raw_id in ids.split(",") if owner == str(person.pk) else []:
        try:
            kept.append(uuid.UUID(raw_id).hex)
        except ValueError:
            continue
    return [*kept, *getattr(request, "new_own_cards", [])]


def remember_own_card(request: HttpRequest, card: Card) -> None:
    """Count a card just added as this browser's: in the board answered now, and in the cookie."""
    request.new_own_cards = [*getattr(request, "new_own_cards", []), card.pk.hex]  # type: ignore[attr-defined]


def set_own_cards_cookie(request: HttpRequest, response: HttpResponse, retro: Retrospective, person: Person) -> None:
    name, salt = _own_cards_cookie(retro)
    ids = own_card_ids(request, retro, person)[-OWN_CARDS_KEPT:]
    response.set_signed_cookie(
        name,
        f"{person.pk}:{','.join(ids)}",
        salt=salt,
        max_age=OWN_CARDS_COOKIE_AGE,
        path=reverse("retro", args=[retro.pk]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _card_phase(retro: Retrospective) -> bool:
    """Whether people add cards now (an asynchronous retro also collects during its opening)."""
    if retro.phase == Phase.GATHERING:
        return True
    return retro.mode == Retrospective.Mode.ASYNC and retro.phase == Phase.OPENING


def _columns(request: HttpRequest, retro: Retrospective, person: Person, cards: list[Card] | None) -> list[Column]:
    columns = {c["key"]: Column(key=c["key"], title=c["title"], prompt=c.get("prompt", "")) for c in retro.columns}
    if cards is None:
        # Before the reveal nobody's browser gets another person's card text: only the number per
        # column, and the person's own cards (named ones from the database, anonymous ones from
        # the ids this browser remembers).
        counts = Card.objects.filter(retro=retro).values_list("column").annotate(n=Count("pk"))
        for key, count in counts:
            if key in columns:
                columns[key].count = count
        own = Q(author=person, is_anonymous=False) | Q(pk__in=own_card_ids(request, retro, person), is_anonymous=True)
        for card in Card.objects.filter(own, retro=retro).order_by("shuffle_key"):
            if card.column in columns:
                columns[card.column].mine.append(card)
    else:
        for card in cards:
            if card.column in columns:
                columns[card.column].cards.append(card)
                columns[card.column].count += 1
    return list(columns.values())


def _topics(retro: Retrospective, cards: list[Card], mine: Counter[Any]) -> list[Topic]:
    topics = []
    for group in board_groups(retro):
        members = [card for card in cards if card.group_id == group.pk]
        total = votes(group) + sum(votes(card) for card in members)
        topics.append(
            Topic(
                kind="group",
                pk=group.pk,
                title=group.title,
                column=group.column,
                cards=members,
                votes=total,
                mine=mine[("group", group.pk)],
                discussed=group.discussed,
            )
        )
    for card in cards:
        if card.group_id is None:
            topics.append(
                Topic(
                    kind="card",
                    pk=card.pk,
                    title=card.text,
                    column=card.column,
                    cards=[card],
                    votes=votes(card),
                    mine=mine[("card", card.pk)],
                    author=None if card.is_anonymous else card.author,
                )
            )
    return topics


def board_context(request: HttpRequest, retro: Retrospective, *, panel: bool = True) -> dict[str, Any]:
    """Everything the board (and, when asked, the phase panel) shows to this person now."""
    person = actor(request)
    phase = retro.phase
    closed = phase == Phase.CLOSED
    take_part = not closed and TEAM_MEMBER.allows(person, retro)
    facilitating = not closed and FACILITATE.allows(person, retro)
    now = timezone.now()

    cards = list(board_cards(retro).select_related("author")) if retro.revealed else None
    mine: Counter[Any] = Counter()
    if phase in {Phase.VOTING, Phase.DISCUSSING}:
        for card_id, group_id in Vote.objects.filter(retro=retro, voter=person).values_list("card_id", "group_id"):
            mine[("card", card_id) if card_id else ("group", group_id)] += 1
    topics = _topics(retro, cards, mine) if cards is not None else []
    if PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.DISCUSSING):
        topics.sort(key=lambda topic: (-topic.votes, topic.title.lower()))

    timer_left = None
    if phase == Phase.DISCUSSING and retro.timer_ends_at is not None:
        timer_left = max(0, int((retro.timer_ends_at - now).total_seconds()))
    participants = list(Participant.objects.filter(retro=retro).select_related("person"))

    context: dict[str, Any] = {
        "retro": retro,
        "format_name": format_name(retro),
        "live": not closed,
        "take_part": take_part,
        "facilitating": facilitating,
        "card_phase": _card_phase(retro),
        "collection_over": retro.gather_until is not None and now > retro.gather_until,
        "columns": _columns(request, retro, person, cards),
        "groups": [topic for topic in topics if topic.kind == "group"],
        "topics": topics,
        "votes_left": retro.votes_per_person - sum(mine.values()),
        "focus": next((t for t in topics if t.kind == "group" and t.pk == retro.discussing_id), None),
        "timer_left": timer_left,
        "timer_text": f"{timer_left // 60}:{timer_left % 60:02d}" if timer_left is not None else "",
        "speaking_order": speaking_order(retro, [p.person for p in participants if p.present]),
        "away": sorted((p.person for p in participants if not p.present), key=lambda p: p.display_name),
        "poll_url": _poll_url(retro, ticking=bool(timer_left)),
        "today": timezone.localdate(),
    }
    if phase in {Phase.OPENING, Phase.CLOSED}:
        context["safety_answers"] = SafetyCheckIn.objects.filter(retro=retro).count()
        context["safety"] = safety_distribution(retro)
    deciding = PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.DECIDING)
    if phase in CARRIED_OVER_PHASES or deciding:
        # Only lessons (and their items) this person may see: a lesson can be kept to its team
        # while the retro is shared, and an organization-wide retro can follow team-only ones.
        seen = visible(Lesson.objects.all(), person)
    if phase in CARRIED_OVER_PHASES:
        context["carried_over"] = carried_over_items(retro).filter(lesson__in=seen)
    if deciding:
        context["action_items"] = ActionItem.objects.filter(retro=retro, lesson__in=seen).select_related(
            "owner", "lesson"
        )
    if closed:
        context["lessons"] = seen.filter(Q(source_card__retro=retro) | Q(source_group__retro=retro))
    if panel:
        context.update(_panel_context(retro, person, context))
    return context


def _poll_url(retro: Retrospective, *, ticking: bool) -> str:
    url = f"{reverse('retro-board', args=[retro.pk])}?v={retro.version}"
    return url + "&t=1" if ticking else url


def _panel_context(retro: Retrospective, person: Person, board: dict[str, Any]) -> dict[str, Any]:
    """The phase panel: the stepper, the facilitator's controls and this phase's input forms."""
    position = PHASE_ORDER.index(retro.phase)
    steps = [
        {"value": value, "label": label, "done": PHASE_ORDER.index(value) < position, "current": value == retro.phase}
        for value, label in Phase.choices
    ]
    context: dict[str, Any] = {
        "steps": steps,
        "previous_phase": steps[position - 1] if 0 < position < len(steps) - 1 else None,
        "next_phase": steps[position + 1] if position < len(steps) - 2 else None,
        "opening_statement": formats.OPENING_STATEMENT,
    }
    if retro.phase == Phase.OPENING and board["take_part"]:
        context["answered"] = SafetyCheckIn.objects.filter(retro=retro, person=person).exists()
        context["safety_form"] = SafetyForm()
    if retro.phase == Phase.DECIDING and board["take_part"]:
        due = timezone.localdate() + datetime.timedelta(days=14)
        people = team_people(retro.team)
        context["decide_forms"] = [
            (
                topic,
                ActionForm(
                    people=people,
                    initial={topic.kind: topic.pk, "lesson_title": topic.title[:300], "due_on": due},
                    auto_id=f"decide-{topic.pk.hex}-%s",
                ),
            )
            for topic in board["topics"]
        ]
    if retro.phase == Phase.CLOSING and board["facilitating"]:
        context["close_form"] = CloseForm()
    return context


# --- The board page and its live fragment --------------------------------------------------------


@require_safe
@never_cache
@SIGNED_IN
def retro(request: HttpRequest, pk: int) -> HttpResponse:
    person = actor(request)
    the_retro = get_retro_for(person, pk)
    if the_retro.phase != Phase.CLOSED and IN_TEAM.allows(person, the_retro):
        services.participant_join(actor=person, retro=the_retro)
        the_retro.refresh_from_db(fields=["version"])
    context = board_context(request, the_retro)
    context["ancestors"] = [*team_ancestors(the_retro.team), the_retro.team]
    return render(request, "loops/retro.html", context)


@require_safe
@never_cache
@SIGNED_IN
def retro_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The board fragment, or 204 (nothing to swap) when the board the browser has is current."""
    the_retro = get_retro_for(actor(request), pk)
    if request.GET.get("v") == str(the_retro.version) and not request.GET.get("t"):
        return HttpResponse(status=204)
    return _board_update(request, the_retro)


def _board_update(
    request: HttpRequest,
    the_retro: Retrospective,
    *,
    errors: list[str] | None = None,
    panel: bool = False,
    reset_column: str | None = None,
) -> HttpResponse:
    """The board, plus out-of-band the phase panel when this browser's panel is of another phase
    (or the person's own submission asks for a fresh one), or just the one form to clear."""
    seen = request.POST.get("seen") or request.GET.get("seen")
    panel = panel or seen != the_retro.phase
    context = board_context(request, the_retro, panel=panel)
    context.update({"errors": errors or [], "oob_panel": panel, "reset_column": None if panel else reset_column})
    if reset_column and not panel:
        context["reset"] = next((c for c in context["columns"] if c.key == reset_column), None)
    return render(request, "loops/_retro_update.html", context)


# --- Writes on the board -------------------------------------------------------------------------


def _form_errors(form: Form) -> list[str]:
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        found += [f"{label}: {error}" if label else str(error) for error in errors]
    return found


def _answer(
    request: HttpRequest,
    the_retro: Retrospective,
    form: Form,
    write: Callable[[], Any],
    *,
    panel: bool = False,
    reset_column: str | None = None,
    after: Callable[[HttpResponse, Any], None] | None = None,
) -> HttpResponse:
    """Run a board write: a fresh board for htmx (with the errors in it), otherwise a redirect
    back to the board with the errors as messages."""
    errors: list[str] = []
    result: Any = None
    if not form.is_valid():
        errors = _form_errors(form)
    else:
        try:
            result = write()
        except ValidationError as error:
            errors = list(error.messages)
    if is_htmx(request):
        fresh = get_retro_for(actor(request), the_retro.pk)
        response = _board_update(
            request,
            fresh,
            errors=errors,
            panel=panel and not errors,
            reset_column=None if errors else reset_column,
        )
    else:
        for message in errors:
            messages.error(request, message)
        response = redirect("retro", pk=the_retro.pk)
    if after is not None and not errors:
        after(response, result)
    return response


def _target(the_retro: Retrospective, data: dict[str, Any]) -> tuple[Card | None, CardGroup | None]:
    card = get_card_for(the_retro, data["card"]) if data.get("card") else None
    group = get_group_for(the_retro, data["group"]) if data.get("group") else None
    return card, group


@require_POST
@SIGNED_IN
def retro_phase(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk, write=True)
    form = PhaseForm(request.POST)
    return _answer(
        request,
        the_retro,
        form,
        lambda: services.retro_set_phase(actor=actor(request), retro=the_retro, phase=form.cleaned_data["phase"]),
        panel=True,
    )


@require_POST
@SIGNED_IN
def retro_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk, write=True)
    return _answer(request, the_retro, Form({}), lambda: services.retro_reveal(actor=actor(request), retro=the_retro))


@require_POST
@SIGNED_IN
def retro_safety(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk)
    form = SafetyForm(request.POST)
    return _answer(
        request,
        the_retro,
        form,
        lambda: services.safety_check_in(actor=actor(request), retro=the_retro, score=form.cleaned_data["score"]),
        panel=True,
    )


@require_POST
@SIGNED_IN
def retro_card_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = actor(request)
    the_retro = get_retro_for(person, pk)
    form = CardAddForm(request.POST)

    def write() -> Card:
        card = services.card_add(
            actor=person,
            retro=the_retro,
            column=form.cleaned_data["column"],
            text=form.cleaned_data["text"],
            anonymous=not form.cleaned_data["named"],
        )
        if card.is_anonymous:
            remember_own_card(request, card)
        return card

    def remember(response: HttpResponse, card: Card) -> None:
        if card.is_anonymous:
            set_own_cards_cookie(request, response, the_retro, person)

    return _answer(request, the_retro, form, write, reset_column=request.POST.get("column"), after=remember)


@require_POST
@SIGNED_IN
def retro_card_edit(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk)
    form = CardEditForm(request.POST)

    def write() -> Card:
        card = get_card_for(the_retro, form.cleaned_data["card"])
        return services.card_edit(actor=actor(request), card=card, text=form.cleaned_data["text"])

    return _answer(request, the_retro, form, write)


@require_POST
@SIGNED_IN
def retro_group(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk)
    form = GroupForm(request.POST)
    cards = [get_card_for(the_retro, card_id) for card_id in request.POST.getlist("cards")]
    return _answer(
        request,
        the_retro,
        form,
        lambda: services.group_create(
            actor=actor(request), retro=the_retro, title=form.cleaned_data["title"], cards=cards
        ),
        panel=True,
    )


@require_POST
@SIGNED_IN
def retro_card_move(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk)
    form = CardMoveForm(request.POST)

    def write() -> Card:
        card, group = _target(the_retro, form.cleaned_data)
        assert card is not None  # the form requires it
        return services.card_move(actor=actor(request), card=card, group=group)

    return _answer(request, the_retro, form, write)


@require_POST
@SIGNED_IN
def retro_group_rename(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk)
    form = GroupRenameForm(request.POST)

    def write() -> CardGroup:
        group = get_group_for(the_retro, form.cleaned_data["group"])
        return services.group_rename(actor=actor(request), group=group, title=form.cleaned_data["title"])

    return _answer(request, the_retro, form, write)


@require_POST
@SIGNED_IN
def retro_vote(request: HttpRequest, pk: int) -> HttpResponse:
    person = actor(request)
    the_retro = get_retro_for(person, pk)
    form = VoteForm(request.POST)

    def write() -> None:
        card, group = _target(the_retro, form.cleaned_data)
        if form.cleaned_data["action"] == "retract":
            services.vote_retract(actor=person, retro=the_retro, card=card, group=group)
        else:
            services.vote_cast(actor=person, retro=the_retro, card=card, group=group)

    return _answer(request, the_retro, form, write)


@require_POST
@SIGNED_IN
def retro_present(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk, write=True)
    form = PresentForm(request.POST)

    def write() -> Participant:
        participant = get_object_or_404(Participant, retro=the_retro, person_id=form.cleaned_data["person"])
        return services.participant_set_present(
            actor=actor(request), retro=the_retro, person=participant.person, present=form.cleaned_data["present"]
        )

    return _answer(request, the_retro, form, write)


@require_POST
@SIGNED_IN
def retro_focus(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk, write=True)
    form = FocusForm(request.POST)

    def write() -> Retrospective:
        card, group = _target(the_retro, form.cleaned_data)
        # Without a topic the discussion stops, and so does the timer.
        minutes = form.cleaned_data["minutes"] if card or group else None
        return services.discussion_focus(actor=actor(request), retro=the_retro, group=group, card=card, minutes=minutes)

    return _answer(request, the_retro, form, write)


@require_POST
@SIGNED_IN
def retro_action(request: HttpRequest, pk: int) -> HttpResponse:
    """What we learned from a card or group, and what we will do about it: a lesson linked to its
    source and an action item linked to the lesson and to this retro, both or neither."""
    person = actor(request)
    the_retro = get_retro_for(person, pk)
    form = ActionForm(request.POST, people=team_people(the_retro.team))

    def write() -> ActionItem:
        data = form.cleaned_data
        card, group = _target(the_retro, data)
        source = card or group
        if source is None or (card is not None and group is not None):
            raise ValidationError("Say which card or group the lesson comes from.")
        with transaction.atomic():
            lesson = services.lesson_create(actor=person, source=source, title=data["lesson_title"])
            return services.action_item_create(
                actor=person,
                lesson=lesson,
                title=data["action_title"],
                owner=data["owner"],
                due_on=data["due_on"],
                retro=the_retro,
            )

    return _answer(request, the_retro, form, write, panel=True)


@require_POST
@SIGNED_IN
def retro_regenerated(request: HttpRequest, pk: int) -> HttpResponse:
    person = actor(request)
    the_retro = get_retro_for(person, pk, write=True)
    form = RegeneratedForm(request.POST)

    def write() -> ActionItem:
        item = get_object_or_404(carried_over_items(the_retro), pk=form.cleaned_data["item"])
        return services.action_item_mark_regenerated(actor=person, item=item, retro=the_retro)

    return _answer(request, the_retro, form, write)


@require_POST
@SIGNED_IN
def retro_close(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk, write=True)
    form = CloseForm(request.POST)
    return _answer(
        request,
        the_retro,
        form,
        lambda: services.retro_close(actor=actor(request), retro=the_retro, summary=form.cleaned_data["summary"]),
        panel=True,
    )


# --- Export --------------------------------------------------------------------------------------


@SIGNED_IN
def retro_export(request: HttpRequest, pk: int) -> HttpResponse:
    the_retro = get_retro_for(actor(request), pk)
    response = HttpResponse(retro_markdown(the_retro), content_type="text/markdown; charset=utf-8")
    filename = f"{slugify(the_retro.title) or 'retro'}-{the_retro.created_at:%Y-%m-%d}.md"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
