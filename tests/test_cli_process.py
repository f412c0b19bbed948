"""ewg as a real process: the console entry, a terminal for `add`, completion, lean start-up."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from tests.helpers import ROOT


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m ewg ARGS` in `cwd`."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ewg", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_status_list_and_errors_as_a_process(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    status = run("status", cwd=tmp_path)
    assert status.returncode == 0 and "Triple-helix coverage" in status.stdout
    assert run("list", "--format", "csv", cwd=tmp_path).stdout.startswith("id,title,area,status")
    missing = run("done", "NOPE-1", cwd=tmp_path)
    assert missing.returncode == 1 and missing.stderr.startswith("error: no item 'NOPE-1'")
    usage = run("list", "--frobnicate", cwd=tmp_path)
    assert usage.returncode == 2 and "No such option" in usage.stderr
    assert "Traceback" not in missing.stderr + usage.stderr
    assert run("--version", cwd=tmp_path).stdout.startswith("ewg ")


def test_output_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ewg", "list", "--all"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # like `ewg list | head -0`
    _out, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err


def test_help_does_not_import_git_tomlkit_or_rich(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom ewg.cli.app import run\ntry:\n    run(['--help'])\nfinally:\n"
        "    print(sorted(m for m in ('git', 'tomlkit', 'rich.console') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Usage: ewg" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_completion_offers_ids(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    env = {"_EWG_COMPLETE": "complete_bash", "COMP_WORDS": "ewg done GO", "COMP_CWORD": "2"}
    done = subprocess.run(
        [sys.executable, "-c", "from ewg.__main__ import main; main()"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["GOV-1", "GOV-2", "GOV-3", "GOV-4", "GOV-5"]
    env["COMP_WORDS"], env["COMP_CWORD"] = "ewg list --owner s", "3"
    done = subprocess.run(
        [sys.executable, "-c", "from ewg.__main__ import main; main()"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["sre", "shcp", "state", "stellantis-mx"]


def _read_until(fd: int, needle: bytes, timeout: float = 20.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"never saw {needle!r}; got {seen!r}")
        ready, _w, _x = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_add_at_a_terminal_asks_for_what_is_missing(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    pid, fd = pty.fork()
    if pid == 0:  # the child: ewg at a terminal
        os.chdir(tmp_path)
        os.environ["PYTHONPATH"] = str(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "ewg", "add"])
    try:
        assert b"innovation" not in _read_until(fd, b"Title")
        os.write(fd, b"Bus depot charging pilot\r")
        prompt = _read_until(fd, b"Area")
        assert b"innovation, human-capital, providers, infrastructure, governance" in prompt
        os.write(fd, b"infrastructure\r")
        assert b"sre" in _read_until(fd, b"Owners")
        os.write(fd, b"cec, sre\r")
        _read_until(fd, b"Milestone")
        os.write(fd, b"\r")
        _read_until(fd, b"Due date")  # asked too, since add asks for the due date
        os.write(fd, b"\r")
        tail = _read_until(fd, b"INF-6")
    finally:
        _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, tail
    items = tomllib.loads((tmp_path / "roadmap.toml").read_text(encoding="utf-8"))["items"]
    new = next(i for i in items if i["id"] == "INF-6")
    assert new["title"] == "Bus depot charging pilot" and new["owners"] == ["cec", "sre"]
    assert "milestone" not in new
