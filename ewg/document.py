"""One version of the roadmap file: its text, and its parse, model and table offsets.

A `Document` is the text; its parse, model and table offsets are computed when
first asked, each from the cache when this exact content was seen before. The line
edits (`ewg.edits`) return a new Document through `replace`; after an item edit
only the changed item is parsed again, so a write costs about what a read does.
"""

from __future__ import annotations

from pathlib import Path

from ewg import cache, incremental
from ewg.errors import RoadmapFileError
from ewg.files import FILE_NAME, encode
from ewg.i18n import _
from ewg.model import Item, Roadmap
from ewg.rows import DeltaOp, TableRef, cached_model, item_row, remember_model, shift
from ewg.source import parse, parse_located

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ewg.indicators import Measurement
    from ewg.tomlscan import Scan

# What the head leaves out: the model holds these, in columns that the cache reads fast.
NOT_HEAD = ("items", "measurements")


def scan(text: str, start: int = 0, end: int | None = None) -> Scan:
    """Locate headers and keys in text[start:end] (see ewg.tomlscan)."""
    from ewg import tomlscan

    return tomlscan.scan(text, start, end)


def _tables(found: Scan) -> list[TableRef]:
    # One tuple for the many headers with the same keys: less memory, and the cache
    # writes the others as references to it (a third of the size, a quarter of the time).
    same: dict[tuple[str, ...], tuple[str, ...]] = {}
    return [(h.kind, same.setdefault(h.keys, h.keys), h.start) for h in found.headers]


def _measurements(text: str, name: str) -> Callable[[], list[Measurement]]:
    """What reads the measurements of `text`, should the cache's not decode. It holds the
    text, not the Document: a cycle through the model would cost every run 10 ms at exit."""

    def read() -> list[Measurement]:
        from ewg.indicators import measurements_of

        return measurements_of(parse(text, name))

    return read


# An edit of the items the caller knows exactly: set, insert or delete one table.
ItemEdit = tuple[str, int, "dict[str, Any] | None"]


