"""The model as rows of plain values, the form the cache keeps it in.

marshal writes these columns four times and reads them twice as fast as pickle
writes and reads the objects, which matters for 10,000 items. Dates travel as
ordinals. Only the store and its cache know this layout; the model does not.
"""

from __future__ import annotations

import datetime as dt

from ewg.model import ITEM_FIELDS, Area, Item, Meeting, Milestone, Owner, Roadmap

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ITEM_DATES = frozenset({"start", "due", "created", "completed"})


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
            (_ordinal(m.date), m.title, m.title_es, m.attendees, m.decisions, m.items)
            for m in roadmap.meetings
        ],
    )


def item_row(item: Item) -> tuple[Any, ...]:
    """One item as a row of the columns of `to_rows()`."""
    return tuple(
        _ordinal(getattr(item, name)) if name in ITEM_DATES else getattr(item, name)
        for name in ITEM_FIELDS
    )


def patch_rows(rows: tuple[Any, ...], kind: str, index: int, row: tuple[Any, ...] | None) -> None:
    """Apply one item edit (set, insert, delete) to the columns of `to_rows()`, in place."""
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


def from_rows(rows: tuple[Any, ...]) -> Roadmap:
    """The model from `to_rows()`."""
    title, title_es, areas, owners, milestones, columns, meetings = rows
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
    )
