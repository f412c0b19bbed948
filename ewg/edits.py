"""Line edits of the roadmap file: each returns a new Document with only the lines asked
changed, and what it did to the items when that is known (see ewg.document).

The items' edits follow the item in place (`set_item_fields`, `add_item`,
`remove_item`); those of the other tables find them by header (`add_table`,
`set_table_fields`, `remove_array_table`, ...). Writing the result is the store's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ewg.document import Document, content_end, line_end, line_start, parse_block, scan
from ewg.errors import RoadmapFileError
from ewg.i18n import _
from ewg.model import ITEM_KEYS
from ewg.tomlwrite import format_key, format_table, format_value

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ewg.tomlscan import Entry


# --- the items, in place --------------------------------------------------------------


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
    table = parse_block(new_block, doc.name)
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
    if same_area or items:
        after = same_area[-1] if same_area else len(items) - 1
        _start, at, _next = doc.item_block(after)
        index = after + 1
    else:
        at, index = len(text), 0
    new = _spaced(text, at, format_table("[[items]]", table, nl), nl)
    return doc.replace(at, at, new, ("insert", index, dict(table)))


def remove_item(doc: Document, item_id: str) -> Document:
    """Delete one item's block, with the comment lines directly above it."""
    index = doc.item_index(item_id)
    if index < 0:
        raise RoadmapFileError(_("no item {id}").format(id=item_id))
    start, end, _following = doc.item_block(index)
    start, end = _cut(doc.text, start, end)
    return doc.replace(start, end, "", ("delete", index, None))


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """What removing the table text[start:end] (its header to its last line) removes: the
    comment lines directly above it too, and one blank line after it when one stands
    before it, so that the gap between its neighbours stays as it was."""
    start = attached_comments(text, start)
    match = re.compile(r"[ \t]*\r?\n").match(text, end)
    if match and (start == 0 or text.endswith(("\n\n", "\n\r\n"), 0, start)):
        end = match.end()
    return start, end


# --- edits of the tables other than items ----------------------------------------------


def add_table(doc: Document, section: str, key: str, table: Mapping[str, Any]) -> Document:
    """Add `[section.key]` after the last table of its section (or at the end)."""
    return add_tables(doc, [(section, key, table, "")])


def add_tables(
    doc: Document, entries: Sequence[tuple[str, str, Mapping[str, Any], str]]
) -> Document:
    """Many `[section.key]` tables at once, each after the last table of its section (or at
    the end), from one reading of the file: each (section, key, table, its lines as written,
    or "" to write it as ewg does)."""
    if not entries:
        return doc
    nl, text = doc.newline, doc.text
    found = doc.scan()
    ends: dict[str, int] = {}
    for e in found.entries:
        top = str(found.path(e)[0])
        ends[top] = max(ends.get(top, 0), line_end(text, e.value_end))
    for h in found.headers:
        ends[h.keys[0]] = max(ends.get(h.keys[0], 0), line_end(text, h.end))
    places: dict[int, list[str]] = {}
    for section, key, table, lines in entries:
        lines = lines.replace("\r\n", "\n").replace("\n", nl) if lines else ""
        block = lines or format_table(f"[{section}.{format_key(key)}]", table, nl)
        places.setdefault(ends.get(section, len(text)), []).append(block)
    return _insert_blocks(doc, places)


def remove_table(doc: Document, section: str, key: str) -> Document:
    """Remove `[section.key]` (or `key = {…}` under `[section]`) and its lines."""
    text = doc.text
    found = doc.scan()
    for i, header in enumerate(found.headers):
        if header.keys == (section, key):
            following = found.headers[i + 1].start if i + 1 < len(found.headers) else len(text)
            mine = [e for e in found.entries if e.table == i]
            end = line_end(text, mine[-1].value_end if mine else header.end)
            start = attached_comments(text, header.start)
            match = re.compile(r"[ \t]*\r?\n").match(text, end)
            if match and end < following:
                end = match.end()
            return doc.replace(start, end, "", None)
    for entry in found.entries:
        if found.path(entry)[:2] == (section, key):
            a, b, _new = removal(text, entry)
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
        at = line_end(text, entries[-1].value_end if entries else found.headers[last].end)
    else:
        at = len(text)
    return _insert_block(doc, at, format_table(f"[[{format_key(name)}]]", table, nl))


def add_measurement(doc: Document, table: Mapping[str, Any]) -> Document:
    """A `[[measurements]]` table after the last measurement of its indicator (after the
    last of all when it has none): how `indicator record` and the merge add one."""
    return add_measurements(doc, [(table, "")])


