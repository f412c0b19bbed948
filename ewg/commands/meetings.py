"""`ewg meeting add|set|rm|list`: the record of the group's sessions, in `[[meetings]]`."""

from __future__ import annotations

from ewg.commands.outcome import Outcome
from ewg.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from ewg.merge.renames import ArrayEdit
    from ewg.model import Meeting, Roadmap
    from ewg.store import Document


def add(
    path: Path,
    date: str,
    title: str,
    title_es: str | None = None,
    attendees: Sequence[str] = (),
    decisions: Sequence[str] = (),
    items: Sequence[str] = (),
    commit: bool = False,
) -> Outcome:
    """Record a session after the last one in the file; attendees and items must exist."""
    from ewg.commands.dates import parse_date
    from ewg.commands.lookup import check_references
    from ewg.commands.reading import read_roadmap
    from ewg.commands.writes import write
    from ewg.errors import UsageError
    from ewg.store import append_array_table

    day = parse_date(date, "--date")
    if not title.strip():
        raise UsageError(_("the title is empty"))
    if any(not d.strip() for d in decisions):
        raise UsageError(_("--decision: a decision is empty"))
    check_references(read_roadmap(path), owners=attendees, depends=items)

    def change(doc: Document) -> Document:
        table: dict[str, Any] = {"date": day, "title": title}
        if title_es:
            table["title_es"] = title_es
        if attendees:
            table["attendees"] = list(dict.fromkeys(attendees))
        if decisions:
            table["decisions"] = list(decisions)
        if items:
            table["items"] = list(dict.fromkeys(items))
        return append_array_table(doc, "meetings", table)

    write(
        path,
        change,
        lambda _doc: _("roadmap: meeting of {date}: {title}").format(date=day, title=title),
        commit,
    )
    return Outcome(messages=[_("recorded the meeting of {date}").format(date=day)])


class MeetingChange:
    """What `meeting set` changes: scalars (None: unchanged) and one entry at a time."""

    __slots__ = (
        "add_attendees",
        "add_decisions",
        "add_items",
        "date",
        "drop_attendees",
        "drop_decisions",
        "drop_items",
        "replace_decisions",
        "title",
        "title_es",
    )

    def __init__(
        self,
        date: str | None = None,
        title: str | None = None,
        title_es: str | None = None,
        add_attendees: Sequence[str] = (),
        drop_attendees: Sequence[str] = (),
        add_decisions: Sequence[str] = (),
        drop_decisions: Sequence[int] = (),
        replace_decisions: Sequence[tuple[int, str]] = (),
        add_items: Sequence[str] = (),
        drop_items: Sequence[str] = (),
    ) -> None:
        self.date, self.title, self.title_es = date, title, title_es
        self.add_attendees, self.drop_attendees = add_attendees, drop_attendees
        self.add_decisions, self.drop_decisions = add_decisions, drop_decisions
        self.replace_decisions = replace_decisions
        self.add_items, self.drop_items = add_items, drop_items


def find(roadmap: Roadmap, date: str, index: int | None = None) -> int:
    """The position among the meetings of the one held on `date` (the n-th of that day)."""
    from ewg.commands.dates import parse_date
    from ewg.errors import NotFoundError, RefusedError, UsageError

    day = parse_date(date, "DATE")
    same = [i for i, m in enumerate(roadmap.meetings) if m.date == day]
    if not same:
        dates = sorted({m.date.isoformat() for m in roadmap.meetings if m.date})
        hint = _("meetings: {dates}").format(dates=", ".join(dates)) if dates else None
        raise NotFoundError(_("no meeting on {date}").format(date=day), hint)
    if index is None:
        if len(same) > 1:
            raise RefusedError(
                _("{count} meetings were held on {date}; ewg will not guess which one").format(
                    count=len(same), date=day
                ),
                hint=_("say which with --index 1 to {count}").format(count=len(same)),
            )
        return same[0]
    if not 1 <= index <= len(same):
        raise UsageError(_("--index: there is no meeting {n} on {date}").format(n=index, date=day))
    return same[index - 1]


