"""The lookup tables: listing areas, owners and milestones; adding, changing, renaming and
removing owners and milestones; changing the names of areas."""

from __future__ import annotations

from ewg.commands.outcome import Outcome
from ewg.commands.writes import write
from ewg.i18n import _, ngettext

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping
    from pathlib import Path
    from typing import Any

    from ewg.model import Roadmap
    from ewg.store import Document

# Which items refer to an entry of each table, and the singular the messages use.
KINDS = {"owners": "owner", "milestones": "milestone", "areas": "area"}


def with_counts(path: Path, table: str) -> tuple[Roadmap, dict[str, int]]:
    """The roadmap and, for each area or owner, how many items it has."""
    from ewg.commands.reading import read_roadmap

    roadmap = read_roadmap(path)
    keys = roadmap.areas if table == "areas" else roadmap.owners
    counts = dict.fromkeys(keys, 0)
    for item in roadmap.items:
        for key in (item.area,) if table == "areas" else item.owners:
            if key in counts:
                counts[key] += 1
    return roadmap, counts


def check_new_id(key: str, existing: Mapping[str, Any], kind: str) -> None:
    """Refuse an id that is not well formed, or that the table already has."""
    from ewg.errors import RefusedError, UsageError
    from ewg.model import TABLE_ID_RE

    if not TABLE_ID_RE.match(key):
        raise UsageError(
            _("{key} is not a valid {kind} id").format(key=repr(key), kind=_(kind)),
            hint=_("use lower case letters, digits, - and _, e.g. {example}").format(example="sre"),
        )
    if key in existing:
        raise RefusedError(_("{kind} {key} already exists").format(kind=_(kind), key=repr(key)))


def users(roadmap: Roadmap, table: str, key: str) -> list[str]:
    """What refers to an owner (items, meetings) or a milestone (items), for messages."""
    if table == "owners":
        found = [i.id for i in roadmap.items if key in i.owners]
        return found + [
            _("meeting of {date}").format(date=m.date)
            for m in roadmap.meetings
            if key in m.attendees
        ]
    return [i.id for i in roadmap.items if i.milestone == key]


def refuse_if_used(roadmap: Roadmap, table: str, key: str) -> None:
    """RefusedError while anything in the roadmap refers to this owner or milestone."""
    from ewg.errors import RefusedError

    found = users(roadmap, table, key)
    if found:
        shown = ", ".join(found[:10]) + (" …" if len(found) > 10 else "")
        raise RefusedError(
            _("{kind} {key} is still referred to by {users}").format(
                kind=_(KINDS[table]), key=repr(key), users=shown
            ),
            hint=_("reassign those first"),
        )


def add(path: Path, table: str, key: str, fields: Mapping[str, Any], commit: bool) -> Outcome:
    """Add an owner or a milestone with these fields (in file order; None left out)."""
    from ewg.store import add_table

    kind = KINDS[table]

    def change(doc: Document) -> Document:
        existing = doc.roadmap.owners if table == "owners" else doc.roadmap.milestones
        check_new_id(key, existing, kind)
        return add_table(doc, table, key, {k: v for k, v in fields.items() if v is not None})

    return _apply(path, change, _words(table, "add"), key, commit)


def remove(path: Path, table: str, key: str, commit: bool) -> Outcome:
    """Remove an owner or a milestone; NotFoundError if absent, RefusedError while in use."""
    from ewg.errors import NotFoundError, did_you_mean
    from ewg.store import remove_table

    def change(doc: Document) -> Document:
        roadmap = doc.roadmap
        existing = roadmap.owners if table == "owners" else roadmap.milestones
        if key not in existing:
            missing = _("no owner {key}") if table == "owners" else _("no milestone {key}")
            raise NotFoundError(missing.format(key=repr(key)), did_you_mean(key, existing))
        refuse_if_used(roadmap, table, key)
        return remove_table(doc, table, key)

    return _apply(path, change, _words(table, "remove"), key, commit)


def _words(table: str, action: str) -> tuple[str, str]:
    """The commit message and the note of adding or removing an owner or a milestone."""
    if action == "add":
        if table == "owners":
            return _("roadmap: add owner {key}"), _("added owner {key}")
        return _("roadmap: add milestone {key}"), _("added milestone {key}")
    if table == "owners":
        return _("roadmap: remove owner {key}"), _("removed owner {key}")
    return _("roadmap: remove milestone {key}"), _("removed milestone {key}")


