"""The built-in instruments: items written for Learnloop, measuring published constructs (docs/voice.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemSpec:
    text: str
    construct: str
    reverse_scored: bool = False


@dataclass(frozen=True)
class InstrumentSpec:
    key: str
    name: str
    description: str
    source: str
    points: int
    items: tuple[ItemSpec, ...]
    low_label: str = "Strongly disagree"
    high_label: str = "Strongly agree"


SAFETY = "Team psychological safety"
ENVIRONMENT = "Supportive learning environment"
PROCESSES = "Concrete learning processes"
LEADERSHIP = "Leadership that reinforces learning"

PSYCHOLOGICAL_SAFETY = InstrumentSpec(
    key="team-psychological-safety",
    name="Team psychological safety",
    description=(
        "Seven statements about whether it feels safe to take interpersonal risks in your team. "
        "Three are worded the other way round and are reverse-scored."
    ),
    source="Construct: Edmondson (1999), Administrative Science Quarterly 44(2); items in our own words.",
    points=7,
    items=(
        ItemSpec("When someone in this team gets something wrong, it is remembered against them.", SAFETY, True),
        ItemSpec("In this team we can bring up problems and hard topics openly.", SAFETY),
        ItemSpec("People here are sometimes pushed aside for being different.", SAFETY, True),
        ItemSpec("I can try something risky in this team without fearing the consequences.", SAFETY),
        ItemSpec("Asking a teammate for help is hard here.", SAFETY, True),
        ItemSpec("Nobody in this team would knowingly work against my efforts.", SAFETY),
        ItemSpec("My particular skills are recognised and put to good use in this team.", SAFETY),
    ),
)

LEARNING_ENVIRONMENT = InstrumentSpec(
    key="learning-environment",
    name="Learning environment",
    description=(
        "Nine statements on the three building blocks of a learning organization: a supportive "
        "learning environment, concrete learning processes, and leadership that reinforces learning."
    ),
    source=(
        "Building blocks: Garvin, Edmondson and Gino (2008), Harvard Business Review 86(3); items in our own words."
    ),
    points=7,
    items=(
        ItemSpec("I can voice a view that differs from most of the team and be taken seriously.", ENVIRONMENT),
        ItemSpec("New ideas get a real hearing here, even when they upset how we usually work.", ENVIRONMENT),
        ItemSpec("We make time to step back and reflect on how we work.", ENVIRONMENT),
        ItemSpec("We try new ways of working as small, deliberate experiments.", PROCESSES),
        ItemSpec(
            "After a piece of work we look at what went well and badly, and write down what we learned.", PROCESSES
        ),
        ItemSpec("What one team learns reaches the other teams who need it.", PROCESSES),
        ItemSpec("My manager asks for other points of view and listens to them.", LEADERSHIP),
        ItemSpec("My manager welcomes questions and disagreement.", LEADERSHIP),
        ItemSpec("My manager makes time to find problems and to talk about what we learned.", LEADERSHIP),
    ),
)

BUILT_IN = (PSYCHOLOGICAL_SAFETY, LEARNING_ENVIRONMENT)


def ensure_built_in(**kwargs: object) -> None:
    """Create the built-in instruments that are missing (their key says which). Connected to
    `post_migrate`, so a new database, and one emptied by `flush`, always has them."""
    from learnloop.voice.models import Instrument, Item

    using = str(kwargs.get("using") or "default")
    for spec in BUILT_IN:
        if Instrument.objects.using(using).filter(key=spec.key).exists():
            continue
        instrument = Instrument.objects.using(using).create(
            key=spec.key,
            name=spec.name,
            description=spec.description,
            source=spec.source,
            points=spec.points,
            low_label=spec.low_label,
            high_label=spec.high_label,
            built_in=True,
        )
        Item.objects.using(using).bulk_create(
            Item(
                instrument=instrument,
                position=position,
                text=item.text,
                construct=item.construct,
                reverse_scored=item.reverse_scored,
            )
            for position, item in enumerate(spec.items, 1)
        )
