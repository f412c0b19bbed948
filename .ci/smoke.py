"""Smoke-test every command of an installed ewg, as a user of the README's quickstart would.

Run with the python of an environment where ewg was installed with no extras
(`pip install .`): it needs nothing but the standard library and that
environment's `ewg`. Each command runs as a subprocess in a temporary folder
(a git repository where history is needed); interactive `add` runs on a
pseudo-terminal. Prints one line per check and "N passed, N failed" at the end;
exits 1 if any check failed.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
EWG = str(BIN / "ewg")
passed: list[str] = []
failed: list[str] = []


def env() -> dict[str, str]:
    """A plain user's environment, with fixed git identity and a private cache."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EWG_", "GIT_"))}
    base.update(
        {
            "EWG_CACHE_DIR": str(CACHE),
            "GIT_AUTHOR_NAME": "Smoke Test",
            "GIT_AUTHOR_EMAIL": "smoke@example.org",
            "GIT_COMMITTER_NAME": "Smoke Test",
            "GIT_COMMITTER_EMAIL": "smoke@example.org",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "NO_COLOR": "1",
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    return base


ran: list[tuple[str, ...]] = []


def check(name: str, ok: bool, detail: str = "") -> None:
    (passed if ok else failed).append(name)
    print(("ok     " if ok else "FAILED ") + name + ("" if ok else f"\n{detail}"), flush=True)


def ewg(*args: str, expect: int = 0, cwd: Path | None = None, stdin: str = "") -> str:
    """Run `ewg ARGS`; check its exit code and that it printed no traceback."""
    ran.append(tuple(a for a in args if not a.startswith("-")))
    done = subprocess.run(
        [EWG, *args], cwd=cwd or WORK, env=env(), input=stdin, capture_output=True, text=True
    )
    ok = done.returncode == expect and "Traceback" not in done.stderr + done.stdout
    check(
        "ewg " + " ".join(args),
        ok,
        f"exit {done.returncode} (expected {expect})\nstdout: {done.stdout[-2000:]}"
        f"\nstderr: {done.stderr[-2000:]}",
    )
    return done.stdout


def git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd or WORK, env=env(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def interactive_add() -> None:
    """`ewg add` with nothing given, on a pseudo-terminal: it asks, and adds what is answered."""
    answers = iter(["Smoke charging study\n", "infrastructure\n", "\n", "\n", "\n"])
    pid, fd = pty.fork()
    if pid == 0:  # the child: ewg on the terminal
        os.chdir(WORK)
        os.execve(EWG, [EWG, "add"], env())
    transcript = b""
    deadline = time.monotonic() + 60
    prompts = 0
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        transcript += chunk
        # Answer each prompt once: prompts end in ": " (Click's prompt suffix).
        while transcript.count(b": ") > prompts:
            prompts += 1
            answer = next(answers, None)
            if answer is not None:
                os.write(fd, answer.encode())
    _pid, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    text = transcript.decode("utf-8", "replace")
    ok = code == 0 and "Traceback" not in text and "INF-" in text
    check("ewg add (interactive, on a pseudo-terminal)", ok, f"exit {code}\n{text[-3000:]}")
    roadmap = (WORK / "roadmap.toml").read_text(encoding="utf-8")
    check("interactive add wrote the item", "Smoke charging study" in roadmap, roadmap[-500:])


def main() -> int:
    ewg("--version")
    ewg("--help")
    git("init", "-q", "-b", "main")
    ewg("init", "--title", "Smoke roadmap")
    git("add", "roadmap.toml")
    git("commit", "-q", "-m", "Start the roadmap")
    ewg("--help")
    ewg("owner", "add", "doe", "--name", "Department of Energy", "--sector", "government",
        "--country", "US")  # fmt: skip
    ewg("owner", "add", "unam", "--name", "UNAM", "--sector", "academia", "--country", "MX")
    ewg("owner", "add", "spare", "--name", "Spare", "--sector", "industry", "--country", "MX")
    ewg("owner", "rm", "spare")
    ewg("owner", "list")
    ewg("area", "list")
    ewg("milestone", "add", "draft", "--title", "First draft", "--due", "2027-03-31")
    ewg("milestone", "add", "spare", "--title", "Spare", "--due", "2027-04-30")
    ewg("milestone", "rm", "spare")
    ewg("milestone", "list")
    # --commit refuses a file with edits it did not make: commit the tables first.
    git("commit", "-q", "-m", "Owners and milestones", "--", "roadmap.toml")
    first = ewg("add", "Corridor study", "--area", "infrastructure", "--owner", "doe",
                "--due", "2027-06-30", "--milestone", "draft", "--commit").strip()  # fmt: skip
    check("add prints the new id", first.startswith("INF-"), first)
    second = ewg("add", "Training plan", "--area", "human-capital", "--owner", "unam").strip()
    interactive_add()
    git("add", "roadmap.toml")
    git("commit", "-q", "-m", "Two more items")
    ewg("set", first, "--progress", "40", "--tag", "corridor", "--commit")
    ewg("start", first)
    ewg("done", first)
    ewg("block", second, "--reason", "Waiting for the budget")
    third = ewg("add", "To drop", "--area", "innovation").strip()
    ewg("drop", third, "--reason", "Not needed")
    fourth = ewg("add", "To remove", "--area", "innovation").strip()
    ewg("rm", fourth)
    ewg("show", first)
    ewg("show", first, "--format", "json")
    ewg("list", "--all")
    for fmt in ("json", "csv", "markdown"):
        ewg("list", "--all", "--format", fmt)
    for fmt in ("table", "json", "markdown"):
        ewg("status", "--format", fmt)
    ewg("meeting", "add", "--date", "2026-11-20", "--title", "Plenary", "--attendee", "doe",
        "--decision", "Go ahead", "--item", first)  # fmt: skip
    ewg("meeting", "list")
    ewg("validate")
    ewg("validate", "--format", "json")
    json.loads(ewg("schema"))
    for fmt in ("csv", "json", "ical", "mermaid"):
        ewg("export", "--format", fmt)
    ewg("export", "--format", "json", "-o", "export.json")
    for fmt in ("markdown", "html"):
        ewg("report", "--format", fmt)
    git("add", "roadmap.toml")
    git("commit", "-q", "-m", "Progress and a meeting")
    for fmt in ("table", "markdown", "json"):
        ewg("changelog", "--format", fmt)
        ewg("history", first, "--format", fmt)
    ewg("trend")
    ewg("trend", "--format", "json")
    ewg("validate", "--against", "HEAD~1")
    the_group_s_own_tables(first)
    merge_driver()
    every_command_ran()
    print(f"{len(passed)} passed, {len(failed)} failed", flush=True)
    return 1 if failed else 0


def the_group_s_own_tables(first: str) -> None:
    """Renames, meetings edited, the meeting cycle, digests and indicators."""
    ewg("owner", "rename", "unam", "unam-mx", "--commit")  # a committed file: --commit may
    ewg("owner", "set", "unam-mx", "--name", "Universidad Nacional Autónoma de México")
    ewg("milestone", "set", "draft", "--title", "First full draft")
    ewg("milestone", "rename", "draft", "draft-1")
    ewg("area", "set", "innovation", "--name-es", "Innovación tecnológica")
    ewg("meeting", "add", "--date", "2099-01-15", "--title", "Next plenary")
    ewg("meeting", "set", "2026-11-20", "--decision", "Publish the corridor study")
    ewg("add", "From a decision", "--area", "governance", "--decision", "2026-11-20")
    ewg("meeting", "agenda")
    ewg("meeting", "agenda", "--format", "html")
    ewg("meeting", "minutes", "2026-11-20")
    ewg("meeting", "minutes", "2026-11-20", "--format", "html")
    ewg("meeting", "rm", "2099-01-15")
    ewg("digest", "--owner", "doe")
    ewg("digest", "--all", "--format", "markdown")
    ewg("indicator", "add", "chargers-mx", "--name", "Public fast chargers in Mexico",
        "--area", "infrastructure", "--country", "MX", "--unit", "chargers",
        "--baseline", "2023-02-15:1200", "--target", "2030-12-31:10000")  # fmt: skip
    ewg("indicator", "record", "chargers-mx", "2100", "--date", "2024-06-30")
    ewg("indicator", "set", "chargers-mx", "--unit-es", "cargadores")
    for fmt in ("table", "json", "csv", "markdown"):
        ewg("indicator", "list", "--format", fmt)
    ewg("indicator", "show", "chargers-mx")
    ewg("indicator", "rename", "chargers-mx", "fast-chargers-mx")
    ewg("export", "--format", "csv", "--what", "measurements")
    ewg("export", "--format", "csv", "--excel", "-o", "excel.csv")
    ewg("--lang", "es", "status")
    ewg("indicator", "rm", "fast-chargers-mx", "--measurements")
    ewg("git", "setup", "--pull-rebase")
    git("add", "-A")
    git("commit", "-q", "-m", "The group's tables")


def every_command_ran() -> None:
    """Every command the installed ewg lists in its help was run above."""
    commands: list[tuple[str, ...]] = []

    def walk(path: tuple[str, ...]) -> None:
        done = subprocess.run(
            [EWG, *path, "--help"], cwd=WORK, env=env(), capture_output=True, text=True
        )
        lines = done.stdout.splitlines()
        if "Commands:" not in [line.strip() for line in lines]:
            commands.append(path)
            return
        start = [line.strip() for line in lines].index("Commands:") + 1
        for line in lines[start:]:
            if not line.strip():
                break
            if line.startswith("  ") and not line.startswith("   "):
                walk((*path, line.split()[0]))

    walk(())
    missed = [c for c in commands if not any(r[: len(c)] == c for r in ran)]
    check("every command of the help was run", not missed, f"never run: {missed}")


def merge_driver() -> None:
    """`git setup`, then a real merge of two branches that both added an item."""
    ewg("git", "setup", "--commit")
    git("checkout", "-q", "-b", "other")
    ours = ewg("add", "Other branch item", "--area", "governance", "--commit").strip()
    git("checkout", "-q", "main")
    theirs = ewg("add", "Main branch item", "--area", "governance", "--commit").strip()
    done = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "other"],
        cwd=WORK, env=env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    text = (WORK / "roadmap.toml").read_text(encoding="utf-8")
    ok = done.returncode == 0 and "Other branch item" in text and "Main branch item" in text
    check(f"git merge through ewg merge-driver ({ours}, {theirs})", ok, done.stdout + done.stderr)
    ewg("validate")
    base, a, b = (WORK / n for n in ("base.toml", "a.toml", "b.toml"))
    for path in (base, a, b):
        shutil.copyfile(WORK / "roadmap.toml", path)
    ewg("merge-driver", str(base), str(a), str(b), "roadmap.toml")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="ewg-smoke-") as tmp:
        WORK = Path(tmp) / "work"
        CACHE = Path(tmp) / "cache"
        WORK.mkdir()
        sys.exit(main())
