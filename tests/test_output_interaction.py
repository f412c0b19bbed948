"""Interaction: a filter that matches nothing says so; status --area names its area."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke
from tests.helpers import GitRepo


def test_a_filter_matching_nothing_says_so(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("list", "--tag", "no-such-tag")
    assert result.exit_code == 0
    assert "no items match" in result.stderr
    assert invoke("--lang", "es", "list", "--tag", "x").stderr.strip() == "ninguna acción coincide"
    json_out = invoke("list", "--tag", "x", "--format", "json")
    assert '"items": []' in json_out.stdout and "no items match" in json_out.stderr
    assert "no items match" not in invoke("list").stderr


def test_status_for_one_area_names_it(roadmap: Path, invoke: Invoke) -> None:
    text = invoke("status", "--area", "providers").stdout
    assert text.splitlines()[0].endswith("— area: Provider development")
    spanish = invoke("--lang", "es", "status", "--area", "providers", "--format", "markdown")
    assert spanish.stdout.splitlines()[0].endswith("— área: Desarrollo de proveedores")
    assert "area:" not in invoke("status").stdout.splitlines()[0]


def test_done_warns_when_dependencies_are_still_open(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("done", "INN-3")  # depends on INN-1 (done) and PRV-2 (in progress)
    assert result.exit_code == 0
    assert "warning: INN-3 depends on PRV-2, still open" in result.stderr
    spanish = invoke("--lang", "es", "done", "GOV-5")
    assert "advertencia: GOV-5 depende de GOV-4, INN-2" in spanish.stderr
    assert "que siguen abiertas" in spanish.stderr
    assert "depends on" not in invoke("done", "INN-1").stderr  # nothing open before it


def test_done_warns_on_the_quick_path_too(roadmap: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("EWG_LANG")}
    done = subprocess.run(
        [sys.executable, "-m", "ewg", "done", "inn-3"],
        cwd=roadmap.parent, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "INN-3 is now done" in done.stderr
    assert "warning: INN-3 depends on PRV-2, still open" in done.stderr


def test_rm_force_names_the_items_whose_dependencies_it_changed(
    roadmap: Path, invoke: Invoke
) -> None:
    result = invoke("rm", "INN-1", "--force")
    assert result.exit_code == 0
    assert "removed INN-1 from the depends_on of INN-2, INN-3, GOV-4" in result.stderr


def _interactive_add(folder: Path, answers: list[str]) -> str:
    """Run `ewg add` on a pseudo-terminal, giving each prompt (a line ending in ": ") the
    next answer; what the terminal showed."""
    import os
    import pty
    import select
    import signal
    import sys

    pid, fd = pty.fork()
    if pid == 0:  # the child: ewg on the terminal
        os.chdir(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EWG_LANG", "COLUMNS"))}
        os.execve(sys.executable, [sys.executable, "-m", "ewg", "add"], env)
    transcript, answered_at = "", -1
    pending = list(answers)
    while True:
        ready, _w, _x = select.select([fd], [], [], 20)
        if not ready:  # waiting for an answer it will not get
            os.kill(pid, signal.SIGKILL)
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        transcript += chunk.decode("utf-8", "replace")
        if transcript.endswith(": ") and len(transcript) > answered_at and pending:
            answered_at = len(transcript)
            os.write(fd, pending.pop(0).encode() + b"\r")
    os.waitpid(pid, 0)
    os.close(fd)
    return transcript.replace("\r\n", "\n")


def test_interactive_add_asks_again_after_a_wrong_answer(roadmap: Path) -> None:
    shown = _interactive_add(
        roadmap.parent,
        [
            "Charging corridor study",
            "nowhere",  # no such area: said, and asked again
            "infrastructure",
            "doe, nobody",
            "doe",
            "",
            "2027-02-30",  # no such day
            "2027-03-01",
        ],
    )
    assert "Traceback" not in shown
    assert "error: no area 'nowhere'" in shown and "error: no owner 'nobody'" in shown
    assert "[]" not in shown  # an empty default is not shown
    text = roadmap.read_text(encoding="utf-8")
    assert 'title = "Charging corridor study"' in text
    assert 'owners = ["doe"]' in text and "due = 2027-03-01" in text


def test_the_report_prints_on_the_paper_the_printer_has(roadmap: Path, invoke: Invoke) -> None:
    page = invoke("report", "--format", "html").stdout
    pages = [rule for rule in page.split("\n") if rule.startswith("@page")]
    assert pages and all("size" not in rule for rule in pages)  # not forced to A4 on Letter
    assert "margin: 14mm 12mm" in pages[0]


def test_the_reports_changes_name_items_by_title(git_repo: GitRepo, invoke: Invoke) -> None:
    from tests.helpers import ROOT

    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    git_repo.commit_file("roadmap.toml", text, "Roadmap")
    assert invoke("start", "INN-3").exit_code == 0
    git_repo.tick()
    git_repo.git("commit", "-q", "-am", "Start INN-3")
    report = invoke("report", "--format", "markdown", "--since", "HEAD~1").stdout
    assert "| INN-3 Pilot testing of EV components at plants in Mexico" in report
    spanish = invoke("--lang", "es", "report", "--format", "markdown", "--since", "HEAD~1")
    assert "| INN-3 Pruebas piloto de componentes" in spanish.stdout


def test_the_coverage_shows_counts_and_a_legend(roadmap: Path, invoke: Invoke) -> None:
    md = invoke("report", "--format", "markdown").stdout
    assert "| Infrastructure development | 6 | 2 | **missing** | 4 | 4 |" in md
    assert "- U.S. Department of Energy — government, US" in md
    assert md.count("U.S. Department of Energy") <= 3  # the legend, attendees: not per cell
    page = invoke("--lang", "es", "report", "--format", "html").stdout
    assert '<ul class="legend">' in page and "Universidad de California — academia" in page
