"""Reads of people and teams that pages, API and CLI share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from learnloop.core.access import require
from learnloop.people.models import Membership, Person, Role, Team
from learnloop.people.rules import MANAGE_TEAM


def people_search(*, query: str = "", team: Team | None = None) -> QuerySet[Person]:
    """People whose name, e-mail, title or external id contains the query."""
    people = Person.objects.select_related("user", "manager")
    query = query.strip()
    if query:
        condition = Q()
        for word in query.split():
            condition &= (
                Q(display_name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(title__icontains=word)
                | Q(external_id__iexact=word)
            )
        people = people.filter(condition)
    if team is not None:
        people = people.filter(memberships__team__path__startswith=team.path).distinct()
    return people.order_by("display_name", "id")


def team_list() -> QuerySet[Team]:
    """Every team in tree order, with its direct member count."""
    return Team.objects.annotate(member_count=Count("memberships")).order_by("path")


def team_subtree(team: Team) -> QuerySet[Team]:
    return team_list().filter(path__startswith=team.path).exclude(pk=team.pk)


def team_ancestors(team: Team) -> list[Team]:
    by_id = Team.objects.in_bulk(team.ancestor_ids())
    return [by_id[pk] for pk in team.ancestor_ids() if pk in by_id]


def team_members(team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team=team)
        .select_related("person__user")
        .order_by("person__display_name", "person_id")
    )


def memberships_of(person: Person) -> QuerySet[Membership]:
    return Membership.objects.filter(person=person).select_related("team").order_by("team__path")


def get_team_for(actor: object, slug: str, *, write: bool = False) -> Team:
    """A team the actor may see (every signed-in person sees the tree) or manage (write)."""
    try:
        team = Team.objects.get(slug=slug)
    except Team.DoesNotExist:
        raise Http404("No such team.") from None
    if write:
        require(actor, MANAGE_TEAM, team)
    return team


def get_person_for(actor: object, pk: int) -> Person:
    """A person's directory entry: names, teams and titles are visible to everyone signed in."""
    try:
        return Person.objects.select_related("user", "manager").get(pk=pk)
    except Person.DoesNotExist:
        raise Http404("No such person.") from None


@dataclass(frozen=True)
class DueItem:
    """Something on a person's home page that waits for them."""

    title: str
    detail: str
    url: str
    overdue: bool = False


DueProvider = Callable[[Person], list[DueItem]]
_due_providers: list[DueProvider] = []


def register_due_provider(provider: DueProvider) -> DueProvider:
    """Apps that give people work (action items, pulses, …) add it to the home page here."""
    _due_providers.append(provider)
    return provider


def due_for(person: Person) -> list[DueItem]:
    items: list[DueItem] = []
    for provider in _due_providers:
        items.extend(provider(person))
    return sorted(items, key=lambda item: not item.overdue)


@dataclass(frozen=True)
class TeamPanel:
    """A section another app adds to a team's page: a template and its context."""

    template: str
    context: dict[str, object]


TeamPanelProvider = Callable[[Team, Person], "TeamPanel | None"]
_team_panel_providers: list[TeamPanelProvider] = []


def register_team_panel(provider: TeamPanelProvider) -> TeamPanelProvider:
    """Apps that work per team (retros, reviews, …) show their part of the team page here."""
    _team_panel_providers.append(provider)
    return provider


def team_panels(team: Team, viewer: Person) -> list[TeamPanel]:
    return [panel for provider in _team_panel_providers if (panel := provider(team, viewer)) is not None]


@register_due_provider
def _roster_gaps(person: Person) -> list[DueItem]:
    """Admins and managers are asked to fill in the placeholders a roster import left."""
    from django.urls import reverse

    if person.is_admin:
        people = Person.objects.all()
    else:
        managed = Team.objects.filter(memberships__person=person, memberships__role=Role.MANAGER)
        if not managed.exists():
            return []
        condition = Q()
        for team in managed:
            condition |= Q(memberships__team__path__startswith=team.path)
        people = Person.objects.filter(condition).distinct()
    missing = people.filter(Q(email_is_placeholder=True) | Q(name_is_placeholder=True)).count()
    if not missing:
        return []
    return [
        DueItem(
            title=f"{missing} {'person has' if missing == 1 else 'people have'} a placeholder name or e-mail",
            detail="They came from a roster without that column; they cannot sign in until their e-mail is real.",
            url=reverse("directory") + "?placeholders=1",
        )
    ]


@register_due_provider
def _teams_without_manager(person: Person) -> list[DueItem]:
    from django.urls import reverse

    if not person.is_admin:
        return []
    count = Team.objects.exclude(memberships__role=Role.MANAGER).count()
    if not count:
        return []
    return [
        DueItem(
            title=f"{count} {'team has' if count == 1 else 'teams have'} no manager",
            detail="Someone should own each team's aggregated results and follow-through.",
            url=reverse("teams") + "?without_manager=1",
        )
    ]


SpeakingOrderProvider = Callable[[Team, list[Person], str], list[Person]]
_speaking_order_providers: list[SpeakingOrderProvider] = []


def register_speaking_order_provider(provider: SpeakingOrderProvider) -> SpeakingOrderProvider:
    """An app that keeps a fair rotation of who speaks first (equity) offers it here; the last one wins."""
    _speaking_order_providers.append(provider)
    return provider


def speaking_order_for(
    team: Team, present: list[Person], *, occasion: str, sequence: Callable[[], int] = lambda: 0
) -> list[Person]:
    """Who speaks in what order at one occasion (e.g. "retro:12") of a team's recurring meeting.

    Without a provider: the people present by name, rotated by `sequence()` (the number of earlier
    occasions, asked only when needed), so the first voice at least changes from one occasion to the next.
    """
    if _speaking_order_providers:
        return _speaking_order_providers[-1](team, present, occasion)
    ordered = sorted(present, key=lambda person: (person.display_name.lower(), person.pk))
    if not ordered:
        return []
    shift = sequence() % len(ordered)
    return ordered[shift:] + ordered[:shift]
