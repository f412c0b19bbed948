"""A quick reader for the plain TOML that roadmaps are written in; None for anything else.

tomllib reads any TOML, one character at a time in Python. A roadmap uses a
small part of TOML, one statement a line, and this reader takes those lines a
chunk at a time with one regular expression. A text is read here only if every
line is one of:

- blank, or a comment;
- a `[table]` or `[[array]]` header of bare keys;
- `key = value` with a bare key and a one-line value: a basic string (escapes
  \\b \\t \\n \\f \\r \\" \\\\ \\uXXXX \\UXXXXXXXX), a literal string, a decimal
  integer or float (underscores between digits, an exponent), true or false, a
  local date, an array of basic strings without escapes (on one line, or on
  several with comments between the elements, as meetings' decisions often are),
  or a one-line inline table of such scalars (an indicator's `{ date = …, value
  = … }`).

Anything else (a multi-line string, an inline table holding an array or
a table, a dotted or quoted key, inf or nan, a time, a key or table defined
twice, a header that opens an inline table again, an array of tables that TOML's
rules might refuse) gives None, and the caller asks tomllib, which reads
the text or says exactly where it is wrong. So for every text this reader
accepts, the result equals `tomllib.loads(text)`; tests compare the two on
random texts and on the toml-test suite. No line inside an accepted value starts
with "[", so the lines that do are the headers (`header_lines`): `ewg.incremental`
relies on them, and a chunk of text ends before one.
"""

from __future__ import annotations

import datetime as dt
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# One header as the cache keeps it: kind ("table" | "array"), dotted keys, offset.
Header = tuple[str, tuple[str, ...], int]

_CHAR = r"[^\"\\\x00-\x08\x0a-\x1f\x7f]"  # in a basic string, without escape
_ESCAPE = r"\\(?:[\"\\bfnrt]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})"
_BARE = r"[A-Za-z0-9_-]+"
_DOTTED = rf"{_BARE}(?:[ \t]*\.[ \t]*{_BARE})*"
_DIGITS = r"[0-9]++(?:_[0-9]++)*+"  # digits, an underscore only between two
_INTEGER = r"[+-]?+(?:0|[1-9][0-9]*+(?:_[0-9]++)*+)"
_NUMBER = rf"{_INTEGER}(?:\.{_DIGITS})?(?:[eE][+-]?{_DIGITS})?"  # an integer or a float
_NOT_AFTER = r"(?![0-9A-Za-z_.:+-])"  # what may not follow a number or a date
_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# A one-line inline table of scalars: { date = 2023-02-15, value = 1_200 }.
_SCALAR = rf'"{_CHAR}*+"|{_NUMBER}{_NOT_AFTER}|true|false|{_DAY}{_NOT_AFTER}'
_PAIR = rf"{_BARE}[ \t]*=[ \t]*(?:{_SCALAR})[ \t]*"
_INLINE = rf"\{{[ \t]*(?:{_PAIR}(?:,[ \t]*{_PAIR})*)?\}}"
# An array of basic strings without escapes, on one line or several: between its
# elements, blanks, newlines and comments; a comma after each but the last, maybe the last.
_BETWEEN = r"(?:[ \t]|\r?\n|#[^\x00-\x08\x0a-\x1f\x7f]*+)*+"
_STRING = rf'"{_CHAR}*+"'
_ARRAY = (
    rf"\[{_BETWEEN}(?:{_STRING}{_BETWEEN}(?:,{_BETWEEN}{_STRING}{_BETWEEN})*+(?:,{_BETWEEN})?)?\]"
)
_LINE = (  # compiled when first needed: 10 ms that a warm read does without
    r"^[ \t]*(?:"
    rf"({_BARE})[ \t]*=[ \t]*(?:"  # 1 key
    rf'(")({_CHAR}*+(?:{_ESCAPE}{_CHAR}*+)*+)"'  # 2 a quote, 3 what the basic string holds
    r"|('[^'\x00-\x08\x0a-\x1f\x7f]*')"  # 4 literal string, quotes and all
    rf"|({_NUMBER}){_NOT_AFTER}"  # 5 integer or float
    r"|(true|false)"  # 6
    rf"|({_DAY}){_NOT_AFTER}"  # 7 local date
    rf"|({_ARRAY})"  # 8 array of strings
    rf"|({_INLINE})"  # 9 inline table
    r")"
    rf"|\[\[[ \t]*({_DOTTED})[ \t]*\]\]"  # 10 [[array]] header
    rf"|\[[ \t]*({_DOTTED})[ \t]*\]"  # 11 [table] header
    r")?[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?\r?\n"
)
# The patterns are compiled when first used (re keeps them), not when a warm read imports this.
# An array's strings, and its comments (told apart by the second group).
_ELEMENT = r'"([^"]*)"|(#)[^\n]*'
# One key and value of an inline table: key, a basic string's content, number, boolean, date.
_INLINE_PAIR = rf'({_BARE})[ \t]*=[ \t]*(?:"({_CHAR}*)"|({_DAY})|({_NUMBER})|(true|false))'
_UNESCAPE = r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))"
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
# A line that starts with "[": searched from its newline, which the engine finds at C speed.
_HEADER_LINE = r"\n[ \t]*\["
_FIRST_HEADER = r"[ \t]*\["
_CHUNK = 1 << 18  # characters read at a time: memory stays in proportion to a chunk


def header_lines(text: str) -> list[int]:
    """Where each line that starts with "[" (after blanks) starts."""
    found = [m.start() + 1 for m in re.finditer(_HEADER_LINE, text)]
    return [0, *found] if re.match(_FIRST_HEADER, text) else found


