"""New item ids: the next number that no branch the repository knows already uses."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ewg.errors import GitError
from ewg.model import ITEM_ID_RE

_ID_LINE = re.compile(
    r"""^[ \t]*(?:id|"id"|'id')[ \t]*=[ \t]*["']([A-Z][A-Z0-9]*-[1-9][0-9]*)["']""", re.M
)


def numbers(ids: Iterable[str], prefix: str) -> set[int]:
    """The numbers used after `prefix` among `ids`."""
    found = set()
    for item_id in ids:
        match = ITEM_ID_RE.match(item_id)
        if match and match.group(1) == prefix:
            found.add(int(match.group(2)))
    return found


def ids_on_branches(path: Path) -> set[str]:
    """Item ids in the file at every local and remote-tracking branch tip (empty outside git)."""
    from ewg.repo import run_git, toplevel

    try:
        root = toplevel(path)
    except GitError:
        return set()
    rel = os.path.relpath(path.resolve(), root).replace(os.sep, "/")
    tips = run_git(
        ["for-each-ref", "--format=%(objectname)", "refs/heads", "refs/remotes"],
        cwd=root,
        check=False,
    ).split()
    if not tips:
        return set()
    query = "".join(f"{tip}:{rel}\n" for tip in dict.fromkeys(tips)).encode()
    checks = run_git(
        ["cat-file", "--batch-check=%(objectname) %(objecttype)"],
        cwd=root,
        input=query,
        check=False,
    )
    blobs = sorted({line.split()[0] for line in checks.splitlines() if line.endswith(" blob")})
    if not blobs:
        return set()
    contents = run_git(
        ["cat-file", "--batch"],
        cwd=root,
        input="".join(b + "\n" for b in blobs).encode(),
        check=False,
    )
    return set(_ID_LINE.findall(contents))


def next_id(prefix: str, local_ids: Iterable[str], path: Path | None) -> str:
    """The id for a new item of the area with `prefix`."""
    used = numbers(local_ids, prefix)
    if path is not None:
        used |= numbers(ids_on_branches(path), prefix)
    return f"{prefix}-{max(used, default=0) + 1}"
