"""Which kind of bulletin a text is: a city CDC daily bulletin, the ministry's national report,
or one of the ministry's short timeline notices.

Source: the three forms (docs: /work/shared/domain/README.md §2). The opening sentence names
the publisher; a timeline notice lists provinces with counts in brackets, "Long An (134)".
"""

from __future__ import annotations

import re

from episurv.bulletins.reading import has_any
from episurv.bulletins.segment import Sentence

CITY, NATIONAL, TIMELINE = "city_daily", "national_daily", "moh_timeline"

# "Long An (134)": a count in brackets after a name (the letter before is checked in
# `_bracket_counts`; a leading letter class would be tried at every position of the text).
_BRACKET_COUNT_RE = re.compile(r"\(\s*\d[\d.]*\s*\)")
# Looked for in lower-cased text by substring search: a pattern (with IGNORECASE, worse) over a
# whole bulletin was most of the time of telling its kind.
_NATIONAL_OPENING_WORDS = ("bộ y tế", "cả nước", "tỉnh thành", "tỉnh, thành", "việt nam ghi nhận",
                           "trong nước")
_CITY_OPENING_RE = re.compile(r"CDC|Sở Y tế|Trung tâm [Kk]iểm soát bệnh tật|quận|huyện")
_NATIONAL_WORDS = ("bộ y tế", "tỉnh thành", "tỉnh, thành", "cả nước", "trong nước", "việt nam",
                   "liều vaccine", "điều tra dịch tễ", "tử vong")
_CITY_WORDS = ("cdc", "sở y tế", "quận", "huyện", "ổ dịch", "phường", "chùm")


# The day's deaths or recoveries are what the national report states and a notice of new cases
# does not ("61 ca tử vong", "1.301 người khỏi bệnh", "12.683 bệnh nhân khỏi"): the ministry's
# notices of 12/5 and 3/10/2021 list provinces in brackets just as the report of 13/12 does.
# The evening report also states tests and doses, and is dated in the evening ("tối 12/11");
# the notices of new cases came in the morning and at noon.
_DAY_OUTCOME_RE = re.compile(
    r"\d[\d.,]*\s+(?:ca|người|bệnh nhân)\s+(?:tử vong|khỏi)|liều vaccine|xét nghiệm cho"
    r"|(?:^|[\s,])tối\s+(?:ngày\s+)?\d{1,2}/\d{1,2}|bản tin")  # on lower-cased text
_NOTICE_WORDS_RE = re.compile(r"trong nước|nhập cảnh|ca mắc mới")  # on lower-cased text


def detect_kind(sentences: list[Sentence]) -> str:
    """The kind a text states itself to be: a national report states the day's deaths or
    recoveries; a ministry text without them is a notice of new cases; a city's own report
    is told by its publisher (CDC, Sở Y tế) and its districts."""
    text = " ".join(s.text for s in sentences)
    low = " ".join(s.low for s in sentences)
    outcomes = bool(_DAY_OUTCOME_RE.search(low))
    opening = sentences[0].text if sentences else ""
    opening_low = sentences[0].low if sentences else ""
    national = has_any(opening_low, _NATIONAL_OPENING_WORDS)
    city = bool(_CITY_OPENING_RE.search(opening))
    if outcomes and has_any(low, _NATIONAL_OPENING_WORDS) and not city:
        return NATIONAL
    if city and not national:
        return CITY  # a city's own report, however it writes its lists ("Tên (n)")
    if text.count("(") >= 2 and _bracket_counts(text) >= 2 and _lists_provinces(text) \
            and _NOTICE_WORDS_RE.search(low):
        return TIMELINE
    if national != city:
        return (NATIONAL if outcomes else TIMELINE) if national else CITY
    n_score = sum(low.count(w) for w in _NATIONAL_WORDS)
    c_score = sum(low.count(w) for w in _CITY_WORDS)
    if n_score <= c_score:
        return CITY
    return NATIONAL if outcomes else TIMELINE  # as above: the ministry's, without outcomes


def _bracket_counts(text: str) -> int:
    n = 0
    for m in _BRACKET_COUNT_RE.finditer(text):
        i = m.start() - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        if i >= 0 and (text[i].isalpha() or text[i] == "_"):
            n += 1
    return n


_FIRST_ITEM_RE = re.compile(r"(?:[:,;]|\btại)\s*([^\d,;:()]{2,40}?)\s*\(\s*\d")


def _lists_provinces(text: str) -> bool:
    """Whether the first bracketed count names a province (a notice) rather than a district
    (a city report written "Thanh Xuân (12), ...") or a hospital."""
    from episurv.bulletins import places  # the register is needed only here

    for m in _FIRST_ITEM_RE.finditer(text):
        name = m.group(1).strip()
        if places.named_place(name):
            continue
        return places.province(name) is not None
    return False
