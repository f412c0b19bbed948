"""ewg's promises about git, on real repositories: real hooks, real locks, real clones.

A failed `--commit` undoes its own change alone and leaves the index as it was found;
`--commit` records ewg's change and nothing else, under a subject that states it; git's
problems are named as git names them; revisions are single commits; the merge driver
that `.gitattributes` asks for is said to be missing when it is.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo
from tests.test_store_processes import ewg

BUNDLED = (ROOT / "roadmap.toml").read_text(encoding="utf-8")


@pytest.fixture
def committed(git_repo: GitRepo) -> GitRepo:
    """The bundled roadmap, committed; the clock moved on."""
    git_repo.commit_file("roadmap.toml", BUNDLED, "start")
    git_repo.tick()
    return git_repo


def _head(repo: GitRepo) -> str:
    return repo.git("rev-parse", "HEAD").strip()


def _hook(repo: GitRepo, body: str) -> None:
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\n" + body)
    hook.chmod(0o755)


def _subject(repo: GitRepo) -> str:
    return repo.git("log", "-1", "--format=%s").strip()


# --- 3. a failed --commit undoes its own change alone ----------------------------------


def test_a_failed_commit_restores_the_file_and_leaves_the_index_as_found(
    committed: GitRepo, invoke: Invoke
) -> None:
    _hook(committed, "echo 'refused by the hook' >&2\nexit 1\n")
    head = _head(committed)
    result = invoke("set", "INN-2", "--progress", "70", "--commit")
    assert result.exit_code == 3
    assert result.stderr == "error: git commit failed: refused by the hook\n"
    assert (committed.path / "roadmap.toml").read_text(encoding="utf-8") == BUNDLED
    assert committed.git("status", "--porcelain") == ""  # not "MM": nothing left staged
    assert _head(committed) == head


def test_a_failed_commit_quotes_every_line_of_the_hook_cleanly(
    committed: GitRepo, invoke: Invoke
) -> None:
    _hook(committed, "printf 'first problem\\n\\033[31msecond problem\\n' >&2\nexit 1\n")
    result = invoke("--lang", "es", "done", "INN-3", "--commit")
    assert result.exit_code == 3
    assert result.stderr == ("error: el commit de git falló: first problem / [31msecond problem\n")


def _waits_for_a_lock(pid: int) -> bool:
    """Whether process `pid` is blocked waiting for a file lock (Linux: /proc/locks)."""
    text = Path("/proc/locks").read_text()
    return any("->" in line and f" {pid} " in line for line in text.splitlines())


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")
def test_a_writer_waits_for_a_commit_in_progress_and_keeps_its_change_when_it_fails(
    committed: GitRepo, tmp_path: Path
) -> None:
    """The first `set --commit` holds the lock while its pre-commit hook runs; a second
    `set` waits, then writes after the hook failed; the rollback keeps the second change."""
    started, release = tmp_path / "hook-started", tmp_path / "hook-release"
    _hook(
        committed,
        f"touch '{started}'\n"
        f"while [ ! -e '{release}' ]; do sleep 0.02; done\n"
        "echo 'refused by the hook' >&2\nexit 1\n",
    )
    first = ewg("set", "INN-2", "--progress", "70", "--commit", cwd=committed.path)
    while not started.exists():
        assert first.poll() is None, first.communicate()
        time.sleep(0.02)
    second = ewg("set", "INN-3", "--progress", "55", cwd=committed.path)
    while second.poll() is None and not _waits_for_a_lock(second.pid):
        time.sleep(0.02)
    # Today's main let the second writer through here; now it waits for the lock.
    waited = second.poll() is None
    release.touch()
    _out1, err1 = first.communicate(timeout=60)
    _out2, err2 = second.communicate(timeout=60)
    expected_dir = tmp_path / "expected"
    expected_dir.mkdir()
    (expected_dir / "roadmap.toml").write_text(BUNDLED, encoding="utf-8")
    alone = ewg("set", "INN-3", "--progress", "55", cwd=expected_dir)
    assert alone.wait(timeout=60) == 0
    assert (committed.path / "roadmap.toml").read_bytes() == (
        expected_dir / "roadmap.toml"
    ).read_bytes()
    assert committed.git("status", "--porcelain") == " M roadmap.toml\n"
    assert first.returncode == 3 and "git commit failed: refused by the hook" in err1
    assert second.returncode == 0, err2
    assert waited


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_hook_that_writes_the_roadmap_stops_at_once_instead_of_waiting(
    committed: GitRepo, lang: str
) -> None:
    """A pre-commit hook that runs an ewg write under `done --commit` would wait for the
    lock its own grandparent holds until the timeout: it stops at once, and says why."""
    import sys

    _hook(
        committed,
        f"PYTHONPATH='{ROOT}' '{sys.executable}' -m ewg --lang {lang} set INN-3 --progress 10\n",
    )
    os.environ["EWG_LOCK_TIMEOUT"] = "60"
    try:
        started = time.monotonic()
        parent = ewg("--lang", lang, "done", "INN-2", "--commit", cwd=committed.path)
        _out, err = parent.communicate(timeout=120)
        took = time.monotonic() - started
    finally:
        del os.environ["EWG_LOCK_TIMEOUT"]
    assert parent.returncode == 3, err
    assert took < 30  # not the 60 s of the timeout
    if lang == "en":
        assert "is locked by pid" in err and "which started this command and waits for it" in err
    else:
        assert "está bloqueado por el pid" in err and "que inició este comando" in err
    assert (committed.path / "roadmap.toml").read_text(encoding="utf-8") == BUNDLED


# --- 4. --commit records ewg's change and nothing else -----------------------------------


@pytest.mark.parametrize("staged", [False, True], ids=["unstaged", "staged"])
def test_commit_refuses_a_file_with_edits_ewg_did_not_make(
    committed: GitRepo, invoke: Invoke, staged: bool
) -> None:
    path = committed.path / "roadmap.toml"
    edited = BUNDLED + "\n# a note by hand\n"
    path.write_text(edited, encoding="utf-8")
    if staged:
        committed.git("add", "roadmap.toml")
    head = _head(committed)
    result = invoke("set", "INN-2", "--progress", "70", "--commit")
    assert result.exit_code == 1
    where = "staged" if staged else "in the working tree"
    assert result.stderr == (
        f"error: roadmap.toml has edits that are not committed ({where}); --commit would"
        " record them as this change\n"
        "hint: commit or stash your edits first (`git commit roadmap.toml` or `git stash`),"
        " then run this again\n"
    )
    assert path.read_text(encoding="utf-8") == edited
    assert _head(committed) == head


def test_commit_refuses_foreign_edits_in_spanish(committed: GitRepo, invoke: Invoke) -> None:
    path = committed.path / "roadmap.toml"
    path.write_text(BUNDLED + "# nota\n", encoding="utf-8")
    result = invoke("--lang", "es", "done", "INN-3", "--commit")
    assert result.exit_code == 1
    assert "tiene ediciones sin commit (en el árbol de trabajo)" in result.stderr
    assert "haga commit de sus ediciones o guárdelas primero" in result.stderr
    assert path.read_text(encoding="utf-8") == BUNDLED + "# nota\n"


def test_commit_refuses_a_file_git_does_not_track(git_repo: GitRepo, invoke: Invoke) -> None:
    git_repo.commit_file("README", "hello\n", "start")
    (git_repo.path / "roadmap.toml").write_text(BUNDLED, encoding="utf-8")
    result = invoke("done", "INN-3", "--commit")
    assert result.exit_code == 1
    assert "roadmap.toml is not committed in git yet" in result.stderr
    assert (git_repo.path / "roadmap.toml").read_text(encoding="utf-8") == BUNDLED
    assert git_repo.git("status", "--porcelain") == "?? roadmap.toml\n"


def test_commit_subjects_state_each_change_with_its_values(
    committed: GitRepo, invoke: Invoke
) -> None:
    assert invoke("set", "INN-2", "--progress", "70", "--commit").exit_code == 0
    assert _subject(committed) == "INN-2: progress 40 → 70"
    assert invoke("start", "INN-3", "--commit").exit_code == 0
    assert _subject(committed) == "INN-3: status planned → in_progress, start — → 2026-11-27"
    added = invoke("add", "Charging pilot", "-a", "innovation", "-o", "uc", "--commit")
    assert added.exit_code == 0, added.stderr
    assert _subject(committed) == 'add INN-6: "Charging pilot"'
    assert invoke("rm", "INN-6", "--commit").exit_code == 0
    assert _subject(committed) == 'remove INN-6: "Charging pilot"'
    assert invoke("--lang", "es", "add", "Piloto", "-a", "innovation", "--commit").exit_code == 0
    assert _subject(committed) == 'añadir INN-6: "Piloto"'
    assert committed.git("status", "--porcelain") == ""


def test_commit_subjects_are_one_line_without_controls(committed: GitRepo, invoke: Invoke) -> None:
    title = "Pilot\x1b[31m red \u202egnp.exe\tnow"
    assert invoke("add", title, "-a", "innovation", "--commit").exit_code == 0
    assert committed.git("log", "-1", "--format=%B") == 'add INN-6: "Pilot[31m red gnp.exe now"\n\n'
    notes = "first line\nsecond line " + "x" * 80
    assert invoke("set", "INN-6", "--notes", notes, "--commit").exit_code == 0
    message = committed.git("log", "-1", "--format=%B")
    assert message == 'INN-6: notes — → "first line second line ' + "x" * 36 + '…"\n\n'
    title = "Plenary\nSigned-off-by: Someone Else <x@example.org>\x1b[2J"
    recorded = invoke("meeting", "add", "--date", "2026-11-20", "--title", title, "--commit")
    assert recorded.exit_code == 0, recorded.stderr
    assert committed.git("log", "-1", "--format=%B") == (
        "roadmap: meeting of 2026-11-20: Plenary Signed-off-by: Someone Else <x@example.org>[2J\n\n"
    )


# --- 12. git's problems named as git names them -------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="making a repository another user's needs root")
def test_a_repository_of_another_user_is_named_with_gits_reason_and_the_fix(
    committed: GitRepo, invoke: Invoke
) -> None:
    subprocess.run(["chown", "-R", "12345", str(committed.path)], check=True)
    where = str(committed.path)
    for args in (
        ["done", "INN-3", "--commit"],
        ["validate", "--against", "HEAD"],
        ["changelog"],
        ["history", "INN-3"],
        ["status", "--as-of", "HEAD"],
    ):
        result = invoke(*args)
        assert result.exit_code == 3, (args, result.stderr)
        assert result.stderr.splitlines() == [
            f"error: git refuses the repository at {where}: it belongs to another user"
            " (dubious ownership)",
            f"hint: if you trust it: git config --global --add safe.directory {where}",
        ]
    added = invoke("add", "Pilot", "-a", "innovation")
    assert added.exit_code == 0 and added.stdout == "INN-6\n"
    assert "cannot see the other branches (git refuses the repository at" in added.stderr
    result = invoke("--lang", "es", "done", "INN-3", "--commit")
    assert "git rechaza el repositorio" in result.stderr and "safe.directory" in result.stderr


def test_without_git_on_path_the_commands_that_need_it_say_so(
    committed: GitRepo, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nowhere = tmp_path / "no-git"
    nowhere.mkdir()
    monkeypatch.setenv("PATH", str(nowhere))
    said = [
        "error: git is not installed (no `git` found on PATH)",
        "hint: install git, or add the folder that holds it to PATH",
    ]
    for args in (
        ["done", "INN-3", "--commit"],
        ["git", "setup"],
        ["validate", "--against", "HEAD"],
        ["changelog"],
        ["history", "INN-3"],
    ):
        result = invoke(*args)
        assert result.exit_code == 3, (args, result.stderr)
        assert result.stderr.splitlines() == said, args
    assert (committed.path / "roadmap.toml").read_text(encoding="utf-8") == BUNDLED
    # The report goes on without history, and says why in git's words, not "no repository".
    report = invoke("report", "--format", "markdown")
    assert report.exit_code == 0, report.stderr
    assert "git is not installed" in report.stdout
    assert "not in a git repository" not in report.stdout
    added = invoke("add", "Pilot", "-a", "innovation")
    assert added.exit_code == 0 and added.stdout == "INN-6\n"
    assert added.stderr == (
        "cannot see the other branches (git is not installed (no `git` found on PATH));"
        " the new id is numbered from this file alone and may be one another branch uses\n"
    )
    result = invoke("--lang", "es", "done", "INN-4", "--commit")
    assert result.stderr.startswith("error: git no está instalado")


def test_without_git_add_outside_a_repository_says_nothing(
    roadmap: Path, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-git"))
    added = invoke("add", "Pilot", "-a", "innovation")
    assert (added.exit_code, added.stdout, added.stderr) == (0, "INN-6\n", "")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["validate", "--against", "HEAD~1..HEAD"],
            "error: --against: 'HEAD~1..HEAD' is a range of commits; give one revision",
        ),
        (
            ["validate", "--against", "HEAD^!"],
            "error: --against: 'HEAD^!' is a range of commits; give one revision",
        ),
        (["validate", "--against", ""], "error: --against: the revision is empty"),
        (
            ["changelog", "--since", "HEAD~1..HEAD"],
            "error: --since: 'HEAD~1..HEAD' is a range of commits; give one revision",
        ),
        (
            ["report", "--since", "HEAD~1...HEAD"],
            "error: --since: 'HEAD~1...HEAD' is a range of commits; give one revision",
        ),
        (
            ["status", "--as-of", "^HEAD"],
            "error: --as-of: '^HEAD' is a range of commits; give one revision",
        ),
    ],
)
def test_a_range_or_an_empty_revision_is_refused_not_skipped(
    committed: GitRepo, invoke: Invoke, args: list[str], said: str
) -> None:
    assert invoke("done", "INN-3", "--commit").exit_code == 0
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.splitlines()[0] == said
    assert result.stdout == ""


def test_a_range_is_refused_in_spanish(committed: GitRepo, invoke: Invoke) -> None:
    result = invoke("--lang", "es", "validate", "--against", "HEAD~1..HEAD")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --against: 'HEAD~1..HEAD' es un rango de commits; indique una sola revisión\n"
        "sugerencia: indique un solo commit, p. ej. HEAD~1\n"
    )


def test_commit_follows_git_dir_and_git_work_tree(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A work tree whose repository lives elsewhere (`GIT_DIR`, `GIT_WORK_TREE`), the
    roadmap in a subfolder, ewg started from another folder."""
    repo = GitRepo(tmp_path / "unused", monkeypatch)  # identity and config only
    work, store = tmp_path / "work", tmp_path / "store.git"
    (work / "plan").mkdir(parents=True)
    (work / "plan" / "roadmap.toml").write_text(BUNDLED, encoding="utf-8")
    subprocess.run(["git", "init", "-q", "--bare", str(store)], check=True)
    monkeypatch.setenv("GIT_DIR", str(store))
    monkeypatch.setenv("GIT_WORK_TREE", str(work))
    monkeypatch.chdir(work)
    repo.tick()
    for args in (["add", "plan/roadmap.toml"], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("-f", str(work / "plan" / "roadmap.toml"), "done", "INN-3", "--commit")
    assert result.exit_code == 0, result.stderr
    log = subprocess.run(["git", "log", "--format=%s"], capture_output=True, text=True)
    assert log.stdout.splitlines()[0] == "INN-3: status planned → done, completed — → 2026-11-27"


def test_a_relative_git_dir_is_read_from_where_ewg_was_started(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo(tmp_path / "unused", monkeypatch)
    work = tmp_path / "work"
    (work / "plan").mkdir(parents=True)
    (work / "plan" / "roadmap.toml").write_text(BUNDLED, encoding="utf-8")
    monkeypatch.chdir(work)
    subprocess.run(["git", "init", "-q", "--bare", ".store"], check=True)
    monkeypatch.setenv("GIT_DIR", ".store")
    monkeypatch.setenv("GIT_WORK_TREE", ".")
    repo.tick()
    for args in (["add", "plan/roadmap.toml"], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], check=True)
    result = invoke("-f", "plan/roadmap.toml", "done", "INN-3", "--commit")
    assert result.exit_code == 0, result.stderr
    changes = invoke(
        "-f", "plan/roadmap.toml", "changelog", "--since", "HEAD~1", "--format", "json"
    )
    assert changes.exit_code == 0, changes.stderr
    assert '"item": "INN-3"' in changes.stdout


# --- 14. the merge driver .gitattributes asks for ----------------------------------------


def _clone_without_driver(origin: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    origin.commit_file(".gitattributes", "roadmap.toml merge=ewg\n", "merge with ewg")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin.path), str(clone)], check=True)
    monkeypatch.chdir(clone)
    return clone


