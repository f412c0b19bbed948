"""Indicators as text, Markdown and CSV; numbers in each language's convention.

English groups thousands with a comma (10,000); Spanish with a no-break space
(10 000), as the RAE and ISO 80000 write them, and puts one before a percent
sign (38 %). Both write decimals with a point, as Mexico does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ewg.i18n import _
from ewg.indicators import Indicator, Measurement, Point, Standing
from ewg.render.escape import csv_cell, markdown, terminal

# `typing` (through ewg.diff) takes 10 ms to import; `ewg status` uses this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ewg.diff import Change

NBSP = "\u00a0"


def format_number(value: float | None, lang: str = "en") -> str:
    """A value with its thousands grouped: 10,000 (en), 10 000 (es); up to two decimals."""
    if value is None or value - value != 0:  # none, inf or nan
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.replace(",", NBSP) if lang == "es" else text


def format_percent(share: float | None, lang: str = "en") -> str:
    """A share (0.38) as a whole percent: 38% (en), 38 % (es)."""
    if share is None or share * 100 - share * 100 != 0:  # none, or past what a float holds
        return "—"
    number = format_number(round(share * 100), lang)
    return f"{number}{NBSP}%" if lang == "es" else f"{number}%"


def mark(standing: Standing) -> str:
    """On track, behind, or not measured; stale added when it is."""
    if standing.on_track is None:
        word = _("not measured") if standing.latest is None else _("cannot tell")
    else:
        word = _("on track") if standing.on_track else _("behind")
    if standing.stale and standing.latest is not None:
        word += ", " + _("stale")
    return word


def with_unit(number: str, unit: str, lang: str = "en") -> str:
    """A number followed by its unit: 2,100 chargers; a percent sign as `format_percent`
    writes it (2.5% in English, 2.5 % in Spanish)."""
    if unit == "%":
        return f"{number}{NBSP}%" if lang == "es" else f"{number}%"
    return f"{number} {unit}".rstrip()


def _value(value: float | None, unit: str, lang: str) -> str:
    return with_unit(format_number(value, lang), unit, lang) if value is not None else "—"


def _point(point: Point | None, unit: str, lang: str) -> str:
    if point is None:
        return "—"
    return f"{_value(point.value, unit, lang)} ({point.date.isoformat()})"


def _latest(standing: Standing, lang: str) -> str:
    latest = standing.latest
    if latest is None or latest.date is None:
        return "—"
    unit = standing.indicator.unit_in(lang)
    return f"{_value(latest.value, unit, lang)} ({latest.date.isoformat()})"


def _headers() -> list[str]:
    return [
        _("ID"),
        _("Indicator"),
        _("Country"),
        _("Latest"),
        _("Target"),
        _("Progress"),
        _("Expected"),
        _("On track"),
    ]


def _row(standing: Standing, lang: str) -> list[str]:
    indicator = standing.indicator
    return [
        indicator.id,
        indicator.label(lang),
        _(indicator.country),
        _latest(standing, lang),
        _point(indicator.target, indicator.unit_in(lang), lang),
        format_percent(standing.progress, lang),
        format_percent(standing.expected, lang),
        mark(standing),
    ]


def render_text(standings: Sequence[Standing], lang: str, width: int | None = None) -> str:
    """The indicators in aligned columns."""
    from ewg.render.text import columns

    if not standings:
        return _("No indicators yet; add one with `ewg indicator add`.") + "\n"
    rows = [[terminal(cell) for cell in _row(s, lang)] for s in standings]
    return columns(_headers(), rows, width, long=(1,))


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(markdown(cell) for cell in cells) + " |"


def render_markdown(standings: Sequence[Standing], lang: str) -> str:
    """The indicators as a Markdown table."""
    lines = [f"# {_('Indicators')}", ""]
    if not standings:
        return "\n".join([*lines, _("No indicators yet.")]) + "\n"
    headers = _headers()
    lines += [_md_row(headers), "|" + "---|" * len(headers)]
    lines += [_md_row(_row(s, lang)) for s in standings]
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "id",
    "name",
    "area",
    "country",
    "unit",
    "direction",
    "baseline_date",
    "baseline_value",
    "target_date",
    "target_value",
    "latest_date",
    "latest_value",
    "progress",
    "expected",
    "on_track",
    "stale",
)


def _csv(rows: Sequence[Sequence[object]], newline: str = "\n") -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    for row in rows:
        writer.writerow(
            ["" if v is None else csv_cell(v) if isinstance(v, str) else _plain(v) for v in row]
        )
    return buffer.getvalue()


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 4))
    return str(value)


def render_csv(standings: Sequence[Standing], lang: str) -> str:
    """One row per indicator: its keys and where it stands; raw numbers, dates ISO 8601."""
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    for s in standings:
        i, latest = s.indicator, s.latest
        rows.append(
            [
                i.id,
                i.label(lang),
                i.area,
                i.country,
                i.unit_in(lang),
                i.direction,
                i.baseline.date.isoformat() if i.baseline else None,
                i.baseline.value if i.baseline else None,
                i.target.date.isoformat() if i.target else None,
                i.target.value if i.target else None,
                latest.date.isoformat() if latest and latest.date else None,
                latest.value if latest else None,
                s.progress,
                s.expected,
                s.on_track,
                s.stale,
            ]
        )
    return _csv(rows)


MEASUREMENT_COLUMNS = ("indicator", "date", "value", "source", "note")


def measurements_csv(measurements: Sequence[Measurement], newline: str = "\n") -> str:
    """One row per measurement (`ewg export` ends rows with CRLF, as RFC 4180 says)."""
    rows: list[list[object]] = [list(MEASUREMENT_COLUMNS)]
    rows += [
        [m.indicator, m.date.isoformat() if m.date else None, m.value, m.source, m.note]
        for m in measurements
    ]
    return _csv(rows, newline)


def _details(standing: Standing, lang: str) -> list[tuple[str, str]]:
    indicator: Indicator = standing.indicator
    unit = indicator.unit_in(lang)
    found = [
        (_("Area"), indicator.area),
        (_("Country"), _(indicator.country)),
        (_("Unit"), unit),
        (_("Direction"), _(indicator.direction)),
        (_("Baseline"), _point(indicator.baseline, unit, lang)),
        (_("Target"), _point(indicator.target, unit, lang)),
        (_("Latest"), _latest(standing, lang)),
        (_("Progress"), format_percent(standing.progress, lang)),
        (_("Expected"), format_percent(standing.expected, lang)),
        (_("On track"), mark(standing)),
    ]
    if indicator.owners:
        found.insert(3, (_("Owners"), ", ".join(indicator.owners)))
    if indicator.group:
        found.append((_("Group"), indicator.group))
    if indicator.source:
        found.append((_("Source"), indicator.source))
    return found


def show_text(standing: Standing, measurements: Sequence[Measurement], lang: str) -> str:
    """One indicator: its keys, where it stands, and its measurements."""
    indicator = standing.indicator
    lines = [terminal(f"{indicator.id}  {indicator.label(lang)}")]
    details = _details(standing, lang)
    width = max(len(label) for label, _v in details)
    lines += [f"  {label:<{width}}  {terminal(value)}" for label, value in details]
    lines += ["", _("Measurements:")]
    if not measurements:
        lines.append("  " + _("none yet"))
    unit = indicator.unit_in(lang)
    for m in measurements:
        day = m.date.isoformat() if m.date else "?"
        extra = "  " + terminal(m.note) if m.note else ""
        lines.append(f"  {day}  {terminal(_value(m.value, unit, lang))}{extra}")
    return "\n".join(lines) + "\n"


def show_markdown(standing: Standing, measurements: Sequence[Measurement], lang: str) -> str:
    """One indicator as a Markdown section with a table of its measurements."""
    indicator = standing.indicator
    lines = [f"# {markdown(indicator.id)} — {markdown(indicator.label(lang))}", ""]
    lines += [f"- **{label}:** {markdown(value)}" for label, value in _details(standing, lang)]
    lines += ["", f"## {_('Measurements')}", ""]
    if not measurements:
        return "\n".join([*lines, _("None yet.")]) + "\n"
    unit = indicator.unit_in(lang)
    lines += [_md_row([_("Date"), _("Value"), _("Note")]), "|---|---|---|"]
    for m in measurements:
        day = m.date.isoformat() if m.date else "?"
        lines.append(_md_row([day, _value(m.value, unit, lang), m.note or ""]))
    return "\n".join(lines) + "\n"


# --- the Indicators section of `ewg status` ----------------------------------------------

COUNTRY_ORDER = ("MX", "US", "binational")


def by_area(
    standings: Sequence[Standing], areas: Sequence[tuple[str, str]]
) -> list[tuple[str, list[Standing]]]:
    """The standings of each area (id, label) that has any, in the order of `areas`."""
    mine: dict[str, list[Standing]] = {}
    for standing in standings:
        mine.setdefault(standing.indicator.area, []).append(standing)
    named = [(label, mine.pop(key)) for key, label in areas if key in mine]
    return named + [(key, found) for key, found in mine.items()]  # unknown areas last


def groups(standings: Sequence[Standing]) -> list[tuple[str, dict[str, Standing]]]:
    """The groups among `standings` with their indicator of each country, in file order."""
    found: dict[str, dict[str, Standing]] = {}
    for standing in standings:
        group = standing.indicator.group
        if group is not None:
            found.setdefault(group, {}).setdefault(standing.indicator.country, standing)
    return [(group, members) for group, members in found.items() if len(members) > 1]


def _brief(standing: Standing, lang: str) -> str:
    """Latest of target, progress and mark in one cell: 3,400 / 10,000 chargers · 25% · behind."""
    indicator = standing.indicator
    target = indicator.target.value if indicator.target else None
    values = f"{format_number(standing.value, lang)} / {format_number(target, lang)}"
    latest = with_unit(values, indicator.unit_in(lang), lang)
    return f"{latest} · {format_percent(standing.progress, lang)} · {mark(standing)}"


def _countries(members: Sequence[dict[str, Standing]]) -> list[str]:
    present = {country for m in members for country in m}
    return [c for c in COUNTRY_ORDER if c in present] + sorted(present - set(COUNTRY_ORDER))


def status_table(
    standings: Sequence[Standing],
    areas: Sequence[tuple[str, str]],
    lang: str,
    width: int | None,
    color: bool,
) -> str:
    """Each area's indicators, then its groups with the countries side by side."""
    from ewg.render.text import Table

    out: list[str] = []
    for label, mine in by_area(standings, areas):
        table = Table(
            [_("Indicator"), _("Country"), _("Latest"), _("Target"), _("Progress"), _("On track")],
            right=[4],
            long=(0,),
            title=_("Indicators — {area}").format(area=label),
            shrink=(2, 3, 5),
        )
        for s in mine:
            style = "" if s.on_track is None else "green" if s.on_track else "yellow"
            table.add(
                s.indicator.label(lang),
                _(s.indicator.country),
                _latest(s, lang),
                _point(s.indicator.target, s.indicator.unit_in(lang), lang),
                format_percent(s.progress, lang),
                (mark(s), style),
            )
        out.append(table.render(width, color))
        compared = groups(mine)
        if compared:
            countries = _countries([m for _g, m in compared])
            side = Table(
                [_("Group"), *(_(c) for c in countries)],
                long=(0,),
                title=_("Side by side — {area}").format(area=label),
                shrink=tuple(range(1, len(countries) + 1)),
            )
            for group, members in compared:
                side.add(
                    group, *(_brief(members[c], lang) if c in members else "—" for c in countries)
                )
            out.append(side.render(width, color))
    return "\n".join(out)


