"""Writes that cannot be done say why, exit 1 and leave the file as it was: a full disk
(a real tiny tmpfs), a read-only folder and an immutable file (chattr), a folder whose
name is not UTF-8, and `init` into folders that do not exist yet. The cache stays
silent on a full or read-only disk."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import GitRepo
from tests.test_reliability_files import copy_roadmap, ewg, no_traceback

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (root and a kernel that lets us mount, else skipped)."""
    if not ROOT_USER:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system of `folder` to the last byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 1024)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """`chattr +i path` for the duration (skipped where not permitted)."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr here")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.skip(f"chattr +i not permitted here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_full_disk_fails_every_write_clearly(tiny_disk: Path, lang: str) -> None:
    path = copy_roadmap(tiny_disk)
    fill(tiny_disk)
    before = path.read_bytes()
    writes = (
        ("set", "INN-1", "--progress", "44"),
        ("start", "GOV-4"),  # the quick path
        ("add", "Full disk item", "--area", "innovation", "--owner", "sre"),
        ("meeting", "add", "--date", "2026-11-30", "--title", "Full"),
        ("owner", "add", "disk", "--name", "Disk", "--sector", "academia", "--country", "MX"),
        ("export", "--format", "json", "-o", "out.json"),
        ("--file", "new.toml", "init"),
    )
    for args in writes:
        done = ewg("--lang", lang, *args, cwd=tiny_disk)
        err = no_traceback(done)
        assert done.returncode == 1, (args, err)
        assert ("the disk is full" if lang == "en" else "el disco está lleno") in err, args
    assert path.read_bytes() == before
    assert not (tiny_disk / "out.json").exists()
    assert not (tiny_disk / "new.toml").exists()
    assert leftovers(tiny_disk) == []


def test_the_cache_is_silent_on_a_full_disk(tiny_disk: Path, tmp_path: Path) -> None:
    copy_roadmap(tmp_path / "work")
    fill(tiny_disk)
    done = ewg(
        "list", "--all", cwd=tmp_path / "work", env={"EWG_CACHE_DIR": str(tiny_disk / "cache")}
    )
    assert done.returncode == 0
    assert done.stderr == b""
    assert b"INN-1" in done.stdout


def test_the_cache_is_silent_in_a_read_only_folder(tmp_path: Path) -> None:
    copy_roadmap(tmp_path / "work")
    cache = tmp_path / "cache"
    (cache / "ewg").mkdir(parents=True)
    with immutable(cache / "ewg"):
        done = ewg("list", "--all", cwd=tmp_path / "work", env={"EWG_CACHE_DIR": str(cache)})
    assert done.returncode == 0
    assert done.stderr == b""
    assert b"INN-1" in done.stdout


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_read_only_folder_in_a_repository(git_repo: GitRepo, lang: str) -> None:
    folder = git_repo.path / "plans"
    path = copy_roadmap(folder)
    before = path.read_bytes()
    if ROOT_USER:  # root writes into any folder but an immutable one
        guard = immutable(folder)
    else:
        folder.chmod(0o555)
        guard = contextlib.nullcontext()
    try:
        with guard:
            done = ewg("--lang", lang, "set", "INN-1", "--progress", "45", cwd=folder)
    finally:
        folder.chmod(0o755)
    err = no_traceback(done)
    assert done.returncode == 1
    assert ("cannot write" if lang == "en" else "no se puede escribir") in err
    assert ("the folder must be writable" if lang == "en" else "la carpeta") in err
    assert path.read_bytes() == before
    assert leftovers(folder) == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_immutable_roadmap(tmp_path: Path, lang: str) -> None:
    path = copy_roadmap(tmp_path)
    before = path.read_bytes()
    with immutable(path):
        done = ewg("--lang", lang, "set", "INN-1", "--progress", "17", cwd=tmp_path)
    err = no_traceback(done)
    assert done.returncode == 1
    assert "lsattr" in err
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_every_write_works_in_a_folder_whose_name_is_not_utf8(git_repo: GitRepo) -> None:
    folder = Path(os.fsdecode(bytes(git_repo.path) + b"/pla\xffn"))
    path = copy_roadmap(folder)
    writes = (
        ("set", "INN-1", "--progress", "46"),
        ("add", "Bytes folder", "--area", "innovation", "--owner", "sre"),
        ("export", "--format", "json", "-o", "out.json"),
        ("--file", "sub/new.toml", "init"),
        ("git", "setup"),
        ("git", "setup"),  # reads back the .gitattributes it wrote
    )
    for args in writes:
        done = ewg(*args, cwd=folder)
        no_traceback(done)
        assert done.returncode == 0, (args, done.stderr)
    text = path.read_text(encoding="utf-8")
    assert "progress = 46" in text and "Bytes folder" in text
    assert (folder / "out.json").read_bytes().startswith(b"{")
    assert "\n[roadmap]\n" in (folder / "sub" / "new.toml").read_text(encoding="utf-8")
    assert (git_repo.path / ".gitattributes").read_bytes() == b"pla\xffn/roadmap.toml merge=ewg\n"
    attr = subprocess.run(
        ["git", "check-attr", "merge", "--", "roadmap.toml"],
        cwd=folder, capture_output=True, check=True,
    )  # fmt: skip
    assert attr.stdout == b"roadmap.toml: merge: ewg\n"


def test_init_makes_the_folders_that_status_tells_users_to_give(tmp_path: Path) -> None:
    wanted = tmp_path / "new" / "sub" / "roadmap.toml"
    done = ewg("--file", str(wanted), "status", cwd=tmp_path)
    assert done.returncode == 1
    assert b"ewg init" in done.stderr  # the hint
    done = ewg("--file", str(wanted), "init", cwd=tmp_path)
    no_traceback(done)
    assert done.returncode == 0
    assert "\n[roadmap]\n" in wanted.read_text(encoding="utf-8")
    assert ewg("--file", str(wanted), "status", cwd=tmp_path).returncode == 0


def test_init_under_a_file_says_why(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("not a folder")
    done = ewg("--file", "plain/roadmap.toml", "init", cwd=tmp_path)
    err = no_traceback(done)
    assert done.returncode == 1
    assert "cannot write plain/roadmap.toml" in err
    assert (tmp_path / "plain").read_text() == "not a folder"
