"""Find where TOML tables, keys and values stand in the text, without building values.

tomllib gives values but no positions; tomlkit gives both but is ten times slower.
This lexer only walks statement boundaries: enough to locate every header and
key/value on its line, which is what writes (edit a few lines) and validation
(point at the offending key) need. It trusts tomllib for syntax errors: on text
it cannot read it skips to the next line instead of failing.
"""

from __future__ import annotations

import re

from ewg.records import Record

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEYPART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEYPART}(?:[ \t]*\.[ \t]*{_KEYPART})*"

_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_HEADER = re.compile(rf"(\[\[?)[ \t]*({_DOTTED})[ \t]*\]\]?")
_KEYVAL = re.compile(rf"({_DOTTED})[ \t]*=[ \t]*")
_KEYPART_RE = re.compile(_KEYPART)
_SIMPLE_VALUE = re.compile(
    r'"(?:[^"\\\n]|\\.)*"(?!")'
    r"|'[^'\n]*'(?!')"
    r"|\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?"
    r"|[^\s#,\[\]{}\"'=]+"
)
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:"{1,2})?'
    r"|'''(?:[^']|'(?!''))*'''(?:'{1,2})?"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}]",
    re.S,
)
_LINE_REST = re.compile(r"[^\n]*")

_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",
}


def unquote_key(part: str) -> str:
    """The key that a bare, basic or literal key part names."""
    if part.startswith("'"):
        return part[1:-1]
    if not part.startswith('"'):
        return part
    return re.sub(
        r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)",
        lambda m: (
            chr(int(m.group(1)[1:], 16))
            if len(m.group(1)) > 1
            else _ESCAPES.get(m.group(1), m.group(1))
        ),
        part[1:-1],
    )


def split_keys(dotted: str) -> tuple[str, ...]:
    """Split a dotted key into its parts, unquoted."""
    return tuple(unquote_key(m.group()) for m in _KEYPART_RE.finditer(dotted))


# Records, not dataclasses: importing dataclasses (with inspect) costs every write 6 ms.


class Header(Record):
    """A `[table]` or `[[array]]` header."""

    __slots__ = ("end", "keys", "kind", "path", "start")

    def __init__(
        self,
        kind: str,  # "table" or "array"
        keys: tuple[str, ...],  # as written, unquoted
        path: tuple[str | int, ...],  # with the index of each array of tables
        start: int,  # offset of the "["
        end: int,  # offset just after the closing bracket(s)
    ) -> None:
        self.kind, self.keys, self.path, self.start, self.end = kind, keys, path, start, end


class Entry(Record):
    """A key/value statement."""

    __slots__ = ("keys", "start", "table", "value_end", "value_start")

    def __init__(
        self,
        table: int,  # index of its header in Scan.headers, -1 for the root table
        keys: tuple[str, ...],  # dotted key, relative to its table
        start: int,  # offset of the key
        value_start: int,
        value_end: int,  # offset just after the value
    ) -> None:
        self.table, self.keys, self.start = table, keys, start
        self.value_start, self.value_end = value_start, value_end


class Scan(Record):
    """Where everything stands in a text."""

    __slots__ = ("entries", "headers", "text")

    def __init__(self, text: str, headers: list[Header], entries: list[Entry]) -> None:
        self.text, self.headers, self.entries = text, headers, entries

    def path(self, entry: Entry) -> tuple[str | int, ...]:
        """The absolute path of an entry's key."""
        base = self.headers[entry.table].path if entry.table >= 0 else ()
        return base + entry.keys

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col


def skip_value(text: str, pos: int, end: int) -> int:
    """The offset just after the value that starts at `pos`."""
    if pos >= end:
        return pos
    if text[pos] not in "[{" and not text.startswith(('"""', "'''"), pos):
        match = _SIMPLE_VALUE.match(text, pos, end)
        if match:
            return match.end()
        return _LINE_REST.match(text, pos, end).end()  # type: ignore[union-attr]
    depth = 0
    while True:
        match = _TOKEN.search(text, pos, end)
        if match is None:
            return end
        token = match.group()
        pos = match.end()
        if token in ("[", "{"):
            depth += 1
        elif token in ("]", "}"):
            depth -= 1
        elif token[0] == "#":
            continue
        if depth <= 0:
            return pos


def scan(text: str, start: int = 0, end: int | None = None) -> Scan:
    """Locate every header and key/value statement in text[start:end]."""
    stop = len(text) if end is None else end
    headers: list[Header] = []
    entries: list[Entry] = []
    # The arrays of tables seen, as a tree of key parts: part -> [index of the array's
    # last element (-1 for a part that only leads to arrays), the parts below]. A tree,
    # not a dict of key tuples, so a header of k parts costs k steps, not k * k.
    arrays: dict[str, list[Any]] = {}
    table = -1
    pos = start
    space, header_re, keyval_re = _SPACE.match, _HEADER.match, _KEYVAL.match
    while True:
        pos = space(text, pos, stop).end()  # type: ignore[union-attr]
        if pos >= stop:
            break
        if text[pos] == "[":
            match = header_re(text, pos, stop)
            if match is None:
                pos = _LINE_REST.match(text, pos, stop).end()  # type: ignore[union-attr]
                continue
            kind = "array" if match.group(1) == "[[" else "table"
            keys = split_keys(match.group(2))
            path: list[str | int] = []
            below: dict[str, list[Any]] | None = arrays
            for i, key in enumerate(keys):
                path.append(key)
                node = below.get(key) if below is not None else None
                if node is not None and node[0] >= 0 and (i < len(keys) - 1 or kind == "table"):
                    path.append(node[0])
                below = node[1] if node is not None else None
            if kind == "array" and keys:
                below = arrays
                for key in keys[:-1]:
                    below = below.setdefault(key, [-1, {}])[1]
                node = below.setdefault(keys[-1], [-1, {}])
                node[0] += 1
                node[1] = {}  # a new element: the arrays inside the last one are closed
                path.append(node[0])
            headers.append(Header(kind, keys, tuple(path), pos, match.end()))
            table = len(headers) - 1
            pos = match.end()
            continue
        match = keyval_re(text, pos, stop)
        if match is None:
            pos = _LINE_REST.match(text, pos, stop).end()  # type: ignore[union-attr]
            continue
        value_start = match.end()
        value_end = skip_value(text, value_start, stop)
        entries.append(Entry(table, split_keys(match.group(1)), pos, value_start, value_end))
        pos = value_end
    return Scan(text, headers, entries)
