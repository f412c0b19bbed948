"""Items as a table, JSON, CSV or Markdown; one item in full."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ewg.i18n import _
from ewg.model import ITEM_FIELDS, Item, Roadmap
from ewg.render.escape import csv_cell, json_document, markdown
from ewg.render.text import columns
from ewg.terms import status_word

SCHEMA_VERSION = 1
# The columns of `list --format csv`: a summary; `export --format csv` has every key.
CSV_COLUMNS = (
    "id",
    "title",
    "area",
    "status",
    "owners",
    "milestone",
    "start",
    "due",
    "progress",
    "tags",
)


def item_json(item: Item) -> dict[str, Any]:
    """An item as JSON-ready data (dates as ISO strings, absent fields as null)."""
    return record_json(item, ITEM_FIELDS)


def record_json(record: object, keys: Sequence[str]) -> dict[str, Any]:
    """These fields of a model object as JSON-ready data (dates as ISO strings, tuples as lists)."""
    out: dict[str, Any] = {}
    for name in keys:
        value = getattr(record, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def _cells(item: Item, lang: str) -> list[str]:
    return [
        item.id,
        status_word(item.status),
        item.due.isoformat() if item.due else "",
        ", ".join(item.owners),
        item.label(lang),
    ]


def render_table(items: Sequence[Item], lang: str, width: int | None, color: bool) -> str:
    """Aligned columns fitted to the terminal width, the title wrapped."""
    headers = [_("ID"), _("Status"), _("Due"), _("Owners"), _("Title")]
    rows = [_cells(item, lang) for item in items]
    return columns(headers, rows, width=width, long=(4,), bold=color, shrink=(3,))


def render_json(items: Sequence[Item]) -> str:
    """One JSON document with every field of every item."""
    doc = {"schema_version": SCHEMA_VERSION, "items": [item_json(i) for i in items]}
    return json_document(doc)


def render_csv(items: Sequence[Item]) -> str:
    """CSV with a header row; no cell can start a spreadsheet formula."""
    fields = CSV_COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # as RFC 4180 and `export` end lines
    writer.writerow(fields)
    for item in items:
        data = item_json(item)
        writer.writerow(
            [
                csv_cell(v if isinstance(v, list) else "" if v is None else str(v))
                for v in (data[f] for f in fields)
            ]
        )
    return buffer.getvalue()


def render_markdown(items: Sequence[Item], lang: str) -> str:
    """A GitHub Markdown table."""
    headers = [_("ID"), _("Status"), _("Due"), _("Owners"), _("Title")]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for item in items:
        lines.append("| " + " | ".join(markdown(c) for c in _cells(item, lang)) + " |")
    return "\n".join(lines) + "\n"


def render_show(item: Item, roadmap: Roadmap, lang: str) -> list[tuple[str, str]]:
    """The fields of one item, labelled, with names resolved, for `ewg show`."""
    area = roadmap.areas.get(item.area)
    rows: list[tuple[str, str]] = [
        (_("ID"), item.id),
        (_("Title"), item.label(lang)),
    ]
    if item.title_es:  # the other language's title too: `show` is the item in full
        other = (_("Title (en)"), item.title) if lang == "es" else (_("Title (es)"), item.title_es)
        rows.append(other)
    rows.append((_("Area"), f"{area.label(lang)} ({item.area})" if area else item.area))
    rows.append((_("Status"), status_word(item.status)))
    if item.reason:
        rows.append((_("Reason"), item.reason_in(lang) or ""))
    if item.progress is not None:
        rows.append((_("Progress"), f"{item.progress}%"))
    owners = [
        f"{roadmap.owners[o].label(lang)} ({o})" if o in roadmap.owners else o for o in item.owners
    ]
    rows.append((_("Owners"), "; ".join(owners) or "—"))
    if item.milestone:
        milestone = roadmap.milestones.get(item.milestone)
        rows.append(
            (
                _("Milestone"),
                f"{milestone.label(lang)} ({item.milestone})" if milestone else item.milestone,
            )
        )
    for label, value in (
        (_("Start"), item.start),
        (_("Due"), item.due),
        (_("Created"), item.created),
        (_("Completed"), item.completed),
    ):
        if value:
            rows.append((label, value.isoformat()))
    if item.depends_on:
        rows.append((_("Depends on"), ", ".join(item.depends_on)))
    dependents = [i.id for i in roadmap.dependents(item.id)]
    rows.append((_("Needed by"), ", ".join(dependents) or "—"))
    if item.tags:
        rows.append((_("Tags"), ", ".join(item.tags)))
    for link in item.links:
        rows.append((_("Link"), link))
    if item.notes or item.notes_es:
        rows.append((_("Notes"), item.notes_in(lang) or item.notes_es or ""))
    return rows
