"""Report use cases shared by the CLI and the API."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from episurv.db import session_scope
from episurv.errors import InvalidInput, NotFound
from episurv.geo.units import PROVINCE, register
from episurv.reporting.daily import daily_report, latest_data_day


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"date {value!r} is not YYYY-MM-DD") from None


def provinces_with_line_list(session: Session) -> list[int]:
    """The codes of the provinces with cases in the register, in order: those whose daily report
    is drawn from the line list."""
    return list(session.execute(text(
        "SELECT DISTINCT province_code FROM case_province_days ORDER BY 1")).scalars())


def daily_report_for(province: str, day: str | date | None,
                     session: Session | None = None) -> dict:
    """The daily report of `province` for `day` (default: the latest reporting day in its data,
    `latest_data_day`, the one rule of every page and of the dashboard's day picker), read in
    `session` when given (a web request's own: drawing it never waits for a second connection
    from a pool its own request may have taken the last of), else in a unit of work of its own."""
    prov = register().resolve(province, PROVINCE)
    when = day if isinstance(day, date) else parse_day(day)
    if session is None:
        with session_scope() as own:
            return daily_report_for(province, when, own)
    if when is None:
        when = latest_data_day(session, prov.code)
        if when is None:
            raise NotFound(f"no cases recorded for {prov.short_name} yet")
    return daily_report(session, prov.code, when)
