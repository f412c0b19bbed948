"""The git gateway: the only module that starts git.

Every call runs through `run` with one environment policy: no prompts, a fixed
locale, literal pathspecs, no optional locks, no replace objects. Revisions
typed by users never reach git as options: anything starting with "-" is
refused, and revisions are resolved to commit ids with `--end-of-options`
before any other git command sees them. gitpython is not used: importing it
costs about 100 ms (it runs `git version`), and the plain runner does the job.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ewg.errors import GitError
from ewg.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import IO

# The same for every call: git never asks a question, speaks C, reads pathspecs as
# plain paths, takes no lock a reader does not need, and sees commits as they are.
POLICY = {
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
    "GIT_LITERAL_PATHSPECS": "1",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
}


def environment() -> dict[str, str]:
    """The environment of every git call: ours, with the policy applied."""
    env = {**os.environ, **POLICY}
    env.pop("LANGUAGE", None)  # it would override LC_ALL for git's messages
    return env


def run(
    args: list[str], cwd: Path | None = None, input: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git under the policy; its exit code is the caller's to judge."""
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=input,
            capture_output=True,
            env=environment(),
            check=False,
        )
    except FileNotFoundError:
        raise GitError(_("git is not installed")) from None


def git(args: list[str], cwd: Path, input: bytes | None = None) -> bytes:
    """Git's output as bytes; a failure becomes a GitError with git's last line."""
    done = run(args, cwd, input)
    if done.returncode:
        raise GitError(_last_line(done.stderr) or _("git failed"))
    return done.stdout


def run_git(args: list[str], cwd: Path, check: bool = True, input: bytes | None = None) -> str:
    """Git's output as text; with `check`, a failure becomes a GitError."""
    done = run(args, cwd, input)
    if check and done.returncode != 0:
        raise GitError(_last_line(done.stderr) or _("git failed"))
    return done.stdout.decode("utf-8", "replace")


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].strip() if lines else ""


class Blobs:
    """Blob contents from git: many at once through one pipelined `git cat-file --batch`,
    or one at a time through another, started when first needed."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self._root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment(),
            )
        except FileNotFoundError:
            raise GitError(_("git is not installed")) from None

    def stream(self, oids: list[str]) -> Iterator[tuple[str, bytes]]:
        """The contents of many blobs, in order; requests are written while answers are read."""
        if not oids:
            return
        proc = self._start()
        stdin, stdout = proc.stdin, proc.stdout
        assert stdin is not None and stdout is not None
        import threading

        request = "".join(oid + "\n" for oid in oids).encode("ascii")

        def write() -> None:
            try:
                stdin.write(request)
                stdin.close()
            except OSError:  # git stopped early; the reader reports it
                pass

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        try:
            for oid in oids:
                yield oid, _answer(stdout, oid)
        finally:
            stdout.close()
            proc.kill()
            proc.wait()
            writer.join()

    def read(self, oid: str) -> bytes:
        """The content of one blob."""
        if self._proc is None:
            self._proc = self._start()
        stdin, stdout = self._proc.stdin, self._proc.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(oid.encode("ascii") + b"\n")
            stdin.flush()
        except OSError:
            raise GitError(_("git cannot read object {oid}").format(oid=oid)) from None
        return _answer(stdout, oid)

    def close(self) -> None:
        """Stop the git process."""
        if self._proc is not None:
            for stream in (self._proc.stdin, self._proc.stdout):
                if stream is not None:
                    stream.close()
            self._proc.wait()
            self._proc = None


def _answer(stdout: IO[bytes], oid: str) -> bytes:
    """Read one answer of `git cat-file --batch`."""
    try:
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise ValueError("not a blob")
        size = int(header[2])
        data = stdout.read(size)
        if len(data) != size:
            raise OSError("short read")
        stdout.read(1)
    except (OSError, ValueError):
        raise GitError(_("git cannot read object {oid}").format(oid=oid)) from None
    return data


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
    rel = os.path.relpath(path.resolve(), root)
    for args in (["add", "--", rel], ["commit", "--quiet", "-m", message, "--only", "--", rel]):
        done = run(args, root)
        if done.returncode:
            raise GitError(_last_line(done.stderr) or _("git commit failed"))
    return run_git(["rev-parse", "--verify", "HEAD^{commit}"], cwd=root).strip()


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


def merge_file(ours: Path, base: Path | None, theirs: Path) -> tuple[str, bool] | None:
    """Git's own line merge of three files: its text and whether it had no conflict;
    None when git could not merge them at all."""
    args = ["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", "--end-of-options"]
    try:
        done = run([*args, str(ours), str(base) if base else os.devnull, str(theirs)])
    except GitError:
        return None
    if done.returncode < 0 or done.returncode > 127:
        return None
    return done.stdout.decode("utf-8", "replace"), done.returncode == 0
