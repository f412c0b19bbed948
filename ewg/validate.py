"""The roadmap's rules, in one place: parsed data in, Diagnostics out, then located on lines.

`check_data` holds every rule of the spec and is what writes use to refuse a
change; `locate` gives each finding the line and column of the key, value or
array element it is about; `check_file` / `check_bytes` / `check_text` do the
whole job for `ewg validate`: read, decode, parse, check, locate (and cache the
result by content, date and language).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ewg.errors import RoadmapFileError, did_you_mean
from ewg.i18n import _
from ewg.model import (
    AREA_KEYS,
    CLOSED_STATUSES,
    COUNTRIES,
    HELIX,
    ITEM_ID_RE,
    ITEM_KEYS,
    ITEM_REQUIRED,
    MEETING_KEYS,
    MILESTONE_KEYS,
    OPEN_STATUSES,
    OWNER_KEYS,
    ROADMAP_KEYS,
    TABLE_ID_RE,
    TOP_LEVEL_KEYS,
    Country,
    Sector,
    Status,
)

Path = tuple[str | int, ...]  # keys and array indexes from the document's root
FilePath = str | os.PathLike[str]  # a file

# Codes: E… fail validation, W… fail only under --strict. They never change meaning.
UNREADABLE = "E000"
SYNTAX = "E001"
NO_ROADMAP = "E002"
NO_AREAS = "E003"
UNKNOWN_KEY = "E004"
WRONG_TYPE = "E005"
MISSING_FIELD = "E006"
BAD_VALUE = "E007"
DUPLICATE_ID = "E008"
BAD_ID = "E009"
UNKNOWN_REF = "E010"
CYCLE = "E011"
DUE_BEFORE_START = "E012"
PROGRESS_RANGE = "E013"
DONE_WITHOUT_COMPLETED = "E014"
BAD_LINK = "E015"
ID_COLLISION = "E016"
NO_OWNER = "W101"
OVERDUE = "W102"
AFTER_MILESTONE = "W103"
DONE_BEFORE_DEPENDENCY = "W104"
SECTOR_GAP = "W105"
COUNTRY_GAP = "W106"

CODES = {
    UNREADABLE: "file missing, a folder, unreadable or too big",
    SYNTAX: "TOML syntax (or not UTF-8 text)",
    NO_ROADMAP: "missing [roadmap] table or its title",
    NO_AREAS: "no areas",
    UNKNOWN_KEY: "unknown table or key",
    WRONG_TYPE: "wrong type",
    MISSING_FIELD: "missing required field",
    BAD_VALUE: "invalid enum value",
    DUPLICATE_ID: "duplicate item id",
    BAD_ID: "id not of the right form, or prefix not its area's",
    UNKNOWN_REF: "reference to an unknown area, owner, milestone or item",
    CYCLE: "dependency cycle",
    DUE_BEFORE_START: "due before start",
    PROGRESS_RANGE: "progress outside 0–100",
    DONE_WITHOUT_COMPLETED: "done item without completed",
    BAD_LINK: "link that is not http/https",
    ID_COLLISION: "id held by a different item in another revision",
    NO_OWNER: "item without an owner",
    OVERDUE: "overdue item",
    AFTER_MILESTONE: "item due after its milestone",
    DONE_BEFORE_DEPENDENCY: "done item depends on an item not done",
    SECTOR_GAP: "area without an owner from one of the three sectors",
    COUNTRY_GAP: "area without an owner from one of the two countries",
}


@dataclass(slots=True, frozen=True)
class Diagnostic:
    """One finding: what is wrong, how bad, and where."""

    severity: str  # "error" | "warning"
    code: str
    message: str
    path: Path = ()
    hint: str | None = None
    at_value: bool = False  # point at the value rather than the key
    file: str = ""
    line: int = 0  # 0: no position (the file cannot be read)
    col: int = 0
    related: Path = ()  # another place the hint refers to ("the item that has this id")
    source: str = ""  # the text of the line, for showing it under the finding

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"


def _err(
    code: str, message: str, path: Path, hint: str | None = None, at_value: bool = False
) -> Diagnostic:
    return Diagnostic("error", code, message, path, hint, at_value)


def _warn(
    code: str, message: str, path: Path, hint: str | None = None, at_value: bool = False
) -> Diagnostic:
    return Diagnostic("warning", code, message, path, hint, at_value)


_STRING, _DATE, _INT, _STRINGS, _TABLE = "string", "date", "integer", "array of strings", "table"
_ITEM_TYPES = {
    "id": _STRING,
    "title": _STRING,
    "title_es": _STRING,
    "area": _STRING,
    "owners": _STRINGS,
    "status": _STRING,
    "milestone": _STRING,
    "start": _DATE,
    "due": _DATE,
    "progress": _INT,
    "depends_on": _STRINGS,
    "tags": _STRINGS,
    "notes": _STRING,
    "links": _STRINGS,
    "reason": _STRING,
    "created": _DATE,
    "completed": _DATE,
}
_MEETING_TYPES = {
    "date": _DATE,
    "title": _STRING,
    "title_es": _STRING,
    "attendees": _STRINGS,
    "decisions": _STRINGS,
    "items": _STRINGS,
}
_AREA_TYPES = dict.fromkeys(AREA_KEYS, _STRING)
_OWNER_TYPES = dict.fromkeys(OWNER_KEYS, _STRING)
_MILESTONE_TYPES = {"title": _STRING, "title_es": _STRING, "due": _DATE}
_ROADMAP_TYPES = dict.fromkeys(ROADMAP_KEYS, _STRING)
assert set(_ITEM_TYPES) == set(ITEM_KEYS) and set(_MEETING_TYPES) == set(MEETING_KEYS)
assert set(_MILESTONE_TYPES) == set(MILESTONE_KEYS)

_PREFIX = re.compile(r"[A-Z][A-Z0-9]*")
_LINK = re.compile(r"https?://[^\s/$.?#][^\s]*\Z", re.IGNORECASE)


def _type_ok(value: Any, kind: str) -> bool:
    if kind == _STRING:
        return isinstance(value, str)
    if kind == _DATE:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == _INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == _STRINGS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, dict)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dt.datetime):
        return "date-time"
    for kind, name in (
        (str, "string"),
        (int, "integer"),
        (float, "float"),
        (dt.date, "date"),
        (dt.time, "time"),
        (list, "array"),
        (dict, "table"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _check_table(
    table: Mapping[str, Any], types: Mapping[str, str], path: Path, what: str
) -> list[Diagnostic]:
    """Unknown keys and wrong types in one table."""
    found: list[Diagnostic] = []
    for key, value in table.items():
        kind = types.get(key)
        if kind is None:
            found.append(
                _err(
                    UNKNOWN_KEY,
                    _("unknown key {key} in {what}").format(key=f"'{key}'", what=what),
                    (*path, key),
                    did_you_mean(key, types),
                )
            )
        elif _type_ok(value, kind):
            continue
        elif kind == _STRINGS and isinstance(value, list):
            bad = next(i for i, v in enumerate(value) if not isinstance(v, str))
            found.append(
                _err(
                    WRONG_TYPE,
                    _("{key} must be an array of strings, but element {n} is a {actual}").format(
                        key=f"'{key}'", n=bad + 1, actual=_(_type_name(value[bad]))
                    ),
                    (*path, key, bad),
                    _("put each value in quotes") if _is_scalar(value[bad]) else None,
                    at_value=True,
                )
            )
        else:
            hint = None
            if kind == _DATE and isinstance(value, str):
                hint = _("write dates as 2024-05-31, without quotes")
            elif kind == _STRINGS and isinstance(value, str):
                hint = _("write a list: {key} = [{value}]").format(key=key, value=f'"{value}"')
            found.append(
                _err(
                    WRONG_TYPE,
                    _("{key} must be a {kind}, not a {actual}").format(
                        key=f"'{key}'", kind=_(kind), actual=_(_type_name(value))
                    ),
                    (*path, key),
                    hint,
                    at_value=True,
                )
            )
    return found


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, list | dict)


def _check_enum(value: Any, allowed: Iterable[str], path: Path, key: str) -> list[Diagnostic]:
    choices = [str(a) for a in allowed]
    if isinstance(value, str) and value not in choices:
        hint = did_you_mean(value, choices) or _("one of: {choices}").format(
            choices=", ".join(choices)
        )
        return [
            _err(
                BAD_VALUE,
                _("invalid {key} {value}").format(key=key, value=f"'{value}'"),
                path,
                hint,
                at_value=True,
            )
        ]
    return []


def _lookup_tables(data: Mapping[str, Any], out: list[Diagnostic]) -> dict[str, dict[str, Any]]:
    """Check [roadmap], [areas], [owners], [milestones]; return the id tables."""
    head = data.get("roadmap")
    if not isinstance(head, dict):
        out.append(
            _err(
                NO_ROADMAP,
                _("the file has no [roadmap] table"),
                (),
                _("add [roadmap] with a title"),
            )
        )
    else:
        out.extend(_check_table(head, _ROADMAP_TYPES, ("roadmap",), "[roadmap]"))
        if "title" not in head:
            out.append(_err(NO_ROADMAP, _("[roadmap] has no title"), ("roadmap",)))
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            out.append(
                _err(
                    UNKNOWN_KEY,
                    _("unknown table {key}").format(key=f"'{key}'"),
                    (key,),
                    did_you_mean(key, TOP_LEVEL_KEYS),
                )
            )
    tables: dict[str, dict[str, Any]] = {}
    specs = (
        ("areas", _AREA_TYPES, ("name", "prefix")),
        ("owners", _OWNER_TYPES, ("name", "sector", "country")),
        ("milestones", _MILESTONE_TYPES, ("title",)),
    )
    for section, types, required in specs:
        raw = data.get(section, {})
        if not isinstance(raw, dict):
            out.append(
                _err(
                    WRONG_TYPE, _("[{section}] must be a table").format(section=section), (section,)
                )
            )
            raw = {}
        good: dict[str, Any] = {}
        for key, table in raw.items():
            path: Path = (section, key)
            if not isinstance(table, dict):
                out.append(
                    _err(
                        WRONG_TYPE,
                        _("{section}.{key} must be a table").format(section=section, key=key),
                        path,
                        at_value=True,
                    )
                )
                continue
            if not TABLE_ID_RE.match(key):
                out.append(
                    _err(
                        BAD_ID,
                        _("id {key} must be lower case letters, digits, - and _").format(
                            key=f"'{key}'"
                        ),
                        path,
                    )
                )
            out.extend(_check_table(table, types, path, f"[{section}.{key}]"))
            for field in required:
                if field not in table:
                    out.append(
                        _err(
                            MISSING_FIELD,
                            _("[{section}.{key}] has no {field}").format(
                                section=section, key=key, field=field
                            ),
                            path,
                        )
                    )
            good[key] = table
        tables[section] = good
    if not tables["areas"]:
        out.append(
            _err(
                NO_AREAS,
                _("the roadmap has no areas"),
                ("areas",) if "areas" in data else (),
                _("add at least one [areas.ID] table with a name and a prefix"),
            )
        )
    for key, owner in tables["owners"].items():
        out.extend(_check_enum(owner.get("sector"), Sector, ("owners", key, "sector"), "sector"))
        out.extend(
            _check_enum(owner.get("country"), Country, ("owners", key, "country"), "country")
        )
    prefixes: dict[str, str] = {}
    for key, area in tables["areas"].items():
        prefix = area.get("prefix")
        if isinstance(prefix, str):
            if not _PREFIX.fullmatch(prefix):
                out.append(
                    _err(
                        BAD_ID,
                        _("prefix {prefix} must be upper case letters and digits").format(
                            prefix=f"'{prefix}'"
                        ),
                        ("areas", key, "prefix"),
                        at_value=True,
                    )
                )
            elif prefix in prefixes:
                out.append(
                    _err(
                        DUPLICATE_ID,
                        _("prefix {prefix} is also the prefix of area {other}").format(
                            prefix=f"'{prefix}'", other=prefixes[prefix]
                        ),
                        ("areas", key, "prefix"),
                        at_value=True,
                    )
                )
            else:
                prefixes[prefix] = key
    return tables


def check_data(
    data: Mapping[str, Any], today: dt.date | None = None, only: set[str] | None = None
) -> list[Diagnostic]:
    """Every rule of the spec on a parsed document; warnings that need a date use `today`.

    With `only`, just the findings a change to those item ids can cause: their own
    rules, their references, duplicates of their ids and cycles through them. Writes
    use this so that editing one item of 10,000 does not check the other 9,999.
    """
    out: list[Diagnostic] = []
    tables = _lookup_tables(data, out if only is None else [])
    areas, owners, milestones = tables["areas"], tables["owners"], tables["milestones"]
    raw_items = data.get("items", [])
    if not isinstance(raw_items, list):
        out.append(_err(WRONG_TYPE, _("items must be written as [[items]] tables"), ("items",)))
        raw_items = []
    items: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(raw_items):
        path: Path = ("items", index)
        if not isinstance(table, dict):
            out.append(_err(WRONG_TYPE, _("items must be written as [[items]] tables"), path))
            continue
        items.append((index, table))
        item_id = table.get("id")
        if only is not None and not (isinstance(item_id, str) and item_id in only):
            if isinstance(item_id, str):
                seen.setdefault(item_id, index)
            continue
        out.extend(_check_table(table, _ITEM_TYPES, path, "[[items]]"))
        label = _label(table, index)
        for field in ITEM_REQUIRED:
            if field not in table:
                out.append(
                    _err(
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
        out.extend(_check_item(table, path, label, areas, owners, milestones, today))
    # With duplicate ids, the first item holds the id (as for cycles and references).
    status_of = {item_id: raw_items[index].get("status") for item_id, index in seen.items()}
    for index, table in items:
        item_id = table.get("id")
        if only is not None and not (isinstance(item_id, str) and item_id in only):
            continue
        out.extend(_dependencies(table, ("items", index), _label(table, index), seen, status_of))
    out.extend(_cycles(items, seen, only))
    if only is None:
        out.extend(_coverage(items, areas, owners))
        out.extend(_meetings(data, owners, seen))
    return out


def _label(table: Mapping[str, Any], index: int) -> str:
    """How messages name an item: its id, else its place in the file."""
    item_id = table.get("id")
    return item_id if isinstance(item_id, str) else f"#{index + 1}"


def _closed(status: Any) -> bool:
    return isinstance(status, str) and status in CLOSED_STATUSES


def _dependencies(
    table: Mapping[str, Any],
    path: Path,
    label: str,
    known: Mapping[str, int],
    status_of: Mapping[str, Any],
) -> list[Diagnostic]:
    """Unknown dependencies, and done items that depend on unfinished ones."""
    deps = table.get("depends_on")
    if not isinstance(deps, list):
        return []
    out: list[Diagnostic] = []
    for pos, dep in enumerate(deps):
        if not isinstance(dep, str):
            continue
        where = (*path, "depends_on", pos)
        if dep not in known:
            out.append(
                _err(
                    UNKNOWN_REF,
                    _("item {id} depends on unknown item {dep}").format(id=label, dep=dep),
                    where,
                    did_you_mean(dep, known),
                    at_value=True,
                )
            )
        elif table.get("status") == Status.DONE and not _closed(status_of.get(dep)):
            out.append(
                _warn(
                    DONE_BEFORE_DEPENDENCY,
                    _("item {id} is done but depends on {dep}, which is not").format(
                        id=label, dep=dep
                    ),
                    where,
                    at_value=True,
                )
            )
    return out


def _check_item(
    table: Mapping[str, Any],
    path: Path,
    label: str,
    areas: Mapping[str, Any],
    owners: Mapping[str, Any],
    milestones: Mapping[str, Any],
    today: dt.date | None,
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    item_id, area = table.get("id"), table.get("area")
    if isinstance(item_id, str):
        match = ITEM_ID_RE.match(item_id)
        prefix = areas.get(area, {}).get("prefix") if isinstance(area, str) else None
        if not match:
            out.append(
                _err(
                    BAD_ID,
                    _("item id {id} is not an area prefix, a dash and a number").format(
                        id=f"'{item_id}'"
                    ),
                    (*path, "id"),
                    _("for example {example}").format(example=f"{prefix or 'INN'}-1"),
                    at_value=True,
                )
            )
        elif isinstance(prefix, str) and _PREFIX.fullmatch(prefix) and match.group(1) != prefix:
            # (an invalid prefix is reported once, on the area, not again on each item)
            out.append(
                _err(
                    BAD_ID,
                    _("item {id} is in area {area}, whose prefix is {prefix}").format(
                        id=item_id, area=area, prefix=prefix
                    ),
                    (*path, "id"),
                    at_value=True,
                )
            )
    if isinstance(area, str) and area not in areas:
        out.append(
            _err(
                UNKNOWN_REF,
                _("item {id} is in unknown area {area}").format(id=label, area=f"'{area}'"),
                (*path, "area"),
                did_you_mean(area, areas),
                at_value=True,
            )
        )
    out.extend(_check_enum(table.get("status"), Status, (*path, "status"), "status"))
    item_owners = table.get("owners")
    if isinstance(item_owners, list):
        for pos, owner in enumerate(item_owners):
            if isinstance(owner, str) and owner not in owners:
                out.append(
                    _err(
                        UNKNOWN_REF,
                        _("item {id} names unknown owner {owner}").format(
                            id=label, owner=f"'{owner}'"
                        ),
                        (*path, "owners", pos),
                        did_you_mean(owner, owners),
                        at_value=True,
                    )
                )
    if item_owners is None or item_owners == []:
        out.append(
            _warn(
                NO_OWNER,
                _("item {id} has no owner").format(id=label),
                path if item_owners is None else (*path, "owners"),
                _("`ewg set {id} --owner OWNER` gives it one").format(id=label),
                at_value=item_owners is not None,
            )
        )
    milestone = table.get("milestone")
    if isinstance(milestone, str) and milestone not in milestones:
        out.append(
            _err(
                UNKNOWN_REF,
                _("item {id} names unknown milestone {milestone}").format(
                    id=label, milestone=f"'{milestone}'"
                ),
                (*path, "milestone"),
                did_you_mean(milestone, milestones),
                at_value=True,
            )
        )
    start, due = _as_date(table.get("start")), _as_date(table.get("due"))
    if start is not None and due is not None and due < start:
        out.append(
            _err(
                DUE_BEFORE_START,
                _("item {id} is due ({due}) before it starts ({start})").format(
                    id=label, due=due, start=start
                ),
                (*path, "due"),
                at_value=True,
            )
        )
    progress = table.get("progress")
    if isinstance(progress, int) and not isinstance(progress, bool) and not 0 <= progress <= 100:
        out.append(
            _err(
                PROGRESS_RANGE,
                _("progress of {id} is {value}; it must be between 0 and 100").format(
                    id=label, value=progress
                ),
                (*path, "progress"),
                at_value=True,
            )
        )
    status = table.get("status")
    if status == Status.DONE and "completed" not in table:
        out.append(
            _err(
                DONE_WITHOUT_COMPLETED,
                _("item {id} is done but has no completed date").format(id=label),
                (*path, "status"),
                _("`ewg done {id}` records it; or add completed = YYYY-MM-DD").format(id=label),
                at_value=True,
            )
        )
    links = table.get("links")
    if isinstance(links, list):
        for pos, link in enumerate(links):
            if isinstance(link, str) and not _LINK.match(link):
                out.append(
                    _err(
                        BAD_LINK,
                        _("link {link} of {id} is not an http or https URL").format(
                            link=f"'{link}'", id=label
                        ),
                        (*path, "links", pos),
                        at_value=True,
                    )
                )
    if today is not None and due is not None and due < today and _open(status):
        out.append(
            _warn(
                OVERDUE,
                _("item {id} was due {due} and is still {status}").format(
                    id=label, due=due, status=_(str(status))
                ),
                (*path, "due"),
                _("`ewg done {id}` if it is finished, or set a new date with --due").format(
                    id=label
                ),
                at_value=True,
            )
        )
    if isinstance(milestone, str) and milestone in milestones and due is not None:
        m_due = _as_date(milestones[milestone].get("due"))
        if m_due is not None and due > m_due:
            out.append(
                _warn(
                    AFTER_MILESTONE,
                    _("item {id} is due {due}, after its milestone {milestone} ({m_due})").format(
                        id=label, due=due, milestone=milestone, m_due=m_due
                    ),
                    (*path, "due"),
                    at_value=True,
                )
            )
    return out


def _as_date(value: Any) -> dt.date | None:
    """A TOML local date, or None for anything else (date-times included)."""
    return value if _type_ok(value, _DATE) else None


def _open(status: Any) -> bool:
    return isinstance(status, str) and status in OPEN_STATUSES


def _cycles(
    items: list[tuple[int, dict[str, Any]]],
    index_of: Mapping[str, int],
    roots: set[str] | None = None,
) -> list[Diagnostic]:
    """One finding per dependency cycle (through one of `roots`, if given), naming it.

    The finding stands at the dependency that starts the cycle. With duplicate
    ids, the first item holds the id.
    """
    tables = dict(items)
    graph: dict[str, list[str]] = {}
    position: dict[tuple[str, str], int] = {}  # (item, dependency) -> place in depends_on

    def deps_of(node: str) -> list[str]:
        # Built on demand: a write checks only what its item can reach.
        if node not in graph:
            graph[node] = []
            deps = tables[index_of[node]].get("depends_on") if node in index_of else None
            for pos, dep in enumerate(deps if isinstance(deps, list) else []):
                if isinstance(dep, str) and dep in index_of and (node, dep) not in position:
                    graph[node].append(dep)
                    position[node, dep] = pos
        return graph[node]

    out: list[Diagnostic] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 finished
    reported: set[frozenset[str]] = set()
    for root in index_of if roots is None else [r for r in roots if r in index_of]:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        trail: list[str] = [root]
        state[root] = 1
        while stack:
            node, next_child = stack[-1]
            children = deps_of(node)
            if next_child < len(children):
                stack[-1] = (node, next_child + 1)
                child = children[next_child]
                if state.get(child) == 1:
                    cycle = trail[trail.index(child) :]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        named = " -> ".join([*cycle, child])
                        first, second = cycle[0], (cycle[1] if len(cycle) > 1 else child)
                        out.append(
                            _err(
                                CYCLE,
                                _("dependency cycle: {cycle}").format(cycle=named),
                                (
                                    "items",
                                    index_of[first],
                                    "depends_on",
                                    position[first, second],
                                ),
                                _("remove one of these dependencies"),
                                at_value=True,
                            )
                        )
                elif not state.get(child):
                    state[child] = 1
                    stack.append((child, 0))
                    trail.append(child)
            else:
                state[node] = 2
                stack.pop()
                trail.pop()
    return out


def _coverage(
    items: list[tuple[int, dict[str, Any]]], areas: Mapping[str, Any], owners: Mapping[str, Any]
) -> list[Diagnostic]:
    """Warn about areas missing a helix sector or a country among their items' owners."""
    sectors: dict[str, set[str]] = {a: set() for a in areas}
    countries: dict[str, set[str]] = {a: set() for a in areas}
    for _index, table in items:
        area, item_owners = table.get("area"), table.get("owners")
        if not isinstance(area, str) or area not in sectors or not isinstance(item_owners, list):
            continue
        for owner_id in item_owners:
            owner = owners.get(owner_id) if isinstance(owner_id, str) else None
            if owner:
                sectors[area].add(str(owner.get("sector")))
                country = str(owner.get("country"))
                countries[area].update(COUNTRIES if country == Country.BINATIONAL else (country,))
    out: list[Diagnostic] = []
    for area in areas:
        missing = [s.value for s in HELIX if s not in sectors[area]]
        if missing:
            out.append(
                _warn(
                    SECTOR_GAP,
                    _("area {area} has no owner from {sectors}").format(
                        area=area, sectors=", ".join(_(s) for s in missing)
                    ),
                    ("areas", area),
                )
            )
        gone = [c.value for c in COUNTRIES if c not in countries[area]]
        if gone:
            out.append(
                _warn(
                    COUNTRY_GAP,
                    _("area {area} has no owner from {countries}").format(
                        area=area, countries=", ".join(_(c) for c in gone)
                    ),
                    ("areas", area),
                )
            )
    return out


