"""`ewg status`: the summary of a roadmap (as it is, or as it was), in one of three formats."""

from __future__ import annotations

FORMATS = ("table", "json", "markdown")

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from ewg.model import Roadmap


def status_text(
    roadmap: Roadmap,
    fmt: str,
    area: str | None,
    when: dt.date,
    lang: str,
    width: int | None = None,
    color: bool = False,
) -> str:
    """What `ewg status` prints for `roadmap` on day `when`; NotFoundError for an unknown area."""
    from ewg.commands.lookup import require
    from ewg.query import summarize
    from ewg.render import status as render

    if area:  # any letter case: the id as the file writes it
        area = require("area", area, roadmap.areas)
    summary = summarize(roadmap, when, area)
    if fmt == "json":
        return render.render_json(summary)
    if fmt == "markdown":
        return render.render_markdown(summary, roadmap, lang, area)
    return render.render_table(summary, roadmap, lang, width, color, area)


def as_of(path: Path, text: str) -> tuple[Roadmap, dt.date, str]:
    """The roadmap as it stood at a revision or at the end of a day, that day, and what it was.

    The last is a note for stderr: "as of DAY: FILE@COMMIT".
    """
    from ewg.commands import since
    from ewg.history import History
    from ewg.i18n import _
    from ewg.source import decode
    from ewg.store import Document

    with History(path) as hist:
        moment = since.parse(text, "--as-of", hist.resolve)
        commit, day, content = hist.at(moment)
        name = f"{hist.repo.path}@{commit[:8]}"
    note = _("as of {date}: {name}").format(date=day.isoformat(), name=name)
    return Document(decode(content, name)).roadmap, day, note
