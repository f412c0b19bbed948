"""The Indicators section of the report for officials, as HTML and as Markdown.

Per area, each indicator's measurements against the straight line from its
baseline to its target: in HTML an inline SVG chart drawn by the report's one
chart drawer (`ewg.render.svgchart`), with a data table as its text alternative;
in Markdown the data table alone (the burn-up has no text chart either). The
countries of a group are shown side by side. Numbers follow the language, as in
`ewg status` (`ewg.render.indicators`); every value from the file is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ewg.i18n import _
from ewg.indicators import Indicator, Measurement, Standing, expected
from ewg.render.escape import html as h
from ewg.render.escape import markdown
from ewg.render.htmltable import DATE, row_header, table
from ewg.render.indicators import (
    _brief,
    _countries,
    _latest,
    _point,
    by_area,
    format_number,
    format_percent,
    groups,
    mark,
)
from ewg.render.svgchart import Frame, margin, svg
from ewg.report import IndicatorSection, Report

PLANNED = "#8a96a3"  # the straight line to the target: the burn-up's "planned" grey
COLORS = {True: "#2e7d4f", False: "#b3261e", None: "#0b5394"}  # on track, behind, cannot tell


# --- the figures of one indicator ----------------------------------------------------------


class Row:
    """One row of an indicator's data table: a date, what it is, a value, the line's value."""

    __slots__ = ("day", "kind", "line", "value")

    def __init__(self, day: dt.date, kind: str, value: float, line: float | None) -> None:
        self.day, self.kind, self.value, self.line = day, kind, value, line


def on_the_line(indicator: Indicator, day: dt.date) -> float | None:
    """The value the straight line from baseline to target has on `day` (None without both)."""
    share = expected(indicator, day)
    base, target = indicator.baseline, indicator.target
    if share is None or base is None or target is None:
        return None
    return base.value + share * (target.value - base.value)


def rows(indicator: Indicator, series: Sequence[Measurement]) -> list[Row]:
    """Baseline, measurements and target, by date (on one date in that order)."""
    found: list[tuple[int, Row]] = []
    base, target = indicator.baseline, indicator.target
    if base is not None:
        found.append((0, Row(base.date, _("Baseline"), base.value, base.value)))
    for m in series:
        if m.date is not None and m.value is not None:
            found.append((1, Row(m.date, _("Measured"), m.value, on_the_line(indicator, m.date))))
    if target is not None:
        found.append((2, Row(target.date, _("Target"), target.value, target.value)))
    found.sort(key=lambda pair: (pair[1].day, pair[0]))
    return [row for _order, row in found]


def summary(standing: Standing, lang: str) -> str:
    """Latest, progress, expected share and mark in one line."""
    return _("Latest: {latest} · progress {progress} · expected {expected} · {mark}").format(
        latest=_latest(standing, lang),
        progress=format_percent(standing.progress, lang),
        expected=format_percent(standing.expected, lang),
        mark=mark(standing),
    )


def _name(standing: Standing, lang: str) -> str:
    indicator = standing.indicator
    return f"{indicator.label(lang)} ({_(indicator.country)})"


# --- HTML ----------------------------------------------------------------------------------


def chart_svg(standing: Standing, series: Sequence[Measurement], lang: str) -> str:
    """The chart of one indicator: its measurements (a solid line with dots, green when on
    track, red when behind) against the dashed line from baseline to target; "" with nothing
    dated to draw."""
    indicator = standing.indicator
    ends = [p for p in (indicator.baseline, indicator.target) if p is not None]
    measured = [(m.date, m.value) for m in series if m.date is not None and m.value is not None]
    points = [(p.date, p.value) for p in ends] + measured
    if not points:
        return ""
    values = [value for _day, value in points]
    low, high = min(0, *values), max(values)
    high = high if high > low else low + 1
    scale = (format_number(high, lang), format_number(low, lang))
    days = [day for day, _v in points]
    frame = Frame(min(days), max(days), low, high, margin(*scale))
    body = ""
    if len(ends) == 2:
        body += (
            f'<path d="{frame.line([(p.date, p.value) for p in ends])}" fill="none" '
            f'stroke="{PLANNED}" stroke-width="2" stroke-dasharray="5 3" data-line="target"/>'
        )
    color = COLORS[standing.on_track]
    if len(measured) > 1:
        body += (
            f'<path d="{frame.line(measured)}" fill="none" stroke="{color}" stroke-width="2" '
            'data-line="measured"/>'
        )
    body += "".join(
        f'<circle cx="{frame.x(day)}" cy="{frame.y(value)}" r="3" fill="{color}"/>'
        for day, value in measured
    )
    target = indicator.target
    label = _("{name}: {latest} against a target of {target}; {mark}").format(
        name=_name(standing, lang),
        latest=_latest(standing, lang),
        target=_point(target, indicator.unit_in(lang), lang),
        mark=mark(standing),
    )
    data: dict[str, object] = {"measurements": len(measured)}
    if standing.value is not None:
        data["latest"] = standing.value
    if target is not None:
        data["target"] = target.value
    if standing.on_track is not None:
        data["on-track"] = "yes" if standing.on_track else "no"
    return svg(frame, body, label, scale, data)


def _name_html(standing: Standing, lang: str) -> str:
    """The name, marked as English on a Spanish page when it has no Spanish form."""
    name = h(_name(standing, lang))
    english = lang == "es" and not standing.indicator.name_es
    return f'<span lang="en">{name}</span>' if english else name


def data_table(standing: Standing, series: Sequence[Measurement], lang: str) -> str:
    """The figures of the chart as a table: the chart's text alternative."""
    indicator = standing.indicator
    unit = indicator.unit_in(lang)
    caption = _("{name}: measurements against the line from baseline to target").format(
        name=_name(standing, lang)
    )
    headers = [_("Date"), _("What"), _("Value ({unit})").format(unit=unit), _("On the line")]
    body = [
        f"<tr>{row_header(row.day.isoformat(), DATE)}<td>{h(row.kind)}</td>"
        f'<td class="num" data-value="{row.value}">{h(format_number(row.value, lang))}</td>'
        f'<td class="num">{h(format_number(row.line, lang))}</td></tr>'
        for row in rows(indicator, series)
    ]
    return table(' class="indicator-data" style="font-size:0.85em"', caption, headers, body, {2, 3})


