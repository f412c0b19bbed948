"""The minutes of a session as a paper (see ewg.render.paper): Markdown, HTML, terminal.

The values are built by `ewg.commands.minutes`; every line is written here in the
output language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ewg.i18n import _
from ewg.render.agenda import change_line, status_word
from ewg.render.paper import Paper, Section
from ewg.report import ChangeLine


@dataclass(frozen=True, slots=True)
class Attendee:
    """An institution present: its name, sector and country (values of the file)."""

    name: str
    sector: str
    country: str


@dataclass(frozen=True, slots=True)
class Discussed:
    """An item discussed, with its status and progress then and now (None: not there)."""

    id: str
    title: str
    then: tuple[str, int] | None
    now: tuple[str, int] | None


@dataclass(slots=True)
class Minutes:
    """Everything the minutes of one session show."""

    title: str  # the roadmap's
    lang: str
    today: dt.date
    date: dt.date
    session: str
    attendees: list[Attendee]
    decisions: list[str]
    discussed: list[Discussed]
    then_unknown: str | None  # why git could not give the roadmap as it stood that day
    changes: list[ChangeLine] | None  # None: no history (see `unavailable`)
    unavailable: str | None


def _state(state: tuple[str, int] | None) -> str:
    if state is None:
        return _("not in the roadmap")
    status, progress = state
    return f"{status_word(status)}, {progress}%"


def _attendee(attendee: Attendee) -> str:
    parts = [attendee.name]
    parts += [_(word) for word in (attendee.sector, attendee.country) if word]
    return " — ".join(parts)


def _discussed(minutes: Minutes, item: Discussed) -> str:
    then = _("unknown") if minutes.then_unknown else _state(item.then)
    return _("{id} {title} — then: {then}; now: {now}").format(
        id=item.id, title=item.title, then=then, now=_state(item.now)
    )


def paper(minutes: Minutes) -> Paper:
    """The minutes as a paper."""
    date = minutes.date.isoformat()
    changes = Section(
        "changes",
        _("What changed since the session"),
        empty=_("No changes."),
    )
    if minutes.changes is None:
        changes.empty = _("History unavailable: {reason}").format(reason=minutes.unavailable)
    else:
        changes.lines = [change_line(c) for c in minutes.changes]
    discussed = Section(
        "items",
        _("Items discussed"),
        [_discussed(minutes, i) for i in minutes.discussed],
        _("No item was recorded as discussed."),
    )
    if minutes.then_unknown and minutes.discussed:
        discussed.note = _("Their state on the day is unknown: {reason}").format(
            reason=minutes.then_unknown
        )
    sections = [
        Section(
            "attendees",
            _("Attendees"),
            [_attendee(a) for a in minutes.attendees],
            _("No attendees recorded."),
        ),
        Section("decisions", _("Decisions"), list(minutes.decisions), _("No decisions recorded.")),
        discussed,
        changes,
    ]
    title = _("Minutes: {session} ({date})").format(session=minutes.session, date=date)
    subtitle = _("{roadmap} — written on {today} by ewg.").format(
        roadmap=minutes.title, today=minutes.today.isoformat()
    )
    return Paper(title, subtitle, minutes.lang, sections)
