"""Reading a file that changed a little since ewg last read it: parse only the changed blocks.

After a `git pull` or a hand edit the file's content is new to the cache, but
ewg read a version close to it before. For each version it reads in full, ewg
keeps its blocks: the text from one header line to the next (the first block is
what stands before the first header), each as a digest, with the item it holds.
A new version is cut at its header lines, its blocks are matched to the old
ones by digest (`difflib.SequenceMatcher`), and only the blocks that match none
are parsed, each on its own. The new model is the old one with those items
set, inserted or deleted, kept in the cache as `ewg.rows` deltas (`DeltaOp`).

Why the result equals a full parse, or nothing is returned:

- Blocks are kept only for a version whose every line `ewg.tomlfast` read (or
  that this module read, by the rules below): there, every line that starts
  with `[` is a header, so each block is a whole header and its statements.
- Each block of the new text is either the very text of an old block, or text
  that parses on its own. Both start at a statement of the top level and end
  at one (a block that parses leaves no string or array open), so the new
  text reads as its blocks read one after another.
- A changed block must parse to exactly one `[[items]]` table. The blocks
  other than items must be the old ones, in the same order, with the same
  text before the first header; and the old version, which parsed, had
  `[[items]]` tables and no other table under `items`. Appending tables to an
  array of tables cannot clash with anything TOML allows elsewhere, so the
  items of the new text are its item blocks' tables, in order.

Anything else (a changed table other than items, a block that does not parse on
its own, a syntax error) returns None, and the caller parses the whole file,
which reports any error where it stands. `tests/test_incremental.py` compares
the two over random edits.
"""

from __future__ import annotations

import os
from itertools import pairwise

from ewg import cache
from ewg.rows import DeltaOp, TableRef, cached_model, item_row
from ewg.tomlfast import header_lines, header_lines_bytes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ewg.indicators import Measurement
    from ewg.model import Item, Roadmap

    # Bounds of the blocks (their starts, then the text's length), their digests, and
    # the item each holds (its index, or -1 for a table other than items and the start).
    Blocks = tuple[list[int], list[bytes], list[int]]
    Followed = tuple[
        "Roadmap", dict[str, Any], list[TableRef], Blocks, tuple[str, list[DeltaOp]], int
    ]

ITEMS = ("array", ("items",))
RECENT = 4  # versions of a file whose blocks are looked for


def _bounds(text: str) -> list[int]:
    """Where the blocks start (0 first, then each header line), then the text's length."""
    return [0, *header_lines(text), len(text)]


def _digests(text: str, bounds: list[int]) -> list[bytes]:
    """The digest of each block, from the text encoded once (not block by block)."""
    content = text.encode("utf-8")
    lines = header_lines_bytes(content)
    if len(lines) + 2 != len(bounds):  # cannot be (see header_lines_bytes): say so
        raise ValueError("header lines differ in text and bytes")
    view = memoryview(content)
    blake = cache.blake2b
    return [
        blake(view[a:b], digest_size=16).digest() for a, b in pairwise([0, *lines, len(content)])
    ]


def blocks_of(text: str, tables: list[TableRef]) -> Blocks | None:
    """The blocks of a text that `ewg.tomlfast` read, its headers `tables`; None when a
    table under `items` is not an item (then changes are read in full)."""
    bounds = _bounds(text)
    if len(bounds) != len(tables) + 2:
        return None
    kinds = [-1]
    count = 0
    for kind, keys, _at in tables:
        if (kind, keys) == ITEMS:
            kinds.append(count)
            count += 1
        elif keys[:1] == ("items",):
            return None
        else:
            kinds.append(-1)
    return bounds, _digests(text, bounds), kinds


def _recent_name(path: str | os.PathLike[str]) -> str:
    where = os.path.abspath(os.fspath(path)).encode("utf-8", "surrogateescape")
    return "recent-" + cache.blake2b(where, digest_size=20).hexdigest()