DRIVER_WARNING = [
    "roadmap.toml: .gitattributes asks for ewg's merge driver, but this clone has none"
    " configured, so git merges the file line by line",
    "hint: run `ewg git setup` once in this clone",
]


def test_add_and_validate_warn_when_the_merge_driver_is_not_configured(
    committed: GitRepo, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = _clone_without_driver(committed, tmp_path, monkeypatch)
    checked = invoke("validate")
    assert checked.stderr.splitlines()[:2] == DRIVER_WARNING
    added = invoke("add", "Pilot", "-a", "innovation")
    assert added.exit_code == 0 and added.stderr.splitlines() == DRIVER_WARNING
    spanish = invoke("--lang", "es", "validate")
    assert "pide el controlador de fusión de ewg" in spanish.stderr
    assert invoke("git", "setup").exit_code == 0
    assert "merge driver" not in invoke("validate").stderr
    assert invoke("add", "Other", "-a", "innovation").stderr == ""
    assert (clone / "roadmap.toml").is_file()


def test_no_driver_warning_without_the_attribute(committed: GitRepo, invoke: Invoke) -> None:
    assert "merge driver" not in invoke("validate").stderr
    assert invoke("add", "Pilot", "-a", "innovation").stderr == ""


# --- what held already: reads run no git config; worktrees and submodules work -----------


def test_reads_never_run_fsmonitor_hooks_textconv_or_external_diffs(
    committed: GitRepo, invoke: Invoke, tmp_path: Path
) -> None:
    assert invoke("done", "INN-3", "--commit").exit_code == 0
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\necho \"$0 $*\" >> '{marker}'\ncat\n")
    script.chmod(0o755)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("pre-commit", "post-checkout", "post-index-change", "reference-transaction"):
        (hooks / name).symlink_to(script)
    for key, value in {
        "core.fsmonitor": str(script),
        "core.hooksPath": str(hooks),
        "core.pager": str(script),
        "diff.external": str(script),
        "diff.evil.textconv": str(script),
        "filter.evil.smudge": str(script),
        "filter.evil.clean": str(script),
    }.items():
        committed.git("config", key, value)
    (committed.path / ".git" / "info" / "attributes").write_text(
        "roadmap.toml diff=evil filter=evil\n"
    )
    committed.git("status")  # the trap works: git's own status runs the fsmonitor
    assert marker.exists()
    marker.unlink()
    reads = [
        ["status"], ["list"], ["show", "INN-3"], ["validate"], ["validate", "--against", "HEAD~1"],
        ["changelog"], ["changelog", "--since", "HEAD~1", "--format", "json"], ["history", "INN-3"],
        ["trend"], ["status", "--as-of", "HEAD~1"], ["report", "--since", "HEAD~1"],
    ]  # fmt: skip
    for args in reads:
        result = invoke(*args)
        assert result.exit_code in (0, 1), (args, result.stderr)
    assert not marker.exists(), marker.read_text()


