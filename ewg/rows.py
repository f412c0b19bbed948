"""The model as rows of plain values, the form the cache keeps it in, and its cache entries.

marshal writes these columns four times and reads them twice as fast as pickle
writes and reads the objects, which matters for 10,000 items. Dates travel as
ordinals. Only the store and its cache know this layout; the model does not.
"""

from __future__ import annotations

import datetime as dt
import marshal
from itertools import repeat

from ewg import cache
from ewg.indicators import INDICATOR_FIELDS, Indicator, Latest, Measurement, Point
from ewg.model import ITEM_FIELDS, Area, Item, Meeting, Milestone, Owner, Roadmap

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

ITEM_DATES = frozenset({"start", "due", "created", "completed"})
# One header as the cache keeps it: kind ("table" | "array"), dotted keys, offset.
TableRef = tuple[str, tuple[str, ...], int]
# How a version's cache entry can follow from another's: the item edit (kind, index,
# row in model columns) and the text edit (start, end, new length, headers inserted).
DeltaOp = tuple[str, int, "Any", int, int, int, "list[Any]"]
MAX_DELTAS = 8  # past this many deltas in a chain, a version is cached in full


def _ordinal(day: dt.date | None) -> int | None:
    return None if day is None else day.toordinal()


def _date_of(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)


def to_rows(roadmap: Roadmap) -> tuple[Any, ...]:
    """The model as columns of plain values (dates as ordinals), for `marshal`."""
    items = roadmap.items
    columns = []
    for name in ITEM_FIELDS:
        column = [getattr(i, name) for i in items]
        if name in ITEM_DATES:
            column = [None if d is None else d.toordinal() for d in column]
        columns.append(column)
    return (
        roadmap.title,
        roadmap.title_es,
        [(a.id, a.name, a.name_es, a.prefix) for a in roadmap.areas.values()],
        [(o.id, o.name, o.sector, o.country, o.name_es) for o in roadmap.owners.values()],
        [(m.id, m.title, m.title_es, _ordinal(m.due)) for m in roadmap.milestones.values()],
        columns,
        [
            (
                _ordinal(m.date),
                m.title,
                m.title_es,
                m.attendees,
                m.decisions,
                m.items,
                m.decisions_es,
            )
            for m in roadmap.meetings
        ],
        indicator_rows(roadmap),
        # Marshalled apart: the cache's read of the entry copies these bytes and no more,
        # and only a command that needs every measurement decodes them.
        marshal.dumps(measurement_rows(roadmap.measurements)),
        latest_rows(roadmap.latest),
    )


def item_row(item: Item) -> tuple[Any, ...]:
    """One item as a row of the columns of `to_rows()`."""
    return tuple(
        _ordinal(getattr(item, name)) if name in ITEM_DATES else getattr(item, name)
        for name in ITEM_FIELDS
    )


def patch_rows(rows: tuple[Any, ...], kind: str, index: int, row: tuple[Any, ...] | None) -> None:
    """Apply one item edit (set, insert, delete; "text" changes no item) to the columns of
    `to_rows()`, in place."""
    if kind == "text":
        return
    columns = rows[5]
    for position, column in enumerate(columns):
        if kind == "delete":
            del column[index]
        elif kind == "insert":
            assert row is not None
            column.insert(index, row[position])
        else:
            assert row is not None
            column[index] = row[position]


def from_rows(rows: tuple[Any, ...], fallback: Callable[[], list[Measurement]]) -> Roadmap:
    """The model from `to_rows()`; its measurements are read when first asked for, from
    `fallback` should the entry's not decode."""
    title, title_es, areas, owners, milestones, columns, meetings, indicators, measures, last = rows
    if type(measures) is not bytes:
        raise ValueError("not an entry of this layout")

    def load_measurements() -> list[Measurement]:
        try:
            return measurements_from_rows(marshal.loads(measures))
        except Exception:  # an entry of another layout: read them from the file
            return fallback()

    day = dt.date.fromordinal
    columns = [
        [None if n is None else day(n) for n in column] if name in ITEM_DATES else column
        for name, column in zip(ITEM_FIELDS, columns, strict=True)
    ]
    return Roadmap(
        title,
        title_es,
        {r[0]: Area(*r) for r in areas},
        {r[0]: Owner(*r) for r in owners},
        {r[0]: Milestone(r[0], r[1], r[2], _date_of(r[3])) for r in milestones},
        list(map(Item, *columns)),
        [Meeting(_date_of(m[0]), *m[1:]) for m in meetings],
        indicators_from_rows(indicators),
        load_measurements=load_measurements,
        latest=latest_from_rows(last),
    )


# --- the model's cache entries: in full, or as deltas from another version's -------------


def shift(
    tables: list[TableRef], start: int, end: int, length: int, inserted: list[TableRef]
) -> list[TableRef]:
    """Table offsets after text[start:end] became `length` characters holding `inserted`."""
    delta = length - (end - start)
    kept = [t for t in tables if t[2] < start or t[2] >= end]
    shifted = [(k, keys, o + delta if o >= end else o) for (k, keys, o) in kept]
    shifted += inserted
    shifted.sort(key=lambda t: t[2])
    return shifted


