"""Spanish that agrees: an acción is feminine, articles where Spanish needs them, field names
and severities in words; English shows words, not ids. Run as a user runs ewg."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ewg.locale import extract
from ewg.locale.msgfmt import compile_mo, parse_po
from tests.conftest import Invoke
from tests.helpers import GitRepo


@pytest.mark.parametrize(
    ("command", "spanish", "english"),
    [
        (("done", "INN-3"), "INN-3 ahora está terminada", "INN-3 is now done"),
        (("start", "INN-3"), "INN-3 ahora está en curso", "INN-3 is now in progress"),
        (("block", "INN-3", "--reason", "x"), "INN-3 ahora está bloqueada", "INN-3 is now blocked"),
        (("drop", "INN-3", "--reason", "x"), "INN-3 ahora está descartada", "INN-3 is now dropped"),
    ],
)
def test_a_status_agrees_with_the_item(
    roadmap: Path, invoke: Invoke, command: tuple[str, ...], spanish: str, english: str
) -> None:
    original = roadmap.read_bytes()
    assert spanish in invoke("--lang", "es", *command).stderr
    roadmap.write_bytes(original)
    assert english in invoke(*command).stderr


def test_updated_fields_are_named_in_spanish(roadmap: Path, invoke: Invoke) -> None:
    result = invoke("--lang", "es", "set", "INN-3", "--progress", "50", "--due", "2027-01-01")
    assert "INN-3 actualizada: fecha límite, avance" in result.stderr
    english = invoke("set", "INN-3", "--progress", "60")
    assert "INN-3 updated: progress" in english.stderr


@pytest.mark.parametrize(
    ("args", "spanish", "english"),
    [
        (("list", "--area", "x"), "no existe el área 'x'", "no area 'x'"),
        (("list", "--owner", "x"), "no existe el responsable 'x'", "no owner 'x'"),
        (("list", "--milestone", "x"), "no existe el hito 'x'", "no milestone 'x'"),
    ],
)
def test_what_does_not_exist_is_named_with_its_article(
    roadmap: Path, invoke: Invoke, args: tuple[str, ...], spanish: str, english: str
) -> None:
    assert spanish in invoke("--lang", "es", *args).stderr
    assert english in invoke(*args).stderr


def test_severities_are_words_of_the_language(roadmap: Path, invoke: Invoke) -> None:
    spanish = invoke("--lang", "es", "validate").stdout
    assert "advertencia W" in spanish and "warning" not in spanish
    assert "warning W" in invoke("validate").stdout


def test_list_and_show_say_in_progress_in_words(roadmap: Path, invoke: Invoke) -> None:
    invoke("start", "INN-3")
    listed = invoke("list").stdout
    assert "in progress" in listed and "in_progress" not in listed
    assert re.search(r"Status: +in progress\n", invoke("show", "INN-3").stdout)
    assert "en curso" in invoke("--lang", "es", "show", "INN-3").stdout
    assert '"in_progress"' in invoke("list", "--format", "json").stdout  # ids for programs


def test_the_changelog_agrees_in_gender_and_names_in_spanish(
    git_repo: GitRepo, invoke: Invoke
) -> None:
    from tests.history_data import item, roadmap

    git_repo.commit_file("roadmap.toml", roadmap(item("INN-1", "Map", "innovation")), "One")
    spanish = invoke("--lang", "es", "changelog").stdout
    assert "área agregada: innovation (“Innovación”)" in spanish
    assert "área agregado" not in spanish
    assert "planificada" in spanish
    assert "area added: innovation (“Innovation”)" in invoke("changelog").stdout


def test_contexts_go_through_the_catalog_and_the_mo(tmp_path: Path) -> None:
    import gettext

    source = tmp_path / "m.py"
    source.write_text(
        'pgettext("item status", "done")\nnpgettext("c", "{n} item", "{n} items", n)\n',
        encoding="utf-8",
    )
    found = extract.source_messages([source], tmp_path)
    assert set(found) == {"item status\x04done", "c\x04{n} item"}
    entries = extract.merge(found, None, "es")
    entries[1].msgstr = ["terminada"]
    entries[2].msgstr = ["{n} acción", "{n} acciones"]
    text = extract.format_po(entries)
    assert 'msgctxt "item status"\nmsgid "done"\nmsgstr "terminada"' in text
    (tmp_path / "x.mo").write_bytes(compile_mo(parse_po(text)))
    with (tmp_path / "x.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.pgettext("item status", "done") == "terminada"
    assert catalog.gettext("done") == "done"  # no context, no translation
    assert catalog.npgettext("c", "{n} item", "{n} items", 2) == "{n} acciones"