class Document:
    """One version of the file: its text and, each computed when first asked and each
    from the cache when this exact content was seen before, its model, its table
    offsets, its parsed data.

    Reads and single-item writes need only the model, the offsets and the small
    tables other than items ("head"): cached together as plain tuples they load
    three times faster than the full parse, which only `validate` needs.
    """

    __slots__ = (
        "_content",
        "_data",
        "_delta",
        "_depth",
        "_head",
        "_key",
        "_raw",
        "_roadmap",
        "_tables",
        "path",
        "text",
        "touched",
    )

    def __init__(self, text: str, path: Path | None = None, content: bytes | None = None) -> None:
        """`content`, when given, is the UTF-8 bytes `text` was decoded from (saves
        encoding it again for the cache key)."""
        self.text = text
        self.path = path
        self._content = content
        self._data: dict[str, Any] | None = None
        self._head: dict[str, Any] | None = None
        self._tables: list[TableRef] | None = None
        self._roadmap: Roadmap | None = None
        self._key: str | None = None
        self._raw: dict[str, dict[str, Any]] = {}  # tables of items edited since the read
        # How this version follows from a cached one: its key and the item edits since.
        self._delta: tuple[str, list[DeltaOp]] | None = None
        self._depth = 0  # deltas between this version's cache entry and a full one
        # Item ids that edits since the read changed (set() when fresh from disk);
        # None means the edits are not known item by item: validate everything.
        self.touched: set[str] | None = None

    @property
    def name(self) -> str:
        """The file name to show in messages."""
        return str(self.path) if self.path else FILE_NAME

    @property
    def content(self) -> bytes:
        """The text as the bytes of the file: what a write writes, and the cache key's."""
        if self._content is None:
            self._content = encode(self.text)
        return self._content

    @property
    def key(self) -> str:
        """The cache key of this content."""
        if self._key is None:
            self._key = cache.key(self.content)
            self._content = None  # the bytes of a large file: let them go once the key has them
        return self._key

    # --- loading --------------------------------------------------------------------

    def _load_parse(self) -> None:
        hit = cache.get(self.key)
        if hit is not None:
            self._data, tables = hit
        else:
            self._data, headers = parse_located(self.text, self.name)
            tables = self._tables if self._tables is not None else headers
            if tables is None:  # tomllib read it: locate the headers apart
                tables = _tables(scan(self.text))
            cache.put(self.key, (self._data, tables))
        if self._tables is None:
            self._tables = tables

    def _load_model(self) -> None:
        hit = (
            cached_model(self.key, _measurements(self.text, self.name))
            if self._data is None
            else None
        )
        if hit is not None:
            self._roadmap, self._head, tables, self._depth = hit
            if self._tables is None:
                self._tables = tables
            if self.path is not None:
                incremental.seen(self.path, self.key)
            return
        if self._data is None and self.path is not None:
            # Only the blocks changed since a version read before are parsed.
            found = incremental.follow(
                self.text, self.path, self.name, _measurements(self.text, self.name)
            )
            if found is not None:
                self._roadmap, self._head, self._tables, followed, self._delta, self._depth = found
                self._remember_model()
                incremental.remember(self.path, self.key, followed)
                return
        if self._data is None:
            # Not the parse cache: status needs only the model, and tagging the parse's
            # dates for the cache costs a third of a parse.
            self._data, headers = parse_located(self.text, self.name)
            if self._tables is None:
                self._tables = headers if headers is not None else _tables(scan(self.text))
            if headers is not None and self.path is not None:
                incremental.remember_text(self.path, self.key, self.text, headers)
        data = self.data
        if self._roadmap is None:
            self._roadmap = Roadmap.from_doc(data)
        self._head = {k: v for k, v in data.items() if k not in NOT_HEAD}
        self._remember_model()

    def _remember_model(self) -> None:
        if self._roadmap is not None and self._head is not None and self._tables is not None:
            remember_model(
                self.key, self._delta, self._depth, self._roadmap, self._head, self._tables
            )

    @property
    def data(self) -> dict[str, Any]:
        """The parsed document (tomllib's dicts and lists)."""
        if self._data is None:
            self._load_parse()
        assert self._data is not None
        return self._data

    @property
    def tables(self) -> list[TableRef]:
        """Every table header: kind, dotted keys, offset."""
        if self._tables is None:
            self._load_model()
        assert self._tables is not None
        return self._tables

    @property
    def roadmap(self) -> Roadmap:
        """The model of this version."""
        if self._roadmap is None:
            if self._data is not None:
                self._roadmap = Roadmap.from_doc(self._data)
            else:
                self._load_model()
        assert self._roadmap is not None
        return self._roadmap

    @property
    def head(self) -> dict[str, Any]:
        """The parsed document without its items and measurements (the model holds both)."""
        if self._head is None:
            if self._data is not None:
                self._head = {k: v for k, v in self._data.items() if k not in NOT_HEAD}
            else:
                self._load_model()
        assert self._head is not None
        return self._head

    def remember(self) -> None:
        """Put what is known of this version in the cache."""
        if self._data is not None:
            cache.put(self.key, (self._data, self.tables))
        self.head  # noqa: B018  # cheap once the model or the data is known
        self._remember_model()

    # --- items ----------------------------------------------------------------------

    @property
    def newline(self) -> str:
        """The line ending the file uses."""
        first = self.text.find("\n")
        return "\r\n" if first > 0 and self.text[first - 1] == "\r" else "\n"

    def scan(self) -> Scan:
        """Every header and key of the file, located (costly on big files)."""
        return scan(self.text)

    def item_index(self, item_id: str) -> int:
        """The position of an item in the file, or -1."""
        for index, item in enumerate(self.roadmap.items):
            if item.id == item_id:
                return index
        return -1

    def item(self, item_id: str) -> Item | None:
        """One item."""
        return self.roadmap.item(item_id)

    def raw_item(self, index: int) -> dict[str, Any]:
        """The parsed table of one item, without parsing the whole file."""
        if self._data is not None:
            table = self._data["items"][index]
            assert isinstance(table, dict)
            return table
        item_id = self.roadmap.items[index].id
        if item_id in self._raw:
            return self._raw[item_id]
        start, _end, following = self.item_block(index)
        return parse_block(self.text[start:following], self.name)

    def _item_headers(self) -> list[int]:
        return [
            i
            for i, (kind, keys, _o) in enumerate(self.tables)
            if kind == "array" and keys == ("items",)
        ]

    def item_block(self, index: int) -> tuple[int, int, int]:
        """Offsets of item `index`: header start, end of its last line, next header start."""
        headers = self._item_headers()
        if index >= len(headers) or len(headers) != len(self.roadmap.items):
            raise RoadmapFileError(
                _("{name}: items must be written as [[items]] tables to be edited").format(
                    name=self.name
                )
            )
        table_index = headers[index]
        start = self.tables[table_index][2]
        following = (
            self.tables[table_index + 1][2]
            if table_index + 1 < len(self.tables)
            else len(self.text)
        )
        return start, content_end(self.text, start, following), following

    def replace(self, start: int, end: int, new: str, edit: ItemEdit | None) -> Document:
        """A new version with text[start:end] replaced.

        `edit` says what happened to the items, so that the new version's model,
        offsets and data follow without a parse; None means "parse the new text".
        """
        text = self.text[:start] + new + self.text[end:]
        changed = Document(text, self.path)
        if edit is None:
            return changed
        inserted = [(h.kind, h.keys, h.start) for h in scan(text, start, start + len(new)).headers]
        tables = shift(self.tables, start, end, len(new), inserted)
        changed._tables = tables
        kind, index, table = edit
        roadmap = self.roadmap
        items = list(roadmap.items)
        raw = dict(self._raw)
        if kind == "delete":
            raw.pop(items[index].id, None)
            del items[index]
        else:
            assert table is not None
            item = Item.from_table(table)
            if kind == "insert":
                items.insert(index, item)
            else:
                items[index] = item
            raw[item.id] = table
        changed._roadmap = roadmap.with_items(items)
        row = item_row(items[index]) if kind != "delete" else None
        op: DeltaOp = (kind, index, row, start, end, len(new), inserted)
        if self._delta is not None:
            changed._delta = (self._delta[0], [*self._delta[1], op])
            changed._depth = self._depth
        else:
            changed._delta = (self.key, [op])
            changed._depth = self._depth + 1
        changed._raw = raw
        changed._head = self._head
        if self._data is not None:
            changed._data = _with_item(self._data, kind, index, table)
        if self.touched is not None and kind != "delete" and table is not None:
            changed.touched = self.touched | {str(table.get("id"))}
        return changed


