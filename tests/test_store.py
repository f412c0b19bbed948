"""The store: finding the file, reading it, and writes that change only the lines concerned."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from pathlib import Path

import pytest

from ewg import store
from ewg.errors import InvalidRoadmapError, RoadmapFileError
from ewg.model import Roadmap
from ewg.rows import MAX_DELTAS
from ewg.store import Document, add_item, add_table, remove_item, remove_table, set_item_fields
from tests.helpers import ROOT

COMMENTED = (ROOT / "tests" / "data" / "commented.toml").read_text(encoding="utf-8")


def doc_of(text: str) -> Document:
    """A document as read from disk."""
    doc = Document(text)
    doc.touched = set()
    return doc


def consistent(doc: Document) -> Document:
    """The incremental model, head and table offsets equal a full parse and scan of the text."""
    full = tomllib.loads(doc.text)
    assert doc.roadmap == Roadmap.from_doc(full)
    assert doc.head == {k: v for k, v in full.items() if k != "items"}
    assert doc.tables == [(h.kind, h.keys, h.start) for h in store.scan(doc.text).headers]
    assert doc.data == full
    return doc


# --- finding the file ------------------------------------------------------------------


def test_find_prefers_the_explicit_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EWG_FILE", str(tmp_path / "env.toml"))
    assert store.find(tmp_path / "x.toml") == tmp_path / "x.toml"


def test_find_uses_ewg_file_then_the_nearest_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roadmap.toml").write_text("")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert store.find(start=deep) == (tmp_path / "roadmap.toml").resolve()
    monkeypatch.setenv("EWG_FILE", "elsewhere.toml")
    assert store.find(start=deep) == Path("elsewhere.toml")


def test_find_without_a_roadmap_says_how_to_start(tmp_path: Path) -> None:
    with pytest.raises(RoadmapFileError) as caught:
        store.find(start=tmp_path)
    assert "no roadmap.toml" in caught.value.message
    assert caught.value.hint and "ewg init" in caught.value.hint


def test_read_reports_syntax_errors_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text('[roadmap]\ntitle = "x"\nbroken = \n')
    with pytest.raises(store.TomlSyntaxError) as caught:
        store.read(path).data  # noqa: B018  # parsing happens when the data is first needed
    assert (caught.value.line, caught.value.col) == (3, 10)


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"\x00\x01binary", "binary"), (b'title = "caf\xe9"\n', "not UTF-8")],
)
def test_read_refuses_binary_and_non_utf8(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_bytes(content)
    with pytest.raises(store.TomlSyntaxError, match=words):
        store.read(path)


def test_read_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(RoadmapFileError, match="does not exist"):
        store.read(tmp_path / "nope.toml")
    with pytest.raises(RoadmapFileError, match="folder"):
        store.read(tmp_path)


def test_the_cache_serves_the_same_parse(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    first = store.read(path)
    assert first.data == tomllib.loads(COMMENTED)
    second = store.read(path)  # from the cache
    assert second.roadmap == first.roadmap  # the model, from its own cache entry
    assert second.data == first.data
    assert second.tables == first.tables
    third = store.read(path)
    assert third.roadmap == first.roadmap


def test_a_corrupt_cache_entry_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    first = store.read(path)
    first.data  # noqa: B018
    first.roadmap  # noqa: B018
    folder = Path(os.environ["EWG_CACHE_DIR"]) / "ewg"
    entries = list(folder.iterdir())
    assert entries
    for entry in entries:
        entry.write_bytes(b"garbage")
    assert store.read(path).data == tomllib.loads(COMMENTED)


# --- edits, byte for byte --------------------------------------------------------------


def test_set_changes_only_the_value() -> None:
    doc = consistent(
        set_item_fields(doc_of(COMMENTED), "INN-1", {"status": "blocked", "progress": 55})
    )
    expected = COMMENTED.replace(
        'status = "in_progress"\nprogress = 40', 'status = "blocked"\nprogress = 55'
    )
    assert doc.text == expected


def test_set_keeps_comments_after_the_value_and_odd_indentation() -> None:
    doc = consistent(
        set_item_fields(
            doc_of(COMMENTED), "GOV-1", {"status": "done", "completed": dt.date(2026, 5, 1)}
        )
    )
    expected = COMMENTED.replace(
        '\tstatus = "planned"\n\tmilestone = "draft"\n\tdepends_on = ["INN-1"]\n',
        '\tstatus = "planned"\n\tmilestone = "draft"\n\tdepends_on = ["INN-1"]\n\tcompleted = 2026-05-01\n',
    ).replace('\tstatus = "planned"', '\tstatus = "done"')
    assert doc.text == expected


def test_set_a_multiline_value_with_comments_inside() -> None:
    doc = consistent(set_item_fields(doc_of(COMMENTED), "INN-1", {"owners": ["doe"]}))
    old = 'owners = [\n  "sre",  # Mexico\n  "doe",  # United States\n]'
    assert doc.text == COMMENTED.replace(old, 'owners = ["doe"]')


def test_new_keys_go_in_the_usual_order() -> None:
    doc = consistent(
        set_item_fields(
            doc_of(COMMENTED),
            "INN-2",
            {"tags": ["x"], "start": dt.date(2026, 1, 1), "owners": ["sre"]},
        )
    )
    old = 'area = "innovation"\nstatus = "planned"\ndue = 2027-01-31\n'
    new = 'area = "innovation"\nowners = ["sre"]\nstatus = "planned"\nstart = 2026-01-01\ndue = 2027-01-31\ntags = ["x"]\n'
    assert doc.text == COMMENTED.replace(old, new)


def test_removing_a_key_removes_its_lines() -> None:
    doc = consistent(set_item_fields(doc_of(COMMENTED), "INN-1", {"notes": None, "progress": None}))
    assert doc.text == COMMENTED.replace(
        'progress = 40\nnotes = """\nA multi-line note.\n[[items]]\nid = "FAKE-1"\n"""\n', ""
    )


def test_add_goes_after_the_last_item_of_its_area() -> None:
    table = {"id": "INN-3", "title": "New", "area": "innovation", "status": "planned"}
    doc = consistent(add_item(doc_of(COMMENTED), table))
    block = '\n[[items]]\nid = "INN-3"\ntitle = "New"\narea = "innovation"\nstatus = "planned"\n'
    anchor = "due = 2027-01-31\n"
    assert doc.text == COMMENTED.replace(anchor, anchor + block)
    assert [i["id"] for i in doc.data["items"]] == ["INN-1", "INN-2", "INN-3", "GOV-1"]


def test_add_in_an_area_without_items_goes_after_the_last_item() -> None:
    text = COMMENTED.replace(
        "[areas.governance]", '[areas.empty]\nname = "E"\nprefix = "EMP"\n\n[areas.governance]'
    )
    doc = consistent(
        add_item(doc_of(text), {"id": "EMP-1", "title": "x", "area": "empty", "status": "planned"})
    )
    assert doc.text.endswith(
        'depends_on = ["INN-1"]\n\n[[items]]\nid = "EMP-1"\ntitle = "x"\narea = "empty"\nstatus = "planned"\n\n# trailing comment at the end\n'
    )


def test_rm_removes_the_block_and_the_comment_above_it() -> None:
    doc = consistent(remove_item(doc_of(COMMENTED), "INN-1"))
    start = COMMENTED.index("# Battery research")
    end = COMMENTED.index('[[items]]\nid = "INN-2"')
    assert doc.text == COMMENTED[:start] + COMMENTED[end:]


def test_rm_the_last_item() -> None:
    doc = consistent(remove_item(doc_of(COMMENTED), "GOV-1"))
    assert "GOV-1" not in doc.text
    assert doc.text.endswith("# --- Governance ---\n\n# trailing comment at the end\n")


def test_crlf_files_stay_crlf() -> None:
    text = COMMENTED.replace("\n", "\r\n")
    doc = set_item_fields(
        doc_of(text), "INN-2", {"status": "done", "completed": dt.date(2026, 1, 2)}
    )
    doc = consistent(
        add_item(doc, {"id": "INN-3", "title": "n", "area": "innovation", "status": "planned"})
    )
    assert "\n" not in doc.text.replace("\r\n", "")
    assert 'status = "done"\r\ndue = 2027-01-31\r\ncompleted = 2026-01-02\r\n' in doc.text


def test_a_file_without_final_newline_is_not_corrupted() -> None:
    text = COMMENTED.rstrip("\n").removesuffix("# trailing comment at the end").rstrip("\n")
    assert not text.endswith("\n")
    doc = consistent(
        add_item(
            doc_of(text), {"id": "GOV-2", "title": "n", "area": "governance", "status": "planned"}
        )
    )
    assert doc.text.startswith(text + '\n\n[[items]]\nid = "GOV-2"')
    doc = consistent(set_item_fields(doc_of(text), "GOV-1", {"due": dt.date(2027, 1, 1)}))
    assert doc.text == text.replace(
        '\tmilestone = "draft"\n', '\tmilestone = "draft"\n\tdue = 2027-01-01\n'
    )
    assert not doc.text.endswith("\n")


def test_values_that_could_inject_are_stored_faithfully() -> None:
    nasty = 'Evil [link=https://x]click[/link] \x1b]8;;https://x\x07osc\x1b[31m "q" \\ \u202eRTL\n日本語 🚗'
    doc = consistent(set_item_fields(doc_of(COMMENTED), "INN-2", {"title": nasty}))
    assert doc.data["items"][1]["title"] == nasty
    line = next(line for line in doc.text.splitlines() if line.startswith('title = "Evil'))
    assert "\x1b" not in line and "\u202e" not in line  # escaped in the file, not raw


def test_tables_add_and_remove() -> None:
    doc = consistent(
        add_table(
            doc_of(COMMENTED), "owners", "uc", {"name": "UC", "sector": "academia", "country": "US"}
        )
    )
    assert (
        '[owners.doe]\nname = "DOE"\nsector = "government"\ncountry = "US"\n\n[owners.uc]\nname = "UC"\n'
        in doc.text
    )
    doc = consistent(remove_table(doc, "owners", "uc"))
    assert doc.text == COMMENTED
    inline = consistent(remove_table(doc_of(COMMENTED), "owners", "sre"))
    assert "sre = {" not in inline.text and "[owners.doe]" in inline.text


# --- atomic replacement and the lock ---------------------------------------------------


def test_write_atomic_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text("old")
    path.chmod(0o640)
    store.write_atomic(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.toml"]


def test_update_refuses_a_change_that_breaks_the_roadmap(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    original = (ROOT / "roadmap.toml").read_bytes()
    path.write_bytes(original)
    with pytest.raises(InvalidRoadmapError) as caught:
        store.update(path, lambda doc: set_item_fields(doc, "INN-1", {"status": "finished"}))
    assert "status" in str(caught.value)
    assert path.read_bytes() == original


def test_cached_versions_follow_from_deltas_and_stay_exact() -> None:
    doc = doc_of(COMMENTED)
    doc.roadmap  # noqa: B018  # cached in full
    depths = []
    for n in range(20):
        edited = set_item_fields(doc, "INN-2", {"progress": n, "notes": f"step {n}"})
        if n % 3 == 0:
            edited = add_item(
                edited,
                {"id": f"GOV-{n + 10}", "title": "t", "area": "governance", "status": "planned"},
            )
        edited.remember()
        fresh = doc_of(edited.text)  # a later run: the model comes from the cache
        assert fresh.roadmap == Roadmap.from_doc(tomllib.loads(edited.text))
        assert fresh._data is None  # no parse was needed
        assert fresh.tables == [(h.kind, h.keys, h.start) for h in store.scan(edited.text).headers]
        depths.append(fresh._depth)
        doc = fresh
    assert max(depths) == MAX_DELTAS - 1 and 0 in depths[1:]  # chains are cut short


def test_a_delta_whose_base_is_gone_is_a_miss(tmp_path: Path) -> None:
    doc = doc_of(COMMENTED)
    doc.roadmap  # noqa: B018
    edited = set_item_fields(doc, "INN-2", {"progress": 5})
    edited.remember()
    from ewg import cache

    entry = cache.user().path("model-" + doc.key)
    assert entry is not None
    entry.unlink()
    fresh = doc_of(edited.text)
    assert fresh.roadmap == Roadmap.from_doc(tomllib.loads(edited.text))  # from a full parse


@pytest.mark.parametrize("entry", [5, ("delta",), ("delta", "x", [], 1), ([], (True, 1), [])])
def test_a_model_entry_of_a_foreign_shape_is_a_miss(tmp_path: Path, entry: object) -> None:
    from ewg import cache

    doc = doc_of(COMMENTED)
    cache.user().put("model-" + doc.key, entry)
    assert doc_of(COMMENTED).roadmap == Roadmap.from_doc(tomllib.loads(COMMENTED))
