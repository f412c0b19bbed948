"""`ewg merge-driver` (git calls it to merge roadmap.toml) and `ewg git setup` (installs it)."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ewg.cli.app import handle_errors, note, roadmap_path
from ewg.i18n import _

if TYPE_CHECKING:
    from ewg.merge import MergeResult

git_app = typer.Typer(
    help="Git integration: the merge driver for roadmap.toml.", no_args_is_help=True
)

DRIVER = "ewg"
DRIVER_NAME = "ewg: merge roadmap.toml item by item"


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command("merge-driver")(merge_driver)
    app.add_typer(git_app, name="git")


# --- the merge driver -------------------------------------------------------------------------


def _read(path: Path) -> bytes | None:
    """The bytes of one version; None when the file does not exist."""
    from ewg.store import read_bytes

    if not path.exists():
        return None
    return read_bytes(path)


def _line_merge(ours: Path, base: Path, theirs: Path) -> tuple[str, bool] | None:
    """Git's own line merge of the three files: its text, and whether it had no conflict."""
    import subprocess

    base_file = str(base) if base.exists() else os.devnull
    args = ["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs"]
    try:
        done = subprocess.run(
            ["git", *args, str(ours), base_file, str(theirs)], capture_output=True, check=False
        )
    except OSError:
        return None
    if done.returncode < 0 or done.returncode > 127:
        return None
    return done.stdout.decode("utf-8", "replace"), done.returncode == 0


def _reserved(pathname: str) -> dict[str, int]:
    """Highest id numbers on every branch, so that a renumbered item collides with none."""
    from ewg.ids import maxima_on_branches

    try:
        return maxima_on_branches(Path(pathname))
    except Exception:  # only an optimisation: never let it stop a merge
        return {}


def _report(result: MergeResult, pathname: str) -> None:
    from ewg.render.escape import terminal

    for item in result.renumbered:
        note(
            _("{path}: renumbered {old} (theirs) to {new}").format(
                path=pathname, old=item.old, new=item.new
            )
        )
    for text in result.notes:
        note(f"{pathname}: {text}")
    for conflict in result.conflicts:
        note(
            _("{path}:{line}: conflict in {what}: {reason}").format(
                path=pathname, line=conflict.line, what=conflict.what, reason=conflict.reason
            )
        )
    for diag in result.errors:
        sys.stderr.write(
            terminal(f"{pathname}:{diag.line}:{diag.col}: error {diag.code} {diag.message}") + "\n"
        )
    if result.errors:
        note(
            _(
                "{path}: the merged roadmap would not be valid; fix the lines above, "
                "check with `ewg validate`, then `git add {path}`"
            ).format(path=pathname)
        )


def _fallback(reason: str, files: tuple[Path, Path, Path], pathname: str) -> int:
    """Merge line by line, as git would have, when the merge by items cannot be done."""
    from ewg import store
    from ewg.merge import new_errors

    base, ours, theirs = files
    note(_("{path}: cannot merge item by item: {reason}").format(path=pathname, reason=reason))
    merged = _line_merge(ours, base, theirs)
    if merged is None:
        note(_("{path}: git merge-file failed; kept ours").format(path=pathname))
        return 1
    text, clean = merged
    store.write_atomic(ours, text)
    note(_("{path}: merged line by line instead").format(path=pathname))
    if not clean:
        return 1
    # A clean line merge must still be TOML, and no less valid than the versions merged.
    try:
        data = store.parse(text, pathname)
    except store.TomlSyntaxError as error:
        note(f"{pathname}: {error.message}")
        return 1
    inputs = []
    for path in (ours, theirs):
        try:
            inputs.append(store.parse(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    new = new_errors(data, inputs)
    for diag in new:
        note(f"{pathname}: error {diag.code} {diag.message}")
    return 1 if new else 0


@handle_errors
def merge_driver(
    base: Annotated[
        Path,
        typer.Argument(
            metavar="BASE",
            help="%O: the common ancestor's version (empty if both sides added the file).",
            show_default=False,
        ),
    ],
    ours: Annotated[
        Path,
        typer.Argument(
            metavar="OURS",
            help="%A: our version; the merged result replaces it.",
            show_default=False,
        ),
    ],
    theirs: Annotated[
        Path, typer.Argument(metavar="THEIRS", help="%B: their version.", show_default=False)
    ],
    pathname: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="%P: the file's path in the repository, for messages and ids on other branches.",
        ),
    ] = "roadmap.toml",
) -> None:
    """Merge three versions of roadmap.toml item by item (git runs this; see `ewg git setup`).

    Exits 0 when the merge is clean, 1 when OURS holds conflicts to resolve.
    """
    from ewg import store
    from ewg.errors import RoadmapFileError
    from ewg.merge import MergeError, merge

    files = (base, ours, theirs)
    contents = [_read(path) for path in files]
    for path, content in zip(files[1:], contents[1:], strict=True):
        if content is None:
            raise RoadmapFileError(_("{path} does not exist").format(path=path))
    try:
        texts = [
            None if content is None else store.decode(content, side)
            for content, side in zip(contents, ("base", "ours", "theirs"), strict=True)
        ]
        line = _line_merge(ours, base, theirs)
        result = merge(
            texts[0],
            texts[1] or "",
            texts[2] or "",
            reserved=_reserved(pathname),
            line_merged=line[0] if line and line[1] else None,
            name=pathname,
        )
    except (MergeError, store.TomlSyntaxError) as error:
        raise typer.Exit(_fallback(error.message, files, pathname)) from None
    except Exception as error:  # the driver must never leave git with a traceback
        reason = _("unexpected error {error}").format(error=repr(error))
        raise typer.Exit(_fallback(reason, files, pathname)) from None
    store.write_atomic(ours, result.text)
    _report(result, pathname)
    if not result.clean:
        raise typer.Exit(1)


