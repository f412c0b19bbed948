"""The model and the queries on it: pure functions, no files."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from ewg.model import Item, Roadmap
from ewg.query import Filters, select, sort_items, summarize
from tests.helpers import ROOT

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def roadmap() -> Roadmap:
    return Roadmap.from_doc(tomllib.loads((ROOT / "roadmap.toml").read_text(encoding="utf-8")))


def test_from_doc_tolerates_wrong_types() -> None:
    item = Item.from_table(
        {"id": 5, "title": ["x"], "owners": ["a", 3], "due": "2026-01-01", "progress": True}
    )
    assert (item.id, item.title, item.owners, item.due, item.progress) == (
        "",
        "",
        ("a",),
        None,
        None,
    )
    assert Roadmap.from_doc({"areas": [], "items": {"x": 1}, "roadmap": "x"}).items == []


def test_item_properties() -> None:
    item = Item("INN-12", "t", "innovation", "in_progress", progress=140, due=dt.date(2026, 1, 1))
    assert item.number == 12 and item.is_open and item.is_overdue(TODAY)
    assert item.effective_progress == 100  # clamped
    assert Item("X", "t", "a", "done").effective_progress == 100
    assert Item("bad id", "t", "a", "planned").number is None
    assert Item("A-1", "English", "a", "planned", title_es="Español").label("es") == "Español"
    assert Item("A-1", "English", "a", "planned").label("es") == "English"


def test_select_open_by_default_and_filters(roadmap: Roadmap) -> None:
    open_items = select(roadmap, Filters(), TODAY)
    assert open_items and all(i.is_open for i in open_items)
    assert len(select(roadmap, Filters(all=True), TODAY)) == len(roadmap.items)
    overdue = select(roadmap, Filters(overdue=True), TODAY)
    assert {i.id for i in overdue} == {"INN-4", "HUM-4", "PRV-4"}
    binational = select(roadmap, Filters(country="US", all=True), TODAY)
    assert all(
        any(roadmap.owners[o].country in ("US", "binational") for o in i.owners) for i in binational
    )


def test_sort_puts_missing_values_last(roadmap: Roadmap) -> None:
    items = sort_items(list(roadmap.items), "due", roadmap)
    dues = [i.due for i in items]
    present = [d for d in dues if d is not None]
    assert present == sorted(present) and dues[: len(present)] == present
    ids = [i.id for i in sort_items(list(roadmap.items), "id", roadmap)]
    assert ids.index("INN-2") < ids.index("INN-3")


def test_summary_of_the_bundled_roadmap(roadmap: Roadmap) -> None:
    summary = summarize(roadmap, TODAY)
    assert summary.overall.total == len(roadmap.items)
    assert [i.id for i in summary.overdue] == ["PRV-4", "INN-4", "HUM-4"]  # most overdue first
    assert {i.id for i in summary.blocked} == {"INN-4", "PRV-3"}
    infra = next(c for c in summary.coverage if c.area.id == "infrastructure")
    assert infra.gaps == ["academia"]
    assert sum(p.total for _a, p in summary.areas) == summary.overall.total


@pytest.mark.parametrize(
    "text",
    [
        "México–Estados Unidos",
        "Secretaría «SRE»",
        "日本語のタイトル",
        "电动汽车路线图",
        "🚗 charging ⚡",
        "e\u0301\u0301",
        "한국어",
        "Ελληνικά",
        "العربية",
        "ok\u200bzero",
    ],
)
def test_cell_widths_agree_with_rich(text: str) -> None:
    from rich.cells import cell_len

    from ewg.render.text import cell_width

    assert cell_width(text) == cell_len(text)
