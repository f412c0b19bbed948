"""The semantic difference of two versions of the roadmap, as data; pure.

`diff(old, new)` compares two parsed documents (what tomllib returns, or
`Document.data`) and returns `Change`s: items added or removed, and every field
of an item that changed (status, due date with the slip in days, owners, title,
milestone, progress, dependencies, tags, …); areas, owners and milestones
added, changed or removed; meetings recorded or removed. Values in a `Change`
are JSON-ready (dates as ISO strings, arrays as tuples), so changes can be
cached, compared and printed without knowing TOML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ewg import shape
from ewg.change import (
    ADDED,
    FILE_DELETED,
    FILE_RESTORED,
    REMOVED,
    RENUMBERED,
    TABLES,
    Change,
    plain,
    same,
)
from ewg.indicators_diff import diff_measurements
from ewg.model import ITEM_KEYS


def _table(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def index_items(items: Iterable[Any]) -> dict[str, Mapping[str, Any]]:
    """Items by id, in file order; the first of two items with one id wins."""
    out: dict[str, Mapping[str, Any]] = {}
    for table in items:
        if isinstance(table, dict):
            item_id = table.get("id")
            if isinstance(item_id, str) and item_id not in out:
                out[item_id] = table
    return out


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _field_order(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Known item keys in their usual order, then any other key in file order."""
    known = [k for k in ITEM_KEYS if k != "id" and (k in old or k in new)]
    others = [k for k in (*old, *new) if k not in ITEM_KEYS]
    return known + list(dict.fromkeys(others))


def _due_days(old: Any, new: Any) -> int | None:
    if isinstance(old, dt.date) and isinstance(new, dt.date):
        old_day = old.date() if isinstance(old, dt.datetime) else old
        new_day = new.date() if isinstance(new, dt.datetime) else new
        return (new_day - old_day).days
    return None


