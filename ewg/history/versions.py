"""Versions of the file parsed fast: each distinct block of text parsed only once.

A version is split at its header lines into `[[items]]` blocks and the rest, and
each distinct block is parsed once (consecutive versions share all but a few
blocks); a version that cannot be split safely is parsed whole.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from ewg.events import Stats
from ewg.history.log import Version
from ewg.i18n import _

_INDENTED_HEADER = re.compile(rb"\n[ \t]+\[")


_BAD = object()  # a block that does not parse alone
_REST = object()  # a block, other than an item, that parses alone


def _stats(keys: Iterable[str]) -> Stats:
    """Items per area from "area\x00status" keys."""
    per_area: dict[str, list[int]] = {}
    for key, n in Counter(keys).items():
        area, _sep, status = key.partition("\x00")
        counts = per_area.setdefault(area, [0, 0, 0])
        counts[0] += n
        if status == "done":
            counts[1] += n
        elif status == "dropped":
            counts[2] += n
    return tuple((area, c[0], c[1], c[2]) for area, c in per_area.items())


def _key(table: Mapping[str, Any]) -> str:
    area, status = table.get("area"), table.get("status")
    return f"{area if isinstance(area, str) else ''}\x00{status if isinstance(status, str) else ''}"


class Parser:
    """Parses versions of the file, each distinct block of text only once."""

    def __init__(self, name: str) -> None:
        self.name = name
        # block (bytes after its first "[") -> (table, id, stats key) for an item, _REST or _BAD
        self._blocks: dict[bytes, Any] = {}
        self._heads: dict[bytes, bool] = {}  # bytes before the first header -> parses alone
        self._rests: dict[bytes, Any] = {}  # everything but the items -> data or _BAD

    def parse(self, content: bytes) -> Version | str:
        """The version in `content`, or why it is not valid TOML."""
        from ewg.diff import index_items
        from ewg.store import TomlSyntaxError, decode, parse

        version = self._split(content)
        if version is not None:
            return version
        try:
            data = parse(decode(content, self.name), self.name)
        except TomlSyntaxError as exc:
            return _located(exc)
        raw = data.get("items")
        tables = [t for t in raw if isinstance(t, dict)] if isinstance(raw, list) else []
        rest = {k: v for k, v in data.items() if k != "items"}
        return Version(rest, index_items(tables), _stats(_key(t) for t in tables))

    def _split(self, content: bytes) -> Version | None:
        """Parse block by block; None when the text cannot be split safely.

        The bytes are cut before every line that starts with "[" (which never
        cuts a UTF-8 sequence), and only blocks not seen before are decoded and
        parsed. Every block must parse on its own: a cut inside a multi-line
        string or array leaves the block before it unterminated, so it fails.
        A block with a line that starts with blanks and "[" is not split further.
        """
        if content.startswith(b"\xef\xbb\xbf"):
            return None
        parts = (b"\n" + content if content.startswith(b"[") else content).split(b"\n[")
        head = parts[0]
        del parts[0]
        blocks = self._blocks
        found = list(map(blocks.get, parts))
        if None in found:
            for i, value in enumerate(found):
                if value is None:
                    found[i] = blocks[parts[i]] = _parse_block(parts[i])
        if _BAD in found or not self._head_alone(head):
            return None
        items = [v for v in found if v is not _REST]
        rest = [head]
        if len(items) != len(found):
            rest += [p for p, v in zip(parts, found, strict=True) if v is _REST]
        rest_bytes = b"\n[".join(rest)
        data = self._rests.get(rest_bytes)
        if data is None:
            data = _loads(rest_bytes)
            if isinstance(data, dict) and "items" in data:
                data = _BAD  # [items.x], [[ items ]], items = … : let tomllib judge the whole
            self._rests[rest_bytes] = data
        if not isinstance(data, dict):
            return None
        if not items:
            return Version(data, {}, ())
        from ewg.diff import index_items

        tables, ids, keys = zip(*items, strict=True)
        index: dict[str, Mapping[str, Any]] = dict(zip(ids, tables, strict=True))
        if len(index) != len(ids) or None in index:
            index = index_items(tables)
        return Version(data, index, _stats(keys))

    def _head_alone(self, head: bytes) -> bool:
        ok = self._heads.get(head)
        if ok is None:
            ok = _loads(head) is not _BAD and not _INDENTED_HEADER.search(head)
            self._heads[head] = ok
        return ok


def _loads(content: bytes, prefix: str = "") -> Any:
    """Parsed TOML, or _BAD when the bytes are not UTF-8 TOML (the whole file says why)."""
    import tomllib

    if b"\x00" in content:
        return _BAD
    try:
        return tomllib.loads(prefix + content.decode("utf-8") + "\n")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return _BAD


def _parse_block(part: bytes) -> Any:
    """An item block as (table, id, stats key), another block as _REST, or _BAD."""
    if _INDENTED_HEADER.search(part):
        return _BAD  # an indented header, or a line of a nested array: parse the whole
    data = _loads(part, "[")
    if data is _BAD:
        return _BAD
    if not part.startswith(b"[items]]"):
        return _REST
    items = data.get("items")
    if (
        len(data) != 1
        or not isinstance(items, list)
        or len(items) != 1
        or not isinstance(items[0], dict)
    ):
        return _BAD
    table = items[0]
    item_id = table.get("id")
    return table, item_id if isinstance(item_id, str) else None, _key(table)


def _located(exc: Any) -> str:
    return _("{message} (line {line}, column {col})").format(
        message=exc.message, line=exc.line, col=exc.col
    )
