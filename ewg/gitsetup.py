"""Install the merge driver in a clone: .gitattributes, git config and info/exclude."""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from ewg import repo
from ewg.errors import GitError, RefusedError
from ewg.files import TEMP_PATTERN, write_atomic

DRIVER = "ewg"
DRIVER_NAME = "ewg: merge roadmap.toml item by item"
_GLOB = str.maketrans({c: "\\" + c for c in "*?[\\!#"})


@dataclass(slots=True, frozen=True)
class Installed:
    """What `install` changed ("" or None where it had nothing to do)."""

    rel: str  # the roadmap's path in the repository
    driver: str  # the driver line in git config
    lock: str  # the pattern of the writers' lock file
    attributes: str = ""  # the .gitattributes line written
    config: bool = False  # git config was changed
    exclude: Path | None = None  # the exclude file, when it was changed
    committed: bool = False
    pull_rebase: bool = False  # `git config pull.rebase true` was set (asked with --pull-rebase)

    @property
    def changed(self) -> bool:
        """Whether the clone was not set up before."""
        return bool(self.attributes or self.config or self.exclude)


def attribute_pattern(rel: str) -> str:
    """A .gitattributes pattern that matches exactly this path."""
    pattern = rel.translate(_GLOB)
    if any(c in pattern for c in ' \t"'):
        pattern = '"' + pattern.replace('"', '\\"') + '"'
    return pattern


def add_attribute(text: str, pattern: str) -> str:
    """`.gitattributes` text with `PATTERN merge=ewg`; a line for the same pattern is updated."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        words = line.split()
        if not words or words[0] != pattern:
            continue
        others = [w for w in words[1:] if w.lstrip("-!").split("=")[0] != "merge"]
        lines[index] = " ".join([pattern, *others, f"merge={DRIVER}"])
        break
    else:
        lines.append(f"{pattern} merge={DRIVER}")
    return "\n".join(lines) + "\n"


def driver_command(command: str | None = None) -> str:
    """The driver line for git config: `command`, else this interpreter running ewg."""
    runner = command or f"{shlex.quote(sys.executable)} -m ewg"
    return f"{runner} merge-driver %O %A %B %P"


def _add_line(path: Path, line: str) -> bool:
    """Append a line to a file unless it holds it; True when the file changed."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape") if path.exists() else ""
    if line in (existing.strip() for existing in text.splitlines()):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text + ("" if not text or text.endswith("\n") else "\n") + line + "\n")
    return True


def _refuse_other_edits(attributes: Path, text: str, pattern: str) -> None:
    """Refuse `--commit` when .gitattributes differs from its last commit by more than the
    merge driver's line: the commit would record someone's own edits as ewg's."""
    from ewg.i18n import _

    committed = repo.show_file("HEAD", attributes) or ""
    if text in (committed, add_attribute(committed, pattern)):
        return
    raise RefusedError(
        _("{name} has edits that are not committed; --commit would record them as ewg's").format(
            name=".gitattributes"
        ),
        hint=_(
            "commit or stash them first (`git commit .gitattributes` or `git stash`), "
            "then run this again"
        ),
    )


def install(
    path: Path, command: str | None = None, commit: bool = False, pull_rebase: bool = False
) -> Installed:
    """Make git merge the roadmap at `path` with `ewg merge-driver`; idempotent.

    With `pull_rebase`, also `git config pull.rebase true` in this clone: `git pull`
    then replays local commits on the shared branch instead of merging it in
    second (see docs/commands/history.md)."""
    root = repo.toplevel(path)
    rel = os.path.relpath(path.resolve(), root).replace(os.sep, "/")
    attributes = root / ".gitattributes"
    if commit:
        repo.prepare_commit(attributes)
    # surrogateescape: a path that is not UTF-8 stays its own bytes in the file, as git reads it
    before = (
        attributes.read_text(encoding="utf-8", errors="surrogateescape")
        if attributes.exists()
        else ""
    )
    pattern = attribute_pattern(rel)
    after = add_attribute(before, pattern)
    if commit:
        _refuse_other_edits(attributes, before, pattern)
    if after != before:
        write_atomic(attributes, after)
    driver = driver_command(command)
    config = False
    for key, value in (("merge.ewg.name", DRIVER_NAME), ("merge.ewg.driver", driver)):
        now = repo.run_git(["config", "--local", "--get", key], cwd=root, check=False).strip()
        if now != value:
            repo.run_git(["config", "--local", key, value], cwd=root)
            config = True
    rebase = False
    if pull_rebase:
        now = repo.run_git(["config", "--local", "--get", "pull.rebase"], cwd=root, check=False)
        if now.strip() != "true":
            repo.run_git(["config", "--local", "pull.rebase", "true"], cwd=root)
            rebase = True
    exclude = Path(repo.run_git(["rev-parse", "--git-path", "info/exclude"], cwd=root).strip())
    exclude = exclude if exclude.is_absolute() else root / exclude
    # ewg keeps its lock in .git/ewg/ now; older versions kept it beside the file.
    lock = f".{path.name}.lock"
    # A temporary file left by a killed write stays out of `git status` too.
    excluded = _add_line(exclude, TEMP_PATTERN) | _add_line(exclude, lock)
    committed = False
    if commit and repo.run_git(["status", "--porcelain", "--", ".gitattributes"], cwd=root).strip():
        repo.commit(attributes, f"Merge {rel} with ewg's merge driver")
        committed = True
    return Installed(
        rel,
        driver,
        lock,
        attributes=f"{pattern} merge={DRIVER}" if after != before else "",
        config=config,
        exclude=exclude if excluded else None,
        committed=committed,
        pull_rebase=rebase,
    )


def unconfigured(path: Path) -> list[str]:
    """The lines of a warning when `.gitattributes` asks for ewg's merge driver but this
    clone has none in git config (git then merges the file line by line, silently).

    Cheap for `validate`: the `.gitattributes` files between the file and its work tree
    are read first, and git is asked for its config only when one names the driver.
    """
    from ewg.i18n import _

    root = repo.work_tree_of(path)
    if root is None:
        return []
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        try:
            text = (candidate / ".gitattributes").read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        if f"merge={DRIVER}" in text:
            break
        if candidate == root:
            return []
    try:
        driver = repo.run_git(["config", "--get", f"merge.{DRIVER}.driver"], root, check=False)
    except GitError:  # git cannot run: other messages say so where it matters
        return []
    if driver.strip():
        return []
    return [
        _(
            "{name}: .gitattributes asks for ewg's merge driver, but this clone has none"
            " configured, so git merges the file line by line"
        ).format(name=path.name),
        "{hint}: {text}".format(hint=_("hint"), text=_("run `ewg git setup` once in this clone")),
    ]
