"""Running searches on the index: one public API, an FTS5 backend (SQLite) and a PostgreSQL one.

Both take the same terms and filters and answer ranked hits (best first, `score` higher is
better) whose snippets are escaped before highlighting. The viewer's visibility is one SQL
condition on facts stored in the index, applied in the same query as the match.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.safestring import SafeString

from learnloop.core.search.text import highlighted, mark_words, snippet

FTS_TABLE = "core_searchdocument_fts"
DOC_TABLE = "core_searchdocument"
FACTS_INDEX = "core_searchdocument_facts_idx"
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the teams whose private work they see (None: everything) and their person id."""

    team_ids: frozenset[int] | None
    person_id: int | None = None
    # Nobody signed in sees nothing at all, not even what is shared with the organization.
    signed_in: bool = True


EVERYTHING = Viewer(team_ids=None)
NOBODY = Viewer(team_ids=frozenset(), signed_in=False)


@dataclass(frozen=True)
class Weights:
    """How much a match counts in each field; the plain baseline weighs them all the same."""

    title: float = 1.0
    body: float = 1.0
    tags: float = 1.0


PLAIN = Weights()
RELEVANCE = Weights(title=8.0, body=1.0, tags=4.0)


@dataclass(frozen=True)
class Filters:
    kinds: Sequence[str] = ()
    team_ids: Sequence[int] = ()
    exclude_team_ids: Sequence[int] = ()
    exclude_documents: Sequence[tuple[str, int]] = ()
    tag: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass
