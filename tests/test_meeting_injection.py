"""Nothing injected by the agenda, the minutes and the digest: the hostile roadmap of
tests/hostile.py comes out inert in the terminal, in Markdown and in HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.reportdom import parse
from tests.test_injection import (
    UNSAFE,
    hostile,  # noqa: F401  # the fixture
    run,
)
from tests.test_injection import (
    test_markdown_shows_the_text_and_nothing_else as markdown_checks,
)

# The hostile roadmap records one meeting, on 2026-11-20; the tests' today is 2026-11-27.
TERMINAL = [
    ("meeting", "agenda", "2026-12-01"),
    ("meeting", "minutes", "2026-11-20", "--format", "text"),
    ("digest", "--all"),
    ("digest", "--all", "--format", "plain"),
    ("show", "INN-1"),
]
MARKDOWN = [
    ("meeting", "agenda", "2026-12-01", "--format", "markdown"),
    ("--lang", "es", "meeting", "agenda", "2026-12-01", "--format", "markdown"),
    ("meeting", "minutes", "2026-11-20"),
    ("digest", "--all", "--format", "markdown"),
]
HTML = [
    ("meeting", "agenda", "2026-12-01", "--format", "html"),
    ("--lang", "es", "meeting", "minutes", "2026-11-20", "--format", "html"),
]


@pytest.mark.parametrize("args", TERMINAL, ids=" ".join)
def test_terminal_output_has_no_escape_sequences(
    hostile: Path,  # noqa: F811
    invoke: Invoke,
    args: tuple[str, ...],
) -> None:
    out = run(invoke, *args)
    assert not UNSAFE.search(out.replace("\n", "")), repr(UNSAFE.search(out.replace("\n", "")))


@pytest.mark.parametrize("args", MARKDOWN, ids=" ".join)
def test_markdown_is_inert(
    hostile: Path,  # noqa: F811
    invoke: Invoke,
    args: tuple[str, ...],
) -> None:
    markdown_checks(hostile, invoke, args)


@pytest.mark.parametrize("args", HTML, ids=" ".join)
def test_html_is_inert(
    hostile: Path,  # noqa: F811
    invoke: Invoke,
    args: tuple[str, ...],
) -> None:
    out = run(invoke, *args)
    dom = parse(out)
    assert not {"script", "img", "iframe", "object", "embed", "form", "a"} & set(dom.tags)
    assert not [k for _t, k, _v in dom.attrs if k.startswith("on")]
    assert not UNSAFE.search(out.replace("\n", ""))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out  # shown as text
