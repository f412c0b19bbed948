"""The report for officials as GitHub Markdown; every value from the file is escaped."""

from __future__ import annotations

import datetime as dt

from ewg.i18n import _, ngettext, prose_date
from ewg.query import Tally
from ewg.render.escape import markdown, safe_url
from ewg.render.report_indicators import markdown_section
from ewg.render.status import bar
from ewg.report import (
    BurnupPoint,
    HistoryUnavailable,
    ItemLine,
    Report,
    ReportHistory,
    when,
)

BURNUP_COLUMNS = 6  # dates shown per area in the burn-up table


def _m(text: str) -> str:
    return markdown(text)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _open(p: Tally) -> int:
    return p.by_status["planned"] + p.by_status["in_progress"] + p.by_status["blocked"]


def overall_line(report: Report) -> str:
    """The one-sentence summary under the title."""
    p = report.overall
    by = p.by_status
    counts = [
        ngettext("{n} done", "{n} done", by["done"]).format(n=by["done"]),
        ngettext("{n} in progress", "{n} in progress", by["in_progress"]).format(
            n=by["in_progress"]
        ),
        ngettext("{n} blocked", "{n} blocked", by["blocked"]).format(n=by["blocked"]),
        ngettext("{n} planned", "{n} planned", by["planned"]).format(n=by["planned"]),
    ]
    if by["dropped"]:
        counts.append(ngettext("{n} dropped", "{n} dropped", by["dropped"]).format(n=by["dropped"]))
    return ngettext(
        "{n} item: {counts} — {percent}% complete.",
        "{n} items: {counts} — {percent}% complete.",
        p.total,
    ).format(n=p.total, counts=", ".join(counts), percent=p.percent)


def _url(url: str) -> str:
    """A link destination that cannot end the link, the table cell or escape anything."""
    for char, code in (("\\", "%5C"), ("(", "%28"), (")", "%29"), ("|", "%7C"), ("`", "%60")):
        url = url.replace(char, code)
    return url


def _links(links: tuple[str, ...]) -> str:
    safe = [u for u in links if safe_url(u)]
    return " ".join(f"[{_('link')}]({_url(u)})" for u in safe)


def _items(title: str, items: list[ItemLine], overdue: bool) -> list[str]:
    lines = ["", f"## {title} ({len(items)})", ""]
    if not items:
        return [*lines, _("None.")]
    last = _("Days late") if overdue else _("Reason")
    lines += [
        _row([_("ID"), _("Title"), _("Area"), _("Owners"), _("Due"), last]),
        "|---|---|---|---|---|---|",
    ]
    for i in items:
        title_cell = _m(i.title)
        links = _links(i.links)
        if links:
            title_cell += " " + links
        extra = str(i.days_late or "") if overdue else _m(i.reason or "")
        lines.append(
            _row(
                [
                    _m(i.id),
                    title_cell,
                    _m(i.area),
                    _m(", ".join(i.owners)) or "—",
                    i.due.isoformat() if i.due else "",
                    extra,
                ]
            )
        )
    return lines


def _sample(points: list[BurnupPoint], days: list[dt.date]) -> list[BurnupPoint | None]:
    out: list[BurnupPoint | None] = []
    for day in days:
        before = [p for p in points if p.day <= day]
        out.append(before[-1] if before else None)
    return out


def _burnup(report: Report, history: ReportHistory) -> list[str]:
    days = sorted({p.day for series in history.burnup.values() for p in series})
    if not days:
        return []
    if len(days) > BURNUP_COLUMNS:
        step = (len(days) - 1) / (BURNUP_COLUMNS - 1)
        days = [days[round(i * step)] for i in range(BURNUP_COLUMNS)]
    lines = [
        "",
        f"## {_('Burn-up by area')}",
        "",
        _("Items done out of items planned (dropped items do not count), at each date."),
        "",
        _row([_("Area"), *(d.isoformat() for d in days)]),
        "|---|" + "---:|" * len(days),
    ]
    for area, series in history.burnup.items():
        cells = [f"{p.done}/{p.total}" if p is not None else "—" for p in _sample(series, days)]
        lines.append(_row([_m(report.area_names.get(area, area)), *cells]))
    return lines


