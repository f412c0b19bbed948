"""`ewg status` as rich tables, Markdown or JSON."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ewg.i18n import _, ngettext, prose_date
from ewg.model import Area, Item, Roadmap
from ewg.query import Summary, Tally
from ewg.render.escape import markdown, terminal
from ewg.render.text import Cell, Table, paint, wrap

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


SCHEMA_VERSION = 1
LIST_LIMIT = 15  # overdue and blocked items shown in the table; JSON has all


def bar(percent: int, width: int = 20) -> str:
    """A progress bar of block characters."""
    filled = round(percent * width / 100)
    return "█" * filled + "░" * (width - filled)


def _progress_json(p: Tally) -> dict[str, Any]:
    return {"total": p.total, "by_status": dict(p.by_status), "percent": p.percent}


def _item_brief(item: Item, today: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "title": item.title,
        "area": item.area,
        "status": item.status,
        "owners": list(item.owners),
        "due": item.due.isoformat() if item.due else None,
    }
    if item.due and item.due < today:
        data["days_late"] = (today - item.due).days
    if item.reason is not None:
        data["reason"] = item.reason
    return data


def to_json(summary: Summary, area: Area | None = None) -> dict[str, Any]:
    """The summary as a JSON-ready document; `area` names the area it is limited to."""
    named = {"area": {"id": area.id, "name": area.name}} if area is not None else {}
    return {
        "schema_version": SCHEMA_VERSION,
        "title": summary.title,
        "as_of": summary.today.isoformat(),
        **named,
        "overall": _progress_json(summary.overall),
        "areas": [{"id": a.id, "name": a.name, **_progress_json(p)} for a, p in summary.areas],
        "milestones": [
            {
                "id": m.id,
                "title": m.title,
                "due": m.due.isoformat() if m.due else None,
                **_progress_json(p),
            }
            for m, p in summary.milestones
        ],
        "overdue": [_item_brief(i, summary.today) for i in summary.overdue],
        "blocked": [_item_brief(i, summary.today) for i in summary.blocked],
        "coverage": [
            {"area": c.area.id, "sectors": c.sectors, "countries": c.countries, "gaps": c.gaps}
            for c in summary.coverage
        ],
    }


def render_json(summary: Summary, area: Area | None = None) -> str:
    """The summary as the JSON document of `status --format json`, controls escaped."""
    from ewg.render.escape import json_document

    return json_document(to_json(summary, area))


def _counts(p: Tally) -> str:
    by = p.by_status
    parts = [
        ngettext("{n} done", "{n} done", by["done"]).format(n=by["done"]),
        ngettext("{n} in progress", "{n} in progress", by["in_progress"]).format(
            n=by["in_progress"]
        ),
        ngettext("{n} blocked", "{n} blocked", by["blocked"]).format(n=by["blocked"]),
        ngettext("{n} planned", "{n} planned", by["planned"]).format(n=by["planned"]),
    ]
    if by["dropped"]:
        parts.append(ngettext("{n} dropped", "{n} dropped", by["dropped"]).format(n=by["dropped"]))
    return " · ".join(parts)


def _title(summary: Summary, roadmap: Roadmap, lang: str, area: str | None = None) -> str:
    title = roadmap.title_es if lang == "es" and roadmap.title_es else summary.title
    title = title or _("Roadmap")
    if area in roadmap.areas:  # status --area names the area it shows
        return _("{title} — area: {area}").format(title=title, area=roadmap.areas[area].label(lang))
    return title


def render_table(
    summary: Summary,
    roadmap: Roadmap,
    lang: str,
    width: int | None,
    color: bool,
    area: str | None = None,
) -> str:
    """The summary as text tables for the terminal; every value from the file is made inert."""
    overall = summary.overall
    title = terminal(_title(summary, roadmap, lang, area))
    out = [
        paint(wrap(title, width), "bold", color),
        wrap(
            _("{n} items: {counts} — {percent}% complete, as of {date}").format(
                n=overall.total,
                counts=_counts(overall),
                percent=overall.percent,
                date=prose_date(summary.today),
            ),
            width,
        ),
    ]

    def progress_table(
        title: str, first: str, rows: Sequence[tuple[str, str | None, Tally]]
    ) -> str:
        table = progress(title, first, rows, 20)
        if width is not None and table.width() > width:  # a shorter bar, or none, first
            size = 20 - (table.width() - width)
            table = progress(title, first, rows, size if size >= 5 else 0)
        return table.render(width, color)

    def progress(
        title: str, first: str, rows: Sequence[tuple[str, str | None, Tally]], size: int
    ) -> Table:
        dated = any(due is not None for _l, due, _p in rows)
        headers = [first, *([_("Due")] if dated else []), _("Items"), _("Done"), _("Open")]
        headers += [_("Blocked"), _("Progress")]
        offset = 1 if dated else 0
        table = Table(
            headers, right=[1 + offset, 2 + offset, 3 + offset, 4 + offset], long=(0,), title=title
        )
        for label, due, p in rows:
            open_ = p.by_status["planned"] + p.by_status["in_progress"] + p.by_status["blocked"]
            style = "green" if p.percent >= 100 else "yellow" if p.percent >= 50 else "cyan"
            blocked = p.by_status["blocked"]
            cells: list[Cell] = [label, *([due or ""] if dated else [])]
            cells += [
                str(p.total),
                str(p.done),
                str(open_),
                (str(blocked), "red" if blocked else ""),
            ]
            shown = f"{bar(p.percent, size)} {p.percent:3d}%" if size else f"{p.percent}%"
            cells.append((shown, style))
            table.add(*cells)
        return table

    out += [
        "",
        progress_table(_("Areas"), _("Area"), [(a.label(lang), None, p) for a, p in summary.areas]),
    ]
    if summary.milestones:
        rows = [
            (m.label(lang), m.due.isoformat() if m.due else "", p) for m, p in summary.milestones
        ]
        out.append(progress_table(_("Milestones"), _("Milestone"), rows))

    def item_table(title: str, items: list[Item], extra: str, value: Callable[[Item], str]) -> None:
        if not items:
            return
        table = Table(
            [_("ID"), _("Title"), _("Owners"), extra],
            long=(1,) if extra == _("Late") else (1, 3),
            title=f"{title} ({len(items)})",
            shrink=(2,),
        )
        for item in items[:LIST_LIMIT]:
            table.add(item.id, item.label(lang), ", ".join(item.owners) or "—", value(item))
        text = table.render(width, color)
        if len(items) > LIST_LIMIT:
            more = _("… and {n} more").format(n=len(items) - LIST_LIMIT)
            text += paint(more, "dim", color) + "\n"
        out.append(text)

    item_table(
        _("Overdue"),
        summary.overdue,
        _("Late"),
        lambda i: (
            _("{days} days (due {due})").format(days=(summary.today - i.due).days, due=i.due)
            if i.due
            else ""
        ),
    )
    item_table(_("Blocked"), summary.blocked, _("Reason"), lambda i: i.reason_in(lang) or "")

    sectors = ("government", "industry", "academia", "MX", "US")
    table = Table(
        [_("Area"), *(_(s) for s in sectors)],
        right=[1, 2, 3, 4, 5],
        long=(0,),
        title=_("Triple-helix coverage (owners per area)"),
    )
    for c in summary.coverage:
        cells: list[Cell] = [c.area.label(lang)]
        for group in (c.sectors, c.countries):
            for owners in group.values():
                cells.append((str(len(owners)), "green") if owners else (_("missing"), "bold red"))
        table.add(*cells)
    out.append(table.render(width, color))
    return "\n".join(out)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(summary: Summary, roadmap: Roadmap, lang: str, area: str | None = None) -> str:
    """The summary as GitHub Markdown."""
    overall = summary.overall
    lines = [
        f"# {markdown(_title(summary, roadmap, lang, area))}",
        "",
        _("{n} items: {counts} — {percent}% complete, as of {date}").format(
            n=overall.total,
            counts=_counts(overall),
            percent=overall.percent,
            date=prose_date(summary.today),
        ),
        "",
        f"## {_('Areas')}",
        "",
        _row([_("Area"), _("Items"), _("Done"), _("Open"), _("Blocked"), _("Progress")]),
        "|---|---:|---:|---:|---:|---|",
    ]

    def numbers(p: Tally) -> list[str]:
        open_ = p.by_status["planned"] + p.by_status["in_progress"] + p.by_status["blocked"]
        counts = [p.total, p.done, open_, p.by_status["blocked"]]
        return [*map(str, counts), f"{bar(p.percent, 10)} {p.percent}%"]

    for a, p in summary.areas:
        lines.append(_row([markdown(a.label(lang)), *numbers(p)]))
    if summary.milestones:
        counts = [_("Items"), _("Done"), _("Open"), _("Blocked"), _("Progress")]
        lines += [
            "",
            f"## {_('Milestones')}",
            "",
            _row([_("Milestone"), _("Due"), *counts]),
            "|---|---|---:|---:|---:|---:|---|",
        ]
        for m, p in summary.milestones:
            due = m.due.isoformat() if m.due else ""
            lines.append(_row([markdown(m.label(lang)), due, *numbers(p)]))
    sections: list[tuple[str, list[Item], list[str], Callable[[Item], list[str]]]] = [
        (
            _("Overdue"),
            summary.overdue,
            [_("Due"), _("Days late")],
            lambda i: [f"{i.due}", str((summary.today - i.due).days) if i.due else ""],
        ),
        (
            _("Blocked"),
            summary.blocked,
            [_("Reason")],
            lambda i: [markdown(i.reason_in(lang) or "")],
        ),
    ]
    for title, items, extra_headers, extra in sections:
        if not items:
            continue
        headers = [_("ID"), _("Title"), _("Owners"), *extra_headers]
        lines += ["", f"## {title} ({len(items)})", "", _row(headers)]
        lines.append("|---|---|---|" + ("---|---:|" if len(extra_headers) == 2 else "---|"))
        for i in items:
            owners = markdown(", ".join(i.owners))
            lines.append(_row([markdown(i.id), markdown(i.label(lang)), owners, *extra(i)]))
    lines += [
        "",
        f"## {_('Triple-helix coverage')}",
        "",
        "| "
        + " | ".join([_("Area"), _("government"), _("industry"), _("academia"), _("MX"), _("US")])
        + " |",
        "|---|---|---|---|---|---|",
    ]
    for c in summary.coverage:
        cells = [markdown(c.area.label(lang))]
        for group in (c.sectors, c.countries):
            cells += [
                markdown(", ".join(v)) if v else f"**{_('missing')}**" for v in group.values()
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
