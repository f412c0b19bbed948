"""Words the code translates from data: statuses, sectors, countries, kinds, types, fields.

`_(item.status)` can only translate what the catalog holds; marking the words
with `N_` is how the extractor (`python -m ewg.locale.extract`) finds them. The
file's own words (enum values, item keys) are marked where ewg.shape declares them.
"""

from __future__ import annotations

from ewg import shape
from ewg.i18n import N_

STATUSES = tuple(value for value, _help in shape.STATUSES)
STATUS_PHRASES = (N_("in progress"),)
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
