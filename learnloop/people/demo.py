"""The demo organization "Northwind Analytics": an invented company to try Learnloop with."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Protocol

from django.apps import apps
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from learnloop.core.access import SYSTEM
from learnloop.people import services
from learnloop.people.models import Membership, Person, Role, SensitiveAttribute, Team

DEMO_PASSWORD = "learnloop-demo"  # noqa: S105 (published: every demo account shares it)
DEMO_DOMAIN = "northwind.example"
# PBKDF2 rounds for the demo accounts' hashes. Each account gets its own salt; the password is
# published, so the hash guards nothing secret, and seventy hashes at full strength would take
# most of a minute of `make run`. Django re-hashes an account at full strength on its first sign-in.
DEMO_HASH_ITERATIONS = 20_000
DEMO_ADDRESS = "http://127.0.0.1:8000"
# Marks the demo's teams so a re-run finds them whatever they were renamed to.
TEAM_KEY_PREFIX = "northwind-demo/"

GENDERS = {"F": "Female", "M": "Male", "N": "Nonbinary"}
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64")
TENURE_BANDS = ("<1 year", "1-2 years", "3-5 years", "6-10 years", "10+ years")


@dataclass(frozen=True)
class DemoPerson:
    number: int  # stable: the external id is "demo-<number>", so never renumber
    name: str
    title: str
    gender: str  # a key of GENDERS
    role: str = Role.MEMBER

    @property
    def external_id(self) -> str:
        return f"demo-{self.number:03d}"

    @property
    def email(self) -> str:
        ascii_name = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        return ".".join(ascii_name.lower().replace("'", "").split()) + "@" + DEMO_DOMAIN


@dataclass(frozen=True)
class DemoTeam:
    key: str
    name: str
    parent: str | None
    description: str
    people: tuple[DemoPerson, ...]


MANAGER, FACILITATOR = Role.MANAGER, Role.FACILITATOR

# Parents come before their children; in each team the manager comes first.
TEAMS: tuple[DemoTeam, ...] = (
    DemoTeam(
        "northwind",
        "Northwind Analytics",
        None,
        "Analytics software for regional retailers.",
        (DemoPerson(1, "Helena Marsh", "Chief Executive Officer", "F", MANAGER),),
    ),
    DemoTeam(
        "engineering",
        "Engineering",
        "northwind",
        "Builds and runs the Northwind product.",
        (DemoPerson(2, "Tomasz Wójcik", "VP of Engineering", "M", MANAGER),),
    ),
    DemoTeam(
        "product-design",
        "Product & Design",
        "northwind",
        "Decides what we build and why.",
        (DemoPerson(3, "Adaeze Okonkwo", "VP of Product", "F", MANAGER),),
    ),
    DemoTeam(
        "customer-operations",
        "Customer Operations",
        "northwind",
        "Keeps customers successful.",
        (DemoPerson(4, "Rafael Mendoza", "VP of Customer Operations", "M", MANAGER),),
    ),
    DemoTeam(
        "business-operations",
        "Business Operations",
        "northwind",
        "People, IT and security.",
        (DemoPerson(5, "Ingrid Halvorsen", "Chief Operating Officer", "F", MANAGER),),
    ),
    DemoTeam(
        "platform",
        "Platform",
        "engineering",
        "Infrastructure, deploys and reliability.",
        (
            DemoPerson(10, "Samira Haddad", "Engineering Manager", "F", MANAGER),
            DemoPerson(11, "Jonas Becker", "Staff Engineer", "M", FACILITATOR),
            DemoPerson(12, "Mei Lin Tan", "Senior Site Reliability Engineer", "F"),
            DemoPerson(13, "Diego Alvarez", "Software Engineer", "M"),
            DemoPerson(14, "Priya Raghunathan", "Senior Software Engineer", "F"),
            DemoPerson(15, "Oluwaseun Adeyemi", "Software Engineer", "M"),
            DemoPerson(16, "Alex Morgan", "Site Reliability Engineer", "N"),
        ),
    ),
    DemoTeam(
        "payments",
        "Payments",
        "engineering",
        "Billing, invoicing and payment providers.",
        (
            DemoPerson(20, "Kenji Watanabe", "Engineering Manager", "M", MANAGER),
            DemoPerson(21, "Fatima Zahra Benali", "Senior Software Engineer", "F", FACILITATOR),
            DemoPerson(22, "Lucas Oliveira", "Software Engineer", "M"),
            DemoPerson(23, "Hannah Schulz", "Software Engineer", "F"),
            DemoPerson(24, "Arjun Mehta", "Security Engineer", "M"),
            DemoPerson(25, "Grace Mwangi", "Quality Engineer", "F"),
        ),
    ),
    DemoTeam(
        "mobile",
        "Mobile",
        "engineering",
        "The iOS and Android apps.",
        (
            DemoPerson(30, "Chloé Dubois", "Engineering Manager", "F", MANAGER),
            DemoPerson(31, "Minh Nguyen", "Senior iOS Engineer", "M", FACILITATOR),
            DemoPerson(32, "Sofia Rossi", "Android Engineer", "F"),
            DemoPerson(33, "Ethan Brooks", "iOS Engineer", "M"),
            DemoPerson(34, "Yuki Sato", "Android Engineer", "N"),
            DemoPerson(35, "Kofi Mensah", "Mobile Quality Engineer", "M"),
        ),
    ),
    DemoTeam(
        "data",
        "Data",
        "engineering",
        "Pipelines, models and the analytics warehouse.",
        (
            DemoPerson(40, "Ravi Subramanian", "Data Engineering Manager", "M", MANAGER),
            DemoPerson(41, "Elena Petrova", "Senior Data Engineer", "F", FACILITATOR),
            DemoPerson(42, "Marcus Johnson", "Data Engineer", "M"),
            DemoPerson(43, "Leila Farahani", "Machine Learning Engineer", "F"),
            DemoPerson(44, "Jae-won Park", "Analytics Engineer", "M"),
            DemoPerson(45, "Isabel Cruz", "Data Scientist", "F"),
            DemoPerson(46, "Niamh O'Sullivan", "Data Engineer", "F"),
        ),
    ),
    DemoTeam(
        "design",
        "Design",
        "product-design",
        "Product, interaction and content design.",
        (
            DemoPerson(50, "Maya Lindqvist", "Design Manager", "F", MANAGER),
            DemoPerson(51, "Tariq Rahman", "Senior Product Designer", "M", FACILITATOR),
            DemoPerson(52, "Zoe Whitfield", "Product Designer", "F"),
            DemoPerson(53, "Santiago Herrera", "Interaction Designer", "M"),
            DemoPerson(54, "Aiko Tanaka", "Content Designer", "F"),
            DemoPerson(55, "River Castillo", "Product Designer", "N"),
        ),
    ),
    DemoTeam(
        "research",
        "Research",
        "product-design",
        "User research and research operations.",
        (
            DemoPerson(60, "Nadia Kowalczyk", "Research Manager", "F", MANAGER),
            DemoPerson(61, "Emeka Nwosu", "Senior User Researcher", "M", FACILITATOR),
            DemoPerson(62, "Clara Jensen", "User Researcher", "F"),
            DemoPerson(63, "Hugo Fontaine", "User Researcher", "M"),
            DemoPerson(64, "Ananya Iyer", "Research Operations Specialist", "F"),
        ),
    ),
    DemoTeam(
        "product-management",
        "Product Management",
        "product-design",
        "Roadmap and discovery.",
        (
            DemoPerson(70, "David Cohen", "Group Product Manager", "M", MANAGER),
            DemoPerson(71, "Lakshmi Narayan", "Senior Product Manager", "F", FACILITATOR),
            DemoPerson(72, "Owen Gallagher", "Product Manager", "M"),
            DemoPerson(73, "Amara Diallo", "Product Manager", "F"),
            DemoPerson(74, "Felipe Santos", "Associate Product Manager", "M"),
        ),
    ),
    DemoTeam(
        "support",
        "Support",
        "customer-operations",
        "First- and second-line customer support.",
        (
            DemoPerson(80, "Rosa Jiménez", "Support Manager", "F", MANAGER),
            DemoPerson(81, "Daniel Kim", "Support Team Lead", "M", FACILITATOR),
            DemoPerson(82, "Aisha Bello", "Senior Support Specialist", "F", FACILITATOR),
            DemoPerson(83, "Patrick Doyle", "Support Specialist", "M"),
            DemoPerson(84, "Linh Pham", "Support Specialist", "F"),
            DemoPerson(85, "Mateo García", "Support Specialist", "M"),
            DemoPerson(86, "Sara Lindgren", "Technical Support Engineer", "F"),
            DemoPerson(87, "Jamal Washington", "Support Specialist", "M"),
        ),
    ),
    DemoTeam(
        "customer-success",
        "Customer Success",
        "customer-operations",
        "Onboarding and renewals.",
        (
            DemoPerson(90, "Olivia Bennett", "Head of Customer Success", "F", MANAGER),
            DemoPerson(91, "Hiroshi Yamamoto", "Senior Customer Success Manager", "M", FACILITATOR),
            DemoPerson(92, "Beatriz Carvalho", "Customer Success Manager", "F"),
            DemoPerson(93, "Ahmed Saleh", "Customer Success Manager", "M"),
            DemoPerson(94, "Katarzyna Nowak", "Onboarding Specialist", "F"),
            DemoPerson(95, "Sam Taylor", "Renewals Specialist", "N"),
        ),
    ),
    DemoTeam(
        "people",
        "People",
        "business-operations",
        "Hiring, growth and people analytics.",
        (
            DemoPerson(100, "Gabriela Ruiz", "Head of People", "F", MANAGER),
            DemoPerson(101, "Noah Fischer", "People Partner", "M", FACILITATOR),
            DemoPerson(102, "Imani Harris", "People Analyst", "F"),
            DemoPerson(103, "Victor Lungu", "Learning & Development Lead", "M"),
            DemoPerson(104, "Meera Pillai", "Recruiter", "F"),
        ),
    ),
    DemoTeam(
        "it-security",
        "IT & Security",
        "business-operations",
        "Laptops, accounts and security.",
        (
            DemoPerson(110, "Kwabena Owusu", "IT & Security Manager", "M", MANAGER),
            DemoPerson(111, "Lena Hoffmann", "Security Engineer", "F", FACILITATOR),
            DemoPerson(112, "Carlos Medina", "IT Administrator", "M"),
            DemoPerson(113, "Shreya Desai", "IT Support Specialist", "F"),
            DemoPerson(114, "Finn Murphy", "Systems Engineer", "M"),
        ),
    ),
)

# People who also facilitate a team above their own (the cross-team rituals).
EXTRA_MEMBERSHIPS: tuple[tuple[int, str, str], ...] = (
    (103, "northwind", FACILITATOR),
    (11, "engineering", FACILITATOR),
    (51, "product-design", FACILITATOR),
    (81, "customer-operations", FACILITATOR),
    (101, "business-operations", FACILITATOR),
)

ANALYST_NUMBER = 102
ADMIN_NUMBER = 112
# The accounts the summary suggests signing in with, one per role: (role shown, person number).
SHOWCASE_LOGINS: tuple[tuple[str, int], ...] = (
    ("member of Platform", 13),
    ("facilitator of Platform", 11),
    ("manager of Platform", 10),
    ("people analyst", ANALYST_NUMBER),
    ("admin", ADMIN_NUMBER),
)


def demo_password_hash() -> str:
    """The demo password hashed for one account, with its own salt (see DEMO_HASH_ITERATIONS)."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(DEMO_PASSWORD, hasher.salt(), iterations=DEMO_HASH_ITERATIONS)
    return make_password(DEMO_PASSWORD)


