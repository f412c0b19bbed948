"""`ewg owner|milestone set|rename` and `ewg area set`: byte-preserving edits of the tables.

Every test starts from the hand-written fixture with comments everywhere (plus a
meeting, for attendees) and compares the whole file, byte for byte.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo

MEETING = """
[[meetings]]   # the sessions
date = 2026-05-04   # first
title = "First session"
attendees = [ 'sre',   "doe" ]  # both, one literal
items = ["INN-1"]
"""
COMMENTED = (ROOT / "tests" / "data" / "commented.toml").read_text(encoding="utf-8") + MEETING


@pytest.fixture
def commented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roadmap.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def edited(*pairs: tuple[str, str]) -> str:
    """The fixture with each (old line, new line) replaced once, checking each is there."""
    text = COMMENTED
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_owner_rename_changes_the_key_and_every_reference_and_nothing_else(
    commented: Path, invoke: Invoke
) -> None:
    result = invoke("owner", "rename", "sre", "sre-mx")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "renamed owner sre to sre-mx\n3 references changed\n"
    assert commented.read_text(encoding="utf-8") == edited(
        ('sre = { name = "SRE"', 'sre-mx = { name = "SRE"'),  # inline table, comment kept
        ('  "sre",  # Mexico', '  "sre-mx",  # Mexico'),  # multi-line array, comments kept
        ('\towners = ["sre"]', '\towners = ["sre-mx"]'),  # indented item
        ("attendees = [ 'sre',", "attendees = [ 'sre-mx',"),  # literal quotes kept
    )


def test_owner_rename_of_a_table_header(commented: Path, invoke: Invoke) -> None:
    result = invoke("owner", "rename", "doe", "us-doe")
    assert result.exit_code == 0, result.stderr
    assert "2 references changed" in result.stderr
    assert commented.read_text(encoding="utf-8") == edited(
        ("[owners.doe]", "[owners.us-doe]"),
        ('  "doe",  # United States', '  "us-doe",  # United States'),
        ("'sre',   \"doe\" ]", "'sre',   \"us-doe\" ]"),
    )


def test_milestone_rename_and_the_singular(commented: Path, invoke: Invoke) -> None:
    result = invoke("milestone", "rename", "draft", "roadmap-draft")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "renamed milestone draft to roadmap-draft\n1 reference changed\n"
    assert commented.read_text(encoding="utf-8") == edited(
        ("[milestones.draft]", "[milestones.roadmap-draft]"),
        ('\tmilestone = "draft"', '\tmilestone = "roadmap-draft"'),
    )


def test_rename_in_spanish(commented: Path, invoke: Invoke) -> None:
    result = invoke("--lang", "es", "milestone", "rename", "draft", "borrador")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "hito draft renombrado como borrador\n1 referencia cambiada\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("owner", "rename", "nobody", "x"), 1, "no owner 'nobody'"),
        (("owner", "rename", "sre", "doe"), 1, "owner 'doe' already exists"),
        (("owner", "rename", "sre", "Bad Id"), 2, "'Bad Id' is not a valid owner id"),
        (("milestone", "rename", "drfat", "x"), 1, "no milestone 'drfat'"),
    ],
)
def test_rename_refusals_leave_the_file_alone(
    commented: Path, invoke: Invoke, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_a_reference_written_with_an_escape_is_renamed_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    # Tokens are compared by the string they hold, not by how it is written.
    path = tmp_path / "roadmap.toml"
    text = COMMENTED.replace('\towners = ["sre"]', '\towners = ["\\u0073re"]')
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("owner", "rename", "sre", "sre-mx")
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["items"][2]["owners"] == ["sre-mx"]


def test_owner_set_changes_only_the_lines_of_its_keys(commented: Path, invoke: Invoke) -> None:
    result = invoke("owner", "set", "doe", "--name", "Department of Energy", "--name-es", "DOE")
    assert result.exit_code == 0, result.stderr
    assert commented.read_text(encoding="utf-8") == edited(
        ('name = "DOE"\n', 'name = "Department of Energy"\nname_es = "DOE"\n'),
    )
    assert invoke("owner", "set", "doe", "--name-es", "").exit_code == 0
    assert commented.read_text(encoding="utf-8") == edited(
        ('name = "DOE"\n', 'name = "Department of Energy"\n'),
    )


def test_owner_set_on_an_inline_table_rewrites_its_one_line(
    commented: Path, invoke: Invoke
) -> None:
    result = invoke("owner", "set", "sre", "--country", "binational")
    assert result.exit_code == 0, result.stderr
    assert commented.read_text(encoding="utf-8") == edited(
        ('country = "MX" }   # inline table', 'country = "binational" }   # inline table'),
    )


def test_milestone_set_and_area_set(commented: Path, invoke: Invoke) -> None:
    assert invoke("milestone", "set", "draft", "--due", "2027-10-31").exit_code == 0
    result = invoke("area", "set", "governance", "--name", "Governance structures")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "changed area governance\n"
    assert commented.read_text(encoding="utf-8") == edited(
        ("due = 2027-09-30", "due = 2027-10-31"),
        ('name  =  "Governance"   # odd', 'name  =  "Governance structures"   # odd'),
    )


def test_area_prefix_change_is_refused_with_the_reason(commented: Path, invoke: Invoke) -> None:
    result = invoke("area", "set", "governance", "--prefix", "GOB")
    assert result.exit_code == 1
    assert "item ids are permanent" in result.stderr
    es = invoke("--lang", "es", "area", "set", "governance", "--prefix", "GOB")
    assert "los identificadores de las acciones son permanentes" in es.stderr
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_set_refuses_nothing_to_change_and_bad_values(commented: Path, invoke: Invoke) -> None:
    assert invoke("owner", "set", "doe").exit_code == 2
    assert invoke("milestone", "set", "draft", "--due", "2027-13-01").exit_code == 2
    assert invoke("owner", "set", "doe", "--name", " ").exit_code == 2
    missing = invoke("area", "set", "govrnance", "--name", "X")
    assert missing.exit_code == 1 and "governance" in missing.stderr
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_rename_with_commit_records_one_commit(git_repo: GitRepo, invoke: Invoke) -> None:
    git_repo.commit_file("roadmap.toml", COMMENTED, "start")
    git_repo.tick()
    result = invoke("owner", "rename", "sre", "sre-mx", "--commit")
    assert result.exit_code == 0, result.stderr
    # One commit, holding the file as written; its subject says the rename, not each
    # item's owners that it touched.
    assert git_repo.git("rev-list", "--count", "HEAD").strip() == "2"
    assert git_repo.git("log", "-1", "--format=%s").strip() == "roadmap: rename owner sre to sre-mx"
    assert git_repo.git("status", "--porcelain").strip() == ""


def test_rename_and_meeting_set_keep_crlf_line_endings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    path = tmp_path / "roadmap.toml"
    multi = COMMENTED.replace(
        "attendees = [ 'sre',   \"doe\" ]  # both, one literal\n",
        'attendees = [\n  "sre",\n  "doe",  # US\n]\n',
    )
    path.write_bytes(multi.replace("\n", "\r\n").encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert invoke("owner", "rename", "doe", "us-doe").exit_code == 0
    result = invoke("meeting", "set", "2026-05-04", "--rm-attendee", "sre", "-a", "sre")
    assert result.exit_code == 0, result.stderr
    expected = (
        multi.replace("[owners.doe]", "[owners.us-doe]")
        .replace('  "doe",  # United States', '  "us-doe",  # United States')
        .replace(
            'attendees = [\n  "sre",\n  "doe",  # US\n]',
            'attendees = [\n  "us-doe",  # US\n  "sre",\n]',
        )
    )
    assert path.read_bytes() == expected.replace("\n", "\r\n").encode("utf-8")
