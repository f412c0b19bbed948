"""Where the roadmap is, and the one writer: every file ewg writes goes through
`write_atomic` (or, for `-o`, `write_output`).

Light to import (the quick path finds the file with it before anything else loads).

A reader, another ewg or git, sees the old content or the new, never half a file:
the new content goes to a temporary file in the target's folder, is synced, then
renamed over the target. The promises this module keeps (symbolic links written
through, read-only and hard-linked files refused, owner, mode and extended
attributes kept, stale temporary files swept, every failure a message) are listed
in docs/reliability.md with the tests that hold them.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ewg.errors import EwgError

# A temporary file is `.<target name>.ewg-<12 hex>.tmp` beside its target. One left by
# a killed writer is removed by the next write into the same folder once it is this old;
# `ewg git setup` keeps the pattern out of `git status`.
TEMP_PATTERN = ".*.ewg-*.tmp"
STALE_SECONDS = 600


def temporary_file(folder: str | os.PathLike[str], prefix: str) -> tuple[int, str]:
    """A new file of our own in `folder`: its descriptor and name (mkstemp, without its import)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(name)


def write_atomic(
    path: str | os.PathLike[str], data: bytes | str, mode: int | None = None, durable: bool = True
) -> None:
    """Replace the file at `path` with `data` (str as UTF-8): temporary file, fsync, rename.

    A symbolic link is written through: its final target is replaced and the link
    stays. The file keeps its mode, owner and group (as far as the writer may set
    them) and its extended attributes; a new one gets `mode`, else 0o644 less the
    umask. A file without write permission, or with other hard links, is refused.
    `durable=False` skips the fsyncs, for files whose loss costs only time (caches,
    whose entries are checksummed, so a torn one is a miss).

    Every failure is a RoadmapFileError naming the file and the reason; the file
    is then unchanged.
    """
    target = resolve(path)
    folder, name = os.path.split(target)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise write_error(path, exc) from None
    kept = (0o644 & ~_umask()) if mode is None else mode
    if st is not None:
        _check_replaceable(path, st)
        kept = st.st_mode & 0o7777
    _sweep(folder)
    try:
        fd, tmp = temporary_file(folder, f".{name}.ewg-")
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(encode(data))
            handle.flush()
            if st is not None:
                _keep_owner(handle.fileno(), st)
                _copy_xattrs(target, handle.fileno())
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, kept)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(path, exc) from None
        raise
    if not durable:
        return
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder or ".", os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_output(
    path: str | os.PathLike[str], data: bytes | str, roadmap: str | os.PathLike[str] | None
) -> None:
    """Write an `-o` output: a regular file (or a new one) atomically, anything else in place.

    A device, a FIFO, `/dev/stdout`, `/dev/fd/N` (process substitution) or a link to
    one of them is opened and written, never replaced. The roadmap being read
    (`roadmap`, also through a link or a hard link) and a name that is no file
    are refused as usage errors.
    """
    from ewg.errors import UsageError
    from ewg.i18n import _

    name = os.fspath(path)
    if name in ("", "."):
        raise UsageError(_("--output needs a file name"))
    if roadmap is not None and same_file(path, roadmap):
        raise UsageError(
            _("refusing to write the output over the roadmap {path}").format(path=name),
            hint=_("give --output another file; the roadmap is unchanged"),
        )
    if os.path.isdir(path):
        raise UsageError(_("--output {path} is a folder; give a file name").format(path=name))
    if not written_in_place(path):
        write_atomic(path, data)
        return
    content = encode(data)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
    except OSError as exc:
        raise write_error(path, exc, in_place=True) from None


def written_in_place(path: str | os.PathLike[str]) -> bool:
    """Whether `path` names something to open and write rather than replace: anything
    but a regular file or nothing, and whatever is reached through /dev or /proc."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True
    except OSError:
        pass  # nothing there yet (or a dangling link): a new regular file
    name = os.path.abspath(path)
    for _hop in range(40):
        if name.startswith(("/dev/", "/proc/")):
            return True
        try:
            link = os.readlink(name)
        except OSError:
            return False
        name = os.path.normpath(os.path.join(os.path.dirname(name), link))
    return False


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file (links and hard links followed)."""
    try:
        one, two = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (one.st_dev, one.st_ino) == (two.st_dev, two.st_ino)


