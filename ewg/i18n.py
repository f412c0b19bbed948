"""Messages in English or Spanish through the standard gettext machinery."""

from __future__ import annotations

import gettext
import os
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date

LANGUAGES = ("en", "es")
_LOCALE_DIR = Path(__file__).parent / "locale"
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def resolve_language(option: str | None = None) -> str:
    """Pick the language: the option, then $EWG_LANG, then the locale, then English."""
    candidates = [option, os.environ.get("EWG_LANG")]
    candidates += [os.environ.get(var) for var in ("LC_ALL", "LC_MESSAGES", "LANG")]
    for value in candidates:
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
            if value is option or value == os.environ.get("EWG_LANG"):
                continue
    return "en"


def set_language(language: str) -> None:
    """Use `language` for every message from now on."""
    global _translation, _language
    _language = language if language in LANGUAGES else "en"
    if _language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            "ewg", localedir=_LOCALE_DIR, languages=[_language], fallback=True
        )


def language() -> str:
    """The language in use."""
    return _language


def _(message: str) -> str:
    """Translate a message into the language in use."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate a message whose Spanish depends on what it is about (gender, part of speech)."""
    return _translation.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """Translate a message with a context that depends on a count."""
    return _translation.npgettext(context, singular, plural, n)


_MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def prose_date(day: date) -> str:
    """A date as a sentence says it: "3 de diciembre de 2026" in Spanish; ISO in English.

    Tables keep ISO dates in both languages.
    """
    if _language == "es":
        return f"{day.day} de {_MONTHS_ES[day.month - 1]} de {day.year}"
    return day.isoformat()


def os_reason(error: OSError) -> str:
    """Why the system refused, in the language in use (strerror is always English)."""
    import errno

    reasons = {
        errno.ENOENT: N_("no such file or folder"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("operation not permitted"),
        errno.EISDIR: N_("it is a folder"),
        errno.ENOTDIR: N_("a part of the path is not a folder"),
        errno.ENOSPC: N_("no space left on the device"),
        errno.EROFS: N_("read-only file system"),
        errno.EEXIST: N_("it already exists"),
    }
    reason = reasons.get(error.errno or 0)
    return _(reason) if reason else (error.strerror or str(error))


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it (it is translated later)."""
    return message
