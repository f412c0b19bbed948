"""Ids in a merge: which items to renumber so one id names one item; renames of ids."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ewg import store
from ewg.change import item_identity
from ewg.errors import RoadmapFileError
from ewg.i18n import _
from ewg.merge.values import NAME_KEY, OURS, THEIRS, Renumbering, same
from ewg.model import (
    ITEM_ID_RE,
    MEETING_KEYS,
)
from ewg.store import Document
from ewg.tomlwrite import format_value

# --- ids -----------------------------------------------------------------------------------------

T = TypeVar("T")


def _moved(base: Mapping[str, Any], side: Mapping[str, Any]) -> dict[str, str]:
    """Base items that `side` holds under a new id (an earlier merge renumbered them).

    Such an item's old id now names another item on `side`, and exactly one item
    that `side` added has its title, area and creation date.
    """
    moved: dict[str, str] = {}
    for old, table in base.items():
        now = side.get(old)
        if now is None or item_identity(now) == item_identity(table):
            continue
        found = [
            y for y, t in side.items() if y not in base and item_identity(t) == item_identity(table)
        ]
        if len(found) == 1:
            moved[old] = found[0]
    targets = Counter(moved.values())
    return {old: new for old, new in moved.items() if targets[new] == 1}


def once(value: T | Callable[[], T]) -> Callable[[], T]:
    """A function giving `value`, calling it first (once) if it is one."""
    found: list[T] = []

    def get() -> T:
        if not found:
            found.append(value() if callable(value) else value)
        return found[0]

    return get


def _highest(ids: Iterable[str], into: dict[str, int]) -> None:
    for item_id in ids:
        match = ITEM_ID_RE.match(item_id)
        if match:
            number = int(match.group(2))
            into[match.group(1)] = max(into.get(match.group(1), 0), number)


def _moved_note(theirs: str, ours: str) -> str:
    return _(
        "{theirs} (theirs) is {ours} here: the same item, renumbered by an earlier merge"
    ).format(theirs=theirs, ours=ours)


@dataclass(slots=True)
class IdPlan:
    base: dict[str, str] = field(default_factory=dict)  # base id -> id in ours
    theirs: dict[str, str] = field(default_factory=dict)  # theirs id -> id in the result
    ours: dict[str, str] = field(default_factory=dict)  # ours id -> id in the result
    renumbered: list[Renumbering] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_ids(
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    reserved: Callable[[], Mapping[str, int]] = dict,
    main_lines: Callable[[], Sequence[Mapping[str, Any]]] = tuple,
) -> IdPlan:
    """Which ids of theirs, ours and base to rewrite so that one id names one item.

    A new item of theirs whose id ours uses for another item takes a fresh number,
    except when theirs' item is on the main line already and ours' is not: then
    ours' item is renumbered, since an id never changes once merged (that is
    `git merge main` on a feature branch, or `git pull`). `main_lines` gives the
    items (by id) of the remote's default branch, then of the local one;
    `reserved` the highest numbers on other branches. Both are asked for only
    when two ids collide, since they cost git calls.
    """
    plan = IdPlan()
    ours_moved, theirs_moved = _moved(base, ours), _moved(base, theirs)
    plan.base = dict(ours_moved)
    for old, new in theirs_moved.items():
        plan.theirs[new] = ours_moved.get(old, old)
        plan.notes.append(_moved_note(new, plan.theirs[new]))
    for old, new in ours_moved.items():
        if old not in theirs_moved:
            plan.theirs[old] = new
            if old in theirs and not same(theirs[old], base[old]):
                plan.notes.append(_moved_note(old, new))
    high: dict[str, int] = {}

    def fresh(item_id: str) -> str | None:
        match = ITEM_ID_RE.match(item_id)
        if not match:
            return None
        if not high:
            high.update(reserved())
            for ids in (base, ours, theirs):
                _highest(ids, high)
        prefix = match.group(1)
        high[prefix] = high.get(prefix, 0) + 1
        return f"{prefix}-{high[prefix]}"

    def keep_theirs(item_id: str, mine: Mapping[str, Any], their: Mapping[str, Any]) -> bool:
        """Whether the first main line that holds one of the two items holds theirs."""
        for line in main_lines():
            known = line.get(item_id)
            if not isinstance(known, dict):
                continue
            if item_identity(known) == item_identity(their) and item_identity(
                known
            ) != item_identity(mine):
                return True
            if item_identity(known) == item_identity(mine):
                return False
        return False

    taken = set(ours) | set(base) | set(plan.theirs.values())
    new_items = [z for z in theirs if (z not in base or z in theirs_moved) and z not in plan.theirs]
    for z in new_items:
        mine = ours.get(z)
        if mine is not None and z not in base and item_identity(mine) == item_identity(theirs[z]):
            continue  # both sides added the same item
        if z not in taken:
            taken.add(z)
            continue
        twins = [
            y
            for y, t in ours.items()
            if y not in base
            and y not in plan.theirs.values()
            and item_identity(t) == item_identity(theirs[z])
        ]
        fresh_id = None if len(twins) == 1 else fresh(z)
        if len(twins) == 1:
            plan.theirs[z] = twins[0]
            plan.notes.append(
                _("{theirs} (theirs) is {ours} here: the same item, added on both sides").format(
                    theirs=z, ours=twins[0]
                )
            )
        elif fresh_id is None:
            pass  # not a numbered id: the clash shows as a conflict
        elif mine is not None and z not in base and keep_theirs(z, mine, theirs[z]):
            plan.ours[z] = fresh_id
            plan.renumbered.append(Renumbering(z, fresh_id, OURS))
            taken.add(fresh_id)
        else:
            plan.theirs[z] = fresh_id
            plan.renumbered.append(Renumbering(z, fresh_id, THEIRS))
        taken.add(plan.theirs.get(z, z))
    return plan


def renamed_refs(values: Any, mapping: Mapping[str, str]) -> Any:
    if not isinstance(values, list) or not any(isinstance(v, str) and v in mapping for v in values):
        return None
    return [mapping.get(v, v) if isinstance(v, str) else v for v in values]


def rename_data(data: Mapping[str, Any], mapping: Mapping[str, str]) -> dict[str, Any]:
    """A copy of parsed data with item ids renamed, and every reference to them."""
    out = dict(data)
    if not mapping:
        return out
    items = data.get("items")
    if isinstance(items, list):
        renamed = []
        for table in items:
            if isinstance(table, dict):
                table = dict(table)
                if isinstance(table.get("id"), str) and table["id"] in mapping:
                    table["id"] = mapping[table["id"]]
                deps = renamed_refs(table.get("depends_on"), mapping)
                if deps is not None:
                    table["depends_on"] = deps
            renamed.append(table)
        out["items"] = renamed
    meetings = data.get("meetings")
    if isinstance(meetings, list):
        out["meetings"] = [
            {**m, "items": renamed_refs(m.get("items"), mapping)}
            if isinstance(m, dict) and renamed_refs(m.get("items"), mapping) is not None
            else m
            for m in meetings
        ]
    return out


def _set_id(doc: Document, old: str, new: str) -> Document:
    """Change one item's id in place, keeping the parsed items (no new parse of the file)."""
    index = doc.item_index(old)
    if index < 0:
        raise RoadmapFileError(_("no item {id}").format(id=old))
    start, _end, following = doc.item_block(index)
    entry = next(
        (e for e in store.scan(doc.text, start, following).entries if e.keys == ("id",)), None
    )
    if entry is None:
        raise RoadmapFileError(_("no item {id}").format(id=old))
    table = {**doc.raw_item(index), "id": new}
    return doc.replace(entry.value_start, entry.value_end, format_value(new), ("set", index, table))


