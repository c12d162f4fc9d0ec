"""How a day is written: ISO (2021-11-07), the Vietnamese day/month/year (7/11/2021,
07-11-21, 7.11.2021, "ngày 7/11/2021", "07 tháng 11 năm 2021"), either with a time of day
after it, or the number Excel counts it by (44507). One table of forms, read two ways: over a
whole column by the line list (cases.validation.read_days, polars) and one text at a time
(`typed_day`) by the contact list, the other imports, the pages (web.dates) and the command
line (cli.support.day_option). tests/core/test_days.py holds them to one reading."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time, timedelta

from episurv.core.folding import fold
from episurv.core.i18n import N_
from episurv.errors import EpisurvError, InvalidInput

# Named in every refusal on the command line, so a person knows what to type instead.
FORMS = "YYYY-MM-DD (2021-11-07) or D/M/YYYY (7/11/2021)"
# A value in a file or a form that is no day: the forms it is read in, a few of each kind, so a
# clerk sees how to write the day (every reader of `typed_day`/`read_days` says the same).
NOT_A_DATE = N_("not a date (day, month and year: 7/11/2021, 07-11-21, 7.11.2021, 7 tháng 11 "
                "năm 2021 or 2021-11-07)")

# A date and time typed into a form (when a check-in was measured) that writes none: the forms
# it is read in, the day as `typed_day` reads it and the time of day after it.
NOT_A_MOMENT = N_("not a date and time (day, month, year and hour: 7/11/2021 14:30 or "
                  "2021-11-07T14:30)")

# A day (or a date and time) asked for in a named field (a page's date field, an API query
# parameter) that writes none: the field, what was typed and why it is none (unread_day,
# unread_moment), said in the page's language; the API's `detail` is its English.
FIELD_NOT_A_DAY = N_("%(field)s “%(value)s”: %(why)s")

# A day written in one of the forms that no calendar has ("31/11/2021", "29/02/2021"): said so,
# with the length of its month, rather than listing the forms it is written in already.
NO_SUCH_DAY = N_("no such day: month %(month)s of %(year)s has %(days)s days")

# A day as clerks type it around its digits, reduced to a form the patterns below read, step
# by step in this order: a leading "ngày" ("ngày 7/11/2021"), the form's "07 tháng 11 năm
# 2021", spaces about the marks ("07 / 11 / 2021"; every such mark, the only step applied more
# than once), the year first with "/" or "." ("2021/11/07", as some exporting systems write it),
# a full stop after it. Each: (pattern, replacement with ${n} for a group, every match or the
# first only).
AS_TYPED = (
    (r"(?i)^(?:ngày|ngay)\s+", "", False),
    (r"(?i)^(\d{1,2})\s*(?:tháng|thang)\s*(\d{1,2})\s*(?:năm|nam|,)\s*(\d{4})$",
     "${1}/${2}/${3}", False),
    (r"(\d)\s*([/.-])\s*(\d)", "${1}${2}${3}", True),
    (r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})", "${1}-${2}-${3}", False),
    (r"\.$", "", False),
)
# A date written whole, nothing after it, but a time of day (an XLSX datetime cell, "07/11/2021
# 14:30" typed). "2021-11-10garbage" is not a date.
CLOCK = r"(?:[ T](?P<clock>\d{1,2}:\d{2})(?::\d{2}(?:\.\d+)?)?)?"
ISO_DATE = r"^(?P<iso>\d{4}-\d{1,2}-\d{1,2})" + CLOCK + "$"
# The day and month may be separated by "-" or "." as well ("7-11-2021", "07.11.2021"), the
# same mark twice. A year of two digits ("7/11/21", as Excel shortens it) is of this century:
# no list holds a day before 2000.
DMY_DATE = (r"^(?P<d>\d{1,2})(?P<s1>[/.-])(?P<m>\d{1,2})(?P<s2>[/.-])(?P<y>\d{4}|\d{2})"
            + CLOCK + "$")
# A day as Excel stores it, counted from its day zero (30/12/1899), the time of day the
# fraction: a date cell that lost its format, or a CSV exported by a program that wrote the
# number ("44507" is 7/11/2021, "44507.75" 18:00 on it; "44507,75" under Vietnamese settings,
# whose decimal mark is a comma). Five digits: 1927 to 2173, of which days before 2100 are read.
SERIAL = r"^(?P<days>\d{5})(?:[.,](?P<frac>\d+))?$"
EXCEL_DAY_ZERO = date(1899, 12, 30)
LAST_SERIAL = (date(2099, 12, 31) - EXCEL_DAY_ZERO).days

# A day written without its year ("6/11", as clerks write a day beside a full one): read in the
# year that puts it nearest the day it is written beside, when that is within half a year.
# Written as the full day is ("ngày 6/11", "6 / 11", "6 tháng 11"), or with a full stop after.
DAY_MONTH = (r"(?i)^(?:(?:ngày|ngay)\s+)?(?P<d>\d{1,2})\s*(?:[/.-]|\s(?:tháng|thang)\s)\s*"
             r"(?P<m>\d{1,2})\.?$")
NEAREST_WITHIN = 183

_STEPS = tuple((re.compile(pattern), re.sub(r"\$\{(\d+)\}", r"\\g<\1>", replacement),
                0 if every else 1) for pattern, replacement, every in AS_TYPED)
_ISO = re.compile(ISO_DATE)
_DMY = re.compile(DMY_DATE)
_SERIAL = re.compile(SERIAL)
_DAY_MONTH = re.compile(DAY_MONTH)
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
    """The day `text` writes in a form of the table above; None when it writes none or no real
    day, or a time of day that is no time ("07/11/2021 25:00")."""
    typed = text.strip()
    day = _written_whole(typed)
    if day is _NO_FORM:  # most days are written ISO or d/m/yyyy and need no reducing
        typed = unicodedata.normalize("NFC", typed)
        for pattern, replacement, count in _STEPS:
            typed = pattern.sub(replacement, typed, count=count)
        day = _written_whole(typed)
    return None if day is _NO_FORM else day


_NO_FORM = object()  # written in none of the forms, as against a form naming no real day


def _written_whole(typed: str) -> date | None | object:
    if found := _ISO.match(typed):
        day = _real(*(int(part) for part in found["iso"].split("-")))
    elif (found := _DMY.match(typed)) and found["s1"] == found["s2"]:
        year = int(found["y"]) + (2000 if len(found["y"]) == 2 else 0)
        day = _real(year, int(found["m"]), int(found["d"]))
    elif (found := _SERIAL.match(typed)) and int(found["days"]) <= LAST_SERIAL:
        return EXCEL_DAY_ZERO + timedelta(days=int(found["days"]))
    else:
        return _NO_FORM
    clock = found["clock"]
    if clock is not None:
        hours, minutes = (int(part) for part in clock.split(":"))
        if hours > 23 or minutes > 59:
            return None
    return day


def no_such_day(text: str) -> tuple[int, int, int] | None:
    """The month, year and number of days of the month of a day written in a form of the table
    above whose day that month has not ("31/11/2021": 11, 2021, 30); None for any other text
    (a real day, no form, a month past 12, a day past 31)."""
    typed = unicodedata.normalize("NFC", text.strip())
    for pattern, replacement, count in _STEPS:
        typed = pattern.sub(replacement, typed, count=count)
    if found := _ISO.match(typed):
        year, month, day = (int(part) for part in found["iso"].split("-"))
    elif (found := _DMY.match(typed)) and found["s1"] == found["s2"]:
        year = int(found["y"]) + (2000 if len(found["y"]) == 2 else 0)
        month, day = int(found["m"]), int(found["d"])
    else:
        return None
    if not 1 <= month <= 12 or not 1 <= day <= 31 or _real(year, month, day) is not None:
        return None
    return month, year, calendar.monthrange(year, month)[1]


def unread_day(text: str) -> tuple[str, dict[str, str]]:
    """Why a text that `typed_day` reads as no day is none, as a message of the catalogue and
    its values: a day no calendar has names its month's length (NO_SUCH_DAY), anything else
    the forms a day is written in (NOT_A_DATE). Every reader of a day refuses one so."""
    month_of = no_such_day(text)
    if month_of is None:
        return NOT_A_DATE, {}
    month, year, days = month_of
    return NO_SUCH_DAY, {"month": str(month), "year": str(year), "days": str(days)}


# The time of day after a day (CLOCK): hours, minutes and seconds.
_CLOCK_AFTER = re.compile(r"[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$")


def typed_moment(text: str) -> datetime | None:
    """The day and time of day `text` writes: a day `typed_day` reads ("7/11/2021",
    "2021-11-07") with the time after it ("7/11/2021 14:30", "2021-11-07T14:30"), or alone
    (its midnight); naive, for the reader to place in its zone. None when it writes neither,
    or a time that is no time ("7/11/2021 25:00", "14:30:61")."""
    typed = text.strip()
    day = typed_day(typed)
    if day is None or ((serial := _SERIAL.match(typed)) and serial["frac"]):
        return None  # an Excel number's fraction is no time a person types
    found = _CLOCK_AFTER.search(typed)
    if found is None:
        return datetime.combine(day, time())
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    if seconds > 59:
        return None
    return datetime.combine(day, time(hours, minutes, seconds))


def unread_moment(text: str) -> tuple[str, dict[str, str]]:
    """Why a text that `typed_moment` reads as no date and time is none (unread_day): a day no
    calendar has names its month's length (NO_SUCH_DAY), anything else the forms it is
    written in (NOT_A_MOMENT)."""
    template, params = unread_day(_CLOCK_AFTER.sub("", text.strip()))
    return (NOT_A_MOMENT, {}) if template is NOT_A_DATE else (template, params)


def day_near(text: str, beside: date) -> date | None:
    """A day and month without a year ("6/11") in the year that puts it nearest `beside`
    (DAY_MONTH), so "30/12" beside 2/1/2022 is 30/12/2021 and "5/1" beside 20/12/2021 is
    5/1/2022; None when it is not written so, or no such day is within half a year of it."""
    found = _DAY_MONTH.match(text.strip())
    if not found:
        return None
    days = [_real(beside.year + k, int(found["m"]), int(found["d"])) for k in (-1, 0, 1)]
    # 29/2 exists in one year of three at most; a day that does not exist is never nearest.
    far = [abs((d - beside).days) if d else 1 << 30 for d in days]
    nearest = (days[0] if far[0] < far[1] and far[0] < far[2]
               else days[2] if far[2] < far[1] else days[1])
    return nearest if min(far) <= NEAREST_WITHIN else None


# The day a list's title says it was drawn up ("DANH SÁCH CA BỆNH NGÀY 07/11/2021", "Cầu Giấy,
# ngày 9 tháng 11 năm 2021" under an official form's letterhead), or its year alone ("... NĂM
# 2021"), in folded words: a day the list writes without its year ("07/11") is read beside it.
_TITLE_DAY = re.compile(r"(?<![\d/.-])(\d{1,2}) ?([/.-]) ?(\d{1,2}) ?\2 ?(\d{4})(?![\d/.-])"
                        r"|\b(\d{1,2}) thang (\d{1,2}) nam (\d{4})\b")
_TITLE_YEAR = re.compile(r"(?<![\d/.-])(20\d\d)(?![\d/.-])")


def title_day(lines: tuple[str, ...] | list[str]) -> date | None:
    """The day a list's title (the lines above its header) writes last, a real day; else, when
    it writes one year only, the middle of that year (2 July: every day of the year is within
    half a year of it, as `day_near` reads a day beside another); None when it writes neither
    (or several years and no day)."""
    text = " ".join(fold(line) for line in lines)
    days = [_real(int(m[4] or m[7]), int(m[3] or m[6]), int(m[1] or m[5]))
            for m in _TITLE_DAY.finditer(text)]
    if days := [d for d in days if d is not None]:
        return days[-1]
    years = {int(y) for y in _TITLE_YEAR.findall(text)}
    return date(years.pop(), 7, 2) if len(years) == 1 else None


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# As much of what was typed as a refusal of a typed day repeats.
SHOWN = 40


def read_day(value: str, field: str = "date") -> date:
    """The day `value` writes in any form `core.days.typed_day` reads (the imports' forms:
    "2021-11-07", "7/11/2021", "7 tháng 11 năm 2021"), or InvalidInput (422) naming the
    field, the value and why it is no day."""
    day = typed_day(value)
    if day is None:
        raise _unread(value, field, "not_a_date", "unread_day", unread_day)
    return day


def read_moment(value: str, field: str = "at") -> datetime:
    """The date and time `value` writes in any form `core.days.typed_moment` reads
    ("7/11/2021 14:30", "2021-11-07T14:30", a day alone its midnight), naive, or InvalidInput
    (422) naming the field, the value and why it is none: the one reading of a moment a
    person types into a page's form or a command's option."""
    moment = typed_moment(value)
    if moment is None:
        raise _unread(value, field, "not_a_moment", "unread_moment", unread_moment)
    return moment


def _unread(value: str, field: str, code: str, why_code: str, why) -> InvalidInput:
    """The refusal of a typed day or moment: the field, what was typed and why (`why(value)`,
    core.days' template and values), in the reader's language."""
    template, params = why(value)
    return InvalidInput(FIELD_NOT_A_DAY, code=code, field=field, value=value[:SHOWN],
                        why=EpisurvError(template, code=why_code, **params))