def demo_people() -> Iterator[tuple[DemoTeam, DemoPerson]]:
    for team in TEAMS:
        for person in team.people:
            yield team, person


def _demo_person(number: int) -> DemoPerson:
    return next(person for _, person in demo_people() if person.number == number)


class Output(Protocol):
    """Where progress lines go: a file, or a management command's stdout."""

    def write(self, text: str, /) -> Any: ...


@dataclass
class DemoContext:
    """What the steps share: the demo's records so far and a tally of what this run created."""

    stdout: Output | None = None
    teams: dict[str, Team] = field(default_factory=dict)  # by DemoTeam.key
    people: dict[int, Person] = field(default_factory=dict)  # by DemoPerson.number
    new_people: set[int] = field(default_factory=set)
    created: Counter[str] = field(default_factory=Counter)

    def say(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line + "\n")


DemoStep = Callable[[DemoContext], None]


def add_teams(context: DemoContext) -> None:
    existing = Team.objects.in_bulk([TEAM_KEY_PREFIX + team.key for team in TEAMS], field_name="external_key")
    for demo_team in TEAMS:
        key = TEAM_KEY_PREFIX + demo_team.key
        team = existing.get(key)
        if team is None:
            team = services.team_create(
                actor=SYSTEM,
                name=demo_team.name,
                parent=context.teams[demo_team.parent] if demo_team.parent else None,
                description=demo_team.description,
                external_key=key,
            )
            context.created["teams"] += 1
        context.teams[demo_team.key] = team


