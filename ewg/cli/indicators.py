"""`ewg indicator add|record|set|rename|rm|list|show`: the diagnosis, measured against targets."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer

from ewg.cli.app import STATE, handle_errors, out, roadmap_path
from ewg.cli.common import show, terminal_width
from ewg.cli.items import CommitOpt
from ewg.cli.lookup import complete_owner
from ewg.commands import indicators as command

indicator_app = typer.Typer(
    help="Indicators of the diagnosis, measured against targets.", no_args_is_help=True
)


class IndicatorFormat(StrEnum):
    """Formats of `ewg indicator list` and `show`."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    """Add the command group of this module to the app."""
    app.add_typer(indicator_app, name="indicator")


# The options of add and set, by name; `--owner` gives the file's `owners`.
FIELD_OPTIONS = (
    "name", "name_es", "area", "country", "unit", "unit_es",
    "direction", "owner", "group", "baseline", "target", "source",
)  # fmt: skip


def _fields(given: dict[str, Any]) -> dict[str, Any]:
    """The values of the add/set options, by the file's key names."""
    return {("owners" if name == "owner" else name): given[name] for name in FIELD_OPTIONS}


NameOpt = typer.Option(None, "--name", help="Name of the indicator (English).")
NameEsOpt = typer.Option(None, "--name-es", help="Name of the indicator in Spanish.")
AreaOpt = typer.Option(None, "--area", help="Id of the indicator's area.")
CountryOpt = typer.Option(None, "--country", help="MX, US or binational.")
UnitOpt = typer.Option(None, "--unit", help="Unit of the values, e.g. chargers.")
UnitEsOpt = typer.Option(None, "--unit-es", help="Unit of the values in Spanish.")
BaselineOpt = typer.Option(None, "--baseline", help="Where it started: DATE:VALUE.")
TargetOpt = typer.Option(None, "--target", help="Where it must get to: DATE:VALUE.")
DirectionOpt = typer.Option(None, "--direction", help="up (higher is better) or down.")
OwnerOpt = typer.Option(
    [],
    "--owner",
    "-o",
    help="Owner id of an institution that reports it (repeatable).",
    autocompletion=complete_owner,
)
GroupOpt = typer.Option(None, "--group", help="Group compared side by side across countries.")
SourceOpt = typer.Option(None, "--source", help="Where the figures come from (http or https URL).")
FormatOpt = typer.Option(IndicatorFormat.table, "--format", help="Output format.")


@indicator_app.command("add")
@handle_errors
def indicator_add(
    key: str = typer.Argument(
        ..., metavar="ID", help="Id of the new indicator, e.g. fast-chargers-mx."
    ),
    name: str = typer.Option(..., "--name", help="Name of the indicator (English)."),
    area: str = typer.Option(..., "--area", help="Id of the indicator's area."),
    country: str = typer.Option(..., "--country", help="MX, US or binational."),
    unit: str = typer.Option(..., "--unit", help="Unit of the values, e.g. chargers."),
    baseline: str = typer.Option(..., "--baseline", help="Where it started: DATE:VALUE."),
    target: str = typer.Option(..., "--target", help="Where it must get to: DATE:VALUE."),
    direction: str | None = DirectionOpt,
    owner: list[str] = OwnerOpt,
    group: str | None = GroupOpt,
    name_es: str | None = NameEsOpt,
    unit_es: str | None = UnitEsOpt,
    source: str | None = SourceOpt,
    commit: bool = CommitOpt,
) -> None:
    """Add an indicator after the last one in the file."""
    fields = _fields(locals())
    show(command.add(roadmap_path(), key, fields, commit))


@indicator_app.command("record")
@handle_errors
def indicator_record(
    key: str = typer.Argument(..., metavar="ID", help="Id of the indicator."),
    value: str = typer.Argument(
        ..., metavar="VALUE", help="The value measured, e.g. 2100 or 18.5."
    ),
    date: str | None = typer.Option(None, "--date", help="Date measured, YYYY-MM-DD (today)."),
    source: str | None = typer.Option(None, "--source", help="Where the value comes from."),
    note: str | None = typer.Option(None, "--note", help="A note on the value."),
    commit: bool = CommitOpt,
) -> None:
    """Record a measurement, after the last measurement of its indicator."""
    show(command.record(roadmap_path(), key, value, date, source, note, commit))


