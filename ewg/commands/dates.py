"""Today and dates as users write them: YYYY-MM-DD, or a usage error (exit 2)."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """Today's date ($EWG_TODAY fixes it, for reproducible reports and tests)."""
    fixed = os.environ.get("EWG_TODAY")
    return parse_date(fixed, "EWG_TODAY") if fixed else dt.date.today()


def parse_date(value: str, option: str) -> dt.date:
    """A YYYY-MM-DD date; UsageError (exit 2, with a hint) otherwise."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from ewg.errors import UsageError
        from ewg.i18n import _

        raise UsageError(
            _("{option}: {value} is not a date").format(option=option, value=repr(value)),
            hint=_("write dates as YYYY-MM-DD, e.g. 2027-03-31"),
        ) from None


def optional_date(value: str | None, option: str) -> dt.date | None:
    """`parse_date` for an option that may be left out."""
    return None if value is None else parse_date(value, option)