def add_people(context: DemoContext) -> None:
    by_external_id = {
        person.external_id: person
        for person in Person.objects.select_related("user").filter(
            external_id__in=[person.external_id for _, person in demo_people()]
        )
    }
    by_email = {
        person.user.email: person
        for person in Person.objects.select_related("user").filter(
            user__email__in=[person.email for _, person in demo_people()]
        )
    }
    for demo_team, demo_person in demo_people():
        person = by_external_id.get(demo_person.external_id) or by_email.get(demo_person.email)
        if person is None:
            person = services.person_create(
                actor=SYSTEM,
                email=demo_person.email,
                display_name=demo_person.name,
                title=demo_person.title,
                external_id=demo_person.external_id,
                manager=_manager_of(context, demo_team, demo_person),
            )
            person.user.password = demo_password_hash()
            person.user.save(update_fields=["password"])
            context.new_people.add(demo_person.number)
            context.created["people"] += 1
        context.people[demo_person.number] = person


def _manager_of(context: DemoContext, team: DemoTeam, person: DemoPerson) -> Person | None:
    """A person reports to their team's manager; a manager reports to the manager above."""
    if person.role == Role.MANAGER:
        if team.parent is None:
            return None
        team = next(candidate for candidate in TEAMS if candidate.key == team.parent)
    lead = next(member for member in team.people if member.role == Role.MANAGER)
    return context.people[lead.number]


