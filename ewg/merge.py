"""Three-way merge of roadmap.toml by items and fields: the core of `ewg merge-driver`.

The file is seen as entities — `[roadmap]`, each area, owner and milestone, each
item (by id) and each meeting (by date and title) — made of fields. The result
starts from our text; theirs' changes are applied to it with the store's line
edits, so our layout and comments stay byte for byte. A field that both sides
changed in different ways is a conflict, marked in git's style around that
entity only. Incoming (theirs') new items whose id we also use are renumbered.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from ewg import store
from ewg.errors import EwgError, RoadmapFileError
from ewg.i18n import _
from ewg.model import (
    AREA_KEYS,
    ITEM_ID_RE,
    ITEM_KEYS,
    MEETING_KEYS,
    MILESTONE_KEYS,
    OWNER_KEYS,
    ROADMAP_KEYS,
)
from ewg.store import Document
from ewg.tomlwrite import format_value
from ewg.validate import Diagnostic

OURS, THEIRS = "ours", "theirs"
LOOKUPS = ("areas", "owners", "milestones")
SECTIONS = ("roadmap", *LOOKUPS, "items", "meetings")
_ORDER = {
    "roadmap": ROADMAP_KEYS,
    "areas": AREA_KEYS,
    "owners": OWNER_KEYS,
    "milestones": MILESTONE_KEYS,
    "items": ITEM_KEYS,
    "meetings": MEETING_KEYS,
}
# The field that names an entry: a rename keeps it (see `_renamed`).
_LABEL = {"areas": "name", "owners": "name", "milestones": "title"}
_SINGULAR = {"areas": "area", "owners": "owner", "milestones": "milestone"}
_MISSING = object()

T = TypeVar("T")
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
    lists = [[] if v is _MISSING else v for v in (base, ours, theirs)]
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


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else f"{type(value).__name__}:{value}"


def _well_formed(section: str, value: Any) -> bool:
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
                name = (_plain(table.get("date")), _plain(table.get("title")))
                out[("meetings", *name, str(seen[name]))] = table
                seen[name] += 1
    return out


def _label(key: Key) -> str:
    section = key[0]
    if section == "roadmap":
        return "[roadmap]"
    if section == "items":
        return _("item {id}").format(id=key[1])
    if section == "meetings":
        return _("meeting {date} {title}").format(date=key[1], title=repr(key[2]))
    return f"{_(_SINGULAR[section])} {key[1]}"


# --- reading -------------------------------------------------------------------------------------


def _parse(text: str, side: str) -> dict[str, Any]:
    try:
        return store.parse(text)
    except store.TomlSyntaxError as error:
        raise MergeError(_not_toml(side, error)) from None


def _not_toml(side: str, error: store.TomlSyntaxError) -> str:
    return _("{side} is not valid TOML (line {line}): {reason}").format(
        side=_(side), line=error.line, reason=error.message
    )


def _document(text: str, side: str) -> Document:
    """A version, parsed (through the parse cache: ours is often in it)."""
    doc = Document.from_text(text)
    try:
        doc.data  # noqa: B018  # parse now, to report a syntax error as this side's
    except store.TomlSyntaxError as error:
        raise MergeError(_not_toml(side, error)) from None
    return doc


def _structured(datas: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The sections that every version holds in a shape the merge handles (or not at all)."""
    versions = list(datas)
    return tuple(
        s for s in SECTIONS if all(d.get(s) is None or _well_formed(s, d.get(s)) for d in versions)
    )


def _check_rest(
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    kept: tuple[str, ...],
) -> None:
    """Refuse when theirs changed something outside the entities that ours does not hold."""
    for key in dict.fromkeys([*base, *ours, *theirs]):
        if key in kept:
            continue
        b, o, t = (d.get(key, _MISSING) for d in (base, ours, theirs))
        if not same(b, t) and not same(o, t):
            raise MergeError(
                _("both sides changed {key}, which cannot be merged item by item").format(
                    key=repr(key)
                )
            )


# --- ids -----------------------------------------------------------------------------------------


def _ident(table: Mapping[str, Any]) -> tuple[str, str, str]:
    """What makes two items the same item under different ids: title, area, creation date."""
    return _plain(table.get("title")), _plain(table.get("area")), _plain(table.get("created"))


