"""No input breaks `ewg validate`: the public TOML conformance suite (toml-test) as roadmaps.

None of these files is a roadmap. Every invalid one must give a clean syntax
finding with a line number; every valid one (TOML, and the JSON files beside
them) must give findings, never a traceback. tomllib reads TOML 1.0, so the
suite's few TOML 1.1 files are syntax errors here, with a line number too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.testing

from tests.conftest import Invoke

SUITE = Path(__file__).parent / "data" / "toml-test" / "tests"
INVALID = sorted(p for p in (SUITE / "invalid").rglob("*") if p.is_file())
VALID = sorted(p for p in (SUITE / "valid").rglob("*") if p.is_file())
_HEAD = re.compile(r"^.+:\d+:\d+: (error|warning) [EW]\d{3} \S.*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@pytest.fixture(autouse=True, scope="module")
def _build_the_command_once() -> Iterator[None]:
    """CliRunner builds the Click command from the Typer app on every call (25 ms); reuse it."""
    build = typer.testing._get_command
    built: dict[int, Any] = {}

    def cached(app: typer.Typer) -> Any:
        if id(app) not in built:
            built[id(app)] = build(app)
        return built[id(app)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", cached)
        yield


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(SUITE)) for p in paths]


def test_the_suite_is_there() -> None:
    assert len(INVALID) > 500 and len(VALID) > 500
    assert (SUITE.parent / "LICENSE").is_file()


def _validate(invoke: Invoke, path: Path) -> list[dict[str, object]]:
    """Run the CLI in-process on one file in both formats; return the JSON findings."""
    result = invoke("validate", str(path), "--format", "json")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    assert findings
    text = invoke("validate", str(path))
    assert text.exit_code == 1
    assert "Traceback" not in text.output
    heads = [line for line in text.stdout.splitlines() if not line.startswith(" ")]
    assert len(heads) == len(findings)
    for line in text.stdout.splitlines():
        assert _HEAD.match(line) or line.startswith("  "), line
        assert not _CONTROL.search(line), line
    return findings


@pytest.mark.parametrize("path", INVALID, ids=_ids(INVALID))
def test_invalid_toml_gives_a_located_syntax_error(invoke: Invoke, path: Path) -> None:
    [finding] = _validate(invoke, path)
    assert finding["code"] == "E001"
    assert isinstance(finding["line"], int) and finding["line"] >= 1
    assert isinstance(finding["col"], int) and finding["col"] >= 1
    assert finding["line"] <= path.read_bytes().count(b"\n") + 1


@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_valid_toml_that_is_no_roadmap_gives_roadmap_errors(invoke: Invoke, path: Path) -> None:
    findings = _validate(invoke, path)
    assert any(f["severity"] == "error" for f in findings)
    for finding in findings:
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert finding["line"] <= path.read_bytes().count(b"\n") + 1
        if finding["code"] == "E001":  # TOML 1.1 or JSON: read as TOML 1.0
            assert len(findings) == 1
