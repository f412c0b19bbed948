"""From bytes to data: read a file, decode it, parse it; every failure located.

The one path that the store (which raises) and validation (which reports
findings) both take, so a file is judged the same way by every command.
"""

from __future__ import annotations

import os
import re
import stat

from ewg.errors import RoadmapFileError
from ewg.i18n import N_, _

# `typing` takes 10 ms to import; annotations need it only for mypy, which
# treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_BYTES = 64 * 1024 * 1024  # a roadmap of 10,000 items takes 3 MB
# Levels of nesting ewg reads: each part of a dotted key or table header, each array
# and each inline table is one. tomllib takes memory quadratic in a key's parts, and
# deep values exhaust the recursion of every reader after it; a roadmap needs 4.
MAX_DEPTH = 32
BOM = "\ufeff"
SYNTAX_CODE = "E001"  # ewg.diagnostics.SYNTAX (not imported: it loads dataclasses)
TOO_DEEP_CODE = "E017"  # ewg.diagnostics.TOO_DEEP
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
        code: str = SYNTAX_CODE,
    ) -> None:
        super().__init__(message, hint)
        self.line = line
        self.col = col
        self.reason = reason or message
        self.source = source
        self.code = code


class UnreadableFileError(RoadmapFileError):
    """The file cannot be read; `reason` says why without naming it (for findings)."""

    def __init__(self, message: str, reason: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.reason = reason


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; UnreadableFileError otherwise.

    Opened without blocking and checked before reading: a FIFO would wait for a
    writer forever, a device such as /dev/zero never ends.
    """
    name = os.fspath(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFileError(
            _("{name} does not exist").format(name=name),
            _("no such file"),
            hint=_("run `ewg init` to start one, or pass --file PATH"),
        ) from None
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFileError(
                _("{name} is a folder, not a file").format(name=name),
                _("this is a folder, not a file"),
            )
        if not stat.S_ISREG(mode):
            kind = _("a FIFO (named pipe)") if stat.S_ISFIFO(mode) else _("a device or socket")
            raise UnreadableFileError(
                _("{name} is not a regular file: it is {kind}").format(name=name, kind=kind),
                _("not a regular file: it is {kind}").format(kind=kind),
                hint=_("give the path of the roadmap file itself"),
            )
        # A file that says it is too big is not read at all; one that grows is cut short.
        too_big = os.fstat(fd).st_size > MAX_BYTES
        with open(fd, "rb", closefd=False) as handle:
            content = b"" if too_big else handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    finally:
        os.close(fd)
    if too_big or len(content) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        message = _("the file is larger than {limit} MB; no roadmap is that big").format(
            limit=limit
        )
        raise UnreadableFileError(message, message)
    return content


def _cannot_read(name: str, exc: OSError) -> UnreadableFileError:
    from ewg.i18n import os_reason

    reason = os_reason(exc)
    return UnreadableFileError(
        _("cannot read {name}: {reason}").format(name=name, reason=reason),
        _("cannot read the file: {reason}").format(reason=reason),
    )


def decode(content: bytes, name: str) -> str:
    """The content as text; TomlSyntaxError for UTF-16, a byte order mark, a NUL or non-UTF-8."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_pattern(content):
        raise TomlSyntaxError(
            _("{name} is UTF-16 text; ewg reads UTF-8").format(name=name),
            1,
            1,
            hint=_("save the file as UTF-8 without a byte order mark"),
            reason=_("UTF-16 text; ewg reads UTF-8"),
        )
    if content.startswith(b"\xef\xbb\xbf"):
        end = content.find(b"\n")
        text = content[3 : end if end >= 0 else None].decode("utf-8", "replace").rstrip("\r")
        raise TomlSyntaxError(
            _("{name} starts with a byte order mark (BOM)").format(name=name),
            1,
            1,
            hint=_("save the file as UTF-8 without a byte order mark"),
            reason=_("the file starts with a byte order mark (BOM)"),
            source=text[:1000],
        )
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


def _utf16_pattern(content: bytes) -> bool:
    """Whether text without a byte order mark looks like UTF-16: ASCII with a NUL beside each."""
    head = content[:64]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    return (even, odd) in ((half, 0), (0, half))


def parse(text: str, name: str = "roadmap.toml") -> dict[str, Any]:
    """Parse TOML as tomllib does; TomlSyntaxError located at the cause, with a hint where one helps.

    Plain text, one statement a line, is read by `ewg.tomlfast` three times faster;
    anything else by tomllib.

    Text nested more than MAX_DEPTH levels is refused before tomllib sees it, so
    that reading costs time and memory in proportion to the text.
    """
    return parse_located(text, name)[0]


def parse_located(
    text: str, name: str = "roadmap.toml"
) -> tuple[dict[str, Any], list[tuple[str, tuple[str, ...], int]] | None]:
    """`parse(text)`, and the headers in order (kind, keys, offset of the "[") when the text
    is plain enough that they came with it (`ewg.tomlfast`); None otherwise."""
    from ewg import tomlfast

    check_depth(text, name)
    fast = tomlfast.loads(text)
    if fast is not None:
        return fast
    import tomllib

    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOMLLIB_POSITION.search(message)
        reason = _TOMLLIB_POSITION.sub("", message).strip()
        line, col = _end_of(text)
        if match and match.group(1):
            line, col = int(match.group(1)), int(match.group(2))
        error = _conflict(text, name) or _located(text, name, reason, line, col)
    except RecursionError:
        error = _located(text, name, "", 1, 1)
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        found = re.search(r"[0-9][0-9_]{4300,}", text)
        at = found.start() if found else 0
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        error = _located(text, name, _NUMBER_TOO_LONG, line, col)
    raise error from None


# An array or inline table that holds another (strings and comments skipped): only
# text with one, or with a line of many dots, needs the exact walk of check_depth.
_NESTED = re.compile(
    r"=[ \t]*+[\[{](?:"
    r"""[^\]}\[{"'#]++"""
    r'|"""(?:[^"\\]|\\.|"(?!""))*+"""'
    r"|'''(?:[^']|'(?!''))*+'''"
    r'|"(?:[^"\\\n]|\\.)*+"'
    r"|'[^'\n]*+'"
    r"|#[^\n]*+"
    r")*+[\[{]"
)
_DOTS_ON_A_LINE = 9  # fewer dots on every line: a key of at most 10 parts, with room to spare
_DEPTH_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:"{1,2})?'
    r"|'''(?:[^']|'(?!''))*'''(?:'{1,2})?"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}.=,\n]",
    re.S,
)


