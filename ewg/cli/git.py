"""`ewg merge-driver` (git calls it to merge roadmap.toml) and `ewg git setup` (installs it)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ewg.cli.app import handle_errors, note, roadmap_path
from ewg.i18n import _, os_reason

if TYPE_CHECKING:
    from ewg.merge import MergeResult

git_app = typer.Typer(
    help="Git integration: the merge driver for roadmap.toml.", no_args_is_help=True
)


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
    from ewg.repo import merge_file

    return merge_file(ours, base if base.exists() else None, theirs)


def _reserved(pathname: str) -> dict[str, int]:
    """Highest id numbers on every branch, so that a renumbered item collides with none."""
    from ewg.ids import maxima_on_branches

    try:
        return maxima_on_branches(Path(pathname))
    except Exception:  # only an optimisation: never let it stop a merge
        return {}


def _main_lines(pathname: str) -> list[dict[str, Any]]:
    """The items of the default branches, so that their ids are kept."""
    from ewg.ids import main_lines

    try:
        return main_lines(Path(pathname))
    except Exception:  # only a refinement: never let it stop a merge
        return []


def _report(result: MergeResult, pathname: str) -> None:
    from ewg.render.escape import terminal

    for item in result.renumbered:
        if item.side == "theirs":
            message = _("{path}: renumbered {old} (theirs) to {new}")
        else:
            message = _(
                "{path}: renumbered {old} (ours) to {new}: theirs' {old} is on the main line"
            )
        note(message.format(path=pathname, old=item.old, new=item.new))
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


def _write(path: Path, text: str) -> None:
    """Replace OURS with the result, atomically: git never sees half a file."""
    from ewg.cli.output import changed
    from ewg.errors import RoadmapFileError
    from ewg.files import write_atomic

    try:
        write_atomic(path, text)
    except OSError as exc:
        raise RoadmapFileError(
            _("cannot write {path}: {reason}").format(path=path, reason=os_reason(exc))
        ) from None
    changed()


def _parsed_or_none(path: Path) -> dict[str, Any] | None:
    from ewg import store

    try:
        return store.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, store.TomlSyntaxError):
        return None


def _fallback(reason: str, files: tuple[Path, Path, Path], pathname: str) -> int:
    """Merge line by line, as git would have, when the merge by items cannot be done."""
    from ewg import store
    from ewg.rules import new_errors

    base, ours, theirs = files
    note(_("{path}: cannot merge item by item: {reason}").format(path=pathname, reason=reason))
    inputs = [data for data in map(_parsed_or_none, (ours, theirs)) if data is not None]
    merged = _line_merge(ours, base, theirs)
    if merged is None:
        note(_("{path}: git merge-file failed; kept ours").format(path=pathname))
        return 1
    text, clean = merged
    _write(ours, text)
    note(_("{path}: merged line by line instead").format(path=pathname))
    if not clean:
        return 1
    # A clean line merge must still be TOML, and no less valid than the versions merged.
    try:
        data = store.parse(text, pathname)
    except store.TomlSyntaxError as error:
        note(f"{pathname}: {error.message}")
        return 1
    new = new_errors(inputs, data)
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
            reserved=lambda: _reserved(pathname),
            main_lines=lambda: _main_lines(pathname),
            line_merged=line[0] if line and line[1] else None,
            name=pathname,
        )
    except (MergeError, store.TomlSyntaxError) as error:
        raise typer.Exit(_fallback(error.message, files, pathname)) from None
    except Exception as error:  # the driver must never leave git with a traceback
        reason = _("unexpected error {error}").format(error=repr(error))
        raise typer.Exit(_fallback(reason, files, pathname)) from None
    _write(ours, result.text)
    _report(result, pathname)
    if not result.clean:
        raise typer.Exit(1)


# --- ewg git setup ----------------------------------------------------------------------------


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
    from ewg.gitsetup import install

    done = install(roadmap_path(), command, commit)
    if done.attributes:
        note(_(".gitattributes: {line}").format(line=done.attributes))
    if done.config:
        note(_("git config merge.ewg.driver: {driver}").format(driver=done.driver))
    if done.exclude:
        note(_("{file}: {pattern}").format(file=done.exclude, pattern=done.lock))
    if done.committed:
        note(_("committed .gitattributes"))
    if done.changed:
        note(_("git now merges {path} item by item").format(path=done.rel))
    else:
        note(_("the merge driver was already set up"))
