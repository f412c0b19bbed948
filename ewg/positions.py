"""Where a path of keys and indexes stands in a TOML text: offsets, lines and columns.

`ewg.tomlscan` locates headers and key/value statements; this module adds what
findings need on top: the line and column of an offset without counting
newlines again for every finding, and positions inside a value (the third
element of an array, a key of an inline table), so that a finding can point at
the very element it is about.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ewg.tomlscan import Entry, Scan, scan, skip_value, split_keys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Path = tuple[str | int, ...]

_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE = r"[A-Za-z0-9_-]+"
_KEYPART = rf"""(?:{_BARE}|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_INLINE_KEY = re.compile(rf"({_KEYPART}(?:[ \t]*\.[ \t]*{_KEYPART})*)[ \t]*=[ \t]*")


@dataclass(slots=True)
class _Tables:
    scan: Scan
    headers: dict[Path, int]  # header path -> index in scan.headers
    # The first header below each proper prefix of a header path, as a tree of parts:
    # part -> (that header's index, the parts below). A header of k parts costs k
    # steps (a dict of prefix tuples would cost k * k).
    prefixes: dict[str | int, tuple[int, Any]]
    entries: list[list[Entry]]  # the entries of each header; the root's last


def _best_entry(entries: list[Entry], rest: Path) -> Entry | None:
    """The entry whose dotted key matches `rest` furthest (equal, longer or shorter)."""
    best: Entry | None = None
    best_size = 0
    for entry in entries:
        size = min(len(entry.keys), len(rest))
        if size > best_size and entry.keys[:size] == rest[:size]:
            best, best_size = entry, size
            if size == len(rest):
                break
    return best


class Positions:
    """The places of a text's keys and values, looked up by path."""

    def __init__(self, text: str, found: Scan | None = None) -> None:
        self.text = text
        self._scan = found
        self._tables: _Tables | None = None
        self._line_starts: list[int] | None = None

    def _index(self) -> _Tables:
        """Header paths (and their prefixes) -> header index; the entries of each table."""
        if self._tables is None:
            found = self._scan if self._scan is not None else scan(self.text)
            headers: dict[Path, int] = {}
            prefixes: dict[str | int, tuple[int, Any]] = {}
            for index, header in enumerate(found.headers):
                headers.setdefault(header.path, index)
                below = prefixes
                for part in header.path[:-1]:
                    below = below.setdefault(part, (index, {}))[1]
            # One list per header, and a last one for the root table (entry.table == -1).
            entries: list[list[Entry]] = [[] for _ in range(len(found.headers) + 1)]
            for entry in found.entries:
                entries[entry.table].append(entry)
            self._scan, self._tables = found, _Tables(found, headers, prefixes, entries)
        return self._tables

    def find(self, path: Path, at_value: bool = False) -> int | None:
        """The offset of the key (or value) at `path`, else of its nearest known parent."""
        index = self._index()
        for depth in range(len(path), -1, -1):
            table = index.headers.get(path[:depth]) if depth else -1
            if table is None:
                continue
            rest = path[depth:]
            entry = _best_entry(index.entries[table], rest) if rest else None
            if entry is None:
                if table >= 0:
                    return index.scan.headers[table].start
                break
            if len(entry.keys) >= len(rest):
                exact = len(entry.keys) == len(rest)
                return entry.value_start if at_value and exact else entry.start
            inner = self._descend(entry.value_start, rest[len(entry.keys) :], at_value)
            return entry.start if inner is None else inner
        deepest = None  # the first header below the longest prefix of `path` that has one
        below = index.prefixes
        for part in path:
            node = below.get(part)
            if node is None:
                break
            deepest, below = node
        return None if deepest is None else index.scan.headers[deepest].start

    def _descend(self, offset: int, rest: Path, at_value: bool) -> int | None:
        """Follow `rest` into the inline value starting at `offset`."""
        text = self.text
        best: int | None = None
        for step, part in enumerate(rest):
            if offset >= len(text):
                return best
            last = step == len(rest) - 1
            if isinstance(part, int) and text[offset] == "[":
                found = _element(text, offset, part)
                if found is None:
                    return best
                offset = best = found
            elif isinstance(part, str) and text[offset] == "{":
                pair = _inline_key(text, offset, part)
                if pair is None:
                    return best
                key_at, offset = pair
                best = offset if at_value or not last else key_at
            else:
                return best
        return best

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        if self._line_starts is None:
            self.position(0)
        assert self._line_starts is not None
        if not 1 <= line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : len(self.text) if end < 0 else end].rstrip("\r")


def _element(text: str, start: int, wanted: int) -> int | None:
    """The offset of element `wanted` of the array whose "[" is at `start`."""
    end = len(text)
    pos, index = start + 1, 0
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= end or text[pos] == "]":
            return None
        if index == wanted:
            return pos
        after = skip_value(text, pos, end)
        if after <= pos:
            return None
        pos = _SPACE.match(text, after).end()  # type: ignore[union-attr]
        if pos < end and text[pos] == ",":
            pos += 1
        index += 1


def _inline_key(text: str, start: int, wanted: str) -> tuple[int, int] | None:
    """Offsets of the key `wanted` and its value in the inline table whose "{" is at `start`.

    For a dotted key (`a.b = 1` looking for `a`) the value offset is the key's own.
    """
    end = len(text)
    pos = start + 1
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= end or text[pos] == "}":
            return None
        match = _INLINE_KEY.match(text, pos)
        if match is None:
            return None
        keys = split_keys(match.group(1))
        if keys and keys[0] == wanted:
            return pos, (match.end() if len(keys) == 1 else pos)
        after = skip_value(text, match.end(), end)
        if after <= match.end():
            return None
        pos = _SPACE.match(text, after).end()  # type: ignore[union-attr]
        if pos < end and text[pos] == ",":
            pos += 1
