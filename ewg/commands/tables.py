"""The lookup tables: listing areas, owners and milestones; adding and removing owners and milestones."""

from __future__ import annotations

from ewg.commands.outcome import Outcome
from ewg.commands.writes import write
from ewg.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping
    from pathlib import Path
    from typing import Any

    from ewg.model import Roadmap
    from ewg.store import Document

# Which items refer to an entry of each table, and the singular the messages use.
KINDS = {"owners": "owner", "milestones": "milestone"}


def with_counts(path: Path, table: str) -> tuple[Roadmap, dict[str, int]]:
    """The roadmap and, for each area or owner, how many items it has."""
    from ewg.commands.items import read_roadmap

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
