"""`ewg status` as rich tables, Markdown or JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ewg.i18n import _, ngettext
from ewg.model import Item, Roadmap
from ewg.query import Progress, Summary
from ewg.render.escape import markdown, terminal

if TYPE_CHECKING:
    from rich.console import Console

SCHEMA_VERSION = 1
LIST_LIMIT = 15  # overdue and blocked items shown in the table; JSON has all


def bar(percent: int, width: int = 20) -> str:
    """A progress bar of block characters."""
    filled = round(percent * width / 100)
    return "█" * filled + "░" * (width - filled)


def _progress_json(p: Progress) -> dict[str, Any]:
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


def to_json(summary: Summary) -> dict[str, Any]:
    """The summary as a JSON-ready document."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": summary.title,
        "as_of": summary.today.isoformat(),
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


def _counts(p: Progress) -> str:
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


def _title(summary: Summary, roadmap: Roadmap, lang: str) -> str:
    title = roadmap.title_es if lang == "es" and roadmap.title_es else summary.title
    return title or _("Roadmap")


def render_table(summary: Summary, roadmap: Roadmap, lang: str, console: Console) -> None:
    """Print the summary as rich tables; every value from the file is plain Text."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    def t(value: str, style: str = "") -> Text:
        return Text(terminal(value), style=style)

    overall = summary.overall
    console.print(t(_title(summary, roadmap, lang), "bold"))
    console.print(
        t(
            _("{n} items: {counts} — {percent}% complete, as of {date}").format(
                n=overall.total,
                counts=_counts(overall),
                percent=overall.percent,
                date=summary.today.isoformat(),
            )
        )
    )

    def progress_table(title: str, first: str, rows: list[tuple[str, str, Progress]]) -> Table:
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column(first)
        if rows and rows[0][1] != "-":
            table.add_column(_("Due"))
        table.add_column(_("Items"), justify="right")
        table.add_column(_("Done"), justify="right")
        table.add_column(_("Open"), justify="right")
        table.add_column(_("Blocked"), justify="right")
        table.add_column(_("Progress"))
        for label, due, p in rows:
            open_ = p.by_status["planned"] + p.by_status["in_progress"] + p.by_status["blocked"]
            cells: list[Text | str] = [t(label)]
            if due != "-":
                cells.append(due)
            style = "green" if p.percent >= 100 else "yellow" if p.percent >= 50 else "cyan"
            blocked = str(p.by_status["blocked"])
            cells += [
                str(p.total),
                str(p.done),
                str(open_),
                Text(blocked, style="red" if p.by_status["blocked"] else ""),
                Text(f"{bar(p.percent)} {p.percent:3d}%", style=style),
            ]
            table.add_row(*cells)
        return table

    console.print()
    console.print(
        progress_table(_("Areas"), _("Area"), [(a.label(lang), "-", p) for a, p in summary.areas])
    )
    if summary.milestones:
        rows = [
            (m.label(lang), m.due.isoformat() if m.due else "", p) for m, p in summary.milestones
        ]
        console.print(progress_table(_("Milestones"), _("Milestone"), rows))

    def item_table(title: str, items: list[Item], extra: str, value: Any) -> None:
        if not items:
            return
        table = Table(
            title=f"{title} ({len(items)})",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        for column in (_("ID"), _("Title"), _("Owners"), extra):
            table.add_column(column, overflow="fold")
        for item in items[:LIST_LIMIT]:
            table.add_row(
                t(item.id), t(item.label(lang)), t(", ".join(item.owners) or "—"), t(value(item))
            )
        console.print(table)
        if len(items) > LIST_LIMIT:
            console.print(t(_("… and {n} more").format(n=len(items) - LIST_LIMIT), "dim"))

    item_table(
        _("Overdue"),
        summary.overdue,
        _("Late"),
        lambda i: _("{days} days (due {due})").format(days=(summary.today - i.due).days, due=i.due),
    )
    item_table(_("Blocked"), summary.blocked, _("Reason"), lambda i: i.reason or "")

    title = _("Triple-helix coverage (owners per area)")
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Area"))
    for sector in ("government", "industry", "academia", "MX", "US"):
        table.add_column(_(sector), justify="right")
    for c in summary.coverage:
        cells: list[Text] = [t(c.area.label(lang))]
        for group in (c.sectors, c.countries):
            for owners in group.values():
                cells.append(
                    Text(str(len(owners)), style="green")
                    if owners
                    else Text(_("missing"), style="bold red")
                )
        table.add_row(*cells)
    console.print(table)


def render_markdown(summary: Summary, roadmap: Roadmap, lang: str) -> str:
    """The summary as GitHub Markdown."""
    overall = summary.overall
    lines = [
        f"# {markdown(_title(summary, roadmap, lang))}",
        "",
        _("{n} items: {counts} — {percent}% complete, as of {date}").format(
            n=overall.total,
            counts=_counts(overall),
            percent=overall.percent,
            date=summary.today.isoformat(),
        ),
        "",
        f"## {_('Areas')}",
        "",
        f"| {_('Area')} | {_('Items')} | {_('Done')} | {_('Blocked')} | {_('Progress')} |",
        "|---|---:|---:|---:|---|",
    ]
    for a, p in summary.areas:
        lines.append(
            f"| {markdown(a.label(lang))} | {p.total} | {p.done} | {p.by_status['blocked']} | {bar(p.percent, 10)} {p.percent}% |"
        )
    if summary.milestones:
        lines += [
            "",
            f"## {_('Milestones')}",
            "",
            f"| {_('Milestone')} | {_('Due')} | {_('Items')} | {_('Done')} | {_('Progress')} |",
            "|---|---|---:|---:|---|",
        ]
        for m, p in summary.milestones:
            due = m.due.isoformat() if m.due else ""
            lines.append(
                f"| {markdown(m.label(lang))} | {due} | {p.total} | {p.done} | {bar(p.percent, 10)} {p.percent}% |"
            )
    sections: list[tuple[str, list[Item], Callable[[Item], str]]] = [
        (_("Overdue"), summary.overdue, lambda i: f"{i.due}"),
        (_("Blocked"), summary.blocked, lambda i: markdown(i.reason or "")),
    ]
    for title, items, extra in sections:
        if not items:
            continue
        lines += [
            "",
            f"## {title} ({len(items)})",
            "",
            f"| {_('ID')} | {_('Title')} | {_('Owners')} | |",
            "|---|---|---|---|",
        ]
        for i in items:
            lines.append(
                f"| {markdown(i.id)} | {markdown(i.label(lang))} | {markdown(', '.join(i.owners))} | {extra(i)} |"
            )
    lines += [
        "",
        f"## {_('Triple-helix coverage')}",
        "",
        "| "
        + " | ".join([_("Area"), _("government"), _("industry"), _("academia"), "MX", "US"])
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
