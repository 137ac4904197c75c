"""A retrospective as one Markdown document: the record a team keeps or shares outside Learnloop."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q

from learnloop.core.anonymity import ABSOLUTE_MINIMUM
from learnloop.loops import formats
from learnloop.loops.models import ActionItem, Card, CardGroup, Lesson, Retrospective, SafetyScore
from learnloop.loops.selectors import board_cards, board_groups


def format_name(retro: Retrospective) -> str:
    if retro.format in formats.BUILT_IN:
        return formats.BUILT_IN[retro.format][0]
    return retro.format.removeprefix("custom:")


def votes(obj: Card | CardGroup) -> int:
    """The vote total the board selectors annotate on a card or a group."""
    return int(getattr(obj, "vote_count", 0))


def safety_distribution(retro: Retrospective) -> dict[int, int] | None:
    """How many gave each score among the released answers (see `safety_check_in`), or None
    while fewer than the anonymity minimum are released."""
    released = SafetyScore.objects.filter(retro=retro, released=True)
    scores = Counter(released.values_list("score", flat=True))
    if sum(scores.values()) < ABSOLUTE_MINIMUM:
        return None
    return {score: scores.get(score, 0) for score in range(1, 6)}


def _line(text: str) -> str:
    """One list item's text: later lines indented so they stay inside the item."""
    return "\n  ".join(part.rstrip() for part in text.strip().splitlines())


def retro_markdown(retro: Retrospective) -> str:
    """Everything the retro produced. Anonymous cards carry no name; until the cards are revealed
    only their number per column is written, so an export never shows more than the board."""
    out = [f"# {retro.title}", ""]
    out.append(f"- Team: {retro.team.name}")
    out.append(f"- Date: {retro.created_at:%Y-%m-%d}")
    out.append(f"- Format: {format_name(retro)}")
    out.append(f"- Mode: {retro.get_mode_display()}")
    out.append(f"- Facilitator: {retro.facilitator.display_name}")
    out.append(f"- Phase: {retro.get_phase_display()}")
    if retro.closed_at:
        out.append(f"- Closed: {retro.closed_at:%Y-%m-%d}")
    out.append("")
    if retro.summary:
        out += ["## Summary", "", retro.summary.strip(), ""]

    distribution = safety_distribution(retro)
    if distribution is not None:
        answers = sum(distribution.values())
        out += ["## Safety check", "", f"{answers} answers (1 = not safe at all, 5 = completely safe):", ""]
        out += [f"- {score}: {count}" for score, count in distribution.items()]
        out.append("")

    cards = list(board_cards(retro).select_related("author"))
    out += ["## Cards", ""]
    for column in retro.columns:
        in_column = [card for card in cards if card.column == column["key"]]
        out += [f"### {column['title']}", ""]
        if not in_column:
            out += ["(none)", ""]
        elif not retro.revealed:
            out += [f"{len(in_column)} card{'s' if len(in_column) != 1 else ''}, not revealed yet.", ""]
        else:
            for card in in_column:
                author = f" ({card.author.display_name})" if not card.is_anonymous and card.author else ""
                count = votes(card)
                voted = f" [{count} vote{'s' if count != 1 else ''}]" if count else ""
                out.append(f"- {_line(card.text)}{author}{voted}")
            out.append("")

    groups = list(board_groups(retro)) if retro.revealed else []
    if groups:
        out += ["## Groups", ""]
        for group in sorted(groups, key=lambda g: (-votes(g), g.title)):
            members = [card for card in cards if card.group_id == group.pk]
            total = votes(group) + sum(votes(card) for card in members)
            out.append(f"- **{_line(group.title)}**: {total} vote{'s' if total != 1 else ''}")
            out += [f"  - {_line(card.text)}" for card in members]
        out.append("")

    lessons = Lesson.objects.filter(Q(source_card__retro=retro) | Q(source_group__retro=retro)).order_by("created_at")
    if lessons:
        out += ["## Lessons", ""]
        out += [f"- {_line(lesson.title)}" for lesson in lessons]
        out.append("")

    items = ActionItem.objects.filter(retro=retro).select_related("owner").order_by("due_on", "id")
    if items:
        out += ["## Action items", ""]
        for item in items:
            out.append(
                f"- {_line(item.title)}: owner {item.owner.display_name}, due {item.due_on:%Y-%m-%d}, "
                f"{item.get_status_display().lower()}"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"
