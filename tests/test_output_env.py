"""ewg in hostile output environments, run as a user would: a real process, real fds.

stdout closed (`>&-`), full (`/dev/full`), a pipe whose reader left; stderr
closed; an output encoding that cannot show the roadmap's characters. No
traceback, and the exit code says whether the roadmap changed (4: written,
output lost), checked against the file byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

WRITTEN = 4


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EWG_", "COLUMNS"))}
    env.update({"EWG_TODAY": "2026-11-27", "NO_COLOR": "1", "EWG_NO_CACHE": "1"})
    env.update(extra)
    return env


def ewg(
    tmp: Path, *args: str, stdout: str = "pipe", stderr: str = "pipe", **env: str
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m ewg ARGS` in `tmp` with stdout/stderr a pipe, closed or /dev/full."""

    def stream(kind: str) -> tuple[object, int | None]:
        if kind == "pipe":
            return subprocess.PIPE, None
        if kind == "full":
            fd = os.open("/dev/full", os.O_WRONLY)
            return fd, fd
        return None, None  # closed below, in the child

    out, out_fd = stream(stdout)
    err, err_fd = stream(stderr)
    close = [fd for fd, kind in ((1, stdout), (2, stderr)) if kind == "closed"]

    def child() -> None:
        for fd in close:
            os.close(fd)

    try:
        return subprocess.run(
            [sys.executable, "-m", "ewg", *args],
            cwd=tmp,
            env=_env(**env),
            stdout=out,  # type: ignore[arg-type]
            stderr=err,  # type: ignore[arg-type]
            preexec_fn=child,
            check=False,
            timeout=60,
        )
    finally:
        for fd in (out_fd, err_fd):
            if fd is not None:
                os.close(fd)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    return tmp_path


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")

WRITES = [
    ("add", "Charging corridor study", "--area", "infrastructure"),
    ("set", "INN-3", "--progress", "70"),
    ("start", "INN-3"),  # the quick path
    ("block", "INN-3", "--reason", "Waiting for data"),  # the quick path
    ("owner", "add", "ine", "--name", "INE", "--sector", "government", "--country", "MX"),
]


@pytest.mark.parametrize("how", ["closed", pytest.param("full", marks=needs_dev_full)])
@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a[:2]))
def test_a_write_whose_stdout_fails_exits_4_and_the_change_is_there(
    workdir: Path, args: tuple[str, ...], how: str
) -> None:
    before = (workdir / "roadmap.toml").read_bytes()
    done = ewg(workdir, *args, stdout=how)
    after = (workdir / "roadmap.toml").read_bytes()
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    assert after != before  # the change was written
    # `add` prints the new id and `set` only messages: stdout loss matters to the first,
    # and every write says on stderr that its change stands.
    if args[0] == "add":
        assert done.returncode == WRITTEN, done.stderr.decode()
        assert b"the change was written" in done.stderr
    else:
        assert done.returncode in (0, WRITTEN), done.stderr.decode()
    # Run again as a retrying script would only on failure: exit 4 means "do not retry".


@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a[:2]))
def test_a_write_whose_stderr_is_closed_exits_4_when_its_message_is_lost(
    workdir: Path, args: tuple[str, ...]
) -> None:
    before = (workdir / "roadmap.toml").read_bytes()
    done = ewg(workdir, *args, stderr="closed")
    assert (workdir / "roadmap.toml").read_bytes() != before
    assert b"Traceback" not in done.stdout
    # add says its id on stdout and nothing on stderr: a full success. The others
    # say what they changed on stderr, which was closed: written, output lost.
    assert done.returncode == (0 if args[0] == "add" else WRITTEN)


def test_add_with_stdout_closed_changes_the_file_exactly_once(workdir: Path) -> None:
    """A script that retries on failure: exit 4 says the item is there; the file has it once."""
    done = ewg(
        workdir, "add", "Charging corridor study", "--area", "infrastructure", stdout="closed"
    )
    assert done.returncode == WRITTEN
    text = (workdir / "roadmap.toml").read_text(encoding="utf-8")
    assert text.count("Charging corridor study") == 1
    # No output landed in the file through the closed fd 1.
    assert "INF-" not in text.split("Charging corridor study")[1].split("[")[0]
    check = ewg(workdir, "validate")
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


def test_a_failed_write_keeps_its_exit_code_with_stderr_closed(workdir: Path) -> None:
    before = (workdir / "roadmap.toml").read_bytes()
    done = ewg(workdir, "set", "NOPE-1", "--progress", "5", stderr="closed")
    assert done.returncode == 1
    assert (workdir / "roadmap.toml").read_bytes() == before


@pytest.mark.parametrize("how", ["closed", pytest.param("full", marks=needs_dev_full)])
@pytest.mark.parametrize(
    "args",
    [("status",), ("list",), ("show", "INN-3"), ("export", "--format", "json"), ("--help",)],
    ids=lambda a: a[0],
)
def test_a_read_whose_stdout_fails_says_so_without_a_traceback(
    workdir: Path, args: tuple[str, ...], how: str
) -> None:
    before = (workdir / "roadmap.toml").read_bytes()
    done = ewg(workdir, *args, stdout=how)
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    assert (workdir / "roadmap.toml").read_bytes() == before
    if how == "full":
        assert done.returncode == 1
        assert done.stderr.strip(), "the reason is said"
    else:
        assert done.returncode in (0, 1)


