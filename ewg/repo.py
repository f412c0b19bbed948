"""Git plumbing shared by the commands: find the repository, resolve revisions, commit.

Revisions typed by users never reach git as options: anything starting with "-"
is refused, and revisions are resolved to commit ids with `--end-of-options`
before any other git command sees them. These calls run the git command
directly, as the history's hot path must: importing gitpython costs about
100 ms (it runs `git version`). `--commit`, where that cost does not matter,
goes through gitpython.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ewg.errors import GitError
from ewg.i18n import _


def run_git(args: list[str], cwd: Path, check: bool = True, input: bytes | None = None) -> str:
    """Run git with fixed arguments; a failure becomes a GitError."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, input=input, env=env, check=False
        )
    except FileNotFoundError:
        raise GitError(_("git is not installed")) from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else _("git failed"))
    return done.stdout.decode("utf-8", "replace")


def toplevel(path: Path) -> Path:
    """The work tree holding `path`; GitError outside a repository."""
    folder = path if path.is_dir() else path.parent
    try:
        out = run_git(["rev-parse", "--show-toplevel"], cwd=folder.resolve())
    except GitError:
        raise GitError(
            _("{path} is not in a git repository").format(path=path),
            hint=_("run `git init` first, or leave out --commit"),
        ) from None
    return Path(out.strip())


def check_revision(rev: str) -> str:
    """Refuse a revision that git could take for an option."""
    if not rev or rev.startswith("-") or "\x00" in rev:
        raise GitError(_("invalid revision {rev}").format(rev=repr(rev)))
    return rev


def resolve(rev: str, cwd: Path) -> str:
    """The commit id a revision names; GitError when it names none."""
    check_revision(rev)
    out = run_git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
        cwd=cwd,
        check=False,
    ).strip()
    if not out:
        raise GitError(_("unknown revision {rev}").format(rev=repr(rev)))
    return out


def prepare_commit(path: Path) -> Path:
    """Check, before anything is written, that a commit of `path` can be made."""
    root = toplevel(path)
    ident = run_git(["var", "GIT_COMMITTER_IDENT"], cwd=root, check=False)
    if not ident.strip():
        raise GitError(
            _("git does not know who you are"),
            hint=_('run `git config user.name "Name"` and `git config user.email you@example.org`'),
        )
    return root


def commit(path: Path, message: str) -> str:
    """Commit the current content of `path` alone (hooks run); returns the new commit id."""
    root = prepare_commit(path)
    # gitpython here, off every hot path: its import (it runs `git version`) costs
    # 100 ms, small beside a commit, and it reports git's own words on failure.
    import git  # noqa: TID251

    repo = git.Repo(root)
    rel = os.path.relpath(path.resolve(), root)
    try:
        repo.git.add("--", rel)
        repo.git.commit("--quiet", "-m", message, "--only", "--", rel)
    except git.GitCommandError as exc:
        lines = str(exc.stderr or "").strip().strip("'").strip().splitlines()
        raise GitError(lines[-1].strip() if lines else _("git commit failed")) from None
    return str(repo.head.commit.hexsha)


def show_file(commit: str, path: Path) -> str | None:
    """The text of `path` (a file of the work tree) at `commit`, or None when it has none."""
    root = toplevel(path)
    rel = Path(os.path.relpath(path.resolve(), root)).as_posix()
    # `commit` is a commit id from resolve(), so this argument cannot pass for an option.
    blob = run_git(["rev-parse", "--verify", "--quiet", f"{commit}:{rel}"], cwd=root, check=False)
    if not blob.strip():
        return None
    return run_git(["cat-file", "blob", blob.strip()], cwd=root)


def merge_base(first: str, second: str, cwd: Path) -> str | None:
    """The commit where the histories of two commit ids fork, or None when they share none."""
    out = run_git(
        ["merge-base", check_revision(first), check_revision(second)], cwd=cwd, check=False
    )
    return out.strip() or None


def is_shallow(cwd: Path) -> bool:
    """True in a shallow clone (history cut short, as CI checkouts often are)."""
    out = run_git(["rev-parse", "--is-shallow-repository"], cwd=cwd, check=False)
    return out.strip() == "true"
