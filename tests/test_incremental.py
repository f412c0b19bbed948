"""Incremental reads: after a change made outside ewg, only the changed blocks are parsed,
and the result is what a full parse gives (or the same error, where it stands)."""

from __future__ import annotations

import os
import re
import tempfile
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.gen_roadmap import generate_roadmap
from ewg import document, incremental, store
from ewg.model import Roadmap
from ewg.source import TomlSyntaxError, parse
from ewg.tomlscan import scan
from tests.conftest import Invoke

BASE = generate_roadmap(40, 2)
_HEADER_LINE = re.compile(r"^[ \t]*\[", re.M)


def _blocks(text: str) -> list[str]:
    starts = [0, *(m.start() for m in _HEADER_LINE.finditer(text)), len(text)]
    return [text[a:b] for a, b in pairwise(starts)]


def _full(
    text: str, name: str = "roadmap.toml"
) -> tuple[Roadmap, dict[str, object], list[object]] | TomlSyntaxError:
    """What a full parse gives, without the cache."""
    try:
        data = parse(text, name)
    except TomlSyntaxError as error:
        return error
    head = {k: v for k, v in data.items() if k != "items"}
    tables = [(h.kind, h.keys, h.start) for h in scan(text).headers]
    return Roadmap.from_doc(data), head, tables


def _read(path: Path) -> tuple[Roadmap, dict[str, object], list[object]] | TomlSyntaxError:
    try:
        doc = store.read(path)
        return doc.roadmap, doc.head, doc.tables
    except TomlSyntaxError as error:
        return error


def _same(got: object, want: object) -> None:
    if isinstance(want, TomlSyntaxError):
        assert isinstance(got, TomlSyntaxError), got
        assert (got.line, got.col, got.code, str(got)) == (
            want.line,
            want.col,
            want.code,
            str(want),
        )
    else:
        assert got == want


# --- edits of the text, block by block ---------------------------------------------------

_ITEM = "[[items]]"
EDITS = st.sampled_from(
    [
        "status",
        "title",
        "insert",
        "delete",
        "swap",
        "comment",
        "duplicate",
        "multiline",
        "break",
        "deep",
        "head",
        "subtable",
        "blank",
        "indent",
        "drop-table",
        "repeat-table",
        "move-table",
        "preamble",
        "neighbours",
        "insert-two",
    ]
)


def _edit(blocks: list[str], edit: str, at: int) -> list[str]:
    items = [i for i, b in enumerate(blocks) if b.startswith(_ITEM)]
    if not items:
        return blocks
    i = items[at % len(items)]
    j = items[(at * 7 + 3) % len(items)]
    block = blocks[i]
    blocks = list(blocks)
    if edit == "status":
        blocks[i] = re.sub(r'status = "\w+"', 'status = "done"', block, count=1)
    elif edit == "title":
        blocks[i] = re.sub(r'title = "', 'title = "Revised: ', block, count=1)
    elif edit == "insert":
        blocks.insert(i, re.sub(r'id = "(\w+)-(\d+)"', r'id = "\1-9\2"', block, count=1))
    elif edit == "delete":
        del blocks[i]
    elif edit == "swap":
        blocks[i], blocks[j] = blocks[j], blocks[i]
    elif edit == "comment":
        blocks[i] = block.replace("\n", "\n# reviewed\n", 1)
    elif edit == "duplicate":
        blocks.insert(j, block)
    elif edit == "multiline":  # a string that holds a line like a header
        blocks[i] = block.replace("\n", '\nnotes = """\n[[items]]\nid = "X"\n"""\n', 1)
    elif edit == "break":
        blocks[i] = block.replace("\n", "\nstatus = planned\n", 1)
    elif edit == "deep":
        blocks[i] = block.replace("\n", "\nlinks = " + "[" * 40 + "]" * 40 + "\n", 1)
    elif edit == "head":
        blocks[1] = blocks[1].replace('title = "', 'title = "New ', 1)
    elif edit == "subtable":
        blocks.insert(i + 1, "[items.extra]\nnote = 1\n\n")
    elif edit == "blank":
        blocks[i] = block + "\n"
    elif edit == "indent":
        blocks[i] = "  " + block
    elif edit in ("drop-table", "repeat-table", "move-table"):  # a table other than items
        others = [n for n, b in enumerate(blocks) if n and not b.startswith(_ITEM)]
        n = others[at % len(others)]
        table = blocks.pop(n) if edit != "repeat-table" else blocks[n]
        if edit != "drop-table":
            blocks.insert(j, table)
    elif edit == "neighbours":  # one run of blocks: two changed, then one deleted
        run = [n for n in items if n >= i][:3]
        for n in run[:2]:
            blocks[n] = blocks[n].replace('title = "', 'title = "Next: ', 1)
        if len(run) == 3:
            del blocks[run[2]]
    elif edit == "insert-two":
        new = [re.sub(r'id = "(\w+)-(\d+)"', rf'id = "\1-{n}\2"', block, count=1) for n in (7, 8)]
        blocks[i:i] = new
    elif edit == "preamble":
        blocks[0] += "extra = 1\n"
    return blocks


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.lists(st.tuples(EDITS, st.integers(0, 200)), max_size=4), min_size=1, max_size=3),
    st.booleans(),
)
def test_random_edits_read_as_a_full_parse(rounds: list[list[tuple[str, int]]], crlf: bool) -> None:
    base = BASE.replace("\n", "\r\n") if crlf else BASE
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv("EWG_CACHE_DIR", os.path.join(folder, "cache"))
        path = Path(folder) / "roadmap.toml"
        path.write_bytes(base.encode())
        _same(_read(path), _full(base))
        text = base
        for edits in rounds:  # one version after another, each read incrementally if it can
            blocks = _blocks(text)
            for edit, at in edits:
                blocks = _edit(blocks, edit, at)
            text = "".join(blocks)
            path.write_bytes(text.encode())
            want = _full(text, str(path))
            _same(_read(path), want)
            _same(_read(path), want)  # again, now from the cache entry this read left


