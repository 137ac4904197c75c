"""Document frequencies: how many indexed documents hold each term, for weighing the words of a query.

The counts live in `core_searchterm` and follow every write the registry makes (`adjust`); a full
rebuild (`rebuild`) runs with `learnloop search reindex` and after writes that go around the
registry (the search benchmark's bulk load). Terms are English stems of the words the search sees
(`text.document_terms`), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from learnloop.core.progress import Progress
from learnloop.core.search.models import SearchDocument, SearchTerm
from learnloop.core.search.text import document_terms

# Terms are letters and digits only, so this key never meets a real term.
DOCUMENTS = "#documents"
TABLE = "core_searchterm"
BATCH = 500


@dataclass(frozen=True)
class Frequencies:
    """The number of documents and, for each term asked about, how many hold it (absent: none known)."""

    documents: int
    of: dict[str, int] = field(default_factory=dict)


def frequencies(terms: Collection[str], *, using: str = DEFAULT_DB_ALIAS) -> Frequencies:
    """One query for the asked terms and the document count."""
    wanted = sorted({*terms, DOCUMENTS})
    found: dict[str, int] = {}
    with connections[using].cursor() as cursor:
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            cursor.execute(
                f"SELECT term, documents FROM {TABLE} WHERE term IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608 (constants and placeholders)
                chunk,
            )
            found.update((term, int(count)) for term, count in cursor.fetchall())
    documents = found.pop(DOCUMENTS, 0)
    return Frequencies(documents=documents, of={term: count for term, count in found.items() if count > 0})


def adjust(
    *, added: Iterable[str] = (), removed: Iterable[str] = (), documents: int = 0, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Count one more document for each added term and one fewer for each removed one; `documents`
    moves the document count. Terms go in sorted order, so concurrent writers on PostgreSQL take
    their row locks in the same order and never deadlock."""
    plus, minus = sorted(set(added)), sorted(set(removed))
    with connections[using].cursor() as cursor:
        for start in range(0, len(plus), BATCH):
            chunk = plus[start : start + BATCH]
            cursor.execute(
                f"INSERT INTO {TABLE} (term, documents) VALUES {', '.join(['(%s, 1)'] * len(chunk))} "  # noqa: S608 (constants and placeholders)
                f"ON CONFLICT (term) DO UPDATE SET documents = {TABLE}.documents + 1",
                chunk,
            )
        for start in range(0, len(minus), BATCH):
            chunk = minus[start : start + BATCH]
            places = ", ".join(["%s"] * len(chunk))
            # The last document holding a term takes its row with it; the others count one fewer.
            cursor.execute(f"DELETE FROM {TABLE} WHERE term IN ({places}) AND documents <= 1", chunk)  # noqa: S608
            cursor.execute(
                f"UPDATE {TABLE} SET documents = documents - 1 WHERE term IN ({places})",  # noqa: S608 (constants and placeholders)
                chunk,
            )
        if documents:
            cursor.execute(
                f"INSERT INTO {TABLE} (term, documents) VALUES (%s, %s) ON CONFLICT (term) DO UPDATE SET "  # noqa: S608 (constants and placeholders)
                f"documents = CASE WHEN {TABLE}.documents + %s > 0 THEN {TABLE}.documents + %s ELSE 0 END",
                [DOCUMENTS, max(documents, 0), documents, documents],
            )


def rebuild(*, using: str = DEFAULT_DB_ALIAS, progress: Progress | None = None, batch: int = 2000) -> int:
    """Count every term of every indexed document afresh, in one transaction; the number of terms."""
    counts: Counter[str] = Counter()
    total = SearchDocument.objects.using(using).count()
    done = 0
    rows = SearchDocument.objects.using(using).values_list("title", "body", "tags").order_by()
    for title, body, tags in rows.iterator(chunk_size=batch):
        counts.update(document_terms(title, body, tags))
        done += 1
        if progress and done % batch == 0:
            progress(done, total)
    with transaction.atomic(using=using):
        SearchTerm.objects.using(using).all().delete()
        SearchTerm.objects.using(using).bulk_create(
            [SearchTerm(term=term, documents=count) for term, count in counts.items()], batch_size=BATCH
        )
        SearchTerm.objects.using(using).create(term=DOCUMENTS, documents=done)
    if progress:
        progress(done, total)
    return len(counts)