def header_lines_bytes(content: bytes) -> list[int]:
    """`header_lines` of UTF-8 text in bytes: in UTF-8 no byte of a longer character is a
    newline, a blank or "[", so these are the same lines, counted in bytes."""
    found = [m.start() + 1 for m in re.finditer(_HEADER_LINE.encode(), content)]
    return [0, *found] if re.match(_FIRST_HEADER.encode(), content) else found


class _Refused(Exception):
    """The text leaves what this reader takes: tomllib must read it."""


def _number(text: str) -> int | float:
    """A TOML integer or float that the line's pattern took (Python reads the underscores)."""
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


def _inline(
    text: str, pairs: Callable[[str], list[tuple[str, ...]]], date: Callable[[str], dt.date]
) -> dict[str, Any]:
    """The table of a one-line inline table of scalars that the line's pattern took."""
    table: dict[str, Any] = {}
    for key, string, day, number, boolean in pairs(text):
        if key in table:
            raise _Refused  # a key given twice: tomllib says where
        if number:
            table[key] = _number(number)
        elif boolean:
            table[key] = boolean == "true"
        elif day:
            table[key] = date(day)
        else:
            table[key] = string
    return table


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code is None:
            return _SIMPLE_ESCAPES[match.group(3)]
        number = int(code, 16)
        if 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
            raise _Refused
        return chr(number)

    return re.sub(_UNESCAPE, one, text)


def loads(text: str) -> tuple[dict[str, Any], list[Header]] | None:
    """The data of `text` (as tomllib gives it) and its headers in order; None when tomllib
    must read it."""
    try:
        return _loads(text)
    except (_Refused, ValueError):  # ValueError: a date that does not exist
        return None


def _loads(text: str) -> tuple[dict[str, Any], list[Header]]:
    if text.endswith("\r"):
        raise _Refused
    if not text.endswith("\n"):
        text += "\n"
    root: dict[str, Any] = {}
    explicit: set[int] = set()  # ids of the tables a header defined
    arrays: set[int] = set()  # ids of the arrays of tables
    headers: list[tuple[str, tuple[str, ...]]] = []
    dates: dict[str, dt.date] = {}
    names: dict[str, str] = {}
    paths: dict[str, tuple[str, ...]] = {}
    date, element = dt.date.fromisoformat, re.compile(_ELEMENT).findall
    pairs = re.compile(_INLINE_PAIR).findall
    inlines: set[int] = set()  # ids of the inline tables: no header may open or extend one
    table = root
    lines = 0
    findall = re.compile(_LINE, re.M).findall  # re's own cache keeps it after the first
    pos, size = 0, len(text)
    while pos < size:
        # A chunk ends before a header line, never inside an array written on several lines.
        end = text.find("\n[", min(pos + _CHUNK, size - 1)) + 1 or size
        for key, quote, string, literal, number, boolean, day, array, inline, aot, name in findall(
            text, pos, end
        ):
            lines += 1
            if key:
                key = names.setdefault(key, key)  # one string for the many items' keys
                if key in table:
                    raise _Refused
                if quote:
                    table[key] = _unescape(string) if "\\" in string else string
                elif day:
                    value = dates.get(day)
                    if value is None:
                        value = dates[day] = date(day)
                    table[key] = value
                elif array:
                    table[key] = [e for e, comment in element(array) if not comment]
                    lines += array.count("\n")
                elif number:
                    table[key] = _number(number)
                elif boolean:
                    table[key] = boolean == "true"
                elif inline:
                    table[key] = whole = _inline(inline, pairs, date)
                    inlines.add(id(whole))
                else:
                    table[key] = literal[1:-1]
            elif aot or name:
                keys = paths.get(aot or name)
                if keys is None:
                    keys = paths[aot or name] = tuple(
                        p.strip(" \t") for p in (aot or name).split(".")
                    )
                table = _header(root, keys, bool(aot), explicit, arrays, inlines)
                headers.append(("array" if aot else "table", keys))
        pos = end
    if lines != text.count("\n"):
        raise _Refused  # a line that no alternative takes
    starts = header_lines(text)
    if len(starts) != len(headers):
        raise _Refused
    find = text.index
    return root, [
        (kind, keys, find("[", at)) for (kind, keys), at in zip(headers, starts, strict=True)
    ]


def _header(
    root: dict[str, Any],
    keys: tuple[str, ...],
    is_array: bool,
    explicit: set[int],
    arrays: set[int],
    inlines: set[int],
) -> dict[str, Any]:
    """The table a header opens, made as tomllib makes it; _Refused where TOML might refuse
    (an inline table is whole: no header opens it again or a table inside it)."""
    table = root
    for key in keys[:-1]:
        node = table.get(key)
        if node is None:
            node = table[key] = {}
        elif type(node) is list and id(node) in arrays:
            node = node[-1]
        elif type(node) is not dict or id(node) in inlines:
            raise _Refused
        table = node
    last = keys[-1]
    node = table.get(last)
    if is_array:
        new: dict[str, Any] = {}
        if node is None:
            node = table[last] = [new]
            arrays.add(id(node))
        elif type(node) is list and id(node) in arrays:
            node.append(new)
        else:
            raise _Refused
        explicit.add(id(new))
        return new
    if node is None:
        node = table[last] = {}
    elif type(node) is not dict or id(node) in explicit or id(node) in inlines:
        raise _Refused
    explicit.add(id(node))
    return node
