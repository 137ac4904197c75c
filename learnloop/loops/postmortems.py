"""Importing public incident write-ups as published reviews: front-matter Markdown files and the
one-paragraph list format (see docs/postmortem-import.md)."""

from __future__ import annotations

import datetime
import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from learnloop.core import audit
from learnloop.core.access import ADMIN, require
from learnloop.loops.models import ContributingFactor, FactorCategory, Review, TimelineEntry, Visibility
from learnloop.people.models import Team
from learnloop.people.services import set_team_path, unique_team_slug

LIBRARY_TEAM_KEY = "postmortems"
LIBRARY_TEAM_NAME = "Public postmortems"
LIST_HEADINGS_STOP = {"other lists of postmortems", "analysis", "contributors", "table of contents"}


@dataclass
class Incident:
    """One write-up, parsed and checked, ready to be written as a review."""

    external_id: str
    title: str
    company: str
    summary: str = ""
    body: str = ""
    url: str = ""
    categories: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    started_at: datetime.datetime | None = None
    ended_at: datetime.datetime | None = None
    published_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Unreadable:
    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Unreadable] = field(default_factory=list)
    teams_created: int = 0


class PostmortemsInvalid(Exception):
    def __init__(self, problems: list[Unreadable]) -> None:
        super().__init__(f"{len(problems)} file(s) could not be read")
        self.problems = problems


def read_path(path: Path) -> tuple[list[Incident], list[Unreadable]]:
    """A folder of front-matter files, or one list-format file."""
    if not path.exists():
        return [], [Unreadable(str(path), "no such file or folder")]
    if path.is_dir():
        incidents, problems = [], []
        for file in sorted(path.glob("*.md")):
            try:
                incidents.append(parse_front_matter_file(file.name, file.read_bytes()))
            except ValueError as error:
                problems.append(Unreadable(file.name, str(error)))
        if not incidents and not problems:
            problems.append(Unreadable(str(path), "the folder holds no .md files"))
        return incidents, problems
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [Unreadable(path.name, f"not UTF-8 (byte {error.start})")]
    incidents = parse_list(text)
    if not incidents:
        return [], [Unreadable(path.name, "no incident paragraphs found under the category headings")]
    return incidents, []


def parse_front_matter_file(name: str, data: bytes) -> Incident:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (byte {error.start})") from None
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n?(.*)\Z", text, re.DOTALL)
    if match is None:
        raise ValueError("no front matter (the file must start with a line of three dashes)")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ValueError(f"front matter is not valid YAML{where}") from None
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a set of fields")
    raw_id = str(meta.get("uuid") or "").strip()
    try:
        external_id = str(uuid.UUID(raw_id))
    except ValueError:
        raise ValueError(f"uuid {raw_id!r} is missing or not a UUID") from None
    company = _text(meta.get("company"))
    if not company:
        raise ValueError("company is missing")
    body = match.group(2).strip()
    summary = _text(meta.get("summary"))
    title = _text(meta.get("title")) or _first_sentence(summary or body)
    if not title:
        raise ValueError("no title, summary or text")
    return Incident(
        external_id=external_id,
        title=title[:300],
        company=company[:200],
        summary=summary,
        body=body,
        url=_url(meta.get("url")),
        categories=_strings(meta.get("categories")),
        keywords=_strings(meta.get("keywords")),
        started_at=_when(meta.get("start_time"), "start_time"),
        ended_at=_when(meta.get("end_time"), "end_time"),
        published_at=_when(meta.get("source_published_at"), "source_published_at"),
    )


_LIST_ENTRY = re.compile(r"^\[(?P<company>[^\]]+)\]\((?P<url>[^)\s]+)\)\.?\s*(?P<text>.+)$", re.DOTALL)


def parse_list(text: str) -> list[Incident]:
    """Paragraphs `[Company](url). What happened.` under `## Category` headings."""
    incidents: list[Incident] = []
    category: str | None = None
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        heading = re.match(r"^##\s+(.+)$", block)
        if heading:
            name = heading.group(1).strip()
            category = None if name.lower() in LIST_HEADINGS_STOP else name
            continue
        if category is None:
            continue
        entry = _LIST_ENTRY.match(block)
        if entry is None:
            continue
        prose = " ".join(entry.group("text").split())
        digest = hashlib.sha256(f"{entry.group('url')}\n{prose}".encode()).hexdigest()[:24]
        incidents.append(
            Incident(
                external_id=f"list:{digest}",
                title=_first_sentence(prose)[:300],
                company=entry.group("company").strip()[:200],
                summary=prose,
                url=_url(entry.group("url")),
                categories=[category],
            )
        )
    return incidents


