"""`ewg digest --owner O [--within N]` and `--all`: what each institution owes.

For one owner on a day: its open items that are overdue, due within N days,
blocked (with the reason), waiting for an open item of another owner, and its
open items that another owner's open item waits for. The values are plain;
`ewg.render.digest` writes them.
"""

from __future__ import annotations

import datetime as dt

from ewg.render.digest import OwnerDigest, Wait

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ewg.model import Roadmap

DEFAULT_WITHIN = 30


def digests(
    path: Path, owner: str | None, every: bool, within: int, lang: str, today: dt.date
) -> tuple[list[OwnerDigest], str]:
    """The digest of `owner`, or of every owner; and the roadmap's title."""
    from ewg.commands.lookup import require
    from ewg.commands.reading import read_roadmap
    from ewg.errors import UsageError
    from ewg.i18n import _

    if (owner is None) == (not every):
        raise UsageError(
            _("give --owner O or --all"), hint=_("e.g. ewg digest --owner doe --within 30")
        )
    if within < 0:
        raise UsageError(_("--within: the number of days is negative"))
    roadmap = read_roadmap(path)
    keys = list(roadmap.owners) if every else [require("owner", owner or "", roadmap.owners)]
    title = roadmap.title_es if lang == "es" and roadmap.title_es else roadmap.title
    return [digest(roadmap, key, within, lang, today) for key in keys], title


def digest(roadmap: Roadmap, key: str, within: int, lang: str, today: dt.date) -> OwnerDigest:
    """What one owner owes on `today`."""
    from ewg.commands.agenda import line

    mine = [i for i in roadmap.items if i.is_open and key in i.owners]
    by_due = sorted(mine, key=lambda i: i.due or dt.date.max)
    until = today + dt.timedelta(days=within)
    waiting, awaited = [], []
    for item in mine:
        for dep in item.depends_on:
            other = roadmap.item(dep)
            if other is not None and other.is_open and key not in other.owners:
                waiting.append(Wait(line(roadmap, item, lang), line(roadmap, other, lang)))
    for other in roadmap.items:
        if not other.is_open or key in other.owners:
            continue
        for dep in other.depends_on:
            needed = roadmap.item(dep)
            if needed is not None and needed.is_open and key in needed.owners:
                awaited.append(Wait(line(roadmap, needed, lang), line(roadmap, other, lang)))
    owner = roadmap.owners[key]
    return OwnerDigest(
        id=key,
        name=owner.label(lang),
        lang=lang,
        today=today,
        within=within,
        overdue=[line(roadmap, i, lang) for i in by_due if i.is_overdue(today)],
        due_soon=[
            line(roadmap, i, lang) for i in by_due if i.due is not None and today <= i.due <= until
        ],
        blocked=[line(roadmap, i, lang) for i in mine if i.status == "blocked"],
        waiting=waiting,
        awaited=awaited,
    )
