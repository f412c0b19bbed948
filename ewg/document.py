"""One version of the roadmap file, and the edits that change only the lines asked.

A `Document` is the text; its parse, model and table offsets are computed when
first asked, each from the cache when this exact content was seen before. Edits
are located by `ewg.tomlscan` and return a new Document; after an item edit only
the changed item is parsed again, so a write costs about what a read does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ewg import cache, incremental
from ewg.errors import RoadmapFileError
from ewg.files import FILE_NAME
from ewg.i18n import _
from ewg.model import ITEM_KEYS, Item, Roadmap
from ewg.rows import DeltaOp, TableRef, cached_model, item_row, remember_model, shift
from ewg.source import parse, parse_located
from ewg.tomlwrite import format_key, format_table, format_value

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ewg.tomlscan import Entry, Scan

# What the head leaves out: the model holds these, in columns that the cache reads fast.
NOT_HEAD = ("items", "measurements")


def scan(text: str, start: int = 0, end: int | None = None) -> Scan:
    """Locate headers and keys in text[start:end] (see ewg.tomlscan)."""
    from ewg import tomlscan

    return tomlscan.scan(text, start, end)


def _tables(found: Scan) -> list[TableRef]:
    return [(h.kind, h.keys, h.start) for h in found.headers]


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
    def key(self) -> str:
        """The cache key of this content."""
        if self._key is None:
            content = self._content
            self._key = cache.key(self.text.encode("utf-8") if content is None else content)
            self._content = None  # only the key needed it
        return self._key

    # --- loading --------------------------------------------------------------------

    def _load_parse(self) -> None:
        hit = cache.get(self.key)
        if hit is not None:
            self._data, tables = hit
        else:
            self._data = parse(self.text, self.name)
            tables = self._tables if self._tables is not None else _tables(scan(self.text))
            cache.put(self.key, (self._data, tables))
        if self._tables is None:
            self._tables = tables

    def _load_model(self) -> None:
        hit = cached_model(self.key) if self._data is None else None
        if hit is not None:
            self._roadmap, self._head, tables, self._depth = hit
            if self._tables is None:
                self._tables = tables
            if self.path is not None:
                incremental.seen(self.path, self.key)
            return
        if self._data is None and self.path is not None:
            # Only the blocks changed since a version read before are parsed.
            found = incremental.follow(self.text, self.path, self.name)
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
        return _parse_block(self.text[start:following], self.name)

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
        block = scan(self.text, start, following)
        last = block.entries[-1].value_end if block.entries else block.headers[0].end
        return start, line_end(self.text, last), following

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


def line_end(text: str, offset: int) -> int:
    """The offset just after the newline that ends the line holding `offset`."""
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


# --- edits -----------------------------------------------------------------------------


def _parse_block(text: str, name: str) -> dict[str, Any]:
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


def edit_block(
    doc: Document,
    start: int,
    content_end: int,
    following: int,
    changes: Mapping[str, Any],
    order: tuple[str, ...],
) -> str | None:
    """The text of the block text[start:following] with `changes` made (None removes a key),
    touching only their lines; None when nothing changes.

    A new key goes after the last key that comes before it in `order`, with the
    indentation of the block's first key.
    """
    text, nl = doc.text, doc.newline
    block = scan(text, start, following)
    entries = [e for e in block.entries if len(e.keys) == 1]
    by_key = {e.keys[0]: e for e in entries}
    indent = text[line_start(text, entries[0].start) : entries[0].start] if entries else ""

    def rank(key: str) -> int:
        return order.index(key) if key in order else len(order)

    edits: list[tuple[int, int, str, int]] = []
    for key, value in changes.items():
        entry = by_key.get(key)
        if entry is not None and value is None:
            edits.append((*removal(text, entry), rank(key)))
        elif entry is not None:
            edits.append((entry.value_start, entry.value_end, format_value(value), rank(key)))
        elif value is not None:
            before = [e for e in entries if rank(e.keys[0]) <= rank(key)]
            at = content_end
            if before and before[-1] is not block.entries[-1]:
                at = line_end(text, before[-1].value_end)
            line = f"{indent}{format_key(key)} = {format_value(value)}{nl}"
            if at > 0 and text[at - 1] != "\n":  # the file has no final newline
                line = nl + line.removesuffix(nl)
            edits.append((at, at, line, rank(key)))
    if not edits:
        return None
    new_block = text[start:following]
    # Apply from the end so offsets stay right; keys inserted at one point keep their order.
    for a, b, new, _rank in sorted(edits, key=lambda e: (e[0], e[1], e[3]), reverse=True):
        new_block = new_block[: a - start] + new + new_block[b - start :]
    return new_block


def set_item_fields(doc: Document, item_id: str, changes: Mapping[str, Any]) -> Document:
    """Set (or, for None, remove) keys of one item, touching only their lines."""
    index = doc.item_index(item_id)
    if index < 0:
        raise RoadmapFileError(_("no item {id}").format(id=item_id))
    start, content_end, following = doc.item_block(index)
    new_block = edit_block(doc, start, content_end, following, changes, ITEM_KEYS)
    if new_block is None:
        return doc
    table = _parse_block(new_block, doc.name)
    if table.get("id") != item_id:  # an edit never changes an id; validate everything
        return doc.replace(start, following, new_block, None)
    return doc.replace(start, following, new_block, ("set", index, table))


def removal(text: str, entry: Entry) -> tuple[int, int, str]:
    """The edit that deletes an entry: its whole lines when it stands alone on them."""
    first = line_start(text, entry.start)
    end = line_end(text, entry.value_end)
    rest = text[entry.value_end : end].strip()
    if text[first : entry.start].strip() == "" and (rest == "" or rest.startswith("#")):
        return first, end, ""
    return entry.start, entry.value_end, ""


def attached_comments(text: str, start: int) -> int:
    """Move `start` up over comment lines directly above it (they describe the item)."""
    while start > 0:
        previous = line_start(text, start - 1)
        line = text[previous:start].strip()
        if not line.startswith("#"):
            break
        start = previous
    return start


def add_item(doc: Document, table: Mapping[str, Any]) -> Document:
    """Insert a new [[items]] table right after the last item of its area."""
    items = doc.roadmap.items
    area = table.get("area")
    same_area = [i for i, item in enumerate(items) if item.area == area]
    nl, text = doc.newline, doc.text
    block = format_table("[[items]]", table, nl)
    if same_area or items:
        after = same_area[-1] if same_area else len(items) - 1
        _start, content_end, _next = doc.item_block(after)
        index = after + 1
    else:
        content_end, index = len(text), 0
    prefix = ""
    if content_end > 0 and not text[:content_end].endswith("\n"):
        prefix = nl
    if content_end > 0:
        prefix += nl
    new = prefix + block
    # Keep separation from whatever followed.
    if (
        content_end < len(text)
        and text[content_end:].strip()
        and not text[content_end:].startswith(("\n", "\r\n"))
    ):
        new += nl
    return doc.replace(content_end, content_end, new, ("insert", index, dict(table)))


def remove_item(doc: Document, item_id: str) -> Document:
    """Delete one item's block, with the comment lines directly above it."""
    index = doc.item_index(item_id)
    if index < 0:
        raise RoadmapFileError(_("no item {id}").format(id=item_id))
    start, content_end, _following = doc.item_block(index)
    text = doc.text
    start = attached_comments(text, start)
    end = content_end
    # Drop one blank line so the gap between neighbours stays as it was.
    blank = re.compile(r"[ \t]*\r?\n")
    match = blank.match(text, end)
    if match and (start == 0 or text[:start].endswith(("\n\n", "\n\r\n"))):
        end = match.end()
    return doc.replace(start, end, "", ("delete", index, None))
