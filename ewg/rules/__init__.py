"""The roadmap's rules: parsed data in, Diagnostics out; pure (no files, no git, no cache).

`check_data` holds every rule of the spec; `check_against` the one that needs
another revision (E016); `new_errors` is what a write or a merge may not add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from ewg.diagnostics import (
    DUPLICATE_ID,
    ID_COLLISION,
    MISSING_FIELD,
    WRONG_TYPE,
    Diagnostic,
    Path,
    error,
)
from ewg.i18n import _
from ewg.model import ITEM_REQUIRED
from ewg.rules.fields import ITEM_TYPES, check_table
from ewg.rules.graph import coverage, cycles
from ewg.rules.indicators import check_indicators
from ewg.rules.items import check_dependencies, check_item, item_label
from ewg.rules.tables import check_meetings, lookup_tables

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def check_data(
    data: Mapping[str, Any], today: dt.date | None = None, only: set[str] | None = None
) -> list[Diagnostic]:
    """Every rule of the spec on a parsed document; warnings that need a date use `today`.

    With `only`, just the findings a change to those item ids can cause: their own
    rules, their references, duplicates of their ids and cycles through them. Writes
    use this so that editing one item of 10,000 does not check the other 9,999.
    """
    out: list[Diagnostic] = []
    tables = lookup_tables(data, out if only is None else [])
    areas, owners, milestones = tables["areas"], tables["owners"], tables["milestones"]
    raw_items = data.get("items", [])
    if not isinstance(raw_items, list):
        out.append(error(WRONG_TYPE, _("items must be written as [[items]] tables"), ("items",)))
        raw_items = []
    items: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(raw_items):
        path: Path = ("items", index)
        if not isinstance(table, dict):
            out.append(error(WRONG_TYPE, _("items must be written as [[items]] tables"), path))
            continue
        items.append((index, table))
        item_id = table.get("id")
        if only is not None and not (isinstance(item_id, str) and item_id in only):
            if isinstance(item_id, str):
                seen.setdefault(item_id, index)
            continue
        out.extend(check_table(table, ITEM_TYPES, path, "[[items]]"))
        label = item_label(table, index)
        for field in ITEM_REQUIRED:
            if field not in table:
                out.append(
                    error(
                        MISSING_FIELD,
                        _("item {id} has no {field}").format(id=label, field=field),
                        path,
                    )
                )
        if isinstance(item_id, str):
            if item_id in seen:
                title = raw_items[seen[item_id]].get("title")
                holder = _("item #{n}").format(n=seen[item_id] + 1)
                if isinstance(title, str):
                    holder += f" ({title!r})"
                out.append(
                    Diagnostic(
                        "error",
                        DUPLICATE_ID,
                        _("duplicate item id {id}").format(id=item_id),
                        (*path, "id"),
                        _("{item} already has this id").format(item=holder),
                        at_value=True,
                        related=("items", seen[item_id], "id"),
                    )
                )
            else:
                seen[item_id] = index
        out.extend(check_item(table, path, label, areas, owners, milestones, today))
    # With duplicate ids, the first item holds the id (as for cycles and references).
    status_of = {item_id: raw_items[index].get("status") for item_id, index in seen.items()}
    for index, table in items:
        item_id = table.get("id")
        if only is not None and not (isinstance(item_id, str) and item_id in only):
            continue
        out.extend(
            check_dependencies(table, ("items", index), item_label(table, index), seen, status_of)
        )
    out.extend(cycles(items, seen, only))
    if only is None:
        out.extend(coverage(items, areas, owners))
        out.extend(check_meetings(data, owners, seen))
        out.extend(check_indicators(data, areas, owners))
    return out


def check_against(
    data: Mapping[str, Any], other: Mapping[str, Any], base: Mapping[str, Any] | None, rev: str
) -> list[Diagnostic]:
    """Ids that `other` (the file at `rev`) holds as a different item.

    `base` is the file where the two histories forked (None if unknown). An id
    is the same item on both sides when `base` already had it (it was edited
    since), or when both sides give it the same title and area (one change
    reached both). Otherwise both sides added the id on their own: after a
    merge two items would share it.
    """
    theirs = _items_by_id(other)
    before = _items_by_id(base) if base is not None else {}
    raw = data.get("items")
    out: list[Diagnostic] = []
    reported: set[str] = set()
    for index, table in enumerate(raw if isinstance(raw, list) else []):
        item_id = table.get("id") if isinstance(table, dict) else None
        if not isinstance(item_id, str) or item_id not in theirs or item_id in before:
            continue
        other_item = theirs[item_id]
        if (table.get("title"), table.get("area")) == (
            other_item.get("title"),
            other_item.get("area"),
        ):
            continue
        if item_id in reported:
            continue
        reported.add(item_id)
        out.append(
            error(
                ID_COLLISION,
                _("{rev} holds {id} as a different item: {title} (area {area})").format(
                    rev=rev,
                    id=item_id,
                    title=repr(other_item.get("title", "")),
                    area=other_item.get("area", "?"),
                ),
                ("items", index, "id"),
                _(
                    "both sides added {id}; give this item a number no branch uses before merging"
                ).format(id=item_id),
                at_value=True,
            )
        )
    return out


def _items_by_id(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    raw = data.get("items")
    found: dict[str, Mapping[str, Any]] = {}
    for table in raw if isinstance(raw, list) else []:
        if isinstance(table, dict) and isinstance(table.get("id"), str):
            found.setdefault(table["id"], table)
    return found


Data = Mapping[str, "Any"]


def new_errors(
    before: Data | Iterable[Data] | Callable[[], Data | Iterable[Data]],
    after: Data,
    only: set[str] | None = None,
) -> list[Diagnostic]:
    """Errors of `after` that `before` did not have (compared by code and message).

    `before` is the version a write started from, or the versions a merge
    joined (an error any of them had is not new); or a function giving either,
    called only when `after` has errors, which is seldom. With `only`, both are
    checked for a change to those item ids alone (see `check_data`).
    """
    found = [d for d in check_data(after, only=only) if d.is_error]
    if not found:
        return []
    earlier = before() if callable(before) else before
    versions = [earlier] if isinstance(earlier, Mapping) else list(earlier)
    old = {
        (d.code, d.message) for data in versions for d in check_data(data, only=only) if d.is_error
    }
    return [d for d in found if (d.code, d.message) not in old]


__all__ = ["check_against", "check_data", "new_errors"]
