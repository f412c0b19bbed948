"""Make untrusted text inert for the terminal, Markdown, HTML and spreadsheets."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidi controls that can reorder what a reader sees.
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """Show control and bidi characters as escapes, so they cannot act on the terminal."""
    return _TERMINAL_UNSAFE.sub(_visible, text) if _TERMINAL_UNSAFE.search(text) else text


# Where Markdown reads a URL, it must stay whole: an escape inside one ends GitHub's
# and markdown-it's link at the backslash.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\[\]`|*\\\"“”‘’«»]+", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCK_START = re.compile(r"[#>+\-=*_](?=\s|$|[#>+\-=*_])|\d{1,9}(?=[.)](?:\s|$))")
_HEADING_END = re.compile(r"\s(#+)\s*$")
_ALWAYS = frozenset("\\`<[]|~")


def _url_spans(text: str) -> dict[int, int]:
    """Where each URL starts and ends (without the punctuation that ends a sentence)."""
    spans: dict[int, int] = {}
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?'")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(".,;:!?'")
        if "." in url:
            spans[match.start()] = match.start() + len(url)
    return spans


def _emphasis(text: str, i: int) -> bool:
    """Whether the `*` or `_` at `i` could open or close emphasis."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() and after.isspace():
        return False
    return not (text[i] == "_" and before.isalnum() and after.isalnum())


def markdown(text: str) -> str:
    """Text that Markdown shows literally, escaped only where it would form markup.

    No emphasis, code, links with hidden targets, HTML, entities,
    strikethrough, table pipes or block starts come from the text. A URL stays
    whole, as an autolink (`<https://…>`) whose text is the URL itself; the
    rest reads as typed, so pasted raw it is still clean.
    """
    text = _TERMINAL_UNSAFE.sub(" ", text).lstrip(" ")
    urls = _url_spans(text) if "://" in text or "www." in text.lower() else {}
    out = []
    i = 0
    while i < len(text):
        if i in urls:  # whole, and delimited where it has a scheme: <https://…>
            url = text[i : urls[i]]
            out.append(url if url.lower().startswith("www.") else f"<{url}>")
            i = urls[i]
            continue
        char = text[i]
        if (
            char in _ALWAYS
            or (char in "*_" and _emphasis(text, i))
            or (char == "&" and _ENTITY.match(text, i))
        ):
            out.append("\\" + char)
        else:
            out.append(char)
        i += 1
    escaped = "".join(out)
    start = _BLOCK_START.match(escaped)
    if start:  # a heading, quote, list item or rule of its own
        at = start.end() if start.group().isdigit() else start.start()
        if escaped[at] != "\\":
            escaped = escaped[:at] + "\\" + escaped[at:]
    end = _HEADING_END.search(escaped)
    if end:  # would close a heading
        escaped = escaped[: end.start(1)] + "\\" + escaped[end.start(1) :]
    return escaped


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
    if isinstance(value, list):  # an element's own ';' (and '\\') escaped: parts stay apart
        value = ";".join(v.replace("\\", "\\\\").replace(";", "\\;") for v in value)
    text = _TERMINAL_UNSAFE.sub(" ", value)
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
