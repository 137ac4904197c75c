"""Writes for pulses: instruments, runs and anonymous answers. Questions live in `voice.questions`.

An answer waits, then is released: see `release_waiting` and docs/anonymity.md ("Unlinkable at
rest") for why released rows are written again, shuffled, by a transaction of their own."""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.core.anonymity import minimum_group_size
from learnloop.core.stats import reverse
from learnloop.core.unlinkable import forget_deleted_rows, shuffled
from learnloop.people.models import Membership, Person, Team
from learnloop.voice.instruments import ItemSpec
from learnloop.voice.models import (
    Answer,
    Comment,
    ConstructScore,
    Instrument,
    Item,
    Participation,
    PulseRun,
    Response,
    RunTeam,
)
from learnloop.voice.rules import DESIGN_SURVEYS

MAX_COMMENT = 2000


@transaction.atomic
def instrument_create(
    *,
    actor: Any,
    name: str,
    items: Sequence[ItemSpec],
    points: int = 7,
    description: str = "",
    low_label: str = "Strongly disagree",
    high_label: str = "Strongly agree",
    key: str = "",
) -> Instrument:
    """A custom instrument: items on one 1..points scale, each with its construct."""
    require(actor, DESIGN_SURVEYS, message="Only people analysts and admins define survey instruments.")
    if not items:
        raise ValidationError({"items": "Give at least one item."})
    problems = [
        f"Item {number}: write the statement and name its construct."
        for number, item in enumerate(items, 1)
        if not item.text.strip() or not item.construct.strip()
    ]
    if problems:
        raise ValidationError({"items": problems})
    key = key or slugify(name)[:90]
    if not key:
        raise ValidationError({"name": "Give the instrument a name."})
    if Instrument.objects.filter(key=key).exists():
        raise ValidationError({"name": "An instrument with this name exists already."})
    instrument = Instrument(
        key=key,
        name=name.strip(),
        description=description.strip(),
        points=points,
        low_label=low_label,
        high_label=high_label,
        created_by=actor if isinstance(actor, Person) else None,
    )
    instrument.full_clean()
    instrument.save()
    Item.objects.bulk_create(
        Item(
            instrument=instrument,
            position=number,
            text=item.text.strip(),
            construct=item.construct.strip(),
            reverse_scored=item.reverse_scored,
        )
        for number, item in enumerate(items, 1)
    )
    audit.record(actor=actor, action="instrument.created", target=instrument, changes={"items": len(items)})
    return instrument


def _audience_cells(teams: Sequence[Team]) -> list[Team]:
    """The chosen teams and every team below them, parents before children."""
    condition = None
    for team in teams:
        query = Team.objects.filter(path__startswith=team.path)
        condition = query if condition is None else condition | query
    return list(condition.distinct().order_by("path")) if condition is not None else []


@transaction.atomic
def run_create(
    *,
    actor: Any,
    instrument: Instrument,
    title: str,
    teams: Sequence[Team],
    opens_on: datetime.date,
    closes_on: datetime.date,
    segment_label: str = "",
    segment_choices: Sequence[str] = (),
    external_key: str | None = None,
) -> PulseRun:
    """A pulse for the chosen teams and the teams below them. The team tree and head counts
    are frozen now, so later moves never change the run's numbers."""
    require(actor, DESIGN_SURVEYS, message="Only people analysts and admins start pulses.")
    if not teams:
        raise ValidationError({"teams": "Choose at least one team."})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The pulse must close on or after the day it opens."})
    choices = [choice.strip() for choice in segment_choices if choice.strip()]
    if choices and not segment_label.strip():
        raise ValidationError({"segment_label": "Say what the optional question about people asks."})
    run = PulseRun(
        instrument=instrument,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        segment_label=segment_label.strip() if choices else "",
        segment_choices=choices,
        external_key=external_key,
        created_by=actor if isinstance(actor, Person) else None,
    )
    run.full_clean()
    run.save()
    cells: dict[int, RunTeam] = {}
    for team in _audience_cells(teams):
        cells[team.pk] = RunTeam.objects.create(
            run=run,
            team=team,
            parent=cells.get(team.parent_id) if team.parent_id else None,
            name=team.name,
            headcount=Membership.objects.filter(team=team).count(),
        )
    audit.record(
        actor=actor,
        action="pulse.created",
        target=run,
        changes={"instrument": instrument.name, "teams": [team.name for team in teams]},
    )
    return run


def cell_for(run: PulseRun, person: Person) -> RunTeam | None:
    """Where a person's answer counts: their deepest team in the run's audience."""
    memberships = Membership.objects.filter(person=person, team__in=run.cells.values("team")).select_related("team")
    teams = sorted((m.team for m in memberships), key=lambda team: (-team.depth, team.path))
    if not teams:
        return None
    return run.cells.get(team=teams[0])