def check_depth(text: str, name: str = "roadmap.toml") -> None:
    """TomlSyntaxError (E017) at the first place nested more than MAX_DEPTH levels.

    Linear: one regular-expression search, and where it finds a candidate one walk
    over the text's brackets, dots and strings (a key's dots count only in keys).
    """
    if _NESTED.search(text) is None and not _many_dots(text):
        return
    stack: list[tuple[str, int]] = []  # open arrays and inline tables, with their level
    in_key, header = True, False
    base = table = parts = level = 0  # level of the key's table, of the [table], key parts
    for match in _DEPTH_TOKEN.finditer(text):
        token = text[match.start()]
        if token == "\n":
            if not stack:
                in_key, header, parts, base = True, False, 0, table
        elif token == "." and in_key:
            parts += 1
            if base + parts + 1 > MAX_DEPTH:
                raise _too_deep(text, name, match.start())
        elif token == "=" and in_key and not header:
            in_key, level = False, base + parts + 1
        elif token == "[" and in_key and not stack:
            header, base, parts = True, 0, 0  # a [table] or [[array]] header
        elif token == "]" and header:
            header, in_key, table = False, False, parts + 1
        elif token in "[{" and not in_key:
            level += 1
            if level > MAX_DEPTH:
                raise _too_deep(text, name, match.start())
            stack.append((token, level))
            if token == "{":
                in_key, base, parts = True, level, 0
        elif token in "]}" and stack:
            stack.pop()
            in_key = False
            level = stack[-1][1] if stack else 0
        elif token == "," and stack:
            kind, level = stack[-1]
            if kind == "{":
                in_key, base, parts = True, level, 0


def _many_dots(text: str) -> bool:
    """Whether some line holds _DOTS_ON_A_LINE dots (a roadmap has few dots but in text)."""
    dots = [m.start() for m in re.finditer(r"\.", text)]
    last = _DOTS_ON_A_LINE - 1
    return any(text.find("\n", dots[i], dots[i + last]) < 0 for i in range(len(dots) - last))