@transaction.atomic
def postmortems_import(
    *, actor: Any, incidents: list[Incident], skipped: list[Unreadable], under: str | None = None
) -> ImportResult:
    """Write the incidents as published, organization-wide reviews. Idempotent by external id:
    an unchanged incident is left alone, a changed one is updated."""
    require(actor, ADMIN, message="Only an admin imports reviews.")
    result = ImportResult(skipped=list(skipped))
    library = _library_team(under, result)
    teams: dict[str, Team] = {}
    categories: dict[str, FactorCategory] = {}
    existing = {r.external_id: r for r in Review.objects.filter(external_id__in=[i.external_id for i in incidents])}
    seen: set[str] = set()
    for incident in incidents:
        if incident.external_id in seen:
            continue  # the same list entry twice
        seen.add(incident.external_id)
        team = teams.get(incident.company) or _company_team(incident.company, library, result)
        teams[incident.company] = team
        fields = {
            "team": team,
            "kind": Review.Kind.INCIDENT,
            "title": incident.title,
            "summary": incident.summary,
            "body": incident.body,
            "source_url": incident.url,
            "keywords": incident.keywords,
            "status": Review.Status.PUBLISHED,
            "visibility": Visibility.ORGANIZATION,
        }
        review = existing.get(incident.external_id)
        if review is None:
            review = Review(
                external_id=incident.external_id, published_at=incident.published_at or timezone.now(), **fields
            )
            review.full_clean()
            review.save()
            result.created += 1
        else:
            changed = [name for name, value in fields.items() if getattr(review, name) != value]
            if changed:
                for name in changed:
                    setattr(review, name, fields[name])
                review.version += 1
                review.full_clean()
                review.save()
            if _sync_details(review, incident, categories) or changed:
                result.updated += 1
            else:
                result.unchanged += 1
            continue
        _sync_details(review, incident, categories)
    audit.record(
        actor=actor,
        action="postmortems.imported",
        changes={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "skipped": len(result.skipped),
        },
    )
    return result


def _sync_details(review: Review, incident: Incident, categories: dict[str, FactorCategory]) -> bool:
    """Make the review's factors and its start/end timeline entries match the incident."""
    changed = False
    wanted = {slugify(name)[:100] for name in incident.categories if slugify(name)}
    have = set(review.factors.values_list("category__slug", flat=True))
    for slug in sorted(wanted - have):
        name = next(n for n in incident.categories if slugify(n)[:100] == slug)
        category = (
            categories.get(slug)
            or FactorCategory.objects.get_or_create(
                slug=slug, defaults={"name": name.replace("-", " ").capitalize()[:100]}
            )[0]
        )
        categories[slug] = category
        ContributingFactor.objects.create(review=review, category=category)
        changed = True
    stale = review.factors.exclude(category__slug__in=wanted).filter(lessons__isnull=True)
    if stale.exists():
        stale.delete()
        changed = True
    for kind, at, text in (
        (TimelineEntry.Kind.STARTED, incident.started_at, "Impact started"),
        (TimelineEntry.Kind.RESOLVED, incident.ended_at, "Resolved"),
    ):
        entry = review.timeline.filter(kind=kind).first()
        if at is None:
            continue
        if entry is None:
            TimelineEntry.objects.create(review=review, at=at, kind=kind, text=text)
            changed = True
        elif entry.at != at:
            entry.at = at
            entry.save(update_fields=["at"])
            changed = True
    return changed


def _library_team(under: str | None, result: ImportResult) -> Team:
    if under:
        try:
            return Team.objects.get(slug=under)
        except Team.DoesNotExist:
            raise PostmortemsInvalid([Unreadable("--under", f"no team has the slug {under!r}")]) from None
    team = Team.objects.filter(external_key=LIBRARY_TEAM_KEY).first()
    if team is None:
        team = _create_team(LIBRARY_TEAM_NAME, None, LIBRARY_TEAM_KEY)
        result.teams_created += 1
    return team


def _company_team(company: str, parent: Team, result: ImportResult) -> Team:
    key = f"{LIBRARY_TEAM_KEY}/{company.lower()}"
    team = Team.objects.filter(external_key=key).first()
    if team is None:
        team = _create_team(company, parent, key)
        result.teams_created += 1
    return team


def _create_team(name: str, parent: Team | None, key: str) -> Team:
    team = Team(name=name, parent=parent, external_key=key, slug=unique_team_slug(name, parent), path="/pending/")
    team.full_clean(exclude=["path"])
    team.save()
    set_team_path(team)
    return team


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [_text(item) for item in value if _text(item)]


def _when(value: Any, name: str) -> datetime.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time.min)
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{name} {value!r} is not a date and time") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def _url(value: Any) -> str:
    """The first web address in the field: some carry Markdown residue such as `x), [see also](y`."""
    match = re.search(r"https?://[^\s)\]<>\"']+", _text(value))
    if match is None or len(match.group(0)) > 500:
        return ""
    try:
        URLValidator()(match.group(0))
    except ValidationError:
        return ""
    return match.group(0)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= 200 else sentence[:197].rstrip() + "…"
