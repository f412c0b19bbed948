"""Make untrusted text inert for the terminal, Markdown, HTML and spreadsheets."""

from __future__ import annotations

import html as _html
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
    return _html.escape(_TERMINAL_UNSAFE.sub(" ", text), quote=True)


def csv_cell(text: str) -> str:
    """A cell that no spreadsheet will run as a formula."""
    text = _TERMINAL_UNSAFE.sub(" ", text)
    # Leading spaces too: some spreadsheets trim them on import, then see the formula.
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def safe_url(url: str) -> str | None:
    """The URL if it is http or https, else None."""
    return url if re.match(r"https?://[^\s<>\"']+\Z", url, re.IGNORECASE) else None
