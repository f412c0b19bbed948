"""The roadmap file: find it, read it, lock it, replace it atomically, update it.

Reads go through `ewg.document.Document` (tomllib behind the cache, keyed by the
file's content); writes are line edits (`ewg.edits`), checked by validation, and
replaced through the one writer (`ewg.files.write_atomic`) under a lock. The names
of ewg.document and ewg.edits are re-exported here for the code that imports them
from the store.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ewg.document import Document, ItemEdit, scan
from ewg.edits import (
    add_item,
    add_measurement,
    add_measurements,
    add_table,
    add_tables,
    append_array_table,
    remove_array_table,
    remove_array_tables,
    remove_item,
    remove_table,
    set_item_fields,
    set_table_fields,
    table_block,
)
from ewg.errors import EwgError, RoadmapFileError
from ewg.files import FILE_NAME, find, write_atomic
from ewg.i18n import _, os_reason
from ewg.model import Roadmap
from ewg.rows import TableRef
from ewg.source import TomlSyntaxError, decode, parse, read_bytes

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def read(path: Path) -> Document:
    """Read and parse the file at `path`."""
    content = read_bytes(path)
    doc = Document(decode(content, str(path)), path, content)
    doc.touched = set()
    return doc


def load(path: str | os.PathLike[str] | None = None) -> Roadmap:
    """The roadmap model of a file (found as the spec says when `path` is None)."""
    return read(find(path)).roadmap


# --- atomic replacement under a lock -------------------------------------------------


def _git_dir(folder: Path) -> Path | None:
    """The git directory of the work tree holding `folder`, found without running git."""
    for parent in (folder, *folder.parents):
        dot_git = parent / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():  # a linked worktree or a submodule: "gitdir: <path>"
            content = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if content.startswith("gitdir:"):
                return (parent / content.removeprefix("gitdir:").strip()).resolve()
            return None
    return None


def lock_path(path: Path) -> Path:
    """The side file that writers lock: inside .git in a repository, else beside the file.

    It belongs to the file actually written: a symbolic link's final target. Inside
    .git it never shows in `git status`; the name is keyed by the target's path so
    that two roadmaps of one repository do not wait for each other.
    """
    absolute = path.resolve()
    git_dir = _git_dir(absolute.parent)
    if git_dir is not None:
        import hashlib

        digest = hashlib.blake2b(os.fsencode(absolute), digest_size=8).hexdigest()
        folder = git_dir / "ewg"
        with contextlib.suppress(OSError):
            folder.mkdir(exist_ok=True)
            return folder / f"{absolute.name}-{digest}.lock"
    return absolute.with_name(f".{absolute.name}.lock")


LOCK_TIMEOUT = 30.0  # seconds a writer waits for the lock; $EWG_LOCK_TIMEOUT overrides
_SAY_AFTER = 1.0  # a wait shorter than this is not worth a message
_WAIT: dict[str, float] = {}  # this run's wait for the lock: when it began, when it was said


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the writers' lock of `path`'s target; wait for another writer at most
    LOCK_TIMEOUT seconds, saying on stderr who holds it."""
    lock = lock_path(path)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(lock, flags, 0o644)
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            raise RoadmapFileError(
                _("cannot lock {name}: the lock file {lock} is a symbolic link").format(
                    name=path, lock=lock
                ),
                hint=_("ewg does not follow it; remove {lock} if you did not make it").format(
                    lock=lock
                ),
            ) from None
        raise RoadmapFileError(
            _("cannot lock {name}: {reason}").format(name=path, reason=os_reason(exc))
        ) from None
    try:
        _acquire(fd, path, lock)
        _sign(fd)
        yield
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _acquire(fd: int, path: Path, lock: Path) -> None:
    """Take the lock, blocking (the kernel queues waiters, /proc/locks shows them);
    say once who holds it; give up after the timeout."""
    if _try_lock(fd):
        _WAIT.clear()
        return
    _refuse_waiting_for_an_ancestor(path, lock)
    import time

    limit = lock_timeout()
    say_at = min(_SAY_AFTER, limit / 2)
    # One wait per run: the quick path's failure is retried by the full app, which
    # must not wait (or say so) a second time.
    start = _WAIT.setdefault("start", time.monotonic())
    while True:
        waited = time.monotonic() - start
        if waited >= limit:
            raise RoadmapFileError(
                _(
                    "gave up after {seconds} s waiting for the lock of {name}, held by {holder}"
                ).format(seconds=f"{limit:g}", name=path, holder=_holder(lock)),
                hint=_(
                    "if that process is stopped (Ctrl-Z), resume it (`fg`) or end it; "
                    "EWG_LOCK_TIMEOUT sets the wait in seconds; {name} is unchanged"
                ).format(name=path),
            )
        if "said" not in _WAIT and waited >= say_at:
            _WAIT["said"] = waited
            _say(
                _("waiting for the lock of {name}, held by {holder} (at most {seconds} s)").format(
                    name=path, holder=_holder(lock), seconds=f"{limit:g}"
                )
            )
        until = limit if "said" in _WAIT else say_at
        if _block(fd, max(until - waited, 0.001)):
            break
    _WAIT.clear()