def _recent(path: str | os.PathLike[str]) -> list[str]:
    found = cache.get(_recent_name(path))
    if type(found) is not list:
        return []
    return [key for key in found if type(key) is str]


def remember_text(
    path: str | os.PathLike[str], key: str, text: str, tables: list[TableRef]
) -> None:
    """`remember` the blocks of a text that `ewg.tomlfast` read, when there is a cache."""
    if cache.directory() is not None:
        blocks = blocks_of(text, tables)
        if blocks is not None:
            remember(path, key, blocks)


def remember(path: str | os.PathLike[str], key: str, blocks: Blocks) -> None:
    """Keep the blocks of the content `key` of the file at `path`, as its latest version."""
    cache.put("blocks-" + key, blocks)
    recent = _recent(path)
    cache.put(_recent_name(path), [key, *(k for k in recent if k != key)][:RECENT])


def seen(path: str | os.PathLike[str], key: str) -> None:
    """The file at `path` holds the content `key` again: follow from it next time."""
    recent = _recent(path)
    if key in recent and recent[0] != key:
        cache.put(_recent_name(path), [key, *(k for k in recent if k != key)])


def follow(
    text: str,
    path: str | os.PathLike[str],
    name: str,
    measurements: Callable[[], list[Measurement]],
) -> Followed | None:
    """The model of `text` from the latest version of the file at `path` that ewg read and
    the blocks that changed since: the roadmap, head, headers, blocks, the delta from that
    version and its depth. None when it cannot be had that way (then parse in full).
    `measurements` reads those of `text`, should the cached ones not decode (the blocks
    that hold them are the same in both versions)."""
    for base in _recent(path):
        blocks = cache.get("blocks-" + base)
        model = cached_model(base, measurements) if blocks is not None else None
        if blocks is None or model is None:
            continue
        try:
            return _follow(text, name, base, blocks, model)
        except Exception:  # a block that does not parse, an entry of another layout
            return None
    return None


class _Unfit(Exception):
    """The new text does not follow from the old one block by block."""


