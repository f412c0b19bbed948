"""Checking files: read, decode and parse (through ewg.source), apply the rules, locate.

The rules themselves are in `ewg.rules` (pure: data in, findings out) and the
findings' codes in `ewg.diagnostics`; this module gives each finding the line
and column of the key, value or array element it is about, and caches the
findings of a file by content, date and language. The names that other code
imported from here before the split stay importable from here.
"""

from __future__ import annotations

import datetime as dt
import os

from ewg import source
from ewg.diagnostics import (
    CODES,
    ID_COLLISION,
    UNKNOWN_REF,
    UNREADABLE,
    Diagnostic,
)
from ewg.errors import RoadmapFileError
from ewg.i18n import _
from ewg.rules import check_against, check_data, new_errors

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FilePath = str | os.PathLike[str]  # a file
read_file = source.read_bytes  # the bytes of a file, size-limited; RoadmapFileError otherwise

# --- where the findings are ---------------------------------------------------------------


def locate(diagnostics: list[Diagnostic], text: str, file: str) -> list[Diagnostic]:
    """Give each finding the line and column of the key, value or element it is about."""
    from ewg.positions import Positions

    where = Positions(text)
    located = []
    for diag in diagnostics:
        offset = where.find(diag.path, diag.at_value) if diag.path else None
        line, col = (1, 1) if offset is None else where.position(offset)
        hint = diag.hint
        if diag.related and hint:
            other = where.find(diag.related, at_value=True)
            if other is not None:
                hint = _("{hint}, at line {line}").format(hint=hint, line=where.position(other)[0])
        source = where.line_text(line)
        located.append(diag.replace(file=file, line=line, col=col, hint=hint, source=source))
    return located


def sort_key(diag: Diagnostic) -> tuple[int, int]:
    """Order of findings within a file: by line, then column."""
    return diag.line, diag.col


# --- whole files --------------------------------------------------------------------------


def check_file(path: FilePath, today: dt.date | None, name: str | None = None) -> list[Diagnostic]:
    """Every finding on the file at `path`, shown as `name`; never raises for a bad file."""
    name = str(path) if name is None else name
    try:
        content = source.read_bytes(path)
    except RoadmapFileError as exc:
        message, hint = _unreadable(exc)
        return [Diagnostic("error", UNREADABLE, message, hint=hint, file=name)]
    return check_bytes(content, name, today)


def _unreadable(exc: RoadmapFileError) -> tuple[str, str | None]:
    """What an E000 finding says: the cause without the file's name (the finding shows it)."""
    if isinstance(exc, source.UnreadableFileError):
        return exc.reason, exc.hint if exc.reason != _("no such file") else _("check the path")
    return exc.message, exc.hint


def check_bytes(content: bytes, file: str, today: dt.date | None) -> list[Diagnostic]:
    """Every finding on some content, through a cache keyed by content, date and language."""
    from ewg import cache
    from ewg.i18n import language

    key = cache.key(content, f"findings-{_rules_stamp()}-{today or 'undated'}-{language()}")
    rows = cache.get(key)
    if isinstance(rows, list):
        try:
            # Rows, not pickled objects: a frozen dataclass unpickles five times slower.
            return [_from_row(row, file) for row in rows]
        except (TypeError, ValueError):
            pass  # an entry from another layout: check again
    try:
        found = check_text(source.decode(content, file), file, today)
    except source.TomlSyntaxError as exc:
        found = [_syntax(exc, file)]
    cache.put(key, [_row(d) for d in found])
    # For read commands, which know the content by its parse key (ewg.store.Document.key).
    from ewg.checked import remember_error_count

    remember_error_count(cache.key(content), sum(1 for d in found if d.is_error))
    return found


def _from_row(row: tuple[Any, ...], file: str) -> Diagnostic:
    severity, code, message, path, hint, at_value, line, col, related, source = row
    return Diagnostic(
        severity, code, message, path, hint, at_value, file, line, col, related, source
    )


def _row(d: Diagnostic) -> tuple[Any, ...]:
    """A finding without its file name, as the cache keeps it."""
    return (
        d.severity, d.code, d.message, d.path, d.hint, d.at_value,
        d.line, d.col, d.related, d.source,
    )  # fmt: skip


def _rules_stamp() -> str:
    """Changes when the code behind the findings does (see ewg.checked)."""
    from ewg.checked import rules_stamp

    return rules_stamp()


def check_text(text: str, file: str, today: dt.date | None) -> list[Diagnostic]:
    """Every finding on a text: syntax, or every rule; located and in file order."""
    data = parse(text, file)
    if isinstance(data, Diagnostic):
        return [data]
    return sorted(locate(check_data(data, today), text, file), key=sort_key)


def check_against_text(
    text: str, other: str | None, base: str | None, file: str, rev: str
) -> list[Diagnostic]:
    """E016 findings of a text against its version at `rev` (and at the fork point, `base`)."""
    if other is None:
        return []
    mine, theirs = parse(text, file), parse(other, file)
    if isinstance(mine, Diagnostic) or isinstance(theirs, Diagnostic):
        return []
    before = parse(base, file) if base is not None else None
    found = check_against(mine, theirs, before if isinstance(before, dict) else None, rev)
    return sorted(locate(found, text, file), key=sort_key) if found else []


def parse(text: str, file: str = "") -> dict[str, Any] | Diagnostic:
    """The parsed document, or the located syntax finding that stops it."""
    try:
        return source.parse(text, file)
    except source.TomlSyntaxError as exc:
        return _syntax(exc, file)


def _syntax(exc: source.TomlSyntaxError, file: str) -> Diagnostic:
    """The E001 finding for text that is not TOML (or bytes that are not text); E017 too deep."""
    reason = exc.reason
    if reason == _("nested too deeply to read"):
        reason = _("invalid TOML: {reason}").format(reason=reason)
    return Diagnostic(
        "error",
        exc.code,
        reason,
        hint=exc.hint,
        file=file,
        line=exc.line,
        col=exc.col,
        source=exc.source,
    )


__all__ = [
    "CODES",
    "ID_COLLISION",
    "UNKNOWN_REF",
    "UNREADABLE",
    "Diagnostic",
    "check_against",
    "check_against_text",
    "check_bytes",
    "check_data",
    "check_file",
    "check_text",
    "locate",
    "new_errors",
    "parse",
    "read_file",
    "sort_key",
]
