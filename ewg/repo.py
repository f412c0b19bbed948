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
import re
import subprocess
from pathlib import Path

from ewg.errors import GitError, NotInRepositoryError, UsageError
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


# Where the user points git (`GIT_DIR=.store ewg …`): read from the folder ewg was started
# in, as git itself would, although ewg runs git in the folder of the file.
_LOCATIONS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
)


def environment() -> dict[str, str]:
    """The environment of every git call: ours, with the policy applied."""
    env = {**os.environ, **POLICY}
    env.pop("LANGUAGE", None)  # it would override LC_ALL for git's messages
    for name in _LOCATIONS:
        if env.get(name):
            env[name] = os.path.abspath(env[name])
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
        raise missing() from None


def missing() -> GitError:
    """The error of a machine where git cannot be started."""
    return GitError(
        _("git is not installed (no `git` found on PATH)"),
        hint=_("install git, or add the folder that holds it to PATH"),
    )


def reason(stderr: bytes) -> str:
    """What git said, quoted cleanly: its lines on one line, without controls or `fatal:`."""
    text = re.sub(
        r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]",
        "",
        stderr.decode("utf-8", "replace"),
    )
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        for prefix in ("fatal: ", "error: "):
            line = line.removeprefix(prefix)
        if line and not line.startswith("hint: "):
            lines.append(line)
    return " / ".join(lines[-5:])


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
            raise missing() from None

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


def work_tree_of(path: Path) -> Path | None:
    """The nearest folder above `path` that holds `.git`, found without starting git
    (so a machine without git can tell that the file is in no repository)."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def toplevel(path: Path, hint: str | None = None) -> Path:
    """The work tree holding `path`; GitError outside a repository, with git's real reason
    when git refuses the repository (dubious ownership) or cannot be started."""
    folder = path if path.is_dir() else path.parent
    done = run(["rev-parse", "--show-toplevel"], cwd=folder.resolve())
    if done.returncode == 0 and done.stdout.strip():
        return Path(done.stdout.decode("utf-8", "surrogateescape").strip())
    refused(done.stderr, folder)
    if "not a git repository" not in done.stderr.decode("utf-8", "replace").lower():
        raise GitError(
            _("git cannot use this repository: {reason}").format(
                reason=reason(done.stderr) or _("git failed")
            )
        )
    raise NotInRepositoryError(
        _("{path} is not in a git repository").format(path=path),
        hint=hint or _("run `git init` first, or leave out --commit"),
    )


def refused(stderr: bytes, folder: Path) -> None:
    """Raise git's own reason when it refuses the repository (dubious ownership)."""
    said = stderr.decode("utf-8", "replace")
    if "dubious ownership" not in said:
        return
    found = re.search(r"safe\.directory (.+)$", said, re.M)
    where = found.group(1).strip() if found else str(folder.resolve())
    raise GitError(
        _(
            "git refuses the repository at {path}: it belongs to another user (dubious ownership)"
        ).format(path=where),
        hint=_("if you trust it: git config --global --add safe.directory {path}").format(
            path=_quoted(where)
        ),
    )


# What makes a revision a range (A..B, A...B, A^!, A^@, A^-, ^A): git answers a range with
# several commits, so a command that compares with one commit refuses it.
_RANGE = re.compile(r"\.\.|\^[!@]|\^-[0-9]*\Z|\A\^")


def check_revision(rev: str, option: str | None = None) -> str:
    """Refuse a revision that git could take for an option, an empty one and a range
    (`option` names where it was given, for the message)."""
    where = f"{option}: " if option else ""
    if not rev.strip():
        raise UsageError(
            where + _("the revision is empty"), hint=_("name one commit, e.g. origin/main")
        )
    if rev.startswith("-") or "\x00" in rev:
        raise GitError(where + _("invalid revision {rev}").format(rev=repr(rev)))
    if _RANGE.search(rev):
        first = rev.split("..")[0].lstrip("^") or "HEAD"
        raise UsageError(
            where + _("{rev} is a range of commits; give one revision").format(rev=repr(rev)),
            hint=_("name one commit, e.g. {first}").format(first=first),
        )
    return rev


def resolve(rev: str, cwd: Path) -> str:
    """The commit id a revision names; GitError when it names none."""
    check_revision(rev)
    done = run(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd=cwd
    )
    out = done.stdout.decode("ascii", "replace").strip()
    if done.returncode or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", out):
        refused(done.stderr, cwd)
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


def pending(path: Path) -> str | None:
    """How `path` differs from HEAD before ewg writes it: None when it does not, else
    git's two status letters (index, work tree; "??" when git does not track it)."""
    root = toplevel(path)
    rel = os.path.relpath(path.resolve(), root)
    # No fsmonitor, no untracked cache: `status` here only compares this one path.
    args = ["-c", "core.fsmonitor=false", "status", "--porcelain=v1", "-z", "--no-renames"]
    out = git([*args, "--untracked-files=all", "--ignored=no", "--", rel], cwd=root)
    return out[:2].decode("ascii", "replace") if out else None


def commit(path: Path, message: str) -> str:
    """Commit the current content of `path` alone (hooks run); returns the new commit id.

    Nothing else is staged or committed, and the index is left as it was found when the
    commit fails: a tracked file is committed with `git commit --only`, which stages it
    only when the commit is made; an untracked one is added first and taken out again.
    """
    root = prepare_commit(path)
    rel = os.path.relpath(path.resolve(), root)
    tracked = bool(git(["ls-files", "--cached", "-z", "--", rel], cwd=root))
    if not tracked:
        done = run(["add", "--", rel], root)
        if done.returncode:
            raise _commit_failed(done.stderr)
    done = run(["commit", "--quiet", "--file=-", "--only", "--", rel], root, message.encode())
    if done.returncode:
        if not tracked:
            run(["rm", "--cached", "--quiet", "--", rel], root)
        raise _commit_failed(done.stderr)
    return run_git(["rev-parse", "--verify", "HEAD^{commit}"], cwd=root).strip()


def _commit_failed(stderr: bytes) -> GitError:
    return GitError(
        _("git commit failed: {reason}").format(reason=reason(stderr) or _("git failed"))
    )


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


def _quoted(text: str) -> str:
    import shlex  # only for a message: kept off the hot paths

    return shlex.quote(text)
