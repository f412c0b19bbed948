"""Hostile text in the roadmap stays inert in CSV and JSON output (real files, real processes)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

HOSTILE_TITLE = "Plan\u202e; =2+2 \u0085x\u2066y\u200f\u061c"
HOSTILE_TAGS = ["ok", "=1+1", "@SUM(A1)", "+cmd", "-2+3", " =HYPERLINK(1)"]
FORMULA = ("=", "+", "-", "@", "\t", "\r")
RAW = [chr(c) for c in range(0x80, 0xA0)] + [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c",
]  # fmt: skip


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EWG_")}
    env.update({"EWG_TODAY": "2026-11-27", "NO_COLOR": "1", "EWG_NO_CACHE": "1"})
    return env


def ewg(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ewg", *args], cwd=cwd, env=_env(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The bundled roadmap in a git repository, plus an item with hostile title and tags."""
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=tmp_path, check=True)
    tags = [arg for tag in HOSTILE_TAGS for arg in ("--tag", tag)]
    new = ewg(
        tmp_path, "add", HOSTILE_TITLE, "--area", "innovation", "--due", "2026-01-01", *tags
    ).strip()
    subprocess.run([*git, "commit", "-qam", "hostile"], cwd=tmp_path, check=True)
    (tmp_path / "id").write_text(new)
    return tmp_path


@pytest.mark.parametrize(
    "args", [("list", "--all", "--format", "csv"), ("export", "--format", "csv")], ids=str
)
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_no_csv_cell_or_list_element_can_start_a_formula(
    hostile: Path, args: tuple[str, ...], delimiter: str
) -> None:
    text = ewg(hostile, *args)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert any("=1+1" in cell for row in rows for cell in row)
    for row in rows:
        for cell in row:
            for part in [cell, *cell.split(";")]:
                assert not part.lstrip(" ").startswith(FORMULA), (delimiter, cell)


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--all", "--format", "json"),
        ("show", "{id}", "--format", "json"),
        ("export", "--format", "json"),
        ("changelog", "--format", "json"),
        ("history", "{id}", "--format", "json"),
    ],
    ids=lambda a: a[0],
)
def test_json_escapes_c1_and_bidi_controls(hostile: Path, args: tuple[str, ...]) -> None:
    new = (hostile / "id").read_text()
    text = ewg(hostile, *(a.format(id=new) for a in args))
    assert not [c for c in RAW if c in text], [f"U+{ord(c):04X}" for c in RAW if c in text]
    assert HOSTILE_TITLE in json.dumps(json.loads(text), ensure_ascii=False)  # the same data


def test_the_status_json_renderer_escapes_controls(hostile: Path) -> None:
    import datetime as dt

    from ewg.query import summarize
    from ewg.render.status import render_json
    from ewg.store import read

    roadmap = read(hostile / "roadmap.toml").roadmap
    # Overdue and blocked items carry their titles into the summary.
    text = render_json(summarize(roadmap, dt.date(2030, 1, 1), None))
    assert HOSTILE_TITLE in json.dumps(json.loads(text), ensure_ascii=False)
    assert not [c for c in RAW if c in text]


def test_the_json_helper_escapes_exactly_the_unsafe_characters() -> None:
    from ewg.render.escape import json_document

    data = {"t": "".join(RAW) + "ñ–é 中 \u2028"}
    text = json_document(data)
    assert not [c for c in RAW if c in text] and "\u2028" not in text
    assert "ñ–é 中" in text
    assert json.loads(text) == data
