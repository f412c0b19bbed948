"""New ids never collide with an item on any branch the repository knows."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ewg.ids import maxima, maxima_on_branches, next_id, numbers
from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo

BASE = (ROOT / "roadmap.toml").read_text(encoding="utf-8")


def with_item(text: str, item_id: str, area: str = "innovation", title: str = "New") -> str:
    """The roadmap with one more item at the end."""
    return (
        text
        + f'\n[[items]]\nid = "{item_id}"\ntitle = "{title}"\narea = "{area}"\nstatus = "planned"\n'
    )


def test_numbers_keep_only_the_prefix() -> None:
    assert numbers(["INN-1", "INN-12", "INNO-3", "HUM-40", "bad", "INN-0"], "INN") == {1, 12}


def test_maxima_read_every_way_of_writing_an_id() -> None:
    text = b"""
[[items]]
id = "INN-3"
[[items]]
"id" = 'INN-17'
[[items]]
  id="GOV-2"   # indented, no spaces
[[items]]
id = "INN-9"
"""
    assert maxima(text) == {"INN": 17, "GOV": 2}


def test_outside_git_only_the_file_counts(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(BASE, encoding="utf-8")
    assert maxima_on_branches(path) == {}
    assert next_id("INN", ["INN-1", "INN-5"], path) == "INN-6"
    assert next_id("NEW", [], path) == "NEW-1"


def test_a_local_branch_with_a_higher_number(git_repo: GitRepo) -> None:
    git_repo.commit_file("roadmap.toml", BASE, "base")
    git_repo.git("switch", "-q", "-c", "feature")
    git_repo.commit_file("roadmap.toml", with_item(BASE, "INN-9"), "add INN-9")
    git_repo.git("switch", "-q", "main")
    path = git_repo.path / "roadmap.toml"
    assert next_id("INN", ["INN-1", "INN-5"], path) == "INN-10"
    assert next_id("HUM", ["HUM-5"], path) == "HUM-6"


def test_a_remote_tracking_branch_with_a_higher_number(tmp_path: Path, git_repo: GitRepo) -> None:
    git_repo.commit_file("roadmap.toml", BASE, "base")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(git_repo.path), str(remote)], check=True)
    git_repo.git("remote", "add", "origin", str(remote))
    git_repo.git("fetch", "-q", "origin")
    # A colleague's clone pushes a branch with higher numbers.
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    (other / "roadmap.toml").write_text(with_item(BASE, "PRV-12", "providers"), encoding="utf-8")
    for args in (
        ["add", "roadmap.toml"],
        ["commit", "-qm", "PRV-12"],
        ["push", "-q", "origin", "HEAD:prv"],
    ):
        subprocess.run(["git", *args], cwd=other, check=True)
    path = git_repo.path / "roadmap.toml"
    assert next_id("PRV", ["PRV-5"], path) == "PRV-6"  # not fetched yet
    git_repo.git("fetch", "-q", "origin")
    assert git_repo.git("branch", "-r").split() == ["origin/main", "origin/prv"]
    assert next_id("PRV", ["PRV-5"], path) == "PRV-13"


def test_ewg_add_skips_numbers_used_on_other_branches(git_repo: GitRepo, invoke: Invoke) -> None:
    git_repo.commit_file("roadmap.toml", BASE, "base")
    git_repo.git("switch", "-q", "-c", "feature")
    git_repo.commit_file("roadmap.toml", with_item(BASE, "INF-30", "infrastructure"), "add INF-30")
    git_repo.git("switch", "-q", "main")
    result = invoke("add", "Charging map of the Gulf corridor", "--area", "infrastructure")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "INF-31\n"


def test_a_roadmap_in_a_subfolder(git_repo: GitRepo) -> None:
    (git_repo.path / "plan").mkdir()
    git_repo.commit_file("plan/roadmap.toml", BASE, "base")
    git_repo.git("branch", "other")
    git_repo.git("switch", "-q", "-c", "feature")
    git_repo.commit_file("plan/roadmap.toml", with_item(BASE, "GOV-44", "governance"), "GOV-44")
    git_repo.git("switch", "-q", "other")
    assert next_id("GOV", [], git_repo.path / "plan" / "roadmap.toml") == "GOV-45"


def test_branches_without_the_file_are_skipped(git_repo: GitRepo) -> None:
    git_repo.commit_file("README.md", "hello\n", "readme")
    git_repo.git("switch", "-q", "-c", "feature")
    git_repo.commit_file("roadmap.toml", with_item(BASE, "INN-7"), "roadmap")
    assert maxima_on_branches(git_repo.path / "roadmap.toml")["INN"] == 7


def test_the_cache_is_used_and_a_broken_one_ignored(git_repo: GitRepo) -> None:
    from ewg.cache import repository
    from ewg.ids import CACHE_NAME

    git_repo.commit_file("roadmap.toml", with_item(BASE, "INN-20"), "base")
    path = git_repo.path / "roadmap.toml"
    assert maxima_on_branches(path)["INN"] == 20
    store = repository(git_repo.path / ".git")
    blobs = store.get(CACHE_NAME)
    [blob] = blobs
    assert blobs[blob]["INN"] == 20
    # The cache is trusted for a blob it knows (a blob never changes) …
    store.put(CACHE_NAME, {blob: {"INN": 99}})
    assert maxima_on_branches(path)["INN"] == 99
    # … and ignored when it cannot be read.
    entry = store.path(CACHE_NAME)
    assert entry is not None
    entry.write_bytes(b"{not an entry")
    assert maxima_on_branches(path)["INN"] == 20
    # Blobs no longer at a tip are dropped from it.
    git_repo.commit_file("roadmap.toml", with_item(BASE, "INN-21"), "next")
    maxima_on_branches(path)
    assert list(store.get(CACHE_NAME)) != [blob]


def test_many_branches(git_repo: GitRepo) -> None:
    """200 branches, each with its own version of the file, read in one batch."""
    git_repo.commit_file("roadmap.toml", BASE, "base")
    base = git_repo.git("rev-parse", "HEAD").strip()
    stream = bytearray()
    for i in range(200):
        content = with_item(BASE, f"HUM-{100 + i}", "human-capital").encode()
        stream += (
            (
                f"commit refs/heads/b{i}\ncommitter A <a@b> 1700000000 +0000\ndata 1\nx\n"
                f"from {base}\nM 100644 inline roadmap.toml\ndata {len(content)}\n"
            ).encode()
            + content
            + b"\n"
        )
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=git_repo.path, input=bytes(stream), check=True
    )
    path = git_repo.path / "roadmap.toml"
    assert next_id("HUM", [], path) == "HUM-300"
    assert next_id("HUM", [], path) == "HUM-300"  # from the cache


@pytest.mark.parametrize("ref", ["refs/tags/v1", "refs/notes/x"])
def test_other_refs_do_not_count(git_repo: GitRepo, ref: str) -> None:
    git_repo.commit_file("roadmap.toml", BASE, "base")
    git_repo.commit_file("roadmap.toml", with_item(BASE, "INN-50"), "tagged")
    git_repo.git("update-ref", ref, "HEAD")
    git_repo.git("reset", "-q", "--hard", "HEAD~1")
    assert maxima_on_branches(git_repo.path / "roadmap.toml")["INN"] == 5
