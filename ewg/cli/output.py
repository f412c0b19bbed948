"""The one place ewg writes stdout and stderr, and the one handler of their failures.

stdout may be closed (`>&-`), full (`/dev/full`), a pipe whose reader left
(`| head`), or a terminal whose encoding cannot show every character
(`PYTHONIOENCODING=ascii`, `LANG=C`). None of these gives a traceback, and the
exit code says whether the roadmap changed: a write whose output could not be
delivered exits 4 (ExitCode.WRITTEN), so that a script does not retry it and
add the item twice.

Kept to `os` and `sys`: the quick path (ewg.cli.quick) and every run import it.
"""

from __future__ import annotations

import os
import sys

__all__ = ["OutputError", "changed", "failed", "finish", "note", "out", "prepare"]

_WRITTEN = 4  # ewg.errors.ExitCode.WRITTEN, without importing ewg.errors on every run


class OutputError(Exception):
    """stdout could not be written; carries the OSError."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Run:
    """What this run's output has met."""

    __slots__ = ("changed", "closed", "lost")

    def __init__(self) -> None:
        self.changed = False  # a file was changed: a failed output from now on exits 4
        self.lost = False  # a message for stderr could not be written
        self.closed: set[str] = set()  # "stdout", "stderr": closed when ewg started


RUN = _Run()


def prepare() -> None:
    """At start-up: closed standard streams onto /dev/null, and stdout that cannot fail to encode.

    A closed fd 1 or 2 would otherwise be the number of the next file ewg
    opens (the roadmap's temporary copy), and a print would land in it.
    """
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is None:  # Python found the fd closed
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            mode = "r" if fd == 0 else "w"
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115
            if fd:
                RUN.closed.add(name)
    # Characters the output encoding lacks (ascii, latin-1) show as "?": still valid
    # JSON and CSV, and no UnicodeEncodeError. stderr already uses backslashreplace.
    if sys.stdout.errors == "strict":
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]


def changed() -> None:
    """Say that this run changed a file: a failed output from now on exits 4."""
    RUN.changed = True


def out(text: str) -> None:
    """Write data to stdout; OutputError when it cannot be."""
    if "stdout" in RUN.closed:
        import errno

        raise OutputError(OSError(errno.EBADF, os.strerror(errno.EBADF)))
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as error:
        raise OutputError(error) from None


def note(text: str) -> None:
    """Write a message to stderr, made inert; a message that cannot be written is noted."""
    from ewg.render.escape import terminal

    if "stderr" in RUN.closed:
        RUN.lost = True
        return
    try:
        sys.stderr.write(terminal(text) + "\n")
        sys.stderr.flush()
    except OSError:
        RUN.lost = True


def _silence(fd: int) -> None:
    """Send what is still buffered for `fd`, and all later writes, to /dev/null."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:  # pragma: no cover - nothing more can be done
        pass


def failed(error: BaseException) -> int:
    """stdout could not be written: the exit code saying whether the roadmap changed.

    4 after a change (the change stands: do not retry it); 0 when the reader of
    a pipe left early (`ewg list | head`); 1 otherwise, with the reason on stderr.
    """
    _silence(1)
    if RUN.changed:
        from ewg.i18n import _

        reason = _reason(error)
        note(_("the change was written, but its output could not be: {reason}").format(
            reason=reason
        ))  # fmt: skip
        return _WRITTEN
    if isinstance(error, BrokenPipeError):
        return 0
    from ewg.i18n import _

    reason = _reason(error)
    note(_("cannot write the output: {reason}").format(reason=reason))
    return 1


def finish(code: int) -> int:
    """The exit code of the run, once what is buffered has been sent."""
    for name in ("stdout", "stderr"):
        try:
            getattr(sys, name).flush()
        except OSError as error:
            if name == "stdout":
                result = failed(error)
                code = code or result
            else:
                RUN.lost = True
                _silence(2)
    if code == 0 and RUN.lost and RUN.changed:
        return _WRITTEN
    return code


def _reason(error: BaseException) -> str:
    """Why the output failed, in the language in use."""
    from ewg.i18n import os_reason

    return os_reason(error) if isinstance(error, OSError) else str(error)