def add_measurements(doc: Document, blocks: Sequence[tuple[Mapping[str, Any], str]]) -> Document:
    """Many measurements at once, each where `add_measurement` puts it, from one reading
    of the file: each (table, its lines as written, or "" to write it as ewg does)."""
    if not blocks:
        return doc
    text, nl = doc.text, doc.newline
    measurements = doc.roadmap.measurements
    starts = [(i, at) for i, (kind, keys, at) in enumerate(doc.tables) if keys == ("measurements",)]
    if len(starts) != len(measurements) or any(doc.tables[i][0] != "array" for i, _a in starts):
        raise RoadmapFileError(
            _("{name}: no [{table}] table to edit").format(name=doc.name, table="measurements")
        )
    last = {m.indicator: n for n, m in enumerate(measurements)}  # each indicator's last

    def end_of(n: int) -> int:
        i, at = starts[n]
        following = doc.tables[i + 1][2] if i + 1 < len(doc.tables) else len(text)
        return content_end(text, at, following)

    after_all = end_of(len(starts) - 1) if starts else len(text)
    places: dict[int, list[str]] = {}
    for table, lines in blocks:
        n = last.get(str(table.get("indicator")))
        at = after_all if n is None else end_of(n)
        lines = lines.replace("\r\n", "\n").replace("\n", nl) if lines else ""
        places.setdefault(at, []).append(lines or format_table("[[measurements]]", table, nl))
    return _insert_blocks(doc, places)


def _insert_blocks(doc: Document, places: Mapping[int, list[str]]) -> Document:
    """The blocks written at their offsets, in one pass: those at one offset in turn, a
    blank line between each and what stands around it."""
    text, nl = doc.text, doc.newline
    out, done = [], 0
    for at in sorted(places):
        out += [text[done:at], _spaced(text, at, nl.join(places[at]), nl)]
        done = at
    out.append(text[done:])
    return Document("".join(out), doc.path)


def _insert_block(doc: Document, at: int, block: str) -> Document:
    """`block` written at offset `at` (a line's start, or the end of the file), with a
    blank line between it and the text before and after it."""
    return doc.replace(at, at, _spaced(doc.text, at, block, doc.newline), None)


def _spaced(text: str, at: int, block: str, nl: str) -> str:
    """`block` as written at `at` in `text`: a blank line between it and what stands
    before and after it."""
    # Offsets, never slices: many blocks go into a large file in one pass.
    prefix = ("" if text.endswith("\n", 0, at) or at == 0 else nl) + (nl if at else "")
    more = re.compile(r"\S").search(text, at) is not None  # anything written after it
    suffix = nl if more and not text.startswith(("\n", "\r\n"), at) else ""
    return prefix + block + suffix


# --- any table, by its header (added for the merge driver) -----------------------------


def table_block(doc: Document, keys: tuple[str, ...], occurrence: int = 0) -> tuple[int, int, int]:
    """Offsets of the n-th `[keys]`/`[[keys]]` table: start, end of its last line, next header."""
    seen = 0
    for i, (_kind, header_keys, start) in enumerate(doc.tables):
        if header_keys != keys:
            continue
        if seen == occurrence:
            following = doc.tables[i + 1][2] if i + 1 < len(doc.tables) else len(doc.text)
            return start, content_end(doc.text, start, following), following
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
    new_block = edit_block(doc, start, content_end, following, changes, order)
    if new_block is None:
        return doc
    return doc.replace(start, following, new_block, None)


def remove_array_table(doc: Document, name: str, index: int) -> Document:
    """Delete the n-th `[[name]]` table, with the comment lines directly above it."""
    return remove_array_tables(doc, name, [index])


def remove_array_tables(doc: Document, name: str, indexes: Iterable[int]) -> Document:
    """Delete these `[[name]]` tables (by their place among them), each with the comment
    lines directly above it and one blank line, from one reading of the file."""
    text = doc.text
    tables = doc.tables
    starts = [
        i for i, (kind, keys, _at) in enumerate(tables) if kind == "array" and keys == (name,)
    ]
    out, done = [], 0
    for n in sorted(set(indexes)):
        if not 0 <= n < len(starts):
            raise RoadmapFileError(
                _("{name}: no [{table}] table to edit").format(name=doc.name, table=name)
            )
        i = starts[n]
        following = tables[i + 1][2] if i + 1 < len(tables) else len(text)
        start, end = _cut(text, tables[i][2], content_end(text, tables[i][2], following))
        out.append(text[done:start])
        done = end
    if re.compile(r"\S").search(text, done) is None:  # the file's last tables went
        kept = "".join(out).rstrip("\r\n")  # no blank line left at its end
        return Document(kept + doc.newline if kept else "", doc.path)
    out.append(text[done:])
    return Document("".join(out), doc.path)