def rename_document(doc: Document, mapping: Mapping[str, str]) -> Document:
    """The same rename as `rename_data`, done with line edits on the text."""
    if not mapping:
        return doc
    temporary = {old: f"~ewg-{n}" for n, old in enumerate(mapping)}
    for old, temp in temporary.items():
        doc = _set_id(doc, old, temp)
    for old, temp in temporary.items():
        doc = _set_id(doc, temp, mapping[old])
    for table in list(doc.data.get("items") or []):
        deps = renamed_refs(table.get("depends_on"), mapping)
        if deps is not None:
            doc = store.set_item_fields(doc, table["id"], {"depends_on": deps})
    for index, meeting in enumerate(list(doc.data.get("meetings") or [])):
        items = renamed_refs(meeting.get("items"), mapping)
        if items is not None:
            doc = store.set_table_fields(doc, ("meetings",), {"items": items}, index, MEETING_KEYS)
    return doc


# --- lookup renames --------------------------------------------------------------------------


def renamed_entries(
    section: str, base: Mapping[str, Any], side: Mapping[str, Any]
) -> dict[str, str]:
    """Entries of a lookup table that `side` renamed: old id gone, one new id with its name."""
    label = NAME_KEY[section]
    found: dict[str, str] = {}
    for old, table in base.items():
        if old in side or not isinstance(table.get(label), str):
            continue
        new = [k for k, t in side.items() if k not in base and same(t.get(label), table[label])]
        if len(new) == 1:
            found[old] = new[0]
    targets = Counter(found.values())
    return {old: new for old, new in found.items() if targets[new] == 1}
