"""Whether a sentence states its counts for a period longer than a day: a week's summary
("Tuần qua (từ 27/9 đến 3/10), cả nước ghi nhận 35.000 ca ...", "trong 7 ngày qua cả nước
ghi nhận ..."), the weekly reviews the ministry and the press published through autumn 2021.
Such a count is not the day's: the day's readers leave it unread (the reading is then
`needs_review`), never read it as `new_cases`.

Not a window: a 7-day average ("trung bình 7 ngày qua", read as the average it is), a
comparison ("cao nhất trong 7 ngày qua", "so với 7 ngày trước": the count is the day's), the
provinces with no case in 14 days (a statement of its own), a running total "từ 27/4 đến nay"
(a total, read as one), and a notice's hours "từ 17h ngày 2/10 đến 17h ngày 3/10" (one day).
"""

from __future__ import annotations

import re
from datetime import date

from episurv.bulletins.numbers import DATE, HOUR, read_date
from episurv.bulletins.reading import Folded, has_any
from episurv.bulletins.segment import Sentence

# "tuần qua", "tuần trước", "trong tuần", "một tuần": any week. "tuần" is no other word in a
# bulletin ("tuần tra", patrol, is not a period: the space after it is required).
_WEEK_RE = Folded(r"(?<!\w)tuần(?:\s+(?:qua|trước|vừa qua|này|rồi))?(?=[\s,.;:()]|$)"
                  r"|(?<!\w)(?:một|1|7|bảy)\s+tuần(?!\w)")
# "7 ngày qua", "10 ngày gần đây", "14 ngày vừa qua": a number of days up to the day.
_DAYS_RE = Folded(r"(?<!\w)(?P<n>\d+)\s+ngày\s+(?:qua|gần đây|vừa qua|gần nhất|liên tiếp)"
                  r"(?!\w)")
# "từ 27/9 đến 3/10", "từ ngày 27/9 đến ngày 3/10", "(27/9 - 3/10)": two days, hours allowed
# before each ("từ 17h ngày 2/10 đến 17h ngày 3/10": one day, no window).
_HOUR = rf"(?:{HOUR}\s+)?"
_RANGE_RE = Folded(rf"(?:từ\s+)?{_HOUR}(?:ngày\s+)?(?P<d1>{DATE})\s*(?:đến|tới|-|–)\s*"
                   rf"{_HOUR}(?:ngày\s+)?(?P<d2>{DATE})")
# What makes a window's words no window of the sentence's counts (see the module's text).
_NOT_A_WINDOW = ("trung bình", "nhất", "kỷ lục", "so với", "không có ca", "không ghi nhận",
                 "thứ phát")


def states_a_window(s: Sentence, year: int) -> bool:
    """Whether `s` states its counts for more than one day (see the module). A cheap test of
    words first: most sentences hold none of them. The days and dates that say so are marked
    read (they are the period's, not counts)."""
    low = s.low
    week = "tuần" in low
    days = " ngày qua" in low or " ngày gần" in low or " ngày vừa" in low \
        or " ngày liên" in low
    dates = ("đến" in low or "tới" in low or " - " in low or "–" in low) and "/" in low
    if not (week or days or dates) or has_any(low, _NOT_A_WINDOW):
        return False
    found = False
    if week and (m := _WEEK_RE.search(s)):
        s.use(*m.span())
        found = True
    if days:
        for m in _DAYS_RE.finditer(s):
            if int(m.group("n")) > 1:
                s.use(*m.span("n"))
                found = True
    if dates and "đến nay" not in low and "tới nay" not in low:
        for m in _RANGE_RE.finditer(s):
            if _days_between(m.group("d1"), m.group("d2"), year) > 1:
                s.use(*m.span())
                found = True
    return found


def _days_between(first: str, last: str, year: int) -> int:
    """Days from `first` to `last` (d/m, of `year` unless they say): a range across the new
    year ("27/12 đến 2/1") ends in the next. 0 when either is no date."""
    a, b = read_date(first, year), read_date(last, year)
    if a is None or b is None:
        return 0
    d1, d2 = date.fromisoformat(a), date.fromisoformat(b)
    if d2 < d1 and re.fullmatch(r"\d{1,2}/\d{1,2}", last.strip()):
        d2 = d2.replace(year=d2.year + 1)
    return (d2 - d1).days

