"""Words the code translates from data: statuses, sectors, countries, kinds, types, fields.

`_(item.status)` can only translate what the catalog holds; marking the words
with `N_` is how the extractor (`python -m ewg.locale.extract`) finds them. The
file's own words (enum values, item keys) are marked where ewg.shape declares them.
"""

from __future__ import annotations

from ewg import shape
from ewg.i18n import N_, pgettext

STATUSES = tuple(value for value, _help in shape.STATUSES)
STATUS_PHRASES = (N_("in progress"),)
SEVERITIES = (N_("error"), N_("warning"))
SECTORS = tuple(value for value, _help in shape.SECTORS)
COUNTRIES = tuple(value for value, _help in shape.COUNTRIES)
KINDS = (N_("area"), N_("owner"), N_("milestone"), N_("item"), N_("meeting"))
TYPES = (
    N_("string"),
    N_("date"),
    N_("integer"),
    N_("array of strings"),
    N_("table"),
    N_("boolean"),
    N_("date-time"),
    N_("float"),
    N_("time"),
    N_("array"),
)
# Item fields, as changes name them.
FIELDS = tuple(name for name in shape.ITEMS.key_names if name not in ("id", "area"))


def status_word(status: str) -> str:
    """An item's status in words for people: `in_progress` reads "in progress".

    In Spanish an item is an acción, so the words agree with it: "terminada".
    """
    words = {
        "planned": pgettext("item status", "planned"),
        "in_progress": pgettext("item status", "in progress"),
        "blocked": pgettext("item status", "blocked"),
        "done": pgettext("item status", "done"),
        "dropped": pgettext("item status", "dropped"),
    }
    return words.get(status, status)


def with_article(kind: str) -> str:
    """A kind of record with its article, for sentences such as "no area 'x'"."""
    words = {
        "area": pgettext("with article", "area"),
        "owner": pgettext("with article", "owner"),
        "milestone": pgettext("with article", "milestone"),
        "item": pgettext("with article", "item"),
        "meeting": pgettext("with article", "meeting"),
        "indicator": pgettext("with article", "indicator"),
    }
    return words.get(kind, kind)