def scored(item: Item, score: int, points: int) -> int:
    return reverse(score, points=points) if item.reverse_scored else score


def pulse_answer(
    *,
    actor: Person,
    run: PulseRun,
    scores: Mapping[int, int],
    comments: Mapping[int, str] | None = None,
    segment: str = "",
    today: datetime.date | None = None,
) -> None:
    """Store one person's answers: participation apart, the answers with a random id, the team
    cell and the day only. Every item needs a score (1..points); comments are optional.

    Two transactions: the person's writes participation and the waiting answer; then
    `release_waiting`, in its own, releases the person's team once enough answers wait. Called
    inside an outer transaction both share it, which loses that separation: views, the API and
    the CLI call it outside one."""
    today = today or timezone.localdate()
    with transaction.atomic():
        list(PulseRun.objects.select_for_update().filter(pk=run.pk).values_list("pk"))
        cell = cell_for(run, actor)
        if cell is None:
            raise ValidationError("This pulse is not for your teams.")
        if not run.is_open(today):
            raise ValidationError("This pulse is not open.")
        items = list(run.instrument.items.all())
        points = run.instrument.points
        errors: dict[str, list[str]] = {}
        for item in items:
            score = scores.get(item.pk)
            if score is None:
                errors.setdefault(f"item_{item.pk}", []).append("Choose an answer.")
            elif not 1 <= score <= points:
                errors.setdefault(f"item_{item.pk}", []).append(f"Choose an answer from 1 to {points}.")
        unknown = set(scores) - {item.pk for item in items}
        if unknown:
            errors.setdefault("__all__", []).append("Some answers are for items not in this pulse.")
        comments = {pk: text.strip() for pk, text in (comments or {}).items() if text and text.strip()}
        for pk, text in comments.items():
            if len(text) > MAX_COMMENT:
                errors.setdefault(f"comment_{pk}", []).append(f"Keep a comment under {MAX_COMMENT} characters.")
        if segment and segment not in run.segment_choices:
            errors.setdefault("segment", []).append("Choose one of the offered answers, or none.")
        if errors:
            raise ValidationError(errors)
        _, created = Participation.objects.get_or_create(run=run, person=actor)
        if not created:
            raise ValidationError("You have already answered this pulse.")
        record_response(run=run, cell=cell, items=items, scores=scores, comments=comments, segment=segment, day=today)
        # The audit log says that someone answered, never who or what, and keeps the day only.
        audit.record(actor=None, action="pulse.answered", target=run)
    release_waiting(run=run, cell=cell)


@dataclass(frozen=True)
class Waiting:
    """What one response holds before release: enough to write it again, nothing more."""

    cell_id: int
    segment: str
    scores: Mapping[int, int]  # item id -> score as answered


def record_response(
    *,
    run: PulseRun,
    cell: RunTeam,
    items: Sequence[Item],
    scores: Mapping[int, int],
    comments: Mapping[int, str],
    segment: str,
    day: datetime.date,
    batch: int | None = None,
) -> Response:
    """The anonymous part of one answer, waiting (no batch) or released; callers record
    participation themselves."""
    (response,) = write_responses(
        run=run, items=items, answers=[Waiting(cell.pk, segment, scores)], day=day, batch=batch
    )
    Comment.objects.bulk_create(
        Comment(run=run, item_id=pk, cell=cell, text=text, shuffle_key=secrets.randbelow(2**31), batch=batch)
        for pk, text in comments.items()
    )
    return response


def write_responses(
    *, run: PulseRun, items: Sequence[Item], answers: Sequence[Waiting], day: datetime.date, batch: int | None
) -> list[Response]:
    """Responses with their answers and construct scores, written in the order given (callers
    that release shuffle first), every row with a fresh random id."""
    points = run.instrument.points
    responses = [
        Response(run=run, cell_id=answer.cell_id, segment=answer.segment, submitted_on=day, batch=batch)
        for answer in answers
    ]
    Response.objects.bulk_create(responses, batch_size=500)
    Answer.objects.bulk_create(
        (
            Answer(response=response, item=item, score=answer.scores[item.pk])
            for response, answer in zip(responses, answers, strict=True)
            for item in items
        ),
        batch_size=1000,
    )
    constructs: list[ConstructScore] = []
    for response, answer in zip(responses, answers, strict=True):
        by_construct: dict[str, list[int]] = {}
        for item in items:
            by_construct.setdefault(item.construct, []).append(scored(item, answer.scores[item.pk], points))
        constructs += [
            ConstructScore(
                response=response,
                run=run,
                cell_id=answer.cell_id,
                segment=answer.segment,
                batch=batch,
                construct=construct,
                score=sum(values) / len(values),
            )
            for construct, values in by_construct.items()
        ]
    ConstructScore.objects.bulk_create(constructs, batch_size=1000)
    return responses