# --- that it is incremental, not only right ---------------------------------------------


def _counting_full_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = document.parse_located

    def counted(text: str, name: str = "roadmap.toml") -> object:
        calls.append(len(text))
        return real(text, name)

    monkeypatch.setattr(document, "parse_located", counted)
    return calls


def _read_cold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[int]]:
    """BASE as a file, read once with an empty cache (one full parse); the full parses."""
    path = tmp_path / "roadmap.toml"
    path.write_text(BASE, encoding="utf-8")
    full = _counting_full_parses(monkeypatch)
    assert store.read(path).roadmap.items
    assert len(full) == 1
    return path, full


def test_an_outside_edit_parses_only_the_changed_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, full = _read_cold(tmp_path, monkeypatch)
    blocks = _blocks(BASE)
    for edit, at in (("status", 3), ("insert", 10), ("delete", 20), ("swap", 5)):
        blocks = _edit(blocks, edit, at)
    text = "".join(blocks)
    path.write_text(text, encoding="utf-8")
    parsed: list[str] = []
    real_parse = incremental._item

    def item(block: str, name: str) -> object:
        parsed.append(block)
        return real_parse(block, name)

    monkeypatch.setattr(incremental, "_item", item)
    doc = store.read(path)
    _same((doc.roadmap, doc.head, doc.tables), _full(text))
    assert len(full) == 1  # no second full parse
    assert 1 <= len(parsed) <= 4  # the changed and the inserted blocks, nothing else


def test_a_change_to_a_table_other_than_items_is_read_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, full = _read_cold(tmp_path, monkeypatch)
    text = "".join(_edit(_blocks(BASE), "head", 0))
    path.write_text(text, encoding="utf-8")
    doc = store.read(path)
    _same((doc.roadmap, doc.head, doc.tables), _full(text))
    assert len(full) == 2
    assert doc.roadmap.title.startswith("New ")


def test_a_deep_block_is_refused_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(BASE, encoding="utf-8")
    store.read(path).roadmap  # noqa: B018
    text = "".join(_edit(_blocks(BASE), "deep", 7))
    path.write_text(text, encoding="utf-8")
    got = _read(path)
    assert isinstance(got, TomlSyntaxError) and got.code == "E017"
    _same(got, _full(text, str(path)))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_status_after_a_pull_like_edit_says_what_a_cold_read_says(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(BASE, encoding="utf-8")
    assert invoke("--file", str(path), "--lang", lang, "status").exit_code == 0
    blocks = _blocks(BASE)
    for at in range(0, 40, 9):
        blocks = _edit(blocks, "status", at)
    blocks = _edit(blocks, "insert", 4)
    path.write_text("".join(blocks), encoding="utf-8")
    calls = _counting_full_parses(monkeypatch)
    warm = invoke("--file", str(path), "--lang", lang, "status")
    assert calls == []  # read from the blocks that changed
    monkeypatch.setenv("EWG_NO_CACHE", "1")
    cold = invoke("--file", str(path), "--lang", lang, "status")
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert ("41 acciones:" if lang == "es" else "41 items:") in warm.stdout  # one inserted


def test_a_file_mostly_rewritten_is_parsed_once_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "roadmap.toml"
    base = generate_roadmap(600, 3)
    path.write_text(base, encoding="utf-8")
    full = _counting_full_parses(monkeypatch)
    store.read(path).roadmap  # noqa: B018
    text = base.replace('\nid = "', '\nid = "Z')  # every item's block differs
    path.write_text(text, encoding="utf-8")
    parsed: list[str] = []
    real_parse = incremental._item
    monkeypatch.setattr(incremental, "_item", lambda b, n: parsed.append(b) or real_parse(b, n))
    doc = store.read(path)
    _same((doc.roadmap, doc.head, doc.tables), _full(text))
    assert (len(full), parsed) == (2, [])  # no block by block: one parse of it all
