"""The one HTML table of the report: a caption, column headers, rows headed by their first cell.

Every table of the HTML report (the summary tables and the data tables under
the charts) comes from here, so each has a caption and its first column as
row headers (`<th scope="row">`) for a screen reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from ewg.render.escape import html as h

DATE = ' class="date"'  # the attributes of a row header that is a date


def row_header(content: str, attributes: str = "") -> str:
    """The first cell of a row: `content` is HTML already escaped."""
    return f'<th scope="row"{attributes}>{content}</th>'


def table(
    attributes: str,
    caption: str,
    headers: Sequence[str],
    rows: Sequence[str],
    numeric: set[int] | frozenset[int] = frozenset(),
) -> str:
    """A table of rendered `<tr>` rows under a plain-text caption and plain-text headers."""
    head = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{h(text)}</th>'
        for i, text in enumerate(headers)
    )
    return (
        f'<table{attributes}><caption class="muted">{h(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