class Hit:
    id: int
    kind: str
    object_id: int
    external_id: str | None
    title: str
    tags: str
    team_id: int
    url: str
    date: datetime.date
    categories: str
    score: float
    title_html: SafeString = field(default_factory=lambda: SafeString(""))
    snippet: SafeString = field(default_factory=lambda: SafeString(""))

    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split("|") if tag]

    def category_list(self) -> list[str]:
        return [category for category in self.categories.split("|") if category]


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _as_date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _conditions(viewer: Viewer, filters: Filters) -> tuple[list[str], list[Any]]:
    """WHERE parts (on alias d) for what the viewer may see and what they asked for."""
    where: list[str] = []
    params: list[Any] = []
    if not viewer.signed_in:
        where.append("1 = 0")
    elif viewer.team_ids is not None:
        allowed = ["(d.visibility = 'organization' AND d.is_draft = %s)"]
        params.append(False)
        if viewer.team_ids:
            allowed.append(f"d.team_id IN ({', '.join(['%s'] * len(viewer.team_ids))})")
            params.extend(sorted(viewer.team_ids))
        if viewer.person_id is not None:
            allowed.append("(d.is_draft = %s AND d.author_id = %s)")
            params.extend([True, viewer.person_id])
        where.append(f"({' OR '.join(allowed)})")
    if filters.kinds:
        where.append(f"d.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(filters.kinds)
    if filters.team_ids:
        where.append(f"d.team_id IN ({', '.join(['%s'] * len(filters.team_ids))})")
        params.extend(filters.team_ids)
    if filters.exclude_team_ids:
        where.append(f"d.team_id NOT IN ({', '.join(['%s'] * len(filters.exclude_team_ids))})")
        params.extend(filters.exclude_team_ids)
    for kind, object_id in filters.exclude_documents:
        where.append("NOT (d.kind = %s AND d.object_id = %s)")
        params.extend([kind, object_id])
    if filters.tag:
        tag = " ".join(filters.tag.lower().split())
        escaped = tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("d.tags LIKE %s ESCAPE '\\'")
        params.append(f"%|{escaped}|%")
    if filters.since:
        where.append("d.date >= %s")
        params.append(filters.since)
    if filters.until:
        where.append("d.date <= %s")
        params.append(filters.until)
    return where, params


MIN_PREFIX = 3


def _prefixed(terms: Sequence[str], prefix_last: bool) -> bool:
    return prefix_last and len(terms[-1]) >= MIN_PREFIX


def _fts5_match(terms: Sequence[str], *, any_term: bool, prefix_last: bool = False, not_all: bool = False) -> str:
    # Terms are letters and digits only (text.words); quoting makes each a plain phrase.
    parts = [f'"{term}"' for term in terms]
    if _prefixed(terms, prefix_last):
        parts[-1] = f"({parts[-1]} OR {parts[-1]}*)"
    if not_all and len(parts) > 1:
        return f"({' OR '.join(parts)}) NOT ({' AND '.join(parts)})"
    return (" OR " if any_term else " AND ").join(parts)


def _tsquery(terms: Sequence[str], *, any_term: bool, prefix_last: bool = False, not_all: bool = False) -> str:
    parts = [f"'{term}'" for term in terms]
    if _prefixed(terms, prefix_last):
        parts[-1] = f"({parts[-1]} | {parts[-1]}:*)"
    if not_all and len(parts) > 1:
        return f"({' | '.join(parts)}) & !({' & '.join(parts)})"
    return (" | " if any_term else " & ").join(parts)


EMPTY_TEXT = "''"
_COLUMNS = "d.id, d.kind, d.object_id, d.external_id, d.title, d.tags, d.team_id, d.url, d.date, d.categories"


def _hits(rows: list[tuple[Any, ...]], *, negate: bool) -> list[Hit]:
    return [
        Hit(
            id=row[0],
            kind=row[1],
            object_id=row[2],
            external_id=row[3],
            title=row[4],
            tags=row[5],
            team_id=row[6],
            url=row[7],
            date=_as_date(row[8]),
            categories=row[9],
            score=-float(row[11]) if negate else float(row[11]),
        )
        for row in rows
    ]


def search(
    terms: Sequence[str],
    *,
    viewer: Viewer,
    filters: Filters = Filters(),
    any_term: bool = False,
    not_all: bool = False,
    weights: Weights = RELEVANCE,
    limit: int = 20,
    offset: int = 0,
    snippets: bool = True,
    prefix_last: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> list[Hit]:
    """Documents matching all the terms (or any; or, with `not_all`, some but not all), best first.
    With `prefix_last` the last term also matches as the start of a word (typed as you go: "certif")."""
    if not terms:
        return []
    options = {"any_term": any_term or not_all, "prefix_last": prefix_last, "not_all": not_all}
    rows, negate = _ranked(
        match=_fts5_match(terms, **options),
        tsquery=_tsquery(terms, **options),
        viewer=viewer,
        filters=filters,
        weights=weights,
        limit=limit,
        offset=offset,
        text=snippets,
        using=using,
    )
    hits = _hits(rows, negate=negate)
    if snippets:
        for hit, row in zip(hits, rows, strict=True):
            hit.title_html = highlighted(mark_words(hit.title, tuple(terms)))
            hit.snippet = highlighted(snippet(row[10] or "", tuple(terms), size=SNIPPET_WORDS))
    return hits


def count(
    terms: Sequence[str],
    *,
    viewer: Viewer,
    filters: Filters = Filters(),
    prefix_last: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """How many documents the viewer may see hold every one of the terms."""
    if not terms:
        return 0
    where, params = _conditions(viewer, filters)
    conditions = "".join(" AND " + part for part in where)
    if _vendor(using) == "sqlite":
        sql = (
            f"SELECT count(*) FROM {FTS_TABLE} JOIN {DOC_TABLE} d INDEXED BY {FACTS_INDEX} "  # noqa: S608 (constants and placeholders)
            f"ON d.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s{conditions}"
        )
        args = [_fts5_match(terms, any_term=False, prefix_last=prefix_last), *params]
    else:
        sql = f"SELECT count(*) FROM {DOC_TABLE} d WHERE d.search_vector @@ to_tsquery('english', %s){conditions}"  # noqa: S608
        args = [_tsquery(terms, any_term=False, prefix_last=prefix_last), *params]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, args)
        return int(cursor.fetchone()[0])


@dataclass(frozen=True)
class Term:
    """A word of a weighted query and how rare it is (its idf), for a backend whose ranking does not
    know (PostgreSQL's ts_rank); SQLite's bm25() computes the same itself."""

    word: str
    idf: float = 1.0


# PostgreSQL re-ranks this many of ts_rank's best matches by BM25 (k1 and b as in SQLite's FTS5).
RESCORED = 100
BM25_K1 = 1.2
BM25_B = 0.75


def weighted_search(
    terms: Sequence[Term],
    *,
    viewer: Viewer,
    filters: Filters = Filters(),
    weights: Weights = RELEVANCE,
    limit: int = 100,
    using: str = DEFAULT_DB_ALIAS,
) -> list[Hit]:
    """Documents holding any of the terms, best first, with rare words counting more: BM25 on SQLite,
    and on PostgreSQL ts_rank's best matches ranked again by the sum over the terms of
    idf x ts_rank(that term). For "seen before?": no snippets, no paging."""
    if not terms:
        return []
    match = " OR ".join(f'"{term.word}"' for term in terms)
    rows, negate = _ranked(
        match=match,
        tsquery=_tsquery([term.word for term in terms], any_term=True),
        viewer=viewer,
        filters=filters,
        weights=weights,
        limit=limit,
        offset=0,
        text=False,
        using=using,
        rescore=terms,
    )
    return _hits(rows, negate=negate)


def _weight_array(weights: Weights) -> str:
    top = max(weights.title, weights.body, weights.tags)
    # ts_rank's weight array is {D, C, B, A}: body is C, tags B, title A (see the migration).
    return f"{{0.05, {weights.body / top:f}, {weights.tags / top:f}, {weights.title / top:f}}}"


def _ranked(
    *,
    match: str,
    tsquery: str,
    viewer: Viewer,
    filters: Filters,
    weights: Weights,
    limit: int,
    offset: int,
    text: bool,
    using: str,
    rescore: Sequence[Term] = (),
) -> tuple[list[tuple[Any, ...]], bool]:
    """The ranked rows (the columns of `_hits`, the text or '', the rank) and whether the rank is
    negated (SQLite's bm25() is lower for better)."""
    where, params = _conditions(viewer, filters)
    conditions = "".join(" AND " + part for part in where)
    # The text only for a page that shows snippets; "seen before?" candidates never need it.
    columns = f"{_COLUMNS}, {'d.body' if text else EMPTY_TEXT}"
    if _vendor(using) == "sqlite":
        args = [weights.title, weights.body, weights.tags, match, *params]
        with connections[using].cursor() as cursor:
            rows = _ranked_first(cursor, args, where, params, columns, limit=limit, offset=offset)
            if rows is None:
                # Rank first on the index and the narrow facts index alone, then read the page's rows.
                cursor.execute(
                    f"SELECT {columns}, ranked.rank FROM ("  # noqa: S608 (our constants and placeholders only)
                    f"SELECT {FTS_TABLE}.rowid AS id, bm25({FTS_TABLE}, %s, %s, %s) AS rank "
                    f"FROM {FTS_TABLE} JOIN {DOC_TABLE} d INDEXED BY {FACTS_INDEX} ON d.id = {FTS_TABLE}.rowid "
                    f"WHERE {FTS_TABLE} MATCH %s{conditions} "
                    f"ORDER BY rank, {FTS_TABLE}.rowid LIMIT %s OFFSET %s"
                    f") ranked JOIN {DOC_TABLE} d ON d.id = ranked.id ORDER BY ranked.rank, d.id",
                    [*args, limit, offset],
                )
                rows = cursor.fetchall()
        return rows, True
    array = _weight_array(weights)
    if not rescore:
        sql = (
            f"SELECT {columns}, ts_rank(%s::float4[], d.search_vector, q, 1) AS rank "  # noqa: S608 (our constants and placeholders only)
            f"FROM {DOC_TABLE} d, to_tsquery('english', %s) q "
            f"WHERE d.search_vector @@ q{conditions} "
            "ORDER BY rank DESC, d.id LIMIT %s OFFSET %s"
        )
        args = [array, tsquery, *params, limit, offset]
    else:
        # ts_rank knows neither how rare a word is nor how long a document is compared with the
        # others: take its best matches, then rank those by BM25 computed from their vectors (field
        # weights multiply a word's count, as in FTS5's bm25(); idf from the caller).
        words = ", ".join(["(%s::text, %s::float8)"] * len(rescore))
        sql = (
            f"WITH c AS MATERIALIZED (SELECT d.id, d.search_vector FROM {DOC_TABLE} d, "  # noqa: S608 (our constants and placeholders only)
            f"to_tsquery('english', %s) q WHERE d.search_vector @@ q{conditions} "
            f"ORDER BY ts_rank(%s::float4[], d.search_vector, q) DESC, d.id LIMIT %s), "
            f"words (word, idf) AS (VALUES {words}), "
            "query AS (SELECT t.lexeme, max(words.idf) AS idf FROM words, unnest(to_tsvector('english', words.word)) t "
            "GROUP BY t.lexeme), "
            # Only the query's lexemes of each vector (deleting the others twice over, in C), and the
            # vector's size in distinct lexemes as its length: no unnesting of whole documents.
            "wanted AS (SELECT array_agg(lexeme) AS lexemes FROM query), "
            "lexemes AS (SELECT c.id, length(c.search_vector) AS length, t.lexeme, t.weights FROM c, wanted, "
            "unnest(ts_delete(c.search_vector, tsvector_to_array(ts_delete(c.search_vector, wanted.lexemes)))) t), "
            "average AS (SELECT greatest(avg(length(search_vector)), 1) AS length FROM c), "
            "matched AS (SELECT l.id, l.length, query.idf, (SELECT sum(CASE label WHEN 'A' THEN %s WHEN 'B' THEN %s "
            "ELSE %s END) FROM unnest(l.weights) label) AS tf FROM lexemes l JOIN query ON query.lexeme = l.lexeme), "
            f"scored AS (SELECT m.id, sum(m.idf * m.tf * {BM25_K1 + 1} / (m.tf + {BM25_K1} * "
            f"(1 - {BM25_B} + {BM25_B} * m.length / average.length))) AS rank "
            "FROM matched m, average GROUP BY m.id) "
            f"SELECT {columns}, scored.rank FROM scored JOIN {DOC_TABLE} d ON d.id = scored.id "
            "ORDER BY scored.rank DESC, d.id LIMIT %s OFFSET %s"
        )
        values = [value for term in rescore for value in (term.word, term.idf)]
        fields = [weights.title, weights.tags, weights.body]
        args = [tsquery, *params, array, max(RESCORED, limit + offset), *values, *fields, limit, offset]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall(), False


# How many best matches the fast path ranks before checking who may see them.
HEAD_START = 64


def _ranked_first(
    cursor: Any, args: list[Any], where: list[str], params: list[Any], columns: str, *, limit: int, offset: int
) -> list[tuple[Any, ...]] | None:
    """SQLite's fast path: rank the matches on the full-text index alone (as the bare query does),
    then keep those among the best few hundred that the viewer may see and the filters allow. The
    visible matches keep their order, so when the head holds a whole page, the page is exactly
    the full query's. None when it may not (the head was full but held too few visible matches,
    or the page came out empty): run the full query."""
    wanted = offset + limit
    head = max(HEAD_START, 3 * wanted)
    cursor.execute(
        f"WITH head AS MATERIALIZED ("  # noqa: S608 (our constants and placeholders only)
        f"SELECT rowid AS id, bm25({FTS_TABLE}, %s, %s, %s) AS rank FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s ORDER BY rank, rowid LIMIT %s) "
        f"SELECT {columns}, page.rank, page.visible, page.head_size FROM ("
        f"SELECT head.id, head.rank, count(*) OVER () AS visible, (SELECT count(*) FROM head) AS head_size "
        f"FROM head JOIN {DOC_TABLE} d INDEXED BY {FACTS_INDEX} ON d.id = head.id "
        f"WHERE 1 = 1 {''.join(' AND ' + part for part in where)} "
        f"ORDER BY head.rank, head.id LIMIT %s OFFSET %s"
        f") page JOIN {DOC_TABLE} d ON d.id = page.id ORDER BY page.rank, page.id",
        [*args[:4], head, *params, limit, offset],  # args: the three weights, the match, then `params`
    )
    rows = cursor.fetchall()
    if not rows:
        return None
    visible, head_size = rows[0][-2], rows[0][-1]
    if visible < wanted and head_size == head:
        return None
    return [row[:-2] for row in rows]


def raw_match(
    terms: Sequence[str], *, limit: int = 20, any_term: bool = False, using: str = DEFAULT_DB_ALIAS
) -> list[tuple[int, float]]:
    """The bare full-text query on the same index, no filters or snippets: the benchmark's baseline."""
    if not terms:
        return []
    if _vendor(using) == "sqlite":
        sql = f"SELECT rowid, bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s"  # noqa: S608 (our constants and placeholders only)
        args: list[Any] = [_fts5_match(terms, any_term=any_term), limit]
    else:
        sql = (
            f"SELECT d.id, ts_rank(d.search_vector, q) AS rank FROM {DOC_TABLE} d, to_tsquery('english', %s) q "  # noqa: S608 (our constants and placeholders only)
            "WHERE d.search_vector @@ q ORDER BY rank DESC LIMIT %s"
        )
        args = [_tsquery(terms, any_term=any_term), limit]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, args)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
