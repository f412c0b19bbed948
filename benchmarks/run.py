"""Run ewg and its baselines side by side and report median times and ratios.

Usage: python benchmarks/run.py [--runs 7] [--only roadmap|history] [--items 10000]
       [--commits 1000] [--json PATH] [--ewg "CMD"] [--workdir DIR] [--keep]

Each row runs an ewg command and its baseline interleaved (ewg, baseline,
baseline, ewg, ...) after one untimed warm-up of each, with output to a pipe,
and compares the medians. The report always exits 0: read the PASS/FAIL column.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

try:  # imported as benchmarks.run
    from . import gen_history, gen_roadmap
except ImportError:  # run as a script
    import gen_history  # type: ignore[no-redef]
    import gen_roadmap  # type: ignore[no-redef]

BARE_TYPER_APP = '''\
"""A bare one-command Typer app: the baseline of `ewg --help`."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"Hello {name}")


if __name__ == "__main__":
    app()
'''

CLIFF_CONFIG = '''\
[changelog]
body = """
{% for commit in commits %}- {{ commit.id | truncate(length=7, end="") }} \\
{{ commit.message | split(pat="\\n") | first }}
{% endfor %}"""
trim = true

[git]
conventional_commits = false
filter_unconventional = false
'''


class CommandFailed(Exception):
    """A benchmarked command could not run or exited with an unexpected code."""


@dataclass
class Command:
    """A command to time; ``argv`` may depend on the run number."""

    label: str
    argv: Sequence[str] | Callable[[int], Sequence[str]]
    cwd: Path | None = None
    env: dict[str, str] | None = None
    prepare: Callable[[int], None] | None = None  # untimed, before each run
    check: Callable[[int], str | None] | None = None  # untimed, after each run: error or None

    def args(self, run: int) -> list[str]:
        """Return the argument vector of run number ``run``."""
        return list(self.argv(run) if callable(self.argv) else self.argv)


@dataclass
class Row:
    """One line of the report: an ewg command against a baseline."""

    name: str
    ewg: Command
    baseline: Command | None
    target: float | None
    skip_note: str = ""  # why there is no baseline
    unit: str = "s"  # "s": wall seconds; "MiB": the peak memory of the process
    ewg_times: list[float] = field(default_factory=list)
    base_times: list[float] = field(default_factory=list)
    ewg_error: str = ""
    base_error: str = ""

    def medians(self) -> tuple[float | None, float | None]:
        """Return the medians of ewg and baseline times (None where nothing was timed)."""
        ewg = statistics.median(self.ewg_times) if self.ewg_times and not self.ewg_error else None
        base = (
            statistics.median(self.base_times) if self.base_times and not self.base_error else None
        )
        return ewg, base

    def ratio(self) -> float | None:
        """Return ewg median / baseline median."""
        ewg, base = self.medians()
        return ewg / base if ewg is not None and base else None

    def verdict(self) -> str:
        """Return PASS, FAIL, ERROR (ewg failed), SKIP (no baseline) or INFO (no target)."""
        if self.ewg_error:
            return "ERROR"
        ratio = self.ratio()
        if ratio is None:
            return "SKIP"
        if self.target is None:
            return "INFO"
        return "PASS" if ratio <= self.target else "FAIL"

    def to_json(self) -> dict[str, Any]:
        """Return the row as a JSON-ready dict (times in seconds)."""
        ewg, base = self.medians()
        return {
            "name": self.name,
            "ewg_command": shlex.join(self.ewg.args(0)),
            "unit": self.unit,
            "ewg_median_s" if self.unit == "s" else "ewg_median_mib": ewg,
            "ewg_times_s" if self.unit == "s" else "ewg_peaks_mib": self.ewg_times,
            "ewg_error": self.ewg_error or None,
            "baseline": self.baseline.label if self.baseline else None,
            "baseline_command": shlex.join(self.baseline.args(0)) if self.baseline else None,
            "baseline_median_s" if self.unit == "s" else "baseline_median_mib": base,
            "baseline_times_s" if self.unit == "s" else "baseline_peaks_mib": self.base_times,
            "baseline_error": self.base_error or self.skip_note or None,
            "ratio": self.ratio(),
            "target": self.target,
            "verdict": self.verdict(),
        }


def log(message: str) -> None:
    """Print a progress message on stderr."""
    print(message, file=sys.stderr, flush=True)


def last_message(text: str) -> str:
    """Return the last line of ``text`` that says something (not a Rich box border)."""
    for line in reversed(text.splitlines()):
        words = line.strip().strip("│╭╮╰╯─|+-= ").strip()
        if any(ch.isalnum() for ch in words):
            return words[:200]
    return "(no output)"


def time_once(cmd: Command, run: int, timeout: float, unit: str = "s") -> float:
    """Run ``cmd`` once (stdout and stderr to pipes) and return its wall time in seconds,
    or with ``unit`` "MiB" its peak memory (the child's own, from wait4)."""
    if cmd.prepare:
        try:
            cmd.prepare(run)
        except (OSError, subprocess.SubprocessError) as exc:
            raise CommandFailed(f"setup before the run failed: {exc}") from None
    argv = cmd.args(run)
    try:
        start = time.perf_counter()
        if unit == "MiB":
            proc, elapsed = peak_memory(argv, cmd, timeout)
        else:
            proc = subprocess.run(
                argv,
                cwd=cmd.cwd,
                env=cmd.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,  # stdout and stderr go to pipes, as in scripts and CI
                timeout=timeout,
            )
            elapsed = time.perf_counter() - start
    except FileNotFoundError:
        raise CommandFailed(f"not found: {argv[0]}") from None
    except subprocess.TimeoutExpired:
        raise CommandFailed(f"timed out after {timeout:g} s") from None
    if proc.returncode != 0:
        detail = last_message(proc.stderr.decode(errors="replace") or proc.stdout.decode())
        raise CommandFailed(f"exit {proc.returncode}: {detail}")
    if cmd.check:
        try:
            problem = cmd.check(run)
        except OSError as exc:
            problem = f"checking the result failed: {exc}"
        if problem:
            raise CommandFailed(problem)
    return elapsed


def peak_memory(
    argv: Sequence[str], cmd: Command, timeout: float
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    """Run ``argv`` once, its output into files; return the result and its peak memory in MiB
    (ru_maxrss of this child alone, through wait4: not the largest child so far)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            argv, cwd=cmd.cwd, env=cmd.env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                child.wait()
                raise subprocess.TimeoutExpired(argv, timeout)
            time.sleep(0.01)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        proc = subprocess.CompletedProcess(argv, child.returncode, out.read(), err.read())
    return proc, usage.ru_maxrss / 1024  # KiB on Linux


def measure(row: Row, runs: int, timeout: float, counter: list[int]) -> None:
    """Time a row: one warm-up each, then ``runs`` interleaved runs (ABBA order)."""
    sides: list[tuple[Command, list[float], str]] = [(row.ewg, row.ewg_times, "ewg")]
    if row.baseline:
        sides.append((row.baseline, row.base_times, "base"))
    failed: dict[str, str] = {}
    for rep in range(runs + 1):  # rep 0 is the warm-up
        order = sides if rep % 2 == 0 else sides[::-1]
        for cmd, times, side in order:
            if side in failed:
                continue
            counter[0] += 1
            try:
                elapsed = time_once(cmd, counter[0], timeout, row.unit)
            except CommandFailed as exc:
                failed[side] = str(exc)
                continue
            if rep > 0:
                times.append(elapsed)
    row.ewg_error = failed.get("ewg", "")
    row.base_error = failed.get("base", "")


def format_ms(seconds: float | None) -> str:
    """Return seconds as milliseconds text, or '-'."""
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


def format_value(value: float | None, unit: str) -> str:
    """Return a median in its unit: seconds as milliseconds, memory in MiB."""
    if unit == "MiB":
        return "-" if value is None else f"{value:.1f} MiB"
    return format_ms(value)


def format_table(rows: Sequence[Row]) -> str:
    """Return the plain-text report table."""
    head = ("scenario", "ewg median", "baseline", "base median", "ratio", "target", "verdict")
    lines = [head]
    for row in rows:
        ewg, base = row.medians()
        ratio = row.ratio()
        lines.append(
            (
                row.name,
                format_value(ewg, row.unit),
                row.baseline.label if row.baseline else "(none)",
                format_value(base, row.unit),
                "-" if ratio is None else f"{ratio:.2f}x",
                "-" if row.target is None else f"<= {row.target:g}x",
                row.verdict(),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    right = {1, 3, 4, 5}
    out = []
    for n, line in enumerate(lines):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# ---------------------------------------------------------------- setup


@dataclass
class Context:
    """What the scenarios share: the ewg command, its environment and the work folder."""

    ewg: list[str]
    env: dict[str, str]
    workdir: Path
    cache: Path
    python: str
    args: argparse.Namespace
    notes: list[str] = field(default_factory=list)

    def ewg_cmd(self, path: Path, *args: str) -> list[str]:
        """Return the argv of an ewg command on the roadmap at ``path``."""
        return [*self.ewg, "--file", str(path), *args]


def reset_dir(path: Path) -> None:
    """Empty (or create) the folder ``path``."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


def default_ewg() -> list[str]:
    """Find ewg: next to this Python, then on PATH, else ``python -m ewg``."""
    beside = Path(sys.executable).parent / "ewg"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("ewg")
    return [found] if found else [sys.executable, "-m", "ewg"]


def ewg_python(ewg: Sequence[str]) -> str:
    """Return the Python interpreter that runs ``ewg`` (from its #! line), else this one."""
    first = ewg[0]
    if Path(first).name.startswith("python"):
        return first
    path = shutil.which(first) or first
    try:
        with open(path, "rb") as fh:
            line = fh.readline(300)
    except OSError:
        return sys.executable
    if line.startswith(b"#!") and b"python" in line:
        parts = shlex.split(line[2:].decode(errors="replace"))
        if Path(parts[0]).name == "env" and len(parts) > 1:
            return shutil.which(parts[1]) or sys.executable
        return parts[0]
    return sys.executable


def ewg_env(cache: Path) -> dict[str, str]:
    """Return the environment of ewg runs: private cache, no colour, no inherited file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EWG_")}
    env.update(EWG_CACHE_DIR=str(cache), NO_COLOR="1", EWG_LANG="en")
    return env


def precompile(python: str, env: dict[str, str]) -> None:
    """Compile ewg's modules to bytecode first, as `pip install` does.

    An editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile
    every module again on every run, which no installed ewg does.
    """
    code = (
        "import compileall, os, ewg; compileall.compile_dir(os.path.dirname(ewg.__file__), quiet=1)"
    )
    subprocess.run([python, "-c", code], env=env, capture_output=True, check=False)


def probe(argv: Sequence[str], env: dict[str, str]) -> str:
    """Run ``argv`` once; return its first output line, or an error message."""
    try:
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot run: {exc}"
    out = (proc.stdout or proc.stderr).strip().splitlines()
    first = out[0] if out else ""
    return first if proc.returncode == 0 else f"exit {proc.returncode}: {first[:150]}"


def tw_date(day: date) -> str:
    """Return a date in Taskwarrior's JSON format."""
    return day.strftime("%Y%m%dT000000Z")


def to_taskwarrior(items: Sequence[dict[str, Any]], with_depends: bool) -> list[dict[str, Any]]:
    """Translate roadmap items into Taskwarrior tasks (one task per item)."""
    namespace = uuid.UUID("4f0a3c1e-6f7b-4a47-9b7e-2b9a1e0d5c11")
    uuids = {it["id"]: str(uuid.uuid5(namespace, it["id"])) for it in items}
    statuses = {"done": "completed", "dropped": "deleted"}
    tasks = []
    for it in items:
        task: dict[str, Any] = {
            "uuid": uuids[it["id"]],
            "description": it["title"],
            "project": it["area"],
            "status": statuses.get(it["status"], "pending"),
            "entry": tw_date(it["created"]),
        }
        if it["status"] == "in_progress":
            task["start"] = tw_date(it.get("start", it["created"]))
        if it["status"] == "done":
            task["end"] = tw_date(it["completed"])
        elif it["status"] == "dropped":
            task["end"] = tw_date(it.get("start", it["created"]))
        if "due" in it:
            task["due"] = tw_date(it["due"])
        tags = list(it.get("tags", [])) + (["onhold"] if it["status"] == "blocked" else [])
        if tags:
            task["tags"] = tags
        if with_depends and it.get("depends_on"):
            task["depends"] = [uuids[d] for d in it["depends_on"]]
        tasks.append(task)
    return tasks


def setup_taskwarrior(ctx: Context, items: Sequence[dict[str, Any]]) -> dict[str, str] | None:
    """Import the items into a private Taskwarrior data dir; return its environment."""
    task = shutil.which("task")
    if task is None:
        ctx.notes.append("Taskwarrior (`task`) is not installed: its baselines are skipped.")
        return None
    folder = ctx.workdir / "task"
    reset_dir(folder)
    data = folder / "data"
    rc = folder / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nhooks=off\nnews.version=2.6.0\n",
        encoding="utf-8",
    )
    env = dict(os.environ, TASKRC=str(rc), TASKDATA=str(data))
    tasks = folder / "tasks.json"
    tasks.write_text(json.dumps(to_taskwarrior(items, ctx.args.task_depends)), encoding="utf-8")
    log(f"setup: importing {len(items)} tasks into Taskwarrior ({data})")
    argv = [task, f"rc.data.location={data}", "rc.confirmation=off", "import", str(tasks)]
    proc = subprocess.run(argv, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        ctx.notes.append(f"`task import` failed ({proc.stderr.strip()[:200]}): baselines skipped.")
        return None
    deps = "with" if ctx.args.task_depends else "without"
    ctx.notes.append(
        f"Taskwarrior holds the same {len(items)} items as tasks {deps} their dependencies"
        + ("" if ctx.args.task_depends else " (see --task-depends)")
        + "; done -> completed, dropped -> deleted, in_progress -> started."
    )
    return env


def done_check(path: Path, ids: Sequence[str]) -> Callable[[int], str | None]:
    """Return a check that run ``n`` marked ``ids[n % len(ids)]`` done in ``path``."""

    def check(run: int) -> str | None:
        item_id = ids[run % len(ids)]
        text = path.read_text(encoding="utf-8")
        start = text.find(f'id = "{item_id}"')
        block = text[start : text.find("[[", start)] if start >= 0 else ""
        if 'status = "done"' not in block or "completed" not in block:
            return f"ewg done {item_id} exited 0 but the item is not done with a completed date"
        return None

    return check


def roadmap_rows(ctx: Context) -> list[Row]:
    """Build the rows of the 10,000-item scenario."""
    n_items = ctx.args.items
    log(f"setup: generating a roadmap of {n_items} items")
    parts = gen_roadmap.generate_parts(n_items, ctx.args.seed)
    folder = ctx.workdir / "roadmap"
    reset_dir(folder)
    roadmap = folder / "roadmap.toml"
    roadmap.write_text(parts.render(), encoding="utf-8", newline="\n")
    items = [it for area_items in parts.items.values() for it in area_items]
    planned = [it["id"] for it in items if it["status"] == "planned"]

    def clear_cache(run: int) -> None:
        reset_dir(ctx.cache)

    status = Command("ewg status", ctx.ewg_cmd(roadmap, "status"), env=ctx.env)
    cold = Command("ewg status", status.argv, env=ctx.env, prepare=clear_cache)
    task_env = setup_taskwarrior(ctx, items)
    summary = list_ = None
    if task_env is not None:
        summary = Command("task summary", ["task", "summary"], env=task_env)
        list_ = Command("task list", ["task", "list"], env=task_env)
    no_task = "" if task_env else "Taskwarrior missing"
    rows = [
        Row("status (cold, empty cache)", cold, summary, None, no_task),
        Row("status", status, summary, 1.0, no_task),
        Row(
            "list (into a pipe)",
            Command("ewg list", ctx.ewg_cmd(roadmap, "list"), env=ctx.env),
            list_,
            1.0,
            no_task,
        ),
    ]
    if planned:
        done_path = folder / "done" / "roadmap.toml"
        done_path.parent.mkdir()

        def fresh_copy(run: int) -> None:
            shutil.copyfile(roadmap, done_path)
            # What a member does first: look at the roadmap (this also warms the cache).
            # Its failures show in the timed command and in the status row.
            with contextlib.suppress(OSError):
                subprocess.run(ctx.ewg_cmd(done_path, "status"), env=ctx.env, capture_output=True)

        done = Command(
            "ewg done",
            lambda run: ctx.ewg_cmd(done_path, "done", planned[run % len(planned)]),
            env=ctx.env,
            prepare=fresh_copy,
            check=done_check(done_path, planned),
        )
        rows.append(Row("done ID (fresh copy)", done, status, 1.5))
        ctx.notes.append(
            "done: each run marks a different planned item on a fresh copy of the file, "
            "after an untimed `ewg status` on that copy."
        )
    else:
        ctx.notes.append("done: skipped, the generated roadmap has no planned item.")
    validate = Command("ewg validate", ctx.ewg_cmd(roadmap, "validate"), env=ctx.env)
    rows.append(Row("validate", validate, status, 1.5))
    # The same roadmap with 200 indicators and 20,000 measurements: the same target.
    with_indicators = folder / "indicators" / "roadmap.toml"
    with_indicators.parent.mkdir()
    with_indicators.write_text(
        parts.render() + gen_roadmap.render_indicators(random.Random(ctx.args.seed), 200, 20_000),
        encoding="utf-8",
        newline="\n",
    )
    indicators = Command("ewg status", ctx.ewg_cmd(with_indicators, "status"), env=ctx.env)
    rows.append(Row("status (+200 indicators, 20,000 measurements)", indicators, summary, 1.0))

    def clear_cache(run: int) -> None:
        reset_dir(ctx.cache)

    cold = Command("ewg status", indicators.argv, env=ctx.env, prepare=clear_cache)
    baseline = tomllib_load(ctx, with_indicators)
    rows.append(Row("status (cold, +200 indicators) vs tomllib", cold, baseline, 1.2))
    rows.append(help_row(ctx))
    rows += cold_rows(ctx, roadmap, status)
    return rows


# ---------------------------------------------------------------- cold and incremental reads


def tomllib_load(ctx: Context, path: Path) -> Command:
    """A bare `tomllib.load` of ``path`` in a fresh Python: the floor of a cold read."""
    code = "import sys, tomllib\nwith open(sys.argv[1], 'rb') as f:\n    tomllib.load(f)"
    return Command("tomllib.load", [ctx.python, "-c", code, str(path)], env=ctx.env)


def outside_edit(text: str, share: float, seed: int) -> str:
    """``text`` with the titles of ``share`` of its items changed, as a pull or a hand edit
    changes them (the file stays valid: a read notes no errors)."""
    marker = "\n[[items]]\n"
    starts = []
    at = text.find(marker)
    while at >= 0:
        starts.append(at)
        at = text.find(marker, at + 1)
    chosen = random.Random(seed).sample(starts, max(1, int(len(starts) * share)))
    out, last = [], 0
    for start in sorted(chosen):
        at = text.index('\ntitle = "', start) + len('\ntitle = "')
        out += [text[last:at], f"Revised ({seed}): "]
        last = at
    out.append(text[last:])
    return "".join(out)


def cold_only_rows(ctx: Context) -> list[Row]:
    """The rows of `cold_rows` alone, on a roadmap of --items items."""
    log(f"setup: generating a roadmap of {ctx.args.items} items")
    folder = ctx.workdir / "roadmap"
    reset_dir(folder)
    roadmap = folder / "roadmap.toml"
    text = gen_roadmap.generate_roadmap(ctx.args.items, ctx.args.seed)
    roadmap.write_text(text, encoding="utf-8", newline="\n")
    status = Command("ewg status", ctx.ewg_cmd(roadmap, "status"), env=ctx.env)
    return cold_rows(ctx, roadmap, status)


def cold_rows(ctx: Context, roadmap: Path, status: Command) -> list[Row]:
    """Rows of the reads that find no cache entry for the file: empty cache, outside edit."""

    def clear_cache(run: int) -> None:
        reset_dir(ctx.cache)

    cold = Command("ewg status", status.argv, env=ctx.env, prepare=clear_cache)
    rows = [Row("status (cold) vs tomllib", cold, tomllib_load(ctx, roadmap), 1.2)]

    folder = roadmap.parent / "outside"
    reset_dir(folder)
    path = folder / "roadmap.toml"
    base = roadmap.read_text(encoding="utf-8")

    def edit_outside(run: int) -> None:
        # ewg has read the file (its status, untimed), then 1% of its items change.
        path.write_text(base, encoding="utf-8", newline="\n")
        with contextlib.suppress(OSError):
            subprocess.run(ctx.ewg_cmd(path, "status"), env=ctx.env, capture_output=True)
        path.write_text(outside_edit(base, 0.01, run), encoding="utf-8", newline="\n")

    after = Command("ewg status", ctx.ewg_cmd(path, "status"), env=ctx.env, prepare=edit_outside)
    rows.append(Row("status after an outside edit (1% of items)", after, status, 2.0))
    ctx.notes.append(
        "outside edit: before each run the file is restored and read by an untimed `ewg status`,"
        " then the title of 1% of its items changes."
    )

    validate = Command("ewg validate", ctx.ewg_cmd(roadmap, "validate"), env=ctx.env)
    validate.prepare = clear_cache
    checker = shutil.which("check-jsonschema") or str(Path(ctx.python).parent / "check-jsonschema")
    schema = folder / "roadmap.schema.json"
    made = subprocess.run([*ctx.ewg, "schema"], env=ctx.env, capture_output=True)
    if not Path(checker).is_file() or made.returncode != 0:
        note = "check-jsonschema (pip install check-jsonschema) or `ewg schema` missing"
        rows.append(Row("validate (cold) vs check-jsonschema", validate, None, 0.7, note))
    else:
        schema.write_bytes(made.stdout)
        shape = Command("check-jsonschema", [checker, "--schemafile", str(schema), str(roadmap)])
        rows.append(Row("validate (cold) vs check-jsonschema", validate, shape, 0.7))
    if ctx.args.memory_items:
        rows.append(memory_row(ctx))
    return rows


def memory_row(ctx: Context) -> Row:
    """Peak memory of a cold `ewg status` on a big roadmap against `tomllib.load` of it."""
    n_items = ctx.args.memory_items
    log(f"setup: generating a roadmap of {n_items} items")
    folder = ctx.workdir / "memory"
    reset_dir(folder)
    path = folder / "roadmap.toml"
    path.write_text(gen_roadmap.generate_roadmap(n_items, ctx.args.seed), "utf-8", newline="\n")

    def clear_cache(run: int) -> None:
        reset_dir(ctx.cache)

    cold = Command("ewg status", ctx.ewg_cmd(path, "status"), env=ctx.env, prepare=clear_cache)
    name = f"peak memory, status (cold), {n_items:,} items"
    return Row(name, cold, tomllib_load(ctx, path), 1.5, unit="MiB")


def help_row(ctx: Context) -> Row:
    """Build the row `ewg --help` against a bare one-command Typer app."""
    ewg_help = Command("ewg --help", [*ctx.ewg, "--help"], env=ctx.env)
    check = subprocess.run([ctx.python, "-c", "import typer"], capture_output=True)
    if check.returncode != 0:
        note = f"typer is not importable by {ctx.python}"
        ctx.notes.append(f"--help: {note}: baseline skipped.")
        return Row("--help", ewg_help, None, 1.2, note)
    app = ctx.workdir / "typer" / "bare_typer.py"
    reset_dir(app.parent)
    app.write_text(BARE_TYPER_APP, encoding="utf-8")
    bare = Command("bare Typer --help", [ctx.python, str(app), "--help"], env=ctx.env)
    return Row("--help", ewg_help, bare, 1.2)


def find_git_cliff(given: str | None) -> str | None:
    """Find git-cliff: --git-cliff, PATH, or next to this Python."""
    if given:
        return given
    found = shutil.which("git-cliff")
    beside = Path(sys.executable).parent / "git-cliff"
    return found or (str(beside) if beside.is_file() else None)


def history_rows(ctx: Context) -> list[Row]:
    """Build the rows of the git-history scenario."""
    repo = ctx.workdir / "history"
    shutil.rmtree(repo, ignore_errors=True)
    commits = ctx.args.commits
    log(f"setup: building a history of {commits} commits with git fast-import")
    started = time.perf_counter()
    head = gen_history.build_history_repo(repo, commits, 200, 500, ctx.args.seed)
    ctx.notes.append(
        f"history: {commits} commits, 200 -> 500 items, HEAD {head[:12]}, "
        f"built in {time.perf_counter() - started:.1f} s."
    )
    roadmap = repo / "roadmap.toml"
    argv = ctx.ewg_cmd(roadmap, "changelog", "--format", "json")

    def clear_history_cache(run: int) -> None:
        shutil.rmtree(repo / ".git" / "ewg", ignore_errors=True)
        reset_dir(ctx.cache)

    cold = Command("ewg changelog", argv, cwd=repo, env=ctx.env, prepare=clear_history_cache)
    warm = Command("ewg changelog", argv, cwd=repo, env=ctx.env)
    git_log = Command("git log -p", ["git", "log", "-p", "--", "roadmap.toml"], cwd=repo)
    rows = [Row("changelog --format json (cold)", cold, git_log, 2.0)]
    # The same history with every 10th version brought in by a merge, in both parent
    # orders (half of them as `git pull` writes them): the walk through merges.
    merged = ctx.workdir / "history-merges"
    shutil.rmtree(merged, ignore_errors=True)
    gen_history.build_history_repo(merged, commits, 200, 500, ctx.args.seed, merge_every=10)
    merged_argv = ctx.ewg_cmd(merged / "roadmap.toml", "changelog", "--format", "json")

    def clear_merged_cache(run: int) -> None:
        shutil.rmtree(merged / ".git" / "ewg", ignore_errors=True)
        reset_dir(ctx.cache)

    rows.append(
        Row(
            "changelog --format json, merges (cold)",
            Command(
                "ewg changelog", merged_argv, cwd=merged, env=ctx.env, prepare=clear_merged_cache
            ),
            Command("git log -p", ["git", "log", "-p", "--", "roadmap.toml"], cwd=merged),
            2.0,
        )
    )
    cliff = find_git_cliff(ctx.args.git_cliff)
    if cliff is None:
        note = "git-cliff not installed (pip install git-cliff)"
        ctx.notes.append(f"changelog (warm): {note}: baseline skipped.")
        rows.append(Row("changelog --format json (warm)", warm, None, 1.0, note))
        return rows
    config = ctx.workdir / "cliff.toml"
    config.write_text(CLIFF_CONFIG, encoding="utf-8")
    git_cliff = Command(
        "git-cliff", [cliff, "--config", str(config), "--output", os.devnull], cwd=repo
    )
    rows.append(Row("changelog --format json (warm)", warm, git_cliff, 1.0))
    return rows


# ---------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    """Return a description of this machine."""
    return {
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def report(ctx: Context, rows: Sequence[Row], ewg_version: str) -> str:
    """Return the whole plain-text report."""
    info = machine()
    verdicts = [row.verdict() for row in rows]
    counts = ", ".join(
        f"{verdicts.count(v)} {v}" for v in ("PASS", "FAIL", "ERROR", "SKIP", "INFO")
    )
    lines = [
        f"ewg benchmarks: {info['system']}, {info['cpus']} CPUs, Python {info['python']}",
        f"ewg: {shlex.join(ctx.ewg)} ({ewg_version})",
        f"medians of {ctx.args.runs} interleaved runs after one warm-up; ratio = ewg / baseline",
        "",
        format_table(rows),
        "",
    ]
    problems = [
        f"  {row.name}: {side} failed: {error}"
        for row in rows
        for side, error in (("ewg", row.ewg_error), ("baseline", row.base_error))
        if error
    ]
    if problems:
        lines += ["errors:", *problems, ""]
    if ctx.notes:
        lines += ["notes:", *(f"  - {note}" for note in ctx.notes), ""]
    failing = [r.name for r in rows if r.verdict() in ("FAIL", "ERROR")]
    lines.append(f"SUMMARY: {counts}")
    if failing:
        lines.append(f"NOT MET: {'; '.join(failing)}")
    lines.append("(a report: the exit status is 0 whatever the verdicts)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: set up the scenarios, time them, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command")
    parser.add_argument(
        "--only", choices=("roadmap", "history", "cold"), help="run only one scenario"
    )
    parser.add_argument("--items", type=int, default=10_000, help="items of the big roadmap")
    parser.add_argument("--commits", type=int, default=1000, help="commits of the history")
    parser.add_argument(
        "--memory-items",
        type=int,
        default=100_000,
        help="items of the roadmap whose peak memory is measured (0: no memory row)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--ewg", metavar="CMD", help="the ewg command (default: installed ewg)")
    parser.add_argument("--git-cliff", metavar="PATH", help="the git-cliff executable")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed per run")
    parser.add_argument(
        "--task-depends",
        action="store_true",
        help="give Taskwarrior the items' dependencies too (much slower task list)",
    )
    parser.add_argument("--workdir", metavar="DIR", help="work folder (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.items < 0 or args.commits < 1:
        parser.error("--runs and --commits must be >= 1, --items >= 0")

    ewg = shlex.split(args.ewg) if args.ewg else default_ewg()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="ewg-bench-")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    cache = workdir / "cache"
    reset_dir(cache)
    env = ewg_env(cache)
    ctx = Context(ewg, env, workdir, cache, ewg_python(ewg), args)
    try:
        precompile(ctx.python, env)
        version = probe([*ewg, "--version"], env)
        log(f"ewg: {shlex.join(ewg)}: {version}")
        rows: list[Row] = []
        if args.only in (None, "roadmap"):
            rows += roadmap_rows(ctx)
        if args.only in (None, "history"):
            rows += history_rows(ctx)
        if args.only == "cold":
            rows += cold_only_rows(ctx)
        counter = [0]
        for row in rows:
            log(f"timing: {row.name}")
            measure(row, args.runs, args.timeout, counter)
        print(report(ctx, rows, version), flush=True)
        if args.json:
            result = {
                "schema_version": 1,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "machine": machine(),
                "ewg_command": shlex.join(ewg),
                "ewg_version": version,
                "runs": args.runs,
                "items": args.items,
                "commits": args.commits,
                "rows": [row.to_json() for row in rows],
                "notes": ctx.notes,
            }
            Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            log(f"wrote {args.json}")
    finally:
        if args.workdir or args.keep:
            log(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
