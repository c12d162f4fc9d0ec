"""Report use cases shared by the CLI and the API."""

from __future__ import annotations

from datetime import date

from episurv.db import session_scope
from episurv.errors import InvalidInput, NotFound
from episurv.geo.units import PROVINCE, register
from episurv.reporting.daily import daily_report, latest_day


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"date {value!r} is not YYYY-MM-DD") from None


def daily_report_for(province: str, day: str | date | None) -> dict:
    """The daily report of `province` for `day` (default: its latest reporting day)."""
    prov = register().resolve(province, PROVINCE)
    with session_scope() as session:
        when = day if isinstance(day, date) else parse_day(day)
        if when is None:
            when = latest_day(session, prov.code)
            if when is None:
                raise NotFound(f"no cases recorded for {prov.short_name} yet")
        return daily_report(session, prov.code, when)
