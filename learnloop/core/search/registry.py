"""What is searchable: apps register a Source per kind, saying how an object becomes a Document.

Core knows no other app's models; each source brings its own model, its document builder and the
related rows whose changes touch its documents. `connect()` wires signals so that every save and
delete (and tag change) reaches the index in the same transaction as the write.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from learnloop.core.progress import Progress
from learnloop.core.search import terms
from learnloop.core.search.models import SearchDocument
from learnloop.core.search.text import clean_text, document_terms


@dataclass(frozen=True)
class Document:
    """What the index keeps of one object: its text, and who may see it."""

    title: str
    body: str
    team_id: int
    visibility: str
    date: datetime.date
    url: str
    tags: Sequence[str] = ()
    categories: Sequence[str] = ()
    external_id: str | None = None
    author_id: int | None = None
    is_draft: bool = False


@dataclass(frozen=True)
class Related:
    """A model whose rows are part of another kind's document (a review's factors, say)."""

    model: type[Model]
    owners: Callable[[Any], Iterable[Model]]


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    model: type[Model]
    # None means "not searchable as it stands" (an unclosed retro has no summary yet).
    document: Callable[[Any], Document | None]
    queryset: Callable[[], QuerySet[Any]]
    related: tuple[Related, ...] = ()
    # Many-to-many through models (tags) whose changes re-index the object.
    m2m: tuple[type[Model], ...] = ()


_sources: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add (or replace) a kind and keep its documents in sync from now on."""
    _sources[source.kind] = source
    _connect(source)
    return source


def sources() -> dict[str, Source]:
    return dict(_sources)


def source_for(model: type[Model]) -> Source | None:
    return next((source for source in _sources.values() if source.model is model), None)


def _tags_text(tags: Sequence[str]) -> str:
    cleaned = sorted({" ".join(clean_text(tag).lower().split()) for tag in tags} - {""})
    return f"|{'|'.join(cleaned)}|" if cleaned else ""


def _row(document: Document) -> dict[str, Any]:
    return {
        "external_id": document.external_id,
        "title": clean_text(document.title)[:300],
        "body": clean_text(document.body),
        "tags": _tags_text(document.tags),
        "categories": _tags_text(document.categories),
        "team_id": document.team_id,
        "visibility": document.visibility,
        "author_id": document.author_id,
        "is_draft": document.is_draft,
        "date": document.date,
        "url": document.url[:300],
    }


def _indexed_terms(kind: str, object_id: int) -> frozenset[str] | None:
    """The terms of the document as it is in the index now (None: not indexed)."""
    old = SearchDocument.objects.filter(kind=kind, object_id=object_id).values_list("title", "body", "tags").first()
    return document_terms(*old) if old else None


def index_object(source: Source, obj: Model) -> None:
    """Write (or drop) the object's document to match what it is now, and its terms' counts with it."""
    document = source.document(obj)
    if document is None:
        unindex(source.kind, obj.pk)
        return
    before = _indexed_terms(source.kind, obj.pk)
    row = _row(document)
    SearchDocument.objects.update_or_create(kind=source.kind, object_id=obj.pk, defaults=row)
    after = document_terms(row["title"], row["body"], row["tags"])
    had = before or frozenset()
    terms.adjust(added=after - had, removed=had - after, documents=1 if before is None else 0)


def unindex(kind: str, object_id: int) -> None:
    before = _indexed_terms(kind, object_id)
    if before is None:
        return
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    terms.adjust(removed=before, documents=-1)


def reindex(*, kinds: Iterable[str] | None = None, progress: Progress | None = None, batch: int = 500) -> int:
    """Rebuild the documents of the given kinds (all by default) from their tables: one transaction."""
    chosen = [_sources[kind] for kind in (kinds or _sources)]
    total = sum(source.queryset().count() for source in chosen)
    written = done = 0
    with transaction.atomic():
        for source in chosen:
            SearchDocument.objects.filter(kind=source.kind).delete()
            rows: list[SearchDocument] = []
            for obj in source.queryset().iterator(chunk_size=batch):
                done += 1
                document = source.document(obj)
                if document is not None:
                    rows.append(SearchDocument(kind=source.kind, object_id=obj.pk, **_row(document)))
                if len(rows) >= batch:
                    written += len(SearchDocument.objects.bulk_create(rows))
                    rows = []
                    if progress:
                        progress(done, total)
            written += len(SearchDocument.objects.bulk_create(rows))
            if progress:
                progress(done, total)
        terms.rebuild()
    return written


# --- keeping the index in sync ---------------------------------------------------------------

_connected: set[tuple[str, str]] = set()


def _once(key: tuple[str, str]) -> bool:
    if key in _connected:
        return False
    _connected.add(key)
    return True


def _connect(source: Source) -> None:
    kind = source.kind

    def saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            # Fetched afresh: the saved instance may carry stale prefetched relations.
            _refresh_owners(kind, [instance])

    def deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        unindex(kind, instance.pk)

    if _once((kind, "model")):
        post_save.connect(saved, sender=source.model, weak=False, dispatch_uid=f"search-{kind}-save")
        post_delete.connect(deleted, sender=source.model, weak=False, dispatch_uid=f"search-{kind}-delete")
    for related in source.related:
        _connect_related(kind, related)
    for through in source.m2m:
        if _once((kind, f"m2m:{through._meta.label}")):
            m2m_changed.connect(
                _m2m_handler(kind), sender=through, weak=False, dispatch_uid=f"search-{kind}-m2m-{through._meta.label}"
            )


def _refresh_owners(kind: str, owners: Iterable[Model]) -> None:
    source = _sources.get(kind)
    if source is None:
        return
    for owner in owners:
        if owner is not None and owner.pk is not None:
            fresh = source.queryset().filter(pk=owner.pk).first()
            if fresh is None:
                unindex(kind, owner.pk)
            else:
                index_object(source, fresh)


def _connect_related(kind: str, related: Related) -> None:
    if not _once((kind, f"related:{related.model._meta.label}")):
        return

    def changed(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            _refresh_owners(kind, related.owners(instance))

    uid = f"search-{kind}-{related.model._meta.label}"
    post_save.connect(changed, sender=related.model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=related.model, weak=False, dispatch_uid=f"{uid}-delete")


def _m2m_handler(kind: str) -> Callable[..., None]:
    def changed(sender: type[Model], instance: Model, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
        if action not in {"post_add", "post_remove", "post_clear"}:
            return
        if not reverse:
            _refresh_owners(kind, [instance])
            return
        source = _sources.get(kind)
        if source is not None and pk_set:
            _refresh_owners(kind, source.queryset().filter(pk__in=pk_set))

    return changed
