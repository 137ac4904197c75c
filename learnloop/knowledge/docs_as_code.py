"""Docs-as-code: playbooks and decision notes as a folder of Markdown files with YAML front matter.

One file per item: `playbooks/<id>.md` and `decisions/<id>.md`. The front matter carries the stable
id (the slug), the team's slug and the metadata; the Markdown body carries the text. Export then
import gives back the same content; importing is idempotent and all-or-nothing (docs/knowledge.md).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.text import slugify

from learnloop.core.progress import Progress
from learnloop.knowledge.models import DecisionNote, Playbook
from learnloop.knowledge.services import decision_create, decision_update, playbook_create, playbook_update
from learnloop.loops.models import Visibility
from learnloop.people.models import Team

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n?(.*)\Z", re.DOTALL)
DECISION_SECTIONS = [
    ("context", "Context"),
    ("options", "Options considered"),
    ("decision", "Decision"),
    ("consequences", "Consequences"),
]
FOLDERS = {"playbook": "playbooks", "decision": "decisions"}
PLAYBOOK_KEYS = {"kind", "id", "title", "team", "visibility", "review_by", "tags"}
DECISION_KEYS = {"kind", "id", "title", "team", "visibility", "status", "superseded_by", "review_on", "tags"}


# --- Writing ------------------------------------------------------------------------------------


def _front_matter(data: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return f"---\n{dumped}---\n"


def playbook_markdown(playbook: Playbook) -> str:
    head = {
        "kind": "playbook",
        "id": playbook.slug,
        "title": playbook.title,
        "team": playbook.team.slug,
        "visibility": playbook.visibility,
        "review_by": playbook.review_by,
        "tags": sorted(tag.name for tag in playbook.tags.all()),
    }
    return _front_matter(head) + "\n" + playbook.body + "\n"


def decision_markdown(note: DecisionNote) -> str:
    head = {
        "kind": "decision",
        "id": note.slug,
        "title": note.title,
        "team": note.team.slug,
        "visibility": note.visibility,
        "status": note.status,
        "superseded_by": note.superseded_by.slug if note.superseded_by else None,
        "review_on": note.review_on,
        "tags": sorted(tag.name for tag in note.tags.all()),
    }
    sections = "".join(f"\n## {heading}\n\n{getattr(note, name)}\n" for name, heading in DECISION_SECTIONS)
    return _front_matter(head) + sections


def export_folder(
    folder: Path,
    playbooks: Iterable[Playbook],
    decisions: Iterable[DecisionNote],
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write one file per item; returns (playbooks, decisions) written."""
    counts = [0, 0]
    playbooks, decisions = list(playbooks), list(decisions)
    total = len(playbooks) + len(decisions)
    files: list[tuple[int, str, str]] = [(0, f"playbooks/{p.slug}.md", playbook_markdown(p)) for p in playbooks]
    files += [(1, f"decisions/{n.slug}.md", decision_markdown(n)) for n in decisions]
    for folder_name in FOLDERS.values():
        (folder / folder_name).mkdir(parents=True, exist_ok=True)
    for index, name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
        counts[index] += 1
        if progress:
            progress(sum(counts), total)
    return counts[0], counts[1]


# --- Reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, field {self.field!r}" if self.field else self.file
        return f"{where}: {self.message}"


class KnowledgeInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Parsed:
    file: str
    kind: str
    slug: str
    team: Team
    fields: dict[str, Any]
    tags: list[str]
    superseded_by: str | None = None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    files: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.files} files: {self.created} created, {self.updated} updated, {self.unchanged} unchanged "
            f"({self.by_kind.get('playbook', 0)} playbooks, {self.by_kind.get('decision', 0)} decision notes)."
        )


def _date(value: Any, name: str, problems: list[Problem], file: str, *, required: bool) -> datetime.date | None:
    if value in (None, ""):
        if required:
            problems.append(Problem(file, name, "is required (a date like 2026-05-01)."))
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(file, name, f"{value!r} is not a date like 2026-05-01."))
        return None


