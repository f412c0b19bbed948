"""Spanish prose: dates read as Spanish in sentences (tables keep ISO); JSON never translates."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo


def test_status_says_the_date_in_spanish_words(roadmap: Path, invoke: Invoke) -> None:
    spanish = invoke("--lang", "es", "status").stdout
    assert "al 27 de noviembre de 2026" in spanish and "al 2026-11-27" not in spanish
    markdown = invoke("--lang", "es", "status", "--format", "markdown").stdout
    assert "al 27 de noviembre de 2026" in markdown
    assert "| 2026-12-18 |" in markdown  # a table keeps ISO dates
    assert "as of 2026-11-27" in invoke("status").stdout


def test_the_report_says_the_date_in_spanish_words(roadmap: Path, invoke: Invoke) -> None:
    for fmt in ("markdown", "html"):
        out = invoke("--lang", "es", "report", "--format", fmt).stdout
        assert "Informe para funcionarios, al 27 de noviembre de 2026." in out


def test_trend_json_does_not_translate(git_repo: GitRepo, invoke: Invoke) -> None:
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    git_repo.commit_file("roadmap.toml", text, "Roadmap")
    spanish = invoke("--lang", "es", "trend", "--format", "json")
    english = invoke("trend", "--format", "json")
    assert spanish.exit_code == 0, spanish.stderr
    assert spanish.stdout == english.stdout
    names = {a["id"]: a["name"] for a in json.loads(spanish.stdout)["areas"]}
    assert names["innovation"] == "Innovation"
    assert "Innovación" in invoke("--lang", "es", "trend").stdout  # the chart is for people
