"""Real processes: concurrent writers all land, a killed writer never leaves a partial file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

from tests.helpers import ROOT


def ewg(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """Start `python -m ewg` in `cwd`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "ewg", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_adds_all_land_with_distinct_ids(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "roadmap.toml", tmp_path / "roadmap.toml")
    titles = [f"Concurrent item {n}" for n in range(8)]
    procs = [
        ewg("add", title, "--area", "innovation", "--owner", "sre", cwd=tmp_path)
        for title in titles
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), outputs
    ids = [out.strip() for out, _err in outputs]
    assert len(set(ids)) == len(ids)
    items = tomllib.loads((tmp_path / "roadmap.toml").read_text(encoding="utf-8"))["items"]
    by_title = {i["title"]: i["id"] for i in items}
    assert sorted(by_title[t] for t in titles) == sorted(ids)
    assert len({i["id"] for i in items}) == len(items)


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ewg.store import write_atomic
    path = Path(sys.argv[1])
    texts = [Path(sys.argv[2]).read_text(), Path(sys.argv[3]).read_text()]
    n = 0
    while True:
        write_atomic(path, texts[n % 2])
        n += 1
    """
)


def test_a_killed_writer_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    big_a = "# A\n" + ("x = 1\n" * 200_000)
    big_b = "# B\n" + ("y = 2\n" * 220_000)
    (tmp_path / "a").write_text(big_a)
    (tmp_path / "b").write_text(big_b)
    target = tmp_path / "roadmap.toml"
    target.write_text(big_a)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(tmp_path / "a"), str(tmp_path / "b")],
            env=env,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert target.read_text() in (big_a, big_b)
