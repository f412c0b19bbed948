"""The bodies of the hot commands, importable without Typer.

`ewg status` and the status changes (`start`, `done`, `block`, `drop`) run
here both from their Typer commands and from the quick path, so the two can
never answer differently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ewg.cli.common import STATE, color, note, read_document, roadmap_path, terminal_width, today
from ewg.errors import UsageError
from ewg.i18n import _
from ewg.model import Status

if TYPE_CHECKING:
    import datetime as dt

    from ewg.model import Item, Roadmap
    from ewg.store import Document

STATUS_FORMATS = ("table", "json", "markdown")


def status_text(
    fmt: str, area: str | None, roadmap: Roadmap | None = None, when: dt.date | None = None
) -> str:
    """What `ewg status` prints, for the file of this run (or a roadmap as it was)."""
    from ewg.cli.lookup import require
    from ewg.query import summarize
    from ewg.render import status as render

    if roadmap is None:
        roadmap = read_document().roadmap
    if area:
        require("area", area, roadmap.areas)
    summary = summarize(roadmap, when or today(), area)
    if fmt == "json":
        import json

        return json.dumps(render.to_json(summary), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render.render_markdown(summary, roadmap, STATE.lang)
    return render.render_table(summary, roadmap, STATE.lang, terminal_width(), color())


def write(
    change: Callable[[Document], Document], message: Callable[[Document], str], commit: bool
) -> Document:
    """Apply a change to the file under its lock; with --commit, record it in git."""
    from ewg import repo, store

    path = roadmap_path()
    if commit:
        repo.prepare_commit(path)
    before, after = store.update(path, change)
    if commit and after.text != before.text:
        try:
            repo.commit(path, message(after))
        except Exception:
            with store.locked(path):
                store.write_atomic(path, before.text)
            raise
    return after


def _changes(status: str, reason: str | None) -> Callable[[Item], dict[str, Any]]:
    """The fields that move an item to `status`."""
    when = today()
    if status in (Status.BLOCKED, Status.DROPPED):
        if reason is None or not reason.strip():
            raise UsageError(_("--reason must say why"))
        return lambda item: {"status": status, "reason": reason}
    if status == Status.DONE:

        def done(item: Item) -> dict[str, Any]:
            fields: dict[str, Any] = {"status": status, "completed": item.completed or when}
            fields["reason"] = None
            if item.progress is not None:
                fields["progress"] = 100
            return fields

        return done

    def start(item: Item) -> dict[str, Any]:
        fields: dict[str, Any] = {"status": status, "reason": None}
        if item.start is None and (item.due is None or item.due >= when):
            fields["start"] = when
        return fields

    return start


def change_status(
    item_id: str, status: str, reason: str | None = None, commit: bool = False
) -> None:
    """Move an item to `status` (in_progress, done, blocked, dropped) and say so."""
    from ewg.cli.lookup import require_item
    from ewg.store import set_item_fields

    changes_for = _changes(status, reason)

    def change(doc: Document) -> Document:
        item = doc.item(item_id) or require_item(doc.roadmap, item_id)
        return set_item_fields(doc, item.id, changes_for(item))

    message = _("roadmap: {id} {verb}").format(id=item_id, verb=status)
    write(change, lambda _doc: message, commit)
    note(_("{id} is now {status}").format(id=item_id, status=_(status)))
