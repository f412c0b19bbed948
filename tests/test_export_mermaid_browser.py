"""The Mermaid Gantt chart drawn by the real Mermaid in headless chromium.

Needs Mermaid's browser bundle: set EWG_MERMAID_JS to a mermaid.min.js (for
instance after `npm install mermaid` in a scratch folder); skipped otherwise.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.hostile import write_hostile_roadmap
from tests.test_report_browser import CHROMIUM, chromium

MERMAID = os.environ.get("EWG_MERMAID_JS", "")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
    pytest.mark.skipif(
        not Path(MERMAID).is_file(), reason="EWG_MERMAID_JS does not name Mermaid's mermaid.min.js"
    ),
]


def draw(source: str, tmp_path: Path) -> str:
    """The DOM after Mermaid drew `source`; fails on a Mermaid syntax error."""
    page = tmp_path / "gantt.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<script src="{Path(MERMAID).as_uri()}"></script></head><body>'
        f'<pre class="mermaid">{html.escape(source)}</pre><script>'
        "mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});"
        "mermaid.run({querySelector: '.mermaid'})"
        ".then(() => document.body.setAttribute('data-drawn', 'ok'))"
        ".catch(e => document.body.setAttribute('data-drawn', 'error: ' + e));"
        "</script></body></html>",
        encoding="utf-8",
    )
    dom = chromium(
        tmp_path,
        "--allow-file-access-from-files",
        "--virtual-time-budget=10000",
        "--dump-dom",
        page.as_uri(),
    ).stdout.decode("utf-8")
    assert 'data-drawn="ok"' in dom, re.findall(r'data-drawn="[^"]*"', dom)
    return dom[dom.index("<svg") : dom.rindex("</svg>")]


def task_texts(svg: str) -> list[str]:
    """The names Mermaid wrote on the bars."""
    found = re.findall(r'<text[^>]*class="[^"]*taskText[^"]*"[^>]*>(.*?)</text>', svg, re.S)
    return [html.unescape(t).strip() for t in found]


def test_the_bundled_roadmap_draws(roadmap: Path, invoke: Invoke, tmp_path: Path) -> None:
    svg = draw(invoke("export", "--format", "mermaid").stdout, tmp_path)
    names = task_texts(svg)
    assert any(n.startswith("INN-2 Launch a binational call") for n in names)


def test_hostile_names_are_drawn_as_text(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write_hostile_roadmap(tmp_path / "roadmap.toml")
    svg = draw(invoke("export", "--format", "mermaid").stdout, tmp_path)
    assert not {"script", "img", "a", "foreignObject"} & set(re.findall(r"<(\w+)", svg))
    names = task_texts(svg)
    assert len(names) == 8  # 7 items and the milestone: no statement came from a title
    inn1 = next(n for n in names if n.startswith("INN-1 "))
    assert "<script>alert('x')</script>" in inn1 and "a;b,c\\d: #hash %%comment" in inn1
