"""The group's sessions as text for the terminal or as Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from ewg.i18n import _
from ewg.model import Meeting, Roadmap
from ewg.render.escape import markdown, terminal


def _date(meeting: Meeting) -> str:
    return meeting.date.isoformat() if meeting.date else _("(no date)")


def render_text(meetings: Sequence[Meeting], roadmap: Roadmap, lang: str) -> str:
    """Each session: date and title, then attendees, items discussed and decisions."""
    if not meetings:
        return _("No meetings recorded yet; add one with `ewg meeting add`.") + "\n"
    lines: list[str] = []
    for meeting in meetings:
        if lines:
            lines.append("")
        lines.append(f"{_date(meeting)}  {terminal(meeting.label(lang))}")
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


def render_markdown(meetings: Sequence[Meeting], roadmap: Roadmap, lang: str) -> str:
    """Each session as a Markdown section, for minutes and pull requests."""
    lines = [f"# {_('Meetings')}", ""]
    if not meetings:
        return "\n".join([*lines, _("No meetings recorded yet.")]) + "\n"
    for meeting in meetings:
        lines += [f"## {_date(meeting)} — {markdown(meeting.label(lang))}", ""]
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
