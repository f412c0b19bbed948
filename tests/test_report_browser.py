"""The HTML report in a real headless browser (Debian's chromium): it loads, shows the
numbers of `ewg status --format json`, keeps hostile text inert, and prints."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.hostile import write_hostile_roadmap
from tests.reportdom import expected_numbers, parse

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless chromium with a fresh profile and no network of its own."""
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done


def test_the_page_loads_shows_the_status_numbers_and_is_captured(
    roadmap: Path, invoke: Invoke, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    assert invoke("report", "--format", "html", "-o", str(page)).exit_code == 0
    status = json.loads(invoke("status", "--format", "json").stdout)

    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout.decode("utf-8")
    shown = parse(dom)
    expected = expected_numbers(status)
    assert {k: shown.numbers().get(k) for k in expected} == expected
    assert shown.text("h1") == status["title"]
    assert "script" not in shown.tags

    shot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000

    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    printed = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", printed))
    assert printed.startswith(b"%PDF") and 2 <= pages <= 12, pages  # A4 pages, not one long strip


def test_hostile_text_stays_text_in_the_browser(
    tmp_path: Path, invoke: Invoke, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write_hostile_roadmap(tmp_path / "roadmap.toml")
    page = tmp_path / "hostile.html"
    assert invoke("report", "--format", "html", "-o", str(page)).exit_code == 0
    dom = parse(chromium(tmp_path, "--dump-dom", page.as_uri()).stdout.decode("utf-8"))
    # No element came from the file: no script, image, iframe or form.
    assert not {"script", "img", "iframe", "form", "object", "embed"} & set(dom.tags)
    hrefs = [v for tag, k, v in dom.attrs if k == "href"]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert not [k for _tag, k, _v in dom.attrs if k.startswith("on")]
    title = dom.text("h1")
    assert "<script>alert('x')</script>" in title and "[click](javascript:alert(1))" in title
    assert "\x1b" not in title and "\u202e" not in title
