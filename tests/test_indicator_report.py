"""The Indicators section of `ewg report`: golden sections in both languages, the charts'
figures equal to `ewg status`, groups side by side, and hostile text kept inert.

The golden files hold the section alone (tests/golden/report/indicators*), cut from
the report of the hand-written fixture; EWG_UPDATE_GOLDEN=1 refreshes them.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ewg.tomlwrite import format_value
from tests.conftest import Invoke
from tests.hostile import HOSTILE
from tests.test_indicator_commands import FIXTURE, ORIGINAL
from tests.test_report import check_golden


@pytest.fixture
def diagnosis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roadmap.toml"
    path.write_bytes(FIXTURE.read_bytes())
    monkeypatch.chdir(tmp_path)
    return path


def html_section(page: str) -> str:
    start = page.index('<section id="indicators">')
    return page[start : page.index("</section>", start) + len("</section>\n")]


def markdown_section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n") + 1
    return text[start : text.index("\n## ", start) + 1]


class Figures(HTMLParser):
    """Each figure of the section: its svg attributes, circles, lines and table cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, dict[str, object]] = {}
        self.current: dict[str, object] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "figure":
            self.current = {"svg": {}, "circles": 0, "lines": {}, "cells": [], "country": ""}
            self.current["country"] = values["data-country"]
            self.figures[values["data-indicator"]] = self.current
        elif self.current is None:
            return
        elif tag == "svg":
            self.current["svg"] = values
        elif tag == "circle":
            self.current["circles"] = int(str(self.current["circles"])) + 1
        elif tag == "path" and "data-line" in values:
            lines = self.current["lines"]
            assert isinstance(lines, dict)
            lines[values["data-line"]] = values["d"]
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.current is not None:
            cells = self.current["cells"]
            assert isinstance(cells, list)
            cells.append("".join(self.cell))
            self.cell = None
        if tag == "figure":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def figures(page: str) -> dict[str, dict[str, object]]:
    parser = Figures()
    parser.feed(html_section(page))
    return parser.figures


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("fmt", "suffix"), [("markdown", "md"), ("html", "html")])
def test_the_indicators_section_matches_the_golden_file(
    diagnosis: Path, invoke: Invoke, fmt: str, suffix: str, lang: str
) -> None:
    result = invoke("report", "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    if fmt == "html":
        section = html_section(result.stdout)
    else:
        section = markdown_section(result.stdout, "Indicators" if lang == "en" else "Indicadores")
    name = f"indicators.{suffix}" if lang == "en" else f"indicators.{lang}.{suffix}"
    check_golden(name, section)


def test_numbers_follow_the_language(diagnosis: Path, invoke: Invoke) -> None:
    english = invoke("report", "--format", "markdown").stdout
    spanish = invoke("report", "--format", "markdown", "--lang", "es").stdout
    assert "| 2030-12-31 | Target | 10,000 | 10,000 |" in english
    assert "| 2030-12-31 | Meta | 10\u00a0000 | 10\u00a0000 |" in spanish
    assert "progress 25% · expected 43% · behind" in english
    assert "avance 25\u00a0% · esperado 43\u00a0% · rezagado" in spanish
    page = invoke("report", "--format", "html", "--lang", "es").stdout
    assert ">10\u00a0000</td>" in page
    # A name with no Spanish form is marked as English on the Spanish page.
    assert '<span lang="en">Public fast chargers in the United States (EE. UU.)</span>' in page
    assert "Cargadores rápidos públicos en México (MX)</figcaption>" in page


def test_the_charts_show_what_status_says(diagnosis: Path, invoke: Invoke) -> None:
    status = json.loads(invoke("status", "--format", "json").stdout)["indicators"]
    shown = figures(invoke("report", "--format", "html").stdout)
    assert list(shown) == [s["id"] for s in status]
    for indicator in status:
        figure = shown[indicator["id"]]
        svg = figure["svg"]
        assert isinstance(svg, dict)
        assert svg["role"] == "img" and svg["aria-label"]
        assert float(svg["data-latest"]) == indicator["latest"]["value"]
        assert float(svg["data-target"]) == indicator["target"]["value"]
        assert svg["data-on-track"] == ("yes" if indicator["on_track"] else "no")
        assert figure["circles"] == indicator["measurements"] == int(svg["data-measurements"])
        assert figure["country"] == indicator["country"]
        # The text alternative: a row per baseline, measurement and target, dated.
        cells = figure["cells"]
        assert isinstance(cells, list)
        rows = cells[4:]  # after the four column headers
        assert len(rows) == 4 * (indicator["measurements"] + 2)
        assert rows[0] == indicator["baseline"]["date"] and rows[-4] == indicator["target"]["date"]
    # The straight line runs from the baseline (bottom left) up to the target (top right);
    # a falling target ("down") runs down.
    lines = shown["chargers-mx"]["lines"]
    assert isinstance(lines, dict)
    assert lines["target"] == "M44.0,112.1 L308.0,10.0"  # "10,000" needs a wider margin
    assert "measured" in lines
    down = shown["import-share"]["lines"]
    assert isinstance(down, dict) and down["target"] == "M34.0,10.0 L308.0,68.0"


def test_a_group_shows_its_countries_side_by_side(diagnosis: Path, invoke: Invoke) -> None:
    page = invoke("report", "--format", "html").stdout
    section = html_section(page)
    group = re.search(
        r'<div class="charts" data-group="chargers"[^>]*>(.*?)\n</div>', section, re.S
    )
    assert group is not None
    assert "repeat(2," in group.group(0)
    assert re.findall(r'data-country="(\w+)"', group.group(1)) == ["MX", "US"]
    markdown = invoke("report", "--format", "markdown").stdout
    assert "| Group | MX | US |" in markdown
    assert (
        "| chargers | 3,400 / 10,000 chargers · 25% · behind "
        "| 120,000 / 500,000 chargers · 19% · behind, stale |"
    ) in markdown


def test_without_indicators_the_report_has_no_section(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = ORIGINAL.index("# --- The diagnosis")
    (tmp_path / "roadmap.toml").write_text(ORIGINAL[:start], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    page = invoke("report", "--format", "html").stdout
    assert 'id="indicators"' not in page and "<figure data-indicator" not in page
    assert "## Indicators" not in invoke("report", "--format", "markdown").stdout


def test_an_indicator_never_measured_shows_its_line_and_no_dots(
    diagnosis: Path, invoke: Invoke
) -> None:
    text = ORIGINAL.replace('indicator = "import-share"', 'indicator = "chargers-us"')
    diagnosis.write_text(text, encoding="utf-8")
    page = invoke("report", "--format", "html").stdout
    figure = figures(page)["import-share"]
    assert figure["circles"] == 0 and "measured" not in figure["lines"]  # type: ignore[operator]
    assert "Latest: — · progress — · expected — · not measured" in html_section(page)


def test_hostile_text_stays_text(diagnosis: Path, invoke: Invoke) -> None:
    v = format_value
    text = (
        ORIGINAL.replace('"Share of imported battery cells"', v("Share " + HOSTILE))
        .replace('unit = "percent"', f"unit = {v('percent ' + HOSTILE)}")
        .replace('group = "chargers"', f"group = {v('chargers ' + HOSTILE)}")
    )
    diagnosis.write_text(text, encoding="utf-8")
    page = invoke("report", "--format", "html")
    assert page.exit_code == 0, page.stderr
    section = html_section(page.stdout)
    assert "<script" not in section and "<img" not in section and "\x1b" not in section
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in section
    tags = set(re.findall(r"<([a-z0-9]+)", section))
    assert tags <= {
        "section", "h2", "h3", "h4", "p", "div", "figure", "figcaption", "svg", "title",
        "line", "path", "circle", "text", "table", "caption", "thead", "tbody", "tr", "th", "td",
    }  # fmt: skip
    markdown = invoke("report", "--format", "markdown").stdout
    section_md = markdown_section(markdown, "Indicators")
    # Rendered as CommonMark, the data makes no HTML, no emphasis, and no link whose
    # target differs from what it shows (a URL in the data may show as itself).
    from tests.test_output_markdown import _flat, _links, _tokens

    tokens = _tokens(section_md)
    kinds = {t.type for t in _flat(tokens)}
    assert not kinds & {"html_inline", "html_block", "image", "em_open", "strong_open"}, kinds
    assert all(href == shown for href, shown in _links(tokens)), _links(tokens)
    for line in section_md.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            # Every row of a table has as many cells as its header: no pipe came from the file.
            cells = len(re.findall(r"(?<!\\)\|", line))
            assert cells in (4, 5), line
