"""Markdown read by real renderers: markdown-it-py (CommonMark and GFM tables) and cmark-gfm.

What ewg writes must keep its table columns, keep URLs whole, take no markup
from the data (titles, reasons, decisions), and read cleanly as raw text,
which is what gets pasted into minutes and emails.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.conftest import Invoke
from tests.helpers import ROOT, GitRepo
from tests.hostile import write_hostile_roadmap

URL = "https://example.org/ev_data/report.pdf?year=2026&lang=es"
TRICKS = "**bold** _it_ `code` <b>html</b> [click](https://evil.example) ~~gone~~ a | b &amp;"
MARKDOWN = [
    ("status", "--format", "markdown"),
    ("list", "--all", "--format", "markdown"),
    ("report", "--format", "markdown"),
    ("changelog", "--format", "markdown"),
]


def _tokens(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def _flat(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out += _flat(token.children or [])
    return out


def _text(tokens: list[Token]) -> str:
    return "".join(t.content for t in _flat(tokens) if t.type in ("text", "code_inline"))


def _links(tokens: list[Token]) -> list[tuple[str, str]]:
    """Each link's target and the text it shows."""
    flat = _flat(tokens)
    return [
        (str(t.attrs.get("href")), flat[n + 1].content)
        for n, t in enumerate(flat)
        if t.type == "link_open"
    ]


def _tables_are_consistent(tokens: list[Token]) -> int:
    """Every row of every table has as many cells as its header; how many tables."""
    tables, cells, widths = 0, 0, set[int]()
    for token in tokens:
        if token.type == "table_open":
            tables, widths = tables + 1, set()
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            widths.add(cells)
            cells = 0
        elif token.type == "table_close":
            assert len(widths) == 1, widths
    return tables


@pytest.fixture
def story(git_repo: GitRepo) -> GitRepo:
    """The bundled roadmap, then a commit that blocks INN-4 with tricky text and a URL."""
    text = (ROOT / "roadmap.toml").read_text(encoding="utf-8")
    git_repo.commit_file("roadmap.toml", text, "Roadmap")
    reason = f"Waiting for {TRICKS}, see {URL}."
    text = re.sub(
        r'(id = "INN-4"\n(?:.*\n)*?reason = ).*\n',
        lambda m: m.group(1) + '"' + reason.replace("\\", "\\\\") + '"\n',
        text,
        count=1,
    )
    text = text.replace('title = "Study zero-emission heavy trucks', f'title = "{TRICKS} trucks', 1)
    text = re.sub(r'reason_es = "En espera de los datos.*\n', "", text, count=1)  # Spanish too
    git_repo.commit_file("roadmap.toml", text, "Block INN-4", author="Lucía Hernández (SRE)")
    return git_repo


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("args", MARKDOWN, ids=lambda a: a[0])
def test_markdown_keeps_columns_and_urls_and_takes_no_markup_from_data(
    story: GitRepo, invoke: Invoke, args: tuple[str, ...], lang: str
) -> None:
    result = invoke("--lang", lang, *args)
    assert result.exit_code == 0, result.stderr
    tokens = _tokens(result.stdout)
    flat = _flat(tokens)
    assert not [t for t in flat if t.type in ("html_inline", "html_block", "s_open")]
    links = _links(tokens)
    assert all(href == text for href, text in links), links  # no link hides its target
    shown = _text(tokens)
    if args[0] != "list":  # list shows no reasons
        assert URL in shown and (URL, URL) in links  # whole, nothing escaped inside it
    if not (args[0] == "list" and lang == "es"):  # its Spanish title has no tricks
        assert TRICKS in shown  # shown as typed: no emphasis, code, HTML or link
    if args[0] in ("status", "list", "report"):
        assert _tables_are_consistent(tokens) >= 1


def test_the_raw_markdown_reads_as_typed(story: GitRepo, invoke: Invoke) -> None:
    raw = invoke("changelog", "--format", "markdown").stdout
    assert "# Roadmap changes" in raw and "\\-" not in raw and "\\(" not in raw
    assert "**INN-4**" in raw
    assert "(Lucía Hernández (SRE)," in raw
    assert URL in raw


@pytest.mark.parametrize(
    ("lang", "headers"),
    [
        ("en", ["ID", "Title", "Owners", "Due", "Days late"]),
        ("es", ["ID", "Título", "Responsables", "Fecha límite", "Días de retraso"]),
    ],
)
def test_status_markdown_names_every_column(
    story: GitRepo, invoke: Invoke, lang: str, headers: list[str]
) -> None:
    raw = invoke("--lang", lang, "status", "--format", "markdown").stdout
    assert "| " + " | ".join(headers) + " |" in raw
    assert "| |" not in raw and "|  |" not in raw  # no unnamed column
    # Five status tables, then the bundled roadmap's indicators: every table consistent.
    status_part = re.split(r"^## Indica", raw, flags=re.MULTILINE)[0]
    assert _tables_are_consistent(_tokens(status_part)) == 5
    assert _tables_are_consistent(_tokens(raw)) > 5
    overdue = raw.split("## ")[3]
    assert re.search(r"\| PRV-4 \| .* \| 2026-08-31 \| 88 \|", overdue)  # days late, a number
    open_ = "Open" if lang == "en" else "Abiertas"
    assert raw.count(f"| {open_} |") == 2  # areas and milestones


def test_hostile_markdown_stays_inert_in_every_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    monkeypatch.chdir(tmp_path)
    write_hostile_roadmap(tmp_path / "roadmap.toml")
    for args in MARKDOWN[:3]:
        out = invoke(*args).stdout
        tokens = _tokens(out)
        flat = _flat(tokens)
        assert not [t for t in flat if t.type in ("html_inline", "html_block", "em_open")]
        assert _tables_are_consistent(tokens) >= 1
        hidden = [(h, t) for h, t in _links(tokens) if h != t]
        assert {h for h, _t in hidden} <= {"https://example.org/a_%28b%29%7Cc"}, hidden


CMARK = shutil.which("cmark-gfm")


@pytest.mark.skipif(CMARK is None, reason="cmark-gfm is not installed")
@pytest.mark.parametrize("args", MARKDOWN, ids=lambda a: a[0])
def test_cmark_gfm_links_the_url_whole_and_nothing_else(
    story: GitRepo, invoke: Invoke, args: tuple[str, ...]
) -> None:
    markdown = invoke(*args).stdout
    html = subprocess.run(
        [str(CMARK), "-e", "table", "-e", "autolink", "-e", "strikethrough"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    hrefs = re.findall(r'href="([^"]*)"', html)
    if args[0] != "list":
        assert URL.replace("&", "&amp;") in hrefs
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', html)
    assert len(links) == len(hrefs)
    assert all(href == text for href, text in links), links  # no link hides its target
    assert "<b>html</b>" not in html and "<del>" not in html
    assert "<em>it</em>" not in html and "<strong>bold</strong>" not in html
    assert "<code>code</code>" not in html
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        assert len({len(re.findall(r"<t[hd][ >]", row)) for row in rows}) == 1
