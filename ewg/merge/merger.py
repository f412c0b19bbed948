"""Applying theirs' changes to our document, entity by entity, and marking conflicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ewg import source, store
from ewg.document import content_end
from ewg.errors import RoadmapFileError
from ewg.i18n import _
from ewg.merge.values import (
    ARRAY_NAMES,
    LOOKUPS,
    ORDER,
    Conflict,
    Entities,
    Key,
    MergeError,
    entities,
    entity_label,
    merge_fields,
    same,
)
from ewg.store import Document

# --- the merge -----------------------------------------------------------------------------------


class Merger:
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
    def _array_index(doc: Document, key: Key) -> int:
        """Where the meeting or measurement `key` stands among its section's tables."""
        for index, found in enumerate(entities(doc.data, key[:1])):
            if found == key:
                return index
        raise RoadmapFileError(_("no {what}").format(what=entity_label(key)))

    @classmethod
    def block(cls, doc: Document, key: Key) -> tuple[int, int]:
        """Where an entity's lines start and end in `doc`."""
        if key[0] == "items":
            index = doc.item_index(key[1])
            if index < 0:
                raise RoadmapFileError(_("no {what}").format(what=entity_label(key)))
            start, end, _next = doc.item_block(index)
        elif key[0] in ARRAY_NAMES:
            start, end, _next = store.table_block(doc, key[:1], cls._array_index(doc, key))
        else:
            start, end, _next = store.table_block(doc, key)
        return start, end

    @classmethod
    def set_fields(cls, doc: Document, key: Key, changes: Mapping[str, Any]) -> Document:
        """Set (None: remove) fields of an entity."""
        if key[0] == "items":
            return store.set_item_fields(doc, key[1], changes)
        order = ORDER[key[0]]
        if key[0] in ARRAY_NAMES:
            return store.set_table_fields(doc, key[:1], changes, cls._array_index(doc, key), order)
        return store.set_table_fields(doc, key, changes, order=order)

    def remove(self, key: Key) -> None:
        """Delete an entity from the result."""
        section = key[0]
        if section == "items":
            self.doc = store.remove_item(self.doc, key[1])
        elif section in ARRAY_NAMES:
            self.doc = store.remove_array_table(self.doc, section, self._array_index(self.doc, key))
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
        elif section == "measurements":
            self.doc = store.add_measurement(self.doc, table)
        elif section in LOOKUPS:
            self.doc = store.add_table(self.doc, section, key[1], table)
        else:
            raise MergeError(_("theirs added [roadmap]; merge by hand"))
        self._use_their_text(key, table)

    def _their_lines(self, start: int, end: int) -> str:
        """Theirs' text of a table (start to end), with the comment lines directly above it
        that ours does not hold, in LF line endings, ending with one."""
        text = self.theirs_doc.text
        above = comments_above(text, start)
        if above and above.strip() in self.ours_text:
            above = ""
        lines = (above + text[start:end]).replace("\r\n", "\n")
        return lines if lines.endswith("\n") else lines + "\n"

    def _use_their_text(self, key: Key, table: dict[str, Any]) -> None:
        """Swap the block just written for theirs' own lines, when they say the same."""
        try:
            start, end = self.block(self.theirs_doc, key)
        except (RoadmapFileError, MergeError):
            return
        lines = self._their_lines(start, end)
        try:
            parsed = source.parse(lines)
        except source.TomlSyntaxError:
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
        """Merge every entity: theirs' in their order first, then those theirs removed.
        The measurements theirs recorded go in together, from one reading of the result
        (a member's year of figures is thousands; one by one, each read the file again)."""
        recorded, dropped, added = [], [], []
        for key in dict.fromkeys([*self.theirs, *self.base]):
            if key[0] in LOOKUPS and key not in self.base and key not in self.ours:
                added.append(key)  # a new area, owner, milestone or indicator of theirs
            elif key[0] != "measurements":
                self.merge_entity(key)
            elif key not in self.base and key not in self.ours:
                recorded.append(key)
            elif (
                key not in self.theirs and key in self.ours and same(self.ours[key], self.base[key])
            ):
                dropped.append(key)  # theirs removed it, ours left it as it was
            else:
                self.merge_entity(key)
        self._add_tables(added)
        self._drop(dropped)
        self._record(recorded)

    def _add_tables(self, keys: list[Key]) -> None:
        """Add theirs' new areas, owners, milestones and indicators together, each written
        as theirs wrote it (with its sub-tables, and the comment lines above it that ours
        does not have) when its lines say the same."""
        if not keys:
            return
        text, tables = self.theirs_doc.text, self.theirs_doc.tables
        where = {keys: i for i, (_kind, keys, _at) in enumerate(tables) if len(keys) == 2}
        entries = []
        for key in keys:
            section, name = key[0], key[1]
            lines, i = "", where.get((section, name))
            if i is not None:
                start, last = tables[i][2], i  # its own [section.name.x] tables follow it
                while last + 1 < len(tables) and tables[last + 1][1][:2] == (section, name):
                    last += 1
                following = tables[last + 1][2] if last + 1 < len(tables) else len(text)
                lines = self._their_lines(start, content_end(text, tables[last][2], following))
                try:  # theirs' lines must say what theirs' table says, or ewg writes it
                    own = source.parse(lines).get(section, {}).get(name)
                except source.TomlSyntaxError:
                    own = None
                if not same(own, self.theirs[key]):
                    lines = ""
            entries.append((section, name, self.theirs[key], lines))
        self.doc = store.add_tables(self.doc, entries)

    def _drop(self, keys: list[Key]) -> None:
        """Remove the measurements theirs removed, together, from one reading of the result."""
        if not keys:
            return
        wanted = set(keys)
        found = entities(self.doc.data, ("measurements",))  # in file order
        places = [index for index, key in enumerate(found) if key in wanted]
        self.doc = store.remove_array_tables(self.doc, "measurements", places)

    def _record(self, keys: list[Key]) -> None:
        """Add theirs' new measurements, each written as theirs wrote it (with the comment
        lines above it that ours does not have) when its lines say the same."""
        if not keys:
            return
        text = self.theirs_doc.text
        order = {k: n for n, k in enumerate(k for k in self.theirs if k[0] == "measurements")}
        starts = [at for _kind, name, at in self.theirs_doc.tables if name == ("measurements",)]
        tables = [self.theirs[key] for key in keys]
        blocks = []
        for key in keys:
            n = order[key]
            if len(starts) != len(order):
                blocks.append("")  # not all written as [[measurements]]: ewg writes them
                continue
            following = starts[n + 1] if n + 1 < len(starts) else len(text)
            blocks.append(self._their_lines(starts[n], content_end(text, starts[n], following)))
        try:  # theirs' lines must say what theirs' tables say, or ewg writes the tables
            same_lines = same(source.parse("".join(blocks)).get("measurements"), tables)
        except source.TomlSyntaxError:
            same_lines = False
        if not same_lines:
            blocks = [""] * len(keys)
        self.doc = store.add_measurements(self.doc, list(zip(tables, blocks, strict=True)))

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
            spans.append((start, end, with_end(mine, nl), with_end(theirs, nl), key))
        text = doc.text
        found: list[Conflict] = []
        for start, end, mine, theirs, _key in sorted(spans, reverse=True):
            marked = f"<<<<<<< ours{nl}{mine}======={nl}{theirs}>>>>>>> theirs{nl}"
            text = text[:start] + marked + text[end:]
        for start, _end, _mine, _theirs, key in sorted(spans):
            line = doc.text.count("\n", 0, start) + 1
            found.append(Conflict(entity_label(key), self.conflicts[key][2], line))
        return text, found


def with_end(text: str, nl: str) -> str:
    return text if not text or text.endswith("\n") else text + nl


def comments_above(text: str, start: int) -> str:
    """The comment lines directly above offset `start` (a block's header)."""
    at = start
    while at > 0:
        previous = text.rfind("\n", 0, at - 1) + 1
        if not text[previous:at].strip().startswith("#"):
            break
        at = previous
    return text[at:start]