# --- ewg git setup ----------------------------------------------------------------------------

_GLOB = str.maketrans({c: "\\" + c for c in "*?[\\!#"})


def _attribute_pattern(rel: str) -> str:
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


def _add_line(path: Path, line: str) -> bool:
    """Append a line to a file unless it holds it; True when the file changed."""
    from ewg.store import write_atomic

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if line in (existing.strip() for existing in text.splitlines()):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text + ("" if not text or text.endswith("\n") else "\n") + line + "\n")
    return True


def driver_command(command: str | None) -> str:
    """The driver line for git config: `command`, else this interpreter running ewg."""
    runner = command or f"{shlex.quote(sys.executable)} -m ewg"
    return f"{runner} merge-driver %O %A %B %P"


@git_app.command("setup")
@handle_errors
def setup(
    command: Annotated[
        str | None,
        typer.Option(
            "--command",
            help=(
                "How git should run ewg, e.g. 'ewg'. Default: this Python interpreter, "
                "by absolute path, with -m ewg (works from a virtualenv that is not on PATH)."
            ),
            show_default=False,
        ),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Record the change to .gitattributes as a git commit.")
    ] = False,
) -> None:
    """Install the merge driver for roadmap.toml in this clone (safe to run again)."""
    from ewg import repo
    from ewg.store import lock_path, write_atomic

    path = roadmap_path()
    root = repo.toplevel(path)
    rel = os.path.relpath(path.resolve(), root).replace(os.sep, "/")
    if commit:
        repo.prepare_commit(root / ".gitattributes")
    attributes = root / ".gitattributes"
    before = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    after = add_attribute(before, _attribute_pattern(rel))
    if after != before:
        write_atomic(attributes, after)
        note(_(".gitattributes: {pattern} merge=ewg").format(pattern=_attribute_pattern(rel)))
    driver = driver_command(command)
    changed: list[str] = []
    for key, value in (("merge.ewg.name", DRIVER_NAME), ("merge.ewg.driver", driver)):
        current = repo.run_git(["config", "--local", "--get", key], cwd=root, check=False).strip()
        if current != value:
            repo.run_git(["config", "--local", key, value], cwd=root)
            changed.append(key)
    if changed:
        note(_("git config merge.ewg.driver: {driver}").format(driver=driver))
    exclude = Path(repo.run_git(["rev-parse", "--git-path", "info/exclude"], cwd=root).strip())
    exclude = exclude if exclude.is_absolute() else root / exclude
    if _add_line(exclude, lock_path(path).name):
        note(_("{file}: {pattern}").format(file=exclude, pattern=lock_path(path).name))
    if commit and repo.run_git(["status", "--porcelain", "--", ".gitattributes"], cwd=root).strip():
        repo.commit(attributes, _("Merge {path} with ewg's merge driver").format(path=rel))
        note(_("committed .gitattributes"))
    if after == before and not changed:
        note(_("the merge driver was already set up"))
    else:
        note(_("git now merges {path} item by item").format(path=rel))