def content_end(text: str, start: int, following: int) -> int:
    """Where the table whose header stands at `start` ends: just after the newline of its
    last key's line (comments and blank lines before `following`, the next header, stay)."""
    block = scan(text, start, following)
    last = block.entries[-1].value_end if block.entries else block.headers[0].end
    return line_end(text, last)


def line_end(text: str, offset: int) -> int:
    """The offset just after the newline that ends the line holding `offset`."""
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


# --- what an item edit changes ----------------------------------------------------------


def parse_block(text: str, name: str) -> dict[str, Any]:
    """The table of a block of text that holds one `[[items]]` table."""
    items = parse(text, name).get("items")
    if not isinstance(items, list) or len(items) != 1:
        raise RoadmapFileError(_("{name}: could not edit the item in place").format(name=name))
    table = items[0]
    assert isinstance(table, dict)
    return table


def _with_item(
    data: dict[str, Any], kind: str, index: int, table: dict[str, Any] | None
) -> dict[str, Any]:
    """The parsed data after one item edit."""
    data = dict(data)
    items = list(data.get("items") or [])
    if kind == "delete":
        del items[index]
    elif kind == "insert":
        items.insert(index, table)
    else:
        items[index] = table
    if items:
        data["items"] = items
    else:
        del data["items"]  # the last [[items]] table is gone, and with it the key
    return data
