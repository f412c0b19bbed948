"""The report for officials as one self-contained HTML page: inline CSS and SVG, no script.

The page loads nothing (a Content-Security-Policy forbids it), prints cleanly on
paper, and escapes every value from the file; links are written only for
http and https URLs. Numbers carry `data-*` attributes so that tests (and other
tools) can read them back from the rendered page.
"""

from __future__ import annotations

import datetime as dt

from ewg.i18n import _, prose_date
from ewg.query import Tally
from ewg.render.escape import html as h
from ewg.render.escape import safe_url
from ewg.render.htmltable import DATE, row_header, table
from ewg.render.report_indicators import html_section
from ewg.render.report_markdown import overall_line
from ewg.render.svgchart import Frame, svg
from ewg.report import (
    BurnupPoint,
    HistoryUnavailable,
    ItemLine,
    Report,
    ReportHistory,
    when,
)

CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe1; --done: #2e7d4f;
  --open: #c9d3dc; --blocked: #b3261e; --accent: #0b5394; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "Liberation Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto;
  max-width: 1100px; padding: 24px 32px; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 8px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 28px 0 8px; color: var(--accent);
  border-bottom: 1px solid var(--line); padding-bottom: 3px; }
h3 { font-size: 1em; margin: 0 0 6px; }
.sub, .muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card .n { font-size: 1.6em; font-weight: 600; display: block; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: break-word; }
th code, th.date, td.date, td[data-field=percent] { white-space: nowrap; }
#coverage td { font-size: 0.85em; }
#coverage tbody th { min-width: 9em; }
th { font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
tbody th { font-size: 1em; text-transform: none; letter-spacing: normal; color: inherit;
  font-weight: normal; }
caption { text-align: left; font-size: 0.85em; padding: 2px 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; width: 110px; height: 10px; background: var(--open);
  border-radius: 5px; overflow: hidden; vertical-align: middle; margin-right: 6px; }
.bar > span { display: block; height: 100%; background: var(--done); }
.missing { color: var(--blocked); font-weight: 600; }
.late { color: var(--blocked); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
  gap: 12px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.legend span { margin-right: 14px; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px;
  margin-right: 4px; }
ul.decisions { margin: 6px 0; padding-left: 20px; }
code { font-size: 0.9em; }
footer { margin-top: 28px; font-size: 0.85em; color: var(--muted); }
@page { margin: 14mm 12mm; }  /* the paper the printer has: A4 or Letter */
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  h2, h2 + p { break-after: avoid; }
  .bar { width: 70px; }
  tr, figure, .card, .meeting { break-inside: avoid; }
  thead { display: table-header-group; }
  .charts { grid-template-columns: repeat(2, 1fr); }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 0.8em; color: var(--muted); }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def _bar(percent: int) -> str:
    width = max(0, min(100, percent))
    return f'<span class="bar" aria-hidden="true"><span style="width:{width}%"></span></span>'


def _open(p: Tally) -> int:
    return p.by_status["planned"] + p.by_status["in_progress"] + p.by_status["blocked"]


def _num(field: str, value: int, suffix: str = "") -> str:
    return f'<td class="num" data-field="{field}">{value}{suffix}</td>'


def _link(url: str) -> str:
    safe = safe_url(url)
    if safe is None:
        return ""
    return f'<a href="{h(safe)}" rel="noopener noreferrer">{h(_("link"))}</a>'


def _cards(report: Report) -> str:
    p = report.overall
    cards = [
        ("total", _("Items"), p.total),
        ("done", _("Done"), p.done),
        ("in_progress", _("In progress"), p.by_status["in_progress"]),
        ("blocked", _("Blocked"), p.by_status["blocked"]),
        ("overdue", _("Overdue"), len(report.overdue)),
        ("percent", _("Complete"), p.percent),
    ]
    out = ['<div class="cards" id="overall">']
    for key, label, value in cards:
        suffix = "%" if key == "percent" else ""
        out.append(
            f'<div class="card"><span class="n" data-field="{key}">{value}{suffix}</span>'
            f"{h(label)}</div>"
        )
    out.append("</div>")
    return "\n".join(out)


def _d(text: str, english: frozenset[str]) -> str:
    """A value of the file, escaped; marked lang="en" when a Spanish page shows it in English."""
    return f'<span lang="en">{h(text)}</span>' if text in english else h(text)


def _areas(report: Report) -> str:
    rows = []
    for a in report.areas:
        p = a.progress
        rows.append(
            f'<tr data-area="{h(a.id)}">{row_header(_d(a.name, report.english))}'
            + _num("total", p.total)
            + _num("done", p.done)
            + _num("open", _open(p))
            + _num("blocked", p.by_status["blocked"])
            + f'<td data-field="percent">{_bar(p.percent)}{p.percent}%</td></tr>'
        )
    return _table(
        "areas",
        _("Items of each area by status"),
        [_("Area"), _("Items"), _("Done"), _("Open"), _("Blocked"), _("Progress")],
        rows,
        numeric={1, 2, 3, 4},
    )


def _milestones(report: Report) -> str:
    if not report.milestones:
        return f"<p>{h(_('None.'))}</p>"
    rows = []
    for m in report.milestones:
        p = m.progress
        late = m.days_left is not None and m.days_left < 0 and p.percent < 100
        rows.append(
            f'<tr data-milestone="{h(m.id)}">{row_header(_d(m.name, report.english))}'
            f'<td class="date">{m.due.isoformat() if m.due else ""}</td>'
            f"<td{' class=late' if late else ''}>{h(when(m.days_left))}</td>"
            + _num("total", p.total)
            + _num("done", p.done)
            + f'<td data-field="percent">{_bar(p.percent)}{p.percent}%</td></tr>'
        )
    return _table(
        "milestones",
        _("Items of each milestone and when it is due"),
        [_("Milestone"), _("Due"), _("When"), _("Items"), _("Done"), _("Progress")],
        rows,
        numeric={3, 4},
    )


def _items(kind: str, items: list[ItemLine], english: frozenset[str] = frozenset()) -> str:
    if not items:
        return f'<p id="{kind}">{h(_("None."))}</p>'
    overdue = kind == "overdue"
    rows = []
    for i in items:
        links = " ".join(filter(None, (_link(u) for u in i.links)))
        last = (
            f'<td class="num late" data-field="days_late">{i.days_late or ""}</td>'
            if overdue
            else f"<td>{_d(i.reason or '', english)}</td>"
        )
        rows.append(
            f'<tr data-item="{h(i.id)}">{row_header(f"<code>{h(i.id)}</code>")}'
            f"<td>{_d(i.title, english)}{' ' + links if links else ''}</td>"
            f"<td>{_d(i.area, english)}</td>"
            f"<td>{h(', '.join(i.owners)) or '—'}</td>"
            f'<td class="date">{i.due.isoformat() if i.due else ""}</td>{last}</tr>'
        )
    headers = [
        _("ID"),
        _("Title"),
        _("Area"),
        _("Owners"),
        _("Due"),
        _("Days late") if overdue else _("Reason"),
    ]
    caption = _("Overdue items and how late they are") if overdue else _("Blocked items and why")
    return _table(kind, caption, headers, rows, numeric={5} if overdue else set())


def _coverage(report: Report) -> str:
    rows = []
    for c in report.coverage:
        cells = [row_header(_d(c.area, report.english))]
        for group in (c.sectors, c.countries):
            for key, names in group.items():
                if names:  # a count; the names are in the legend below
                    title = h(", ".join(names))
                    cells.append(f'<td data-field="{h(key)}" title="{title}">{len(names)}</td>')
                else:
                    cells.append(
                        f'<td data-field="{h(key)}" class="missing">{h(_("missing"))}</td>'
                    )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    headers = [
        _("Area"),
        _("Government"),
        _("Industry"),
        _("Academia"),
        _("Mexico"),
        _("United States"),
    ]
    legend = [
        f"<li>{_d(name, report.english)} — {h(_(sector))}, {h(_(country))}</li>"
        for name, sector, country in report.institutions
    ]
    table = _table(
        "coverage", _("Owners of each area's items by sector and by country."), headers, rows
    )
    if not legend:
        return table
    caption = f'<p class="muted">{h(_("Institutions:"))}</p>'
    return table + "\n" + caption + '\n<ul class="legend">' + "".join(legend) + "</ul>"


def _meeting(report: Report) -> str:
    meeting = report.meeting
    if meeting is None:
        return f"<p>{h(_('No meeting recorded yet.'))}</p>"
    date = meeting.date.isoformat() if meeting.date else ""
    out = ['<div class="meeting">', f"<h3>{date} — {_d(meeting.title, report.english)}</h3>"]
    if meeting.attendees:
        text = _("Attendees: {owners}").format(owners=", ".join(meeting.attendees))
        out.append(f'<p class="muted">{h(text)}</p>')
    if meeting.items:
        text = _("Items discussed: {items}").format(items=", ".join(meeting.items))
        out.append(f'<p class="muted">{h(text)}</p>')
    if meeting.decisions:
        out.append('<ul class="decisions">')
        out += [f"<li>{_d(d, report.english)}</li>" for d in meeting.decisions]
        out.append("</ul>")
    else:
        out.append(f"<p>{h(_('No decisions recorded.'))}</p>")
    out.append("</div>")
    return "\n".join(out)


def _history(report: Report) -> str:
    history = report.history
    if isinstance(history, HistoryUnavailable):
        text = _(
            "The record of past changes is not available, so this report shows the roadmap as it stands today: {reason}."
        ).format(reason=history.reason)
        return (
            f'<h2>{h(_("What changed"))}</h2>\n<p id="history-unavailable" class="muted">'
            f"{h(text)}</p>"
        )
    title = (
        _("What changed since {since}").format(since=history.since.label)
        if history.since
        else _("What changed")
    )
    out = [f"<h2>{h(title)} ({len(history.changes)})</h2>"]
    if not history.changes:
        out.append(f"<p>{h(_('No changes.'))}</p>")
    else:
        rows = [
            f"<tr>{row_header(c.day.isoformat(), DATE)}<td>{h(c.subject)}</td>"
            f"<td>{h(c.text)}</td><td>{h(c.author)}</td><td><code>{h(c.commit)}</code></td></tr>"
            for c in history.changes
        ]
        headers = [_("Date"), _("Item"), _("Change"), _("Author"), _("Commit")]
        caption = _("Changes to the roadmap, by date")
        out.append(_table("changes", caption, headers, rows))
    if history.skipped:
        text = _("{n} commits could not be read and were skipped.").format(n=history.skipped)
        out.append(f'<p class="muted">{h(text)}</p>')
    out.append(_charts(report, history))
    return "\n".join(out)


def _charts(report: Report, history: ReportHistory) -> str:
    series = {a: s for a, s in history.burnup.items() if s}
    if not series:
        return ""
    days = [p.day for s in series.values() for p in s]
    first, last = min(days), max(days)
    out = [
        f"<h2>{h(_('Burn-up by area'))}</h2>",
        f'<p class="legend muted"><span><span class="swatch" style="background:#2e7d4f">'
        f'</span>{h(_("done"))}</span><span><span class="swatch" '
        f'style="background:#8a96a3"></span>{h(_("items planned (dropped items do not count)"))}'
        "</span></p>",
        '<div class="charts">',
    ]
    for area, points in series.items():
        name = report.area_names.get(area, area)
        out.append(
            f'<figure data-area="{h(area)}"><figcaption>{_d(name, report.english)}</figcaption>'
            f"{burnup_svg(points, first, last, name)}{burnup_table(points, name)}</figure>"
        )
    out.append("</div>")
    return "\n".join(out)


def burnup_svg(points: list[BurnupPoint], first: dt.date, last: dt.date, name: str) -> str:
    """A small inline SVG: items planned (line) and done (filled) over time, as steps."""
    peak = max(max(p.total for p in points), 1)
    frame = Frame(first, last, 0, peak)
    total = frame.steps([(p.day, p.total) for p in points])
    done_line = frame.steps([(p.day, p.done) for p in points])
    done_area = f"{done_line} V{frame.y(0)} H{frame.x(points[0].day)} Z"
    final = points[-1]
    label = _("{name}: {done} of {total} items done").format(
        name=name, done=final.done, total=final.total
    )
    body = (
        f'<path d="{done_area}" fill="#2e7d4f" fill-opacity="0.35" stroke="none"/>'
        f'<path d="{done_line}" fill="none" stroke="#2e7d4f" stroke-width="2"/>'
        f'<path d="{total}" fill="none" stroke="#8a96a3" stroke-width="2" '
        f'stroke-dasharray="5 3"/>'
    )
    return svg(frame, body, label, (str(peak), "0"), {"total": final.total, "done": final.done})


def burnup_table(points: list[BurnupPoint], name: str) -> str:
    """The figures of a burn-up chart as a table: the chart's text alternative."""
    caption = _("{name}: items planned and done at each date").format(name=name)
    rows = [
        f"<tr>{row_header(p.day.isoformat(), DATE)}"
        f'<td class="num">{p.total}</td><td class="num">{p.done}</td></tr>'
        for p in points
    ]
    headers = [_("Date"), _("Planned"), _("Done")]
    return table(' class="burnup-data" style="font-size:0.85em"', caption, headers, rows, {1, 2})


def _table(
    key: str, caption: str, headers: list[str], rows: list[str], numeric: set[int] | None = None
) -> str:
    return table(f' id="{key}"', caption, headers, rows, numeric or set())


def render(report: Report) -> str:
    """The whole report as one HTML page."""
    lang = "es" if report.lang == "es" else "en"
    subtitle = _("Report for officials, as of {date}.").format(date=prose_date(report.today))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{h(report.title)} — {h(report.today.isoformat())}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{h(report.title)}</h1>",
        f'<p class="sub">{h(subtitle)}</p>',
        "</header>",
        "<main>",
        f'<p id="summary">{h(overall_line(report))}</p>',
        _cards(report),
        f"<h2>{h(_('Progress by area'))}</h2>",
        _areas(report),
        f"<h2>{h(_('Milestones'))}</h2>",
        _milestones(report),
        f"<h2>{h(_('Blocked items'))} ({len(report.blocked)})</h2>",
        _items("blocked", report.blocked, report.english),
        f"<h2>{h(_('Overdue items'))} ({len(report.overdue)})</h2>",
        _items("overdue", report.overdue, report.english),
        f"<h2>{h(_('Triple-helix coverage'))}</h2>",
        _coverage(report),
        f"<h2>{h(_('Decisions of the last meeting'))}</h2>",
        _meeting(report),
        html_section(report),
        _history(report),
        "</main>",
        f"<footer>{h(_('Made with ewg from roadmap.toml.'))}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
