"""What one change between two versions of the roadmap is, and the values it holds; pure.

`Change` is the unit of `ewg.diff` (items, tables, meetings) and of
`ewg.indicators_diff` (measurements); both build changes here, and neither
imports the other's work. `plain` makes a TOML value JSON-ready; `same` tells
equal values of the same TOML types apart from equal Python values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from ewg.records import in_language

# Kinds of change to an item (besides one kind per field name).
ADDED = "added"
REMOVED = "removed"
# The lookup tables, with the singular used in kinds: "area_added", "owner_changed", …
TABLES = (
    ("areas", "area"),
    ("owners", "owner"),
    ("milestones", "milestone"),
    ("indicators", "indicator"),
)
# Kinds of change that are about the file, not its content (history only).
FILE_DELETED = "file_deleted"
FILE_RESTORED = "file_restored"
# An item's id changed by the merge driver's renumbering (history only): `old` and `new` are the ids.
RENUMBERED = "renumbered"


class Change(NamedTuple):
    """One change between two versions of the roadmap (a tuple: cheap to make by thousands)."""

    kind: str  # "added", "removed", an item field ("status", "due", …), or "<table>_<what>"
    item: str | None = None  # the item's id; None for lookup tables, meetings and the file
    area: str | None = None  # the item's area (after; before, for a removal); an area's id
    key: str | None = None  # the id of an area, owner or milestone; a meeting's date
    field: str | None = None  # the field that changed, for "<table>_changed"
    old: Any = None  # JSON-ready value before (None: absent)
    new: Any = None  # JSON-ready value after (None: absent)
    days: int | None = None  # how far a due date moved: positive is later
    # The item's owners (after; before, for a removal); for "owner_renamed", the old and new id.
    owners: tuple[str, ...] = ()
    title: str = ""  # the item's title (after; before, for a removal)
    title_es: str = ""  # the item's Spanish title, if it has one (after; before, for a removal)

    def label(self, lang: str = "en") -> str:
        """The item's title in `lang`, falling back to English (as `Item.label`)."""
        return in_language(self.title, self.title_es, lang)

    def to_tuple(self) -> tuple[Any, ...]:
        """The change as a plain tuple (for caches)."""
        return tuple(self)

    @classmethod
    def from_tuple(cls, data: Any) -> Change:
        """A change from `to_tuple()` output; ValueError when `data` is not one."""
        if (
            type(data) is not tuple
            or len(data) != 11
            or type(data[0]) is not str
            or type(data[8]) is not tuple
            or type(data[9]) is not str
            or type(data[10]) is not str
        ):
            raise ValueError("not a change")
        return cls._make(data)


def plain(value: Any) -> Any:
    """A TOML value as JSON-ready data: dates as ISO strings, arrays as tuples."""
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list | tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types (so 1, 1.0 and true differ, as they do in TOML)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def tagged(value: Any) -> str:
    """A value as a string that keeps its TOML type apart (a date and the same text as a
    string differ): how a merge and a history name entities by their fields."""
    return value if isinstance(value, str) else f"{type(value).__name__}:{value}"


def item_identity(table: Mapping[str, Any]) -> tuple[str, str, str]:
    """What makes two items one item under two ids (a renumbering): title, area, creation
    date. The merge renumbers by it, and the history finds the renumberings by it."""
    return tagged(table.get("title")), tagged(table.get("area")), tagged(table.get("created"))
