"""A readable line diff of two playbook texts, for a side-by-side table with <del> and <ins>."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT_LINES = 3


@dataclass(frozen=True)
class DiffRow:
    """One row of the side-by-side table. `kind` is equal, removed, added, changed or gap."""

    kind: str
    old_number: int | None = None
    old_text: str = ""
    new_number: int | None = None
    new_text: str = ""


@dataclass(frozen=True)
class TextDiff:
    rows: list[DiffRow]
    added: int
    removed: int

    @property
    def unchanged(self) -> bool:
        return self.added == 0 and self.removed == 0


def line_diff(old: str, new: str, *, context: int = CONTEXT_LINES) -> TextDiff:
    """Rows of a side-by-side diff with `context` unchanged lines around each change, gaps elided."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows: list[DiffRow] = []
    added = removed = 0
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(DiffRow(kind="gap"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    DiffRow("equal", i + 1, old_lines[i], j + 1, new_lines[j])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            removed += i2 - i1
            added += j2 - j1
            olds, news = list(range(i1, i2)), list(range(j1, j2))
            for index in range(max(len(olds), len(news))):
                i = olds[index] if index < len(olds) else None
                j = news[index] if index < len(news) else None
                kind = "changed" if i is not None and j is not None else ("removed" if j is None else "added")
                rows.append(
                    DiffRow(
                        kind,
                        i + 1 if i is not None else None,
                        old_lines[i] if i is not None else "",
                        j + 1 if j is not None else None,
                        new_lines[j] if j is not None else "",
                    )
                )
    return TextDiff(rows=rows, added=added, removed=removed)