def _changed_fields(
    roadmap: Roadmap, meeting: Meeting, change: MeetingChange
) -> tuple[dict[str, Any], dict[str, ArrayEdit]]:
    """The scalar keys of the meeting's table that change (None removes), and the
    entry-by-entry changes of its arrays."""
    from ewg.commands.dates import parse_date
    from ewg.commands.lookup import check_references
    from ewg.errors import NotFoundError, UsageError
    from ewg.merge.renames import ArrayEdit

    fields: dict[str, Any] = {}
    if change.date is not None:
        fields["date"] = parse_date(change.date, "--date")
    if change.title is not None:
        if not change.title.strip():
            raise UsageError(_("the title is empty"))
        fields["title"] = change.title
    if change.title_es is not None:
        fields["title_es"] = change.title_es or None
    check_references(roadmap, owners=change.add_attendees, depends=change.add_items)
    if any(not d.strip() for d in change.add_decisions) or any(
        not text.strip() for _n, text in change.replace_decisions
    ):
        raise UsageError(_("--decision: a decision is empty"))

    def by_value(
        key: str, current: tuple[str, ...], add: Sequence[str], drop: Sequence[str]
    ) -> ArrayEdit:
        missing = [d for d in drop if d not in current]
        if missing:
            raise NotFoundError(
                _("the meeting has no {key} {value}").format(key=_(key), value=repr(missing[0]))
            )
        remove = {i for i, v in enumerate(current) if v in drop}
        append = [a for a in dict.fromkeys(add) if a not in current or a in drop]
        return ArrayEdit(remove=remove, append=append)

    def numbered(number: int) -> int:
        if not 1 <= number <= len(meeting.decisions):
            raise NotFoundError(_("the meeting has no decision {n}").format(n=number))
        return number - 1

    arrays = {
        "attendees": by_value(
            "attendees", meeting.attendees, change.add_attendees, change.drop_attendees
        ),
        "decisions": ArrayEdit(
            replace={numbered(n): text for n, text in change.replace_decisions},
            remove={numbered(n) for n in change.drop_decisions},
            append=list(change.add_decisions),
        ),
        "items": by_value("items", meeting.items, change.add_items, change.drop_items),
    }
    currents = {
        "attendees": meeting.attendees,
        "decisions": meeting.decisions,
        "items": meeting.items,
    }
    arrays = {k: e for k, e in arrays.items() if e.apply(list(currents[k])) != list(currents[k])}
    return fields, arrays


def set_meeting(
    path: Path, date: str, change: MeetingChange, index: int | None = None, commit: bool = False
) -> Outcome:
    """Change one meeting: its date, titles, and one attendee, decision or item at a time.

    An array changes entry by entry where it can (see ewg.merge.renames.edit_array):
    a multi-line list of decisions keeps its layout and comments.
    """
    from ewg.commands.writes import write
    from ewg.errors import UsageError
    from ewg.model import MEETING_KEYS
    from ewg.store import set_table_fields

    said: list[str] = []

    def edit(doc: Document) -> Document:
        roadmap = doc.roadmap
        position = find(roadmap, date, index)
        meeting = roadmap.meetings[position]
        fields, arrays = _changed_fields(roadmap, meeting, change)
        if not fields and not arrays:
            raise UsageError(_("nothing to change"), hint=_("give at least one option"))
        said.append(str(fields.get("date") or meeting.date))
        if fields:
            doc = set_table_fields(doc, ("meetings",), fields, position, MEETING_KEYS)
        return edit_arrays(doc, position, meeting, arrays)

    write(
        path,
        edit,
        lambda _doc: _("roadmap: change the meeting of {date}").format(date=said[-1]),
        commit,
    )
    return Outcome(messages=[_("changed the meeting of {date}").format(date=said[-1])])


def edit_arrays(
    doc: Document, position: int, meeting: Meeting, arrays: dict[str, ArrayEdit]
) -> Document:
    """The n-th meeting's arrays (attendees, decisions, items) changed entry by entry where
    they can be (`edit_array`), else written whole."""
    from ewg.merge.renames import edit_array
    from ewg.model import MEETING_KEYS
    from ewg.store import Document, set_table_fields

    currents = {
        "attendees": meeting.attendees,
        "decisions": meeting.decisions,
        "items": meeting.items,
    }
    for key, array in arrays.items():
        text = edit_array(doc, ("meetings", position), key, array)
        if text is not None:
            doc = Document(text, doc.path)
            continue
        values = array.apply(list(currents[key]))
        doc = set_table_fields(doc, ("meetings",), {key: values or None}, position, MEETING_KEYS)
    return doc


def remove(path: Path, date: str, index: int | None = None, commit: bool = False) -> Outcome:
    """Delete one meeting's table, with the comment lines directly above it."""
    from ewg.commands.writes import write
    from ewg.store import remove_array_table

    def edit(doc: Document) -> Document:
        return remove_array_table(doc, "meetings", find(doc.roadmap, date, index))

    write(
        path,
        edit,
        lambda _doc: _("roadmap: remove the meeting of {date}").format(date=date),
        commit,
    )
    return Outcome(messages=[_("removed the meeting of {date}").format(date=date)])


def by_date(roadmap: Roadmap) -> list[Meeting]:
    """The sessions of the roadmap, oldest first (undated ones last)."""
    import datetime as dt

    return sorted(roadmap.meetings, key=lambda m: m.date or dt.date.max)


def meeting_json(meeting: Meeting, today: dt.date | None = None) -> dict[str, Any]:
    """A meeting as JSON-ready data; `scheduled` when it is dated after `today`."""
    return {
        "date": meeting.date.isoformat() if meeting.date else None,
        "title": meeting.title,
        "title_es": meeting.title_es,
        "attendees": list(meeting.attendees),
        "decisions": list(meeting.decisions),
        "decisions_es": list(meeting.decisions_es),
        "items": list(meeting.items),
        "scheduled": bool(today and meeting.date and meeting.date > today),
    }
