"""The search index: one row per searchable thing, with the facts that decide who may see it.

The text lives here; the full-text structure beside it is the database's own (an FTS5 table on
SQLite, a stored tsvector with a GIN index on PostgreSQL), created by migration 0002 and kept in
step with this table by the database itself (triggers, or a generated column).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class SearchDocument(models.Model):
    class Visibility(models.TextChoices):
        TEAM = "team", "Team only"
        ORGANIZATION = "organization", "Whole organization"

    # Small columns first, the long text last: SQLite reads a row's columns in order, so the
    # visibility facts the search filters on stay on the row's first page, never in overflow pages.
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    # Visibility facts, copied from the source so the viewer filter is one SQL condition. Plain
    # ids: core depends on no other app, and the source's own table stays the authority.
    team_id = models.BigIntegerField(db_index=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.TEAM)
    author_id = models.BigIntegerField(null=True, blank=True)
    is_draft = models.BooleanField(default=False)
    date = models.DateField()
    indexed_at = models.DateTimeField(auto_now=True)
    external_id = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001 (null: none, as on reviews)
    url = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    # Tags as "|a|b|": whole-tag filters are one LIKE, and the words are searchable too.
    tags = models.TextField(blank=True)
    # Contributing-factor categories (also among the tags), "|a|b|": "seen before?" compares them.
    categories = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once"),
            models.CheckConstraint(
                condition=Q(visibility__in=["team", "organization"]), name="search_visibility_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "date"], name="search_kind_date_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}: {self.title[:60]}"

    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split("|") if tag]


class SearchTerm(models.Model):
    """How many indexed documents hold each term (an English stem, `text.index_term`), kept in step
    with the index on every write: "seen before?" picks the rare, telling words of a long text and
    weighs them by it. The row `terms.DOCUMENTS` counts the documents themselves."""

    term = models.CharField(max_length=60, primary_key=True)
    # Not a PositiveIntegerField: a count that drifted (rows written around the index) is clamped
    # at zero, never refused in the middle of someone's save.
    documents = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term}: {self.documents}"
