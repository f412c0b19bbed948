"""The group's sessions as text for the terminal or as Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ewg.i18n import _
from ewg.model import Meeting, Roadmap
from ewg.render.escape import markdown, terminal


def _date(meeting: Meeting) -> str:
    return meeting.date.isoformat() if meeting.date else _("(no date)")


def _scheduled(meeting: Meeting, today: dt.date | None) -> bool:
    return today is not None and meeting.date is not None and meeting.date > today


def next_session(meeting: Meeting, lang: str, markdown_out: bool = False) -> str:
    """The line of `status` that names the next session."""
    date = _date(meeting)
    if markdown_out:
        return _("**Next session:** {date} — {title}").format(
            date=date, title=markdown(meeting.label(lang))
        )
    return _("Next session: {date}  {title}").format(date=date, title=terminal(meeting.label(lang)))


def decision_rows(decisions: Sequence[tuple[Meeting, str]]) -> list[tuple[str, str]]:
    """`show`'s rows of the decisions about an item: "Decision: DATE: text"."""
    return [(_("Decision"), f"{_date(m)}: {d}") for m, d in decisions]


def decisions_json(decisions: Sequence[tuple[Meeting, str]]) -> list[dict[str, str | None]]:
    """The decisions about an item as JSON-ready data."""
    return [
        {"date": m.date.isoformat() if m.date else None, "meeting": m.title, "decision": d}
        for m, d in decisions
    ]


def render_text(
    meetings: Sequence[Meeting], roadmap: Roadmap, lang: str, today: dt.date | None = None
) -> str:
    """Each session: date and title (scheduled ones marked), then attendees, items and decisions."""
    if not meetings:
        return _("No meetings recorded yet; add one with `ewg meeting add`.") + "\n"
    lines: list[str] = []
    for meeting in meetings:
        if lines:
            lines.append("")
        mark = "  " + _("(scheduled)") if _scheduled(meeting, today) else ""
        lines.append(f"{_date(meeting)}  {terminal(meeting.label(lang))}{mark}")
        if meeting.attendees:
            lines.append(
                "  "
                + _("Attendees: {owners}").format(owners=terminal(", ".join(meeting.attendees)))
            )
        if meeting.items:
            lines.append(
                "  "
                + _("Items discussed: {items}").format(items=terminal(", ".join(meeting.items)))
            )
        if meeting.decisions:
            lines.append("  " + _("Decisions:"))
            lines += [f"  - {terminal(d)}" for d in meeting.decisions_in(lang)]
    return "\n".join(lines) + "\n"


def render_markdown(
    meetings: Sequence[Meeting], roadmap: Roadmap, lang: str, today: dt.date | None = None
) -> str:
    """Each session as a Markdown section, for minutes and pull requests."""
    lines = [f"# {_('Meetings')}", ""]
    if not meetings:
        return "\n".join([*lines, _("No meetings recorded yet.")]) + "\n"
    for meeting in meetings:
        mark = " " + _("(scheduled)") if _scheduled(meeting, today) else ""
        lines += [f"## {_date(meeting)} — {markdown(meeting.label(lang))}{mark}", ""]
        if meeting.attendees:
            names = [
                roadmap.owners[o].label(lang) if o in roadmap.owners else o
                for o in meeting.attendees
            ]
            lines += [
                f"**{_('Attendees')}:** " + ", ".join(markdown(n) for n in names),
                "",
            ]
        if meeting.items:
            lines += [
                f"**{_('Items discussed')}:** " + ", ".join(markdown(i) for i in meeting.items),
                "",
            ]
        if meeting.decisions:
            lines += [f"**{_('Decisions')}:**", ""]
            lines += [f"- {markdown(d)}" for d in meeting.decisions_in(lang)]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