def _entry(key: str, limit: int) -> tuple[Any, Any, list[TableRef], int] | None:
    """A cached model (rows, encoded head, tables, depth), following deltas to a full entry."""
    entry = cache.get("model-" + key)
    if entry is None:
        return None
    if entry[0] != "delta":
        rows, head, tables = entry
        return rows, head, tables, 0
    _tag, base, ops, depth = entry
    found = _entry(base, limit - 1) if 0 < depth <= limit else None
    if found is None:
        return None
    rows, head, tables, _depth = found
    edits = []
    for kind, index, row, start, end, length, inserted in ops:
        patch_rows(rows, kind, index, row)
        if start != end or length or inserted:
            edits.append((start, end, length, [tuple(t) for t in inserted]))
    return rows, head, shift_all(tables, edits), depth


def shift_all(
    tables: list[TableRef], edits: list[tuple[int, int, int, list[TableRef]]]
) -> list[TableRef]:
    """`shift` for each text edit in turn: in one pass when each edit stands after the text
    the one before it wrote (as an incremental read's do), else edit by edit."""
    out: list[TableRef] = []
    delta = done = taken = 0
    for start, end, length, inserted in edits:
        first, last = start - delta, end - delta  # where the edit stands in the old text
        if first < done:
            break  # out of order: one at a time
        while taken < len(tables) and tables[taken][2] < first:
            kind, keys, at = tables[taken]
            out.append((kind, keys, at + delta))
            taken += 1
        while taken < len(tables) and tables[taken][2] < last:
            taken += 1
        out += inserted
        delta += length - (end - start)
        done = last
    else:
        out += [(kind, keys, at + delta) for kind, keys, at in tables[taken:]]
        return out
    for start, end, length, inserted in edits:
        tables = shift(tables, start, end, length, inserted)
    return tables


def cached_model(
    key: str, fallback: Callable[[], list[Measurement]]
) -> tuple[Roadmap, dict[str, Any], list[TableRef], int] | None:
    """The model, head, table offsets and delta depth of the content with cache key `key`;
    None on a miss (an entry of another layout is one too, never an error). `fallback`
    reads the measurements should the entry's not decode when they are first needed."""
    try:
        found = _entry(key, MAX_DELTAS)
        if found is None:
            return None
        rows, (tagged, plain), tables, depth = found
        head = cache.decode(plain) if tagged else plain
        if type(head) is not dict or type(tables) is not list or type(depth) is not int:
            return None
        return from_rows(rows, fallback), head, tables, depth
    except Exception:
        return None


def remember_model(
    key: str,
    delta: tuple[str, list[DeltaOp]] | None,
    depth: int,
    roadmap: Roadmap,
    head: dict[str, Any],
    tables: list[TableRef],
) -> None:
    """Cache a version's model: as the item edits since a cached version (`delta`, its
    key and ops) while the chain is short, else in full."""
    if delta is not None and depth < MAX_DELTAS:
        base, ops = delta
        cache.put("model-" + key, ("delta", base, ops, depth))
    else:
        # The head is small and holds dates: encoded apart, so that the rows, which
        # are most of the entry, are never walked.
        cache.put("model-" + key, (to_rows(roadmap), cache.encode(head), tables))


# --- indicators and measurements (see ewg.indicators) ---------------------------------


def _point_row(point: Point | None) -> tuple[int, Any] | None:
    return None if point is None else (point.date.toordinal(), point.value)


def _point_of(row: tuple[int, Any] | None) -> Point | None:
    return None if row is None else Point(dt.date.fromordinal(row[0]), row[1])


def indicator_rows(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    """The indicators as rows of INDICATOR_FIELDS (baseline and target as (ordinal, value))."""
    return [
        tuple(
            _point_row(getattr(i, name)) if name in ("baseline", "target") else getattr(i, name)
            for name in INDICATOR_FIELDS
        )
        for i in roadmap.indicators.values()
    ]


def indicators_from_rows(rows: list[tuple[Any, ...]]) -> dict[str, Indicator]:
    """The indicators from `indicator_rows()`."""
    return {
        r[0]: Indicator(r[0], r[1], r[2], r[3], r[4], _point_of(r[5]), _point_of(r[6]), *r[7:13])
        for r in rows
    }


def measurement_rows(measurements: list[Measurement]) -> tuple[list[Any], ...]:
    """Measurements as columns: indicator, date (ordinal), value, source, note."""
    return (
        [m.indicator for m in measurements],
        [_ordinal(m.date) for m in measurements],
        [m.value for m in measurements],
        [m.source for m in measurements],
        [m.note for m in measurements],
    )


def measurements_from_rows(columns: tuple[list[Any], ...]) -> list[Measurement]:
    """The measurements from `measurement_rows()`."""
    indicator, ordinals, values, sources, notes = columns
    day = dt.date.fromordinal
    if None in ordinals:
        dates = [None if n is None else day(n) for n in ordinals]
    else:
        dates = list(map(day, ordinals))
    rows = zip(indicator, dates, values, sources, notes, strict=True)
    return list(map(tuple.__new__, repeat(Measurement), rows))  # no Python code per row


def latest_rows(measured: Latest) -> list[tuple[Any, ...]]:
    """`Roadmap.latest` as rows: id, latest and previous measurement (as columns of one
    or two rows), count."""
    return [
        (key, measurement_rows([top] if second is None else [top, second]), count)
        for key, (top, second, count) in measured.items()
    ]


def latest_from_rows(rows: list[tuple[Any, ...]]) -> Latest:
    """`Roadmap.latest` from `latest_rows()`."""
    found: Latest = {}
    for key, columns, count in rows:
        pair = measurements_from_rows(columns)
        found[key] = (pair[0], pair[1] if len(pair) > 1 else None, count)
    return found