def resolve(path: str | os.PathLike[str]) -> str:
    """The file that writing `path` changes: its final target through any symbolic links."""
    target = os.path.realpath(path)
    if os.path.islink(target):  # realpath stops at a loop
        import errno

        raise write_error(path, OSError(errno.ELOOP, os.strerror(errno.ELOOP)))
    return target


def _check_replaceable(path: str | os.PathLike[str], st: os.stat_result) -> None:
    from ewg.errors import RoadmapFileError
    from ewg.i18n import _

    name = os.fspath(path)
    if not stat.S_ISREG(st.st_mode):
        raise RoadmapFileError(_("cannot write {path}: it is not a regular file").format(path=name))
    if not _writable(path, st):
        raise RoadmapFileError(
            _("{path} is read-only; ewg does not write a file without write permission").format(
                path=name
            ),
            hint=_("make it writable (chmod u+w) if the change is meant; it is unchanged"),
        )
    if st.st_nlink > 1:
        raise RoadmapFileError(
            _("{path} has {count} hard links; ewg does not write a hard-linked file").format(
                path=name, count=st.st_nlink
            ),
            hint=_(
                "replacing it would leave the other names with the old content; "
                "use a symbolic link instead (ewg writes through it)"
            ),
        )


def _writable(path: str | os.PathLike[str], st: os.stat_result) -> bool:
    """Whether the file's permissions let the writer write it (root: any write bit set)."""
    if getattr(os, "geteuid", lambda: -1)() == 0:
        return bool(st.st_mode & 0o222)
    return os.access(path, os.W_OK)


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group (root can; others keep the group)."""
    if not hasattr(os, "fchown"):  # pragma: no cover - Windows
        return
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, st.st_gid)


def _copy_xattrs(source: str, fd: int) -> None:
    """Copy the extended attributes (ACLs among them) where the system has them."""
    if not hasattr(os, "listxattr"):  # pragma: no cover - not Linux
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for attr in names:
        with contextlib.suppress(OSError):
            os.setxattr(fd, attr, os.getxattr(source, attr))


def _sweep(folder: str) -> None:
    """Remove the temporary files of ewg's own pattern that a killed writer left in
    `folder` long ago (a younger one may be a live writer's)."""
    try:
        with os.scandir(folder or ".") as entries:
            stale = [
                e.path
                for e in entries
                if is_temporary(e.name)
                and e.is_file(follow_symlinks=False)
                and e.stat(follow_symlinks=False).st_mtime < time.time() - STALE_SECONDS
            ]  # fmt: skip
    except OSError:
        return
    for old in stale:
        with contextlib.suppress(OSError):
            os.unlink(old)


_HEX = frozenset("0123456789abcdef")


def is_temporary(name: str) -> bool:
    """Whether a file name is one of ewg's temporary files: `.<name>.ewg-<12 hex>.tmp`."""
    return (
        name.startswith(".")
        and name.endswith(".tmp")
        and len(name) > 22
        and name[-21:-16] == ".ewg-"
        and _HEX.issuperset(name[-16:-4])
    )


def write_error(path: str | os.PathLike[str], exc: OSError, in_place: bool = False) -> EwgError:
    """The message for a write that failed: what, why, and that the file is unchanged."""
    import errno

    from ewg.errors import RoadmapFileError
    from ewg.i18n import _, os_reason

    name = os.fspath(path)
    reason = os_reason(exc)
    message = _("cannot write {path}: {reason}").format(path=name, reason=reason)
    if in_place:
        return RoadmapFileError(message)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        hint = _("the disk is full; {path} is unchanged: free some space and run it again")
    elif exc.errno == errno.EROFS:
        hint = _("the file system is read-only; {path} is unchanged")
    elif exc.errno in (errno.EACCES, errno.EPERM):
        hint = _(
            "ewg writes a temporary file beside {path} and renames it over the file: "
            "the folder must be writable and neither may be immutable (lsattr); "
            "{path} is unchanged"
        )
    else:
        hint = _("{path} is unchanged")
    return RoadmapFileError(message, hint=hint.format(path=name))


def encode(data: bytes | str) -> bytes:
    """The bytes to write: str as UTF-8, where a file name that is not UTF-8 (decoded by
    Python with surrogateescape) stays the bytes it was."""
    return data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data


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
