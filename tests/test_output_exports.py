"""Exports for people's tools: CSV for Excel (BOM), CRLF lines, list elements that stay apart,
a calendar that speaks words and is stamped with the time of the export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from tests.conftest import Invoke


def _unjoin(cell: str) -> list[str]:
    """The elements of a CSV list cell: split at ';' not escaped by '\\'."""
    parts = re.findall(r"(?:\\.|[^;\\])+", cell)
    return [re.sub(r"\\(.)", r"\1", p) for p in parts]


def test_list_csv_ends_lines_with_crlf(roadmap: Path, invoke: Invoke) -> None:
    raw = invoke("list", "--all", "--format", "csv").stdout_bytes
    assert raw.count(b"\r\n") == raw.count(b"\n") == 26  # header and 25 items


def test_list_elements_holding_a_semicolon_stay_apart(roadmap: Path, invoke: Invoke) -> None:
    text = roadmap.read_text(encoding="utf-8")
    roadmap.write_text(
        text.replace('tags = ["freight", "border"]', r'tags = ["a;b", "c\\d", "e"]', 1), "utf-8"
    )
    for args in (("list", "--all", "--format", "csv"), ("export", "--format", "csv")):
        out = invoke(*args).stdout
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        inn4 = next(r for r in rows if r["id"] == "INN-4")
        assert _unjoin(inn4["tags"]) == ["a;b", "c\\d", "e"], args
        inn1 = next(r for r in rows if r["id"] == "INN-1")
        assert _unjoin(inn1["owners"]) == ["uc", "doe", "sre"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_csv_for_excel_starts_with_a_bom(
    roadmap: Path, invoke: Invoke, lang: str, tmp_path: Path
) -> None:
    excel = invoke("--lang", lang, "export", "--format", "csv", "--excel").stdout_bytes
    plain = invoke("--lang", lang, "export", "--format", "csv").stdout_bytes
    assert excel == b"\xef\xbb\xbf" + plain and not plain.startswith(b"\xef\xbb\xbf")
    assert "investigación".encode() in excel
    target = tmp_path / "out.csv"
    assert invoke("export", "--format", "csv", "--excel", "-o", str(target)).exit_code == 0
    assert target.read_bytes() == excel


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "Status: in progress"), ("es", "Estado: en curso")]
)
def test_the_calendar_says_statuses_in_words(
    roadmap: Path, invoke: Invoke, lang: str, word: str
) -> None:
    ics = invoke("--lang", lang, "export", "--format", "ical").stdout.replace("\r\n ", "")
    assert word in ics and "in_progress" not in ics


def test_dtstamp_is_the_time_of_the_export(roadmap: Path, invoke: Invoke) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    ics = invoke("export", "--format", "ical").stdout_bytes.decode("utf-8")
    after = dt.datetime.now(dt.UTC)
    stamps = set(re.findall(r"^DTSTAMP:(\d{8}T\d{6}Z)\r$", ics, re.MULTILINE))
    assert len(stamps) == 1
    stamp = dt.datetime.strptime(stamps.pop(), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    assert before <= stamp <= after  # not the day's midnight of EWG_TODAY


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("en", "--excel is for CSV; use it with --format csv"),
        ("es", "--excel es para CSV; úselo con --format csv"),
    ],
)
def test_list_csv_for_excel_starts_with_a_bom(
    roadmap: Path, invoke: Invoke, lang: str, refusal: str
) -> None:
    args = ("--lang", lang, "list", "--all", "--format", "csv")
    excel = invoke(*args, "--excel")
    plain = invoke(*args).stdout_bytes
    assert excel.exit_code == 0, excel.stderr
    assert excel.stdout_bytes == b"\xef\xbb\xbf" + plain and not plain.startswith(b"\xef\xbb\xbf")
    for fmt in ("table", "json", "markdown"):
        refused = invoke("--lang", lang, "list", "--format", fmt, "--excel")
        assert refused.exit_code == 2 and refusal in refused.stderr, refused.stderr
        assert refused.stdout == ""
    refused = invoke("--lang", lang, "export", "--format", "json", "--excel")
    assert refused.exit_code == 2 and refusal in refused.stderr, refused.stderr
