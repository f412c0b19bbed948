"""`ewg indicator rename OLD NEW`: the key and every measurement of it, byte for byte.

Starts from the hand-written fixture (comments, odd spacing) and compares the
whole file; the rename goes through `ewg.merge.renames`, as `owner rename` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import GitRepo
from tests.test_indicator_commands import ORIGINAL

# One measurement written with literal quotes and a trailing comment, to show that only
# the token changes.
LITERAL = ORIGINAL.replace(
    '[[measurements]]\nindicator = "chargers-mx"\ndate = 2024-06-30',
    "[[measurements]]\nindicator = 'chargers-mx'   # first count\ndate = 2024-06-30",
)


@pytest.fixture
def diagnosis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roadmap.toml"
    path.write_text(LITERAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def test_rename_changes_the_key_and_every_measurement_and_nothing_else(
    invoke: Invoke, diagnosis: Path
) -> None:
    assert LITERAL != ORIGINAL
    result = invoke("indicator", "rename", "chargers-mx", "fast-chargers-mx")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "renamed indicator chargers-mx to fast-chargers-mx\n2 measurements changed\n"
    )
    expected = (
        LITERAL.replace(
            "[indicators.chargers-mx]   # public fast chargers",
            "[indicators.fast-chargers-mx]   # public fast chargers",
        )
        .replace(
            "indicator = 'chargers-mx'   # first count",
            "indicator = 'fast-chargers-mx'   # first count",
        )
        .replace(
            '[[measurements]]   # latest Mexican count\nindicator = "chargers-mx"',
            '[[measurements]]   # latest Mexican count\nindicator = "fast-chargers-mx"',
        )
    )
    assert diagnosis.read_text(encoding="utf-8") == expected
    # The measurements follow: the renamed indicator is still measured, the file valid.
    assert invoke("validate").exit_code == 0
    shown = invoke("indicator", "show", "fast-chargers-mx", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert '"value": 3400' in shown.stdout


def test_rename_in_spanish_and_the_singular(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("--lang", "es", "indicator", "rename", "import-share", "imports")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "indicador import-share renombrado como imports\n1 medición cambiada\n"
    assert diagnosis.read_text(encoding="utf-8") == LITERAL.replace(
        "[indicators.import-share]", "[indicators.imports]"
    ).replace('indicator = "import-share"', 'indicator = "imports"')


def test_an_indicator_never_measured_is_renamed_alone(invoke: Invoke, diagnosis: Path) -> None:
    text = LITERAL.replace('indicator = "import-share"', 'indicator = "chargers-us"')
    diagnosis.write_text(text, encoding="utf-8")
    result = invoke("indicator", "rename", "import-share", "imports")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("\n0 measurements changed\n")
    assert diagnosis.read_text(encoding="utf-8") == text.replace(
        "[indicators.import-share]", "[indicators.imports]"
    )


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("chargers-mx", "chargers-us"), 1, "indicator 'chargers-us' already exists"),
        (("chargers-xm", "x"), 1, "no indicator 'chargers-xm'"),
        (("chargers-mx", "Fast Chargers"), 2, "'Fast Chargers' is not a valid indicator id"),
    ],
)
def test_rename_refusals_leave_the_file_alone(
    invoke: Invoke, diagnosis: Path, args: tuple[str, str], code: int, words: str
) -> None:
    result = invoke("indicator", "rename", *args)
    assert result.exit_code == code, result.stderr
    assert words in result.stderr
    assert diagnosis.read_text(encoding="utf-8") == LITERAL


def test_rename_refusal_in_spanish(invoke: Invoke, diagnosis: Path) -> None:
    result = invoke("--lang", "es", "indicator", "rename", "chargers-mx", "chargers-us")
    assert result.exit_code == 1
    assert "indicador 'chargers-us' ya existe" in result.stderr
    assert diagnosis.read_text(encoding="utf-8") == LITERAL


def test_rename_with_commit_records_one_commit(git_repo: GitRepo, invoke: Invoke) -> None:
    git_repo.commit_file("roadmap.toml", ORIGINAL, "start")
    git_repo.tick()
    result = invoke("indicator", "rename", "chargers-us", "fast-chargers-us", "--commit")
    assert result.exit_code == 0, result.stderr
    assert git_repo.git("rev-list", "--count", "HEAD").strip() == "2"
    subject = git_repo.git("log", "-1", "--format=%s").strip()
    assert subject == "roadmap: rename indicator chargers-us to fast-chargers-us"
    assert git_repo.git("status", "--porcelain").strip() == ""
    assert (git_repo.path / "roadmap.toml").read_text(encoding="utf-8") == ORIGINAL.replace(
        "[indicators.chargers-us]", "[indicators.fast-chargers-us]"
    ).replace('indicator = "chargers-us"', 'indicator = "fast-chargers-us"')


def test_owner_rename_follows_into_the_indicators_owners(invoke: Invoke, diagnosis: Path) -> None:
    # Before, the rename was refused: the indicator would have named an unknown owner.
    result = invoke("owner", "rename", "sre", "sre-mx")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "renamed owner sre to sre-mx\n4 references changed\n"
    assert diagnosis.read_text(encoding="utf-8") == (
        LITERAL.replace("[owners.sre]", "[owners.sre-mx]")
        .replace('owners = ["sre", "ford-mx", "uc"]', 'owners = ["sre-mx", "ford-mx", "uc"]')
        .replace('attendees = ["sre", "uc"]', 'attendees = ["sre-mx", "uc"]')
        .replace('owners = [ "sre" ]', 'owners = [ "sre-mx" ]')
    )
