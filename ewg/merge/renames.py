"""Renaming an area, owner or milestone: its key and every reference, and nothing else.

Used by `ewg owner|milestone rename` and by the merge driver, which replays a
rename one side made on the other side before merging them entity by entity.

A rename is a set of edits of single tokens: the key in `[owners.doe]` (or in
`doe = { … }` under `[owners]`), and each string that names the entry in the
items' `owners` or `milestone` and the meetings' `attendees`. Quotes, comments,
spacing and line endings around them stay as they were. The result is checked
against the same rename done on the parsed data, so an edit the scanner got
wrong is refused rather than written.
"""

from __future__ import annotations

import re

from ewg.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ewg.store import Document

# Where each table is referred to: (array of tables, key) pairs.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "owners": (("items", "owners"), ("meetings", "attendees")),
    "milestones": (("items", "milestone"),),
    "areas": (("items", "area"),),
}

_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|#[^\n]*")
_KEYPART = re.compile(r"[A-Za-z0-9_-]+|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'")


def _quoted_like(token: str, value: str) -> str:
    """`value` as a string in the quotes of `token` where it can be."""
    from ewg.tomlwrite import format_string

    if token.startswith("'") and "'" not in value and "\n" not in value:
        return f"'{value}'"
    return format_string(value)


def _key_edit(text: str, start: int, end: int, index: int, new: str) -> tuple[int, int, str]:
    """The edit that renames the `index`-th part of the dotted key in text[start:end]."""
    from ewg.tomlwrite import format_key

    parts = list(_KEYPART.finditer(text, start, end))
    part = parts[index]
    return part.start(), part.end(), format_key(new)


def rename_edits(doc: Document, table: str, old: str, new: str) -> tuple[list[Any], int]:
    """The token edits of a rename and how many of them are references."""
    from ewg.tomlscan import unquote_key

    text = doc.text
    found = doc.scan()
    edits: list[tuple[int, int, str]] = []
    for header in found.headers:
        if header.keys[:2] == (table, old):
            edits.append(_key_edit(text, header.start, header.end, 1, new))
    for entry in found.entries:
        path = found.path(entry)
        base = len(path) - len(entry.keys)
        if path[:2] == (table, old) and base < 2:
            edits.append(_key_edit(text, entry.start, entry.value_start, 1 - base, new))
    references = 0
    wanted = REFERENCES[table]
    for entry in found.entries:
        path = found.path(entry)
        if len(path) != 3 or (path[0], path[2]) not in wanted:
            continue
        for match in _STRING.finditer(text, entry.value_start, entry.value_end):
            token = match.group()
            if token.startswith("#") or unquote_key(token) != old:
                continue
            edits.append((match.start(), match.end(), _quoted_like(token, new)))
            references += 1
    return edits, references


def renamed_data(data: dict[str, Any], table: str, old: str, new: str) -> dict[str, Any]:
    """The parsed document with the rename done on the values (what the text must parse to)."""
    result = dict(data)
    entries = dict(result.get(table) or {})
    result[table] = {new if k == old else k: v for k, v in entries.items()}
    for array, key in REFERENCES[table]:
        rows = result.get(array)
        if not isinstance(rows, list):
            continue
        changed = []
        for row in rows:
            row = dict(row) if isinstance(row, dict) else row
            if isinstance(row, dict) and key in row:
                value = row[key]
                if isinstance(value, list):
                    row[key] = [new if v == old else v for v in value]
                elif value == old:
                    row[key] = new
            changed.append(row)
        result[array] = changed
    return result


def rename(doc: Document, table: str, old: str, new: str) -> tuple[Document, int]:
    """The document with `old` renamed `new` in `table` and every reference; the count."""
    from ewg.errors import RoadmapFileError
    from ewg.source import parse
    from ewg.store import Document

    edits, references = rename_edits(doc, table, old, new)
    text = doc.text
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    changed = Document(text, doc.path)
    if parse(text, doc.name) != renamed_data(doc.data, table, old, new):
        raise RoadmapFileError(
            _("{name}: could not rename {key} in place").format(name=doc.name, key=repr(old)),
            hint=_("rename it by hand, or write its references as plain strings"),
        )
    return changed, references