def status_markdown(
    standings: Sequence[Standing], areas: Sequence[tuple[str, str]], lang: str
) -> str:
    """The same as Markdown: a `## Indicators` section with a table per area."""
    lines = [f"## {_('Indicators')}"]
    headers = [_("Indicator"), _("Country"), _("Latest"), _("Target"), _("Progress"), _("On track")]
    for label, mine in by_area(standings, areas):
        lines += ["", f"### {markdown(label)}", "", _md_row(headers), "|---|---|---|---|---:|---|"]
        for s in mine:
            lines.append(
                _md_row(
                    [
                        s.indicator.label(lang),
                        _(s.indicator.country),
                        _latest(s, lang),
                        _point(s.indicator.target, s.indicator.unit_in(lang), lang),
                        format_percent(s.progress, lang),
                        mark(s),
                    ]
                )
            )
        compared = groups(mine)
        if compared:
            countries = _countries([m for _g, m in compared])
            lines += ["", _md_row([_("Group"), *(_(c) for c in countries)])]
            lines.append("|---|" + "---|" * len(countries))
            for group, members in compared:
                cells = [_brief(members[c], lang) if c in members else "—" for c in countries]
                lines.append(_md_row([group, *cells]))
    return "\n".join(lines) + "\n"


# --- as JSON-ready data (the file's keys) -------------------------------------------------


