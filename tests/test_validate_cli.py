"""`ewg validate` as users and CI run it: formats, several files, exit codes, --against, writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden" / "validate"
CLEAN = (DATA / "clean.toml").read_text(encoding="utf-8")
TEXT_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>[EW]\d{3}) .+$"
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _broken(name: str) -> str:
    return (DATA / "broken" / f"{name}.toml").read_text(encoding="utf-8")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- exit codes ---------------------------------------------------------------------------


def test_bundled_roadmap_passes_with_its_warnings(invoke: Invoke, roadmap: Path) -> None:
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert "error" not in result.stdout
    assert re.search(r"1 file checked: 0 errors, \d+ warnings?", result.stderr)


def test_clean_file_prints_nothing_on_stdout(invoke: Invoke, here: Path) -> None:
    _write(here, "roadmap.toml", CLEAN)
    result = invoke("validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 file checked: no problems found\n"


def test_warnings_fail_only_with_strict(invoke: Invoke, here: Path) -> None:
    _write(here, "roadmap.toml", _broken("W102-overdue"))
    assert invoke("validate").exit_code == 0
    strict = invoke("validate", "--strict")
    assert strict.exit_code == 1
    assert "warning W102" in strict.stdout


def test_errors_fail(invoke: Invoke, here: Path) -> None:
    _write(here, "roadmap.toml", _broken("E007-status"))
    result = invoke("validate")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first == "roadmap.toml:55:10: error E007 invalid status 'planed'"


def test_wrong_usage_exits_2(invoke: Invoke, roadmap: Path) -> None:
    result = invoke("validate", "--format", "xml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_no_roadmap_anywhere(invoke: Invoke, here: Path) -> None:
    result = invoke("validate")
    assert result.exit_code == 1
    assert "no roadmap.toml" in result.stderr


# --- files --------------------------------------------------------------------------------


def test_several_files_all_findings_in_order(invoke: Invoke, here: Path) -> None:
    _write(here, "a.toml", _broken("E010-unknown-owner"))
    _write(here, "b.toml", CLEAN)
    _write(here, "c.toml", _broken("E001-unquoted-string"))
    result = invoke("validate", "a.toml", "b.toml", "c.toml", "nope.toml")
    assert result.exit_code == 1
    heads = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert heads == [
        "a.toml:36:35: error E010 item INN-1 names unknown owner 'sep'",
        "c.toml:55:10: error E001 invalid TOML: invalid value",
        "nope.toml: error E000 no such file",
    ]
    assert result.stderr == "4 files checked: 3 errors, 0 warnings\n"


def test_file_option_and_environment(
    invoke: Invoke, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(here, "x.toml", _broken("E013-progress-range"))
    assert "x.toml:56:12: error E013" in invoke("validate", "-f", "x.toml").stdout
    assert "x.toml:56:12: error E013" in invoke("--file", "x.toml", "validate").stdout
    monkeypatch.setenv("EWG_FILE", "x.toml")
    assert "x.toml:56:12: error E013" in invoke("validate").stdout


def test_found_file_is_named_relative_to_here(
    invoke: Invoke, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(here, "roadmap.toml", _broken("E013-progress-range"))
    (here / "docs").mkdir()
    monkeypatch.chdir(here / "docs")
    result = invoke("validate")
    assert result.stdout.startswith(f"..{os.sep}roadmap.toml:56:12: error E013")


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02binary", b'title = "caf\xe9"\n', b"\xef\xbb\xbf[roadmap]\n"],
    ids=["empty", "binary", "latin-1", "bom"],
)
def test_files_that_are_not_roadmaps(invoke: Invoke, here: Path, content: bytes) -> None:
    (here / "roadmap.toml").write_bytes(content)
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert findings and all(f["line"] >= 1 for f in findings)
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_folder_and_huge_file(invoke: Invoke, here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ewg import source

    monkeypatch.setattr(source, "MAX_BYTES", 100)
    _write(here, "big.toml", "# " + "x" * 200)
    (here / "folder").mkdir()
    result = invoke("validate", "big.toml", "folder")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "big.toml: error E000 the file is larger than 0 MB; no roadmap is that big",
        "folder: error E000 this is a folder, not a file",
    ]


# --- formats ------------------------------------------------------------------------------


def test_json_document(invoke: Invoke, here: Path) -> None:
    _write(here, "roadmap.toml", _broken("E007-status"))
    result = invoke("validate", "roadmap.toml", "gone.toml", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    assert document["files"] == ["roadmap.toml", "gone.toml"]
    assert document["summary"] == {"files": 2, "errors": 2, "warnings": 0}
    first, second = document["findings"]
    assert first == {
        "file": "roadmap.toml",
        "line": 55,
        "col": 10,
        "severity": "error",
        "code": "E007",
        "message": "invalid status 'planed'",
        "hint": "did you mean 'planned'?",
    }
    assert (second["code"], second["line"], second["col"]) == ("E000", None, None)


def test_github_escapes_properties_and_data(invoke: Invoke, here: Path) -> None:
    text = CLEAN.replace("[roadmap]\n", '[roadmap]\n"100%\\nnew" = 1\n')
    _write(here, "a,b:c.toml", text)
    result = invoke("validate", "a,b:c.toml", "--format", "github")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line == (
        "::error file=a%2Cb%3Ac.toml,line=2,col=1,title=E004::"
        "unknown key '100%25\\x0anew' in [roadmap]"
    )


def test_github_escapes_the_hint_separator() -> None:
    from ewg.render.findings import render_github
    from ewg.validate import Diagnostic

    finding = Diagnostic(
        "warning", "W101", "50% done\r", hint="a, b: c", file="x.toml", line=3, col=1
    )
    assert render_github([finding], ["x.toml"]) == (
        "::warning file=x.toml,line=3,col=1,title=W101::50%25 done\\x0d%0Ahint: a, b: c\n"
    )


def test_github_uses_the_path_from_the_repository_root(
    invoke: Invoke, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    (git_repo.path / "plans").mkdir()
    _write(git_repo.path / "plans", "roadmap.toml", _broken("E013-progress-range"))
    monkeypatch.chdir(git_repo.path / "plans")
    result = invoke("validate", "--format", "github")
    assert result.stdout.startswith("::error file=plans/roadmap.toml,line=56,col=12,title=E013::")


def test_text_shows_no_control_characters(invoke: Invoke, here: Path) -> None:
    text = CLEAN.replace("[roadmap]\n", '[roadmap]\n"\\u001b]0;pwned\\u0007" = 1\n')
    _write(here, "roadmap.toml", text)
    for fmt in ("text", "github"):
        result = invoke("validate", "--format", fmt)
        assert result.exit_code == 1
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\\x1b]0;pwned\\x07" in result.stdout


def test_every_text_finding_line_is_parseable(invoke: Invoke, here: Path) -> None:
    shutil.copyfile(GOLDEN / "roadmap.toml", here / "roadmap.toml")
    result = invoke("validate")
    heads = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert heads and all(TEXT_LINE.match(line) for line in heads), heads


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_golden_output(invoke: Invoke, here: Path, fmt: str) -> None:
    """Refresh on purpose with EWG_UPDATE_GOLDEN=1 and review the diff."""
    shutil.copyfile(GOLDEN / "roadmap.toml", here / "roadmap.toml")
    (here / ".git").mkdir()  # the GitHub format names files from the repository root
    result = invoke("validate", "roadmap.toml", "missing.toml", "--format", fmt)
    assert result.exit_code == 1
    golden = GOLDEN / f"{fmt}.txt"
    if os.environ.get("EWG_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


# --- --against REV ------------------------------------------------------------------------


def _item(item_id: str, title: str) -> str:
    return (
        f'\n[[items]]\nid = "{item_id}"\ntitle = "{title}"\n'
        'area = "governance"\nowners = ["uc"]\nstatus = "planned"\n'
    )


@pytest.fixture
def diverged(git_repo: GitRepo) -> GitRepo:
    """main and feature both added GOV-3, each as its own item; feature is checked out."""
    git_repo.commit_file("roadmap.toml", CLEAN, "roadmap")
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.commit_file("roadmap.toml", CLEAN + _item("GOV-3", "Secretariat budget"), "feature")
    git_repo.git("checkout", "-q", "main")
    git_repo.commit_file("roadmap.toml", CLEAN + _item("GOV-3", "Charter translation"), "main")
    git_repo.git("checkout", "-q", "feature")
    return git_repo


def test_against_reports_an_id_both_sides_added(invoke: Invoke, diverged: GitRepo) -> None:
    result = invoke("validate", "--against", "main")
    assert result.exit_code == 1
    line = CLEAN.count("\n") + 3
    assert result.stdout.splitlines()[0] == (
        f"roadmap.toml:{line}:6: error E016 main holds GOV-3 as a different item: "
        "'Charter translation' (area governance)"
    )
    assert invoke("validate").exit_code == 0  # the file alone is fine


def test_against_ignores_an_item_edited_on_one_side(invoke: Invoke, diverged: GitRepo) -> None:
    diverged.git("checkout", "-q", "main")
    diverged.git("checkout", "-q", "-b", "edit")
    edited = CLEAN.replace('title = "Set up the secretariat"', 'title = "Set up a secretariat"')
    diverged.commit_file("roadmap.toml", edited + _item("GOV-3", "Charter translation"), "edit")
    assert invoke("validate", "--against", "main").exit_code == 0


def test_against_a_revision_without_the_file(invoke: Invoke, git_repo: GitRepo) -> None:
    git_repo.commit_file("README", "x", "start")
    git_repo.commit_file("roadmap.toml", CLEAN, "roadmap")
    assert invoke("validate", "--against", "HEAD~1").exit_code == 0


@pytest.mark.parametrize(
    ("rev", "message"),
    [
        ("nope", "unknown revision 'nope'"),
        ("--output=/tmp/x", "invalid revision '--output=/tmp/x'"),
    ],
)
def test_against_bad_revisions_exit_3(
    invoke: Invoke, diverged: GitRepo, rev: str, message: str
) -> None:
    result = invoke("validate", f"--against={rev}")
    assert result.exit_code == 3
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_against_outside_a_repository_exits_3(invoke: Invoke, here: Path) -> None:
    _write(here, "roadmap.toml", CLEAN)
    result = invoke("validate", "--against", "main")
    assert result.exit_code == 3
    assert "not in a git repository" in result.stderr


def test_against_in_a_shallow_clone_exits_3(
    invoke: Invoke, diverged: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            "-b",
            "feature",
            f"file://{diverged.path}",
            str(clone),
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.chdir(clone)
    result = invoke("validate", "--against", "origin/main")
    assert result.exit_code == 3
    assert "fetch-depth: 0" in result.stderr
    unknown = invoke("validate", "--against", "origin/gone")
    assert (unknown.exit_code, "fetch-depth: 0" in unknown.stderr) == (3, True)


# --- writes use the same rules ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("set", "INN-2", "--due", "2024-01-01"), "is due (2024-01-01) before it starts"),
        (("set", "INN-1", "--depends", "INN-2"), "dependency cycle"),
    ],
    ids=["due-before-start", "cycle"],
)
def test_write_that_validation_rejects_is_refused(
    invoke: Invoke, roadmap: Path, args: tuple[str, ...], why: str
) -> None:
    before = roadmap.read_bytes()
    result = invoke(*args)
    assert result.exit_code == 1
    assert why in result.stderr
    assert roadmap.read_bytes() == before


def test_store_refuses_a_change_that_adds_an_error(roadmap: Path) -> None:
    from ewg import store
    from ewg.errors import InvalidRoadmapError

    before = roadmap.read_bytes()
    with pytest.raises(InvalidRoadmapError) as refused:
        store.update(
            roadmap, lambda doc: store.set_item_fields(doc, "INN-3", {"status": "finished"})
        )
    assert [f.code for f in refused.value.findings] == ["E007"]  # type: ignore[attr-defined]
    assert roadmap.read_bytes() == before


# --- real processes -----------------------------------------------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EWG_TODAY": "2026-11-27"}
    return subprocess.run(
        [sys.executable, "-m", "ewg", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_subprocess_text_and_exit_code(here: Path) -> None:
    _write(here, "roadmap.toml", _broken("E011-cycle"))
    done = _run("validate", cwd=here)
    assert done.returncode == 1
    assert done.stdout.startswith(
        "roadmap.toml:41:15: error E011 dependency cycle: INN-1 -> GOV-2 -> INN-1\n"
    )
    assert done.stderr == "1 file checked: 1 error, 0 warnings\n"


def test_subprocess_json_on_a_clean_file(here: Path) -> None:
    _write(here, "roadmap.toml", CLEAN)
    done = _run("validate", "--format", "json", cwd=here)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["findings"] == []


# --- the renderers alone --------------------------------------------------------------------


def _finding(source: str, col: int) -> object:
    from ewg.validate import Diagnostic

    return Diagnostic("error", "E007", "bad", file="r.toml", line=7, col=col, source=source)


def test_caret_under_the_column_with_tabs_and_wide_characters() -> None:
    from ewg.render.findings import render_text

    text = render_text([_finding('\ttítulo = "会议" x', 16)], ["r.toml"])  # type: ignore[list-item]
    _head, line, caret = text.splitlines()
    assert line == '  7 |  título = "会议" x'
    assert caret == "    |" + " " * 18 + "^"  # under the x: each CJK character takes two columns


def test_long_lines_are_cut_around_the_column() -> None:
    from ewg.render.findings import render_text

    source = "k = [" + ", ".join(f'"{n:03}"' for n in range(300)) + "]"
    col = source.index('"250"') + 1
    _head, line, caret = render_text([_finding(source, col)], ["r.toml"]).splitlines()  # type: ignore[list-item]
    assert line.startswith("  7 | …") and line.endswith("…")
    assert len(line) < 140
    assert line[caret.index("^") : caret.index("^") + 5] == '"250"'


def test_colour_only_when_asked() -> None:
    from ewg.render.findings import render_text

    plain = render_text([_finding("x = 1", 1)], ["r.toml"])  # type: ignore[list-item]
    coloured = render_text([_finding("x = 1", 1)], ["r.toml"], color=True)  # type: ignore[list-item]
    assert "\x1b" not in plain
    assert "\x1b[1;31merror\x1b[0m E007" in coloured
