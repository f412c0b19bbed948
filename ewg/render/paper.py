"""A titled paper of sections of lines, as terminal text, Markdown or one
self-contained HTML page: the shape of the agenda, the minutes and the digest.

The lines are plain text in the output language, built by their renderer from
values; each format escapes every line itself (data from the file is untrusted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ewg.render.escape import html as h
from ewg.render.escape import markdown, terminal

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "Liberation Sans", Arial, sans-serif; color: #1d2733; margin: 0 auto;
  max-width: 900px; padding: 24px 32px; }
header { border-bottom: 3px solid #0b5394; margin-bottom: 8px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.15em; margin: 24px 0 8px; color: #0b5394;
  border-bottom: 1px solid #d5dbe1; padding-bottom: 3px; }
.sub, .empty { color: #5b6775; }
li { margin: 2px 0; }
@media print { body { padding: 0; } }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass(slots=True)
class Section:
    """A heading and its lines (`empty` is said when there are none)."""

    key: str  # a stable id for the HTML (and for tests)
    heading: str
    lines: list[str] = field(default_factory=list)
    empty: str = ""
    note: str = ""  # a line said before the list


@dataclass(slots=True)
class Paper:
    """A titled paper."""

    title: str
    subtitle: str
    lang: str
    sections: list[Section]


def render_text(paper: Paper) -> str:
    """For the terminal: headings underlined, lines as a list."""
    out = [terminal(paper.title), terminal(paper.subtitle)]
    for section in paper.sections:
        heading = terminal(section.heading)
        out += ["", heading, "-" * len(heading)]
        if section.note:
            out.append(terminal(section.note))
        if not section.lines:
            out.append(terminal(section.empty))
        out += [f"- {terminal(line)}" for line in section.lines]
    return "\n".join(out) + "\n"


def render_markdown(paper: Paper, level: int = 1) -> str:
    """Markdown, to paste into an invitation or an e-mail; `level` of the title."""
    mark = "#" * level
    out = [f"{mark} {markdown(paper.title)}", "", f"*{markdown(paper.subtitle)}*"]
    for section in paper.sections:
        out += ["", f"{mark}# {markdown(section.heading)}", ""]
        if section.note:
            out += [markdown(section.note), ""]
        if not section.lines:
            out.append(f"*{markdown(section.empty)}*")
        out += [f"- {markdown(line)}" for line in section.lines]
    return "\n".join(out) + "\n"


def render_html(paper: Paper) -> str:
    """One HTML page that loads nothing (its Content-Security-Policy forbids it)."""
    lang = "es" if paper.lang == "es" else "en"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{h(paper.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{h(paper.title)}</h1>",
        f'<p class="sub">{h(paper.subtitle)}</p>',
        "</header>",
        "<main>",
    ]
    for section in paper.sections:
        parts.append(f'<section id="{h(section.key)}">')
        parts.append(f"<h2>{h(section.heading)}</h2>")
        if section.note:
            parts.append(f"<p>{h(section.note)}</p>")
        if section.lines:
            parts.append("<ul>")
            parts += [f"<li>{h(line)}</li>" for line in section.lines]
            parts.append("</ul>")
        else:
            parts.append(f'<p class="empty">{h(section.empty)}</p>')
        parts.append("</section>")
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
