"""The text of a new roadmap.toml."""

from __future__ import annotations

from ewg.model import DEFAULT_AREAS
from ewg.tomlwrite import format_string

_HEADER = (
    "Binational roadmap of the Mexico–United States Electric Vehicle Working Group.",
    "File format: `ewg --help` and docs/format.md in the ewg sources.",
    "Check it with `ewg validate`; editors complete it with `ewg schema > roadmap.schema.json`",
    "and a first line `#:schema ./roadmap.schema.json`.",
)
_FOOTER = (
    "Owners: [owners.ID] with name, sector (government | industry | academia |",
    "civil-society) and country (MX | US | binational). Add them with `ewg owner add`.",
    "Milestones: [milestones.ID] with title and due. Add them with `ewg milestone add`.",
    "Items: [[items]] tables. Add them with `ewg add`.",
)


DEFAULT_TITLE = "Mexico–United States Electric Vehicle Working Group"
DEFAULT_TITLE_ES = "Grupo de Trabajo México–Estados Unidos de Vehículos Eléctricos"


def new_roadmap(title: str, title_es: str | None = None) -> str:
    """A roadmap with the group's five thematic areas and nothing else.

    Built with tomlkit, which lays out a new document with its comments; only
    `ewg init` pays for its import. The title is written by ewg's own string
    formatter, which escapes bidi controls as every write of ewg does.
    """
    import tomlkit  # noqa: TID251

    doc = tomlkit.document()
    for line in _HEADER:
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    head = tomlkit.table()
    head.add("title", tomlkit.value(format_string(title)))
    if title_es:
        head.add("title_es", tomlkit.value(format_string(title_es)))
    doc.add("roadmap", head)
    areas = tomlkit.table(is_super_table=True)
    for area_id, name, name_es, prefix in DEFAULT_AREAS:
        area = tomlkit.table()
        area.add("name", name)
        area.add("name_es", name_es)
        area.add("prefix", prefix)
        areas.add(area_id, area)
    doc.add("areas", areas)
    doc.add(tomlkit.nl())
    for line in _FOOTER:
        doc.add(tomlkit.comment(line))
    return tomlkit.dumps(doc)
