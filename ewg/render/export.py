"""The roadmap for other programs: CSV, JSON, iCalendar and a Mermaid Gantt chart; pure.

CSV and JSON carry the file's keys and values whatever the language, so that a
spreadsheet or a script built on them keeps working; iCalendar and Mermaid are
read by people and follow the language of the output.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from typing import Any

from ewg.i18n import _
from ewg.model import (
    AREA_KEYS,
    ITEM_KEYS,
    MEETING_KEYS,
    MILESTONE_KEYS,
    OWNER_KEYS,
    ROADMAP_KEYS,
    Item,
    Roadmap,
    Status,
)
from ewg.render.escape import csv_cell, json_document, safe_url
from ewg.render.items import SCHEMA_VERSION, item_json, record_json
from ewg.terms import status_word

# Every item key, in the file's order but for `status` before `owners`, as since version 1.
_CSV_FIRST = ("id", "title", "title_es", "area", "status")
CSV_FIELDS = _CSV_FIRST + tuple(key for key in ITEM_KEYS if key not in _CSV_FIRST)

# C0 and C1 controls, DEL and bidi controls: never part of an exported text value.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# --- CSV -----------------------------------------------------------------------------------


def to_csv(roadmap: Roadmap) -> str:
    """Every item as a CSV row; lists joined with ';'; no cell can start a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for item in roadmap.items:
        data = item_json(item)
        row = []
        for name in CSV_FIELDS:
            value = data[name]
            row.append(
                csv_cell(value if isinstance(value, list) else "" if value is None else str(value))
            )
        writer.writerow(row)
    return buffer.getvalue()


# --- JSON ----------------------------------------------------------------------------------


def to_json(roadmap: Roadmap) -> str:
    """The whole roadmap as one JSON document."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "roadmap": record_json(roadmap, ROADMAP_KEYS),
        "areas": [record_json(a, ("id", *AREA_KEYS)) for a in roadmap.areas.values()],
        "owners": [record_json(o, ("id", *OWNER_KEYS)) for o in roadmap.owners.values()],
        "milestones": [
            record_json(m, ("id", *MILESTONE_KEYS)) for m in roadmap.milestones.values()
        ],
        "items": [item_json(i) for i in roadmap.items],
        "meetings": [record_json(m, MEETING_KEYS) for m in roadmap.meetings],
    }
    if roadmap.indicators or roadmap.measurements:
        from ewg.render.indicators import indicator_record, measurement_record

        doc["indicators"] = [indicator_record(i) for i in roadmap.indicators.values()]
        doc["measurements"] = [measurement_record(m) for m in roadmap.measurements]
    return json_document(doc)


# --- iCalendar (RFC 5545) ------------------------------------------------------------------


def ics_text(value: str) -> str:
    """A TEXT value: backslash, ';', ',' and newlines escaped, controls dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROLS.sub("", value).replace("\t", " ")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    if len(line) <= 18 or len(line.encode("utf-8")) <= 75:  # 18 chars: at most 72 octets
        return line
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _uid(kind: str, key: str, roadmap: Roadmap) -> str:
    """A UID that stays the same from one export to the next (unless the ids change)."""
    scope = hashlib.blake2b(roadmap.title.encode("utf-8"), digest_size=4).hexdigest()
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", key)
    return f"{kind}-{safe}-{scope}@ewg"