def _refuse_waiting_for_an_ancestor(path: Path, lock: Path) -> None:
    """Stop at once when the holder started this process (a git hook that `--commit` runs,
    changing the file again): the holder waits for it, so waiting for the holder never ends."""
    holder = _holder_pid(lock)
    if holder is None or holder not in _ancestors():
        return
    raise RoadmapFileError(
        _("{name} is locked by {holder}, which started this command and waits for it").format(
            name=path, holder=_holder(lock)
        ),
        hint=_(
            "a git hook that `ewg … --commit` runs must not change {name}; "
            "make that change before or after the command"
        ).format(name=path),
    )


def _holder_pid(lock: Path) -> int | None:
    try:
        with open(lock, "rb") as handle:
            first = handle.read(32).split(b" ", 1)[0]
    except OSError:
        return None
    return int(first) if first.isdigit() else None


def _ancestors() -> set[int]:
    """The ids of this process's parent, its parent's parent, and so on (Linux's /proc;
    elsewhere only the parent)."""
    found: set[int] = set()
    pid = os.getppid()
    while pid > 1 and pid not in found and len(found) < 64:
        found.add(pid)
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                stat = handle.read()
            pid = int(stat[stat.rindex(b")") + 2 :].split()[1])  # the field after the state
        except (OSError, ValueError, IndexError):
            break
    return found


class _Alarm(Exception):
    """The time to wait for the lock is up (raised by the SIGALRM handler)."""


def _block(fd: int, seconds: float) -> bool:
    """Wait at most `seconds` for the lock: True once held.

    A blocking flock ended by a one-shot SIGALRM; where signals cannot be used (not
    the main thread, Windows), short sleeps between tries.
    """
    import signal

    armed = True

    def ring(_signum: int, _frame: object) -> None:
        if armed:
            raise _Alarm

    try:
        previous = signal.signal(signal.SIGALRM, ring)
    except (ValueError, AttributeError):  # not the main thread; no SIGALRM on Windows
        import time

        time.sleep(min(seconds, 0.05))
        return _try_lock(fd)
    try:
        import fcntl

        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            fcntl.flock(fd, fcntl.LOCK_EX)
            armed = False
        except _Alarm:
            armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        return _try_lock(fd)  # held already (a no-op then), or still taken
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lock_timeout() -> float:
    """How long a writer waits for the lock: $EWG_LOCK_TIMEOUT seconds, else LOCK_TIMEOUT."""
    value = os.environ.get("EWG_LOCK_TIMEOUT", "")
    try:
        seconds = float(value)
    except ValueError:
        return LOCK_TIMEOUT
    return seconds if seconds >= 0 and seconds == seconds else LOCK_TIMEOUT