def release_waiting(*, run: PulseRun, cell: RunTeam | None = None, everything: bool = False) -> int | None:
    """Release a team's waiting responses (and comments) as the next batch once at least the
    minimum of them wait, so every number that includes the team moves by at least the minimum
    at once; with `everything` (the run is over), release all waiting answers together.

    In a transaction of its own (the run's row locked, so batches never overlap), the waiting
    rows are written again in a shuffled order, with new random ids and one day for the whole
    batch (its latest), and then deleted; see docs/anonymity.md. Returns the batch number, or
    None when nothing was released."""
    if cell is None and not everything:
        raise ValueError("Name the team cell whose waiting answers to release.")
    with transaction.atomic():
        list(PulseRun.objects.select_for_update().filter(pk=run.pk).values_list("pk"))
        waiting = Response.objects.filter(run=run, batch__isnull=True)
        comments = Comment.objects.filter(run=run, batch__isnull=True)
        if not everything:
            waiting, comments = waiting.filter(cell=cell), comments.filter(cell=cell)
        responses = list(waiting.values_list("pk", "cell_id", "segment", "submitted_on"))
        if not responses or (len(responses) < minimum_group_size() and not everything):
            return None
        batch = (Response.objects.filter(run=run).aggregate(last=Max("batch"))["last"] or 0) + 1
        scores: dict[Any, dict[int, int]] = defaultdict(dict)
        for response_id, item_id, score in Answer.objects.filter(response__in=waiting).values_list(
            "response_id", "item_id", "score"
        ):
            scores[response_id][item_id] = score
        remarks = list(comments.values_list("item_id", "cell_id", "text"))
        # New rows first, then the deletion: written while the waiting rows still hold their
        # places, the released ones cannot land in those places in the file in a telling order.
        write_responses(
            run=run,
            items=list(run.instrument.items.all()),
            answers=[Waiting(cell_id, segment, scores[pk]) for pk, cell_id, segment, _day in shuffled(responses)],
            day=max(day for *_rest, day in responses),
            batch=batch,
        )
        Comment.objects.bulk_create(
            (
                Comment(
                    run=run,
                    item_id=item_id,
                    cell_id=cell_id,
                    text=text,
                    shuffle_key=secrets.randbelow(2**31),
                    batch=batch,
                )
                for item_id, cell_id, text in shuffled(remarks)
            ),
            batch_size=500,
        )
        comments.delete()
        waiting.delete()  # with their answers and construct scores
        forget_deleted_rows()
    return batch


def run_release_all(*, run: PulseRun) -> int | None:
    """The run is over: release whatever still waits as one last batch and rewrite who answered
    in shuffled order, so the participation table no longer says who answered late (with the
    last batch) and who early. Once per run; returns the last batch's number, if any."""
    with transaction.atomic():
        locked = PulseRun.objects.select_for_update().get(pk=run.pk)
        if locked.all_released:
            return None
        batch = release_waiting(run=run, everything=True)
        people = list(Participation.objects.filter(run=run).values_list("person_id", flat=True))
        Participation.objects.filter(run=run).delete()
        Participation.objects.bulk_create(
            (Participation(run=run, person_id=person_id) for person_id in shuffled(people)), batch_size=1000
        )
        PulseRun.objects.filter(pk=run.pk).update(all_released=True)
        run.all_released = True
        forget_deleted_rows()
    return batch


def release_finished_runs(*, today: datetime.date | None = None) -> list[PulseRun]:
    """`run_release_all` for every run past its closing day (or closed) not yet done; the runs done."""
    today = today or timezone.localdate()
    done = []
    for run in PulseRun.objects.filter(all_released=False).filter(Q(closed=True) | Q(closes_on__lt=today)):
        run_release_all(run=run)
        done.append(run)
    return done


@transaction.atomic
def run_close(*, actor: Any, run: PulseRun) -> PulseRun:
    """Close a pulse now: it takes no more answers, and its last waiting answers count (the
    guard still holds back any team's result they would change by fewer than the minimum)."""
    require(actor, DESIGN_SURVEYS, message="Only people analysts and admins close pulses.")
    if run.closed:
        raise ValidationError("This pulse is closed already.")
    run.closed = True
    run.save(update_fields=["closed"])
    run_release_all(run=run)
    audit.record(actor=actor, action="pulse.closed", target=run)
    return run