def _follow(
    text: str,
    name: str,
    base: str,
    blocks: Blocks,
    model: tuple[Roadmap, dict[str, Any], list[TableRef], int],
) -> Followed | None:
    old_bounds, old_digests, old_kinds = blocks
    roadmap, head, old_tables, depth = model
    old_items = roadmap.items
    if len(old_tables) + 1 != len(old_digests) or max(old_kinds) + 1 != len(old_items):
        return None
    bounds = _bounds(text)
    digests = _digests(text, bounds)
    if digests[0] != old_digests[0] or not old_items:
        return None
    known = dict(zip(old_digests, range(len(old_digests)), strict=True))
    known.pop(old_digests[0], None)  # the text before the first header is no table
    items: list[Item] = []
    kinds = [-1]
    tables: list[TableRef] = []
    heads: list[bytes] = []
    ops: list[DeltaOp] = []

    def place(j: int, i: int | None) -> None:
        """Block j of the new text is block i of the old one, or a new item (i None)."""
        shift = bounds[j] - old_bounds[i] if i is not None else 0
        if i is None:
            items.append(_item(text[bounds[j] : bounds[j + 1]], name))
            kinds.append(len(items) - 1)
            tables.append(("array", ("items",), text.index("[", bounds[j])))
            return
        kind, keys, at = old_tables[i - 1]
        tables.append((kind, keys, at + shift))
        if old_kinds[i] < 0:
            heads.append(digests[j])
            kinds.append(-1)
        else:
            items.append(old_items[old_kinds[i]])
            kinds.append(len(items) - 1)

    runs = _align(old_digests, digests)
    fresh = [j for same, _i1, _i2, j1, j2 in runs if not same for j in range(j1, j2)]
    if sum(1 for j in fresh if digests[j] not in known) > max(64, len(digests) // 8):
        return None  # much of the file changed: one parse of it all is quicker
    for same, i1, i2, j1, j2 in runs:
        first = len(items)
        if same:
            shift = bounds[j1] - old_bounds[i1]
            tables += [(k, keys, at + shift) for k, keys, at in old_tables[i1 - 1 : i2 - 1]]
            for i in range(i1, i2):
                if old_kinds[i] < 0:
                    heads.append(old_digests[i])
                    kinds.append(-1)
                else:
                    kinds.append(len(items))
                    items.append(old_items[old_kinds[i]])
            continue
        for j in range(j1, j2):
            place(j, known.get(digests[j]))
        before = [old_kinds[i] for i in range(i1, i2) if old_kinds[i] >= 0]
        after = items[first:]
        start = bounds[j1]
        edit = (start, start + old_bounds[i2] - old_bounds[i1], bounds[j2] - start)
        inserted = tables[j1 - 1 : j2 - 1]
        changes: list[tuple[str, int, Any]] = [
            ("set", first + n, item_row(item)) for n, item in enumerate(after[: len(before)])
        ]
        changes += [
            ("insert", first + n, item_row(after[n])) for n in range(len(before), len(after))
        ]
        changes += [("delete", first + len(after), None)] * (len(before) - len(after))
        # The text edit goes with the first item edit ("text" when none), then none.
        for kind, index, row in changes or [("text", 0, None)]:
            ops.append((kind, index, row, *edit, inserted))
            edit, inserted = (0, 0, 0), []
    old_heads = [d for d, k in zip(old_digests[1:], old_kinds[1:], strict=True) if k < 0]
    if heads != old_heads:
        return None
    return (
        roadmap.with_items(items),
        head,
        tables,
        (bounds, digests, kinds),
        (base, ops),
        depth + 1,
    )


def _align(old: list[bytes], new: list[bytes]) -> list[tuple[bool, int, int, int, int]]:
    """Runs of blocks (the first, before any header, left out): (same, i1, i2, j1, j2), where
    old[i1:i2] equals new[j1:j2] when `same`, else was replaced by it.

    Linear: where the two differ, the side whose block comes again sooner in the other is
    the one that moves on. Any such alignment gives the same result; a good one only
    spares parsing blocks that are the same.
    """
    # Where each block stands (its last place, for a block that stands in several).
    where_old = dict(zip(old, range(len(old)), strict=True))
    where_new = dict(zip(new, range(len(new)), strict=True))

    def ahead(where: dict[bytes, int], digest: bytes, after: int) -> int:
        found = where.get(digest, -1)
        return found if found >= after else -1

    runs: list[tuple[bool, int, int, int, int]] = []
    i = j = i0 = j0 = 1
    size_old, size_new = len(old), len(new)
    while i < size_old or j < size_new:
        if i < size_old and j < size_new and old[i] == new[j]:
            i1, j1 = i, j
            while i < size_old and j < size_new and old[i] == new[j]:
                i, j = i + 1, j + 1
            if (i0, j0) != (i1, j1):
                runs.append((False, i0, i1, j0, j1))
            runs.append((True, i1, i, j1, j))
            i0, j0 = i, j
            continue
        a = ahead(where_old, new[j], i) if j < size_new else -1
        b = ahead(where_new, old[i], j) if i < size_old else -1
        if j < size_new and (a < 0 or (b >= 0 and b - j < a - i) or i >= size_old):
            j += 1  # new[j] is new here, or old[i] comes again sooner
        else:
            i += 1  # old[i] is gone here
    if (i0, j0) != (size_old, size_new):
        runs.append((False, i0, size_old, j0, size_new))
    return runs


def _item(block: str, name: str) -> Item:
    """The item of a block that parses, on its own, to one `[[items]]` table."""
    from ewg.model import Item
    from ewg.source import parse

    data = parse(block, name)
    found = data.get("items")
    if len(data) != 1 or type(found) is not list or len(found) != 1 or type(found[0]) is not dict:
        raise _Unfit
    return Item.from_table(found[0])
