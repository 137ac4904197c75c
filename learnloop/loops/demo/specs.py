"""What the demo's loop history is made of: the shapes of its retros, reviews, lessons and items."""

from __future__ import annotations

from dataclasses import dataclass

from learnloop.loops.models import (
    Retrospective,
    Review,
    TimelineEntry,
    Visibility,
)

# Every date below is counted back from the day the demo is loaded, so the history stays fresh.

TEAM, ORGANIZATION = Visibility.TEAM, Visibility.ORGANIZATION
LIVE, ASYNC = Retrospective.Mode.LIVE, Retrospective.Mode.ASYNC
DRAFT, IN_REVIEW, PUBLISHED = Review.Status.DRAFT, Review.Status.IN_REVIEW, Review.Status.PUBLISHED
INCIDENT, PROJECT, CUSTOMER = Review.Kind.INCIDENT, Review.Kind.PROJECT, Review.Kind.CUSTOMER
STARTED, DETECTED, MITIGATED, RESOLVED, EVENT = (
    TimelineEntry.Kind.STARTED,
    TimelineEntry.Kind.DETECTED,
    TimelineEntry.Kind.MITIGATED,
    TimelineEntry.Kind.RESOLVED,
    TimelineEntry.Kind.EVENT,
)
EVIDENCE = "https://git.northwind.example"

FACTOR_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("Capacity", "Something ran out: disk, memory, workers, people's time."),
    ("Config change", "A configuration change, or configuration built from the wrong source."),
    ("Dependency failure", "A provider, library or another team's system behaved differently than we assumed."),
    ("Monitoring gap", "We had no signal, or the signal reached nobody who could act on it."),
    ("Process gap", "Our process had no step for this, or a step covered only one of several paths."),
    ("Testing gap", "Our tests did not exercise the case that failed."),
    ("Unclear ownership", "Nobody knew, or several teams each assumed another, owned the thing."),
)

# A format Platform saved for itself: (team key, name, columns, saved this many days ago, by).
RETRO_FORMATS: tuple[tuple[str, str, tuple[str, ...], int, int], ...] = (
    ("platform", "Deploys & on-call", ("Shipped smoothly", "Paged us", "Slowed us down", "Try next"), 80, 11),
)


@dataclass(frozen=True)
class Done:
    days: int  # closed this many days after the due date; negative is early
    what: str
    where: str
    evidence: str = ""


@dataclass(frozen=True)
class Dropped:
    days: int
    reason: str


@dataclass(frozen=True)
class DemoItem:
    title: str
    owner: int  # a DemoPerson number
    due_in: int  # days after the lesson was drawn
    outcome: Done | Dropped | None = None  # None: still open


@dataclass(frozen=True)
class DemoLesson:
    title: str
    # In a retro: a group's title or a card's number (from 1). In a review: a factor's category
    # name or a timeline entry's number (from 1).
    source: str | int
    item: DemoItem | None = None
    tags: tuple[str, ...] = ()
    repeats: str = ""  # the title of an earlier lesson of the team: the same problem again


@dataclass(frozen=True)
class DemoRetro:
    team: str
    title: str  # the retro's key within its team: never rename
    format: str  # a built-in format, or "custom:" and the name of a format the team saved
    days_ago: int
    facilitator: int
    cards: str  # a card a line, "column: text"; "@<person number> column: text" for a named card
    groups: tuple[tuple[str, tuple[int, ...]], ...] = ()
    lessons: tuple[DemoLesson, ...] = ()
    summary: str = ""  # no summary: still in progress
    mode: str = LIVE
    votes_per_person: int = 3
    visibility: str = TEAM
    regenerates: tuple[str, ...] = ()  # titles of earlier items whose problem came back here


@dataclass(frozen=True)
class DemoReview:
    number: int  # the external id is "demo-review-<number>": never renumber
    team: str
    kind: str
    title: str
    author: int
    days_ago: int  # the day it happened; for a project, the day it ended
    status: str
    visibility: str
    severity: str
    summary: str
    impact: str
    detection: str
    went_well: str
    got_lucky: str
    timeline: tuple[tuple[int, str, str, str], ...]  # (days after days_ago, "HH:MM", kind, text)
    factors: tuple[tuple[str, str], ...]  # (category, description)
    lessons: tuple[DemoLesson, ...] = ()
    repeats: int = 0  # the number of an earlier review: the same problem again
    repeat_note: str = ""

    @property
    def external_id(self) -> str:
        return f"demo-review-{self.number:02d}"


# When each team meets (local time), and how safe its people feel (weights of scores 1 to 5).
RETRO_HOURS = {"platform": 14, "payments": 10, "mobile": 15, "data": 11, "support": 16}
SAFETY_WEIGHTS = {
    "platform": (0, 1, 3, 6, 3),
    "payments": (0, 1, 2, 5, 5),
    "mobile": (0, 2, 5, 4, 1),
    "data": (0, 1, 3, 5, 2),
    "support": (0, 1, 3, 4, 4),
}
