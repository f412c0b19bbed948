"""From bytes to data: read a file, decode it, parse it; every failure located.

The one path that the store (which raises) and validation (which reports
findings) both take, so a file is judged the same way by every command.
"""

from __future__ import annotations

import re

from ewg.errors import RoadmapFileError
from ewg.i18n import _

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from typing import Any

MAX_BYTES = 64 * 1024 * 1024  # a roadmap of 10,000 items takes 3 MB
BOM = "\ufeff"
_TOMLLIB_POSITION = re.compile(r" ?\((?:at line (\d+), column (\d+)|at end of document)\)")
_TWICE = ("Cannot overwrite", "Cannot declare", "Cannot mutate", "Cannot redefine")


class TomlSyntaxError(RoadmapFileError):
    """The content is not TOML text; carries where, why, and the line it stands on.

    `message` names the file (for commands that stop on it); `reason` is the
    bare cause (for findings, which name the file apart).
    """

    def __init__(
        self,
        message: str,
        line: int,
        col: int,
        hint: str | None = None,
        reason: str = "",
        source: str = "",
    ) -> None:
        super().__init__(message, hint)
        self.line = line
        self.col = col
        self.reason = reason or message
        self.source = source


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file of at most MAX_BYTES; RoadmapFileError with the reason otherwise."""
    try:
        with open(path, "rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise RoadmapFileError(
            _("{name} does not exist").format(name=path),
            hint=_("run `ewg init` to start one, or pass --file PATH"),
        ) from None
    except IsADirectoryError:
        raise RoadmapFileError(_("{name} is a folder, not a file").format(name=path)) from None
    except OSError as exc:
        raise RoadmapFileError(
            _("cannot read {name}: {reason}").format(name=path, reason=exc.strerror)
        ) from None
    if len(content) > MAX_BYTES:
        raise RoadmapFileError(
            _("the file is larger than {limit} MB; no roadmap is that big").format(
                limit=MAX_BYTES // (1024 * 1024)
            )
        )
    return content


def decode(content: bytes, name: str) -> str:
    """The content as text; TomlSyntaxError at the first NUL or byte that is not UTF-8."""
    nul = content.find(b"\x00")
    bad = nul
    if nul < 0:
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.start
    before = content[:bad]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", "replace")) + 1
    end = content.find(b"\n", bad)
    source = content[line_start : end if end >= 0 else None]
    text = source.decode("utf-8", "replace").rstrip("\r")[:1000]
    if nul >= 0 and nul == bad:
        raise TomlSyntaxError(
            _("{name} is a binary file, not TOML").format(name=name),
            line,
            col,
            reason=_("binary file, not TOML text (NUL byte)"),
            source=text,
        )
    byte = f"0x{content[bad]:02x}"
    raise TomlSyntaxError(
        _("{name} is not UTF-8 text (byte {byte} cannot be read)").format(name=name, byte=byte),
        line,
        col,
        hint=_("save the file as UTF-8"),
        reason=_("not UTF-8 text: byte {byte} cannot be read").format(byte=byte),
        source=text,
    )


def parse(text: str, name: str = "roadmap.toml") -> dict[str, Any]:
    """Parse TOML with tomllib; TomlSyntaxError located at the cause, with a hint where one helps."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOMLLIB_POSITION.search(message)
        reason = _TOMLLIB_POSITION.sub("", message).strip()
        line, col = _end_of(text)
        if match and match.group(1):
            line, col = int(match.group(1)), int(match.group(2))
        error = _located(text, name, reason, line, col)
    except RecursionError:
        error = _located(text, name, "", 1, 1)
    raise error from None


def _located(text: str, name: str, reason: str, line: int, col: int) -> TomlSyntaxError:
    """The syntax error for tomllib's `reason` at line:col, with its hint."""
    source = _line_text(text, line)
    hint = None
    if not reason:
        phrase = _("nested too deeply to read")
        message = _("{name} is nested too deeply to read").format(name=name)
    else:
        phrase = _("invalid TOML: {reason}").format(reason=reason[:1].lower() + reason[1:])
        message = _("{name} is not valid TOML: {reason}").format(name=name, reason=reason)
    if text.startswith(BOM) and line == 1 and col == 1:
        hint = _("the file starts with a byte order mark; save it as UTF-8 without one")
    elif reason == "Invalid value" and source[col - 1 : col].isalpha():
        hint = _('text values need quotes, e.g. status = "planned"')
    elif reason.startswith(_TWICE):
        # tomllib points after the second definition; the key or header starts the line.
        indent = len(source) - len(source.lstrip(" \t"))
        if indent < col - 1 and source.lstrip(" \t")[:1] not in ("", "#"):
            col = indent + 1
        hint = _("a key or table may be defined only once")
    elif reason in ("Illegal character '\\n'", "Unterminated string"):
        hint = _("a string is not closed: add the closing quote")
    return TomlSyntaxError(message, line, col, hint=hint, reason=phrase, source=source)


def _line_text(text: str, line: int) -> str:
    """The text of a 1-based line, without its line ending."""
    start = 0
    for _n in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return ""
        start = found + 1
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].rstrip("\r")


def _end_of(text: str) -> tuple[int, int]:
    """Line and column just after the last thing written in a text."""
    end = len(text.rstrip())
    line = text.count("\n", 0, end) + 1
    return line, end - (text.rfind("\n", 0, end) + 1) + 1