def _history(report: Report) -> list[str]:
    history = report.history
    if isinstance(history, HistoryUnavailable):
        return [
            "",
            f"## {_('What changed')}",
            "",
            _(
                "The record of past changes is not available, so this report shows the roadmap as it stands today: {reason}."
            ).format(reason=_m(history.reason)),
        ]
    since = (
        _("What changed since {since}").format(since=_m(history.since.label))
        if history.since
        else _("What changed")
    )
    lines = ["", f"## {since} ({len(history.changes)})", ""]
    if not history.changes:
        lines.append(_("No changes."))
    else:
        lines += [
            _row([_("Date"), _("Item"), _("Change"), _("Author"), _("Commit")]),
            "|---|---|---|---|---|",
        ]
        for c in history.changes:
            lines.append(
                _row([c.day.isoformat(), _m(c.subject), _m(c.text), _m(c.author), f"`{c.commit}`"])
            )
    if history.skipped:
        lines += [
            "",
            _("{n} commits could not be read and were skipped.").format(n=history.skipped),
        ]
    return lines + _burnup(report, history)


def render(report: Report) -> str:
    """The whole report as Markdown that GitHub renders well."""
    lines = [
        f"# {_m(report.title)}",
        "",
        _("Report for officials, as of {date}.").format(date=prose_date(report.today)),
        "",
        overall_line(report),
        "",
        f"## {_('Progress by area')}",
        "",
        _row(
            [
                _("Area"),
                _("Items"),
                _("Done"),
                _("Open"),
                _("Blocked"),
                _("Progress"),
            ]
        ),
        "|---|---:|---:|---:|---:|---|",
    ]
    for a in report.areas:
        p = a.progress
        lines.append(
            _row(
                [
                    _m(a.name),
                    str(p.total),
                    str(p.done),
                    str(_open(p)),
                    str(p.by_status["blocked"]),
                    f"{bar(p.percent, 10)} {p.percent}%",
                ]
            )
        )
    lines += ["", f"## {_('Milestones')}", ""]
    if not report.milestones:
        lines.append(_("None."))
    else:
        lines += [
            _row([_("Milestone"), _("Due"), _("When"), _("Items"), _("Done"), _("Progress")]),
            "|---|---|---|---:|---:|---|",
        ]
        for m in report.milestones:
            p = m.progress
            lines.append(
                _row(
                    [
                        _m(m.name),
                        m.due.isoformat() if m.due else "",
                        when(m.days_left),
                        str(p.total),
                        str(p.done),
                        f"{bar(p.percent, 10)} {p.percent}%",
                    ]
                )
            )
    lines += _items(_("Blocked items"), report.blocked, overdue=False)
    lines += _items(_("Overdue items"), report.overdue, overdue=True)
    lines += [
        "",
        f"## {_('Triple-helix coverage')}",
        "",
        _("Owners of each area's items by sector and by country."),
        "",
        _row(
            [
                _("Area"),
                _("Government"),
                _("Industry"),
                _("Academia"),
                _("Mexico"),
                _("United States"),
            ]
        ),
        "|---|---|---|---|---|---|",
    ]
    for c in report.coverage:  # how many institutions, or a clear mark; names in the legend
        cells = [_m(c.area)]
        for group in (c.sectors, c.countries):
            cells += [str(len(v)) if v else f"**{_('missing')}**" for v in group.values()]
        lines.append(_row(cells))
    if report.institutions:
        lines += ["", _("Institutions:"), ""]
        lines += [
            f"- {_m(name)} — {_(sector)}, {_(country)}"
            for name, sector, country in report.institutions
        ]
    lines += ["", f"## {_('Decisions of the last meeting')}", ""]
    meeting = report.meeting
    if meeting is None:
        lines.append(_("No meeting recorded yet."))
    else:
        date = meeting.date.isoformat() if meeting.date else ""
        lines += [f"**{date} — {_m(meeting.title)}**", ""]
        if meeting.attendees:
            lines += [
                _("Attendees: {owners}").format(owners=_m(", ".join(meeting.attendees))),
                "",
            ]
        if meeting.items:
            lines += [
                _("Items discussed: {items}").format(items=_m(", ".join(meeting.items))),
                "",
            ]
        if meeting.decisions:
            lines += [f"- {_m(d)}" for d in meeting.decisions]
        else:
            lines.append(_("No decisions recorded."))
    lines += markdown_section(report)
    lines += _history(report)
    return "\n".join(lines).rstrip("\n") + "\n"
