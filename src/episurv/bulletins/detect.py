"""Which kind of bulletin a text is: a city CDC daily bulletin, the ministry's national report,
or one of the ministry's short timeline notices.

Source: the three forms (the domain README §2). The opening sentences name who speaks; a
ministry text lists provinces ("Long An (134)"), a city's report districts.
"""

from __future__ import annotations

import re

from episurv.bulletins.lexicon import CASE, MEASURE_WORDS, VACCINE
from episurv.bulletins.reading import has_any
from episurv.bulletins.segment import UPPER, Sentence, abbrev_before
from episurv.bulletins.support import SUPPORT_WORDS

CITY, NATIONAL, TIMELINE = "city_daily", "national_daily", "moh_timeline"

# "Long An (134)", "Long An (134 ca)": a count in brackets after a name (the letter before is
# checked in `_bracket_counts`; a leading letter class would be tried at every position of the
# text).
_BRACKET_COUNT_RE = re.compile(rf"\(\s*\d[\d.]*(?:\s+{CASE})?\s*\)")
# Who speaks, looked for in lower-cased text by substring search (a pattern with IGNORECASE
# over a whole bulletin was most of the time of telling its kind). The ministry, its steering
# committee or its case system, speaking of the country and its provinces; or a city's CDC or
# health department.
_MINISTRY_SPEAKERS = ("bộ y tế", "ban chỉ đạo quốc gia", "hệ thống quốc gia")
_CITY_SPEAKERS = ("cdc", "sở y tế", "trung tâm kiểm soát bệnh tật")
# The country as the whole the figures are of: a sign of the ministry when no speaker is named
# and no province is the subject ("TP HCM ghi nhận 1.200 ca, nhiều nhất cả nước" is the city's).
_COUNTRY_WORDS = ("cả nước", "việt nam ghi nhận", "tỉnh thành", "tỉnh, thành")
_MINISTRY_WORDS = (*_MINISTRY_SPEAKERS, *_COUNTRY_WORDS)
# Words that lean one way when no speaker is named: the country's split of cases vs a city's
# districts, wards and clusters.
_MINISTRY_LEANING = (*_MINISTRY_WORDS, "trong nước", "nhập cảnh", "việt nam")
_CITY_LEANING = (*_CITY_SPEAKERS, "quận", "huyện", "phường", "ổ dịch", "chùm")
# The opening sentences in which a text names its speaker (a headline may come first).
_OPENING = 2

# The day's deaths or recoveries, tests and doses are what the national report states and a
# notice of new cases does not ("61 ca tử vong", "1.301 người khỏi bệnh", "12.683 bệnh nhân
# khỏi"): the ministry's notices of 12/5 and 3/10/2021 list provinces in brackets just as the
# report of 13/12 does. Telling the two apart is all this does: a city's report states deaths
# too, and an evening date or the word "bản tin" is used by both the ministry and the cities.
# A case is any of the lexicon's words for one, and the day's deaths, recoveries and severe
# patients its rows ("118 người bệnh tử vong", "905 ca được công bố khỏi bệnh", "2.870 bệnh
# nhân ra viện", "5.120 ca nặng"); the measure may come before its count ("Số ca tử vong trong
# ngày là 129"). Matched in lower case. The day's doses in any of the vaccine's spellings ("1,2
# triệu liều vắc xin được tiêm") are the report's too.
# The severe patients' breathing support is stated by the national report alone ("Số bệnh nhân
# đang thở ô xy là 4.000 ca", "Có 4.000 bệnh nhân đang thở ô xy"), in support.py's words.
# Patients under treatment on the day are the report's too ("Số bệnh nhân đang điều trị là
# 120.000").
_OUTCOMES = "|".join(MEASURE_WORDS[field] for field in ("deaths", "recovered", "severe",
                                                         "under_treatment")).lower()
# The leading class holds every first character of a match ("1.301", "số", "liều", "xét"), so
# the engine skips the other positions of the text at one character's cost.
_DAY_OUTCOME_RE = re.compile(
    rf"(?=[\dslx])(?:(?:\d[\d.,]*|\bsố)\s+{CASE.lower()}(?:{_OUTCOMES})|liều {VACCINE}"
    # The doses without the vaccine named: "cả nước tiêm được 1.200.000 liều".
    rf"|\d[\d.,]*\s+(?:triệu\s+)?liều(?!\w)"
    rf"|xét nghiệm cho|(?:\d[\d.,]*|\bsố)\s+{CASE.lower()}\s+(?:phải\s+|đang\s+|cần\s+)?"
    rf"(?:{SUPPORT_WORDS}))")
