"""`ewg validate`: every rule on one or more files, located, for people and for CI."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ewg.cli.app import STATE, handle_errors, note, out, roadmap_path, today
from ewg.cli.common import color
from ewg.errors import GitError
from ewg.i18n import _


class FindingsFormat(StrEnum):
    """Formats of `ewg validate`."""

    text = "text"
    github = "github"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add the command of this module to the app."""
    app.command("validate")(validate)


@handle_errors
def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files to check (default: the roadmap file, found as for every command).",
            metavar="[FILE]...",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        FindingsFormat,
        typer.Option("--format", help="Output format: text, github (annotations) or json."),
    ] = FindingsFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="REV",
            help="Also report ids that REV (e.g. origin/main) holds as a different item.",
        ),
    ] = None,
) -> None:
    """Check every rule of the roadmap; exit 1 on errors (and on warnings with --strict)."""
    from ewg import validate as rules
    from ewg.render.findings import RENDERERS, summary

    github = format is FindingsFormat.github
    paths = list(files) if files else [roadmap_path()]
    names = [
        _display(path, github, explicit=bool(files) or STATE.file is not None) for path in paths
    ]
    if against is not None:
        from ewg.repo import check_revision

        check_revision(against, "--against")  # one revision: never empty, never a range
    versions = _versions(paths, against) if against is not None else {}
    when = today()
    findings: list[rules.Diagnostic] = []
    for path, name in zip(paths, names, strict=True):
        found = rules.check_file(path, when, name)
        if (
            against is not None
            and path in versions
            and not any(d.code in _UNCHECKED for d in found)
        ):
            text = rules.read_file(path).decode("utf-8")
            other, base = versions[path]
            found += rules.check_against_text(text, other, base, name, against)
            found.sort(key=rules.sort_key)
        findings.extend(found)
    out(RENDERERS[format.value](findings, names, color()))
    _warn_unconfigured(paths)
    note(summary(findings, names))
    if any(d.is_error for d in findings) or (strict and findings):
        raise typer.Exit(1)


_UNCHECKED = ("E000", "E001")  # no ids to compare in a file that cannot be read


def _warn_unconfigured(paths: list[Path]) -> None:
    """Say on stderr when git would merge a file line by line for want of ewg's driver."""
    from ewg.gitsetup import unconfigured

    said: set[str] = set()
    for path in paths:
        lines = unconfigured(path) if path.is_file() else []
        if lines and lines[0] not in said:
            said.add(lines[0])
            for line in lines:
                note(line)


def _display(path: Path, github: bool, explicit: bool) -> str:
    """How a file is named in findings: as given, else relative to here; for GitHub, to the repo."""
    if github:
        from ewg.repo import work_tree_of

        root = work_tree_of(path)
        if root is not None:
            return Path(os.path.relpath(path.resolve(), root)).as_posix()
    if explicit:
        return str(path)
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive (Windows)
        return str(path)


def _versions(paths: list[Path], rev: str) -> dict[Path, tuple[str | None, str | None]]:
    """Each existing file's text at `rev` and where HEAD and `rev` forked; GitError otherwise."""
    from ewg import repo

    found: dict[Path, tuple[str | None, str | None]] = {}
    for path in paths:
        if not path.is_file():
            continue  # reported as E000 by the checks
        root = repo.toplevel(path, _("--against compares with a git revision; leave it out here"))
        try:
            commit = repo.resolve(rev, root)
        except GitError as exc:
            hint = _("fetch it first, e.g. `git fetch origin main`")
            if repo.is_shallow(root):
                hint = _(
                    "this clone is shallow; fetch the history (actions/checkout: fetch-depth: 0)"
                )
            raise GitError(exc.message, hint=hint) from None
        base = _fork_point(root, commit)
        found[path] = (repo.show_file(commit, path), repo.show_file(base, path) if base else None)
    return found


def _fork_point(root: Path, commit: str) -> str | None:
    """Where HEAD and `commit` forked; None without a HEAD or a shared history."""
    from ewg import repo

    try:
        head = repo.resolve("HEAD", root)
    except GitError:
        return None
    base = repo.merge_base(head, commit, root)
    if base is None and repo.is_shallow(root):
        raise GitError(
            _("shallow history: cannot tell which items both sides added"),
            hint=_("fetch the whole history (actions/checkout: fetch-depth: 0)"),
        )
    return base