def test_a_linked_worktree_reads_writes_commits_and_numbers_across_branches(
    committed: GitRepo, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked = tmp_path / "linked"
    committed.git("worktree", "add", "-q", "-b", "feature", str(linked))
    added = invoke("add", "On main", "-a", "innovation", "--commit")  # INN-6 on main
    assert added.stdout == "INN-6\n", added.stderr
    monkeypatch.chdir(linked)
    result = invoke("add", "On the feature branch", "-a", "innovation", "--commit")
    assert (result.exit_code, result.stdout) == (0, "INN-7\n"), result.stderr
    log = committed.git("log", "-1", "--format=%s", "feature").strip()
    assert log == 'add INN-7: "On the feature branch"'
    changes = invoke("changelog", "--since", "HEAD~1", "--format", "json")
    assert changes.exit_code == 0 and '"item": "INN-7"' in changes.stdout


def test_a_roadmap_in_a_submodule_is_read_and_committed_in_the_submodule(
    committed: GitRepo, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outer = GitRepo(tmp_path / "outer", monkeypatch)
    outer.commit_file("README", "outer\n", "outer")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q",
              str(committed.path), "plan")  # fmt: skip
    outer.git("commit", "-q", "-m", "add the plan")
    monkeypatch.chdir(outer.path / "plan")
    outer.tick()
    result = invoke("done", "INN-3", "--commit")
    assert result.exit_code == 0, result.stderr
    inner = subprocess.run(
        ["git", "log", "-1", "--format=%s"], capture_output=True, text=True, check=True
    )
    assert inner.stdout.startswith("INN-3: status planned → done")
    assert outer.git("log", "-1", "--format=%s").strip() == "add the plan"
    changes = invoke("changelog", "--since", "HEAD~1", "--format", "json")
    assert changes.exit_code == 0 and '"item": "INN-3"' in changes.stdout