@indicator_app.command("set")
@handle_errors
def indicator_set(
    key: str = typer.Argument(..., metavar="ID", help="Id of the indicator."),
    name: str | None = NameOpt,
    name_es: str | None = NameEsOpt,
    area: str | None = AreaOpt,
    country: str | None = CountryOpt,
    unit: str | None = UnitOpt,
    unit_es: str | None = UnitEsOpt,
    direction: str | None = DirectionOpt,
    owner: list[str] = OwnerOpt,
    group: str | None = GroupOpt,
    baseline: str | None = BaselineOpt,
    target: str | None = TargetOpt,
    source: str | None = SourceOpt,
    commit: bool = CommitOpt,
) -> None:
    """Change an indicator: only the lines of the keys given change."""
    fields = _fields(locals())
    show(command.set_fields(roadmap_path(), key, fields, commit))


@indicator_app.command("rename")
@handle_errors
def indicator_rename(
    key: str = typer.Argument(..., metavar="ID", help="Id of the indicator."),
    new: str = typer.Argument(..., metavar="NEW_ID", help="The new id."),
    commit: bool = CommitOpt,
) -> None:
    """Rename an indicator and every measurement of it."""
    show(command.rename(roadmap_path(), key, new, commit))


@indicator_app.command("rm")
@handle_errors
def indicator_rm(
    key: str = typer.Argument(..., metavar="ID", help="Id of the indicator."),
    measurements: bool = typer.Option(False, "--measurements", help="Remove its measurements too."),
    commit: bool = CommitOpt,
) -> None:
    """Remove an indicator (refused while it has measurements, unless --measurements)."""
    show(command.remove(roadmap_path(), key, measurements, commit))


@indicator_app.command("list")
@handle_errors
def indicator_list(
    format: IndicatorFormat = FormatOpt,
    area: str | None = typer.Option(None, "--area", help="Only the indicators of this area."),
) -> None:
    """The indicators: latest value, target, progress, and whether each is on track."""
    from ewg.commands.dates import today
    from ewg.commands.reading import read_roadmap
    from ewg.render import indicators as render

    roadmap = read_roadmap(roadmap_path())
    if area is not None:
        from ewg.commands.lookup import require

        require("area", area, roadmap.areas)
    found = [
        s
        for s in command.standings_of(roadmap, today())
        if area is None or s.indicator.area == area
    ]
    lang = STATE.lang
    if format is IndicatorFormat.json:
        from ewg.render.escape import json_document

        data = {"schema_version": 1, "indicators": [command.standing_json(s) for s in found]}
        out(json_document(data))
    elif format is IndicatorFormat.csv:
        out(render.render_csv(found, lang))
    elif format is IndicatorFormat.markdown:
        out(render.render_markdown(found, lang))
    else:
        out(render.render_text(found, lang, terminal_width()))


@indicator_app.command("show")
@handle_errors
def indicator_show(
    key: str = typer.Argument(..., metavar="ID", help="Id of the indicator."),
    format: IndicatorFormat = FormatOpt,
) -> None:
    """One indicator: where it stands, and every measurement."""
    from ewg.commands.dates import today
    from ewg.commands.reading import read_roadmap
    from ewg.render import indicators as render

    roadmap = read_roadmap(roadmap_path())
    command.require_indicator(roadmap, key)
    [standing] = [s for s in command.standings_of(roadmap, today()) if s.indicator.id == key]
    measured = command.measurements_of(roadmap, key)
    lang = STATE.lang
    if format is IndicatorFormat.json:
        from ewg.render.escape import json_document

        data = {
            "schema_version": 1,
            "indicator": command.standing_json(standing),
            "measurements": [command.measurement_json(m) for m in measured],
        }
        out(json_document(data))
    elif format is IndicatorFormat.csv:
        out(render.measurements_csv(measured))
    elif format is IndicatorFormat.markdown:
        out(render.show_markdown(standing, measured, lang))
    else:
        out(render.show_text(standing, measured, lang))