def _figure(standing: Standing, section: IndicatorSection, lang: str) -> str:
    indicator = standing.indicator
    series = section.series.get(indicator.id, [])
    return (
        f'<figure data-indicator="{h(indicator.id)}" data-country="{h(indicator.country)}">'
        f"<figcaption>{_name_html(standing, lang)}</figcaption>"
        f"{chart_svg(standing, series, lang)}"
        f'<p class="muted">{h(summary(standing, lang))}</p>'
        f"{data_table(standing, series, lang)}</figure>"
    )


def _charts(figures: list[str], attributes: str = "", columns: int = 0) -> str:
    style = f' style="grid-template-columns:repeat({columns},minmax(0,1fr))"' if columns else ""
    return f'<div class="charts"{attributes}{style}>\n' + "\n".join(figures) + "\n</div>"


def html_section(report: Report) -> str:
    """The Indicators section of the HTML page ("" when the roadmap has none)."""
    section = report.indicators
    if section is None:
        return ""
    lang = report.lang
    legend = _(
        "Each chart: the measurements (solid line and dots; green on track, red behind) "
        "against the straight line from the baseline to the target (dashed). "
        "The table under each chart holds the same figures."
    )
    out = [
        '<section id="indicators">',
        f"<h2>{h(_('Indicators'))}</h2>",
        f'<p class="muted">{h(legend)}</p>',
    ]
    for label, mine in by_area(section.standings, list(report.area_names.items())):
        out.append(f'<h3 style="margin-top:18px">{h(label)}</h3>')
        compared = groups(mine)
        shown: set[str] = set()
        for group, members in compared:
            countries = [c for c in _countries([members]) if c in members]
            title = _("Side by side — {group}").format(group=group)
            out.append(f'<h4 data-group="{h(group)}">{h(title)}</h4>')
            figures = [_figure(members[c], section, lang) for c in countries]
            out.append(_charts(figures, f' data-group="{h(group)}"', len(countries)))
            shown |= {members[c].indicator.id for c in countries}
        rest = [_figure(s, section, lang) for s in mine if s.indicator.id not in shown]
        if rest:
            out.append(_charts(rest))
    out.append("</section>")
    return "\n".join(out)


# --- Markdown ------------------------------------------------------------------------------


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_indicator(standing: Standing, section: IndicatorSection, lang: str) -> list[str]:
    indicator = standing.indicator
    unit = indicator.unit_in(lang)
    lines = [
        "",
        f"#### {markdown(_name(standing, lang))}",
        "",
        markdown(summary(standing, lang)),
        "",
        _md_row(
            [
                _("Date"),
                _("What"),
                markdown(_("Value ({unit})").format(unit=unit)),
                _("On the line"),
            ]
        ),
        "|---|---|---:|---:|",
    ]
    for row in rows(indicator, section.series.get(indicator.id, [])):
        cells = [row.day.isoformat(), markdown(row.kind), format_number(row.value, lang)]
        lines.append(_md_row([*cells, format_number(row.line, lang)]))
    return lines


def markdown_section(report: Report) -> list[str]:
    """The Indicators section as Markdown lines ([] when the roadmap has none)."""
    section = report.indicators
    if section is None:
        return []
    lang = report.lang
    lines = [
        "",
        f"## {_('Indicators')}",
        "",
        _(
            "Each indicator's measurements against the straight line from its baseline to "
            "its target, with where it stands."
        ),
    ]
    for label, mine in by_area(section.standings, list(report.area_names.items())):
        lines += ["", f"### {markdown(label)}"]
        compared = groups(mine)
        if compared:
            countries = _countries([m for _g, m in compared])
            lines += ["", _md_row([_("Group"), *(markdown(_(c)) for c in countries)])]
            lines.append("|---|" + "---|" * len(countries))
            for group, members in compared:
                cells = [
                    markdown(_brief(members[c], lang)) if c in members else "—" for c in countries
                ]
                lines.append(_md_row([markdown(group), *cells]))
        for standing in mine:
            lines += _md_indicator(standing, section, lang)
    return lines