def _event(
    uid: str,
    day: dt.date,
    stamp: str,
    summary: str,
    description: str = "",
    categories: str = "",
    url: str | None = None,
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{ics_text(summary)}",
        "TRANSP:TRANSPARENT",
    ]
    if description:
        lines.append(f"DESCRIPTION:{ics_text(description)}")
    if categories:
        lines.append(f"CATEGORIES:{ics_text(categories)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def to_ical(roadmap: Roadmap, lang: str, today: dt.date, now: dt.datetime | None = None) -> str:
    """Milestones, item due dates and meetings as all-day events of one calendar."""
    # DTSTAMP is when the calendar was exported (RFC 5545), in UTC.
    moment = now or dt.datetime.combine(today, dt.time(), dt.UTC)
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    title = (roadmap.title_es if lang == "es" and roadmap.title_es else roadmap.title) or _(
        "Roadmap"
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ewg//roadmap of the Mexico-United States EV Working Group//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_text(title)}",
    ]
    for milestone in roadmap.milestones.values():
        if milestone.due is None:
            continue
        lines += _event(
            _uid("milestone", milestone.id, roadmap),
            milestone.due,
            stamp,
            _("Milestone: {title}").format(title=milestone.label(lang)),
            categories=_("Milestone"),
        )
    for item in roadmap.items:
        if item.due is None or item.status == Status.DROPPED:
            continue
        lines += _event(
            _uid("item", item.id, roadmap),
            item.due,
            stamp,
            _("{id} due: {title}").format(id=item.id, title=item.label(lang)),
            _item_description(item, roadmap, lang),
            roadmap.areas[item.area].label(lang) if item.area in roadmap.areas else item.area,
            next((u for u in item.links if safe_url(u)), None),
        )
    counts: dict[str, int] = {}
    for meeting in roadmap.meetings:
        if meeting.date is None:
            continue
        key = meeting.date.isoformat()
        counts[key] = counts.get(key, 0) + 1
        suffix = f"-{counts[key]}" if counts[key] > 1 else ""
        lines += _event(
            _uid("meeting", key + suffix, roadmap),
            meeting.date,
            stamp,
            _("Meeting: {title}").format(title=meeting.label(lang)),
            "\n".join(f"- {d}" for d in meeting.decisions_in(lang)),
            _("Meeting"),
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _item_description(item: Item, roadmap: Roadmap, lang: str) -> str:
    owners = [roadmap.owners[o].label(lang) if o in roadmap.owners else o for o in item.owners]
    parts = [
        _("Status: {status}").format(status=status_word(item.status)),
        _("Owners: {owners}").format(owners=", ".join(owners) or "—"),
    ]
    if item.reason:
        parts.append(_("Reason: {reason}").format(reason=item.reason_in(lang)))
    if item.notes:
        parts.append(item.notes_in(lang) or "")
    return "\n".join(parts)


# --- Mermaid Gantt -------------------------------------------------------------------------

# Characters with a meaning in Mermaid's Gantt syntax (':' ends a task name, ';' ends a
# statement, '#' and '%%' start comments, '<' '>' '&' '"' reach the SVG as markup) are
# written as Mermaid entity codes, which Mermaid shows as the character itself.
_MERMAID_SPECIAL = re.compile(r"[:;#%<>&\"`\\{}\[\]]")


# Words that start a statement of their own; a task name must not start with one.
_MERMAID_KEYWORDS = re.compile(
    r"(accdescr|acctitle|axisformat|call|click|dateformat|excludes|gantt|href|"
    r"inclusiveenddates|includes|section|tickinterval|title|todaymarker|topaxis|weekday|weekend)",
    re.IGNORECASE,
)


def mermaid_text(value: str) -> str:
    """Text for a Mermaid title, section or task name: one line, no syntax, no markup."""
    value = _CONTROLS.sub(" ", value.replace("\n", " "))
    value = _MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group())};", value)
    value = " ".join(value.split()) or "-"
    if _MERMAID_KEYWORDS.match(value):
        value = f"#{ord(value[0])};{value[1:]}"
    return value


def _mermaid_id(kind: str, key: str) -> str:
    return kind + "_" + re.sub(r"[^A-Za-z0-9]", "_", key)


_GANTT_TAG: dict[str, str] = {
    Status.DONE: "done, ",
    Status.IN_PROGRESS: "active, ",
    Status.BLOCKED: "crit, ",
}


def to_mermaid(roadmap: Roadmap, lang: str) -> str:
    """A Mermaid Gantt chart: a section per area with its dated items, then the milestones."""
    title = (roadmap.title_es if lang == "es" and roadmap.title_es else roadmap.title) or _(
        "Roadmap"
    )
    lines = [
        "gantt",
        f"    title {mermaid_text(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
    ]
    for area in roadmap.areas.values():
        tasks = []
        for item in roadmap.items_of(area.id):
            span = _span(item)
            if span is None or item.status == Status.DROPPED:
                continue
            start, end = span
            tag = _GANTT_TAG.get(item.status, "")
            name = mermaid_text(f"{item.id} {item.label(lang)}")
            tasks.append(
                f"    {name} :{tag}{_mermaid_id('item', item.id)}, {start.isoformat()}, "
                f"{end.isoformat()}"
            )
        if tasks:
            lines.append(f"    section {mermaid_text(area.label(lang))}")
            lines += tasks
    dated = sorted(
        (m for m in roadmap.milestones.values() if m.due),
        key=lambda m: (m.due or dt.date.max, m.id),
    )
    if dated:
        lines.append(f"    section {mermaid_text(_('Milestones'))}")
        for m in dated:
            assert m.due is not None
            lines.append(
                f"    {mermaid_text(m.label(lang))} :milestone, {_mermaid_id('milestone', m.id)}, "
                f"{m.due.isoformat()}, 0d"
            )
    return "\n".join(lines) + "\n"


def _span(item: Item) -> tuple[dt.date, dt.date] | None:
    """First and last day of an item's bar: start (or created) to due; one day if unknown."""
    if item.due is None:
        return None
    start = item.start or item.created
    if start is None or start >= item.due:
        start = item.due - dt.timedelta(days=1)
    return start, item.due
