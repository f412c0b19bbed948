"""Interaction: a filter that matches nothing says so; status --area names its area."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke


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