# A province as the subject of the opening: "Tối 14/8, Đà Nẵng ghi nhận ...", "Hà Nội: Kỷ lục
# 301 ca" (a city speaking of itself).
# A name before ":" is the subject only when it opens its sentence: "Bắc Giang: 40 ca" inside a
# notice's list ("... ghi nhận trong nước: Bắc Giang: 40 ca; Bắc Ninh: 10 ca") is an item.
_SUBJECT_RE = re.compile(rf"(?P<name>{UPPER}\w*(?:[ -]+{UPPER}\w*){{0,3}})\s*(?:(?P<colon>:)"
                         r"|\s+(?:ghi nhận|có thêm|thêm|công bố|phát hiện))")


def detect_kind(sentences: list[Sentence]) -> str:
    """The kind a text states itself to be, from who speaks: the ministry (Bộ Y tế, the
    national steering committee, the national case system) or a city (its CDC or health
    department); without a speaker, a province as the subject of the opening makes it the
    city's, the country ("cả nước", "các tỉnh, thành phố") the ministry's; when the opening
    names neither or both, from what its lists name (provinces or districts), then from the words
    that lean one way. A ministry text that states the day's outcomes (deaths, recoveries,
    tests, doses) is the national report; without them it is a notice of new cases, and so is
    one headed as that notice ("THÔNG BÁO VỀ 2.318 CA MẮC MỚI") with them: the ministry's
    evening notices of late 2021 state the day's deaths and recoveries under that heading."""
    opening_low = " ".join(s.low for s in sentences[:_OPENING])
    opening = " ".join(s.text for s in sentences[:_OPENING])
    # The notice's heading names its speaker as "Bộ Y tế" does: under it, "tất cả đều tại Hà
    # Nội" or "Hà Nội ghi nhận 12 ca" is where the ministry's cases are, no city speaking.
    headed = any(s.low[:12] == "thông báo về" and _NOTICE_HEADING_RE.match(s.low)
                 for s in sentences[:_OPENING])
    ministry = headed or has_any(opening_low, _MINISTRY_SPEAKERS)
    city = has_any(opening_low, _CITY_SPEAKERS)
    low = None  # the whole text in lower case, joined when first needed
    if not ministry and not city:
        named = _provinces_named(opening)
        # One province as the subject is a city speaking of itself; two or more ("Hà Nội thêm
        # 28 ca, TP HCM 1.200 ca", a headline of the country's day) are the country's.
        city = len(named) == 1
        ministry = len(named) > 1 or (not city and has_any(opening_low, _COUNTRY_WORDS))
    if ministry == city:
        text = " ".join(s.text for s in sentences)
        lists = _lists_provinces(text) if _bracket_counts(text) >= 2 else None
        if lists is None and (_plain_items_name_provinces(text) or _found_in_provinces(text)):
            lists = True
        if lists is not None:
            ministry, city = lists, not lists
        else:
            low = " ".join(s.low for s in sentences)
            ministry = sum(low.count(w) for w in _MINISTRY_LEANING) \
                > sum(low.count(w) for w in _CITY_LEANING)
            city = not ministry
    if city and not ministry:
        return CITY
    if headed:
        return TIMELINE  # headed as the notice it is, whatever else it states
    if low is None:
        low = " ".join(s.low for s in sentences)
    return NATIONAL if _DAY_OUTCOME_RE.search(low) else TIMELINE


# The ministry's heading of a notice of new cases: "THÔNG BÁO VỀ 5.376 CA MẮC MỚI" (its notices of
# 2021, morning and evening). Matched in lower case at a sentence's start.
_NOTICE_HEADING_RE = re.compile(rf"thông báo về\s+(?:thêm\s+)?(?:\d[\d.]*\s+)?{CASE.lower()}"
                                r"(?:\s+(?:mắc|nhiễm|bệnh|covid-19))*\s+mới")


def _provinces_named(opening: str) -> set[int]:
    """The provinces the opening makes the subject of its figures (`_SUBJECT_RE`), with those
    of the items that follow a subject's count ("Hà Nội thêm 28 ca, TP HCM 1.200 ca": a list
    of the provinces' counts). Up to two: more tell nothing more."""
    from episurv.bulletins import places  # the register is needed only here

    named: set[int] = set()
    for m in _SUBJECT_RE.finditer(opening):
        before = opening[:m.start()].rstrip()
        if m.group("colon") and (before[-1:] not in ("", ".", "!", "?") or (
                before[-1:] == "." and abbrev_before(before, len(before) - 1))):
            continue  # not at a sentence's start ("TP. Hồ Chí Minh: 6 ca" is a list's item)
        words = m.group("name").split()
        # The name may follow other capitalised words ("Tối", "Hôm nay"): its last words.
        for i in range(len(words)):
            if unit := places.province(" ".join(words[i:])):
                named.add(unit["code"])
                break
        else:
            continue
        for item in _PLAIN_ITEM_RE.finditer(opening, m.end()):
            if unit := places.province(_AT_RE.sub("", item.group(1).strip())):
                named.add(unit["code"])
            if len(named) > 1:
                return named
    return named


