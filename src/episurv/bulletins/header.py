"""The date a bulletin reports on and whose bulletin it is.

Source: the bulletins (the domain README §2): the opening sentence names the
publisher and the day, "CDC Hà Nội tối 7/11 ghi nhận ...", "Bộ Y tế công bố tối 7/11",
"Tính đến 18h ngày 9/11, TP HCM ghi nhận ...", the timeline "Từ 18h ngày 6/5 đến 6h ngày 7/5".
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from episurv.bulletins import places
from episurv.bulletins.numbers import DATE, HOUR, PART_OF_DAY, read_hour
from episurv.bulletins.reading import Folded, Reading, read_within, taken
from episurv.bulletins.segment import NAME, Sentence

# A date that is the bulletin's own: after a part of day, "ngày", "hôm nay", or the closing hour
# (also as a clock: "06:00 12/05/2021", the heading of the ministry's notices of May 2021).
# The leading class holds every first character of a match (a digit, or the first letter of a
# part of day, "ngày", "hôm nay", "nay"): the engine skips at one character's cost the positions
# none starts at, where every optional part was tried in turn (half the pattern's time).
_DAY_RE = Folded(
    rf"(?=[\drstcđnh])(?:(?P<hour>{HOUR}|(?<![\d:])\d{{1,2}}:\d{{2}}(?![\d:]))\s+)?"
    rf"(?:(?P<part>{PART_OF_DAY})\s+)?(?:(?:ngày|hôm nay,?|nay)\s+)?"
    rf"(?P<date>{DATE})")
_PERIOD_RE = Folded(
    rf"(?:Từ|Tính từ)\s+(?P<h1>{HOUR})(?:\s+ngày\s+(?P<d1>{DATE}))?\s*(?:\s+đến\s+|\s*[-–]\s*)"
    rf"(?P<h2>{HOUR})\s+ngày\s+(?P<d2>{DATE})")  # also "Từ 12h đến 18h ngày 22/6", "12h-18h"
# A sentence that opens with a part of day and a date names the day it reports ("Chiều 14/8,
# Chủ tịch TP Đà Nẵng quy định ... từ 8h ngày 16 đến 8h ngày 23/8": 23/8 ends a measure); so
# does one that opens with "Ngày" and a date ("Ngày 10/9, Sở Y tế Đà Nẵng cho biết từ 6h ngày
# 9/9 đến 6h ngày 10/9 ...", news pages of 2021).
_OPENING_DAY_RE = Folded(rf"^(?:hôm nay,?\s+)?(?:(?P<part>{PART_OF_DAY})\s+(?:nay\s+)?"
                         rf"(?:ngày\s+)?|ngày\s+)(?P<date>{DATE})(?![\d/])")
_CUTOFF_RE = Folded(rf"(?:Tính\s+)?đến\s+(?P<hour>{HOUR})\s+ngày\s+(?P<date>{DATE})")
# Who publishes: a name after one of these is the city (checked against the register).
# "TP.HCM" is written without a space after its "." too ("Sở Y tế TP.HCM").
_PUBLISHER_RE = re.compile(
    r"(?:(?:CDC|Sở Y tế|Trung tâm [Kk]iểm soát bệnh tật(?:\s*\(CDC\))?)\s+(?:(?:TP|Tp)\.\s*)?"
    r"|(?:thành phố|Thành phố)\s+|(?:TP|Tp)(?:\.\s*|\s+))"
    rf"(?P<name>{NAME}{{0,3}})"
)
# Publishers known by an acronym of their own, and their province: "HCDC" is the CDC of TP HCM
# (Trung tâm Kiểm soát Bệnh tật TP.HCM), as its reports and the news of 2021 sign it.
_PUBLISHER_ACRONYMS = {"HCDC": "TP Hồ Chí Minh"}
_ACRONYM_RE = re.compile(r"\b(?:" + "|".join(_PUBLISHER_ACRONYMS) + r")\b")
_FROM_RE = re.compile(r"(?:từ|đến|trước)\s+(?:ngày\s+)?$")
_NAME_RUN_RE = re.compile(rf"{NAME}{{1,4}}")  # never empty: an empty run names nothing


def read_header(sentences: list[Sentence], r: Reading) -> None:
    """Set `date` (and `date_part`, `cutoff`) from the first sentences that carry one, and for
    a city bulletin the `jurisdiction`."""
    for s in sentences[:3]:
        if _read_date(s, r):
            break
    if r.kind == "city_daily":
        for s in sentences[:3]:
            unit = _city(s.text)
            if unit:
                r.put("jurisdiction", unit)
                break
    else:
        r.put("jurisdiction", dict(places.NATION))


# The day the opening's figures are of, when it is not the day the text was published on:
# "Sáng 5/12, CDC Hà Nội cho biết trong ngày 4/12 thành phố ghi nhận 412 ca" (a morning
# report of the day before; "..., ngày 4/12, thành phố ghi nhận ..."). The day is followed
# in its clause by the cases found; not a day a period starts or ends on.
_FIGURES_DAY_RE = Folded(rf"(?<!từ )(?<!đến )(?:trong\s+)?ngày\s+(?P<date>{DATE})"
                         rf"(?=,?\s+[^.;]{{0,40}}?(?:ghi nhận|phát hiện|có thêm|thêm)\s+\d)")


def _read_date(s: Sentence, r: Reading) -> bool:
    opening = _OPENING_DAY_RE.match(s) if "/" in s.text[:30] else None
    if opening:
        published = r.date(opening.group("date"))
        s.use(*opening.span())
        # "Sáng 9/9, ... từ 6h ngày 8/9 đến 6h ngày 9/9 thành phố ghi nhận ...": the day
        # reported on, then the hours its figures cover.
        period = _read_period(s, r)
        day = _FIGURES_DAY_RE.search(s, opening.end()) if period is None else None
        figures = r.date(day.group("date")) if day else None
        if figures is not None and published is not None \
                and 0 < (date.fromisoformat(published) - date.fromisoformat(figures)).days <= 2:
            # The part of day is the publication's, not the day reported on's.
            r.put("date", figures)
            s.use(*day.span("date"))
            return True
        r.put("date", published)
        if opening.group("part"):
            r.put("date_part", opening.group("part").lower())
        return True
    period = _read_period(s, r)
    if period:
        # "CDC Đà Nẵng sáng 10/12 cho biết từ 18h ngày 9/12 đến 18h ngày 10/12 ...": the day
        # named with its part of day is the one reported on; else the period's last day.
        for m in _DAY_RE.finditer(s) if "/" in s.text else ():
            if m.group("part") and not read_within(s, *m.span("date")):
                r.put("date", r.date(m.group("date")))
                r.put("date_part", m.group("part").lower())
                s.use(*m.span())
                return True
        r.put("date", period["to_date"])
        return True
    cutoff = _CUTOFF_RE.search(s) if "đến" in s.low else None
    if cutoff:
        r.put("date", r.date(cutoff.group("date")))
        r.put("cutoff", read_hour(cutoff.group("hour")))
        s.use(*cutoff.span())
        return True
    for m in _DAY_RE.finditer(s) if "/" in s.text else ():
        prefix = s.text[max(0, m.start("date") - 12):m.start("date")].lower()
        # "từ 3/11" is a cluster's first case, not the bulletin's day.
        if _FROM_RE.search(prefix):
            continue
        if m.group("part") or m.group("hour") or s.index == 0 or "ngày" in m.group(0).lower():
            r.put("date", r.date(m.group("date")))
            if m.group("part"):
                r.put("date_part", m.group("part").lower())
            if m.group("hour"):
                r.put("cutoff", read_hour(m.group("hour")))
            s.use(*m.span())
            return True
    return False


def _read_period(s: Sentence, r: Reading) -> dict | None:
    """The hours a sentence says its figures cover ("Từ 18h ngày 6/5 đến 6h ngày 7/5")."""
    m = _PERIOD_RE.search(s) if "đến" in s.low or "-" in s.text or "–" in s.text else None
    if m is None:
        return None
    period = {"from_date": r.date(m.group("d1") or m.group("d2")),
              "from_time": read_hour(m.group("h1")),
              "to_date": r.date(m.group("d2")), "to_time": read_hour(m.group("h2"))}
    r.put("period", period)
    s.use(*m.span())
    return period


# The day a figure of the sentence is of, stated before it: "Số bệnh nhân khỏi bệnh: Ngày 5/12
# có 1.132 ca ...", "... tử vong: Từ 17h30 ngày 4/12 đến 17h30 ngày 5/12 ghi nhận 219 ca".
_DAY_OF_FIGURE_RE = Folded(rf"(?:^|(?<=[:,;] ))(?:trong\s+)?ngày\s+(?P<date>{DATE})"
                           rf"(?=,?\s+(?:có|ghi nhận|đã))")
# The time a running total counts up to: "Tính đến 18h00 ngày 3/6, Việt Nam có tổng cộng ...".
_AS_OF_RE = Folded(rf"(?:tính đến|tính tới)\s+(?:{HOUR}\s+)?ngày\s+(?P<date>{DATE})")


def read_dates_of_figures(s: Sentence, r: Reading) -> None:
    """The day or the hours a figure of the sentence is of: read as such (not as counts), so
    that the figures left unread are counts no rule read."""
    if "/" not in s.text or "ngày" not in s.low:
        return
    for rx, group in ((_PERIOD_RE, "d2"), (_DAY_OF_FIGURE_RE, "date"), (_AS_OF_RE, "date")):
        for m in rx.finditer(s):
            if not taken(s, m, group):
                r.date(m.group(group))  # an impossible day is kept for the checks
                s.use(*m.span())


def _city(text: str) -> dict | None:
    """The province a city bulletin's opening names: after its publisher ("CDC Hà Nội"), else
    the first run of capitalised words that is a province ("..., Hà Nội ghi nhận ...")."""
    if "CDC" in text and (acronym := _ACRONYM_RE.search(text)):
        return places.province(_PUBLISHER_ACRONYMS[acronym.group()])
    publishers = (m.group("name") for m in _PUBLISHER_RE.finditer(text))
    # Lazily: the publisher's name settles most bulletins before any other run is looked at.
    for run in itertools.chain(publishers, (m.group(0) for m in _NAME_RUN_RE.finditer(text))):
        words = run.split()
        for start in range(len(words)):
            for end in range(len(words), start, -1):
                found = places.province(" ".join(words[start:end]))
                if found:
                    return found
    return None