def _split_sections(body: str) -> tuple[dict[str, str], list[str]]:
    """The four sections of a decision note body, by their `## ` headings in order."""
    lines = body.split("\n")
    positions: list[tuple[int, str]] = []
    start = 0
    for name, heading in DECISION_SECTIONS:
        try:
            index = lines.index(f"## {heading}", start)
        except ValueError:
            return {}, [
                f"the section '## {heading}' is missing (sections: Context, Options considered, Decision, Consequences)"
            ]
        positions.append((index, name))
        start = index + 1
    sections = {}
    for number, (index, name) in enumerate(positions):
        end = positions[number + 1][0] if number + 1 < len(positions) else len(lines)
        sections[name] = "\n".join(lines[index + 1 : end]).strip()
    return sections, []


def parse_file(path: Path, root: Path, teams: dict[str, Team], problems: list[Problem]) -> Parsed | None:
    file = str(path.relative_to(root))
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        problems.append(Problem(file, "", "is not UTF-8 text."))
        return None
    match = FRONT_MATTER.match(text)
    if not match:
        problems.append(Problem(file, "", "has no front matter (a block between '---' lines at the top)."))
        return None
    try:
        head = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" at line {mark.line + 2}" if mark is not None else ""
        problems.append(Problem(file, "", f"front matter is not valid YAML{line}."))
        return None
    if not isinstance(head, dict):
        problems.append(Problem(file, "", "front matter must be a mapping of fields."))
        return None
    before = len(problems)
    kind = head.get("kind")
    if kind not in FOLDERS:
        problems.append(Problem(file, "kind", f"{kind!r} is not 'playbook' or 'decision'."))
        return None
    unknown = set(head) - (PLAYBOOK_KEYS if kind == "playbook" else DECISION_KEYS)
    if unknown:
        problems.append(Problem(file, sorted(unknown)[0], "is not a known field."))
    slug = str(head.get("id") or "")
    if not slug or slugify(slug) != slug:
        problems.append(Problem(file, "id", f"{slug!r} is not an id of lower-case letters, digits and dashes."))
    title = str(head.get("title") or "").strip()
    if not title:
        problems.append(Problem(file, "title", "is required."))
    team = teams.get(str(head.get("team") or ""))
    if team is None:
        problems.append(Problem(file, "team", f"{head.get('team')!r} is not the slug of a team."))
    visibility = head.get("visibility", Visibility.TEAM)
    if visibility not in Visibility.values:
        problems.append(Problem(file, "visibility", f"{visibility!r} is not 'team' or 'organization'."))
    tags = head.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        problems.append(Problem(file, "tags", "must be a list of words."))
        tags = []
    body = match.group(2).strip("\n")
    fields: dict[str, Any] = {"title": title, "visibility": visibility}
    superseded_by = None
    if kind == "playbook":
        fields["review_by"] = _date(head.get("review_by"), "review_by", problems, file, required=True)
        fields["body"] = body.strip()
    else:
        status = head.get("status", DecisionNote.Status.PROPOSED)
        if status not in DecisionNote.Status.values:
            problems.append(Problem(file, "status", f"{status!r} is not proposed, accepted or superseded."))
        superseded_by = head.get("superseded_by") or None
        if (status == "superseded") != (superseded_by is not None):
            problems.append(Problem(file, "superseded_by", "is given exactly when the status is 'superseded'."))
        fields["status"] = status
        fields["review_on"] = _date(head.get("review_on"), "review_on", problems, file, required=False)
        sections, errors = _split_sections(body)
        problems.extend(Problem(file, "", error) for error in errors)
        fields.update(sections)
    if len(problems) > before or team is None:
        return None
    return Parsed(file=file, kind=kind, slug=slug, team=team, fields=fields, tags=tags, superseded_by=superseded_by)


def read_folder(root: Path) -> tuple[list[Parsed], list[Problem]]:
    if not root.is_dir():
        return [], [Problem(str(root), "", "is not a folder.")]
    teams = {team.slug: team for team in Team.objects.all()}
    problems: list[Problem] = []
    parsed = [item for path in sorted(root.rglob("*.md")) if (item := parse_file(path, root, teams, problems))]
    seen: dict[tuple[str, str], str] = {}
    for item in parsed:
        key = (item.kind, item.slug)
        if key in seen:
            problems.append(Problem(item.file, "id", f"{item.slug!r} is also the id of {seen[key]}."))
        seen[key] = item.file
    known = {item.slug for item in parsed if item.kind == "decision"}
    for item in parsed:
        if (
            item.superseded_by
            and item.superseded_by not in known
            and not DecisionNote.objects.filter(slug=item.superseded_by).exists()
        ):
            problems.append(
                Problem(item.file, "superseded_by", f"{item.superseded_by!r} is not the id of a decision note.")
            )
    if not parsed and not problems:
        problems.append(Problem(str(root), "", "holds no .md files."))
    return parsed, problems


