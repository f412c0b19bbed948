"""tomllib's messages in the output language: every one it raises is mapped, others pass through."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from ewg import source
from ewg.i18n import set_language
from tests.conftest import Invoke

BROKEN = [
    (
        "[roadmap\ntitle = 'x'\n",
        "Expected ']' at the end of a table declaration",
        "Se esperaba ']' al final de la declaración de una tabla",
    ),
    ("[roadmap]\ntitle = x\n", "Invalid value", "Valor no válido"),
    (
        "[roadmap]\ntitle = 'a'\ntitle = 'b'\n",
        "Cannot overwrite a value",
        "No se puede sobrescribir un valor",
    ),
    (
        "[roadmap]\n[roadmap]\n",
        "Cannot declare ('roadmap',) twice",
        "No se puede declarar ('roadmap',) dos veces",
    ),
    ('[roadmap]\ntitle = "\\q"\n', "Unescaped '\\' in a string", "'\\' sin escapar en una cadena"),
]


@pytest.mark.parametrize(("text", "english", "spanish"), BROKEN)
def test_a_syntax_error_is_told_in_the_output_language(
    tmp_path: Path, invoke: Invoke, text: str, english: str, spanish: str
) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(text, encoding="utf-8")
    en = invoke("--file", str(path), "status")
    assert en.exit_code != 0 and f"is not valid TOML: {english} (line" in en.stderr, en.stderr
    es = invoke("--file", str(path), "--lang", "es", "status")
    assert f"no es TOML válido: {spanish} (línea" in es.stderr, es.stderr
    lower = spanish[:1].lower() + spanish[1:]
    found = invoke("--file", str(path), "--lang", "es", "validate")
    assert f"error E001 TOML no válido: {lower}\n" in found.stdout + found.stderr


def test_every_message_tomllib_raises_is_translated() -> None:
    parser = Path(tomllib.__file__).with_name("_parser.py").read_text(encoding="utf-8")
    raised = re.findall(r'suffixed_err\(\s*src,\s*\w+,\s*f?"((?:[^"\\]|\\.)*)"', parser)
    assert len(raised) >= 20
    set_language("es")
    try:
        for message in raised:
            plain = message.replace("\\\\", "\\")
            sample = re.sub(r"\{[^}]*\}", "'x'", plain)
            shown = source.tomllib_reason(sample)
            assert shown != sample, f"tomllib's {plain!r} is not translated"
        assert source.tomllib_reason("Some new message") == "Some new message"
    finally:
        set_language("en")
