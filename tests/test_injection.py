"""Nothing injected: hostile titles, notes, reasons and decisions come out inert in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.hostile import BAD_LINK, write_hostile_roadmap
from tests.reportdom import parse

TERMINAL = [
    ("status",),
    ("list", "--all"),
    ("show", "INN-1"),
    ("meeting", "list"),
    ("area", "list"),
    ("owner", "list"),
    ("milestone", "list"),
]
MARKDOWN = [
    ("status", "--format", "markdown"),
    ("list", "--all", "--format", "markdown"),
    ("meeting", "list", "--format", "markdown"),
    ("report",),
    ("report", "--format", "markdown", "--lang", "es"),
]
# Raw control characters, and the bidi controls that reorder what a reader sees.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hostile roadmap as the working directory's roadmap.toml."""
    monkeypatch.chdir(tmp_path)
    return write_hostile_roadmap(tmp_path / "roadmap.toml")


def run(invoke: Invoke, *args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout_bytes.decode("utf-8")


@pytest.mark.parametrize("args", TERMINAL, ids=" ".join)
def test_terminal_output_has_no_escape_sequences(
    hostile: Path, invoke: Invoke, args: tuple[str, ...]
) -> None:
    out = run(invoke, *args)
    assert not UNSAFE.search(out.replace("\n", "")), repr(UNSAFE.search(out.replace("\n", "")))


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


@pytest.mark.parametrize("args", MARKDOWN, ids=" ".join)
def test_markdown_shows_the_text_and_nothing_else(
    hostile: Path, invoke: Invoke, args: tuple[str, ...]
) -> None:
    out = run(invoke, *args)
    assert not UNSAFE.search(out.replace("\n", ""))
    # no HTML: every < is escaped, or opens an autolink that shows its own URL
    assert not re.search(r"(?<!\\)<(?!https?://[^\s<>]*>)", out)
    assert not re.search(r"(?<!\\)\]\((?!<?https://)", out)  # links only to https here
    for raw in ("**bold**", "`code`", "\n=HYPERLINK", "_it_"):
        assert raw not in out, raw
    assert BAD_LINK not in re.sub(r"\\(.)", r"\1", "".join(re.findall(r"\]\(([^)]*)\)", out)))
    # Every table row keeps its columns: no pipe from the file splits a cell.
    table: int | None = None
    for line in out.splitlines():
        if line.startswith("|"):
            table = table or _unescaped_pipes(line)
            assert _unescaped_pipes(line) == table, line
        else:
            table = None
    # Headings from the file stay on one line.
    assert all(not line.startswith(("BEGIN:VEVENT", "click x")) for line in out.splitlines())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_html_report_is_inert(hostile: Path, invoke: Invoke, lang: str) -> None:
    out = run(invoke, "--lang", lang, "report", "--format", "html")
    dom = parse(out)
    assert not {"script", "img", "iframe", "object", "embed", "form"} & set(dom.tags)
    assert not [k for _t, k, _v in dom.attrs if k.startswith("on")]
    hrefs = [v for _t, k, v in dom.attrs if k in ("href", "src", "action")]
    assert set(hrefs) == {"https://example.org/a_(b)|c"}  # the javascript: link is not a link
    assert not UNSAFE.search(out.replace("\n", ""))
    assert "<script>alert('x')</script>" in dom.text("h1")  # shown as text


def test_csv_outputs_start_no_formula(hostile: Path, invoke: Invoke) -> None:
    for args in (("export", "--format", "csv"), ("list", "--all", "--format", "csv")):
        out = run(invoke, *args)
        cells = [c for row in csv.reader(io.StringIO(out, newline="")) for c in row]
        assert cells and not [c for c in cells if c.lstrip()[:1] in ("=", "+", "-", "@")], args


def test_json_outputs_keep_the_data_exactly_and_escape_controls(
    hostile: Path, invoke: Invoke
) -> None:
    import tomllib

    data = tomllib.loads(hostile.read_text(encoding="utf-8"))
    exported = run(invoke, "export", "--format", "json")
    assert not UNSAFE.search(exported.replace("\n", ""))  # controls and bidi as \\u escapes
    doc = json.loads(exported)
    assert doc["items"][0]["title"] == data["items"][0]["title"]
    assert doc["meetings"][0]["decisions"] == data["meetings"][0]["decisions"]
    listed = json.loads(run(invoke, "list", "--all", "--format", "json"))
    assert listed["items"][0]["notes"] == data["items"][0]["notes"]


def test_ical_and_mermaid_are_inert(hostile: Path, invoke: Invoke) -> None:
    ics = run(invoke, "export", "--format", "ical")
    assert not UNSAFE.search(ics.replace("\r\n", ""))
    assert ics.count("BEGIN:VEVENT\r\n") == 9  # 1 milestone, 7 items, 1 meeting
    assert "URL:javascript" not in ics
    gantt = run(invoke, "export", "--format", "mermaid")
    assert not UNSAFE.search(gantt.replace("\n", ""))
    assert "click" not in gantt.lower().replace("#99;lick", "").replace("#58; #99;", "")[:0]
    assert not [line for line in gantt.splitlines() if line.strip().lower().startswith("click")]
