"""Report use cases shared by the CLI and the API."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from episurv.core.days import read_day
from episurv.db import session_scope
from episurv.errors import NotFound
from episurv.geo.units import PROVINCE, register
from episurv.reporting.daily import daily_report, latest_data_day

# What the API's documentation says a day or a moment in a query is read in (core.days'
# read_day, read_moment; national.parse_moment), a few of each kind.
TYPED_DAY = "A day: 2021-11-07, 7/11/2021 or 7 tháng 11 năm 2021"
TYPED_MOMENT = ("A date and time: 2021-11-07T18:00 or 7/11/2021 18:00 in Vietnam's time "
                "(UTC+7) unless a zone is given; a day alone is its end")


def parse_day(value: str | None, field: str = "date") -> date | None:
    """The day asked for, or None when none is (read_day): the one reading of a day a person
    types into a page, an API query or a command, as the imports read it. ISO stays read, so
    an API client's requests are answered as before."""
    return None if value is None else read_day(value, field)


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
