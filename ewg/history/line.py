"""The branch's line: its commits that touched the file, each pull merge read the right way round.

A merge that `git pull` made puts the puller's local commits first and the
shared branch second. `mainline` reads such a merge's second parent as the
branch, so that the line is what the shared branch really was.

Only `ewg.repo` starts git.
"""

from __future__ import annotations

import re
from typing import Any

from ewg import repo as gateway
from ewg.events import Commit
from ewg.history.log import FORMAT, parse_log

# What `git pull` (and `git merge origin/main`) write: the branch merged is the
# shared branch itself. git leaves out " into X" when X is main or master.
_PULL = re.compile(
    r"Merge (?:branch '(?P<branch>[^']+)' of \S+|remote-tracking branch '[^'/]+/(?P<tracked>[^']+)')"
    r"(?: into (?P<into>\S+))?\s*\Z"
)


def pulled(message: str) -> bool:
    """Whether a merge's subject says it merged the shared branch into its local copy."""
    found = _PULL.match(message)
    if found is None:
        return False
    name = found["branch"] or found["tracked"]
    into = found["into"]
    return into == name if into is not None else name in ("main", "master")


def mainline(
    chain: list[Commit], root: Any, tip: str, path: str
) -> tuple[list[Commit], dict[str, str]]:
    """The branch's line of commits that touched the file, with each pull merge read the
    right way round; and, for those merges, the parent that was the branch.

    A pull merge (see `pulled`) has the shared branch as its second parent: the
    commits of its first parent that the second does not reach were the puller's
    local work, which reached the branch only with the merge. Without pull merges
    on the first-parent line, `chain` (that line) is the answer.
    """
    found = gateway.git(
        [
            "log",
            "--first-parent",
            "--merges",
            "--no-show-signature",
            "--format=%P%x00%s",
            "--end-of-options",
            tip,
        ],
        root,
    )
    if not any(
        pulled(subject) and len(parents.split()) == 2
        for parents, _sep, subject in (
            line.partition("\x00") for line in found.decode("utf-8", "replace").splitlines()
        )
    ):
        return chain, {}
    # Every commit, with the file's blob where it changed against the first parent.
    out = gateway.git(
        [
            "log",
            "--full-history",
            "--sparse",
            "--diff-merges=first-parent",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--no-color",
            "--no-show-signature",
            FORMAT + "%x00%s",
            "--end-of-options",
            tip,
            "--",
            path,
        ],
        root,
    )
    # id -> (parents, the commit (`blob` None when it did not change the file), subject)
    commits: dict[str, tuple[list[str], Commit, str]] = {}
    for record in out.decode("utf-8", "replace").split("\x01")[1:]:
        head, _nl, body = record.partition("\n")
        fields = head.split("\x00")
        if len(fields) < 7:
            continue
        parsed = parse_log(("\x01" + "\x00".join(fields[:6]) + "\n" + body).encode("utf-8"))
        # A commit that left the file as its first parent had it: no status, no blob.
        author, email, date, committed = fields[2], fields[3], fields[4], fields[5]
        made = (
            parsed[0] if parsed else Commit(fields[0], (), author, email, date, committed, "", None)
        )
        commits[fields[0]] = (fields[1].split(), made, fields[6])
    blobs: dict[str, str | None] = {}

    def blob(commit_id: str) -> str | None:
        todo = []
        at: str | None = commit_id
        while at is not None and at not in blobs:
            entry = commits.get(at)
            if entry is None:
                blobs[at] = None  # beyond a shallow cut
                break
            if entry[1].status:  # changed against its first parent
                blobs[at] = entry[1].blob
                break
            todo.append(at)
            at = entry[0][0] if entry[0] else None
        known = blobs.get(at) if at is not None else None
        for done in todo:
            blobs[done] = known
        return blobs[commit_id]

    main: dict[str, str] = {}
    line: list[str] = []
    at: str | None = tip
    while at is not None and at in commits:
        line.append(at)
        parents, _made, subject = commits[at]
        if len(parents) == 2 and pulled(subject):
            main[at] = parents[1]
        at = main.get(at, parents[0] if parents else None)
    line.reverse()
    result: list[Commit] = []
    last: str | None = None
    for commit_id in line:
        now = blob(commit_id)
        if now == last:
            continue
        parents, made, _subject = commits[commit_id]
        status = "A" if last is None else "D" if now is None else "M"
        before = blob(parents[0]) if parents else None
        result.append(made._replace(parents=tuple(parents), status=status, blob=now, before=before))
        last = now
    # Before the file's last rename, the first-parent line as `--follow` read it.
    renamed = [i for i, c in enumerate(chain) if c.status == "R"]
    if renamed:
        at_rename = chain[renamed[-1]].id
        kept = [i for i, c in enumerate(result) if c.id == at_rename]
        if kept:
            result = chain[: renamed[-1]] + result[kept[0] :]
    return result, main
