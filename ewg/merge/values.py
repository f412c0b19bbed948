"""The merge's values: its results, comparing values and lists, the file as entities."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ewg import shape
from ewg.change import tagged as plain  # a field as it names an entity (type kept)
from ewg.diagnostics import Diagnostic
from ewg.errors import EwgError
from ewg.i18n import _

OURS, THEIRS = "ours", "theirs"
LOOKUPS = tuple(s.name for s in shape.SECTIONS if s.form == "lookup")
SECTIONS = tuple(s.name for s in shape.SECTIONS)
ORDER = {s.name: s.key_names for s in shape.SECTIONS}  # the order of a section's keys
# The field that names an entry: a rename keeps it (see `renamed_entries`).
NAME_KEY = {"areas": "name", "owners": "name", "milestones": "title", "indicators": "name"}
SINGULAR = {
    "areas": "area",
    "owners": "owner",
    "milestones": "milestone",
    "indicators": "indicator",
}
MISSING = object()

Key = tuple[str, ...]
Entities = dict[Key, dict[str, Any]]


class MergeError(EwgError):
    """The versions cannot be merged item by item (not TOML, a shape ewg does not edit)."""


@dataclass(slots=True, frozen=True)
class Renumbering:
    """A new item that took a fresh id because the other side uses its id for another item."""

    old: str
    new: str
    side: str = "theirs"  # whose item: theirs, unless theirs' item is on the main line already


@dataclass(slots=True, frozen=True)
class Conflict:
    """An entity changed two ways; the markers around it start at `line`."""

    what: str
    reason: str
    line: int = 0


@dataclass(slots=True)
class MergeResult:
    """The merged text and what the merge has to tell."""

    text: str
    conflicts: list[Conflict] = field(default_factory=list)
    renumbered: list[Renumbering] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """No conflict and no new validation error: git may record the result."""
        return not self.conflicts and not self.errors


# --- comparing values -----------------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equal values of the same TOML types (`1`, `1.0` and `true` differ; key order does not)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def merge_lists(base: Any, ours: Any, theirs: Any) -> list[str] | None:
    """Both sides' additions and removals to a list of strings, in our order; None if unclear.

    Unclear: a value that is not a list of strings, a repeated element, or theirs
    reordering elements (we could not keep that and ours' changes too).
    """
    lists = [[] if v is MISSING else v for v in (base, ours, theirs)]
    if not all(_is_strings(v) and len(set(v)) == len(v) for v in lists):
        return None
    b, o, t = lists
    in_b, in_t = set(b), set(t)
    if [x for x in t if x in in_b] != [x for x in b if x in in_t]:
        return None
    removed = in_b - in_t
    kept = [x for x in o if x not in removed]
    return kept + [x for x in t if x not in in_b and x not in kept]


# --- the file as entities ---------------------------------------------------------------------


def well_formed(section: str, value: Any) -> bool:
    """Whether the merge can handle this section entity by entity."""
    if section == "roadmap":
        return isinstance(value, dict)
    if section in LOOKUPS:
        return isinstance(value, dict) and all(isinstance(t, dict) for t in value.values())
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        return False
    if section == "items":
        ids = [t.get("id") for t in value]
        return all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids)
    return True


def entities(data: Mapping[str, Any], sections: Iterable[str] = SECTIONS) -> Entities:
    """The entities of the given sections, keyed by section and id, in file order."""
    out: Entities = {}
    for section in sections:
        value = data.get(section)
        if value is None:
            continue
        if section == "roadmap":
            out[("roadmap",)] = value
        elif section in LOOKUPS:
            for key, table in value.items():
                out[(section, key)] = table
        elif section == "items":
            for table in value:
                out[("items", table["id"])] = table
        else:
            seen: Counter[tuple[str, str]] = Counter()
            for table in value:
                name = _array_name(section, table)
                out[(section, *name, str(seen[name]))] = table
                seen[name] += 1
    return out


# The fields that name an entry of an array of tables, with the n-th of that name.
ARRAY_NAMES = {"meetings": ("date", "title"), "measurements": ("indicator", "date")}


def _array_name(section: str, table: Mapping[str, Any]) -> tuple[str, str]:
    """What names an entry of `meetings` or `measurements` in a merge: a meeting by its
    date and title, a measurement by its indicator and date."""
    first, second = ARRAY_NAMES[section]
    return plain(table.get(first)), plain(table.get(second))


def _shown(part: str) -> str:
    """A part of a key as a person reads it: a date without the type `plain` gave it."""
    return part.removeprefix("date:")


def entity_label(key: Key) -> str:
    section = key[0]
    if section == "roadmap":
        return "[roadmap]"
    if section == "items":
        return _("item {id}").format(id=key[1])
    if section == "meetings":
        return _("meeting {date} {title}").format(date=_shown(key[1]), title=repr(key[2]))
    if section == "measurements":
        return _("measurement of {indicator} on {date}").format(
            indicator=key[1], date=_shown(key[2])
        )
    return f"{_(SINGULAR[section])} {key[1]}"


def merge_fields(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Theirs' field changes to apply to ours (None removes), and the fields changed both ways."""
    changes: dict[str, Any] = {}
    clashes: dict[str, Any] = {}
    for name in dict.fromkeys([*theirs, *base]):
        b, o, t = (d.get(name, MISSING) for d in (base, ours, theirs))
        if same(t, b) or same(t, o):
            continue
        value = None if t is MISSING else t
        if same(o, b):
            changes[name] = value
            continue
        merged = merge_lists(b, o, t)
        if merged is None:
            clashes[name] = value
        elif not same(merged, o):
            changes[name] = merged
    return changes, clashes
