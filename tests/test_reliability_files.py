"""The one writer on real files: -o onto special files, symbolic links written through,
read-only, hard-linked and owned files, extended attributes, stale temporary files,
the lock (its holder named, its wait bounded). docs/reliability.md lists these promises."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def ewg(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    pass_fds: tuple[int, ...] = (),
    stdout: int | None = subprocess.PIPE,
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m ewg` in `cwd` as a user would, stdout and stderr as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "ewg", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
        pass_fds=pass_fds,
        check=False,
    )


def copy_roadmap(folder: Path, name: str = "roadmap.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(ROOT / "roadmap.toml", path)
    return path


def no_traceback(done: subprocess.CompletedProcess[bytes]) -> str:
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err


# --- -o: regular files replaced, anything else written in place ----------------------------


def test_output_to_dev_stdout_reaches_a_redirected_file(tmp_path: Path) -> None:
    # Through a link of our own to /dev/stdout: a writer that replaces what it is given
    # (today's main did) then replaces this link, never the machine's /dev/stdout.
    copy_roadmap(tmp_path)
    link = tmp_path / "stdout-link"
    link.symlink_to("/dev/stdout")
    got = tmp_path / "got.txt"
    with open(got, "wb") as handle:
        done = ewg(
            "export", "--format", "json", "-o", str(link), cwd=tmp_path, stdout=handle.fileno()
        )
    no_traceback(done)
    assert done.returncode == 0
    assert got.read_bytes().startswith(b"{") and b'"schema_version": 1' in got.read_bytes()
    assert link.is_symlink()


def test_dev_stdout_and_dev_fd_are_written_in_place() -> None:
    from ewg.files import written_in_place

    for name in ("/dev/stdout", "/dev/stderr", "/dev/fd/1", "/proc/self/fd/1", "/dev/null"):
        assert written_in_place(name), name


def test_output_through_process_substitution_is_written_in_place(tmp_path: Path) -> None:
    copy_roadmap(tmp_path)
    read_end, write_end = os.pipe()
    chunks: list[bytes] = []

    def drain() -> None:
        with os.fdopen(read_end, "rb") as reader:
            chunks.append(reader.read())

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        done = ewg(
            "export", "--format", "csv", "-o", f"/dev/fd/{write_end}",
            cwd=tmp_path, pass_fds=(write_end,),
        )  # fmt: skip
    finally:
        os.close(write_end)
        reader.join(30)
    no_traceback(done)
    assert done.returncode == 0
    assert chunks and chunks[0].startswith(b"id,title")


def test_output_to_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    copy_roadmap(tmp_path)
    fifo = tmp_path / "out.fifo"
    try:
        os.mkfifo(fifo)
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot make a FIFO here: {exc}")
    chunks: list[bytes] = []

    def drain() -> None:
        with open(fifo, "rb") as reader:
            chunks.append(reader.read())

    reader = threading.Thread(target=drain)
    reader.start()
    done = ewg("export", "--format", "json", "-o", str(fifo), cwd=tmp_path, timeout=30)
    reader.join(30)
    no_traceback(done)
    assert done.returncode == 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert chunks and chunks[0].startswith(b"{")


def test_output_to_a_character_device_is_written_in_place(tmp_path: Path) -> None:
    copy_roadmap(tmp_path)
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot make a device node here (mknod needs root): {exc}")
    link = tmp_path / "to-null"
    link.symlink_to(device)
    for target in (device, link):
        done = ewg("export", "--format", "json", "-o", str(target), cwd=tmp_path)
        no_traceback(done)
        assert done.returncode == 0
        assert stat.S_ISCHR(os.stat(device).st_mode)
    assert link.is_symlink()


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "relative"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_output_over_the_roadmap_is_refused(
    roadmap: Path, invoke: Invoke, how: str, lang: str
) -> None:
    before = roadmap.read_bytes()
    target = {"same": roadmap, "relative": Path("roadmap.toml")}.get(how)
    if how == "symlink":
        target = roadmap.with_name("link.json")
        target.symlink_to(roadmap)
    elif how == "hardlink":
        target = roadmap.with_name("hard.json")
        os.link(roadmap, target)
    assert target is not None
    result = invoke("--lang", lang, "export", "--format", "json", "-o", str(target))
    assert result.exit_code == 2, result.output
    expected = (
        "refusing to write the output over the roadmap" if lang == "en" else "sobre el roadmap"
    )
    assert expected in result.stderr
    assert roadmap.read_bytes() == before
    assert not roadmap.is_symlink()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_empty_output_name_is_a_usage_error(roadmap: Path, invoke: Invoke, lang: str) -> None:
    result = invoke("--lang", lang, "report", "-o", "")
    assert result.exit_code == 2
    assert ("--output needs a file name" if lang == "en" else "--output necesita") in result.stderr
    Path("folder").mkdir()
    result = invoke("--lang", lang, "export", "--format", "json", "-o", "folder")
    assert result.exit_code == 2
    assert ("is a folder" if lang == "en" else "es una carpeta") in result.stderr
    assert list(Path("folder").iterdir()) == []


def test_output_to_a_new_file_and_a_symlinked_file(roadmap: Path, invoke: Invoke) -> None:
    assert invoke("export", "--format", "json", "-o", "new.json").exit_code == 0
    assert Path("new.json").read_bytes().startswith(b"{")
    Path("real.json").write_text("old")
    Path("link.json").symlink_to("real.json")
    assert invoke("export", "--format", "json", "-o", "link.json").exit_code == 0
    assert Path("link.json").is_symlink()
    assert Path("real.json").read_bytes().startswith(b"{")


# --- symbolic links: written through, the link stays -------------------------------------


def _linked(tmp_path: Path) -> tuple[Path, Path]:
    real = copy_roadmap(tmp_path / "data", "real.toml")
    work = tmp_path / "work"
    work.mkdir()
    link = work / "roadmap.toml"
    link.symlink_to(os.path.relpath(real, work))
    return real, link


@pytest.mark.parametrize("how", ["--file", "EWG_FILE", "nearest"])
def test_a_symlinked_roadmap_is_written_through(tmp_path: Path, how: str) -> None:
    real, link = _linked(tmp_path)
    args = ["set", "INN-1", "--progress", "61"]
    env = {}
    if how == "--file":
        args = ["--file", str(link), *args]
    elif how == "EWG_FILE":
        env["EWG_FILE"] = str(link)
    cwd = link.parent if how == "nearest" else tmp_path
    done = ewg(*args, cwd=cwd, env=env)
    no_traceback(done)
    assert done.returncode == 0
    assert link.is_symlink()
    assert "progress = 61" in real.read_text(encoding="utf-8")
    assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]


def test_init_on_a_dangling_link_creates_its_target(tmp_path: Path, invoke: Invoke) -> None:
    link = tmp_path / "roadmap.toml"
    target = tmp_path / "elsewhere" / "real.toml"
    link.symlink_to(target)
    result = invoke("--file", str(link), "init")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert "\n[roadmap]\n" in target.read_text(encoding="utf-8")


def test_git_setup_writes_through_a_symlinked_gitattributes(
    git_repo: GitRepo, invoke: Invoke
) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", git_repo.path / "roadmap.toml")
    shared = git_repo.path / "config" / "attributes"
    shared.parent.mkdir()
    shared.write_text("*.png binary\n")
    (git_repo.path / ".gitattributes").symlink_to("config/attributes")
    result = invoke("git", "setup")
    assert result.exit_code == 0, result.output
    assert (git_repo.path / ".gitattributes").is_symlink()
    assert shared.read_text().startswith("*.png binary\nroadmap.toml merge=ewg")


def test_the_lock_is_the_target_s_and_never_a_symlink(tmp_path: Path) -> None:
    from ewg import store

    real, link = _linked(tmp_path)
    assert store.lock_path(link) == store.lock_path(real)
    planted = tmp_path / "planted"
    store.lock_path(real).symlink_to(planted)
    for lang, words in (("en", "is a symbolic link"), ("es", "es un enlace simbólico")):
        done = ewg("--lang", lang, "set", "INN-1", "--progress", "5", cwd=link.parent)
        err = no_traceback(done)
        assert done.returncode == 1
        assert words in err
    assert not planted.exists()
    assert real.read_bytes() == (ROOT / "roadmap.toml").read_bytes()


# --- the lock: who holds it, and a bounded wait --------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ewg.store import locked
    path = Path(sys.argv[1])
    sys.argv = ["ewg", "set", "INN-1", "--progress", "99"]
    with locked(path):
        print("locked", flush=True)
        time.sleep(600)
    """
)


