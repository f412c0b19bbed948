"""`ewg status` on the bundled roadmap, in every format."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.conftest import TODAY, Invoke


def test_status_table_shows_areas_milestones_overdue_blocked_and_coverage(
    roadmap: Path, invoke: Invoke
) -> None:
    result = invoke("status")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for heading in ("Areas", "Milestones", "Overdue (3)", "Blocked (2)", "Triple-helix coverage"):
        assert heading in out
    for area in (
        "Innovation",
        "Human capital",
        "Provider development",
        "Infrastructure development",
        "Governance structures",
    ):
        assert area in out
    infra = next(
        line
        for line in out.splitlines()
        if line.strip().startswith("Infrastructure") and "missing" in line
    )
    assert "missing" in infra  # the bundled roadmap has no academic owner in infrastructure
    assert "\x1b" not in out  # NO_COLOR


def test_status_json_counts_match_the_file(roadmap: Path, invoke: Invoke) -> None:
    data = json.loads(invoke("status", "--format", "json").stdout)
    items = tomllib.loads(roadmap.read_text(encoding="utf-8"))["items"]
    assert data["schema_version"] == 1 and data["as_of"] == TODAY
    assert data["overall"]["total"] == len(items)
    assert data["overall"]["by_status"]["done"] == sum(i["status"] == "done" for i in items)
    overdue = {
        i["id"]
        for i in items
        if i["status"] in ("planned", "in_progress", "blocked")
        and "due" in i
        and str(i["due"]) < TODAY
    }
    assert {i["id"] for i in data["overdue"]} == overdue
    assert {i["id"] for i in data["blocked"]} == {
        i["id"] for i in items if i["status"] == "blocked"
    }
    infra = next(c for c in data["coverage"] if c["area"] == "infrastructure")
    assert infra["gaps"] == ["academia"] and infra["sectors"]["academia"] == []
    by_area = {a["id"]: a for a in data["areas"]}
    assert sum(a["total"] for a in by_area.values()) == len(items)


def test_status_percent_is_the_mean_progress(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roadmap.toml").write_text(
        '[roadmap]\ntitle = "T"\n[areas.a]\nname = "A"\nprefix = "A"\n'
        '[[items]]\nid = "A-1"\ntitle = "x"\narea = "a"\nstatus = "done"\ncompleted = 2026-01-01\n'
        '[[items]]\nid = "A-2"\ntitle = "y"\narea = "a"\nstatus = "in_progress"\nprogress = 50\n'
        '[[items]]\nid = "A-3"\ntitle = "z"\narea = "a"\nstatus = "dropped"\n'
        '[[items]]\nid = "A-4"\ntitle = "w"\narea = "a"\nstatus = "planned"\n'
    )
    data = json.loads(invoke("status", "--format", "json").stdout)
    assert data["areas"][0]["percent"] == 50  # (100 + 50 + 0) / 3, the dropped item does not count


def test_status_one_area_and_unknown_area(roadmap: Path, invoke: Invoke) -> None:
    data = json.loads(invoke("status", "--area", "governance", "--format", "json").stdout)
    assert [a["id"] for a in data["areas"]] == ["governance"]
    result = invoke("status", "--area", "governanse")
    assert result.exit_code == 1 and "did you mean 'governance'?" in result.stderr


def test_status_markdown(roadmap: Path, invoke: Invoke) -> None:
    out = invoke("status", "--format", "markdown").stdout
    assert out.startswith("# Mexico–United States Electric Vehicle Working Group\n")
    assert "## Areas" in out and "| Innovation |" in out and "**missing**" in out


def test_tables_list_add_rm(roadmap: Path, invoke: Invoke) -> None:
    assert "INN" in invoke("area", "list").stdout
    owners = json.loads(invoke("owner", "list", "--format", "json").stdout)["owners"]
    assert {o["id"] for o in owners} >= {"sre", "doe", "uc"}
    result = invoke(
        "owner", "add", "unam", "--name", "UNAM", "--sector", "academia", "--country", "MX"
    )
    assert result.exit_code == 0, result.stderr
    assert "[owners.unam]" in roadmap.read_text(encoding="utf-8")
    assert (
        invoke(
            "owner", "add", "unam", "--name", "x", "--sector", "academia", "--country", "MX"
        ).exit_code
        == 1
    )
    assert (
        invoke(
            "owner", "add", "Bad Id", "--name", "x", "--sector", "academia", "--country", "MX"
        ).exit_code
        == 2
    )
    assert (
        invoke(
            "owner", "add", "x", "--name", "x", "--sector", "academy", "--country", "MX"
        ).exit_code
        == 2
    )
    refused = invoke("owner", "rm", "sre")
    assert refused.exit_code == 1 and "still referred to" in refused.stderr
    assert invoke("owner", "rm", "unam").exit_code == 0
    assert "[owners.unam]" not in roadmap.read_text(encoding="utf-8")
    assert (
        invoke(
            "milestone", "add", "kickoff-2", "--title", "Second kickoff", "--due", "2027-02-01"
        ).exit_code
        == 0
    )
    assert "kickoff-2" in invoke("milestone", "list").stdout
    assert invoke("milestone", "add", "x", "--title", "x", "--due", "tomorrow").exit_code == 2
    assert invoke("milestone", "rm", "diagnosis").exit_code == 1
    assert invoke("milestone", "rm", "kickoff-2").exit_code == 0
    missing = invoke("milestone", "rm", "kickof-2")
    assert missing.exit_code == 1 and "no milestone" in missing.stderr


def test_init_writes_the_five_areas_and_never_overwrites(
    tmp_path: Path, invoke: Invoke, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "--title", "Mi hoja de ruta")
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads((tmp_path / "roadmap.toml").read_text(encoding="utf-8"))
    assert data["roadmap"]["title"] == "Mi hoja de ruta"
    assert [a["prefix"] for a in data["areas"].values()] == ["INN", "HUM", "PRV", "INF", "GOV"]
    before = (tmp_path / "roadmap.toml").read_bytes()
    again = invoke("init")
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert (tmp_path / "roadmap.toml").read_bytes() == before
    assert invoke("add", "First", "--area", "innovation").stdout == "INN-1\n"


def test_init_gives_the_default_title_in_spanish_too(
    tmp_path: Path, invoke: Invoke, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert invoke("init").exit_code == 0
    head = tomllib.loads((tmp_path / "roadmap.toml").read_text(encoding="utf-8"))["roadmap"]
    assert head["title_es"] == "Grupo de Trabajo México–Estados Unidos de Vehículos Eléctricos"
    spanish = invoke("--lang", "es", "status")
    assert spanish.stdout.startswith("Grupo de Trabajo México–Estados Unidos")
    (tmp_path / "roadmap.toml").unlink()
    assert invoke("init", "--title", "Own", "--title-es", "Propio").exit_code == 0
    head = tomllib.loads((tmp_path / "roadmap.toml").read_text(encoding="utf-8"))["roadmap"]
    assert (head["title"], head["title_es"]) == ("Own", "Propio")
    (tmp_path / "roadmap.toml").unlink()
    assert invoke("init", "--title", "Own").exit_code == 0  # no Spanish title made up
    assert (
        "title_es" not in tomllib.loads((tmp_path / "roadmap.toml").read_text("utf-8"))["roadmap"]
    )


def test_init_writes_a_hostile_title_faithfully_and_inert(
    tmp_path: Path, invoke: Invoke, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    title = 'Hoja «B» \u202e [b]x[/b] "q" \\'
    assert invoke("init", "--title", title).exit_code == 0
    text = (tmp_path / "roadmap.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["roadmap"]["title"] == title
    assert "\u202e" not in text  # written as an escape, not as the raw control
    assert text.startswith("# Binational roadmap")
