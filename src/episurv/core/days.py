"""How a person writes a day: ISO (2021-11-07) or the Vietnamese day/month/year (7/11/2021,
07/11/2021), the way the CDC bulletins and the line lists of 2021 write it. The line list
accepts both (cases.validation), the pages read both (web.dates), and so does the command line
(cli.support.day_option): one reading of a typed day everywhere a person types one."""

from __future__ import annotations

import re
from datetime import date

# Named in every refusal, so a person knows what to type instead.
FORMS = "YYYY-MM-DD (2021-11-07) or D/M/YYYY (7/11/2021)"

# ISO, with the midnight a spreadsheet's date cell may carry ("2021-11-07 00:00:00").
_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?\s*")
# The day and month may also be split by "-" or "." ("7-11-2021", "07.11.2021"): one mark,
# the same twice. A year of two digits ("7/11/21", as Excel shortens it) is of this century.
_DAY_MONTH_YEAR = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\s*")


def day_month_year(text: str) -> date | None:
    """"7/11/2021", "07/11/2021" (or "7-11-2021", "07.11.2021", "7/11/21") as 7 November
    2021; None when it is not written so or is no real day (31/6/2021)."""
    found = _DAY_MONTH_YEAR.fullmatch(text)
    if not found:
        return None
    day, month, year = (int(found.group(i)) for i in (1, 3, 4))
    return _real(year + 2000 if len(found.group(4)) == 2 else year, month, day)


def typed_day(text: str) -> date | None:
    """A day typed in either form of FORMS; None when it is neither or no real day."""
    found = _ISO.fullmatch(text)
    if found:
        return _real(*(int(g) for g in found.groups()))
    return day_month_year(text)


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
