"""Renaming an area, owner, milestone or indicator: its key and every reference, nothing else.

Used by `ewg owner|milestone|indicator rename` and by the merge driver, which replays a
rename one side made on the other side before merging them entity by entity.

A rename is a set of edits of single tokens: the key in `[owners.doe]` (or in
`doe = { … }` under `[owners]`), and each string that names the entry in the
items' `owners` or `milestone`, the meetings' `attendees`, the indicators'
`owners` and the measurements' `indicator`. Quotes, comments, spacing and line
endings around them stay as they were. The result is checked against the same
rename done on the parsed data, so an edit the scanner got wrong is refused
rather than written.
"""

from __future__ import annotations

import re

from ewg.i18n import _
from ewg.shape import REFERENCES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ewg.store import Document

# Where each table is referred to: (array of tables, key) pairs.

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

    def renamed(row: Any, key: str) -> Any:
        if not isinstance(row, dict) or key not in row:
            return row
        row, value = dict(row), row[key]
        if isinstance(value, list):
            row[key] = [new if v == old else v for v in value]
        elif value == old:
            row[key] = new
        return row

    result = dict(data)
    entries = dict(result.get(table) or {})
    result[table] = {new if k == old else k: v for k, v in entries.items()}
    for array, key in REFERENCES[table]:
        rows = result.get(array)
        if isinstance(rows, list):  # an array of tables: [[items]]
            result[array] = [renamed(row, key) for row in rows]
        elif isinstance(rows, dict):  # a table of tables: [indicators.ID]
            result[array] = {k: renamed(row, key) for k, row in rows.items()}
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


# --- one entry of an array of strings at a time ------------------------------------------


class ArrayEdit:
    """Changes of an array of strings by position: replace, remove, then append."""

    __slots__ = ("append", "remove", "replace")

    def __init__(
        self,
        replace: dict[int, str] | None = None,
        remove: set[int] | None = None,
        append: list[str] | None = None,
    ) -> None:
        self.replace = replace or {}
        self.remove = remove or set()
        self.append = append or []

    def apply(self, values: list[str]) -> list[str]:
        """The array after the change."""
        kept = [self.replace.get(i, v) for i, v in enumerate(values) if i not in self.remove]
        return kept + self.append


_ALONE_AFTER = re.compile(r"[ \t]*(,)?[ \t]*(#[^\n]*)?\r?\n")


def edit_array(doc: Document, table: tuple[str, int], key: str, edit: ArrayEdit) -> str | None:
    """The text with one array of strings of the n-th `[[table]]` changed entry by entry.

    A multi-line array keeps its layout and comments: a replaced string keeps its
    quotes, a removed one loses its line, new ones get lines of their own after the
    last. A one-line array is written again on its line. None when the array is
    not one this can edit in place (the caller writes the whole value).
    """
    from ewg.store import table_block
    from ewg.tomlscan import scan, unquote_key
    from ewg.tomlwrite import format_value

    text = doc.text
    start, _end, following = table_block(doc, (table[0],), table[1])
    entry = next((e for e in scan(text, start, following).entries if e.keys == (key,)), None)
    rows = doc.data.get(table[0])
    current = rows[table[1]].get(key) if isinstance(rows, list) else None
    if entry is None or not isinstance(current, list):
        return None
    tokens = [
        m
        for m in _STRING.finditer(text, entry.value_start, entry.value_end)
        if not m.group().startswith("#")
    ]
    if [unquote_key(t.group()) for t in tokens] != current:
        return None
    wanted = edit.apply(list(current))
    if not wanted:
        return None
    value = text[entry.value_start : entry.value_end]
    edits: list[tuple[int, int, str]] | None = [
        (entry.value_start, entry.value_end, format_value(wanted))
    ]
    if "\n" in value:
        edits = _line_edits(text, tokens, edit)
    if edits is None:
        return None
    new = text
    for a, b, part in sorted(edits, reverse=True):
        new = new[:a] + part + new[b:]
    rows_after = _parsed(new, doc.name).get(table[0])
    if not isinstance(rows_after, list) or rows_after[table[1]].get(key) != wanted:
        return None
    return new


def _line_edits(text: str, tokens: list[Any], edit: ArrayEdit) -> list[tuple[int, int, str]] | None:
    """The edits of a multi-line array whose strings stand each on a line of its own."""
    from ewg.tomlwrite import format_string

    nl = "\r\n" if "\r\n" in text else "\n"
    lines = []
    for token in tokens:
        first = text.rfind("\n", 0, token.start()) + 1
        after = _ALONE_AFTER.match(text, token.end())
        if text[first : token.start()].strip() or after is None:
            return None
        lines.append((first, after.end(), after.group(1) is not None))
    edits: list[tuple[int, int, str]] = []
    for index, value in edit.replace.items():
        token = tokens[index]
        edits.append((token.start(), token.end(), _quoted_like(token.group(), value)))
    for index in edit.remove:
        edits.append((lines[index][0], lines[index][1], ""))
    if edit.append:
        kept = [i for i in range(len(tokens)) if i not in edit.remove]
        if not kept:
            return None
        last = kept[-1]
        trailing = lines[-1][2]
        if not lines[last][2]:
            edits.append((tokens[last].end(), tokens[last].end(), ","))
        indent = text[lines[last][0] : tokens[last].start()]
        added = [
            indent + format_string(v) + ("," if trailing or n < len(edit.append) - 1 else "") + nl
            for n, v in enumerate(edit.append)
        ]
        edits.append((lines[last][1], lines[last][1], "".join(added)))
    return edits


def _parsed(text: str, name: str) -> dict[str, Any]:
    from ewg.source import TomlSyntaxError, parse

    try:
        return parse(text, name)
    except TomlSyntaxError:
        return {}
