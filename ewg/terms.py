"""Words the code translates from data: statuses, sectors, countries, kinds, types, fields.

`_(item.status)` can only translate what the catalog holds; marking the words
here with `N_` is how the extractor (`python -m ewg.locale.extract`) finds them.
"""

from __future__ import annotations

from ewg.i18n import N_

STATUSES = (N_("planned"), N_("in_progress"), N_("blocked"), N_("done"), N_("dropped"))
STATUS_PHRASES = (N_("in progress"),)
SECTORS = (N_("government"), N_("industry"), N_("academia"), N_("civil-society"))
COUNTRIES = (N_("MX"), N_("US"), N_("binational"))
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
FIELDS = (
    N_("title"),
    N_("title_es"),
    N_("owners"),
    N_("status"),
    N_("milestone"),
    N_("start"),
    N_("due"),
    N_("progress"),
    N_("depends_on"),
    N_("tags"),
    N_("notes"),
    N_("links"),
    N_("reason"),
    N_("created"),
    N_("completed"),
)
