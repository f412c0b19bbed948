"""The text of a new roadmap.toml."""

from __future__ import annotations

from ewg.model import DEFAULT_AREAS
from ewg.tomlwrite import format_string


def new_roadmap(title: str) -> str:
    """A roadmap with the group's five thematic areas and nothing else."""
    lines = [
        "# Binational roadmap of the Mexico–United States Electric Vehicle Working Group.",
        "# File format: `ewg --help` and docs/format.md in the ewg sources.",
        "# Check it with `ewg validate`; editors complete it with `ewg schema > roadmap.schema.json`",
        "# and a first line `#:schema ./roadmap.schema.json`.",
        "",
        "[roadmap]",
        f"title = {format_string(title)}",
        "",
    ]
    for area_id, name, name_es, prefix in DEFAULT_AREAS:
        lines += [
            f"[areas.{area_id}]",
            f"name = {format_string(name)}",
            f"name_es = {format_string(name_es)}",
            f"prefix = {format_string(prefix)}",
            "",
        ]
    lines += [
        "# Owners: [owners.ID] with name, sector (government | industry | academia |",
        "# civil-society) and country (MX | US | binational). Add them with `ewg owner add`.",
        "",
        "# Milestones: [milestones.ID] with title and due. Add them with `ewg milestone add`.",
        "",
        "# Items: [[items]] tables. Add them with `ewg add`.",
    ]
    return "\n".join(lines) + "\n"
