"""Make untrusted text inert for the terminal, Markdown, HTML and spreadsheets."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidi controls that can reorder what a reader sees.
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """Show control and bidi characters as escapes, so they cannot act on the terminal."""
    return _TERMINAL_UNSAFE.sub(_visible, text) if _TERMINAL_UNSAFE.search(text) else text


def markdown(text: str) -> str:
    """Text that Markdown shows literally: no markup, HTML, links or line breaks."""
    text = _TERMINAL_UNSAFE.sub(" ", text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def html(text: str) -> str:
    """Text that HTML shows literally."""
    import html as _html

    return _html.escape(_TERMINAL_UNSAFE.sub(" ", text), quote=True)


def _guarded(text: str) -> str:
    # Leading spaces too: some spreadsheets trim them on import, then see the formula.
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def csv_cell(value: str | list[str]) -> str:
    """A cell that no spreadsheet will run as a formula; lists are joined with ';'.

    Every ';'-separated part is guarded, not only the first: a spreadsheet that
    opens the file with ';' as its separator makes each part a cell of its own.
    """
    text = _TERMINAL_UNSAFE.sub(" ", ";".join(value) if isinstance(value, list) else value)
    return ";".join(map(_guarded, text.split(";"))) if ";" in text else _guarded(text)


# Controls that JSON itself leaves raw: DEL, C1, bidi, and the line separators.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_inert(text: str) -> str:
    """JSON text whose DEL, C1, bidi and line-separator characters are \\u escapes.

    The same data to a JSON reader; printed, it cannot reorder or colour the terminal.
    """
    if not _JSON_UNSAFE.search(text):
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_document(data: object) -> str:
    """`data` as an indented JSON document (UTF-8 text, controls escaped), with a newline."""
    import json

    return json_inert(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def safe_url(url: str) -> str | None:
    """The URL if it is http or https, else None."""
    return url if re.match(r"https?://[^\s<>\"']+\Z", url, re.IGNORECASE) else None
