"""A cache of parsed files, keyed by their content: it can never serve a stale parse."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


_KEEP = 32  # entries kept; each is about the size of the file
_TAG = f"v3-py{sys.version_info[0]}{sys.version_info[1]}"


def directory() -> Path | None:
    """Where parsed files are kept: $EWG_CACHE_DIR, else the user's cache folder."""
    if os.environ.get("EWG_NO_CACHE"):
        return None
    explicit = os.environ.get("EWG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ewg"


def key(content: bytes, kind: str = "parse") -> str:
    """The cache key of some content."""
    from ewg import __version__

    digest = hashlib.blake2b(content, digest_size=20).hexdigest()
    return f"{kind}-{_TAG}-{__version__}-{digest}"


def get(name: str, codec: Any = pickle) -> Any | None:
    """The value stored under `name` (by `pickle`, or `marshal`), or None."""
    folder = directory()
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as handle:
            return codec.loads(handle.read())
    except Exception:  # a missing, truncated or foreign entry is a miss
        return None


def put(name: str, value: Any, codec: Any = pickle) -> None:
    """Store `value` under `name` with `pickle` (or `marshal`); failures only cost speed."""
    folder = directory()
    if folder is None:
        return
    try:
        content = codec.dumps(value) if codec is not pickle else pickle.dumps(value, 5)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = temporary_file(folder, ".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, folder / name)
        _prune(folder)
    except (OSError, ValueError):
        pass


def temporary_file(folder: Path, prefix: str) -> tuple[int, str]:
    """A new file of our own in `folder` (tempfile.mkstemp, without its 4 ms import)."""
    for _attempt in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(name)


def _prune(folder: Path) -> None:
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(entries) <= _KEEP:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[: len(entries) - _KEEP]:
        old.unlink(missing_ok=True)
