"""Spanish: the catalog covers the code, the committed .mo is current, and Spanish output
has no English left in it."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ewg.locale import extract
from ewg.locale.msgfmt import compile_mo, parse_po
from ewg.model import ITEM_KEYS, MEETING_KEYS, MILESTONE_KEYS, OWNER_KEYS, Roadmap
from tests.conftest import Invoke
from tests.helpers import ROOT

PO = ROOT / "ewg" / "locale" / "es" / "LC_MESSAGES" / "ewg.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def entries() -> dict[str, list[str]]:
    """msgid -> msgstr forms of the Spanish catalog."""
    return {
        extract.key(e.msgid, e.context): e.msgstr
        for e in parse_po(PO.read_text(encoding="utf-8"))
        if e.msgid
    }


def test_the_catalog_translates_every_message_of_the_code() -> None:
    catalog = entries()
    code = extract.ewg_messages()
    assert len(code) > 300
    missing = sorted(m for m in code if not (catalog.get(m) and all(catalog[m])))
    assert not missing, f"run `python -m ewg.locale.extract` and translate: {missing[:10]}"
    assert extract.main(["--check"]) == 0


def test_translations_keep_every_placeholder() -> None:
    for msgid, forms in entries().items():
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(msgid)), msgid


def test_typer_and_click_messages_are_translated_too() -> None:
    catalog = entries()
    theirs = extract.third_party_messages()
    assert theirs, "Typer's messages were not found"
    assert not [m for m in theirs if not catalog.get(m)]


def test_the_committed_mo_is_a_fresh_compile_of_the_po() -> None:
    assert MO.read_bytes() == compile_mo(parse_po(PO.read_text(encoding="utf-8")))


def test_the_mo_reads_with_the_standard_gettext() -> None:
    with MO.open("rb") as handle:
        translation = gettext.GNUTranslations(handle)
    assert translation.gettext("Areas") == "Áreas"
    assert translation.gettext("planned") == "planificado"
    assert translation.gettext("in_progress") == "en curso"
    assert translation.gettext("done") == "terminado"
    assert translation.gettext("dropped") == "descartado"
    assert translation.gettext("government") == "gobierno"
    assert translation.ngettext("{n} done", "{n} done", 1) == "{n} terminada"
    assert translation.ngettext("{n} done", "{n} done", 2) == "{n} terminadas"


# --- no English left ------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]{2,}")
# Words that are the same in both languages' technical vocabulary.
SHARED = {"ewg", "id", "git", "csv", "json", "html", "toml", "url", "mx", "commit", "commits"}


# A list of option values ("id, area, status, due, …") in a help text: identifiers, not words.
IDENTIFIERS = re.compile(r"(?:\b[a-z_]+, ){3,}[a-z_]+")


def words(text: str) -> set[str]:
    """Lower-case words of two letters or more; placeholders, `code` and lists of
    identifiers left out."""
    text = PLACEHOLDER.sub(" ", re.sub(r"`[^`]*`", " ", text))
    return {w.lower() for w in WORD.findall(IDENTIFIERS.sub(" ", text))}


def english_names(roadmap: Roadmap) -> list[str]:
    """English names of the file that have a Spanish form, which Spanish output must not show."""
    names = [a.name for a in roadmap.areas.values() if a.name_es]
    names += [m.title for m in roadmap.milestones.values() if m.title_es]
    names += [i.title for i in roadmap.items if i.title_es]
    names += [m.title for m in roadmap.meetings if m.title_es]
    return names + ([roadmap.title] if roadmap.title_es else [])


def forbidden_words(roadmap: Roadmap) -> set[str]:
    """English words that Spanish output must not hold: from the catalog's English side
    and from the file's English names that have a Spanish one; less every word that
    Spanish output may show (Spanish messages, and file values without a Spanish form)."""
    english: set[str] = set()
    spanish: set[str] = set()
    code = extract.ewg_messages()
    for msgid, forms in entries().items():
        if msgid in code:
            english |= words(msgid)
            for form in forms:
                spanish |= words(form)
    for area in roadmap.areas.values():
        if area.name_es:
            english |= words(area.name)
    for milestone in roadmap.milestones.values():
        if milestone.title_es:
            english |= words(milestone.title)
    for item in roadmap.items:
        if item.title_es:
            english |= words(item.title)
    for meeting in roadmap.meetings:
        if meeting.title_es:
            english |= words(meeting.title)
    if roadmap.title_es:
        english |= words(roadmap.title)
    return english - spanish - allowed_words(roadmap) - SHARED


def allowed_words(roadmap: Roadmap) -> set[str]:
    """Words of the file that Spanish output shows as they are: Spanish names, text that
    has no Spanish form (owner names without name_es, reasons, notes, decisions), ids."""
    texts: list[str] = [roadmap.title_es or roadmap.title]
    texts += [a.label("es") for a in roadmap.areas.values()] + list(roadmap.areas)
    texts += [a.prefix for a in roadmap.areas.values()]
    texts += [o.label("es") for o in roadmap.owners.values()] + list(roadmap.owners)
    texts += [m.label("es") for m in roadmap.milestones.values()] + list(roadmap.milestones)
    for item in roadmap.items:
        texts += [item.id, item.label("es"), item.notes or "", item.reason or "", *item.tags]
    for meeting in roadmap.meetings:
        texts += [meeting.label("es"), *meeting.decisions]
    return set().union(*(words(t) for t in texts))


def english_in(output: str, roadmap: Roadmap) -> set[str]:
    """The forbidden English words, and English names, that `output` holds."""
    unescaped = re.sub(r"\\(.)", r"\1", output)  # Markdown escapes
    names = {name for name in english_names(roadmap) if name in unescaped}
    return (words(output) & forbidden_words(roadmap)) | names


def _bundled() -> Roadmap:
    return Roadmap.from_doc(tomllib.loads((ROOT / "roadmap.toml").read_text(encoding="utf-8")))


SPANISH_RUNS = [
    ("status",),
    ("status", "--format", "markdown"),
    ("list",),
    ("list", "--all", "--format", "markdown"),
    ("report",),
    ("report", "--format", "html"),
    ("meeting", "list"),
    ("meeting", "list", "--format", "markdown"),
    ("show", "INN-2"),
    ("area", "list"),
    ("owner", "list"),
    ("milestone", "list"),
    ("validate",),
    ("validate", "--strict"),
]
# `FILE:LINE:COL: error|warning CODE message` is a fixed format (editors and CI read
# it): its severity word stays; the lines that quote the file are the file's.
FILE_KEYS = re.compile(
    r"\b(" + "|".join(sorted({*ITEM_KEYS, *OWNER_KEYS, *MILESTONE_KEYS, *MEETING_KEYS})) + r")\b"
)  # validation names the keys to write, as they are written
FIXED_FORMAT = re.compile(r"^\S+:\d+:\d+: (error|warning) |^ *\d* \|.*$", re.MULTILINE)


@pytest.mark.parametrize("args", SPANISH_RUNS, ids=" ".join)
def test_spanish_output_has_no_english_left(
    roadmap: Path, invoke: Invoke, args: tuple[str, ...]
) -> None:
    result = invoke("--lang", "es", *args)
    assert result.exit_code == (1 if "--strict" in args else 0), result.stderr
    output = FIXED_FORMAT.sub(" ", result.stdout + result.stderr)
    if args[0] == "validate":
        output = FILE_KEYS.sub(" ", output)
    if args[-1] == "html":
        import html

        output = html.unescape(re.sub(r"<[^>]*>", " ", output.split("</style>", 1)[1]))
    if args[0] == "show":  # the item in full: its English title is one of its fields
        output = output.replace("Launch a binational call for joint battery recycling research", "")
    assert not english_in(output, _bundled()), english_in(output, _bundled())


def test_spanish_validation_of_a_broken_roadmap(roadmap: Path, invoke: Invoke) -> None:
    text = roadmap.read_text(encoding="utf-8")
    text = text.replace('status = "planned"', 'status = "planed"', 1)
    text = text.replace('owners = ["uc", "doe", "sre"]', 'owners = ["uc", "doee", "sre"]', 1)
    roadmap.write_text(text + "\n[owners.x]\nname = 1\n", encoding="utf-8")
    result = invoke("--lang", "es", "validate")
    assert result.exit_code == 1
    output = FIXED_FORMAT.sub(" ", result.stdout + result.stderr)
    assert "valor no válido de status: 'planed'" in output and "¿quiso decir 'planned'?" in output
    assert "menciona un responsable desconocido, 'doee'" in output
    output = FILE_KEYS.sub(" ", output)
    assert not english_in(output, _bundled()), english_in(output, _bundled())


def test_the_check_finds_english_when_there_is_some(roadmap: Path, invoke: Invoke) -> None:
    english = invoke("status").stdout + invoke("report").stdout
    found = english_in(english, _bundled())
    assert {"milestones", "overdue", "progress", "complete", "Innovation", "Human capital"} <= found


def test_spanish_errors_and_usage_errors(roadmap: Path, invoke: Invoke) -> None:
    missing = invoke("--lang", "es", "show", "INN-99")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("error: no existe la acción 'INN-99'")
    usage = invoke("--lang", "es", "list", "--bogus")
    assert usage.exit_code == 2 and "No existe la opción: --bogus" in usage.stderr
    assert "Pruebe 'ewg list -h' para obtener ayuda." in usage.stderr
    choice = invoke("list", "--format", "xml", "--lang", "es")
    assert "Valor no válido para '--format'" in choice.stderr and "no es uno de" in choice.stderr
    bad_date = invoke("--lang", "es", "report", "--since", "2026-02-30")
    assert "no es una fecha" in bad_date.stderr and "sugerencia: escriba" in bad_date.stderr
    help_text = invoke("--lang", "es", "report", "--help").stdout
    assert "Uso: ewg report [OPCIONES]" in help_text and "Formato de salida." in help_text
    assert "Muestra este mensaje y termina." in help_text


def test_language_from_option_environment_and_locale(
    roadmap: Path, invoke: Invoke, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    assert "## Áreas" in invoke("status", "--format", "markdown", "--lang", "es").stdout
    monkeypatch.setenv("EWG_LANG", "es")
    assert "## Áreas" in invoke("status", "--format", "markdown").stdout
    assert "## Areas" in invoke("--lang", "en", "status", "--format", "markdown").stdout
    monkeypatch.delenv("EWG_LANG")
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert "## Áreas" in invoke("status", "--format", "markdown").stdout
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")  # not spoken: English is the fallback
    assert "## Areas" in invoke("status", "--format", "markdown").stdout


def test_spanish_names_come_from_the_es_fields(roadmap: Path, invoke: Invoke) -> None:
    out = invoke("--lang", "es", "report").stdout
    assert out.startswith("# Grupo de Trabajo México–Estados Unidos de Vehículos Eléctricos\n")
    assert "| Innovación |" in out and "Hoja de ruta binacional redactada" in out
    assert "Sesión de instalación del grupo de trabajo" in out  # the meeting's title_es
    assert "Departamento de Energía de los Estados Unidos" in out  # the owner's name_es
    assert "U.S. Department of Energy" not in out
    listed = invoke("--lang", "es", "list", "--format", "markdown").stdout
    assert "Lanzar una convocatoria binacional" in listed and "Launch a binational" not in listed


def test_spanish_help_and_usage_errors_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EWG_LANG": "es"}
    env.pop("LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "ewg", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0 and done.stdout.startswith("Uso: ewg [OPCIONES] COMANDO")
    assert "Opciones:" in done.stdout and "Comandos:" in done.stdout
    assert "La hoja de ruta binacional" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "ewg", "--lang", "es", "--bogus"],
        capture_output=True,
        text=True,
        env={**env, "EWG_LANG": ""},
        timeout=60,
        cwd=tmp_path,
    )
    assert bad.returncode == 2 and "No existe la opción: --bogus" in bad.stderr
