"""The roadmap's rules: parsed data in, Diagnostics out; locating them on lines is separate."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeGuard

from ewg.errors import did_you_mean
from ewg.i18n import _
from ewg.model import (
    AREA_KEYS,
    COUNTRIES,
    HELIX,
    ITEM_ID_RE,
    ITEM_KEYS,
    ITEM_REQUIRED,
    MEETING_KEYS,
    MILESTONE_KEYS,
    OWNER_KEYS,
    ROADMAP_KEYS,
    TABLE_ID_RE,
    TOP_LEVEL_KEYS,
    Country,
    Sector,
    Status,
)

Path = tuple[str | int, ...]

# Codes: E… fail validation, W… fail only under --strict.
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
    SYNTAX: "TOML syntax",
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
    line: int = 0
    col: int = 0

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"


def _err(
    code: str, message: str, path: Path, hint: str | None = None, at_value: bool = False
) -> Diagnostic:
    return Diagnostic("error", code, message, path, hint, at_value)


def _warn(code: str, message: str, path: Path, hint: str | None = None) -> Diagnostic:
    return Diagnostic("warning", code, message, path, hint)


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


def _is_date(value: Any) -> TypeGuard[dt.date]:
    """A TOML local date (not a date-time)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


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
        elif not _type_ok(value, kind):
            hint = _("write dates as 2024-05-31, without quotes") if kind == _DATE else None
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
            _err(NO_AREAS, _("the roadmap has no areas"), ("areas",) if "areas" in data else ())
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
            if not re.fullmatch(r"[A-Z][A-Z0-9]*", prefix):
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
        if only is not None and table.get("id") not in only:
            item_id = table.get("id")
            if isinstance(item_id, str):
                seen.setdefault(item_id, index)
            continue
        out.extend(_check_table(table, _ITEM_TYPES, path, "[[items]]"))
        item_id = table.get("id")
        label = item_id if isinstance(item_id, str) else f"#{index + 1}"
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
                out.append(
                    _err(
                        DUPLICATE_ID,
                        _("duplicate item id {id}").format(id=item_id),
                        (*path, "id"),
                        _(
                            "item #{n} already has this id; give this one the next free number"
                        ).format(n=seen[item_id] + 1),
                        at_value=True,
                    )
                )
            else:
                seen[item_id] = index
        out.extend(_check_item(table, path, label, areas, owners, milestones, today))
    known_items = set(seen)
    status_of = {t["id"]: t.get("status") for _i, t in items if isinstance(t.get("id"), str)}
    for index, table in items:
        if only is not None and table.get("id") not in only:
            continue
        path = ("items", index)
        label = str(table.get("id", f"#{index + 1}"))
        deps = table.get("depends_on")
        if isinstance(deps, list):
            for pos, dep in enumerate(deps):
                if isinstance(dep, str) and dep not in known_items:
                    out.append(
                        _err(
                            UNKNOWN_REF,
                            _("item {id} depends on unknown item {dep}").format(id=label, dep=dep),
                            (*path, "depends_on"),
                            did_you_mean(dep, known_items),
                            at_value=True,
                        )
                    )
                elif (
                    table.get("status") == Status.DONE
                    and isinstance(dep, str)
                    and status_of.get(dep) not in (Status.DONE, Status.DROPPED)
                ):
                    out.append(
                        _warn(
                            DONE_BEFORE_DEPENDENCY,
                            _("item {id} is done but depends on {dep}, which is not").format(
                                id=label, dep=dep
                            ),
                            (*path, "depends_on"),
                        )
                    )
                del pos
    out.extend(_cycles(items, seen, only))
    if only is None:
        out.extend(_coverage(items, areas, owners))
        out.extend(_meetings(data, owners, known_items))
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
        elif isinstance(prefix, str) and match.group(1) != prefix:
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
        for owner in item_owners:
            if isinstance(owner, str) and owner not in owners:
                out.append(
                    _err(
                        UNKNOWN_REF,
                        _("item {id} names unknown owner {owner}").format(
                            id=label, owner=f"'{owner}'"
                        ),
                        (*path, "owners"),
                        did_you_mean(owner, owners),
                        at_value=True,
                    )
                )
    if not item_owners and isinstance(item_owners, list | type(None)):
        out.append(_warn(NO_OWNER, _("item {id} has no owner").format(id=label), path))
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
    start, due = table.get("start"), table.get("due")
    if _is_date(start) and _is_date(due) and due < start:
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
        for link in links:
            if isinstance(link, str) and not _LINK.match(link):
                out.append(
                    _err(
                        BAD_LINK,
                        _("link {link} of {id} is not an http or https URL").format(
                            link=f"'{link}'", id=label
                        ),
                        (*path, "links"),
                        at_value=True,
                    )
                )
    overdue = today is not None and _is_date(due) and due < today
    if overdue and status in ("planned", "in_progress", "blocked"):
        out.append(
            _warn(
                OVERDUE,
                _("item {id} was due {due} and is still {status}").format(
                    id=label, due=due, status=status
                ),
                (*path, "due"),
            )
        )
    if isinstance(milestone, str) and milestone in milestones and _is_date(due):
        m_due = milestones[milestone].get("due")
        if _is_date(m_due) and due > m_due:
            out.append(
                _warn(
                    AFTER_MILESTONE,
                    _("item {id} is due {due}, after its milestone {milestone} ({m_due})").format(
                        id=label, due=due, milestone=milestone, m_due=m_due
                    ),
                    (*path, "due"),
                )
            )
    return out


