"""Findings of `ewg validate` as text, GitHub Actions workflow commands or JSON: pure functions.

Every renderer takes the findings (already located and in order) and the names
of the files checked, and returns the whole output. Values from the file (keys,
ids, titles) reach the messages, so each format makes them inert its own way:
the text format shows control characters as escapes, the GitHub format also
escapes what workflow commands give meaning to, and JSON escapes by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ewg.diagnostics import Diagnostic
from ewg.i18n import _, ngettext
from ewg.render.escape import json_document, terminal
from ewg.render.text import cell_width

SCHEMA_VERSION = 1
_EXCERPT_WIDTH = 120  # columns of a source line shown under a finding
_COLORS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m"}
_RESET = "\x1b[0m"

Renderer = Callable[[Sequence[Diagnostic], Sequence[str], bool], str]


def render_text(findings: Sequence[Diagnostic], files: Sequence[str], color: bool = False) -> str:
    """`FILE:LINE:COL: severity CODE message`, the line it is about with a caret, and a hint."""
    lines: list[str] = []
    names: dict[str, str] = {}
    severities: dict[str, str] = {}
    hint_label = _("hint")
    for diag in findings:
        name = names.get(diag.file)
        if name is None:
            name = names[diag.file] = terminal(diag.file)
        severity = severities.get(diag.severity)
        if severity is None:
            severity = _(diag.severity)
            if color:
                severity = f"{_COLORS.get(diag.severity, '')}{severity}{_RESET}"
            severities[diag.severity] = severity
        where = f"{name}:{diag.line}:{diag.col}" if diag.line else name
        lines.append(f"{where}: {severity} {diag.code} {terminal(diag.message)}")
        if diag.line and diag.source:
            lines.extend(_excerpt(diag.source, diag.line, diag.col))
        if diag.hint:
            lines.append(f"  {hint_label}: {terminal(diag.hint)}")
    lines.append("")
    return "\n".join(lines) if len(lines) > 1 else ""


def _excerpt(source: str, line: int, col: int) -> list[str]:
    """The source line (cut around the column when long) and a caret under the column."""
    text = source.replace("\t", " ")
    at = max(col - 1, 0)
    gutter = str(line)
    if len(text) <= _EXCERPT_WIDTH and text.isascii() and text.isprintable():
        shown, pad = text, at  # the common case: nothing to escape or measure
    else:
        head = tail = ""
        if len(text) > _EXCERPT_WIDTH:
            start = max(0, min(at - _EXCERPT_WIDTH // 2, len(text) - _EXCERPT_WIDTH))
            head = "…" if start else ""
            tail = "…" if start + _EXCERPT_WIDTH < len(text) else ""
            text, at = text[start : start + _EXCERPT_WIDTH], at - start
        shown = head + terminal(text) + tail
        pad = cell_width(head + terminal(text[:at]))
    return [
        f"  {gutter} | {shown}".rstrip(),
        f"  {' ' * len(gutter)} | {' ' * pad}^",
    ]


def _command_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    """Escape a property value of a workflow command."""
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Diagnostic], files: Sequence[str], color: bool = False) -> str:
    """GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=CODE::message`)."""
    lines = []
    for diag in findings:
        props = [f"file={_command_property(terminal(diag.file))}"]
        if diag.line:
            props += [f"line={diag.line}", f"col={diag.col}"]
        props.append(f"title={_command_property(diag.code)}")
        message = terminal(diag.message)
        if diag.hint:
            message += "\n" + _("hint") + ": " + terminal(diag.hint)
        command = "error" if diag.severity == "error" else "warning"
        lines.append(f"::{command} {','.join(props)}::{_command_data(message)}\n")
    return "".join(lines)


def render_json(findings: Sequence[Diagnostic], files: Sequence[str], color: bool = False) -> str:
    """One JSON document: schema_version, files, summary and the findings."""
    errors = sum(1 for d in findings if d.is_error)
    document = {
        "schema_version": SCHEMA_VERSION,
        "files": list(files),
        "summary": {
            "files": len(files),
            "errors": errors,
            "warnings": len(findings) - errors,
        },
        "findings": [
            {
                "file": d.file,
                "line": d.line or None,
                "col": d.col or None,
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
                "hint": d.hint,
            }
            for d in findings
        ],
    }
    return json_document(document)


RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "github": render_github,
    "json": render_json,
}


def summary(findings: Sequence[Diagnostic], files: Sequence[str]) -> str:
    """One line for stderr: how many errors and warnings in how many files."""
    errors = sum(1 for d in findings if d.is_error)
    warnings = len(findings) - errors
    checked = ngettext("{n} file", "{n} files", len(files)).format(n=len(files))
    if not findings:
        return _("{files} checked: no problems found").format(files=checked)
    return _("{files} checked: {errors}, {warnings}").format(
        files=checked,
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    )
