"""New item ids: the next number that no branch the repository knows already uses.

Every local and remote-tracking branch tip is read with one `git cat-file --batch`.
A version of the file is a blob, and a blob never changes, so the highest number
of each prefix found in a blob is kept in the repository's cache (`ewg.cache`): with
200 branches, only the blobs that changed since the last `ewg add` are read again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ewg.errors import GitError
from ewg.model import ITEM_ID_RE

# A literal prefix ("id") lets the regex engine skip ahead fast; matching a little
# more than `id = "…"` at the start of a line only ever reserves a number too many.
_ID_VALUE = re.compile(rb"""id["']?[ \t]*=[ \t]*["']([A-Z][A-Z0-9]*)-([1-9][0-9]*)["']""")
# The cache entry (in the repository's store) of the maxima of the blobs at the tips.
CACHE_NAME = "ids-v2"

Maxima = dict[str, int]


def numbers(ids: Iterable[str], prefix: str) -> set[int]:
    """The numbers used after `prefix` among `ids`."""
    found = set()
    for item_id in ids:
        match = ITEM_ID_RE.match(item_id)
        if match and match.group(1) == prefix:
            found.add(int(match.group(2)))
    return found


def maxima(content: bytes, start: int = 0, end: int | None = None) -> Maxima:
    """The highest item number of each prefix in a version of the file."""
    found: Maxima = {}
    stop = len(content) if end is None else end
    for match in _ID_VALUE.finditer(content, start, stop):
        prefix, number = match.group(1).decode("ascii"), int(match.group(2))
        if number > found.get(prefix, 0):
            found[prefix] = number
    return found


def merge_maxima(many: Iterable[Mapping[str, int]]) -> Maxima:
    """The highest number of each prefix over several versions."""
    out: Maxima = {}
    for one in many:
        for prefix, number in one.items():
            if number > out.get(prefix, 0):
                out[prefix] = number
    return out


def _locate(path: Path) -> tuple[Path, Path] | None:
    """The work tree and the common git directory of `path`; None outside git.

    GitError when git cannot look (not installed, or it refuses the repository).
    """
    from ewg.repo import reason, refused, run

    folder = path.parent.resolve()
    done = run(["rev-parse", "--show-toplevel", "--git-common-dir"], cwd=folder)
    if done.returncode:
        refused(done.stderr, folder)
        said = done.stderr.decode("utf-8", "replace")
        if "not a git repository" in said.lower():
            return None
        raise GitError(reason(done.stderr) or said)
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 2:
        return None
    return Path(lines[0]), folder / lines[1]


def _cached(entry: Any) -> dict[str, Maxima]:
    """The maxima per blob of a cache entry; a malformed one is empty."""
    if not isinstance(entry, dict):
        return {}
    good: dict[str, Maxima] = {}
    for blob, found in entry.items():
        if isinstance(found, dict) and all(isinstance(v, int) for v in found.values()):
            good[blob] = found
    return good


def _read(root: Path, blobs: list[str]) -> dict[str, Maxima]:
    """The maxima of each blob, read through one `git cat-file --batch`."""
    from ewg.repo import Blobs

    found: dict[str, Maxima] = {}
    try:
        for blob, content in Blobs(root).stream(blobs):
            found[blob] = maxima(content)
    except GitError:  # a blob gone since it was listed: the others still count
        pass
    return found


def maxima_on_branches(path: Path) -> Maxima:
    """The highest number of each prefix in the file at every local and remote-tracking tip.

    Empty outside a git repository.
    """
    from ewg.cache import repository
    from ewg.repo import run_git

    located = _locate(path)
    if located is None:
        return {}
    root, common = located
    rel = os.path.relpath(path.resolve(), root).replace(os.sep, "/")
    refs = ["for-each-ref", "--format=%(objectname)", "refs/heads", "refs/remotes"]
    tips = run_git(refs, cwd=root, check=False).split()
    if not tips:
        return {}
    query = "".join(f"{tip}:{rel}\n" for tip in dict.fromkeys(tips)).encode()
    checks = run_git(
        ["cat-file", "--batch-check=%(objectname) %(objecttype)"],
        cwd=root,
        input=query,
        check=False,
    )
    blobs = sorted({line.split()[0] for line in checks.splitlines() if line.endswith(" blob")})
    store = repository(common)
    cached = _cached(store.get(CACHE_NAME))
    known = {blob: cached[blob] for blob in blobs if blob in cached}
    fresh = _read(root, [blob for blob in blobs if blob not in known])
    if fresh or len(known) != len(cached):
        store.put(CACHE_NAME, {**known, **fresh})
    return merge_maxima([*known.values(), *fresh.values()])


def next_id(
    prefix: str,
    local_ids: Iterable[str],
    path: Path | None,
    warn: Callable[[str], None] | None = None,
) -> str:
    """The id for a new item of the area with `prefix`.

    When the file is in a repository whose branches git cannot show (git missing, or
    refusing the repository), the number comes from the file alone and `warn` says so.
    """
    used = numbers(local_ids, prefix)
    if path is not None:
        try:
            used.add(maxima_on_branches(path).get(prefix, 0))
        except GitError as exc:
            from ewg.i18n import _
            from ewg.repo import work_tree_of

            if warn is not None and (work_tree_of(path) or os.environ.get("GIT_DIR")):
                warn(
                    _("cannot see the other branches ({reason}); the new id is numbered"
                      " from this file alone and may be one another branch uses").format(
                        reason=exc.message
                    )
                )  # fmt: skip
    return f"{prefix}-{max(used, default=0) + 1}"


def _default_refs(root: Path) -> list[str]:
    """The remote's default branch, then the local one (as refs), where they exist."""
    from ewg.repo import run_git

    refs: list[str] = []
    remote = run_git(["symbolic-ref", "-q", "refs/remotes/origin/HEAD"], cwd=root, check=False)
    remote_names = [remote.strip()] if remote.strip() else []
    remote_names += ["refs/remotes/origin/main", "refs/remotes/origin/master"]
    configured = run_git(["config", "--get", "init.defaultBranch"], cwd=root, check=False).strip()
    local_names = [f"refs/heads/{name}" for name in (configured, "main", "master") if name]
    for group in (remote_names, local_names):
        for ref in group:
            if run_git(["rev-parse", "-q", "--verify", ref], cwd=root, check=False).strip():
                refs.append(ref)
                break
    return refs


def main_lines(path: Path) -> list[dict[str, dict[str, Any]]]:
    """The items (by id) of the file on origin's default branch, then on the local one.

    The merge driver keeps the id of an item that is already there (see ewg.merge).
    """
    import tomllib

    from ewg.repo import run_git

    located = _locate(path)
    if located is None:
        return []
    root = located[0]
    rel = os.path.relpath(path.resolve(), root).replace(os.sep, "/")
    lines: list[dict[str, dict[str, Any]]] = []
    for ref in _default_refs(root):
        text = run_git(["cat-file", "-p", f"{ref}:{rel}"], cwd=root, check=False)
        try:
            items = tomllib.loads(text).get("items")
        except tomllib.TOMLDecodeError:
            continue
        if isinstance(items, list):
            lines.append(
                {t["id"]: t for t in items if isinstance(t, dict) and isinstance(t.get("id"), str)}
            )
    return lines