def _cycles(
    items: list[tuple[int, dict[str, Any]]],
    index_of: Mapping[str, int],
    roots: set[str] | None = None,
) -> list[Diagnostic]:
    """One finding per dependency cycle (through one of `roots`, if given), naming it."""
    tables = dict(items)
    memo: dict[str, list[str]] = {}

    def deps_of(node: str) -> list[str]:
        # Built on demand: a write checks only what its item can reach.
        if node not in memo:
            deps = tables[index_of[node]].get("depends_on") if node in index_of else None
            memo[node] = (
                [d for d in deps if isinstance(d, str) and d in index_of]
                if isinstance(deps, list)
                else []
            )
        return memo[node]

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
                        out.append(
                            _err(
                                CYCLE,
                                _("dependency cycle: {cycle}").format(cycle=named),
                                ("items", index_of[cycle[0]], "depends_on"),
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
        if area not in sectors or not isinstance(item_owners, list):
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
                        area=area, sectors=", ".join(missing)
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
                        area=area, countries=", ".join(gone)
                    ),
                    ("areas", area),
                )
            )
    return out


def _meetings(
    data: Mapping[str, Any], owners: Mapping[str, Any], known_items: set[str]
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
                for value in values:
                    if isinstance(value, str) and value not in known:
                        out.append(
                            _err(
                                UNKNOWN_REF,
                                _("meeting #{n} names unknown {what} {value}").format(
                                    n=index + 1, what=_(what), value=f"'{value}'"
                                ),
                                (*path, key),
                                did_you_mean(value, known),
                                at_value=True,
                            )
                        )
    return out


def locate(diagnostics: list[Diagnostic], text: str, file: str) -> list[Diagnostic]:
    """Give each finding the line and column of the key or value it is about."""
    from ewg.tomlscan import scan

    found = scan(text)
    keys: dict[Path, tuple[int, int]] = {}
    for header in found.headers:
        keys.setdefault(header.path, (header.start, header.start))
        for depth in range(1, len(header.path)):
            keys.setdefault(header.path[:depth], (header.start, header.start))
    for entry in found.entries:
        full = found.path(entry)
        keys.setdefault(full, (entry.start, entry.value_start))
        for depth in range(1, len(full)):
            keys.setdefault(full[:depth], (entry.start, entry.start))
    located = []
    for diag in diagnostics:
        path = diag.path
        while path and path not in keys:
            path = path[:-1]
        if path:
            key_at, value_at = keys[path]
            line, col = found.position(value_at if diag.at_value and path == diag.path else key_at)
        else:
            line, col = 1, 1
        located.append(replace(diag, file=file, line=line, col=col))
    return located