def _too_deep(text: str, name: str, offset: int) -> TomlSyntaxError:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return TomlSyntaxError(
        _("{name} is nested more than {limit} levels deep").format(name=name, limit=MAX_DEPTH),
        line,
        col,
        hint=_(
            "each part of a dotted key or table header, each array and each inline table"
            " is a level; ewg reads at most {limit}"
        ).format(limit=MAX_DEPTH),
        reason=_("nested more than {limit} levels deep").format(limit=MAX_DEPTH),
        source=_line_text(text, line)[:1000],
        code=TOO_DEEP_CODE,
    )


_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: [^\n]*)?\r?$", re.M)


def _conflict(text: str, name: str) -> TomlSyntaxError | None:
    """The error for text that holds git's conflict markers, at the first one; else None."""
    found = [m.start() for m in _CONFLICT.finditer(text) if text[m.start()] in "<>"]
    if len(found) < 2:
        return None
    line = text.count("\n", 0, found[0]) + 1
    return TomlSyntaxError(
        _("{name} has unresolved merge conflict markers (<<<<<<<, =======, >>>>>>>)").format(
            name=name
        ),
        line,
        1,
        hint=_(
            "resolve the merge: keep the lines you want, delete the markers, then `git add`;"
            " `ewg git setup` lets git merge roadmaps by item"
        ),
        reason=_("unresolved merge conflict marker"),
        source=_line_text(text, line)[:1000],
    )


def _located(text: str, name: str, reason: str, line: int, col: int) -> TomlSyntaxError:
    """The syntax error for tomllib's `reason` at line:col, with its hint."""
    source = _line_text(text, line)
    hint = None
    if not reason:
        phrase = _("nested too deeply to read")
        message = _("{name} is nested too deeply to read").format(name=name)
    else:
        shown = tomllib_reason(reason)
        phrase = _("invalid TOML: {reason}").format(reason=shown[:1].lower() + shown[1:])
        message = _("{name} is not valid TOML: {reason}").format(name=name, reason=shown)
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


# tomllib's messages (every `suffixed_err` of tomllib/_parser.py), in the output language;
# the English is tomllib's own, so the English output is what tomllib says.
_NUMBER_TOO_LONG = "Number too long"  # more digits than Python reads (not tomllib's words)
_TOMLLIB_REASONS = {
    _NUMBER_TOO_LONG: N_("Number too long: more than 4,300 digits"),
    "Invalid statement": N_("Invalid statement"),
    "Expected newline or end of document after a statement": N_(
        "Expected newline or end of document after a statement"
    ),
    "Cannot overwrite a value": N_("Cannot overwrite a value"),
    "Expected ']' at the end of a table declaration": N_(
        "Expected ']' at the end of a table declaration"
    ),
    "Expected ']]' at the end of an array declaration": N_(
        "Expected ']]' at the end of an array declaration"
    ),
    "Expected '=' after a key in a key/value pair": N_(
        "Expected '=' after a key in a key/value pair"
    ),
    "Invalid initial character for a key part": N_("Invalid initial character for a key part"),
    "Unclosed array": N_("Unclosed array"),
    "Unclosed inline table": N_("Unclosed inline table"),
    "Unescaped '\\' in a string": N_("Unescaped '\\' in a string"),
    "Invalid hex value": N_("Invalid hex value"),
    "Escaped character is not a Unicode scalar value": N_(
        "Escaped character is not a Unicode scalar value"
    ),
    "Unterminated string": N_("Unterminated string"),
    "Invalid date or datetime": N_("Invalid date or datetime"),
    "Invalid value": N_("Invalid value"),
}
# The messages that name a key or a character, by how they start.
_TOMLLIB_NAMING = (
    ("Expected ", "", N_("Expected {value}")),
    ("Found invalid character ", "", N_("Found invalid character {value}")),
    ("Cannot declare ", " twice", N_("Cannot declare {value} twice")),
    ("Cannot mutate immutable namespace ", "", N_("Cannot mutate immutable namespace {value}")),
    ("Cannot redefine namespace ", "", N_("Cannot redefine namespace {value}")),
    ("Duplicate inline table key ", "", N_("Duplicate inline table key {value}")),
    ("Illegal character ", "", N_("Illegal character {value}")),
)


def tomllib_reason(reason: str) -> str:
    """tomllib's message (without its position) in the output language; unknown ones as they are."""
    known = _TOMLLIB_REASONS.get(reason)
    if known is not None:
        return _(known)
    for start, end, message in _TOMLLIB_NAMING:
        if reason.startswith(start) and reason.endswith(end) and len(reason) > len(start + end):
            return _(message).format(value=reason[len(start) : len(reason) - len(end)])
    return reason


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