def _meetings(
    data: Mapping[str, Any], owners: Mapping[str, Any], known_items: Mapping[str, Any]
) -> list[Diagnostic]:
    raw = data.get("meetings", [])
    if not isinstance(raw, list):
        return [
            _err(WRONG_TYPE, _("meetings must be written as [[meetings]] tables"), ("meetings",))
        ]
    out: list[Diagnostic] = []
    for index, table in enumerate(raw):
        path: Path = ("meetings", index)
        if not isinstance(table, dict):
            out.append(_err(WRONG_TYPE, _("meetings must be written as [[meetings]] tables"), path))
            continue
        out.extend(_check_table(table, _MEETING_TYPES, path, "[[meetings]]"))
        for field in ("date", "title"):
            if field not in table:
                out.append(
                    _err(
                        MISSING_FIELD,
                        _("meeting #{n} has no {field}").format(n=index + 1, field=field),
                        path,
                    )
                )
        for key, known, what in (("attendees", owners, "owner"), ("items", known_items, "item")):
            values = table.get(key)
            if isinstance(values, list):
                for pos, value in enumerate(values):
                    if isinstance(value, str) and value not in known:
                        out.append(
                            _err(
                                UNKNOWN_REF,
                                _("meeting #{n} names unknown {what} {value}").format(
                                    n=index + 1, what=_(what), value=f"'{value}'"
                                ),
                                (*path, key, pos),
                                did_you_mean(value, known),
                                at_value=True,
                            )
                        )
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
            _err(
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


# --- where the findings are ---------------------------------------------------------------


def locate(diagnostics: list[Diagnostic], text: str, file: str) -> list[Diagnostic]:
    """Give each finding the line and column of the key, value or element it is about."""
    from ewg.positions import Positions

    where = Positions(text)
    located = []
    for diag in diagnostics:
        offset = where.find(diag.path, diag.at_value) if diag.path else None
        line, col = (1, 1) if offset is None else where.position(offset)
        hint = diag.hint
        if diag.related and hint:
            other = where.find(diag.related, at_value=True)
            if other is not None:
                hint = _("{hint}, at line {line}").format(hint=hint, line=where.position(other)[0])
        source = where.line_text(line)
        located.append(replace(diag, file=file, line=line, col=col, hint=hint, source=source))
    return located


def sort_key(diag: Diagnostic) -> tuple[int, int]:
    """Order of findings within a file: by line, then column."""
    return diag.line, diag.col


# --- whole files --------------------------------------------------------------------------

MAX_BYTES = 64 * 1024 * 1024  # a roadmap of 10,000 items takes 3 MB
_TOMLLIB_POSITION = re.compile(r" ?\((?:at line (\d+), column (\d+)|at end of document)\)")
_BOM = "\ufeff"
_TWICE = ("Cannot overwrite", "Cannot declare", "Cannot mutate", "Cannot redefine")


def check_file(path: FilePath, today: dt.date | None, name: str | None = None) -> list[Diagnostic]:
    """Every finding on the file at `path`, shown as `name`; never raises for a bad file."""
    name = str(path) if name is None else name
    try:
        content = read_file(path)
    except RoadmapFileError as exc:
        return [Diagnostic("error", UNREADABLE, exc.message, hint=exc.hint, file=name)]
    return check_bytes(content, name, today)


def read_file(path: FilePath) -> bytes:
    """The bytes of a file of at most MAX_BYTES; RoadmapFileError otherwise."""
    try:
        with open(path, "rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise RoadmapFileError(_("no such file"), _("check the path")) from None
    except IsADirectoryError:
        raise RoadmapFileError(_("this is a folder, not a file")) from None
    except OSError as exc:
        raise RoadmapFileError(
            _("cannot read the file: {reason}").format(reason=exc.strerror)
        ) from None
    if len(content) > MAX_BYTES:
        raise RoadmapFileError(
            _("the file is larger than {limit} MB; no roadmap is that big").format(
                limit=MAX_BYTES // (1024 * 1024)
            )
        )
    return content


def check_bytes(content: bytes, file: str, today: dt.date | None) -> list[Diagnostic]:
    """Every finding on some content, through a cache keyed by content, date and language."""
    import marshal

    from ewg import cache
    from ewg.i18n import language

    key = cache.key(content, f"findings-{_rules_stamp()}-{today or 'undated'}-{language()}")
    rows = cache.get(key, marshal)
    if isinstance(rows, list):
        try:
            # Rows, not pickled objects: a frozen dataclass unpickles five times slower.
            return [_from_row(row, file) for row in rows]
        except (TypeError, ValueError):
            pass  # an entry from another layout: check again
    text = _decode(content)
    found = [text] if isinstance(text, Diagnostic) else check_text(text, file, today)
    cache.put(key, [_row(d) for d in found], marshal)
    return [replace(d, file=file) for d in found] if isinstance(text, Diagnostic) else found


def _from_row(row: tuple[Any, ...], file: str) -> Diagnostic:
    severity, code, message, path, hint, at_value, line, col, related, source = row
    return Diagnostic(
        severity, code, message, path, hint, at_value, file, line, col, related, source
    )


def _row(d: Diagnostic) -> tuple[Any, ...]:
    """A finding without its file name, as the cache keeps it."""
    return (
        d.severity, d.code, d.message, d.path, d.hint, d.at_value,
        d.line, d.col, d.related, d.source,
    )  # fmt: skip


def _rules_stamp() -> str:
    """Changes when the code behind the findings does (so a developer never sees stale ones)."""
    folder = os.path.dirname(__file__)
    stamps = []
    for module in ("validate.py", "positions.py", "tomlscan.py", "model.py"):
        try:
            stamps.append(os.stat(os.path.join(folder, module)).st_mtime_ns)
        except OSError:
            stamps.append(0)
    return f"{hash(tuple(stamps)) & 0xFFFFFFFF:08x}"


def check_text(text: str, file: str, today: dt.date | None) -> list[Diagnostic]:
    """Every finding on a text: syntax, or every rule; located and in file order."""
    data = parse(text, file)
    if isinstance(data, Diagnostic):
        return [data]
    return sorted(locate(check_data(data, today), text, file), key=sort_key)


def check_against_text(
    text: str, other: str | None, base: str | None, file: str, rev: str
) -> list[Diagnostic]:
    """E016 findings of a text against its version at `rev` (and at the fork point, `base`)."""
    if other is None:
        return []
    mine, theirs = parse(text, file), parse(other, file)
    if isinstance(mine, Diagnostic) or isinstance(theirs, Diagnostic):
        return []
    before = parse(base, file) if base is not None else None
    found = check_against(mine, theirs, before if isinstance(before, dict) else None, rev)
    return sorted(locate(found, text, file), key=sort_key) if found else []


def _decode(content: bytes) -> str | Diagnostic:
    """The text of the content, or the finding that says why it is not text."""
    nul = content.find(b"\x00")
    bad = nul
    if nul < 0:
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.start
    before = content[:bad]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", "replace")) + 1
    source = content[line_start : content.find(b"\n", bad) if b"\n" in content[bad:] else None]
    if nul >= 0 and nul == bad:
        message, hint = _("binary file, not TOML text (NUL byte)"), None
    else:
        message = _("not UTF-8 text: byte {byte} cannot be read").format(
            byte=f"0x{content[bad]:02x}"
        )
        hint = _("save the file as UTF-8")
    return Diagnostic(
        "error",
        SYNTAX,
        message,
        hint=hint,
        line=line,
        col=col,
        source=source.decode("utf-8", "replace").rstrip("\r")[:1000],
    )


def parse(text: str, file: str = "") -> dict[str, Any] | Diagnostic:
    """The parsed document, or the located syntax finding that stops it."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOMLLIB_POSITION.search(message)
        reason = _TOMLLIB_POSITION.sub("", message).strip()
        line, col = _end_of(text)
        if match and match.group(1):
            line, col = int(match.group(1)), int(match.group(2))
    except RecursionError:
        reason, line, col = _("nested too deeply to read"), 1, 1
    from ewg.positions import Positions

    source = Positions(text).line_text(line)
    hint = None
    if text.startswith(_BOM) and line == 1 and col == 1:
        hint = _("the file starts with a byte order mark; save it as UTF-8 without one")
    elif reason == "Invalid value" and source[col - 1 : col].isalpha():
        hint = _('text values need quotes, e.g. status = "planned"')
    elif reason.startswith(_TWICE):
        # tomllib points after the second definition; the key or header starts the line.
        indent = len(source) - len(source.lstrip(" \t"))
        if indent < col - 1 and source.lstrip(" \t")[:1] not in ("", "#"):
            col = indent + 1
        hint = _("a key or table may be defined only once")
    elif reason in ("Illegal character '\\n'", "Unterminated string"):
        hint = _("a string is not closed: add the closing quote")
    return Diagnostic(
        "error",
        SYNTAX,
        _("invalid TOML: {reason}").format(reason=reason[:1].lower() + reason[1:]),
        hint=hint,
        file=file,
        line=line,
        col=col,
        source=source,
    )


def _end_of(text: str) -> tuple[int, int]:
    """Line and column just after the last thing written in a text."""
    end = len(text.rstrip())
    line = text.count("\n", 0, end) + 1
    return line, end - (text.rfind("\n", 0, end) + 1) + 1
