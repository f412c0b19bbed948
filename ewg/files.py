"""Where the roadmap is, and the one writer: every file ewg writes is replaced atomically
through `write_atomic`.

Light to import (the quick path finds the file with it before anything else loads).

A reader, another ewg or git, sees the old content or the new, never half a file:
the new content goes to a temporary file in the same folder, is synced, then renamed.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def temporary_file(folder: Path, prefix: str) -> tuple[int, str]:
    """A new file of our own in `folder`: its descriptor and name (mkstemp, without its import)."""
    for _attempt in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(name)


def write_atomic(
    path: Path, data: bytes | str, mode: int | None = None, durable: bool = True
) -> None:
    """Replace `path` with `data` (str as UTF-8): temporary file, fsync, rename.

    The file keeps its mode; a new one gets `mode`, else 0o644 less the umask.
    `durable=False` skips the fsyncs, for files whose loss costs only time (caches,
    whose entries are checksummed, so a torn one is a miss).
    """
    folder = path.parent
    try:
        kept = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        kept = (0o644 & ~_umask()) if mode is None else mode
    fd, tmp = temporary_file(folder, f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, kept)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_NAME = "roadmap.toml"


def locate(
    explicit: str | os.PathLike[str] | None = None, start: Path | None = None
) -> Path | None:
    """The roadmap file: `explicit`, else $EWG_FILE, else the nearest roadmap.toml upwards; or None."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("EWG_FILE")
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def find(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """The roadmap file as `locate` finds it; RoadmapFileError when there is none."""
    found = locate(explicit, start)
    if found is None:
        from ewg.errors import RoadmapFileError
        from ewg.i18n import _

        raise RoadmapFileError(
            _("no roadmap.toml here or in any parent folder"),
            hint=_("run `ewg init` to start one, or pass --file PATH"),
        )
    return found