def _same_tags(item: Playbook | DecisionNote, tags: list[str]) -> bool:
    return set(item.tags.values_list("name", flat=True)) == {tag.strip().lower()[:50] for tag in tags if tag.strip()}


def import_folder(*, actor: Any, root: Path, progress: Progress | None = None) -> ImportResult:
    """Create or update every item of the folder in one transaction; any problem imports nothing."""
    parsed, problems = read_folder(root)
    if problems:
        raise KnowledgeInvalid(problems)
    result = ImportResult(files=len(parsed))
    try:
        with transaction.atomic():
            for item in _successors_first(parsed):
                _import_one(actor, item, result)
                result.by_kind[item.kind] = result.by_kind.get(item.kind, 0) + 1
                if progress:
                    progress(sum(result.by_kind.values()), len(parsed))
    except KnowledgeInvalid:
        raise
    return result


def _successors_first(parsed: list[Parsed]) -> list[Parsed]:
    """Playbooks, then decision notes ordered so that a note's successor is imported before it."""
    by_slug = {item.slug: item for item in parsed if item.kind == "decision"}

    def depth(item: Parsed) -> int:
        steps, seen, current = 0, set(), item
        while current.superseded_by in by_slug and current.slug not in seen:
            seen.add(current.slug)
            current, steps = by_slug[current.superseded_by], steps + 1
        return steps

    return sorted(parsed, key=lambda item: (item.kind != "playbook", depth(item) if item.kind == "decision" else 0))


def _import_one(actor: Any, item: Parsed, result: ImportResult) -> None:
    from django.core.exceptions import ValidationError

    try:
        if item.kind == "playbook":
            _import_playbook(actor, item, result)
        else:
            _import_decision(actor, item, result)
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        raise KnowledgeInvalid(
            [Problem(item.file, name, " ".join(texts)) for name, texts in messages.items()]
        ) from None


def _import_playbook(actor: Any, item: Parsed, result: ImportResult) -> None:
    existing = Playbook.objects.filter(slug=item.slug).first()
    if existing is None:
        playbook_create(
            actor=actor,
            team=item.team,
            slug=item.slug,
            tags=item.tags,
            note=f"Imported from {item.file}.",
            **item.fields,
        )
        result.created += 1
        return
    if existing.team_id != item.team.pk:
        raise KnowledgeInvalid(
            [Problem(item.file, "team", f"the playbook {item.slug!r} belongs to {existing.team.slug}.")]
        )
    same = all(getattr(existing, name) == value for name, value in item.fields.items()) and _same_tags(
        existing, item.tags
    )
    if same:
        result.unchanged += 1
        return
    playbook_update(
        actor=actor,
        playbook=existing,
        version=existing.version,
        tags=item.tags,
        note=f"Imported from {item.file}.",
        **item.fields,
    )
    result.updated += 1


def _import_decision(actor: Any, item: Parsed, result: ImportResult) -> None:
    successor = DecisionNote.objects.filter(slug=item.superseded_by).first() if item.superseded_by else None
    if item.superseded_by and successor is None:
        raise KnowledgeInvalid([Problem(item.file, "superseded_by", "the notes supersede each other in a circle.")])
    existing = DecisionNote.objects.filter(slug=item.slug).first()
    fields = {**item.fields, "superseded_by": successor}
    if existing is None:
        decision_create(actor=actor, team=item.team, slug=item.slug, tags=item.tags, **fields)
        result.created += 1
        return
    if existing.team_id != item.team.pk:
        raise KnowledgeInvalid(
            [Problem(item.file, "team", f"the decision note {item.slug!r} belongs to {existing.team.slug}.")]
        )
    same = all(getattr(existing, name) == value for name, value in fields.items()) and _same_tags(existing, item.tags)
    if same:
        result.unchanged += 1
        return
    decision_update(actor=actor, note=existing, version=existing.version, tags=item.tags, **fields)
    result.updated += 1