def _sign(fd: int) -> None:
    """Write the holder's pid and command into the lock file, for those who wait."""
    command = " ".join(["ewg", *sys.argv[1:]])[:200]
    with contextlib.suppress(OSError, AttributeError):  # no pwrite on Windows
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {command}\n".encode("utf-8", "replace"), 0)


def _holder(lock: Path) -> str:
    """Who holds the lock, as its holder wrote it ("pid 123: ewg set …"), made inert."""
    try:
        with open(lock, "rb") as handle:
            text = handle.read(300).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    pid, _sep, command = text.partition(" ")
    if not pid.isdigit():
        return _("another process")
    return _("pid {pid} ({command})").format(pid=pid, command=command)


def _say(text: str) -> None:
    """A line on stderr, made inert (the store cannot reach the renderers)."""
    shown = "".join(c if c.isprintable() else "?" for c in text)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(shown + "\n")
        sys.stderr.flush()


def update(
    path: Path,
    change: Callable[[Document], Document],
    check: bool = True,
    then: Callable[[Document, Document], None] | None = None,
) -> tuple[Document, Document]:
    """Apply `change` to the file under the lock; refuse a result that validation rejects.

    Returns the version before and after. Nothing is written when `change` raises.
    `then` runs after the replacement, still under the lock (`--commit` records the
    change there); when it raises, the file goes back to its version before, which is
    safe because no other writer can have changed it meanwhile.
    """
    with locked(path):
        before = read(path)
        after = change(before)
        if after.text == before.text:
            return before, after
        if check:
            _refuse_new_errors(before, after)
        write_atomic(path, after.content)  # encoded once, for the file and the cache key
        after.remember()
        if then is not None:
            try:
                then(before, after)
            except BaseException:
                write_atomic(path, before.content)
                raise
    return before, after


def _checked(doc: Document, only: set[str]) -> dict[str, Any]:
    """What validation of `only` needs, in file order: their tables in full, and in brief
    every item they reach through `depends_on` (for unknown references and cycles)."""
    items = doc.roadmap.items
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        first.setdefault(item.id, index)
    wanted: set[int] = {i for i, item in enumerate(items) if item.id in only}
    stack = [dep for i in wanted for dep in items[i].depends_on]
    while stack:
        index = first.get(stack.pop(), -1)
        if index >= 0 and index not in wanted:
            wanted.add(index)
            stack.extend(items[index].depends_on)
    chosen: list[dict[str, Any]] = []
    for index in sorted(wanted):
        item = items[index]
        if item.id in only:
            chosen.append(doc.raw_item(index))
        else:
            chosen.append(
                {"id": item.id, "status": item.status, "depends_on": list(item.depends_on)}
            )
    data = dict(doc.head)
    if chosen:
        data["items"] = chosen
    return data


def _refuse_new_errors(before: Document, after: Document) -> None:
    from ewg.errors import InvalidRoadmapError
    from ewg.rules import new_errors

    only = after.touched
    new = new_errors(
        lambda: before.data if only is None else _checked(before, only),
        after.data if only is None else _checked(after, only),
        only,
    )
    if new:
        raise InvalidRoadmapError(
            _("the change would make the roadmap invalid: {first}").format(first=new[0].message),
            list(new),
            hint=new[0].hint,
        )


__all__ = [
    "FILE_NAME",
    "Document",
    "EwgError",
    "ItemEdit",
    "TableRef",
    "TomlSyntaxError",
    "add_item",
    "add_measurement",
    "add_measurements",
    "add_table",
    "add_tables",
    "append_array_table",
    "decode",
    "find",
    "load",
    "parse",
    "read",
    "read_bytes",
    "remove_array_table",
    "remove_array_tables",
    "remove_item",
    "remove_table",
    "scan",
    "set_item_fields",
    "set_table_fields",
    "table_block",
    "update",
    "write_atomic",
]
