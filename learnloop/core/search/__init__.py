"""Search backends (core owns them): the index table, its SQLite FTS5 and PostgreSQL full-text
structures, the registry of searchable kinds and the query API every app shares."""

from __future__ import annotations

from learnloop.core.search.query import (
    EVERYTHING,
    NOBODY,
    PLAIN,
    RELEVANCE,
    Filters,
    Hit,
    Term,
    Viewer,
    Weights,
    count,
    raw_match,
    search,
    weighted_search,
)
from learnloop.core.search.registry import (
    Document,
    Related,
    Source,
    index_object,
    register,
    reindex,
    source_for,
    sources,
    unindex,
)
from learnloop.core.search.text import highlighted, query_terms, words

__all__ = [
    "EVERYTHING",
    "NOBODY",
    "PLAIN",
    "RELEVANCE",
    "Document",
    "Filters",
    "Hit",
    "Related",
    "Source",
    "Term",
    "Viewer",
    "Weights",
    "count",
    "highlighted",
    "index_object",
    "query_terms",
    "raw_match",
    "register",
    "reindex",
    "search",
    "source_for",
    "sources",
    "unindex",
    "weighted_search",
    "words",
]