def diff_item(item_id: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The fields of one item that changed, one Change each."""
    if old is new:
        return []
    area = _str(new.get("area")) or _str(old.get("area"))
    owners = _strs(new.get("owners"))
    title = _str(new.get("title")) or ""
    title_es = _str(new.get("title_es")) or ""
    out = []
    for key in _field_order(old, new):
        before, after = old.get(key), new.get(key)
        if same(before, after):
            continue
        days = _due_days(before, after) if key == "due" else None
        out.append(
            Change(
                key,
                item_id,
                area,
                None,
                key,
                plain(before),
                plain(after),
                days,
                owners,
                title,
                title_es,
            )
        )
    return out


def _added(item_id: str, table: Mapping[str, Any]) -> Change:
    return Change(
        ADDED,
        item_id,
        _str(table.get("area")),
        new=plain(dict(table)),
        owners=_strs(table.get("owners")),
        title=_str(table.get("title")) or "",
        title_es=_str(table.get("title_es")) or "",
    )


def _removed(item_id: str, table: Mapping[str, Any]) -> Change:
    return Change(
        REMOVED,
        item_id,
        _str(table.get("area")),
        old=plain(dict(table)),
        owners=_strs(table.get("owners")),
        title=_str(table.get("title")) or "",
        title_es=_str(table.get("title_es")) or "",
    )


def diff_items(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> list[Change]:
    """Changes between two indexes of items (see `index_items`): new file order, then removals."""
    out: list[Change] = []
    # Tables parsed from the same text are often the very same object: skip those fast.
    for item_id in [k for k, table in new.items() if old.get(k) is not table]:
        table, before = new[item_id], old.get(item_id)
        if before is None:
            out.append(_added(item_id, table))
        else:
            out.extend(diff_item(item_id, before, table))
    gone = old.keys() - new.keys()
    if gone:
        out.extend(_removed(k, table) for k, table in old.items() if k in gone)
    return out


def _diff_table(name: str, singular: str, old: Any, new: Any) -> list[Change]:
    before, after = _table(old), _table(new)
    if before is after:
        return []
    out = []
    for key, value in after.items():
        area = key if singular == "area" else None
        if key not in before:
            out.append(Change(f"{singular}_added", area=area, key=key, new=plain(value)))
            continue
        was = before[key]
        if same(was, value):
            continue
        if not isinstance(was, dict) or not isinstance(value, dict):
            out.append(
                Change(f"{singular}_changed", area=area, key=key, old=plain(was), new=plain(value))
            )
            continue
        for field in dict.fromkeys([*was, *value]):
            if not same(was.get(field), value.get(field)):
                out.append(
                    Change(
                        f"{singular}_changed",
                        area=area,
                        key=key,
                        field=field,
                        old=plain(was.get(field)),
                        new=plain(value.get(field)),
                    )
                )
    for key, value in before.items():
        if key not in after:
            area = key if singular == "area" else None
            out.append(Change(f"{singular}_removed", area=area, key=key, old=plain(value)))
    return out


def _meeting_key(meeting: Any) -> str:
    if not isinstance(meeting, dict):
        return ""
    date = plain(meeting.get("date"))
    return date if isinstance(date, str) else ""


def diff_meetings(old: Any, new: Any) -> list[Change]:
    """Meetings recorded or removed (a changed meeting is one removed and one recorded)."""
    before, after = _list(old), _list(new)
    if before is after:
        return []
    was = [plain(m) for m in before]
    now = [plain(m) for m in after]
    out = []
    remaining = list(was)
    for meeting in now:
        for i, candidate in enumerate(remaining):
            if same(candidate, meeting):
                del remaining[i]
                break
        else:
            out.append(Change("meeting_added", key=_meeting_key(meeting), new=meeting))
    unmatched = list(now)
    for meeting in was:
        for i, candidate in enumerate(unmatched):
            if same(candidate, meeting):
                del unmatched[i]
                break
        else:
            out.append(Change("meeting_removed", key=_meeting_key(meeting), old=meeting))
    return out


def _diff_head(old: Any, new: Any) -> list[Change]:
    before, after = _table(old), _table(new)
    return [
        Change(
            "roadmap_changed",
            field=field,
            old=plain(before.get(field)),
            new=plain(after.get(field)),
        )
        for field in dict.fromkeys([*before, *after])
        if not same(before.get(field), after.get(field))
    ]


def diff_tables(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Changes to [roadmap] and to the lookup tables: areas, owners, milestones."""
    out = _diff_head(old.get("roadmap"), new.get("roadmap"))
    for name, singular in TABLES:
        out += _diff_table(name, singular, old.get(name), new.get(name))
    return out


# --- renames: an entry removed and one added with the same fields, every reference following

# Where each renamable table is referred to: (section, key) pairs; as ewg.merge.renames
# has them, and the indicators' owners.
# The tables whose renames the history tells as one event, and what refers to them.
RENAMED_REFERENCES = {table: shape.REFERENCES[table] for table in ("owners", "milestones")}
_SINGULAR = {"owners": "owner", "milestones": "milestone"}


def _refers(value: Any, key: str) -> bool:
    return value == key or (isinstance(value, list) and key in value)


def _referred(
    rest: Mapping[str, Any], items: Mapping[str, Mapping[str, Any]], table: str, key: str
) -> bool:
    """Whether anything in a version still names `key` of `table`."""
    for array, field in RENAMED_REFERENCES[table]:
        rows: Iterable[Any] = items.values()
        if array != "items":
            section = rest.get(array)
            rows = _table(section).values() if isinstance(section, dict) else _list(section)
        if any(isinstance(r, Mapping) and _refers(r.get(field), key) for r in rows):
            return True
    return False


def find_renames(
    old_rest: Mapping[str, Any],
    old_items: Mapping[str, Mapping[str, Any]],
    new_rest: Mapping[str, Any],
    new_items: Mapping[str, Mapping[str, Any]],
) -> dict[str, dict[str, str]]:
    """Per table, old key -> new key for each entry renamed between two versions.

    A rename is an entry removed and one added with the same fields, the old key
    named nowhere in the new version. When two added entries could be the one,
    neither is taken for a rename."""
    found: dict[str, dict[str, str]] = {}
    for table in RENAMED_REFERENCES:
        before, after = _table(old_rest.get(table)), _table(new_rest.get(table))
        if before is after:
            continue
        gone = [k for k in before if k not in after]
        born = [k for k in after if k not in before]
        for key in gone:
            if _referred(new_rest, new_items, table, key):
                continue
            twins = [k for k in born if same(before[key], after[k])]
            if len(twins) == 1 and sum(same(before[k], after[twins[0]]) for k in gone) == 1:
                found.setdefault(table, {})[key] = twins[0]
    return found


def _follow(value: Any, names: Mapping[str, str]) -> Any:
    """A JSON-ready value with every renamed key in it replaced by its new name."""
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, tuple):
        return tuple(names.get(v, v) if isinstance(v, str) else v for v in value)
    return value


