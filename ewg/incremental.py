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

import hashlib
import os
from itertools import pairwise

from ewg import cache
from ewg.rows import DeltaOp, TableRef, cached_model, item_row
from ewg.tomlfast import HEADER_LINE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
    return [0, *(m.start() for m in HEADER_LINE.finditer(text)), len(text)]


def _digests(text: str, bounds: list[int]) -> list[bytes]:
    blake = hashlib.blake2b
    return [blake(text[a:b].encode("utf-8"), digest_size=16).digest() for a, b in pairwise(bounds)]


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
    return "recent-" + hashlib.blake2b(where, digest_size=20).hexdigest()


def _recent(path: str | os.PathLike[str]) -> list[str]:
    found = cache.get(_recent_name(path))
    if type(found) is not list:
        return []
    return [key for key in found if type(key) is str]


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


def follow(text: str, path: str | os.PathLike[str], name: str) -> Followed | None:
    """The model of `text` from the latest version of the file at `path` that ewg read and
    the blocks that changed since: the roadmap, head, headers, blocks, the delta from that
    version and its depth. None when it cannot be had that way (then parse in full)."""
    for base in _recent(path):
        blocks = cache.get("blocks-" + base)
        model = cached_model(base) if blocks is not None else None
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
    from difflib import SequenceMatcher

    old_bounds, old_digests, old_kinds = blocks
    roadmap, head, old_tables, depth = model
    old_items = roadmap.items
    if len(old_tables) + 1 != len(old_digests) or max(old_kinds) + 1 != len(old_items):
        return None
    bounds = _bounds(text)
    digests = _digests(text, bounds)
    if digests[0] != old_digests[0] or not old_items:
        return None
    known = dict(zip(old_digests[1:], range(1, len(old_digests))))  # noqa: B905
    items: list[Item] = []
    kinds = [-1]
    tables: list[TableRef] = []
    heads: list[bytes] = []
    ops: list[DeltaOp] = []

    def place(j: int, i: int | None) -> None:
        """Block j of the new text is block i of the old one, or a new item (i None)."""
        at = text.index("[", bounds[j])
        if i is None:
            items.append(_item(text[bounds[j] : bounds[j + 1]], name))
            kinds.append(len(items) - 1)
            tables.append(("array", ("items",), at))
            return
        kind, keys, _at = old_tables[i - 1]
        tables.append((kind, keys, at))
        if old_kinds[i] < 0:
            heads.append(digests[j])
            kinds.append(-1)
        else:
            items.append(old_items[old_kinds[i]])
            kinds.append(len(items) - 1)

    matcher = SequenceMatcher(None, old_digests[1:], digests[1:], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        i1, i2, j1, j2 = i1 + 1, i2 + 1, j1 + 1, j2 + 1
        first = len(items)
        for j in range(j1, j2):
            place(j, i1 + j - j1 if tag == "equal" else known.get(digests[j]))
        if tag == "equal":
            continue
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
    old_heads = [d for d, k in zip(old_digests[1:], old_kinds[1:]) if k < 0]  # noqa: B905
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


def _item(block: str, name: str) -> Item:
    """The item of a block that parses, on its own, to one `[[items]]` table."""
    from ewg.model import Item
    from ewg.source import parse

    data = parse(block, name)
    found = data.get("items")
    if len(data) != 1 or type(found) is not list or len(found) != 1 or type(found[0]) is not dict:
        raise _Unfit
    return Item.from_table(found[0])
