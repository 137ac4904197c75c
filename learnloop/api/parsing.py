"""What the API refuses before an endpoint runs: text that no database can store.

A NUL character is refused by PostgreSQL in any text column, and a lone surrogate (half of a
UTF-16 pair, which JSON's `\\ud800` escapes can spell) is not text at all: neither database can
encode it. Both are refused with a 422 that names where they were, on both databases alike.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableText(Exception):
    """A string in the request that no database stores, and where it was."""

    def __init__(self, where: str, value: str) -> None:
        self.where = where
        found = UNSTORABLE.search(value)
        if found is not None and found.group() == "\x00":
            self.message = "Text may not contain the NUL character (\\u0000)."
        else:
            self.message = "Text may not contain a lone surrogate (\\ud800 to \\udfff): it is not a character."
        super().__init__(f"{where}: {self.message}")


def printable(name: str) -> str:
    """A name as the error can show it, with the unstorable characters escaped."""
    return UNSTORABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", name)


def refuse_unstorable(data: Any, where: str = "body") -> None:
    """Raise UnstorableText for the first unstorable string in a JSON value, keys included.
    `where` is the field path the error names (`title`, `scores.3`); `body` is the whole body."""
    if isinstance(data, str):
        if UNSTORABLE.search(data):
            raise UnstorableText(where, data)
        return
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        name = printable(key) if isinstance(key, str) else str(key)
        inner = name if where == "body" else f"{where}.{name}"
        if isinstance(key, str) and UNSTORABLE.search(key):
            raise UnstorableText(inner, key)
        refuse_unstorable(value, inner)


class StorableJsonParser(Parser):
    """ninja's JSON parser, refusing unstorable text in the body and the query string."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        refuse_unstorable(data)
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        for key, values in data.lists():
            for text in (key, *values):
                if UNSTORABLE.search(text):
                    raise UnstorableText(printable(key), text)
        return super().parse_querydict(data, list_fields, request)
