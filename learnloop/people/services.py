"""Every write to people and teams: permission-checked, validated, one transaction, audit-logged."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.people.models import Membership, Person, Role, Team, User
from learnloop.people.rules import ADMIN, MANAGE_TEAM


def unique_team_slug(name: str, parent: Team | None, taken: set[str] | None = None) -> str:
    """A slug for a new team: its name, prefixed by its parent's slug if the name is taken."""
    base = slugify(name)[:180] or "team"
    candidates = [base]
    if parent is not None:
        candidates.append(f"{parent.slug}-{base}"[:180])
    for candidate in candidates:
        if not _slug_taken(candidate, taken):
            return candidate
    number = 2
    while _slug_taken(f"{candidates[-1]}-{number}", taken):
        number += 1
    return f"{candidates[-1]}-{number}"


def _slug_taken(slug: str, taken: set[str] | None) -> bool:
    if taken is not None and slug in taken:
        return True
    return Team.objects.filter(slug=slug).exists()


def set_team_path(team: Team) -> None:
    """Give a saved team its materialized path and depth from its parent."""
    prefix = team.parent.path if team.parent is not None else "/"
    team.path = f"{prefix}{team.pk}/"
    team.depth = 0 if team.parent is None else team.parent.depth + 1
    team.save(update_fields=["path", "depth"])


@transaction.atomic
def team_create(
    *,
    actor: Any,
    name: str,
    parent: Team | None = None,
    description: str = "",
    external_key: str | None = None,
) -> Team:
    if parent is None:
        require(actor, ADMIN, message="Only an admin can create a top-level team.")
    else:
        require(actor, MANAGE_TEAM, parent, message=f"Only a manager of {parent} can add a team under it.")
    name = name.strip()
    team = Team(
        name=name,
        parent=parent,
        description=description.strip(),
        external_key=external_key,
        slug=unique_team_slug(name, parent),
        path="/pending/",
    )
    team.full_clean(exclude=["path"])
    team.save()
    set_team_path(team)
    audit.record(actor=actor, action="team.created", target=team, changes={"parent": str(parent or "")})
    return team


@transaction.atomic
def team_update(*, actor: Any, team: Team, name: str, description: str) -> Team:
    require(actor, MANAGE_TEAM, team, message=f"Only a manager of {team} can edit it.")
    fields = {"name": name.strip(), "description": description.strip()}
    changes = audit.diff(team, fields)
    if not changes:
        return team
    for field, value in fields.items():
        setattr(team, field, value)
    team.full_clean()
    team.save(update_fields=list(fields))
    audit.record(actor=actor, action="team.updated", target=team, changes=changes)
    return team


@transaction.atomic
def team_move(*, actor: Any, team: Team, parent: Team | None) -> Team:
    require(actor, ADMIN, message="Only an admin can move a team.")
    if parent is not None and (parent.pk == team.pk or parent.path.startswith(team.path)):
        raise ValidationError({"parent": f"{parent} is inside {team}; a team cannot sit under itself."})
    old_parent = team.parent
    old_path = team.path
    team.parent = parent
    team.save(update_fields=["parent"])
    set_team_path(team)
    depth_shift = team.depth - old_path.count("/") + 2
    for child in Team.objects.filter(path__startswith=old_path).exclude(pk=team.pk):
        child.path = team.path + child.path[len(old_path) :]
        child.depth = child.depth + depth_shift
        child.save(update_fields=["path", "depth"])
    audit.record(
        actor=actor,
        action="team.moved",
        target=team,
        changes={"parent": [str(old_parent or ""), str(parent or "")]},
    )
    return team


@transaction.atomic
def person_create(
    *,
    actor: Any,
    email: str,
    display_name: str,
    title: str = "",
    external_id: str | None = None,
    manager: Person | None = None,
    password: str | None = None,
) -> Person:
    require(actor, ADMIN, message="Only an admin can add a person.")
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"Someone already signs in with {email}."})
    user = User(email=email)
    user.set_password(password)  # None gives an unusable password: set it by "forgot password".
    user.full_clean()
    user.save()
    person = Person(
        user=user,
        display_name=display_name.strip(),
        title=title.strip(),
        external_id=external_id or None,
        manager=manager,
    )
    person.full_clean()
    person.save()
    audit.record(actor=actor, action="person.created", target=person, changes={"email": email})
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, display_name: str, title: str) -> Person:
    """A person edits their own name and title; an admin edits anyone's."""
    if not (isinstance(actor, Person) and actor.pk == person.pk):
        require(actor, ADMIN, message="Only an admin can edit someone else's profile.")
    fields = {"display_name": display_name.strip(), "title": title.strip()}
    changes = audit.diff(person, fields)
    if not changes:
        return person
    for field, value in fields.items():
        setattr(person, field, value)
    if "display_name" in changes:
        person.name_is_placeholder = False
    person.full_clean()
    person.save(update_fields=[*fields, "name_is_placeholder", "updated_at"])
    audit.record(actor=actor, action="person.updated", target=person, changes=changes)
    return person


@transaction.atomic
def person_set_global_roles(*, actor: Any, person: Person, is_analyst: bool, is_admin: bool) -> Person:
    require(actor, ADMIN, message="Only an admin can grant or remove global roles.")
    if isinstance(actor, Person) and actor.pk == person.pk and not is_admin:
        raise ValidationError({"is_admin": "You cannot remove your own admin role."})
    changes = {}
    if person.is_analyst != is_analyst:
        changes["is_analyst"] = [person.is_analyst, is_analyst]
        person.is_analyst = is_analyst
        person.save(update_fields=["is_analyst", "updated_at"])
    if person.is_admin != is_admin:
        changes["is_admin"] = [person.is_admin, is_admin]
        person.user.is_staff = is_admin
        person.user.is_superuser = is_admin
        person.user.save(update_fields=["is_staff", "is_superuser"])
    if changes:
        audit.record(actor=actor, action="person.roles_changed", target=person, changes=changes)
    return person


@transaction.atomic
def person_set_password(*, actor: Any, person: Person, password: str) -> Person:
    require(actor, ADMIN, message="Only an admin can set someone's password.")
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, person.user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    person.user.set_password(password)
    person.user.save(update_fields=["password"])
    audit.record(actor=actor, action="person.password_set", target=person)
    return person


@transaction.atomic
def membership_set(*, actor: Any, person: Person, team: Team, role: str) -> Membership:
    """Add a person to a team with a role, or change their role there."""
    require(actor, MANAGE_TEAM, team, message=f"Only a manager of {team} can change its members.")
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role; use one of {', '.join(Role.values)}."})
    membership, created = Membership.objects.get_or_create(person=person, team=team, defaults={"role": role})
    if created:
        audit.record(actor=actor, action="membership.added", target=membership, changes={"role": role})
    elif membership.role != role:
        audit.record(
            actor=actor,
            action="membership.role_changed",
            target=membership,
            changes={"role": [membership.role, role]},
        )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    require(actor, MANAGE_TEAM, membership.team, message=f"Only a manager of {membership.team} can remove members.")
    audit.record(actor=actor, action="membership.removed", target=membership)
    membership.delete()