def _followed_meeting(meeting: Any, names: Mapping[str, str]) -> Any:
    if not isinstance(meeting, dict) or "attendees" not in meeting:
        return meeting
    return {**meeting, "attendees": _follow(meeting["attendees"], names)}


def fold_renames(changes: list[Change], renames: Mapping[str, Mapping[str, str]]) -> list[Change]:
    """The changes with each rename as one `<table>_renamed` event (old and new: the keys)
    where its removal and addition were, and without what only followed it: an item's owners
    or milestone, a meeting's attendees. What else changed in those still shows, from the
    value the rename gave it."""
    if not renames:
        return changes
    by_kind = {
        f"{_SINGULAR[table]}_{what}": names
        if what == "removed"
        else {v: k for k, v in names.items()}
        for table, names in renames.items()
        for what in ("removed", "added")
    }
    owners = dict(renames.get("owners", {}))
    fields = {"owners": owners, "milestone": dict(renames.get("milestones", {}))}
    recorded = [c.new for c in changes if c.kind == "meeting_added"]
    out: list[Change] = []
    for change in changes:
        kind = change.kind
        names, key = by_kind.get(kind), change.key
        if names is not None and key is not None and key in names:
            if kind.endswith("_added"):
                was = names[key]
                both = (was, key) if kind == "owner_added" else ()
                out.append(Change(kind[:-6] + "_renamed", key=key, old=was, new=key, owners=both))
            continue
        follows = change.item is not None and kind == change.field and kind in fields
        if follows or (kind == "indicator_changed" and change.field == "owners" and owners):
            followed = _follow(change.old, fields[change.field or ""])
            if same(followed, change.new):
                continue
            change = change._replace(old=followed)
        elif kind in ("meeting_added", "meeting_removed") and owners:
            followed = _followed_meeting(change.old, owners)
            pair = [r for r in recorded if same(r, followed)] if kind == "meeting_removed" else []
            if pair:
                recorded.remove(pair[0])
                out = [c for c in out if not (c.kind == "meeting_added" and c.new is pair[0])]
                continue
        out.append(change)
    return out


def diff_versions(
    old_rest: Mapping[str, Any],
    old_items: Mapping[str, Mapping[str, Any]],
    new_rest: Mapping[str, Any],
    new_items: Mapping[str, Mapping[str, Any]],
) -> list[Change]:
    """Every change from one version to another, given as everything but the items and the
    items by id (`index_items`): tables, items, meetings, measurements; renames folded."""
    changes = diff_tables(old_rest, new_rest)
    changes += diff_items(old_items, new_items)
    changes += diff_meetings(old_rest.get("meetings"), new_rest.get("meetings"))
    changes += diff_measurements(old_rest, new_rest)
    return fold_renames(changes, find_renames(old_rest, old_items, new_rest, new_items))


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from one parsed roadmap to another: tables, then items, then meetings."""
    return diff_versions(
        old, index_items(_list(old.get("items"))), new, index_items(_list(new.get("items")))
    )


# The names of ewg.change, for the code that imports them from here.
__all__ = [
    "ADDED",
    "FILE_DELETED",
    "FILE_RESTORED",
    "REMOVED",
    "RENUMBERED",
    "TABLES",
    "Change",
    "diff",
    "diff_item",
    "diff_items",
    "diff_meetings",
    "diff_tables",
    "diff_versions",
    "find_renames",
    "fold_renames",
    "index_items",
    "plain",
    "same",
]
