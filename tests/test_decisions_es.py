"""Spanish decisions that are not one for each decision: a located warning (W110), not silence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke

DATA = Path(__file__).parent / "data"
CLEAN = (DATA / "clean.toml").read_text(encoding="utf-8")
DECISIONS = 'decisions = ["Publish the diagnosis.", "Meet again in June."]\n'


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "warning W110 meeting #1: decisions_es does not hold one entry for each decision"
            " (1 for 2); in Spanish its decisions show in English",
        ),
        (
            "es",
            "advertencia W110 la reunión n.º 1: decisions_es no tiene una entrada por cada"
            " acuerdo (1 para 2); en español sus acuerdos se muestran en inglés",
        ),
    ],
)
def test_decisions_es_of_another_length_is_a_located_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke, lang: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    text = CLEAN + DECISIONS + 'decisions_es = ["Publicar el diagnóstico."]\n'
    (tmp_path / "roadmap.toml").write_text(text, encoding="utf-8")
    line = text.count("\n")
    result = invoke("--lang", lang, "validate")
    assert result.exit_code == 0, result.stdout
    assert f"roadmap.toml:{line}:1: {message}\n" in result.stdout, result.stdout
    assert invoke("--lang", lang, "validate", "--strict").exit_code == 1
    # What --lang es shows for that meeting: the English decisions, as the warning says.
    shown = invoke("--lang", "es", "meeting", "list").stdout
    assert "- Publish the diagnosis." in shown and "Publicar" not in shown


@pytest.mark.parametrize(
    "spanish",
    [
        'decisions_es = ["Publicar el diagnóstico.", "Reunirse de nuevo en junio."]\n',
        "decisions_es = []\n",
        "",
    ],
)
def test_decisions_es_one_for_each_or_none_is_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke, spanish: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roadmap.toml").write_text(CLEAN + DECISIONS + spanish, encoding="utf-8")
    result = invoke("validate", "--strict")
    assert result.exit_code == 0, result.stdout
