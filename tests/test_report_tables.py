"""Every table of the HTML report has a caption and row headers; each burn-up chart has its table."""

from __future__ import annotations

import json
import tomllib
from html.parser import HTMLParser

import pytest

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo
from tests.test_report import _history_repo


class Tables(HTMLParser):
    """Each table: its caption, the figure it is in, and each body row's first cell and texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, object]] = []
        self.figure = ""
        self.where: list[str] = []  # open table parts
        self.row: list[tuple[str, dict[str, str], list[str]]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "figure":
            self.figure = values.get("data-area", "")
        elif tag == "table":
            self.tables.append({"figure": self.figure, "caption": "", "rows": []})
        elif tag in ("caption", "thead", "tbody"):
            self.where.append(tag)
        elif tag == "tr" and self.where[-1:] == ["tbody"]:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.row.append((tag, values, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.figure = ""
        elif tag in ("caption", "thead", "tbody"):
            self.where.pop()
        elif tag == "tr" and self.row is not None:
            rows = self.tables[-1]["rows"]
            assert isinstance(rows, list)
            rows.append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.where[-1:] == ["caption"]:
            self.tables[-1]["caption"] = str(self.tables[-1]["caption"]) + data
        elif self.row:
            self.row[-1][2].append(data)


def _tables(page: str) -> list[dict[str, object]]:
    parser = Tables()
    parser.feed(page)
    parser.close()
    return parser.tables


@pytest.mark.parametrize(
    ("lang", "caption"),
    [
        ("en", "{name}: items planned and done at each date"),
        ("es", "{name}: acciones previstas y terminadas en cada fecha"),
    ],
)
def test_every_table_has_a_caption_and_row_headers_and_each_burnup_its_data(
    git_repo: GitRepo, invoke: Invoke, lang: str, caption: str
) -> None:
    _history_repo(git_repo, invoke)
    status = json.loads(invoke("status", "--format", "json", "--lang", lang).stdout)
    page = invoke("report", "--format", "html", "--lang", lang, "--since", "2000-01-01").stdout
    tables = _tables(page)
    assert len(tables) >= 6
    for table in tables:
        assert str(table["caption"]).strip(), table
        rows = table["rows"]
        assert isinstance(rows, list) and rows, table
        for row in rows:
            tag, attrs, _text = row[0]
            assert (tag, attrs.get("scope")) == ("th", "row"), (table["caption"], row)
            assert all(cell[0] == "td" for cell in row[1:]), row
    areas = tomllib.loads((ROOT / "roadmap.toml").read_text(encoding="utf-8"))["areas"]
    names = {k: a["name_es"] if lang == "es" else a["name"] for k, a in areas.items()}
    burnups = {str(t["figure"]): t for t in tables if t["figure"]}
    assert set(burnups) == {a["id"] for a in status["areas"]}
    for area in status["areas"]:
        table = burnups[area["id"]]
        assert table["caption"] == caption.format(name=names[area["id"]])
        rows = table["rows"]
        assert isinstance(rows, list)
        dates = ["".join(row[0][2]) for row in rows]
        assert dates == sorted(set(dates)) and dates[0] == "2023-11-15", dates
        counted = area["total"] - area["by_status"]["dropped"]
        last = ["".join(cell[2]) for cell in rows[-1][1:]]
        assert last == [str(counted), str(area["by_status"]["done"])]
