"""The people and teams endpoints of the JSON API, and their schemas."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from learnloop.core.web import Id, paged
from learnloop.people import selectors, services
from learnloop.people.models import Membership, Person, Role, Team

router = Router()


def actor(request: HttpRequest) -> Person:
    """The person whose access token authenticated the request (see learnloop.api.auth)."""
    return cast(Person, request.auth)  # type: ignore[attr-defined]


class PersonOut(Schema):
    id: int
    display_name: str
    title: str
    email: str | None = Field(description="Null while the person has a placeholder address from a roster import.")
    manager_id: int | None

    @staticmethod
    def resolve_email(person: Person) -> str | None:
        return None if person.email_is_placeholder else person.user.email


class TeamRef(Schema):
    slug: str
    name: str


class MembershipOfPerson(Schema):
    team: TeamRef
    role: Role


class PersonDetail(PersonOut):
    is_analyst: bool
    is_admin: bool
    memberships: list[MembershipOfPerson]

    @staticmethod
    def resolve_memberships(person: Person) -> list[Membership]:
        return list(selectors.memberships_of(person))


class TeamOut(Schema):
    slug: str
    name: str
    description: str
    parent: str | None = Field(description="The parent team's slug; null for a top-level team.")
    depth: int
    member_count: int = Field(description="People directly in this team (not in its sub-teams).")

    @staticmethod
    def resolve_parent(team: Team) -> str | None:
        return team.parent.slug if team.parent is not None else None


class MemberOut(Schema):
    person: PersonOut
    role: Role


class TeamDetail(TeamOut):
    members: list[MemberOut]
    children: list[TeamOut]

    @staticmethod
    def resolve_members(team: Team) -> list[Membership]:
        return list(selectors.team_members(team))

    @staticmethod
    def resolve_children(team: Team) -> list[Team]:
        return list(teams_in_tree_order().filter(parent=team))


class TeamCreate(Schema):
    name: str
    parent: str | None = Field(None, description="Slug of the team to create it under; omit for a top-level team.")
    description: str = ""


class TeamChange(Schema):
    name: str | None = None
    description: str | None = None


class RoleIn(Schema):
    role: Role


class MembershipOut(Schema):
    team: str
    person: PersonOut
    role: Role

    @staticmethod
    def resolve_team(membership: Membership) -> str:
        return membership.team.slug


def teams_in_tree_order() -> QuerySet[Team]:
    return selectors.team_list().select_related("parent")


def team_detail(team: Team) -> Team:
    """The team again, with the member count the list annotates."""
    return teams_in_tree_order().get(pk=team.pk)


@router.get("/me", response=PersonDetail, tags=["people"], summary="The person the token belongs to")
def me(request: HttpRequest) -> Person:
    return actor(request)


@router.get("/people", response=list[PersonOut], tags=["people"], summary="Search the directory")
@paged
def people_list(request: HttpRequest, q: str = "", team: str = "") -> QuerySet[Person]:
    """People whose name, e-mail, title or employee id contain every word of `q`, optionally only
    those in the branch of the team `team` (a slug). Sensitive attributes are never included."""
    the_team = selectors.get_team_for(actor(request), team) if team else None
    return selectors.people_search(query=q, team=the_team)


@router.get("/people/{int:person_id}", response=PersonDetail, tags=["people"], summary="A person and their teams")
def person_get(request: HttpRequest, person_id: Id) -> Person:
    return selectors.get_person_for(actor(request), person_id)


@router.get("/teams", response=list[TeamOut], tags=["teams"], summary="Every team, in tree order")
def team_list(request: HttpRequest) -> QuerySet[Team]:
    return teams_in_tree_order()


@router.get("/teams/{slug:slug}", response=TeamDetail, tags=["teams"], summary="A team, its members and sub-teams")
def team_get(request: HttpRequest, slug: str) -> Team:
    return team_detail(selectors.get_team_for(actor(request), slug))


@router.post("/teams", response={201: TeamDetail}, tags=["teams"], summary="Create a team")
def team_create(request: HttpRequest, payload: TeamCreate) -> Status:
    """An admin creates top-level teams; a manager of a team creates teams under it."""
    parent = None
    if payload.parent:
        try:
            parent = selectors.get_team_for(actor(request), payload.parent)
        except Http404:
            raise ValidationError({"parent": f"No team has the slug {payload.parent!r}."}) from None
    team = services.team_create(actor=actor(request), name=payload.name, parent=parent, description=payload.description)
    return Status(201, team_detail(team))


@router.patch("/teams/{slug:slug}", response=TeamDetail, tags=["teams"], summary="Rename or describe a team")
def team_update(request: HttpRequest, slug: str, payload: TeamChange) -> Team:
    """Fields left out keep their value. Managers of the team (or above it) and admins only."""
    team = selectors.get_team_for(actor(request), slug)
    services.team_update(
        actor=actor(request),
        team=team,
        name=team.name if payload.name is None else payload.name,
        description=team.description if payload.description is None else payload.description,
    )
    return team_detail(team)


@router.put(
    "/teams/{slug:slug}/members/{int:person_id}",
    response=MembershipOut,
    tags=["teams"],
    summary="Add a person to a team, or change their role there",
)
def membership_set(request: HttpRequest, slug: str, person_id: Id, payload: RoleIn) -> Membership:
    team = selectors.get_team_for(actor(request), slug)
    person = selectors.get_person_for(actor(request), person_id)
    membership = services.membership_set(actor=actor(request), person=person, team=team, role=payload.role)
    membership.team = team
    membership.person = person
    return membership


@router.delete(
    "/teams/{slug:slug}/members/{int:person_id}",
    response={204: None},
    tags=["teams"],
    summary="Take a person out of a team",
)
def membership_remove(request: HttpRequest, slug: str, person_id: Id) -> Status:
    team = selectors.get_team_for(actor(request), slug)
    membership = Membership.objects.select_related("person", "team").get(team=team, person_id=person_id)
    services.membership_remove(actor=actor(request), membership=membership)
    return Status(204, None)