def _apply(
    path: Path,
    change: Callable[[Document], Document],
    words: tuple[str, str],
    key: str,
    commit: bool,
) -> Outcome:
    """Write the change, with its commit message; say what was done."""
    write(path, change, lambda _doc: words[0].format(key=key), commit)
    return Outcome(messages=[words[1].format(key=key)])


def milestone_fields(title: str, due: dt.date, title_es: str | None) -> dict[str, Any]:
    """A new milestone's table, in file order."""
    return {"title": title, "title_es": title_es or None, "due": due}


def owner_fields(name: str, sector: str, country: str, name_es: str | None) -> dict[str, Any]:
    """A new owner's table, in file order."""
    return {"name": name, "name_es": name_es or None, "sector": sector, "country": country}


def set_fields(
    path: Path, table: str, key: str, changes: Mapping[str, Any], commit: bool
) -> Outcome:
    """Change fields of an area, owner or milestone (None removes an optional one).

    Only the lines of the changed keys change; an inline entry (`sre = { … }`) is
    written again on its one line.
    """
    from ewg.commands.lookup import require
    from ewg.errors import UsageError

    if not changes:
        raise UsageError(_("nothing to change"), hint=_("give at least one option"))

    def change(doc: Document) -> Document:
        require(KINDS[table], key, _entries(doc.roadmap, table))
        return _set_entry(doc, table, key, changes)

    return _apply(path, change, _set_words(table), key, commit)


def rename(path: Path, table: str, old: str, new: str, commit: bool) -> Outcome:
    """Rename an owner or a milestone and every reference to it; say how many changed."""
    from ewg.commands.lookup import require
    from ewg.merge.renames import rename as rename_text

    count = [0]

    def change(doc: Document) -> Document:
        existing = _entries(doc.roadmap, table)
        require(KINDS[table], old, existing)
        check_new_id(new, existing, KINDS[table])
        changed, count[0] = rename_text(doc, table, old, new)
        return changed

    if table == "owners":
        message = _("roadmap: rename owner {old} to {new}")
    else:
        message = _("roadmap: rename milestone {old} to {new}")
    write(path, change, lambda _doc: message.format(old=old, new=new), commit)
    note = (
        _("renamed owner {old} to {new}")
        if table == "owners"
        else _("renamed milestone {old} to {new}")
    )
    return Outcome(
        messages=[
            note.format(old=old, new=new),
            ngettext("{count} reference changed", "{count} references changed", count[0]).format(
                count=count[0]
            ),
        ]
    )


def _entries(roadmap: Roadmap, table: str) -> Mapping[str, Any]:
    if table == "owners":
        return roadmap.owners
    return roadmap.milestones if table == "milestones" else roadmap.areas


def _set_entry(doc: Document, table: str, key: str, changes: Mapping[str, Any]) -> Document:
    """Set keys of `[table.key]`, or of the inline table `key = { … }` under `[table]`."""
    from ewg import shape
    from ewg.store import set_table_fields
    from ewg.tomlwrite import format_value

    section = next(s for s in shape.SECTIONS if s.name == table)
    if any(kind == "table" and keys == (table, key) for kind, keys, _o in doc.tables):
        return set_table_fields(doc, (table, key), changes, order=section.key_names)
    found = doc.scan()
    for entry in found.entries:
        if found.path(entry) == (table, key):
            current = dict(doc.head.get(table, {}).get(key, {}))
            merged = {**current, **changes}
            ordered = dict.fromkeys([*section.key_names, *merged])
            value = format_value({k: merged[k] for k in ordered if merged.get(k) is not None})
            return doc.replace(entry.value_start, entry.value_end, value, None)
    from ewg.errors import RoadmapFileError

    raise RoadmapFileError(
        _("{name}: no [{table}] table to edit").format(name=doc.name, table=f"{table}.{key}")
    )


def _set_words(table: str) -> tuple[str, str]:
    """The commit message and the note of changing an area, an owner or a milestone."""
    if table == "owners":
        return _("roadmap: change owner {key}"), _("changed owner {key}")
    if table == "milestones":
        return _("roadmap: change milestone {key}"), _("changed milestone {key}")
    return _("roadmap: change area {key}"), _("changed area {key}")
