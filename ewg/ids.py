"""New item ids: the next number that no branch the repository knows already uses.

Every local and remote-tracking branch tip is read with one `git cat-file --batch`.
A version of the file is a blob, and a blob never changes, so the highest number
of each prefix found in a blob is kept in `<git-common-dir>/ewg/ids.json`: with
200 branches, only the blobs that changed since the last `ewg add` are read again.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ewg.errors import GitError
from ewg.model import ITEM_ID_RE

# A literal prefix ("id") lets the regex engine skip ahead fast; matching a little
# more than `id = "…"` at the start of a line only ever reserves a number too many.
_ID_VALUE = re.compile(rb"""id["']?[ \t]*=[ \t]*["']([A-Z][A-Z0-9]*)-([1-9][0-9]*)["']""")
_CACHE_VERSION = 1

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
    """The work tree and the common git directory of `path`, or None outside git."""
    from ewg.repo import run_git

    folder = path.parent.resolve()
    try:
        out = run_git(["rev-parse", "--show-toplevel", "--git-common-dir"], cwd=folder)
    except (GitError, OSError):
        return None
    lines = out.splitlines()
    if len(lines) < 2:
        return None
    return Path(lines[0]), folder / lines[1]


def _read_cache(file: Path) -> dict[str, Maxima]:
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("version") != _CACHE_VERSION:
        return {}
    blobs = raw.get("blobs")
    if not isinstance(blobs, dict):
        return {}
    good: dict[str, Maxima] = {}
    for blob, found in blobs.items():
        if isinstance(found, dict) and all(isinstance(v, int) for v in found.values()):
            good[blob] = found
    return good


def _write_cache(file: Path, blobs: Mapping[str, Maxima]) -> None:
    """Keep the maxima of the blobs at the tips now; failures only cost speed."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".ids-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"version": _CACHE_VERSION, "blobs": blobs}, handle)
        os.replace(tmp, file)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _batch(root: Path, blobs: list[str]) -> dict[str, Maxima]:
    """Read blobs with one `git cat-file --batch` and find the maxima of each."""
    import subprocess

    if not blobs:
        return {}
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    done = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=root,
        input="".join(b + "\n" for b in blobs).encode(),
        capture_output=True,
        env=env,
        check=False,
    )
    raw, pos, found = done.stdout, 0, {}
    while pos < len(raw):
        newline = raw.find(b"\n", pos)
        if newline < 0:
            break
        header = raw[pos:newline].split()
        pos = newline + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<name> missing" and the like
        size = int(header[2])
        found[header[0].decode("ascii")] = maxima(raw, pos, pos + size)
        pos += size + 1
    return found


def maxima_on_branches(path: Path) -> Maxima:
    """The highest number of each prefix in the file at every local and remote-tracking tip.

    Empty outside a git repository.
    """
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
    cache_file = common / "ewg" / "ids.json"
    cached = _read_cache(cache_file)
    known = {blob: cached[blob] for blob in blobs if blob in cached}
    fresh = _batch(root, [blob for blob in blobs if blob not in known])
    if fresh or len(known) != len(cached):
        _write_cache(cache_file, {**known, **fresh})
    return merge_maxima([*known.values(), *fresh.values()])


def next_id(prefix: str, local_ids: Iterable[str], path: Path | None) -> str:
    """The id for a new item of the area with `prefix`."""
    used = numbers(local_ids, prefix)
    if path is not None:
        used.add(maxima_on_branches(path).get(prefix, 0))
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
