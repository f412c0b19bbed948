"""The history's data, and where the file stands in git: commits, events, versions.

`parse_log` reads the output of `git log --raw` in `FORMAT`; every other module of
the history works on these values.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ewg import repo as gateway
from ewg.errors import GitError, RoadmapFileError
from ewg.events import Commit, Stats
from ewg.i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Protocol

    from ewg.diff import Change

    class Versions(Protocol):
        """What the walk through a file's history (`ewg.history.walk.History`) offers the
        modules that follow items through merges, without their importing it."""

        repo: Repository

        def version(self, blob: str) -> Version | str:
            """The parsed version in a blob, or why it is not TOML."""

        def load(self, blobs: Iterable[str], progress: OnProgress | None) -> None:
            """Read and parse many versions in one go."""

        def info(self, blob: str) -> tuple[str | None, Stats]:
            """Why a blob is not TOML (None if it is), and its items per area."""

        def changes(self, old: str | None, new: str) -> list[Change]:
            """The changes from one blob to another."""


# Calls on_progress(done, total) as versions are read; only when there is work to do.
OnProgress = Callable[[int, int], None]

# Names as the commits record them (no .mailmap: it is not part of history, and a cached
# answer must depend on commit ids alone).
FORMAT = "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI"
_ZERO = re.compile(r"0+\Z")


class Version(NamedTuple):
    """One parsed version of the file."""

    rest: Mapping[str, Any]  # everything but the items
    items: dict[str, Mapping[str, Any]]  # by id, in file order
    stats: Stats


EMPTY = Version({}, {}, ())


class Repository(NamedTuple):
    """Where the roadmap file stands in git."""

    root: Path  # the work tree
    common_dir: Path  # the git directory shared by all work trees
    path: str  # the file, relative to the work tree, with "/"
    shallow: frozenset[str]  # commits whose parents a shallow clone does not have
    head: str | None = None  # the commit HEAD names; None before the first commit


def open_repository(file: Path) -> Repository:
    """The repository holding `file`; GitError (exit 3) outside one."""
    file = file.absolute()
    folder = file.parent
    if not folder.is_dir():
        raise RoadmapFileError(_("{name} does not exist").format(name=file))
    where = ["rev-parse", "--show-toplevel", "--git-common-dir", "--is-shallow-repository"]
    done = gateway.run([*where, "--verify", "--quiet", "HEAD^{commit}"], folder)
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if len(lines) < 3 or (done.returncode and len(lines) != 3):
        gateway.refused(done.stderr, folder)  # git's own reason, when it refuses the repository
        raise GitError(
            _("{path} is not in a git repository").format(path=file),
            hint=_(
                "changelog, history, trend and status --as-of read the file's git history;"
                " the other commands work without git"
            ),
        )
    root = Path(lines[0])
    common = (folder / lines[1]).resolve()
    rel = os.path.relpath(file.resolve(), root.resolve())
    if rel == os.curdir or rel.startswith(os.pardir):
        raise GitError(
            _("{path} is outside the git repository at {root}").format(path=file, root=root)
        )
    shallow: frozenset[str] = frozenset()
    if lines[2] == "true":
        try:
            shallow = frozenset((common / "shallow").read_text("ascii").split())
        except OSError:
            shallow = frozenset({""})  # shallow, boundary unknown: every range is cut short
    head = lines[3] if len(lines) > 3 else None  # no line: no commit yet
    return Repository(root, common, rel.replace(os.sep, "/"), shallow, head)


def parse_log(out: bytes) -> list[Commit]:
    """Commits from `git log --raw` output in `FORMAT`, oldest first."""
    commits = []
    for record in out.decode("utf-8", "replace").split("\x01")[1:]:
        head, _nl, body = record.partition("\n")
        fields = head.split("\x00")
        if len(fields) != 6:
            continue
        raw = next((line for line in body.splitlines() if line.startswith(":")), None)
        if raw is None:
            continue
        meta = raw.partition("\t")[0].split()
        if len(meta) < 5:
            continue
        old, new, status = meta[2], meta[3], meta[4][:1]
        blob = None if status == "D" or _ZERO.match(new) else new
        before = None if status == "A" or _ZERO.match(old) else old
        commit_id, parents, author, email, date, committed = fields
        parent_ids = tuple(parents.split())
        commits.append(
            Commit(commit_id, parent_ids, author, email, date, committed, status, blob, before)
        )
    commits.reverse()
    return commits
