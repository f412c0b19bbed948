"""Roadmap texts for the history tests, and a story of commits told with them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.helpers import GitRepo

HEAD = """#:schema ./roadmap.schema.json
# Test roadmap of the history tests.

[roadmap]
title = "Test roadmap"
title_es = "Hoja de ruta de prueba"

[areas.innovation]
name = "Innovation"
name_es = "Innovación"
prefix = "INN"

[areas.governance]
name = "Governance structures"
name_es = "Estructuras de gobernanza"
prefix = "GOV"

[owners.sre]
name = "Secretaría de Relaciones Exteriores"
sector = "government"
country = "MX"

[owners.doe]
name = "U.S. Department of Energy"
sector = "government"
country = "US"

[owners.uc]
name = "University of California"
sector = "academia"
country = "US"

[milestones.draft]
title = "Binational roadmap drafted"
due = 2024-06-30
"""


def toml_value(value: Any) -> str:
    """A value written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | int):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def item(item_id: str, title: str, area: str, status: str = "planned", **fields: Any) -> str:
    """An [[items]] table."""
    lines = ["[[items]]", f"id = {toml_value(item_id)}", f"title = {toml_value(title)}"]
    lines += [f"area = {toml_value(area)}", f"status = {toml_value(status)}"]
    lines += [f"{key} = {toml_value(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def meeting(date: dt.date, title: str, items: list[str] | None = None) -> str:
    """A [[meetings]] table."""
    lines = ["[[meetings]]", f"date = {date.isoformat()}", f"title = {toml_value(title)}"]
    lines.append(f"attendees = {toml_value(['sre', 'doe'])}")
    lines.append(f"decisions = {toml_value(['Keep going'])}")
    if items:
        lines.append(f"items = {toml_value(items)}")
    return "\n".join(lines) + "\n"


def roadmap(*items: str, head: str = HEAD, meetings: str = "") -> str:
    """A whole file: the head, the items, the meetings."""
    parts = [head, *items]
    if meetings:
        parts.append(meetings)
    return "\n".join(parts)


D = dt.date.fromisoformat


def inn1(**changes: Any) -> str:
    """INN-1 as the story has it at first, with `changes`."""
    fields: dict[str, Any] = {
        "owners": ["uc", "sre"],
        "milestone": "draft",
        "due": D("2024-03-31"),
    }
    status = changes.pop("status", "planned")
    fields.update(changes)
    return item(
        "INN-1",
        "Map battery R&D capacity in both countries",
        "innovation",
        status,
        **{k: v for k, v in fields.items() if v is not None},
    )


def inn2(**changes: Any) -> str:
    """INN-2 as the story has it at first, with `changes`."""
    title = changes.pop("title", "Joint call for charging research")
    status = changes.pop("status", "in_progress")
    fields: dict[str, Any] = {"owners": ["uc"], "progress": 20}
    fields.update(changes)
    return item(
        "INN-2", title, "innovation", status, **{k: v for k, v in fields.items() if v is not None}
    )


def gov1(**changes: Any) -> str:
    """GOV-1 as the story has it at first, with `changes`."""
    status = changes.pop("status", "planned")
    fields: dict[str, Any] = {"owners": ["sre", "doe"]}
    fields.update(changes)
    return item(
        "GOV-1",
        "Set up the binational steering committee",
        "governance",
        status,
        **{k: v for k, v in fields.items() if v is not None},
    )


GOV2 = item("GOV-2", "Publish the group's rules of procedure", "governance", owners=["sre"])
MEETING_DAY = D("2023-11-21")


def tell_story(repo: GitRepo) -> dict[str, str]:
    """Commit the story every CLI test reads; returns commit ids by name."""
    ids = {}
    ids["start"] = repo.commit_file(
        "roadmap.toml", roadmap(inn1(), inn2(), gov1()), "Start the roadmap", author="Ana Ruiz"
    )  # 2023-11-15
    ids["progress"] = repo.commit_file(
        "roadmap.toml",
        roadmap(inn1(status="in_progress"), inn2(progress=60), gov1(), GOV2),
        "Start INN-1, report on INN-2, add GOV-2",
        author="Luis Pérez",
    )  # 2023-11-16
    ids["slip"] = repo.commit_file(
        "roadmap.toml",
        roadmap(
            inn1(
                status="in_progress", due=D("2024-05-15"), owners=["uc", "doe"], tags=["batteries"]
            ),
            inn2(progress=60),
            gov1(),
            GOV2,
        ),
        "INN-1 slips; DOE joins",
        author="Ana Ruiz",
    )  # 2023-11-17
    broken = roadmap(inn1(status="in_progress"), inn2(progress=60), gov1(), GOV2).replace(
        'status = "in_progress"', 'status = "in_progress', 1
    )
    ids["broken"] = repo.commit_file("roadmap.toml", broken, "Oops", author="Mary Smith")  # 11-18
    ids["fixed"] = repo.commit_file(
        "roadmap.toml",
        roadmap(
            inn1(
                status="in_progress", due=D("2024-05-15"), owners=["uc", "doe"], tags=["batteries"]
            ),
            inn2(progress=60, title="Joint call for *charging* research <b>"),
            gov1(status="blocked", reason="Waiting for the nominations"),
            GOV2,
        ),
        "Fix the file; block GOV-1",
        author="Mary Smith",
    )  # 2023-11-19
    head = HEAD.replace('name_es = "Innovación"', 'name_es = "Innovación tecnológica"')
    head = head.replace("due = 2024-06-30", "due = 2024-09-30")
    head += (
        '\n[owners.cfe]\nname = "Comisión Federal de Electricidad"\n'
        'sector = "industry"\ncountry = "MX"\n'
    )
    items_now = [
        inn1(status="in_progress", due=D("2024-05-15"), owners=["uc", "doe"], tags=["batteries"]),
        inn2(progress=60, title="Joint call for *charging* research <b>"),
        gov1(status="blocked", reason="Waiting for the nominations"),
    ]
    ids["tables"] = repo.commit_file(
        "roadmap.toml", roadmap(*items_now, head=head), "Drop GOV-2; CFE joins", author="Luis Pérez"
    )  # 2023-11-20
    ids["meeting"] = repo.commit_file(
        "roadmap.toml",
        roadmap(*items_now, head=head, meetings=meeting(MEETING_DAY, "Second session", ["INN-1"])),
        "Record the second session",
        author="Ana Ruiz",
    )  # 2023-11-21
    final = [
        inn1(
            status="in_progress",
            due=D("2024-05-15"),
            owners=["uc", "doe"],
            tags=["batteries"],
            milestone=None,
        ),
        inn2(
            status="done",
            progress=100,
            title="Joint call for *charging* research <b>",
            depends_on=["INN-1"],
            completed=D("2023-11-22"),
        ),
        gov1(status="in_progress"),
    ]
    ids["done"] = repo.commit_file(
        "roadmap.toml",
        roadmap(*final, head=head, meetings=meeting(MEETING_DAY, "Second session", ["INN-1"])),
        "INN-2 done; GOV-1 unblocked",
        author="Luis Pérez",
    )  # 2023-11-22
    return ids
