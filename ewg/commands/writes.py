"""Every change to the roadmap goes through `write`: under the file's lock, then --commit.

With `commit`, the lock is held from the write through `git commit`: a second writer
waits, so a failed commit undoes its own change alone (the file goes back to what it
was, the index stays as it was found) and never anyone else's. A file that already
differs from HEAD is refused before anything is written, so a commit holds ewg's
change and nothing else; its subject states that change with its values.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from ewg.diff import Change
    from ewg.store import Document


def write(
    path: Path,
    change: Callable[[Document], Document],
    message: Callable[[Document], str] | None = None,
    commit: bool = False,
) -> Document:
    """Apply a change to the file under its lock; with `commit`, record it in git (or undo it).

    The commit subject is `message` when the command gives one (owners, milestones,
    meetings, renames); else it states the change to items with its values (`subject`).
    """
    from ewg import repo, store

    if not commit:
        return store.update(path, change)[1]
    repo.prepare_commit(path)

    def checked(doc: Document) -> Document:
        refuse_pending(path)  # under the lock: nobody else writes the file meanwhile
        return change(doc)

    def record(before: Document, after: Document) -> None:
        # The caller's own words first: a rename touches items too, but says more
        # as "rename owner sre to sre-mx" than as each item's owners.
        described = one_line(message(after)) if message is not None else None
        if not described:
            described = subject(before, after) or path.name
        repo.commit(path, described)

    return store.update(path, checked, then=record)[1]


def refuse_pending(path: Path) -> None:
    """Refuse a commit of a file that already has changes ewg did not make."""
    from ewg import repo
    from ewg.errors import RefusedError
    from ewg.i18n import _

    status = repo.pending(path)
    if status is None:
        return
    if status == "??":
        raise RefusedError(
            _(
                "{name} is not committed in git yet; --commit records changes to a committed file"
            ).format(name=path.name),
            hint=_(
                "commit it first (`git add {name}` and `git commit`), then run this again"
            ).format(name=path.name),
        )
    staged, unstaged = status[0] != " ", status[1] != " "
    where = (
        _("staged and in the working tree")
        if staged and unstaged
        else _("staged")
        if staged
        else _("in the working tree")
    )
    raise RefusedError(
        _("{name} has edits that are not committed ({where}); --commit would record them"
          " as this change").format(name=path.name, where=where),
        hint=_("commit or stash your edits first (`git commit {name}` or `git stash`),"
               " then run this again").format(name=path.name),
    )  # fmt: skip


# --- the commit subject ------------------------------------------------------------------

_LONGEST = 60  # characters of one value in a subject
_QUOTED = ("title", "title_es", "reason", "notes")


def subject(before: Document, after: Document) -> str | None:
    """One line stating the change to items with its values (`INN-2: progress 50 → 70`);
    None when the change is not about items."""
    from ewg import diff
    from ewg.i18n import _

    changes = diff.diff_items(
        diff.index_items(_items(before.data)), diff.index_items(_items(after.data))
    )
    if not changes:
        return None
    parts: list[str] = []
    fields: dict[str, list[str]] = {}
    for change in changes:
        item = one_line(change.item or "")
        if change.kind == diff.ADDED:
            parts.append(
                _("add {id}: {title}").format(id=item, title=_value("title", change.title))
            )
        elif change.kind == diff.REMOVED:
            title = _value("title", change.title)
            parts.append(_("remove {id}: {title}").format(id=item, title=title))
        else:
            if item not in fields:
                fields[item] = []
                parts.append(item)
            fields[item].append(_field(change))
    lines = [f"{part}: {', '.join(fields[part])}" if part in fields else part for part in parts]
    return one_line("; ".join(lines))


def _items(data: dict[str, Any]) -> list[Any]:
    items = data.get("items")
    return items if isinstance(items, list) else []


def _field(change: Change) -> str:
    field = change.kind
    old, new = _value(field, change.old), _value(field, change.new)
    return f"{field} {old} → {new}"


def _value(field: str, value: Any) -> str:
    """A value as a subject shows it: quoted text, listed arrays, — for none; one short line."""
    if value is None:
        return "—"
    if isinstance(value, tuple | list):
        text = ", ".join(str(v) for v in value)
        text = f"[{text}]"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    text = one_line(text)
    if len(text) > _LONGEST:
        text = text[: _LONGEST - 1] + "…"
    return f'"{text}"' if field in _QUOTED else text


def one_line(text: str) -> str:
    """Text from the file as one line: controls and bidi marks out, whitespace runs as one."""
    import unicodedata

    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
    )
    return " ".join(kept.split())
