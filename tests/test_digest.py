"""`ewg digest`: what each institution owes, for the terminal, Markdown and e-mail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.meeting_data import ROADMAP, TODAY, golden


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roadmap.toml"
    path.write_text(ROADMAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EWG_TODAY", TODAY)
    return path


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("--owner", "doe"), "digest-doe.txt"),
        (("--lang", "es", "--owner", "doe"), "digest-doe.es.txt"),
        (("--all", "--format", "markdown"), "digest-all.md"),
        (("--lang", "es", "--all", "--format", "markdown"), "digest-all.es.md"),
        (("--all", "--format", "plain", "--within", "10"), "digest-all.txt"),
        (("--lang", "es", "--all", "--format", "plain", "--within", "10"), "digest-all.es.txt"),
    ],
)
def test_digest_golden(small: Path, invoke: Invoke, args: tuple[str, ...], name: str) -> None:
    result = invoke("digest", *args)
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)


def sections(text: str) -> dict[str, str]:
    return {b.split("\n", 1)[0]: b for b in text.split("\n\n") if "\n" in b}


def test_what_one_owner_owes(small: Path, invoke: Invoke) -> None:
    sre = sections(invoke("digest", "--owner", "sre").stdout)
    assert (
        "INN-1 Map <b>battery</b> R&D *now* — SRE — due 2023-11-18 (2 days late)"
        in (sre["Overdue"])
    )
    assert (
        "- INN-2 Recycling call — DOE — due 2023-12-15 waits for INN-1"
        in sre["What others wait on"]
    )
    doe = sections(invoke("digest", "--owner", "doe", "--within", "30").stdout)
    assert "INN-2 Recycling call" in doe["Due within 30 days"]
    blocked = doe["Blocked and waiting on others"]
    assert "reason: Waiting for data from INN-1" in blocked
    assert "- INN-2 Recycling call waits for INN-1 Map <b>battery</b> R&D *now* — SRE" in blocked
    narrow = sections(invoke("digest", "--owner", "doe", "--within", "10").stdout)
    assert "Nothing falls due." in narrow["Due within 10 days"]


def test_all_has_one_section_per_institution(small: Path, invoke: Invoke) -> None:
    text = invoke("digest", "--all", "--format", "markdown").stdout
    assert text.startswith("# Working group: what each institution owes\n")
    assert [line for line in text.split("\n") if line.startswith("## ")] == [
        "## What SRE owes (sre)",
        "## What DOE owes (doe)",
        "## What University \\<of> California owes (uc)",
    ]


def test_plain_text_is_wrapped_for_email(small: Path, invoke: Invoke) -> None:
    text = invoke("digest", "--all", "--format", "plain").stdout
    assert max(len(line) for line in text.split("\n")) <= 72
    assert "=" * 72 in text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "give --owner O or --all"),
        (("--owner", "doe", "--all"), 2, "give --owner O or --all"),
        (("--owner", "dooe"), 1, "no owner 'dooe'"),
        (("--owner", "doe", "--within", "-1"), 2, "negative"),
    ],
)
def test_refusals(
    small: Path, invoke: Invoke, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke("digest", *args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr


def test_refusal_in_spanish(small: Path, invoke: Invoke) -> None:
    result = invoke("--lang", "es", "digest")
    assert "indique --owner O o --all" in result.stderr