def _bracket_counts(text: str) -> int:
    n = 0
    for m in _BRACKET_COUNT_RE.finditer(text):
        i = m.start() - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        if i >= 0 and (text[i].isalpha() or text[i] == "_"):
            n += 1
    return n


# An item after a list's mark, "tại", "và" or the count in brackets of the item before it (one
# item a line, the lines joined: "Bệnh viện K (4)\nVĩnh Phúc (13)").
_FIRST_ITEM_RE = re.compile(r"(?:[:,;)]|\btại|\bvà)\s*([^\d,;:()]{2,40}?)\s*\(\s*\d")


# What may lead an item's name: the name is what follows the last of them ("và Hưng Yên",
# ") ghi nhận trong nước tại Bắc Giang" after a bracket of case numbers).
_AT_RE = re.compile(r"^(?:.*\s)?(?:tại|ở|và)\s+")


def _lists_provinces(text: str) -> bool | None:
    """Whether the first bracketed count that names a unit names a province (a notice) rather
    than a district (a city report written "Thanh Xuân (12), ..."); None when none names a
    unit (hospitals alone, "Bệnh viện K (2)"): the lists then do not tell the kind."""
    from episurv.bulletins import places  # the register is needed only here

    for m in _FIRST_ITEM_RE.finditer(text):
        name = _AT_RE.sub("", m.group(1).strip())  # ": tại Kiên Giang (1)"
        if places.named_place(name):
            continue
        return places.province(name) is not None
    return None


# An item written without brackets, "Đà Nẵng: 20 ca", "Đà Nẵng 20 ca" or "Đà Nẵng 20," (the same
# notice put by another writer): after a list's mark or "tại", a name, and its count of cases
# (a bare count ends its item).
# A verb may stand between the name and its count ("Đà Nẵng có 20 ca", as `lists` reads it).
_PLAIN_ITEM_RE = re.compile(r"(?:[:,;]|\btại)\s*([^\W\d][^\d,;:()]{1,40}?):?"
                            r"(?:\s+(?:có|ghi nhận|phát hiện|là))?\s+\d[\d.]*"
                            r"(?:\s+ca\b|(?=\s*[,;\n]|\s*$))")


def _plain_items_name_provinces(text: str) -> bool:
    """Whether at least two items of lists without brackets name provinces: the ministry's
    notice listed so ("Gồm 30 ca mắc ghi nhận trong nước: Đà Nẵng: 20 ca, Hà Nội: 7 ca, ..."),
    which its case details by district would otherwise lean to a city's report."""
    from episurv.bulletins import places  # the register is needed only here

    if " ca" not in text:
        return False
    found = 0
    for m in _PLAIN_ITEM_RE.finditer(text):
        name = _AT_RE.sub("", m.group(1).strip())
        if places.province(name) is not None:
            found += 1
            if found == 2:
                return True
    return False


# Cases said to be found in a place, one statement each: "CA BỆNH BN3538 ghi nhận tại tỉnh Nam
# Định", "33 ca mắc ghi nhận trong nước tại Vĩnh Phúc" (the ministry's notices of May 2021
# place each case so). Its name is the capitalised words after "tại" and a unit's kind.
_FOUND_IN_RE = re.compile(rf"ghi nhận(?:\s+trong nước)?\s+tại\s+(?:(?:tỉnh|thành phố|Thành phố"
                          rf"|TP\.?)\s*)?(?P<name>{UPPER}\w*(?:[ -]+{UPPER}\w*){{0,3}})")


def _found_in_provinces(text: str) -> bool:
    """Whether the text places its cases in two provinces or more: a city's report speaks of
    its own province (its cases are found in its districts), the ministry's notice of several,
    whose case details name districts too and would lean it to a city's report."""
    from episurv.bulletins import places  # the register is needed only here

    if "ghi nhận" not in text:
        return False
    found: set[int] = set()
    for m in _FOUND_IN_RE.finditer(text):
        unit = places.province(m.group("name"))
        if unit is not None:
            found.add(unit["code"])
            if len(found) == 2:
                return True
    return False
