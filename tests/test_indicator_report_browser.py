"""The indicator charts of the HTML report in a real headless browser (Debian's chromium):
each chart is laid out at its size, draws inside its frame, has its line to the target
and a dot per measurement, and the countries of a group stand side by side.

The report forbids scripts (its Content-Security-Policy), so the test reads the
layout with a probe script added to its own copy of the page, without that policy.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.test_indicator_commands import FIXTURE
from tests.test_report_browser import CHROMIUM, chromium

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)

PROBE = """<script>
const found = [];
for (const fig of document.querySelectorAll('#indicators figure')) {
  const svg = fig.querySelector('svg');
  const box = svg.getBoundingClientRect();
  const target = svg.querySelector('path[data-line=target]');
  const measured = svg.querySelector('path[data-line=measured]');
  const place = fig.getBoundingClientRect();
  found.push({
    id: fig.dataset.indicator,
    group: fig.parentElement.dataset.group || '',
    width: box.width, height: box.height, top: place.top, left: place.left,
    target: target ? target.getTotalLength() : 0,
    measured: measured ? measured.getTotalLength() : 0,
    circles: svg.querySelectorAll('circle').length,
    count: Number(svg.dataset.measurements),
    shapes: [...svg.querySelectorAll('path, circle, line, text')].map(e => {
      const b = e.getBBox(); return [e.tagName, b.x, b.y, b.width, b.height]; }),
    rows: [...fig.querySelectorAll('tbody tr')].map(r => r.getBoundingClientRect().height),
    caption: fig.querySelector('table caption').textContent,
  });
}
document.body.setAttribute('data-probe', JSON.stringify(found));
</script>"""


def probe(page: str, tmp_path: Path) -> list[dict[str, Any]]:
    """What the browser laid out for each indicator figure of `page`."""
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    assert "Content-Security-Policy" not in page
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = chromium(
        tmp_path, "--window-size=1280,2400", "--virtual-time-budget=5000", "--dump-dom",
        probed.as_uri(),
    ).stdout.decode("utf-8")  # fmt: skip
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found is not None, "the probe did not run"
    result: list[dict[str, Any]] = json.loads(html.unescape(found.group(1)))
    return result


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_indicator_charts_render(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    (tmp_path / "roadmap.toml").write_bytes(FIXTURE.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = invoke("report", "--format", "html", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    figures = probe(result.stdout, tmp_path)
    assert [f["id"] for f in figures] == ["chargers-mx", "chargers-us", "import-share"]
    for figure in figures:
        # Laid out at the chart's proportions (320 x 150), wide enough to read.
        assert figure["width"] > 250, figure
        assert abs(figure["height"] / figure["width"] - 150 / 320) < 0.02, figure
        # Every mark inside the frame, the line to the target drawn, a dot per measurement.
        for tag, x, y, width, height in figure["shapes"]:
            assert min(x, y) >= -1 and x + width <= 321 and y + height <= 151, (tag, figure)
        assert figure["target"] > 100, figure
        assert figure["circles"] == figure["count"] >= 1, figure
        # Its table is shown, a row per baseline, measurement and target, with a caption.
        assert len(figure["rows"]) == figure["count"] + 2 and min(figure["rows"]) > 0
        assert figure["caption"]
    mx, us, _share = figures
    assert mx["measured"] > 10 and us["measured"] == 0  # two dots joined; one dot alone
    # The group's countries side by side: one row, Mexico first.
    assert mx["group"] == us["group"] == "chargers"
    assert mx["top"] == us["top"] and mx["left"] < us["left"]


def test_the_bundled_roadmap_charts_render(roadmap: Path, invoke: Invoke, tmp_path: Path) -> None:
    figures = probe(invoke("report", "--format", "html").stdout, tmp_path)
    assert len(figures) >= 5
    for figure in figures:
        assert figure["width"] > 250 and figure["target"] > 100, figure
        assert figure["circles"] == figure["count"], figure
    pairs: dict[str, list[dict[str, Any]]] = {}
    for figure in figures:
        if figure["group"]:
            pairs.setdefault(figure["group"], []).append(figure)
    assert pairs
    for members in pairs.values():
        assert len({m["top"] for m in members}) == 1, members  # side by side
