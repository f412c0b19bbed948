"""Exceptions that carry their exit code; only the CLI turns them into exits."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the spec."""

    OK = 0
    FAILED = 1  # invalid roadmap, or a request that could not be done
    USAGE = 2  # unknown option, bad date
    GIT = 3  # not a repository, unknown revision, shallow history
    WRITTEN = 4  # the change was written, but its output (stdout, stderr) could not be


class EwgError(Exception):
    """A user-facing failure: a message, an optional hint, an exit code."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFoundError(EwgError):
    """An id, area, owner or milestone that the roadmap does not have."""


class RefusedError(EwgError):
    """A request the roadmap's rules forbid (removing what others refer to, …)."""


class RoadmapFileError(EwgError):
    """The file cannot be found, read or parsed."""


class InvalidRoadmapError(EwgError):
    """A change would leave the roadmap invalid; carries the findings."""

    def __init__(self, message: str, findings: list[object], hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.findings = findings


class UsageError(EwgError):
    """Wrong usage: a bad date, an unknown choice, a missing argument."""

    exit_code = ExitCode.USAGE


class GitError(EwgError):
    """Not a repository, an unknown revision, a shallow history."""

    exit_code = ExitCode.GIT


class NotInRepositoryError(GitError):
    """The file is outside any git repository (git ran and said so)."""


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return a 'did you mean' hint for the closest choice, if one is close."""
    options = list(choices)
    import difflib

    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in options}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    if not matches:
        return None
    from ewg.i18n import _

    return _("did you mean {choice}?").format(choice=f"'{matches[0]}'")