def _moved(base: Mapping[str, Any], side: Mapping[str, Any]) -> dict[str, str]:
    """Base items that `side` holds under a new id (an earlier merge renumbered them).

    Such an item's old id now names another item on `side`, and exactly one item
    that `side` added has its title, area and creation date.
    """
    moved: dict[str, str] = {}
    for old, table in base.items():
        now = side.get(old)
        if now is None or _ident(now) == _ident(table):
            continue
        found = [y for y, t in side.items() if y not in base and _ident(t) == _ident(table)]
        if len(found) == 1:
            moved[old] = found[0]
    targets = Counter(moved.values())
    return {old: new for old, new in moved.items() if targets[new] == 1}


def _once(value: T | Callable[[], T]) -> Callable[[], T]:
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
class _IdPlan:
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
) -> _IdPlan:
    """Which ids of theirs, ours and base to rewrite so that one id names one item.

    A new item of theirs whose id ours uses for another item takes a fresh number,
    except when theirs' item is on the main line already and ours' is not: then
    ours' item is renumbered, since an id never changes once merged (that is
    `git merge main` on a feature branch, or `git pull`). `main_lines` gives the
    items (by id) of the remote's default branch, then of the local one;
    `reserved` the highest numbers on other branches. Both are asked for only
    when two ids collide, since they cost git calls.
    """
    plan = _IdPlan()
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
            if _ident(known) == _ident(their) and _ident(known) != _ident(mine):
                return True
            if _ident(known) == _ident(mine):
                return False
        return False

    taken = set(ours) | set(base) | set(plan.theirs.values())
    new_items = [z for z in theirs if (z not in base or z in theirs_moved) and z not in plan.theirs]
    for z in new_items:
        mine = ours.get(z)
        if mine is not None and z not in base and _ident(mine) == _ident(theirs[z]):
            continue  # both sides added the same item
        if z not in taken:
            taken.add(z)
            continue
        twins = [
            y
            for y, t in ours.items()
            if y not in base and y not in plan.theirs.values() and _ident(t) == _ident(theirs[z])
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


def _renamed_refs(values: Any, mapping: Mapping[str, str]) -> Any:
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
                deps = _renamed_refs(table.get("depends_on"), mapping)
                if deps is not None:
                    table["depends_on"] = deps
            renamed.append(table)
        out["items"] = renamed
    meetings = data.get("meetings")
    if isinstance(meetings, list):
        out["meetings"] = [
            {**m, "items": _renamed_refs(m.get("items"), mapping)}
            if isinstance(m, dict) and _renamed_refs(m.get("items"), mapping) is not None
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
        deps = _renamed_refs(table.get("depends_on"), mapping)
        if deps is not None:
            doc = store.set_item_fields(doc, table["id"], {"depends_on": deps})
    for index, meeting in enumerate(list(doc.data.get("meetings") or [])):
        items = _renamed_refs(meeting.get("items"), mapping)
        if items is not None:
            doc = store.set_table_fields(doc, ("meetings",), {"items": items}, index, MEETING_KEYS)
    return doc


# --- lookup renames --------------------------------------------------------------------------


def _renamed(section: str, base: Mapping[str, Any], side: Mapping[str, Any]) -> dict[str, str]:
    """Entries of a lookup table that `side` renamed: old id gone, one new id with its name."""
    label = _LABEL[section]
    found: dict[str, str] = {}
    for old, table in base.items():
        if old in side or not isinstance(table.get(label), str):
            continue
        new = [k for k, t in side.items() if k not in base and same(t.get(label), table[label])]
        if len(new) == 1:
            found[old] = new[0]
    targets = Counter(found.values())
    return {old: new for old, new in found.items() if targets[new] == 1}


# --- the merge -----------------------------------------------------------------------------------


class _Merger:
    """Applies theirs' changes to our document, entity by entity."""

    def __init__(
        self, base: Entities, ours: Document, theirs: Document, sections: tuple[str, ...]
    ) -> None:
        self.base = base
        self.ours = entities(ours.data, sections)
        self.theirs = entities(theirs.data, sections)
        self.ours_text = ours.text
        self.doc = ours
        self.theirs_doc = theirs
        # key -> (kind, fields changed both ways with theirs' values, reason)
        self.conflicts: dict[Key, tuple[str, dict[str, Any], str]] = {}

    # -- locating and editing one entity in a document

    @staticmethod
    def _meeting_index(doc: Document, key: Key) -> int:
        wanted, seen = key[1:3], -1
        for index, table in enumerate(doc.data.get("meetings") or []):
            if (_plain(table.get("date")), _plain(table.get("title"))) == wanted:
                seen += 1
                if str(seen) == key[3]:
                    return index
        raise RoadmapFileError(_("no {what}").format(what=_label(key)))

    @classmethod
    def block(cls, doc: Document, key: Key) -> tuple[int, int]:
        """Where an entity's lines start and end in `doc`."""
        if key[0] == "items":
            index = doc.item_index(key[1])
            if index < 0:
                raise RoadmapFileError(_("no {what}").format(what=_label(key)))
            start, end, _next = doc.item_block(index)
        elif key[0] == "meetings":
            start, end, _next = store.table_block(doc, ("meetings",), cls._meeting_index(doc, key))
        else:
            start, end, _next = store.table_block(doc, key)
        return start, end

    @classmethod
    def set_fields(cls, doc: Document, key: Key, changes: Mapping[str, Any]) -> Document:
        """Set (None: remove) fields of an entity."""
        if key[0] == "items":
            return store.set_item_fields(doc, key[1], changes)
        order = _ORDER[key[0]]
        if key[0] == "meetings":
            return store.set_table_fields(
                doc, ("meetings",), changes, cls._meeting_index(doc, key), order
            )
        return store.set_table_fields(doc, key, changes, order=order)

    def remove(self, key: Key) -> None:
        """Delete an entity from the result."""
        section = key[0]
        if section == "items":
            self.doc = store.remove_item(self.doc, key[1])
        elif section == "meetings":
            self.doc = store.remove_array_table(
                self.doc, "meetings", self._meeting_index(self.doc, key)
            )
        elif section in LOOKUPS:
            self.doc = store.remove_table(self.doc, section, key[1])
        else:
            raise MergeError(_("theirs removed [roadmap]; merge by hand"))

    def add(self, key: Key, table: dict[str, Any]) -> None:
        """Add theirs' entity to the result, written as theirs wrote it where possible."""
        section = key[0]
        if section == "items":
            self.doc = store.add_item(self.doc, table)
        elif section == "meetings":
            self.doc = store.append_array_table(self.doc, "meetings", table)
        elif section in LOOKUPS:
            self.doc = store.add_table(self.doc, section, key[1], table)
        else:
            raise MergeError(_("theirs added [roadmap]; merge by hand"))
        self._use_their_text(key, table)

    def _use_their_text(self, key: Key, table: dict[str, Any]) -> None:
        """Swap the block just written for theirs' own lines, when they say the same."""
        try:
            start, end = self.block(self.theirs_doc, key)
        except (RoadmapFileError, MergeError):
            return
        text = self.theirs_doc.text
        above = _comments_above(text, start)
        if above and above.strip() in self.ours_text:
            above = ""
        lines = (above + text[start:end]).replace("\r\n", "\n")
        if not lines.endswith("\n"):
            lines += "\n"
        try:
            parsed = store.parse(lines)
        except store.TomlSyntaxError:
            return
        section = key[0]
        if section in LOOKUPS:
            own = parsed.get(section, {}).get(key[1])
        else:
            own = (parsed.get(section) or [None])[0]
        if not same(own, table):
            return
        here_start, here_end = self.block(self.doc, key)
        lines = lines.replace("\n", self.doc.newline)
        edit: store.ItemEdit | None = None
        if section == "items":
            edit = ("set", self.doc.item_index(key[1]), table)
        self.doc = self.doc.replace(here_start, here_end, lines, edit)

    # -- one entity

    def merge_entity(self, key: Key) -> None:
        """Apply theirs' change to one entity, or record a conflict."""
        b, o, t = self.base.get(key), self.ours.get(key), self.theirs.get(key)
        if same(t, b) or same(t, o):
            return
        if t is None:  # theirs removed it; ours still has it
            if same(o, b):
                self.remove(key)
            else:
                self.conflicts[key] = (
                    "theirs-removed",
                    {},
                    _("removed on theirs, changed on ours"),
                )
            return
        if o is None:  # theirs added it, or changed what ours removed
            self.add(key, t)
            if b is not None:
                self.conflicts[key] = ("ours-removed", {}, _("removed on ours, changed on theirs"))
            return
        changes, clashes = merge_fields(b or {}, o, t)
        if changes:
            self.doc = self.set_fields(self.doc, key, changes)
        if clashes:
            names = ", ".join(clashes)
            self.conflicts[key] = (
                "fields",
                clashes,
                _("{fields} changed on both sides").format(fields=names),
            )

    def run(self) -> None:
        """Merge every entity: theirs' in their order first, then those theirs removed."""
        for key in dict.fromkeys([*self.theirs, *self.base]):
            self.merge_entity(key)

    # -- the conflict markers

    def mark(self) -> tuple[str, list[Conflict]]:
        """The result's text with markers around each conflicting entity."""
        doc, nl = self.doc, self.doc.newline
        spans: list[tuple[int, int, str, str, Key]] = []
        for key, (kind, clashes, _reason) in self.conflicts.items():
            start, end = self.block(doc, key)
            mine = doc.text[start:end]
            if kind == "fields":
                other = self.set_fields(doc, key, clashes)
                a, b = self.block(other, key)
                theirs = other.text[a:b]
            elif kind == "theirs-removed":
                theirs = ""
            else:
                mine, theirs = "", mine
            spans.append((start, end, _ends(mine, nl), _ends(theirs, nl), key))
        text = doc.text
        found: list[Conflict] = []
        for start, end, mine, theirs, _key in sorted(spans, reverse=True):
            marked = f"<<<<<<< ours{nl}{mine}======={nl}{theirs}>>>>>>> theirs{nl}"
            text = text[:start] + marked + text[end:]
        for start, _end, _mine, _theirs, key in sorted(spans):
            line = doc.text.count("\n", 0, start) + 1
            found.append(Conflict(_label(key), self.conflicts[key][2], line))
        return text, found


def _ends(text: str, nl: str) -> str:
    return text if not text or text.endswith("\n") else text + nl


def _comments_above(text: str, start: int) -> str:
    """The comment lines directly above offset `start` (a block's header)."""
    at = start
    while at > 0:
        previous = text.rfind("\n", 0, at - 1) + 1
        if not text[previous:at].strip().startswith("#"):
            break
        at = previous
    return text[at:start]


def merge_fields(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Theirs' field changes to apply to ours (None removes), and the fields changed both ways."""
    changes: dict[str, Any] = {}
    clashes: dict[str, Any] = {}
    for name in dict.fromkeys([*theirs, *base]):
        b, o, t = (d.get(name, _MISSING) for d in (base, ours, theirs))
        if same(t, b) or same(t, o):
            continue
        value = None if t is _MISSING else t
        if same(o, b):
            changes[name] = value
            continue
        merged = merge_lists(b, o, t)
        if merged is None:
            clashes[name] = value
        elif not same(merged, o):
            changes[name] = merged
    return changes, clashes


def _rename_lookups(
    merger: _Merger, base: Mapping[str, Any], sides: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Point references to a renamed area, owner or milestone at its new id."""
    notes: list[str] = []
    for section in LOOKUPS:
        renames: dict[str, tuple[str, str]] = {}
        clash: set[str] = set()
        for side, data in sides.items():
            for old, new in _renamed(
                section, base.get(section) or {}, data.get(section) or {}
            ).items():
                if old in renames and renames[old][0] != new:
                    clash.add(old)
                renames[old] = (new, side)
        for old, (new, side) in renames.items():
            table = merger.doc.data.get(section) or {}
            if old in clash or old in table or new not in table:
                continue
            touched = _rewrite_references(merger, section, old, new)
            if touched:
                notes.append(
                    _(
                        "{what} {old} was renamed {new} ({side}): references in {where} follow"
                    ).format(
                        what=_(_SINGULAR[section]),
                        old=old,
                        new=new,
                        side=_(side),
                        where=", ".join(touched),
                    )
                )
    return notes


def _rewrite_references(merger: _Merger, section: str, old: str, new: str) -> list[str]:
    touched: list[str] = []
    field_name = {"owners": "owners", "areas": "area", "milestones": "milestone"}[section]
    for table in list(merger.doc.data.get("items") or []):
        value = table.get(field_name)
        if field_name == "owners":
            fixed = _renamed_refs(value, {old: new})
        else:
            fixed = new if value == old else None
        if fixed is not None:
            merger.doc = store.set_item_fields(merger.doc, table["id"], {field_name: fixed})
            touched.append(table["id"])
    if section == "owners":
        for index, meeting in enumerate(list(merger.doc.data.get("meetings") or [])):
            fixed = _renamed_refs(meeting.get("attendees"), {old: new})
            if fixed is not None:
                merger.doc = store.set_table_fields(
                    merger.doc, ("meetings",), {"attendees": fixed}, index, MEETING_KEYS
                )
                touched.append(_("meeting {date}").format(date=meeting.get("date")))
    return touched


def new_errors(result: Mapping[str, Any], inputs: Iterable[Mapping[str, Any]]) -> list[Diagnostic]:
    """Validation errors of the result that none of the inputs already had."""
    from ewg.validate import check_data

    found = [d for d in check_data(result) if d.is_error]
    if not found:
        return []
    old = {(d.code, d.message) for data in inputs for d in check_data(data) if d.is_error}
    return [d for d in found if (d.code, d.message) not in old]


def _comment_lines(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


def _lost_comments(base: str, theirs: str, result: str) -> list[str]:
    """Comment lines theirs added that the result does not hold."""
    added = _comment_lines(theirs) - _comment_lines(base)
    missing = added - _comment_lines(result)
    return list(missing.elements())


def equivalent(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same roadmap, whatever the order of items, tables and keys."""
    kept = _structured([a, b])
    rest_a = {k: v for k, v in a.items() if k not in kept}
    rest_b = {k: v for k, v in b.items() if k not in kept}
    ea, eb = entities(a, kept), entities(b, kept)
    return same(rest_a, rest_b) and ea.keys() == eb.keys() and all(same(ea[k], eb[k]) for k in ea)


def merge(
    base: str | None,
    ours: str,
    theirs: str,
    reserved: Mapping[str, int] | Callable[[], Mapping[str, int]] = MappingProxyType({}),
    line_merged: str | None = None,
    name: str = store.FILE_NAME,
    main_lines: Sequence[Mapping[str, Any]] | Callable[[], Sequence[Mapping[str, Any]]] = (),
) -> MergeResult:
    """Merge three versions of roadmap.toml; `base` None (or empty) when both sides added the file.

    `reserved` holds the highest number of each prefix used anywhere else (other
    branches), so that a renumbered item takes a number no branch uses. It and
    `main_lines` may be functions, called only when ids collide. When
    `line_merged` (git's line merge, without conflicts) says the same as the
    merge by items, it is the result: it keeps theirs' comments and layout too.
    `main_lines` holds the items of the default branches, by id (see `plan_ids`).
    Raises MergeError when the versions cannot be merged item by item.
    """
    base_data = _parse(base or "", "base")
    ours_doc = _document(ours, OURS)
    theirs_doc = _document(theirs, THEIRS)
    kept = _structured([base_data, ours_doc.data, theirs_doc.data])
    _check_rest(base_data, ours_doc.data, theirs_doc.data, kept)
    items = [
        {e[1]: t for e, t in entities(data, ("items",) if "items" in kept else ()).items()}
        for data in (base_data, ours_doc.data, theirs_doc.data)
    ]
    plan = plan_ids(items[0], items[1], items[2], _once(reserved), _once(main_lines))
    try:
        ours_doc = rename_document(ours_doc, plan.ours)
        theirs_doc = rename_document(theirs_doc, plan.theirs)
        base_renamed = rename_data(base_data, plan.base)
        merger = _Merger(entities(base_renamed, kept), ours_doc, theirs_doc, kept)
        merger.run()
        notes = plan.notes + _rename_lookups(
            merger, base_data, {OURS: ours_doc.data, THEIRS: theirs_doc.data}
        )
        result = MergeResult(merger.doc.text, renumbered=plan.renumbered, notes=notes)
        if merger.conflicts:
            result.text, result.conflicts = merger.mark()
    except RoadmapFileError as error:
        raise MergeError(error.message) from None
    if not merger.conflicts:
        from ewg.validate import locate

        new = new_errors(merger.doc.data, [ours_doc.data, theirs_doc.data])
        result.errors = locate(new, result.text, name) if new else []
    if result.clean and line_merged is not None and line_merged != result.text:
        try:
            candidate = store.parse(line_merged)
        except store.TomlSyntaxError:
            candidate = None
        if candidate is not None and equivalent(candidate, merger.doc.data):
            result.text = line_merged
    if result.text != line_merged:
        for line in _lost_comments(base or "", theirs, result.text):
            result.notes.append(_("theirs' comment was not kept: {line}").format(line=line))
    return result


__all__ = [
    "Conflict",
    "MergeError",
    "MergeResult",
    "Renumbering",
    "equivalent",
    "merge",
    "merge_fields",
    "merge_lists",
    "new_errors",
    "same",
]
