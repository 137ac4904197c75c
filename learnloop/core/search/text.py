"""Turning what a person typed into query terms, and stored text into safe, highlighted snippets."""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from functools import lru_cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# Marks the database puts around matched words; never allowed into stored text, so a document
# cannot forge a highlight, and replaced only after everything else was escaped.
MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Words too common to say anything about a match (English function words and filler).
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "us",
        "via",
        "per",
    ]
)
MAX_TERM_LENGTH = 40


def clean_text(text: str) -> str:
    """Stored text without the highlight marks (or other control characters but newline and tab)."""
    return "".join(ch for ch in text if ch >= " " or ch in "\n\t")


def words(text: str) -> list[str]:
    """Lower-cased words in order, as the search sees them (letters and digits; the rest separates)."""
    return [word.lower() for word in _WORD.findall(text) if len(word) <= MAX_TERM_LENGTH]


def query_terms(text: str, *, limit: int = 12) -> list[str]:
    """The distinct words of a search, first ones first, without stop words (unless that is all)."""
    all_words = list(dict.fromkeys(words(text)))
    terms = [word for word in all_words if word not in STOPWORDS]
    return (terms or all_words)[:limit]


_stemmers = threading.local()


def _english() -> Any:
    # PyStemmer's stemmers are not thread-safe: one per thread.
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        import Stemmer

        stemmer = _stemmers.english = Stemmer.Stemmer("english")
    return stemmer


@lru_cache(maxsize=100_000)
def index_term(word: str) -> str:
    """A (lower-cased) word's term for counting and weighing: its English Snowball stem, so
    "databases" and "database" count as one term."""
    return str(_english().stemWord(word))


def text_terms(text: str) -> Counter[str]:
    """How often each term occurs in the text, stop words and one-letter words left out."""
    return Counter(index_term(word) for word in words(text) if len(word) > 1 and word not in STOPWORDS)


def terms_and_words(text: str) -> tuple[Counter[str], dict[str, str]]:
    """`text_terms`, and for each term the first word of the text that gave it (a query is made of
    words: the database stems them itself)."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for word in words(text):
        if len(word) > 1 and word not in STOPWORDS:
            term = index_term(word)
            counts[term] += 1
            first.setdefault(term, word)
    return counts, first


def document_terms(title: str, body: str, tags: str) -> frozenset[str]:
    """The distinct terms of an indexed document (tags as stored, "|a|b|")."""
    return frozenset(text_terms(f"{title}\n{tags.replace('|', ' ')}\n{body}"))


def stem(word: str) -> str:
    """A light suffix strip, enough to let "timeouts" meet "timeout" (the index itself uses Porter's stemmer)."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=256)
def _matcher(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Words that start like a term's stem ("databases" → database, databases; "fail" → failed)."""
    stems = sorted({stem(term.lower()) for term in terms if term}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(item) for item in stems) + r")[^\W_]*", re.IGNORECASE)


def mark_words(text: str, terms: list[str] | tuple[str, ...]) -> str:
    """The whole text with every matched word between highlight marks (for titles)."""
    pattern = _matcher(tuple(terms))
    return pattern.sub(lambda m: MARK_START + m.group(0) + MARK_END, text) if pattern else text


SNIPPET_SCAN = 20_000


def snippet(text: str, terms: list[str] | tuple[str, ...], *, size: int = 24) -> str:
    """About `size` words of the text around the densest run of matched words, marked, with an
    ellipsis where it was cut. Computed here rather than by the database: the same on SQLite and
    PostgreSQL, and only for the page shown."""
    text = text[:SNIPPET_SCAN]
    pattern = _matcher(tuple(terms))
    positions = [match.start() for match in pattern.finditer(text)] if pattern else []
    reach = size * 7  # about `size` words, in characters
    start = 0
    if positions:
        best = right = 0
        for left, position in enumerate(positions):
            while right < len(positions) and positions[right] < position + reach:
                right += 1
            if right - left > best:
                best, start = right - left, position
        # Two words of context before the first match.
        for _ in range(2):
            start = max(text.rfind(" ", 0, max(start - 1, 0)), -1) + 1 if start > 0 else 0
    words = text[start:].split(None, size)
    cut_after = len(words) > size
    piece = mark_words(" ".join(words[:size]), terms)
    return f"{ELLIPSIS} " * (start > 0) + piece + f" {ELLIPSIS}" * cut_after


def highlighted(raw: str) -> SafeString:
    """Escape a snippet the database marked, then turn its marks into <mark> elements."""
    escaped = html.escape(raw.replace(MARK_END + MARK_START, ""), quote=True)
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # An unbalanced mark (a cut-off fragment) must not leave an element open.
    opened = escaped.count("<mark>") - escaped.count("</mark>")
    return mark_safe(escaped + "</mark>" * max(opened, 0))  # noqa: S308 - escaped above
