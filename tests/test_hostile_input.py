"""Hostile roadmap files: too deep, too big, not regular files; read as a user would.

Each command runs as a real process on a real file (a FIFO made with mkfifo, a
sparse file, /dev/zero), and must answer quickly, within a small memory, with
a located message and exit 1, never a traceback or a hang.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from ewg import source
from ewg.positions import Positions
from ewg.tomlscan import scan
from tests.helpers import ROOT

_LIMIT = 1024 * 1024 * 1024  # address space of a hostile run: tomllib alone took GBs


def run_ewg(
    *args: str, cwd: Path, limit: int | None = _LIMIT, timeout: float = 60
) -> tuple[subprocess.CompletedProcess[str], int, float]:
    """`python -m ewg ARGS`: its result, its peak memory in KB, its wall time."""

    def limited() -> None:
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ewg", *args],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            preexec_fn=limited,
        )
        # wait4 gives this child's own peak memory (RUSAGE_CHILDREN is the largest
        # of every child the test process ever reaped).
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise AssertionError(f"ewg {' '.join(args)} still running after {timeout} s")
            time.sleep(0.01)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(
            proc.args,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    peak = usage.ru_maxrss
    return done, peak, time.monotonic() - started


def _hostile_header(size: int = 200_000) -> str:
    """A roadmap with one header of size/2 dotted parts after it (the issue's pull request)."""
    head = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    parts = size // 2
    return head + "\n[" + ".".join(["a"] * parts) + "]\nx = 1\n"


HOSTILE: dict[str, Callable[[], str]] = {
    "header": _hostile_header,
    "key": lambda: "[roadmap]\ntitle = 'x'\n" + ".".join(['"k"'] * 50_000) + " = 1\n",
    "arrays": lambda: "[roadmap]\ntitle = 'x'\nx = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "inline": lambda: "[roadmap]\ntitle = 'x'\nx = " + "{a=" * 60_000 + "1" + "}" * 60_000 + "\n",
    "array-headers": lambda: "".join(f"[[{'.'.join(['a'] * 40)}]]\n" for _ in range(120)),
}


@pytest.mark.parametrize("shape", list(HOSTILE))
def test_too_deep_text_is_refused_before_parsing_at_its_33rd_level(shape: str) -> None:
    text = HOSTILE[shape]()
    started = time.monotonic()
    with pytest.raises(source.TomlSyntaxError) as caught:
        source.parse(text, "roadmap.toml")
    assert time.monotonic() - started < 2
    error = caught.value
    assert error.code == "E017"
    assert error.line >= 1 and error.col >= 1
    assert "32 levels" in error.message


@pytest.mark.parametrize("written", ["1" * 5000, "1_" * 4400 + "1", "-" + "9" * 4301])
def test_a_number_longer_than_python_reads_is_a_located_error_in_each_language(
    tmp_path: Path, written: str
) -> None:
    """tomllib raises a bare ValueError past 4,300 digits (Python's limit): a located
    finding and exit 1, in both languages, never a traceback."""
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    path = tmp_path / "roadmap.toml"
    path.write_text(text + f"\n[[measurements]]\nindicator = 'x'\nvalue = {written}\n")
    line = text.count("\n") + 4
    found, _peak, _took = run_ewg("validate", cwd=tmp_path)
    assert found.returncode == 1 and "Traceback" not in found.stderr + found.stdout
    assert f"roadmap.toml:{line}:" in found.stdout
    assert "number too long: more than 4,300 digits" in found.stdout
    es, _peak, _took = run_ewg("--lang", "es", "status", cwd=tmp_path)
    assert es.returncode == 1 and "Traceback" not in es.stderr
    assert "Número demasiado largo: más de 4300 dígitos" in es.stderr


def test_thirty_two_levels_are_read_and_thirty_three_refused() -> None:
    header = "[" + ".".join(["a"] * 20) + "]\n"
    assert source.parse(header + ".".join(["b"] * 12) + " = 1\n")
    with pytest.raises(source.TomlSyntaxError) as caught:
        source.parse(header + ".".join(["b"] * 13) + " = 1\n")
    assert (caught.value.line, caught.value.code) == (2, "E017")
    # Dots in strings, comments and values are no levels.
    assert source.parse('x = "' + "a." * 5000 + '"\ny = 1.5 # ' + "b." * 50 + "\n")
    assert source.parse("x = [" + '"""\n]""", ' * 3 + "[1], {a = [2]}]\n")


@pytest.mark.parametrize("command", ["validate", "status", "list", "show", "set", "export"])
def test_a_200_kb_hostile_header_gives_a_located_error_quickly_and_in_little_memory(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(_hostile_header(), encoding="utf-8")
    assert 190_000 < path.stat().st_size < 260_000
    args = {
        "validate": ["validate"],
        "status": ["status"],
        "list": ["list"],
        "show": ["show", "INN-1"],
        "set": ["set", "INN-1", "--progress", "10"],
        "export": ["export", "--format", "json"],
    }[command]
    before = path.read_bytes()
    done, peak_kb, seconds = run_ewg(*args, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert "32 levels" in done.stdout + done.stderr
    if command == "validate":
        line = before.decode().count("\n") - 1  # the header is the second last line
        assert f"roadmap.toml:{line}:65: error E017" in done.stdout
    assert seconds < 20
    assert peak_kb < 300 * 1024, f"peak {peak_kb} KB"
    assert path.read_bytes() == before


def test_status_as_of_a_revision_with_a_hostile_header_does_not_crash(
    git_repo: object, tmp_path: Path
) -> None:
    from tests.helpers import GitRepo

    assert isinstance(git_repo, GitRepo)
    git_repo.commit_file("roadmap.toml", _hostile_header(20_000), "deep")
    shutil.copyfile(ROOT / "roadmap.toml", git_repo.path / "roadmap.toml")
    done, _peak, _seconds = run_ewg("status", "--as-of", "HEAD", cwd=git_repo.path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "32 levels" in done.stderr


def test_positions_and_scan_take_memory_linear_in_a_long_header() -> None:
    # Past the guard (the scan and positions also serve text that tomllib never saw).
    parts = 4000
    text = "[[" + ".".join(["a"] * parts) + "]]\n[" + ".".join(["a"] * parts) + ".b]\nx = 1\n"
    tracemalloc.start()
    try:
        found = scan(text)
        where = Positions(text, found)
        assert where.find((*(["a"] * parts), 0, "b", "x")) is not None
        assert where.find(("a", 0, "zzz")) == 0
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Every prefix of 4,000 parts as tuples takes over 60 MB.
    assert peak < 8 * 1024 * 1024, peak


# --- not regular files ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [["status"], ["set", "INN-1", "--progress", "5"], ["list"]])
def test_a_fifo_as_the_roadmap_is_refused_without_waiting(
    tmp_path: Path, command: list[str]
) -> None:
    fifo = tmp_path / "roadmap.toml"
    os.mkfifo(fifo)
    done, _peak, seconds = run_ewg("-f", str(fifo), *command, cwd=tmp_path, timeout=20)
    assert done.returncode == 1
    assert "FIFO" in done.stderr and "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr
    assert seconds < 15


def test_validate_names_a_fifo_as_e000(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    done, _peak, _seconds = run_ewg("validate", str(fifo), cwd=tmp_path, timeout=20)
    assert done.returncode == 1
    assert "E000 not a regular file: it is a FIFO" in done.stdout


def test_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    for args in (["-f", "/dev/zero", "status"], ["validate", "/dev/zero"]):
        done, peak_kb, seconds = run_ewg(*args, cwd=tmp_path, limit=512 * 1024 * 1024)
        assert done.returncode == 1
        assert "not a regular file" in done.stdout + done.stderr
        assert seconds < 15 and peak_kb < 200 * 1024


def test_a_file_bigger_than_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "roadmap.toml"
    with open(big, "wb") as handle:
        handle.truncate(2 * 1024 * 1024 * 1024)  # sparse: 2 GB that take no disk
    # Reading it (even to the 64 MB cap) would pass this limit with the interpreter.
    done, _peak, _seconds = run_ewg("status", cwd=tmp_path, limit=160 * 1024 * 1024)
    assert done.returncode == 1, done.stderr
    assert "larger than 64 MB" in done.stderr
    assert "Traceback" not in done.stderr


def test_read_bytes_says_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(source.UnreadableFileError) as caught:
        source.read_bytes(fifo)
    assert caught.value.reason == "not a regular file: it is a FIFO (named pipe)"
    with pytest.raises(source.UnreadableFileError) as caught:
        source.read_bytes(tmp_path)
    assert "folder" in caught.value.message


# --- text that is not the UTF-8 TOML it should be --------------------------------------------


def _roadmap_bytes() -> bytes:
    return (ROOT / "roadmap.toml").read_bytes()


@pytest.mark.parametrize(
    ("encoded", "says"),
    [
        (lambda b: b"\xef\xbb\xbf" + b, "byte order mark"),
        (lambda b: b.decode().encode("utf-16"), "UTF-16"),  # with its BOM
        (lambda b: b.decode().encode("utf-16-le"), "UTF-16"),  # without: by its NULs
        (lambda b: b.decode().encode("utf-16-be"), "UTF-16"),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16-le", "utf16-be"],
)
def test_a_bom_or_utf16_file_is_named_with_how_to_fix_it(
    tmp_path: Path, encoded: object, says: str
) -> None:
    assert callable(encoded)
    path = tmp_path / "roadmap.toml"
    path.write_bytes(encoded(_roadmap_bytes()))
    for args in (["status"], ["validate"]):
        done, _peak, _seconds = run_ewg(*args, cwd=tmp_path)
        assert done.returncode == 1
        said = done.stdout + done.stderr
        assert says in said and "save the file as UTF-8 without a byte order mark" in said
        assert "binary" not in said and "Traceback" not in said


def test_conflict_markers_from_a_real_merge_are_named_as_such(git_repo: object) -> None:
    from tests.helpers import GitRepo

    assert isinstance(git_repo, GitRepo)
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    title = text.split('title = "', 2)[1].split('"', 1)[0]
    git_repo.commit_file("roadmap.toml", text, "start")
    git_repo.git("checkout", "-q", "-b", "other")
    git_repo.commit_file("roadmap.toml", text.replace(title, "Other title", 1), "theirs")
    git_repo.git("checkout", "-q", "main")
    git_repo.commit_file("roadmap.toml", text.replace(title, "Our title", 1), "ours")
    git_repo.git("merge", "other", check=False)
    merged = (git_repo.path / "roadmap.toml").read_text(encoding="utf-8")
    assert "<<<<<<< HEAD" in merged
    line = merged[: merged.index("<<<<<<<")].count("\n") + 1
    for args in (["status"], ["validate"], ["list"]):
        done, _peak, _seconds = run_ewg(*args, cwd=git_repo.path)
        assert done.returncode == 1
        said = done.stdout + done.stderr
        assert "merge conflict marker" in said and "ewg git setup" in said, said
        assert "Traceback" not in said
    done, _peak, _seconds = run_ewg("validate", cwd=git_repo.path)
    assert f"roadmap.toml:{line}:1: error E001" in done.stdout


# --- two items with one id -------------------------------------------------------------------


def _with_duplicate(path: Path) -> tuple[int, int]:
    """Copy the roadmap with a second item holding INN-1 (as a merge button can); its lines."""
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    text += '\n[[items]]\nid = "INN-1"\ntitle = "Newcomer"\narea = "innovation"\n'
    text += 'status = "planned"\nowners = ["sre"]\ndepends_on = ["INN-1"]\n'
    path.write_text(text, encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "INN-1"']
    assert len(lines) == 2
    return lines[0], lines[1]


@pytest.mark.parametrize(
    "args",
    [
        ["show", "INN-1"],
        ["set", "INN-1", "--progress", "70"],
        ["start", "INN-1"],
        ["done", "INN-1"],
        ["block", "INN-1", "--reason", "waiting"],
        ["drop", "INN-1", "--reason", "gone"],
        ["rm", "INN-1"],
        ["rm", "INN-1", "--force"],
    ],
    ids=lambda a: "-".join(a[:1] + a[2:3]),
)
def test_an_id_two_items_hold_is_refused_naming_both_lines(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "roadmap.toml"
    first, second = _with_duplicate(path)
    before = path.read_bytes()
    done, _peak, _seconds = run_ewg(*args, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"line {first}" in done.stderr and f"line {second}" in done.stderr, done.stderr
    assert "INN-1 is the id of 2 items" in done.stderr
    assert "Traceback" not in done.stderr
    assert path.read_bytes() == before


# --- read commands never read a broken roadmap silently --------------------------------------


def _broken(path: Path, statuses: int = 2) -> str:
    """The roadmap with `statuses` items of an unknown status and an unknown key; its text."""
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    for _n in range(statuses):
        text = text.replace('status = "planned"', 'status = "someday"', 1)
    text = text.replace("[[items]]\n", "[[items]]\nsize = 3\n", 1)
    path.write_text(text, encoding="utf-8")
    return text


def _error_count(tmp_path: Path) -> int:
    done, _peak, _seconds = run_ewg("validate", "--format", "json", cwd=tmp_path)
    import json

    findings = json.loads(done.stdout)["findings"]
    return sum(1 for f in findings if f["severity"] == "error")


@pytest.mark.parametrize(
    "args", [["list"], ["list", "--all", "--format", "json"], ["show", "INN-1"], ["area", "list"]]
)
def test_a_read_command_says_in_one_line_how_many_errors_and_what_is_left_out(
    tmp_path: Path, args: list[str]
) -> None:
    _broken(tmp_path / "roadmap.toml")
    done, _peak, _seconds = run_ewg("-f", "roadmap.toml", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    errors = _error_count(tmp_path)
    assert errors == 3  # two unknown statuses, one unknown key
    assert done.stderr == (
        f"roadmap.toml has {errors} errors; run `ewg validate` "
        "(2 items with an unknown status are left out of the totals)\n"
    )
    assert done.stdout


def test_the_count_is_translated_with_its_plural(tmp_path: Path) -> None:
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    (tmp_path / "roadmap.toml").write_text(
        text.replace('status = "planned"', 'status = "someday"', 1), encoding="utf-8"
    )
    done, _peak, _seconds = run_ewg("-f", "roadmap.toml", "--lang", "es", "list", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == (
        "roadmap.toml tiene 1 error; ejecute `ewg validate` "
        "(1 acción con un estado desconocido queda fuera de los totales)\n"
    )


def test_errors_only_validation_sees_are_said_once_it_has_seen_them(tmp_path: Path) -> None:
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    (tmp_path / "roadmap.toml").write_text(
        text.replace("[[items]]\n", "[[items]]\nsize = 3\n", 1), encoding="utf-8"
    )
    assert _error_count(tmp_path) == 1
    done, _peak, _seconds = run_ewg("-f", "roadmap.toml", "list", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == "roadmap.toml has 1 error; run `ewg validate`\n"


def test_a_clean_roadmap_reads_without_a_word(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    done, _peak, _seconds = run_ewg("-f", "roadmap.toml", "list", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "roadmap.toml is empty"),
        (b"\n  \n", "roadmap.toml is empty"),
        (b'[areas.x]\nname = "X"\nprefix = "X"\n', "roadmap.toml has no [roadmap] table"),
    ],
    ids=["empty", "blank", "no-roadmap"],
)
@pytest.mark.parametrize("args", [["list"], ["show", "INN-1"], ["area", "list"]])
def test_a_file_that_is_no_roadmap_is_an_error_with_a_hint(
    tmp_path: Path, content: bytes, says: str, args: list[str]
) -> None:
    (tmp_path / "roadmap.toml").write_bytes(content)
    done, _peak, _seconds = run_ewg("-f", "roadmap.toml", *args, cwd=tmp_path)
    assert done.returncode == 1
    assert f"error: {says}" in done.stderr
    assert "hint: a roadmap starts with [roadmap]" in done.stderr


def test_reading_check_is_the_one_rule_for_every_read(tmp_path: Path) -> None:
    from ewg.commands import reading
    from ewg.errors import RoadmapFileError
    from ewg.store import read

    path = tmp_path / "roadmap.toml"
    _broken(path, statuses=1)
    note = reading.check(read(path))
    assert note is not None and "has 2 errors" in note and "1 item with an unknown" in note
    path.write_text("", encoding="utf-8")
    with pytest.raises(RoadmapFileError, match="is empty"):
        reading.check(read(path))


@pytest.mark.parametrize("args", [["status"], ["export", "--format", "json"], ["meeting", "list"]])
def test_status_export_and_meetings_say_it_too(tmp_path: Path, args: list[str]) -> None:
    _broken(tmp_path / "roadmap.toml")
    done, _peak, _seconds = run_ewg("-f", "roadmap.toml", *args, cwd=tmp_path)
    assert done.returncode == 0
    assert "has 3 errors; run `ewg validate`" in done.stderr
    (tmp_path / "roadmap.toml").write_text("", encoding="utf-8")
    done, _peak, _seconds = run_ewg("-f", "roadmap.toml", *args, cwd=tmp_path)
    assert done.returncode == 1 and "is empty" in done.stderr
