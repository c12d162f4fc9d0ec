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
from episurv.bulletins.reading import Folded, has_any, read_within
from episurv.bulletins.segment import Sentence

# "tuần qua", "tuần trước", "trong tuần", "một tuần": any week; not "tuần tra" (patrol), the
# one other word a bulletin starts with "tuần".
_WEEK_RE = Folded(r"(?<!\w)tuần(?:\s+(?:qua|trước|vừa qua|này|rồi))?(?=[\s,.;:()]|$)(?!\s+tra)"
                  r"|(?<!\w)(?:một|1|7|bảy)\s+tuần(?!\w)")
# "7 ngày qua", "10 ngày gần đây", "14 ngày vừa qua": a number of days up to the day ("7 ngày
# liên tiếp", a streak, is no period of the counts).
_DAYS_RE = Folded(r"(?<!\w)(?P<n>\d+)\s+ngày\s+(?:qua|gần đây|vừa qua|gần nhất)(?!\w)")
# "từ 27/9 đến 3/10", "từ ngày 27/9 đến ngày 3/10", "(27/9 - 3/10)": two days, an hour allowed
# before the second ("từ 17h ngày 2/10 đến 17h ngày 3/10": one day, no window). Opens with the
# first date, so the engine skips to a digit.
_RANGE_RE = Folded(rf"(?P<d1>{DATE})\s*(?:đến|tới|-|–)\s*(?:{HOUR}\s+)?(?:ngày\s+)?"
                   rf"(?P<d2>{DATE})")
# What makes a window's words no window of the sentence's counts (see the module's text).
_NOT_A_WINDOW = ("trung bình", "nhất", "kỷ lục", "so với", "không có ca", "không ghi nhận",
                 "thứ phát")


def window_words(text: str) -> tuple[bool, bool]:
    """Whether the normalised `text` holds a week's words and a number of days' words at all:
    looked for once in the whole text, so that most sentences are tested for a range of dates
    only (`states_a_window`). "uần": "tuần" as a sentence's first word too ("Tuần qua")."""
    return "uần" in text, " ngày qua" in text or " ngày gần" in text or " ngày vừa" in text


def states_a_window(s: Sentence, year: int, words: tuple[bool, bool] = (True, True)) -> bool:
    """Whether `s` states its counts for more than one day (see the module); `words`: whether
    its text holds a week's and a number of days' words (`window_words`). A cheap test of
    words first: most sentences hold none of them. The days and dates that say so are marked
    read (they are the period's, not counts)."""
    if not s.numbers:
        return False  # no count to set apart
    low = s.low
    # Fewest scans of the text first: most sentences hold no "tuần", "ngày qua" nor "/".
    week = words[0] and "tuần" in low
    days = words[1] and (" ngày qua" in low or " ngày gần" in low or " ngày vừa" in low)
    dates = "/" in low and ("đến" in low or "tới" in low or "–" in low or " - " in low)
    if not (week or days or dates):
        return False
    # The words that make it no window, tested before the patterns of the words of a week or
    # of days (their sentences are mostly an average or the provinces without cases), after
    # the ranges of dates (tried at their "/" only, cheaper than the test on a long opening).
    if (week or days) and has_any(low, _NOT_A_WINDOW):
        return False
    spans: list[tuple[int, int]] = []
    if week and (m := _WEEK_RE.search(s)):
        spans.append(m.span())
    if days:
        spans.extend(m.span("n") for m in _DAYS_RE.finditer(s) if int(m.group("n")) > 1)
    if dates:
        spans.extend(_ranges(s, year))
    if not spans or (not (week or days) and has_any(low, _NOT_A_WINDOW)):
        return False
    for a, b in spans:
        s.use(a, b)
    return True


def _ranges(s: Sentence, year: int) -> list[tuple[int, int]]:
    """The ranges of dates of `s` longer than a day, not read already (a notice's hours, read
    by its header) and not up to now ("từ 27/4 đến nay": a running total). Tried only at the
    "/" of a first date, not at every character of a long sentence (a notice's opening holds
    its whole list of provinces)."""
    text = s.low if s.folds else s.text
    found = []
    at = text.find("/")
    while at > 0:
        start = at - 1 if at < 2 or not text[at - 2].isdigit() else at - 2
        m = _RANGE_RE.match(s, start)
        if m is None:
            at = text.find("/", at + 1)
            continue
        if not read_within(s, *m.span()) \
                and _days_between(m.group("d1"), m.group("d2"), year) > 1:
            found.append(m.span())
        at = text.find("/", m.end())
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

