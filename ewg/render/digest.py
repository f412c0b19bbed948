"""`ewg digest`: what each institution owes, as a paper (see ewg.render.paper).

The values are built by `ewg.commands.digest`; every line is written here in the
output language. Plain text (for e-mail) is the terminal's, wrapped at 72 columns.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

from ewg.i18n import _
from ewg.render.agenda import AgendaItem, item_line
from ewg.render.paper import Paper, Section, render_markdown, render_text


@dataclass(frozen=True, slots=True)
class Wait:
    """One item waiting for another: `item` needs `other`."""

    item: AgendaItem
    other: AgendaItem


@dataclass(slots=True)
class OwnerDigest:
    """What one institution owes on a day."""

    id: str
    name: str
    lang: str
    today: dt.date
    within: int
    overdue: list[AgendaItem]
    due_soon: list[AgendaItem]
    blocked: list[AgendaItem]
    waiting: list[Wait]  # its items waiting for others' open items
    awaited: list[Wait]  # others' open items waiting for its items


def _wait(wait: Wait, today: dt.date, mine_first: bool) -> str:
    if mine_first:
        return _("{item} waits for {other}").format(
            item=f"{wait.item.id} {wait.item.title}", other=item_line(wait.other, today)
        )
    return _("{other} waits for {item}").format(
        other=item_line(wait.other, today), item=f"{wait.item.id} {wait.item.title}"
    )


def paper(digest: OwnerDigest) -> Paper:
    """One institution's digest."""
    today = digest.today
    blocked = [item_line(i, today, reason=True) for i in digest.blocked]
    blocked += [_wait(w, today, True) for w in digest.waiting]
    sections = [
        Section(
            "overdue",
            _("Overdue"),
            [item_line(i, today) for i in digest.overdue],
            _("Nothing is overdue."),
        ),
        Section(
            "due",
            _("Due within {days} days").format(days=digest.within),
            [item_line(i, today) for i in digest.due_soon],
            _("Nothing falls due."),
        ),
        Section(
            "blocked",
            _("Blocked and waiting on others"),
            blocked,
            _("Nothing is blocked or waiting."),
        ),
        Section(
            "awaited",
            _("What others wait on"),
            [_wait(w, today, False) for w in digest.awaited],
            _("No one waits on these items."),
        ),
    ]
    title = _("What {name} owes ({id})").format(name=digest.name, id=digest.id)
    subtitle = _("As of {today}.").format(today=today.isoformat())
    return Paper(title, subtitle, digest.lang, sections)


def render(digests: list[OwnerDigest], fmt: str, title: str) -> str:
    """One digest, or one section per institution under `title`, in a format."""
    papers = [paper(d) for d in digests]
    if fmt == "markdown":
        if len(papers) == 1:
            return render_markdown(papers[0])
        return f"# {title}\n\n" + "\n".join(render_markdown(p, level=2) for p in papers)
    texts = [render_text(p) for p in papers]
    if fmt == "plain":
        texts = [_wrapped(t) for t in texts]
    return ("\n" + "=" * 72 + "\n\n").join(texts)


def _wrapped(text: str) -> str:
    """Lines of at most 72 columns; list lines go on with a hanging indent."""
    out = []
    for line in text.split("\n"):
        indent = "  " if line.startswith("- ") else ""
        out.append(textwrap.fill(line, 72, subsequent_indent=indent) if line else line)
    return "\n".join(out)
