"""The roadmap file: find it, read it fast, change only the lines asked, replace it atomically.

Reads use tomllib (ten times faster than tomlkit) behind a cache keyed by the
file's content. Writes are line edits located by `ewg.tomlscan`; after an edit
only the changed item is parsed again, so a write costs about what a read does.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from ewg import cache
from ewg.errors import EwgError, RoadmapFileError
from ewg.files import write_atomic
from ewg.i18n import _
from ewg.model import ITEM_KEYS, Item, Roadmap
from ewg.rows import from_rows, item_row, patch_rows, to_rows
from ewg.source import TomlSyntaxError, decode, parse, read_bytes
from ewg.tomlwrite import format_key, format_table, format_value

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ewg.tomlscan import Entry, Scan


FILE_NAME = "roadmap.toml"

# One header as the cache keeps it: kind ("table" | "array"), dotted keys, offset.
TableRef = tuple[str, tuple[str, ...], int]


def find(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """The roadmap file: `explicit`, else $EWG_FILE, else the nearest roadmap.toml upwards."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("EWG_FILE")
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
    raise RoadmapFileError(
        _("no roadmap.toml here or in any parent folder"),
        hint=_("run `ewg init` to start one, or pass --file PATH"),
    )


def scan(text: str, start: int = 0, end: int | None = None) -> Scan:
    """Locate headers and keys in text[start:end] (see ewg.tomlscan)."""
    from ewg import tomlscan

    return tomlscan.scan(text, start, end)


def _tables(found: Scan) -> list[TableRef]:
    return [(h.kind, h.keys, h.start) for h in found.headers]


# How a version's cache entry can follow from another's: the item edit (kind, index,
# row in model columns) and the text edit (start, end, new length, headers inserted).
DeltaOp = tuple[str, int, "Any", int, int, int, "list[Any]"]
_MAX_DELTAS = 8  # past this many deltas in a chain, a version is cached in full


def _model_entry(key: str, limit: int = _MAX_DELTAS) -> tuple[Any, Any, list[TableRef], int] | None:
    """A cached model (rows, encoded head, tables, depth), following deltas to a full entry."""
    entry = cache.get("model-" + key)
    if entry is None:
        return None
    if entry[0] != "delta":
        rows, head, tables = entry
        return rows, head, tables, 0
    _tag, base, ops, depth = entry
    found = _model_entry(base, limit - 1) if 0 < depth <= limit else None
    if found is None:
        return None
    rows, head, tables, _depth = found
    for kind, index, row, start, end, length, inserted in ops:
        patch_rows(rows, kind, index, row)
        tables = _shift(tables, start, end, length, [tuple(t) for t in inserted])
    return rows, head, tables, depth


def _shift(
    tables: list[TableRef], start: int, end: int, length: int, inserted: list[TableRef]
) -> list[TableRef]:
    """Table offsets after text[start:end] became `length` characters holding `inserted`."""
    delta = length - (end - start)
    kept = [t for t in tables if t[2] < start or t[2] >= end]
    shifted = [(k, keys, o + delta if o >= end else o) for (k, keys, o) in kept]
    shifted += inserted
    shifted.sort(key=lambda t: t[2])
    return shifted


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

    def __init__(self, text: str, path: Path | None = None) -> None:
        self.text = text
        self.path = path
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

    @classmethod
    def from_text(cls, text: str, path: Path | None = None) -> Document:
        """A document of this text; nothing is parsed until it is needed."""
        return cls(text, path)

    @property
    def name(self) -> str:
        """The file name to show in messages."""
        return str(self.path) if self.path else FILE_NAME

    @property
    def key(self) -> str:
        """The cache key of this content."""
        if self._key is None:
            self._key = cache.key(self.text.encode("utf-8"))
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
        hit = _model_entry(self.key) if self._data is None else None
        if hit is not None:
            try:
                rows, (tagged, plain), tables, depth = hit
                roadmap, head = from_rows(rows), cache.decode(plain) if tagged else plain
            except Exception:  # an entry of another layout is a miss, never an error
                hit = None
            else:
                self._roadmap, self._head, self._depth = roadmap, head, depth
                if self._tables is None:
                    self._tables = tables
                return
        data = self.data
        if self._roadmap is None:
            self._roadmap = Roadmap.from_doc(data)
        self._head = {k: v for k, v in data.items() if k != "items"}
        self._remember_model()

    def _remember_model(self) -> None:
        if self._delta is not None and self._depth < _MAX_DELTAS:
            base, ops = self._delta
            cache.put("model-" + self.key, ("delta", base, ops, self._depth))
        elif self._roadmap is not None and self._head is not None and self._tables is not None:
            # The head is small and holds dates: encoded apart, so that the rows,
            # which are most of the entry, are never walked.
            entry = (to_rows(self._roadmap), cache.encode(self._head), self._tables)
            cache.put("model-" + self.key, entry)

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
        """The parsed document without its items: roadmap, areas, owners, milestones, meetings."""
        if self._head is None:
            if self._data is not None:
                self._head = {k: v for k, v in self._data.items() if k != "items"}
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
        return start, _line_end(self.text, last), following

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
        tables = _shift(self.tables, start, end, len(new), inserted)
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