def add_memberships(context: DemoContext) -> None:
    wanted = [*((person.number, team.key, person.role) for team, person in demo_people()), *EXTRA_MEMBERSHIPS]
    existing = set(
        Membership.objects.filter(person__in=context.people.values(), team__in=context.teams.values()).values_list(
            "person_id", "team_id"
        )
    )
    for number, team_key, role in wanted:
        person, team = context.people[number], context.teams[team_key]
        if (person.pk, team.pk) in existing:
            continue
        services.membership_set(actor=SYSTEM, person=person, team=team, role=role)
        context.created["memberships"] += 1


def add_global_roles(context: DemoContext) -> None:
    for number, is_analyst, is_admin in ((ANALYST_NUMBER, True, False), (ADMIN_NUMBER, False, True)):
        if number in context.new_people:
            services.person_set_global_roles(
                actor=SYSTEM, person=context.people[number], is_analyst=is_analyst, is_admin=is_admin
            )
            context.created["global roles"] += 1


def add_sensitive_attributes(context: DemoContext) -> None:
    existing = set(
        SensitiveAttribute.objects.filter(person__in=context.people.values()).values_list("person_id", "key")
    )
    new = []
    for team, demo_person in demo_people():
        person = context.people[demo_person.number]
        for key, value in _attributes_of(team, demo_person).items():
            if (person.pk, key) not in existing:
                new.append(SensitiveAttribute(person=person, key=key, value=value))
    SensitiveAttribute.objects.bulk_create(new)
    context.created["sensitive attributes"] += len(new)


def _attributes_of(team: DemoTeam, person: DemoPerson) -> dict[str, str]:
    """Plausible, fixed values: seeded per person, so adding people never reshuffles others."""
    rng = random.Random(f"northwind:{person.number}")
    senior = person.role == Role.MANAGER
    age_weights = (0, 2, 5, 4, 2) if senior else (2, 9, 6, 3, 1)
    age = rng.choices(range(len(AGE_BANDS)), weights=age_weights)[0]
    # Nobody has worked here longer than their age allows.
    possible = min(age + 2, len(TENURE_BANDS))
    tenure = rng.choices(range(possible), weights=(3, 5, 5, 3, 1)[:possible])[0]
    if team.parent is None:
        tenure = len(TENURE_BANDS) - 1  # the founder
    return {"Gender": GENDERS[person.gender], "AgeBand": AGE_BANDS[age], "TenureBand": TENURE_BANDS[tenure]}


# The people app's steps. Other apps add theirs in a `demo.py` module with `DEMO_STEPS`; they
# run after these, in INSTALLED_APPS order, and read the people and teams from the context.
STEPS: tuple[DemoStep, ...] = (
    add_teams,
    add_people,
    add_memberships,
    add_global_roles,
    add_sensitive_attributes,
)


def demo_steps() -> list[DemoStep]:
    """The people steps, then every other Learnloop app's `demo.DEMO_STEPS`."""
    steps = list(STEPS)
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("learnloop.") or app_config.name == "learnloop.people":
            continue
        if module_has_submodule(app_config.module, "demo"):
            steps.extend(getattr(import_module(f"{app_config.name}.demo"), "DEMO_STEPS", ()))
    return steps


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str


@dataclass(frozen=True)
class DemoSummary:
    created: dict[str, int]
    logins: list[DemoLogin]
    password: str = DEMO_PASSWORD
    address: str = DEMO_ADDRESS

    @property
    def changed_anything(self) -> bool:
        return any(self.created.values())


def load_demo(*, stdout: Output | None = None, address: str = DEMO_ADDRESS) -> DemoSummary:
    """Create whatever of the demo organization is missing, in one transaction; idempotent.
    `address` is where the summary says the demo is served."""
    context = DemoContext(stdout=stdout)
    with transaction.atomic():
        for step in demo_steps():
            before = Counter(context.created)
            step(context)
            made = context.created - before
            context.say(f"{step.__name__}: " + (", ".join(f"{n} {kind}" for kind, n in made.items()) or "nothing new"))
    logins = [
        DemoLogin(role=role, name=_demo_person(number).name, email=context.people[number].user.email)
        for role, number in SHOWCASE_LOGINS
    ]
    return DemoSummary(created=dict(context.created), logins=logins, address=address)
