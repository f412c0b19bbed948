"""Every change to the roadmap goes through `write`: under the file's lock, then --commit."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ewg.store import Document


def write(
    path: Path,
    change: Callable[[Document], Document],
    message: Callable[[Document], str],
    commit: bool,
) -> Document:
    """Apply a change to the file under its lock; with `commit`, record it in git (or undo it)."""
    from ewg import repo, store

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