def _line_end(text: str, offset: int) -> int:
    """The offset just after the newline that ends the line holding `offset`."""
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def read(path: Path) -> Document:
    """Read and parse the file at `path`."""
    doc = Document.from_text(decode(read_bytes(path), str(path)), path)
    doc.touched = set()
    return doc


def load(path: str | os.PathLike[str] | None = None) -> Roadmap:
    """The roadmap model of a file (found as the spec says when `path` is None)."""
    return read(find(path)).roadmap


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


def _edit_block(
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
    indent = text[_line_start(text, entries[0].start) : entries[0].start] if entries else ""

    def rank(key: str) -> int:
        return order.index(key) if key in order else len(order)

    edits: list[tuple[int, int, str, int]] = []
    for key, value in changes.items():
        entry = by_key.get(key)
        if entry is not None and value is None:
            edits.append((*_removal(text, entry), rank(key)))
        elif entry is not None:
            edits.append((entry.value_start, entry.value_end, format_value(value), rank(key)))
        elif value is not None:
            before = [e for e in entries if rank(e.keys[0]) <= rank(key)]
            at = content_end
            if before and before[-1] is not block.entries[-1]:
                at = _line_end(text, before[-1].value_end)
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
    new_block = _edit_block(doc, start, content_end, following, changes, ITEM_KEYS)
    if new_block is None:
        return doc
    table = _parse_block(new_block, doc.name)
    if table.get("id") != item_id:  # an edit never changes an id; validate everything
        return doc.replace(start, following, new_block, None)
    return doc.replace(start, following, new_block, ("set", index, table))


def _removal(text: str, entry: Entry) -> tuple[int, int, str]:
    """The edit that deletes an entry: its whole lines when it stands alone on them."""
    line_start = _line_start(text, entry.start)
    end = _line_end(text, entry.value_end)
    rest = text[entry.value_end : end].strip()
    if text[line_start : entry.start].strip() == "" and (rest == "" or rest.startswith("#")):
        return line_start, end, ""
    return entry.start, entry.value_end, ""


def _attached_comments(text: str, start: int) -> int:
    """Move `start` up over comment lines directly above it (they describe the item)."""
    while start > 0:
        previous = _line_start(text, start - 1)
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
    start = _attached_comments(text, start)
    end = content_end
    # Drop one blank line so the gap between neighbours stays as it was.
    blank = re.compile(r"[ \t]*\r?\n")
    match = blank.match(text, end)
    if match and (start == 0 or text[:start].endswith(("\n\n", "\n\r\n"))):
        end = match.end()
    return doc.replace(start, end, "", ("delete", index, None))


def add_table(doc: Document, section: str, key: str, table: Mapping[str, Any]) -> Document:
    """Add `[section.key]` after the last table of its section (or at the end)."""
    nl, text = doc.newline, doc.text
    found = doc.scan()
    ends = [
        _line_end(text, e.value_end) for e in found.entries if found.path(e)[:1] == (section,)
    ] + [_line_end(text, h.end) for h in found.headers if h.keys[:1] == (section,)]
    at = max(ends) if ends else len(text)
    block = format_table(f"[{section}.{format_key(key)}]", table, nl)
    prefix = ("" if text[:at].endswith("\n") or at == 0 else nl) + (nl if at else "")
    suffix = (
        nl
        if at < len(text) and text[at:].strip() and not text[at:].startswith(("\n", "\r\n"))
        else ""
    )
    return doc.replace(at, at, prefix + block + suffix, None)


def remove_table(doc: Document, section: str, key: str) -> Document:
    """Remove `[section.key]` (or `key = {…}` under `[section]`) and its lines."""
    text = doc.text
    found = doc.scan()
    for i, header in enumerate(found.headers):
        if header.keys == (section, key):
            following = found.headers[i + 1].start if i + 1 < len(found.headers) else len(text)
            mine = [e for e in found.entries if e.table == i]
            end = _line_end(text, mine[-1].value_end if mine else header.end)
            start = _attached_comments(text, header.start)
            match = re.compile(r"[ \t]*\r?\n").match(text, end)
            if match and end < following:
                end = match.end()
            return doc.replace(start, end, "", None)
    for entry in found.entries:
        if found.path(entry)[:2] == (section, key):
            a, b, _new = _removal(text, entry)
            return doc.replace(a, b, "", None)
    raise RoadmapFileError(_("no {section} {key}").format(section=section, key=key))


def append_array_table(doc: Document, name: str, table: Mapping[str, Any]) -> Document:
    """Append a `[[name]]` table after the last one (or at the end of the file)."""
    nl, text = doc.newline, doc.text
    found = doc.scan()
    mine = [i for i, h in enumerate(found.headers) if h.keys == (name,) and h.kind == "array"]
    if mine:
        last = mine[-1]
        entries = [e for e in found.entries if e.table == last]
        at = _line_end(text, entries[-1].value_end if entries else found.headers[last].end)
    else:
        at = len(text)
    block = format_table(f"[[{format_key(name)}]]", table, nl)
    prefix = ("" if text[:at].endswith("\n") or at == 0 else nl) + (nl if at else "")
    suffix = (
        nl
        if at < len(text) and text[at:].strip() and not text[at:].startswith(("\n", "\r\n"))
        else ""
    )
    return doc.replace(at, at, prefix + block + suffix, None)


# --- any table, by its header (added for the merge driver) -----------------------------


def table_block(doc: Document, keys: tuple[str, ...], occurrence: int = 0) -> tuple[int, int, int]:
    """Offsets of the n-th `[keys]`/`[[keys]]` table: start, end of its last line, next header."""
    seen = 0
    for i, (_kind, header_keys, start) in enumerate(doc.tables):
        if header_keys != keys:
            continue
        if seen == occurrence:
            following = doc.tables[i + 1][2] if i + 1 < len(doc.tables) else len(doc.text)
            block = scan(doc.text, start, following)
            last = block.entries[-1].value_end if block.entries else block.headers[0].end
            return start, _line_end(doc.text, last), following
        seen += 1
    raise RoadmapFileError(
        _("{name}: no [{table}] table to edit").format(name=doc.name, table=".".join(keys))
    )


def set_table_fields(
    doc: Document,
    keys: tuple[str, ...],
    changes: Mapping[str, Any],
    occurrence: int = 0,
    order: tuple[str, ...] = (),
) -> Document:
    """Set (or, for None, remove) keys of the n-th `[keys]`/`[[keys]]` table, touching their lines.

    A new key goes after the last key that comes before it in `order`.
    """
    start, content_end, following = table_block(doc, keys, occurrence)
    new_block = _edit_block(doc, start, content_end, following, changes, order)
    if new_block is None:
        return doc
    return doc.replace(start, following, new_block, None)


def remove_array_table(doc: Document, name: str, index: int) -> Document:
    """Delete the n-th `[[name]]` table, with the comment lines directly above it."""
    start, end, _following = table_block(doc, (name,), index)
    text = doc.text
    start = _attached_comments(text, start)
    match = re.compile(r"[ \t]*\r?\n").match(text, end)
    if match and (start == 0 or text[:start].endswith(("\n\n", "\n\r\n"))):
        end = match.end()
    return doc.replace(start, end, "", None)


# --- atomic replacement under a lock -------------------------------------------------


def _git_dir(folder: Path) -> Path | None:
    """The git directory of the work tree holding `folder`, found without running git."""
    for parent in (folder, *folder.parents):
        dot_git = parent / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():  # a linked worktree or a submodule: "gitdir: <path>"
            content = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if content.startswith("gitdir:"):
                return (parent / content.removeprefix("gitdir:").strip()).resolve()
            return None
    return None


def lock_path(path: Path) -> Path:
    """The side file that writers lock: inside .git in a repository, else beside the file.

    Inside .git it never shows in `git status`; the name is keyed by the file's path
    so that two roadmaps of one repository do not wait for each other.
    """
    absolute = path.resolve()
    git_dir = _git_dir(absolute.parent)
    if git_dir is not None:
        import hashlib

        digest = hashlib.blake2b(str(absolute).encode(), digest_size=8).hexdigest()
        folder = git_dir / "ewg"
        with contextlib.suppress(OSError):
            folder.mkdir(exist_ok=True)
            return folder / f"{absolute.name}-{digest}.lock"
    return absolute.with_name(f".{absolute.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the writers' lock of `path` (blocks until the other writer is done)."""
    lock = lock_path(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise RoadmapFileError(
            _("cannot lock {name}: {reason}").format(name=path, reason=exc.strerror)
        ) from None
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def update(
    path: Path, change: Callable[[Document], Document], check: bool = True
) -> tuple[Document, Document]:
    """Apply `change` to the file under the lock; refuse a result that validation rejects.

    Returns the version before and after. Nothing is written when `change` raises.
    """
    with locked(path):
        before = read(path)
        after = change(before)
        if after.text == before.text:
            return before, after
        if check:
            _refuse_new_errors(before, after)
        write_atomic(path, after.text)
        after.remember()
    return before, after


def _checked(doc: Document, only: set[str]) -> dict[str, Any]:
    """What validation of `only` needs, in file order: their tables in full, and in brief
    every item they reach through `depends_on` (for unknown references and cycles)."""
    items = doc.roadmap.items
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        first.setdefault(item.id, index)
    wanted: set[int] = {i for i, item in enumerate(items) if item.id in only}
    stack = [dep for i in wanted for dep in items[i].depends_on]
    while stack:
        index = first.get(stack.pop(), -1)
        if index >= 0 and index not in wanted:
            wanted.add(index)
            stack.extend(items[index].depends_on)
    chosen: list[dict[str, Any]] = []
    for index in sorted(wanted):
        item = items[index]
        if item.id in only:
            chosen.append(doc.raw_item(index))
        else:
            chosen.append(
                {"id": item.id, "status": item.status, "depends_on": list(item.depends_on)}
            )
    data = dict(doc.head)
    if chosen:
        data["items"] = chosen
    return data


def _refuse_new_errors(before: Document, after: Document) -> None:
    from ewg.errors import InvalidRoadmapError
    from ewg.validate import check_data

    only = after.touched
    new_errors = [
        d
        for d in check_data(after.data if only is None else _checked(after, only), only=only)
        if d.severity == "error"
    ]
    if not new_errors:  # the usual case: nothing to compare with the version before
        return
    old_errors = check_data(before.data if only is None else _checked(before, only), only=only)
    old = {(d.code, d.message) for d in old_errors if d.severity == "error"}
    new = [d for d in new_errors if (d.code, d.message) not in old]
    if new:
        raise InvalidRoadmapError(
            _("the change would make the roadmap invalid: {first}").format(first=new[0].message),
            list(new),
            hint=new[0].hint,
        )


__all__ = [
    "FILE_NAME",
    "Document",
    "EwgError",
    "TomlSyntaxError",
    "add_item",
    "add_table",
    "append_array_table",
    "decode",
    "find",
    "load",
    "parse",
    "read",
    "read_bytes",
    "remove_array_table",
    "remove_item",
    "remove_table",
    "set_item_fields",
    "set_table_fields",
    "table_block",
    "update",
    "write_atomic",
]
