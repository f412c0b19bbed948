"""The one cache: checked entries that cannot run code, in a private folder of ewg's own."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import pickle
import stat
from pathlib import Path

import pytest

from ewg import cache
from tests.conftest import Invoke

DATA = {
    "day": dt.date(2026, 3, 1),
    "at": dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6))),
    "local": dt.datetime(2026, 3, 1, 9, 30),
    "time": dt.time(7, 15, 2),
    "list": [1, 2.5, "x", True, None, [dt.date(2027, 1, 2)]],
    "nested": {"a": {"b": "c"}},
}


def _store(tmp_path: Path) -> cache.Store:
    return cache.Store(tmp_path / "ewg")


def test_values_with_dates_round_trip(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.put("parse-abc", DATA)
    assert store.get("parse-abc") == DATA
    assert store.put("model-abc", ((1, 2), [("array", ("items",), 3)]))
    assert store.get("model-abc") == ((1, 2), [("array", ("items",), 3)])
    assert store.get("parse-other") is None


def test_the_folder_is_private_and_entries_follow_one_pattern(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put("findings-2026-en-abc", [1])
    assert stat.S_IMODE((tmp_path / "ewg").stat().st_mode) == 0o700
    [entry] = (tmp_path / "ewg").iterdir()
    assert cache.is_entry(entry.name) and entry.name.startswith("findings-")
    assert entry.suffix == ".ewgc"


def test_the_users_folder_is_ewg_inside_the_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EWG_CACHE_DIR", "/base")
    assert cache.directory() == Path("/base/ewg")
    monkeypatch.delenv("EWG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert cache.directory() == Path("/xdg/ewg")
    monkeypatch.setenv("EWG_NO_CACHE", "1")
    assert cache.directory() is None and cache.get(cache.key(b"x")) is None


def test_pruning_never_deletes_a_users_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "ewg").mkdir(parents=True)
    mine = [home / "notes.txt", home / "ewg" / "roadmap.toml", home / "ewg" / "parse-1.bin"]
    mine += [home / "ewg" / f"photo-{i}.jpg" for i in range(50)]
    for path in mine:
        path.write_text("keep me")
    monkeypatch.setenv("EWG_CACHE_DIR", str(home))
    for i in range(100):
        cache.put(cache.key(str(i).encode()), i)
    assert all(path.read_text() == "keep me" for path in mine)
    entries = [p for p in (home / "ewg").iterdir() if cache.is_entry(p.name)]
    assert len(entries) == 32
    assert cache.get(cache.key(b"99")) == 99


def _plant(store: cache.Store, name: str, content: bytes) -> None:
    path = store.path(name)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _framed(payload: bytes) -> bytes:
    import hashlib

    return cache.MAGIC + hashlib.blake2b(payload, digest_size=16).digest() + payload


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


@pytest.mark.parametrize("kind", ["pickle", "checksum", "copied", "shape", "tag", "truncated"])
def test_a_bad_entry_is_a_miss(tmp_path: Path, kind: str) -> None:
    store = _store(tmp_path)
    name = "parse-abc"
    store.put(name, DATA)
    path = store.path(name)
    assert path is not None
    good = path.read_bytes()
    if kind == "pickle":
        _plant(store, name, _framed(pickle.dumps(Boom())))
    elif kind == "checksum":
        _plant(store, name, good[:-1] + bytes([good[-1] ^ 1]))
    elif kind == "copied":
        store.put("parse-other", {"not": "this"})
        other = store.path("parse-other")
        assert other is not None
        _plant(store, name, other.read_bytes())
    elif kind == "shape":
        _plant(store, name, _framed(marshal.dumps([name, False, {"a": 1}])))
    elif kind == "tag":
        _plant(store, name, _framed(marshal.dumps((name, True, (..., "zz", "x")))))
    else:
        _plant(store, name, good[: len(good) // 2])
    assert store.get(name) is None
    assert not (tmp_path / "pwned").exists()


def test_a_planted_entry_never_changes_an_answer(
    roadmap: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every entry replaced by a pickle, another entry's content or junk: status is right."""
    expected = invoke("status")
    assert expected.exit_code == 0
    folder = cache.directory()
    assert folder is not None
    entries = sorted(p for p in folder.iterdir() if cache.is_entry(p.name))
    assert entries
    payloads = [
        _framed(pickle.dumps(Boom())),
        entries[0].read_bytes(),
        b"junk",
        _framed(marshal.dumps(("x", False, 1))),
    ]
    for entry in entries:
        for payload in payloads:
            if payload == entry.read_bytes():
                continue
            entry.write_bytes(payload)
            result = invoke("status")
            assert (result.exit_code, result.stdout) == (0, expected.stdout)
    assert not Path("pwned").exists()