def _point_json(point: Point | None) -> dict[str, object] | None:
    return None if point is None else {"date": point.date.isoformat(), "value": point.value}


def indicator_record(indicator: Indicator) -> dict[str, object]:
    """An indicator's id and keys as JSON-ready data (baseline and target as objects)."""
    from ewg.render.items import record_json
    from ewg.shape import INDICATORS

    data = record_json(indicator, ("id", *INDICATORS.key_names))
    data["baseline"] = _point_json(indicator.baseline)
    data["target"] = _point_json(indicator.target)
    return data


def measurement_record(measurement: Measurement) -> dict[str, object]:
    """A measurement's keys as JSON-ready data."""
    from ewg.render.items import record_json
    from ewg.shape import MEASUREMENTS

    return record_json(measurement, MEASUREMENTS.key_names)


# --- changes, for `ewg changelog` (see ewg.indicators_diff) --------------------------------


def point_text(data: object, lang: str = "en") -> str:
    """A baseline or target as it came from the file: 10,000 (2030-12-31)."""
    if not isinstance(data, dict):
        return "—" if data is None else str(data)
    value, date = data.get("value"), data.get("date")
    number = format_number(value, lang) if isinstance(value, int | float) else str(value)
    return f"{number} ({date})" if date is not None else number


def measurement_change(change: Change, esc: Callable[[str], str], lang: str = "en") -> str:
    """fast-chargers-mx: 1,800 → 2,100 chargers; or a measurement removed."""
    key, unit = esc(change.key or ""), esc(change.field or "")

    def number(value: object) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value, lang)
        return "—" if value is None else str(value)

    if change.kind == "measurement_removed":
        return (
            _("measurement removed: {key} {value} {unit}")
            .format(key=key, value=esc(number(change.old)), unit=unit)
            .rstrip()
        )
    return f"{key}: " + with_unit(
        f"{esc(number(change.old))} → {esc(number(change.new))}", unit, lang
    )