def test_a_read_into_a_pipe_closed_early_stops_quietly(workdir: Path) -> None:
    text = (workdir / "roadmap.toml").read_text(encoding="utf-8")
    for n in range(400):  # long enough to fill the pipe
        text += f'\n[[items]]\nid = "INN-{100 + n}"\ntitle = "Filler {n}"\narea = "innovation"\n'
        text += 'status = "planned"\n'
    (workdir / "roadmap.toml").write_text(text, encoding="utf-8")
    done = subprocess.run(
        f"{sys.executable} -m ewg list --all --format json | head -c 10 >/dev/null",
        shell=True,
        cwd=workdir,
        env=_env(),
        capture_output=True,
        check=False,
    )
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(
    "args",
    [("status",), ("list",), ("show", "INN-3"), ("export", "--format", "json"), ("area", "list")],
    ids=lambda a: a[0],
)
def test_an_output_encoding_without_the_characters_degrades(
    workdir: Path, args: tuple[str, ...], encoding: str
) -> None:
    done = ewg(workdir, "--lang", "es", *args, PYTHONIOENCODING=encoding, LANG="C", LC_ALL="C")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    done.stdout.decode(encoding)  # what was written is in the asked encoding
    if args[0] == "export":
        import json

        json.loads(done.stdout.decode(encoding))  # still valid JSON


def test_a_write_with_an_ascii_output_encoding_succeeds(workdir: Path) -> None:
    done = ewg(
        workdir, "add", "Estudio de electromovilidad – fase 2", "--area", "innovation",
        PYTHONIOENCODING="ascii", LANG="C",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert "Estudio de electromovilidad – fase 2" in (workdir / "roadmap.toml").read_text(
        encoding="utf-8"
    )


def _on_terminal(tmp: Path, *args: str, columns: int = 100, **env: str) -> str:
    """Run ewg on a pseudo-terminal of `columns` columns; what it showed."""
    import fcntl
    import pty
    import struct
    import termios

    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environment = _env()
    environment.pop("NO_COLOR", None)
    environment.update(env)
    process = subprocess.Popen(
        [sys.executable, "-m", "ewg", *args],
        cwd=tmp, env=environment, stdin=side, stdout=side, stderr=side, close_fds=True,
    )  # fmt: skip
    os.close(side)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.parametrize(
    "args", [("status",), ("list",), ("validate",), ("changelog",)], ids=lambda a: a[0]
)
def test_term_dumb_gets_no_colour(workdir: Path, args: tuple[str, ...]) -> None:
    subprocess.run(["git", "init", "-q"], cwd=workdir, check=True)
    assert "\x1b[" not in _on_terminal(workdir, *args, TERM="dumb")


def test_a_colour_terminal_gets_colour(workdir: Path) -> None:
    assert "\x1b[" in _on_terminal(workdir, "status", TERM="xterm-256color")
    assert "\x1b[" not in _on_terminal(workdir, "status", TERM="xterm-256color", NO_COLOR="1")
    assert "\x1b[" not in _on_terminal(workdir, "--no-color", "status", TERM="xterm-256color")


@pytest.mark.parametrize("columns", [60, 72, 80, 100])
@pytest.mark.parametrize("args", [("status",), ("list",)], ids=lambda a: a[0])
def test_tables_fit_the_terminal_width(workdir: Path, args: tuple[str, ...], columns: int) -> None:
    from ewg.render.text import cell_width

    shown = _on_terminal(workdir, "--no-color", *args, columns=columns, TERM="xterm")
    lines = shown.splitlines()
    assert len(lines) > 10 and "Traceback" not in shown
    too_wide = [line for line in lines if cell_width(line) > columns]
    assert not too_wide, "\n".join(too_wide)
    if args[0] == "status":
        assert "…" not in shown  # wrapped, not cut
        assert "PRV-3" in shown and "INN-4" in shown


def test_status_on_a_narrow_terminal_keeps_every_row(workdir: Path) -> None:
    from ewg.render.text import cell_width

    wide = _on_terminal(workdir, "--no-color", "status", columns=200, TERM="xterm")
    narrow = _on_terminal(workdir, "--no-color", "status", columns=40, TERM="xterm")
    assert max(cell_width(line) for line in narrow.splitlines()) <= 40
    assert "…" not in narrow and "…" not in wide  # rows wrap, nothing is cut
    for item in ("PRV-4", "INN-4", "HUM-4", "PRV-3"):
        assert item in narrow


def test_the_written_exit_code_is_the_documented_one() -> None:
    from ewg.cli import output
    from ewg.errors import ExitCode

    assert output._WRITTEN == ExitCode.WRITTEN == 4
    readme = (ROOT / "docs" / "commands" / "README.md").read_text(encoding="utf-8")
    assert "| 4 | the change was written, but its output could not be" in readme


@pytest.mark.parametrize("how", ["closed", pytest.param("full", marks=needs_dev_full)])
def test_a_usage_error_keeps_exit_2_when_stderr_fails(workdir: Path, how: str) -> None:
    done = ewg(workdir, "status", "--bogus", stderr=how)
    assert done.returncode == 2
    assert b"Traceback" not in done.stdout