def hold_lock(path: Path, seconds: float = 600) -> subprocess.Popen[str]:
    """A process that holds the writers' lock of `path` for `seconds`, once it holds it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER.replace("600", str(seconds)), str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.parametrize(
    ("lang", "command"),
    [("en", ("set", "INN-1", "--progress", "7")), ("es", ("set", "INN-1", "--progress", "7")),
     ("en", ("start", "GOV-4"))],  # start: the quick path, then the full app, wait once
)  # fmt: skip
def test_a_stopped_lock_holder_is_named_and_the_wait_ends(
    tmp_path: Path, lang: str, command: tuple[str, ...]
) -> None:
    path = copy_roadmap(tmp_path)
    before = path.read_bytes()
    holder = hold_lock(path)
    try:
        os.kill(holder.pid, signal.SIGSTOP)  # Ctrl-Z
        done = ewg(
            "--lang", lang, *command, cwd=tmp_path, env={"EWG_LOCK_TIMEOUT": "1"}, timeout=30
        )
    finally:
        holder.kill()
        holder.wait()
    err = no_traceback(done)
    assert done.returncode == 1
    assert f"pid {holder.pid} (ewg set INN-1 --progress 99)" in err
    said = "waiting for the lock of" if lang == "en" else "esperando el bloqueo de"
    assert [line.startswith(said) for line in err.splitlines()].count(True) == 1, err
    assert ("gave up after 1 s" if lang == "en" else "se dejó de esperar tras 1 s") in err
    assert path.read_bytes() == before


def test_a_writer_waits_for_a_running_holder_then_lands(tmp_path: Path) -> None:
    path = copy_roadmap(tmp_path)
    holder = hold_lock(path, seconds=1.5)
    done = ewg("set", "INN-1", "--progress", "8", cwd=tmp_path, timeout=60)
    holder.wait(30)
    assert done.returncode == 0, done.stderr
    assert "progress = 8" in path.read_text(encoding="utf-8")


# --- files ewg refuses, and what a replaced file keeps -------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_read_only_roadmap_is_refused(roadmap: Path, invoke: Invoke, lang: str) -> None:
    roadmap.chmod(0o444)
    before = roadmap.read_bytes()
    result = invoke("--lang", lang, "set", "INN-1", "--progress", "12")
    assert result.exit_code == 1
    assert ("is read-only" if lang == "en" else "es de solo lectura") in result.stderr
    done = ewg("--lang", lang, "start", "GOV-4", cwd=roadmap.parent)  # the quick path
    assert done.returncode == 1
    assert ("is read-only" if lang == "en" else "es de solo lectura") in no_traceback(done)
    assert roadmap.read_bytes() == before
    assert stat.S_IMODE(roadmap.stat().st_mode) == 0o444


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_hard_linked_roadmap_is_refused(roadmap: Path, invoke: Invoke, lang: str) -> None:
    other = roadmap.with_name("other-name.toml")
    os.link(roadmap, other)
    before = roadmap.read_bytes()
    result = invoke("--lang", lang, "set", "INN-1", "--progress", "16")
    assert result.exit_code == 1
    assert ("2 hard links" if lang == "en" else "2 enlaces duros") in result.stderr
    assert roadmap.read_bytes() == before
    assert os.stat(roadmap).st_ino == os.stat(other).st_ino


@pytest.mark.skipif(not ROOT_USER, reason="only root can give a file to another user")
def test_root_keeps_a_member_s_file_theirs(roadmap: Path, invoke: Invoke) -> None:
    os.chown(roadmap, 4321, 4322)
    roadmap.chmod(0o664)
    result = invoke("set", "INN-1", "--progress", "13")
    assert result.exit_code == 0, result.output
    st = roadmap.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4322, 0o664)


def test_extended_attributes_are_kept(roadmap: Path, invoke: Invoke) -> None:
    try:
        os.setxattr(roadmap, "user.ewg.test", b"kept")
    except (OSError, AttributeError) as exc:
        pytest.skip(f"no user extended attributes here: {exc}")
    result = invoke("set", "INN-1", "--progress", "14")
    assert result.exit_code == 0, result.output
    assert "progress = 14" in roadmap.read_text(encoding="utf-8")
    assert os.getxattr(roadmap, "user.ewg.test") == b"kept"


def test_stale_temporary_files_are_swept_and_git_ignores_them(
    git_repo: GitRepo, invoke: Invoke
) -> None:
    git_repo.commit_file("roadmap.toml", (ROOT / "roadmap.toml").read_text(), "start")
    assert invoke("git", "setup").exit_code == 0
    old = git_repo.path / ".roadmap.toml.ewg-0123456789ab.tmp"
    other = git_repo.path / ".gitattributes.ewg-00000000000f.tmp"
    fresh = git_repo.path / ".roadmap.toml.ewg-ba9876543210.tmp"
    stranger = git_repo.path / ".roadmap.toml.0123456789ab.tmp"
    for path in (old, other, fresh, stranger):
        path.write_text("half a roadmap")
    hour_ago = time.time() - 3600
    for path in (old, other, stranger):
        os.utime(path, (hour_ago, hour_ago))
    assert git_repo.git("status", "--porcelain", "--", ".roadmap.toml.ewg-*") == ""
    assert invoke("set", "INN-1", "--progress", "15").exit_code == 0
    assert not old.exists()  # a killed write's, older than STALE_SECONDS
    assert not other.exists()  # of another file ewg writes in this folder
    assert fresh.exists()  # perhaps a live writer's
    assert stranger.exists()  # not ewg's name


@pytest.mark.parametrize("command", [("set", "INN-2", "--progress", "9"), ("start", "GOV-4")])
def test_ctrl_c_while_waiting_for_the_lock_exits_130_and_changes_nothing(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = copy_roadmap(tmp_path)
    before = path.read_bytes()
    holder = hold_lock(path)
    try:
        waiter = subprocess.Popen(
            [sys.executable, "-m", "ewg", *command],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), "EWG_LOCK_TIMEOUT": "60"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert waiter.stderr is not None
        assert b"waiting for the lock" in waiter.stderr.readline()
        waiter.send_signal(signal.SIGINT)
        _out, err = waiter.communicate(timeout=30)
    finally:
        holder.kill()
        holder.wait()
    assert waiter.returncode == 130
    assert b"Traceback" not in err
    assert path.read_bytes() == before


def test_a_stale_temporary_file_in_the_cache_is_swept(tmp_path: Path) -> None:
    copy_roadmap(tmp_path / "work")
    folder = tmp_path / "cache" / "ewg"
    folder.mkdir(parents=True, mode=0o700)
    old = folder / ".parse-0123.ewgc.ewg-0123456789ab.tmp"
    old.write_bytes(b"torn")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    done = ewg("list", cwd=tmp_path / "work", env={"EWG_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0
    assert not old.exists()
    assert [p for p in folder.iterdir() if p.name.endswith(".ewgc")]
