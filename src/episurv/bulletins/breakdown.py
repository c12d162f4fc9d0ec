"""Counts by district (city bulletins) or by province (national ones), and what they count.

Source: the bulletins (the domain README §2): "45 ca cộng đồng ghi nhận tại
các quận, huyện: Thanh Xuân 8, ...", "61 ca tử vong tại: TP HCM 31, ...". The words before the
list say what it counts (community cases, deaths, stations...) and often its total.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from episurv.bulletins import places
from episurv.bulletins.lexicon import measure_of, new_part
from episurv.bulletins.lists import (
    CLOSING_TOTAL_RE,
    COUNT_FIRST_LIST_RE,
    last_item_counted,
    read_counts,
    split_rest,
)
from episurv.bulletins.numbers import DATE, HOUR, NUM, read_number
from episurv.bulletins.reading import (
    Folded,
    Reading,
    clause_end,
    finditer_num,
    has_any,
    read_within,
    search_num,
    take,
    taken,
)
from episurv.bulletins.segment import ABBREVIATIONS, UPPER, Sentence

_I = re.IGNORECASE
# The list starts after ":" or after "gồm"/"là"/"tại" when the rest is a count list. The
# patterns are searched for, each from the words that lead its list (the intro is the text
# before them): the leftmost match is the one a lazy "^(.*?)" would find, since a sentence
# holds no newline (split_sentences cuts there), without a match tried at every character.
_INTRO_RE = re.compile(r"(?::\s*|\s+(?:gồm|bao gồm)\s*:?\s+)(?P<list>.+)$")
# Without ":" or "gồm", a list can follow "tại": "Các ca mới ... từ số 4691-4720, tại Lạng Sơn
# một, Ninh Bình 2, ..." (the notice of 20/5/2021 as news rewrote it).
# Or "ở": "Các ca cộng đồng ở Hoàng Mai, Đống Đa mỗi nơi 20; Hà Đông 30; ..." (Hà Nội's
# reports); the list must still be one of units with every item counted.
# "thuộc" (of) as "tại": "Các ca bệnh thuộc quận Liên Chiểu (20), Thanh Khê (15), ..." (Đà Nẵng).
_AT_RE = re.compile(r"(?P<lead>\b(?:tại|ở|thuộc))\s+(?P<list>.+)$")
# Or "trong đó" and a name: "42 ca dương tính nCoV trong nước, trong đó Bắc Giang 21, Bắc Ninh
# 9, ..." (news rewrites of the ministry's notices of May 2021); a list of two places at least.
# The first name may open with its kind in lower case: "trong đó quận Bình Tân 200, quận Gò Vấp
# 150, ..." (TP HCM's reports).
_OF_WHICH_NAMES_RE = re.compile(rf"(?P<lead>\b(?i:trong đó)),?\s+(?P<list>(?:{UPPER}|(?:quận|huyện"
                                rf"|thị xã|thành phố|phường|xã|tỉnh)\s).+)$")
_INTRO_COUNT_RE = re.compile(rf"(?P<n>{NUM})\s+(?:ca|người|trạm)", _I)
# "chưa rõ địa bàn 2": cases whose district is not known yet, a legitimate item of the list.
_UNKNOWN_PLACE_RE = re.compile(r"^(?:chưa rõ|chưa xác định|không rõ)\s+(?:địa bàn|địa chỉ"
                               r"|nơi ở)", _I)
_LEAD_RE = re.compile(r"^(?:trong đó|trong khi|cụ thể|còn lại|riêng)\s*,?\s*", _I)

# Words before a list that say it is not of units: clusters, a ranking, tasks, scenes...
_NOT_UNIT_LISTS = ("ổ dịch", "chùm", "dẫn đầu", "không có ca", "địa bàn đang", "trung bình",
                   "nhiệm vụ", "phân cảnh")
# What a list counts, decided by the words before it (first match wins).
_TOPICS = (
    ("tử vong", "deaths_by_unit", "deaths"),
    ("khỏi", "recovered_by_unit", "recovered"),
    ("trạm", "mobile_stations_by_unit", None),
    ("cộng đồng", "community_by_unit", "community"),
    ("cách ly", "quarantine_by_unit", "quarantine"),
    ("phong tỏa", "quarantine_by_unit", "quarantine"),
    ("phong toả", "quarantine_by_unit", "quarantine"),
)

# Lists of a part of the day's cases, and the words that make the part the whole.
_PART_LISTS = frozenset({"community_by_unit", "quarantine_by_unit"})
_ALL_OF_THEM = (" đều ", "tất cả")


def resolved_entries(text: str, r: Reading) -> tuple[list[dict], list[str]]:
    """List entries as `{unit, code, name, new_cases}` dicts, and the names left uncounted."""
    j = r.jurisdiction
    of_province = (True, j["code"]) if j and j.get("level") == places.PROVINCE else (False, None)

    def place(name: str) -> str | None:
        unit = _entry_unit(name, of_province)[1]
        return unit["unit"] if unit and unit["code"] is not None else None

    head, rest = split_rest(text)
    if rest is not None and head.strip(" ,;"):
        text = head  # the named places are the list; the rest is kept apart (`list_rest`)
    else:
        rest = None
    r.context["list_rest"] = rest
    entries, pending = read_counts(text, place)
    out = []
    for e in entries:
        name, unit = _entry_unit(e.name, of_province)
        if unit is None:
            out.append({"unit": None, "code": None, "name": None, "written": name,
                        "count": e.count, "grouped": e.grouped, "change": e.change,
                        "unknown_place": True})
            continue
        out.append({"unit": unit["unit"], "code": unit["code"], "name": unit["name"],
                    "written": name, "count": e.count, "grouped": e.grouped, "change": e.change,
                    "level": unit.get("level")})
    return out, pending


@lru_cache(maxsize=8192)
def _entry_unit(written: str, of_province: tuple[bool, int | None]) -> tuple[str, dict | None]:
    """The name a list entry gives (without its lead words) and the unit it names, None for a
    place not known yet ("chưa rõ địa bàn"). `of_province`: whether the jurisdiction is a
    province, and its code. Cached: lists name the same units day after day; the unit's dict
    is only read."""
    name = _LEAD_RE.sub("", written)
    if _UNKNOWN_PLACE_RE.match(name):
        return name, None
    is_province, code = of_province
    within = {"level": places.PROVINCE, "code": code} if is_province else None
    unit = places.unit_in(name, within)
    if (unit is None or unit["code"] is None) and (at := _LAST_AT_RE.search(name)):
        # Words the list's lead did not know, glued to its first name: "2.550 ca lây nhiễm
        # trong nước tại TP. Hồ Chí Minh (1.800), ...". A place's name holds no "tại"/"ở": the
        # name is what follows the last of them, when that is a unit.
        tail = name[at.end():]
        tail_unit = places.unit_in(tail, within)
        if tail_unit is not None and tail_unit["code"] is not None:
            return tail, tail_unit
    return name, unit


_LAST_AT_RE = re.compile(r".*\s(?:tại|ở)\s*:?\s+", re.IGNORECASE | re.DOTALL)


def _usable(entries: list[dict], pending: list[str]) -> bool:
    if not entries or pending:
        return False
    known = sum(1 for e in entries if e["code"] is not None or e.get("unknown_place"))
    return known * 2 >= len(entries) and known >= 1


# "TP. Hồ Chí Minh (75) trong đó có 10 ca từ các tỉnh chuyển đến như sau: Long An (2), ...": a
# detail of the item before it (the report of 13/12/2021), not more items of the list.
_OF_WHICH_RE = re.compile(rf"(?<=\))\s*,?\s*trong đó(?:\s+có)?\s+(?P<n>{NUM})\s+(?P<what>[^:;]*?)"
                          rf"\s*(?:như sau)?\s*:\s*(?P<list>[^;]+)", _I)
# The bracket an item's detail follows holds the item's count: "(75)", not the patients'
# numbers of the day's count ("296 ca mắc mới (BN15810-16105), trong đó 4 ca nhập cảnh, 292 ca
# ... tại: ...", where "trong đó" opens the day's parts, not an item's detail).
_COUNT_BRACKET_RE = re.compile(r"\(\s*\d[\d.]*\s*\)$")


def _item_detail(text: str) -> re.Match[str] | None:
    """The first detail of a list item in `text` ("TP. Hồ Chí Minh (75) trong đó có 10 ca ...
    như sau: ..."): one that follows a bracketed count."""
    for m in _OF_WHICH_RE.finditer(text):
        if _COUNT_BRACKET_RE.search(text, max(0, m.start() - 20), m.start()):
            return m
    return None


# An intro that goes on with the list before it: "Tại các tỉnh, thành phố khác: ...".
_GOES_ON_RE = re.compile(r"\b(?:khác|còn lại)\s*$", _I)
_FIGURE_RE = re.compile(r"\d")
# "Quận 1: 12 ca, ...": a district named by its number opens the list, it is no clause.
_NUMBERED_UNIT_RE = re.compile(r"^\s*(?:quận|q\.|phường|p\.)\s?\d{1,2}\s*$", _I)
# A list's total stated after its ":" and before its places: "Số ca tử vong trong ngày: 58 ca
# tại TP. Hồ Chí Minh (30), Bình Dương (15), ..." (the ministry's report, autumn 2021).
_COUNT_AT_RE = re.compile(rf"{NUM}\s+(?:ca|người|bệnh nhân|F0)(?:\s+[^\W\d][^,;:()\d]{{0,40}}?)?"
                          rf"\s+(?:tại|ở)\s*:?\s+", _I)


# A clause of its own inside what an intro's ":" or "gồm" leads, whose count the places after
# it break down: "...; 292 ca ghi nhận trong nước tại TP. Hồ Chí Minh 180 ca, ..." (a count
# after a separator, a few words, "tại" or "ở", then a name). The last one leads the list.
_LATER_CLAUSE_RE = re.compile(
    rf"(?:(?<=[;,])|(?<=\svà))\s*(?P<clause>{NUM}\s+(?:ca|người|bệnh nhân|F0)"
    rf"(?:\s+[^\W\d][^,;:()\d]{{0,60}}?)?\s+(?:tại|ở)\s*:?\s+)(?-i:(?={UPPER}))", _I)


def _later_clause(list_text: str) -> re.Match[str] | None:
    """The last clause of `_LATER_CLAUSE_RE` in what a lead leads, None when there is none
    (told first by its words: most lists hold no "tại" or "ở")."""
    if "tại" not in list_text and "ở" not in list_text:
        return None
    found = None
    for m in _LATER_CLAUSE_RE.finditer(list_text):
        found = m
    return found


# Or the count, then "trong đó" and some of its places: "Số ca tử vong trong ngày: 220 ca, trong
# đó TP. Hồ Chí Minh 80 ca, An Giang 20 ca" (the places named need not be all of them).
_COUNT_OF_WHICH_RE = re.compile(rf"{NUM}\s+(?:ca|người|bệnh nhân|F0)\s*,?\s+trong đó"
                                rf"(?:\s+có)?\s*:?\s+(?={UPPER})")


# Or right after the count, a line's break joined: "Số ca tử vong trong ngày: 20 ca\nTP. Hồ Chí
# Minh (12), ..." (a name, then its count in brackets). Case kept: the name opens with a capital.
_COUNT_BEFORE_LIST_RE = re.compile(rf"{NUM}\s+(?:ca|người|bệnh nhân|F0)\s+"
                                   rf"(?={UPPER}[^,;:()\d]{{0,40}}\(\s*\d)")


# A sentence that opens on the count its list breaks down: "Trong số 4.119 ca trong nước, TP. Hồ
# Chí Minh có 2.500 ca, Bình Dương 700 ca, ..." (news rewrites of the ministry's notices).
_AMONG_RE = re.compile(rf"(?P<lead>trong số\s+{NUM}\s+(?:ca|trường hợp|bệnh nhân|F0)[^,:;]*?)"
                       rf"\s*[,:]\s*(?-i:(?={UPPER}))", _I)
# How many places had cases, then the places: "Các ca mắc mới ghi nhận tại 28 quận, huyện,
# trong đó Thanh Xuân 45 ca, ..., các quận, huyện còn lại 292 ca" (Hà Nội's reports as news
# wrote them). The count of places is no item: the list starts after it.
# The kinds of place a count of places names (this one, _PARTIAL_RE, _UNITS_WITH_CASES_RE).
_UNIT_KINDS = r"(?:tỉnh|thành phố|quận|huyện|thị xã|phường|xã|địa phương|địa bàn)"
# The kinds may close on one place named apart: "tại 21 quận, huyện và TP Thủ Đức, trong đó ..."
# (TP HCM's reports of late 2021, its one city within a city named so).
_NAMED_APART = (rf"(?:\s+và\s+(?:(?:{_UNIT_KINDS}|TP\.?)\s+)?{UPPER}[^\s,;.()\d]*"
                rf"(?:\s+{UPPER}[^\s,;.()\d]*){{0,3}})")
_PLACES_THEN_RE = re.compile(
    rf"\d+(?:\s*/\s*\d+)?\s+{_UNIT_KINDS}(?:\s*,\s*{_UNIT_KINDS})*(?-i:{_NAMED_APART})?"
    rf"\s*[,;]?\s*"
    rf"(?:trong đó|gồm|cụ thể|như sau)\s*[,:]?\s*"
    rf"(?=(?-i:{UPPER})|(?:quận|huyện|thị xã|thành phố|tỉnh|phường|xã)\s)", _I)


# A list in brackets right after the count it breaks down: "Đồng Nai ghi nhận 300 ca mắc mới
# (Biên Hòa 150 ca, Trảng Bom 100 ca, Long Thành 50 ca)" (provincial offices' reports). The
# words before the bracket end on a count of cases (looked for in the few words before it); the
# bracket opens on a name and holds items ("," between them).
_COUNT_BEFORE_BRACKET_RE = re.compile(rf"{NUM}\s+(?:ca|trường hợp|bệnh nhân|F0)"
                                      r"(?:\s+[^\W\d]+){0,4}?\s*$", _I)


def _bracket_list(text: str) -> tuple[int, int] | None:
    """The lead of a list in brackets after its count (_COUNT_BEFORE_BRACKET_RE), and where
    its list starts; the list ends at the bracket's close."""
    at = text.find("(")
    while at != -1:
        close = text.find(")", at)
        if close == -1:
            return None
        inner = text[at + 1:close].rstrip()
        counted = inner[-1:].isdigit() or inner.endswith(" ca")  # its last item's count
        if inner[:1].isupper() and "," in inner and counted \
                and _COUNT_BEFORE_BRACKET_RE.search(text, max(0, at - 60), at):
            return at, at + 1
        at = text.find("(", close)
    return None


def _list_lead(text: str) -> tuple[int, int] | None:
    """Where the intro ends and the list starts: in a bracket after its count, after the first
    ":" or "gồm", else after "tại" (or "ở", "thuộc"), else after "trong đó" and before a name.
    Each pattern is searched only in a text that holds its words."""
    if "(" in text and (bracket := _bracket_list(text)):
        return bracket
    if ":" in text or "gồm" in text:
        m = _INTRO_RE.search(text)
        if m and not (text[m.start("list"):m.start("list") + 1].isdigit()
                      and (_NAMED_ITEM_RE.search(text, m.start("list"))
                           or _COUNTED_THEN_NAME_RE.search(text, 0, m.start()))
                      and (at := _at_lead(text, m.start()))):
            return m.start(), m.start("list")
        if m:
            return at  # "tại Lạng Sơn: 1 ca, Ninh Bình: 2 ca": the first item's name is
            # before the first ":", after "tại"
    if text[:8].lower() == "trong số" and (m := _AMONG_RE.match(text)):
        return m.end("lead"), m.end()
    if of_which := _of_which_counts_lead(text):
        return of_which
    at = _at_lead(text, len(text))
    if at:
        return at
    if "rong đó" in text and (m := _OF_WHICH_NAMES_RE.search(text)):
        return m.end("lead"), m.start("list")
    return None


# Or "trong đó" and items that put their count before their place: "Khánh Hòa ghi nhận 51 ca,
# trong đó 30 ca tại Nha Trang, 21 ca tại Cam Ranh" (the "tại" of the first item leads no list).
_OF_WHICH_COUNTS_RE = re.compile(r"(?P<lead>\btrong đó)\s*,?\s*(?:có\s+)?:?\s*", _I)


def _of_which_counts_lead(text: str) -> tuple[int, int] | None:
    """The lead of "trong đó" before items that put their count first (the first "trong đó"
    only: tried there, not scanned)."""
    if (of_which := text.find("rong đó")) > 0 \
            and (m := _OF_WHICH_COUNTS_RE.match(text, of_which - 1)) \
            and COUNT_FIRST_LIST_RE.match(text, m.end()):
        return m.end("lead"), m.end()
    return None


# An item "Name: n" after a separator: a list whose items put ":" between name and count.
_NAMED_ITEM_RE = re.compile(r"[,;]\s*[^\W\d][^\d,;:()]{0,40}:\s*\d")
# Or the first ":" closes a name that follows a counted item: a list that mixes "X 200" and
# "Y: 150" ("tại Bình Tân 200, Quận 8: 150, Bình Chánh 90"), the ":" an item's, not a lead's.
_COUNTED_THEN_NAME_RE = re.compile(r"\d(?:\s+ca)?\s*[,;]\s*[^\W\d][^\d,;:()]{0,40}(?:\s\d{1,2})?$")


def _at_lead(text: str, before: int) -> tuple[int, int] | None:
    """The lead "tại" (or "ở", "thuộc") of a list, starting before `before`."""
    # Every match of _AT_RE starts with "tại" or "ở": searched from the first of them, not
    # tried at every character before it (a pattern that opens with a word boundary is tried
    # so). _OF_WHICH_NAMES_RE, in any case, may match before the first "rong đó": the whole text.
    found = [i for i in (text.find("tại"), text.find("ở"), text.find("thuộc")) if i != -1]
    if found and min(found) < before and (m := _AT_RE.search(text, min(found))) \
            and m.start() < before:
        return m.end("lead"), m.start("list")
    return None


# Verbs that make what follows a colon a statement, not a list's items: "Hà Nội: 5/10 ghi nhận 28
# ca mắc mới tại 10 quận, huyện: quận Ba Đình 5, ...", "Sở Y tế cho biết: Hà Nội ghi nhận 410
# ca, trong đó ..., cụ thể như sau: ..." (a headline's or a speaker's colon; the list's lead
# is the next one).
# A day or an hour, which a headline may hold ("Bản tin tối 25/11:"): no count.
_DAY_OR_HOUR_RE = re.compile(rf"{DATE}|{HOUR}")


def _no_count(heading: str) -> bool:
    """Whether `heading` holds no figure but days and hours."""
    return not _FIGURE_RE.search(heading) or not _FIGURE_RE.search(
        _DAY_OR_HOUR_RE.sub("", heading))


_STATING = ("ghi nhận", "cho biết", "thông báo", "công bố", "phát hiện")
# Or "có"/"thêm" right before a count: "Đà Nẵng: 5/10 có 12 ca mắc mới, gồm ...".
_HAS_COUNT_RE = re.compile(r"(?:\bcó|\bthêm)\s+\d")
_NEXT_GOM_RE = re.compile(r"\s(?:bao\s+)?gồm\s*:?\s*")
# Where the cases are, after the day's parts: ", tại các quận Thanh Khê (10), ..."; the parts
# between name no place (_NAME_RE: no capital, no bracket).
# Or "trong đó" and the first name: "gồm 7 ca cộng đồng, 10 ca cách ly; trong đó Thanh Xuân 5,
# ..." (Hà Nội's reports as news wrote them).
_PARTS_THEN_WHERE_RE = re.compile(r"[,;]\s+(?:(?:tại|ở)\s*:?\s+(?:các\s+)?(?:(?:quận|huyện|tỉnh"
                                  r"|thành phố|địa phương|địa bàn)(?:\s*,\s*(?:quận|huyện|tỉnh"
                                  r"|thành phố))*\s*:?\s*)?|trong đó\s*,?\s*:?\s*)"
                                  rf"(?=(?-i:{UPPER}))", _I)
_NAME_RE = re.compile(rf"(?-i:{UPPER})|\(")
# The first item's name before its ":" after the words that lead a list (`_list_start`).
_FIRST_NAME_BEFORE_RE = re.compile(rf"\b(?:trong đó|gồm|tại)\s*,?\s+(?P<name>(?-i:{UPPER})"
                                   r"[^\d:;,()]{0,40})$", _I)
# The words that lead a list after a statement (_list_lead's, cheaply told).
_HAS_LEAD_RE = re.compile(r"\b(?:trong đó|gồm|tại|ở|thuộc)\b|\(", _I)


# Or end on where the cases are, the colon after it opening their list: "gồm 30 ca đã cách ly
# và 19 ca cộng đồng, tại: Hoàng Mai (12), ...", "..., ở các quận, huyện: ...".
_WHERE_END_RE = re.compile(r"\b(?:tại|ở)(?:\s+(?:các\s+)?(?:quận|huyện|tỉnh|thành phố|địa phương"
                           r"|địa bàn)[^\d:]*)?\s*$")


def _states(words: str) -> bool:
    """Whether `words` state something (_STATING, _HAS_COUNT_RE, _WHERE_END_RE): a clause, not
    list items."""
    return has_any(words, _STATING) or bool(_HAS_COUNT_RE.search(words)) \
        or bool(_WHERE_END_RE.search(words))


def _list_start(text: str) -> tuple[str, str, int] | None:
    """Intro, list and the list's start of "intro: list". The list starts after the first ":"
    unless the words between that ":" and the next hold a figure and no item separator: then
    they are a clause of the intro ("Số bệnh nhân tử vong: Từ 17h30 ngày 12/12 ... ghi nhận 242
    ca tử vong tại: TP. Hồ Chí Minh (75)"), while "X: 5 ca, Y: 3 ca" and "Quận 1: 12 ca, ..."
    keep their first ":", unless those words state something ("ghi nhận 28 ca ... tại 10
    quận, huyện: ...", _STATING)."""
    head, rest = split_rest(text)
    # The lead is looked for before a list's rest: the "ở" of "và 18 ca ở các tỉnh khác" leads
    # no list.
    # The rest may be the second of items that put their count first: "trong đó 160 ca ở Đồng
    # Xoài, 50 ca ở các huyện khác".
    lead = (rest is not None and "rong đó" in text and _of_which_counts_lead(text)) \
        or _list_lead(head if rest is not None and head.strip(" ,;") else text)
    if lead is None:
        return None
    intro_end, list_start = lead
    start = list_start
    while True:
        colon = text.find(":", start)
        # "gồm" leads too once the words after a colon state something: "Đà Nẵng: 5/10 có 12
        # ca mắc mới, gồm Hải Châu 5 ca, ...".
        after = _NEXT_GOM_RE.search(text, start) if "gồm" in text else None
        if colon == -1 and after is None:
            break
        if after is not None and (colon == -1 or after.start() < colon):
            between, next_start = text[start:after.start()], after.end()
            if not _FIGURE_RE.search(between) or not _states(between):
                break
        else:
            between, next_start = text[start:colon], colon + 1
            if between.rstrip().lower().endswith("như sau"):
                pass  # "Tính từ 17h ngày 9/12 đến 17h ngày 10/12: Các tỉnh, thành phố ghi
                # nhận ca bệnh như sau: ...": the words that lead the list ("as follows") are
                # the intro's, the list starts after them
            elif not _FIGURE_RE.search(between) or _NUMBERED_UNIT_RE.match(between) or (
                    ("," in between or ";" in between) and not _states(between)):
                break
        start = next_start
        while start < len(text) and text[start] == " ":
            start += 1
    if start >= len(text):
        return None
    if text[intro_end:intro_end + 1] == ":" and start == list_start \
            and text[start:start + 1].isdigit() and ":" in text[start:] \
            and (first := _FIRST_NAME_BEFORE_RE.search(text, 0, intro_end)):
        # "trong đó TP HCM: 6.350 ca, Bình Dương: 3.227 ca, ...": items "name: count", the
        # first name's colon taken for the list's; its name is the first item's.
        at = first.start("name")
        return text[:at], text[at:], at
    if text[intro_end:intro_end + 1] == ":" and _no_count(text[:intro_end]) \
            and _HAS_LEAD_RE.search(text, start) \
            and (inner := _list_start(text[start:])) is not None \
            and (has_any(low := inner[0].lower(), _STATING) or _HAS_COUNT_RE.search(low)):
        # "Bình Dương: Ngày 20/7, tỉnh ghi nhận 528 ca mắc mới, trong đó Thuận An 213 ca, ...",
        # "Bản tin tối 25/11: Số ca tử vong ghi nhận trong ngày là 165 ca, tại X (60), ...":
        # a headline's colon (no figure before it), the statement after it with a verb of its
        # own leads the list by its own words.
        return text[:start] + inner[0], inner[1], start + inner[2]
    if text[start:start + 1].isdigit() and (where := _PARTS_THEN_WHERE_RE.search(text, start)) \
            and not _NAME_RE.search(text, start, where.start()):
        start = where.end()  # "gồm 20 ca ở khu phong tỏa và 4 ca cộng đồng, tại các quận X
        # (10), ...": what "gồm" leads is the day's parts, named by no place; the list of
        # the places follows their "tại" (or "trong đó")
    if text[start:start + 1].isdigit() and (places := _PLACES_THEN_RE.match(text, start)):
        start = places.end()  # "tại 28 quận, huyện, trong đó X 45 ca, ...": the places follow
    if text[start:start + 1].isdigit() and not COUNT_FIRST_LIST_RE.match(text, start) \
            and (count := _COUNT_AT_RE.match(text, start)
                                            or _COUNT_BEFORE_LIST_RE.match(text, start)
                                            or _COUNT_OF_WHICH_RE.match(text, start)):
        start = count.end()  # "Số ca tử vong trong ngày: 58 ca tại X (30), ...": the count is
        # the intro's (the list's total), the places follow "tại"
    intro = text[:start].rstrip(" :") if start != list_start else text[:intro_end]
    if text[intro_end:intro_end + 1] == "(":
        return intro, text[start:text.find(")", start)], start  # the list ends with its bracket
    return intro, text[start:], start


# A part of the day's cases with its places in brackets after it: "3 ca ở cộng đồng (huyện Phú
# Xuyên 2 ca, quận Hoàng Mai 1 ca), 17 ca đã được cách ly" (Hà Nội's reports as news wrote
# them, 2021). Run in lower case from the sentence's counts; the list is taken as written.
_PART_PLACES_RE = Folded(rf"(?P<n>{NUM})\s+(?:ca|F0|bệnh nhân)\b[^()\d,;]{{0,40}}?\s*"
                         r"\((?:tại|ở|gồm)?\s*:?\s*(?P<list>[^()]+)\)")
# The parts whose places such a bracket lists, by the lexicon's measure of the count.
_PART_PLACE_LISTS = {"community": "community_by_unit", "quarantine": "quarantine_by_unit"}


def read_part_places(s: Sentence, r: Reading) -> bool:
    """The places of a part of the day's cases, in brackets after its count (_PART_PLACES_RE):
    that part's list, when every item is a counted unit and they add up to the count. The
    count is left to the rules that read the day's parts."""
    found = False
    for m in finditer_num(_PART_PLACES_RE, s, ("(",)):
        key = _PART_PLACE_LISTS.get(measure_of(s.text[m.start():]) or "")
        if key is None or r.fields.get(key):
            continue
        entries, pending = resolved_entries(s.text[m.start("list"):m.end("list")], r)
        if not _usable(entries, pending) or any(e["code"] is None for e in entries) \
                or sum(e["count"] for e in entries) != read_number(m.group("n")):
            continue
        s.use(*m.span("list"))
        _store(key, entries, r)
        found = True
    return found


def read_breakdown(s: Sentence, r: Reading) -> None:
    """A sentence "intro: name count, ..." whose names are units of the jurisdiction."""
    if "(" in s.text and has_any(s.low, ("cộng đồng", "cách ly")) and read_part_places(s, r):
        return  # the sentence's places are those of its parts
    if ("đều" in s.low or has_any(s.text, ONE_PLACE_HINTS)) and read_all_in_one_place(s, r):
        return
    # A sentence that is a list by itself, right after the day's count: "... ghi nhận 50 ca mắc
    # mới. Quận Liên Chiểu 20 ca, Thanh Khê 15 ca, Hải Châu 15 ca." (no intro of its own).
    # (Cheap tests first: two figures at least, the last ending the sentence, as a list's.)
    bare = r.previous is not None and len(s.numbers) >= 2 \
        and s.numbers[-1][1] >= len(s.text) - 8 and "," in s.text and s.text[:1] != s.low[:1]
    if ":" not in s.text and "gồm" not in s.text and "tại" not in s.text \
            and "rong đó" not in s.text and "ở " not in s.text and "thuộc" not in s.text \
            and "(" not in s.text and "; " not in s.text and not bare:
        return
    # The detail of an item is cut off first: its own ":" is not where the list starts.
    of_which = _item_detail(s.text) if "trong đó" in s.text else None
    found = _list_start(s.text[:of_which.start()] if of_which else s.text)
    alone = False  # a list with no intro of its own
    outcome = None  # the outcome the sentence before ends on, which a list alone breaks down
    if not found and bare:
        outcome = _outcome_before(r.previous)
        if outcome is not None or _picked_from(s, 0, r.previous, clause=True) \
                or _ends_on_parts(r.previous, r, s):
            found, alone = ("", s.text, 0), True
    if (not found or found[2] > s.text.find("; ") != -1) \
            and (semi := s.text.find("; ")) != -1 and len(s.numbers) >= 3 \
            and (_PICKED_RE.match(s.text, semi) or COUNT_FIRST_LIST_RE.match(s.text, semi + 2)) \
            and _picked_from(s, semi, None, clause=True):
        # "... toàn tỉnh ghi nhận 615 ca mắc mới; Biên Hòa và Nhơn Trạch mỗi nơi 150 ca, Long
        # Thành 120 ca, các huyện còn lại 195 ca" (provinces' reports as news wrote them): the
        # clause after the day's count lists its places, as a list alone after its sentence;
        # so do items with their count first ("...; 1 ca tại Đồng Hới và 1 ca tại Bố Trạch").
        found, alone = (s.text[:semi], s.text[semi + 2:], semi + 2), True
    if not found:
        return
    intro_text, list_text, list_start = found
    some = "một số" in s.low and _some_places(intro_text, list_text)
    if some and (words := _SOME_PLACES_RE.match(list_text)):
        # "tập trung tại một số huyện như Trảng Bom 120 ca, ...": the words are the intro's
        intro_text, list_text = intro_text + words.group(0), list_text[words.end():]
        list_start += words.end()
    intro = intro_text.lower() if outcome is None else outcome
    if has_any(intro, _NOT_UNIT_LISTS):
        return
    if "; " in list_text:
        list_text = _without_closing_statement(s, list_text, list_start)
    if (later := _later_clause(list_text)) \
            and not last_item_counted(list_text[:later.start("clause")].rstrip(" ,;")
                                      .removesuffix(" và")):
        # "gồm 4 ca nhập cảnh được cách ly ngay tại Kiên Giang; 292 ca ghi nhận trong nước tại
        # TP. Hồ Chí Minh 180 ca, ...": what the lead leads is clauses, not yet the list; the
        # list is that of the last clause's count, and that clause alone says what it counts.
        intro = later.group("clause").rstrip(" :").lower()
        list_start += later.end()
        intro_text = s.text[:list_start]  # where the list's total is looked for, as before
        list_text = list_text[later.end():]
    closing = None
    if "ổng" in list_text:
        closing = CLOSING_TOTAL_RE.search(s.text, list_start, list_start + len(list_text))
        if closing:  # the list ends at its total; a clause may follow ("; trong đó 87 ca ...")
            list_text = s.text[list_start:closing.start()]
    if read_within(s, list_start, list_start + len(list_text)):
        return  # another reader of this kind read the list ("4 ca nhập cảnh tại: ...")
    if not last_item_counted(list_text):
        return  # a list ends with a count; checked first, it spares reading the other items
    of_the_one_before = intro.endswith("trong đó")
    if of_the_one_before and r.context.get("expect"):
        return  # "Trong đó, Đông Anh 4 trạm, ...": the parts of the sentence before's figure,
        # read as its follow-up (read_following_breakdown), not resolved twice
    entries, pending = resolved_entries(list_text, r)
    rest = r.context.get("list_rest")
    if not _usable(entries, pending):
        return
    if len(entries) == 1 and rest is None \
            and _FIGURE_RE.search(list_text[:list_text.find(entries[0]["written"])]):
        return  # "Thêm 4.200 ca mắc COVID-19 trong nước, TP HCM 1.800 ca": one place after the
        # day's count, picked out of it (read_partial_breakdown), not the day's list
    if of_the_one_before and len(entries) < 2 and rest is None:
        return  # "trong đó Hà Nội có 1.000 ca": one place picked out (read_partial_breakdown);
        # with a rest after it ("trong đó TP HCM 50, các tỉnh khác 70") it is a list
    if alone and outcome is None:
        if len(entries) < 2:
            return  # one place: picked out (read_partial_breakdown)
        day = r.fields.get("domestic", r.fields.get("new_cases"))
        if list_start:  # the list's clause follows the day's count in its sentence
            day = (_days_counts(s, intro_text, r) or [None])[-1]
        if sum(e["count"] for e in entries) + (rest.count if rest is not None else 0) != day:
            # Places that do not add up to the day's count, with no intro to say they are the
            # list: the ones the text picks out (`top_by_unit`), not the whole list.
            part = _partial_entries(s, r, list_start, (". ",), picked=True)
            if part is not None:
                _put_top(r, part)
            return
    key: str = "by_unit"
    total_key: str | None = "new_cases"
    goes_on = False
    detailed = _detailed_count(intro_text, entries) if outcome is None else None
    for word, k, t in _TOPICS:
        if detailed is not None:
            key, total_key = detailed
            break
        if word in intro:
            key, total_key = k, t
            break
    else:
        goes_on = bool(_GOES_ON_RE.search(intro.rstrip(" :")) and r.context.get("last_list"))
        if goes_on:
            key, total_key = r.context["last_list"], None
    total_intro = intro_text  # where the list's stated total is looked for
    if key in _PART_LISTS and detailed is None and _last_part_listed(intro_text, entries):
        cut = max(intro_text.rfind(","), intro_text.rfind(";")) + 1
        total_intro = " " * cut + intro_text[cut:]  # its clause's count (offsets kept)
    elif key in _PART_LISTS and detailed is None and len(
            {k for word, k, _t in _TOPICS if k in _PART_LISTS and word in intro}) > 1:
        # "gồm 30 ca đã cách ly và 19 ca cộng đồng, tại: ...": the intro names both parts of
        # the day's cases, so its list is of them all (unless its items add up to a part).
        key, total_key = "by_unit", "new_cases"
    if key in _PART_LISTS and has_any(intro, _ALL_OF_THEM):
        # "74 ca mắc mới trong nước, đều trong khu cách ly hoặc phong tỏa, tại Bắc Giang 60,
        # ...": every case of the day is of the part, so its list is the day's list.
        key, total_key = "by_unit", "new_cases"
    if key == "by_unit" and (r.kind == "national_daily" or (
            r.kind == "moh_timeline" and "trong nước" in intro)):
        total_key = "domestic"  # a notice's list of the cases found in the country ("Ghi nhận
        # trong nước tại ..., tổng cộng 88 ca") totals them, as its line's count does
    if of_the_one_before and key == "by_unit" and rest is None and not goes_on and not closing \
            and _a_selection(s, intro_text, entries, r):
        # "ghi nhận 3.926 ca ... tại 29 tỉnh, thành phố, trong đó TP Hồ Chí Minh có 2.160 ca,
        # Bình Dương 743 ca, Đồng Nai 287 ca", "2.473 ca mắc mới. Trong đó: Bình Tân: 286 ca;
        # ..." (4 of 22 districts): "trong đó" picks places out of the day's cases; with fewer
        # places than it says had cases, or short of the day's count and no rest counted, they
        # are the places picked out (`top_by_unit`), not the day's list.
        s.use(list_start, list_start + len(list_text))
        _put_top(r, {"units_with_cases": None, "units": None,
                     "by_unit": [{"unit": e["unit"], "code": e["code"], "name": e["name"],
                                  "written": e["written"], "new_cases": e["count"],
                                  **ward_level(e)} for e in entries]})
        stated, total_key = _stated_total(s, intro_text, total_key)
        if stated is not None and total_key:
            r.put(total_key, stated)  # the day's count it picks them out of
        return
    s.use(list_start, list_start + len(list_text))
    if of_which:
        sub, sub_pending = resolved_entries(of_which.group("list"), r)
        if sub and not sub_pending:
            s.use(*of_which.span("list"))
            entries[-1]["of_which"] = {
                "count": take(s, of_which, "n"),
                "what": of_which.group("what"),
                "by_unit": [{"unit": e["unit"], "code": e["code"], "name": e["name"],
                             "written": e["written"], "count": e["count"]} for e in sub]}
    _store(key, entries, r, goes_on)
    if rest is not None:
        partial_list(r, key, rest.count)
    elif some:
        partial_list(r, key, None)  # "Các ca bệnh tại một số quận: ...": some places, not all
    elif _SOME_WITH_MOST_RE.search(intro):
        partial_list(r, key, None)  # "Các địa phương có số ca tử vong cao: TP HCM 80 ca, ...":
        # the places with the most, not all (the lists of a day's deaths keep no top list)
    elif _COUNT_OF_WHICH_RE.search(intro_text + " " + list_text[:1]):
        partial_list(r, key, None)  # "220 ca, trong đó X 80 ca, Y 20 ca": some of the 220
    stated: int | float | None
    if closing:
        stated = take(s, closing, "n")
    else:
        stated, total_key = _stated_total(s, total_intro, total_key)
    if closing:
        s.use(*closing.span())
    if stated is not None:
        r.context.setdefault("list_totals", {})[key] = stated
        if total_key == "community" and new_part(total_intro, "community"):
            r.context["new_community"] = stated  # "30 ca mắc mới tại cộng đồng: ..."
        if total_key:
            r.put(total_key, stated, list_total=True)


# Every case of the day in one place: "Hải Phòng ghi nhận thêm 12 ca mắc mới, đều ở huyện Vĩnh
# Bảo" (provinces' reports as news wrote them), "5 ca mắc mới, tất cả đều tại Hà Nội", "12 ca
# nhiễm mới, tất cả đều ghi nhận trong nước tại Hà Nội" (the ministry's notices so written).
_ALL_IN_ONE_RE = re.compile(rf"(?P<n>{NUM})\s+(?:ca|F0)\b[^,;.]*?,?\s+(?:tất cả\s+)?đều\s+"
                            r"(?:là\s+)?(?:(?:các\s+)?ca\s+)?(?:được\s+)?(?:ghi nhận\s+)?"
                            r"(?:trong nước\s+)?"
                            r"(?:ở|tại|thuộc)\s+(?P<place>[^,;.()\d]+?)\s*(?=[,;.]|$)")


# Or the day's count with its one place and no "đều": "tỉnh ghi nhận 2 ca mắc mới tại huyện Yên
# Khánh." (provinces' reports as news wrote them); the place ends the clause (a list of places
# goes on after a ","; a clause saying what the cases are may follow).
# Run in lower case from the sentence's counts only (`search_num`): tried on every sentence
# that names a place, it was a pattern searched at each of their characters.
_AT_ONE_PLACE_RE = Folded(
    rf"(?P<n>{NUM})\s+(?:ca|F0|trường hợp|bệnh nhân)(?:\s+(?:mắc|nhiễm|COVID-19|Covid-19"
    r"|dương tính|mới))*(?:\s+(?:được\s+)?(?:ghi nhận|phát hiện))?\s+(?:ở|tại)\s+"
    r"(?P<place>[^,;.()\d]+?)\s*(?=[.;]|$|,\s*(?:đều|trong đó|tất cả|cả)\s)")
# The words one of which a sentence of either form holds (its place's lead).
ONE_PLACE_HINTS = (" tại ", " ở ", " thuộc ")


def read_all_in_one_place(s: Sentence, r: Reading) -> bool:
    """The day's count said to be all in one unit: that unit is the day's list, alone. The
    ministry's notice reads the count itself first (`timeline.read_timeline`), and calls this
    for the place; the count is not taken here. The unit is one the jurisdiction holds, not
    the jurisdiction itself ("Hà Nội ghi nhận 12 ca mắc mới tại Hà Nội")."""
    if r.fields.get("by_unit"):
        return False
    for every in (True, False) if "đều" in s.low else (False,):
        m = _ALL_IN_ONE_RE.search(s.text) if every else search_num(_AT_ONE_PLACE_RE, s,
                                                                    ("tại", "ở"))
        if m is None or measure_of(s.text[m.start():]) not in _DAYS_STATED:
            continue
        place = s.text[m.start("place"):m.end("place")]  # as written (same offsets in lower case)
        j = r.jurisdiction
        of_province = (True, j["code"]) if j and j.get("level") == places.PROVINCE \
            else (False, None)
        unit = _entry_unit(place.strip(), of_province)[1]  # told first: cached, and most
        # places so found ("tại nhà", "tại cộng đồng") are none
        if unit is None or unit["code"] is None or (
                j and (j.get("code"), j.get("level")) == (unit["code"], unit.get("level"))):
            continue
        entries, pending = resolved_entries(f"{place} {m.group('n')}", r)
        if len(entries) != 1 or pending or entries[0]["code"] is None:
            continue
        _store("by_unit", entries, r)
        return True
    return False


# An intro that ends on the places' having many: "Các địa phương có số ca tử vong cao", "...
# nhiều nhất là" (news rewrites of the ministry's reports, autumn 2021).
_SOME_WITH_MOST_RE = re.compile(r"\b(?:cao|nhiều)(?:\s+nhất)?(?:\s+(?:là|gồm))?\s*$")


# "một số quận, huyện" (some districts): the places listed after it are some of those with
# cases, not all (Hà Nội's and provinces' reports as news wrote them, 2021). Matched at a
# list's start ("một số huyện như X 120 ca, ...") or at its intro's end ("tại một số quận: ").
_SOME_KINDS = r"(?:quận|huyện|thị xã|thành phố|phường|xã|tỉnh|thành|địa phương|nơi)"
_SOME_PLACES = (rf"(?:(?:tại|ở)\s+)?một số\s+{_SOME_KINDS}(?:\s*(?:,|và)?\s*{_SOME_KINDS})*"
                r"\s*(?:như|là|gồm)?\s*:?")
_SOME_PLACES_RE = re.compile(rf"{_SOME_PLACES}\s*", _I)
_SOME_PLACES_END_RE = re.compile(rf"{_SOME_PLACES}$", _I)


def _some_places(intro: str, items: str) -> bool:
    """Whether a list's intro, or the words that start its items, say it names some of the
    places only (_SOME_PLACES_RE)."""
    return bool(_SOME_PLACES_RE.match(items) or _SOME_PLACES_END_RE.search(intro))


# A clause that says what every case of a list is: "tất cả đều ...", "đều là ...", "cả 6 ca ...".
_ALL_OF_THEM_RE = re.compile(r"(?:tất cả|đều|cả)\s", _I)


def _without_closing_statement(s: Sentence, list_text: str, list_start: int) -> str:
    """The list without a statement of its own after its last ";": "gồm 20 ca tại Phong Điền,
    3 ca ở Phú Vang và 2 ca ở Hương Thủy; 22 ca đã được cách ly trước" (counts of measures that
    no item of a list is, the first opening the clause or its "trong đó"): the clause is not
    the list's last item."""
    semi = list_text.rfind("; ")
    at = list_start + semi + 2
    after = s.numbers[bisect_left(s.numbers, (list_start + semi,)):]
    if not after and _ALL_OF_THEM_RE.match(list_text, semi + 2) \
            and last_item_counted(list_text[:semi]):
        return list_text[:semi]  # "...; tất cả đều đã được cách ly": what every case is
    if (lead := _OF_WHICH_COUNTS_RE.match(list_text, semi + 2)) is not None:
        at = list_start + lead.end()  # "...; trong đó 22 ca đã được cách ly, 4 ca cộng đồng"
    if after and after[0][0] == at \
            and all(measure_of(s.text[n[0]:]) not in (None, "cases", "new_cases") for n in after) \
            and last_item_counted(list_text[:semi]):
        # Or several such counts, the day's parts: "tại các quận: Hải Châu (9), ..., Cẩm Lệ
        # (4); trong đó 22 ca đã được cách ly, 4 ca cộng đồng" (a city's report as news wrote
        # it, 2021).
        return list_text[:semi]
    return list_text


def _a_selection(s: Sentence, intro: str, entries: list[dict], r: Reading) -> bool:
    """Whether the places a "trong đó" leads are some of the day's, not all: fewer than the
    count of places its intro states ("tại 29 tỉnh, thành phố, trong đó ..."), or adding up to
    well short of the day's count (stated in the intro, else read before), every item a unit."""
    if (m := _UNITS_WITH_CASES_RE.search(intro.lower())) and int(m.group("n")) > len(entries):
        return True
    if any(e["code"] is None for e in entries):
        return False
    totals = _days_counts(s, intro, r)
    return bool(totals) and sum(e["count"] for e in entries) < _PICKED_SHARE * min(totals)


# How far short of the day's count the places after "trong đó" must fall to be some of them: a
# list a little short (11 of 12) is more likely the whole list misprinted, and is flagged by the
# sum check, than a few places picked out of the day.
_PICKED_SHARE = 0.9


# The day's new cases named before their count: "Số ca mắc mới trong ngày là 3.400 ca".
_NEW_NAMED_BEFORE = ("ca mắc mới", "ca nhiễm mới", "ca mắc covid-19 mới", "f0 mới")


def _count_measure(intro: str, c: re.Match[str]) -> str | None:
    """What the count `c` of `intro` measures: the lexicon's words after it, or, for a bare
    count of cases, the day's new cases named before it in its clause."""
    measure = measure_of(intro[c.start():])
    if measure == "cases":
        clause = intro[max(intro.rfind(",", 0, c.start()), intro.rfind(";", 0, c.start()))
                       + 1:c.start()].lower()
        if has_any(clause, _NEW_NAMED_BEFORE) or _more_before(intro, c.start()):
            return "new_cases"
    return measure


def _more_before(text: str, at: int) -> bool:
    """Whether the count at `at` follows a verb and "thêm" (more): "ghi nhận thêm 2 ca mắc
    COVID-19" are the day's new cases though no word after the count says so ("Hà Nội thêm 28
    ca", a place's count, has no verb)."""
    return bool(_MORE_BEFORE_RE.search(text, max(0, at - 20), at))


_MORE_BEFORE_RE = re.compile(r"(?:ghi nhận|có|phát hiện|công bố)\s+thêm\s+$", _I)


def _days_counts(s: Sentence, intro: str, r: Reading) -> list[int | float]:
    """The day's count a list after `intro` may break down: the intro's last unread count of
    the day's (or domestic) cases, else those read before."""
    unread = [c for c in _INTRO_COUNT_RE.finditer(intro) if not taken(s, c, "n")]
    days = [read_number(c.group("n")) for c in unread
            if _count_measure(intro, c) in _DAYS_STATED]
    return days[-1:] or [r.fields[k] for k in ("new_cases", "domestic")
                         if isinstance(r.fields.get(k), int)]


def _last_part_listed(intro: str, entries: list[dict]) -> bool:
    """Whether the list is that of the intro's last clause alone, a part with its own count
    that the items add up to: "46 F0 mới, trong đó 40 ca trong khu cách ly, 6 ca cộng đồng tại
    TP Vinh (4), Nghi Lộc (2)" lists the 6 community cases, not all 46."""
    clause = intro[max(intro.rfind(","), intro.rfind(";")) + 1:]
    own = _INTRO_COUNT_RE.search(clause)
    return own is not None and measure_of(clause[own.start():]) in _SPLIT_PARTS \
        and read_number(own.group("n")) == sum(e["count"] for e in entries)


# The outcomes a list may break down with no intro of its own, right after the sentence that
# states them ("Trong ngày ghi nhận 20 ca tử vong.\nTP. Hồ Chí Minh (12), Bình Dương (5), ..."):
# the measure of that sentence's last count, and the words of _TOPICS that name its list.
_OUTCOME_TOPICS = {"deaths": "tử vong", "recovered": "khỏi"}


def _ends_on_parts(previous: Sentence | None, r: Reading, s: Sentence) -> bool:
    """Whether `previous` ends on a part of the day's count read before ("Đà Nẵng thêm 12 ca.
    Trong đó, 2 ca trong cộng đồng; 10 ca ở khu cách ly.") and `s` opens with a unit: a list
    alone after it is the day's when it adds up to the day's count (else the places picked
    out, `top_by_unit`). The first name is looked up before any list is read."""
    counts = [n for n in previous.numbers if not _in_date(previous.text, *n)] \
        if previous is not None else []
    if not counts or r.fields.get("new_cases") is None \
            or measure_of(previous.text[counts[-1][0]:]) not in _SPLIT_PARTS:
        return False  # (a day's figures are passed over: "31 ca ... ngày 3/8, tất cả đều ...")
    j = r.jurisdiction
    of_province = (True, j["code"]) if j and j.get("level") == places.PROVINCE else (False, None)
    unit = _entry_unit(s.text[:s.numbers[0][0]].strip(" :"), of_province)[1]
    return unit is not None and unit["code"] is not None


def _outcome_before(previous: Sentence | None) -> str | None:
    """The words of _TOPICS for the outcome the sentence `previous` ends on (its last count
    and the measure after it, the clause ending there), None for any other."""
    if previous is None or not previous.numbers:
        return None
    at = previous.numbers[-1][0]
    tail = previous.text[at:]
    if "," in tail or ";" in tail:
        return None  # the sentence goes on after the count
    measure = measure_of(tail)
    if measure == "cases":
        # The measure named before its count: "Số ca tử vong trong ngày: 20 ca", one outcome
        # in the count's clause.
        clause = previous.low[max(previous.low.rfind(c, 0, at) for c in ",;") + 1:at]
        named = [m for m, words in _OUTCOME_TOPICS.items() if words in clause]
        measure = named[0] if len(named) == 1 else None
    return _OUTCOME_TOPICS.get(measure or "")


def partial_list(r: Reading, key: str, rest: int | float | None) -> None:
    """The list `key` names only some places, the rest counted together (`rest`, None when
    the text gives no count): the checks that it adds up to its total count the rest in, or,
    without its count, ask only that the named places stay within the total."""
    r.context.setdefault("partial_lists", {})[key] = rest


# The field of the count a list details, and its list's key, by what the count's words measure.
_DETAILED_LISTS = {"community": ("community_by_unit", "community"),
                   "quarantine": ("quarantine_by_unit", "quarantine"),
                   "lockdown": ("quarantine_by_unit", "quarantine"),
                   "deaths": ("deaths_by_unit", "deaths"),
                   "recovered": ("recovered_by_unit", "recovered"),
                   "domestic": ("by_unit", "domestic"),
                   "new_cases": ("by_unit", "new_cases"), "cases": ("by_unit", "new_cases")}


def _detailed_count(intro: str, entries: list[dict]) -> tuple[str, str] | None:
    """The list's key and total when its own clause names nothing ("..., cụ thể như sau:")
    after a count split into parts ("410 ca mắc mới, trong đó 120 ca cộng đồng, 290 ca trong
    khu cách ly, cụ thể như sau: Hoàng Mai (200), ..."): the list details the count of the
    intro that its items add up to, whole or part; None when the list's clause says what it
    counts, or no count of the intro is its sum (the words then decide, as before)."""
    if "rong đó" not in intro:
        return None
    cut = max(intro.rfind(","), intro.rfind(";"))
    if cut == -1 or "rong đó" not in intro[:cut]:
        return None  # no count split into parts before the list's own clause
    clause = intro[cut + 1:].lower()
    if _FIGURE_RE.search(clause) or any(word in clause for word, _k, _t in _TOPICS):
        return None
    total = sum(e["count"] for e in entries)
    for c in _INTRO_COUNT_RE.finditer(intro, 0, cut):
        if read_number(c.group("n")) == total:  # read already or not: its words tell
            return _DETAILED_LISTS.get(measure_of(intro[c.start():]) or "")
    return None


# The day's outcomes a list may count, each the lexicon's measure of its total.
_OUTCOME_TOTALS = frozenset({"deaths", "recovered", "severe", "under_treatment"})


def _stated_total(s: Sentence, intro: str, total_key: str | None
                  ) -> tuple[int | float | None, str | None]:
    """The total a list's intro states, marked read, and the field it feeds: the last unread
    count the lexicon names as what the list counts ("350 ca mắc mới, trong đó 140 ca cộng
    đồng ở: ..." lists the 140), else the first unread count. A national list taken to be of
    domestic cases whose intro names no such count but the day's new cases ("cả nước có thêm
    4.000 ca COVID-19 mới, trong đó TP HCM 2.000 ca, ...") totals the day's cases."""
    unread = [c for c in _INTRO_COUNT_RE.finditer(intro) if not taken(s, c, "n")]
    measures = [_count_measure(intro, c) for c in unread]
    named = [c for c, m in zip(unread, measures, strict=True) if m == total_key]
    if not named and total_key == "domestic" and "new_cases" in measures:
        day = [c for c, m in zip(unread, measures, strict=True) if m == "new_cases"]
        return take(s, day[-1], "n"), "new_cases"
    if not named and total_key in _OUTCOME_TOTALS:
        # A list of deaths whose count was read already: another outcome's unread count is no
        # total of it ("226 ca tử vong, trong đó TP HCM 66 ca, ..." after "16.200 ca khỏi
        # bệnh;" in the same sentence).
        unread = [c for c, m in zip(unread, measures, strict=True)
                  if m not in _OUTCOME_TOTALS]
    chosen = named[-1] if named else unread[0] if unread else None
    return (take(s, chosen, "n") if chosen else None), total_key


def _store(key: str, entries: list[dict], r: Reading, goes_on: bool = False) -> None:
    value_key = {"deaths_by_unit": "deaths", "recovered_by_unit": "recovered",
                 "mobile_stations_by_unit": "stations"}.get(key, "new_cases")
    items = [{"unit": e["unit"], "code": e["code"], "name": e["name"], "written": e["written"],
              value_key: e["count"], **({"of_which": e["of_which"]} if "of_which" in e else {}),
              **ward_level(e)}
             for e in entries]
    _check_units(key, entries, r)
    if key == "mobile_stations_by_unit":
        stations = r.fields.setdefault("mobile_stations", {})
        stations["by_unit"] = items
        if r.current is not None:
            r.claim(r.current, "mobile_stations")
        return
    if goes_on and r.fields.get(key):
        r.fields[key].extend(items)  # the list goes on ("Tại các tỉnh, thành phố khác: ...")
        if r.current is not None:
            r.claim(r.current, key)
    else:
        r.put(key, items)
    r.context["last_list"] = key


def _check_units(key: str, entries: list[dict], r: Reading) -> None:
    """Every place of a list is a unit of the register, or the reading needs review. A hospital
    or a company among the places ("Bệnh viện K (1)") is kept as written, as the notice's lines
    keep it (`places.named_place`): no unit it should have been."""
    unknown = [e["written"] for e in entries if e["code"] is None and not e.get("unknown_place")
               and not places.named_place(e["written"])]
    if unknown:
        r.check("units_resolved", False, "list_not_in_register", field=key, names=unknown)


def ward_level(entry: dict) -> dict:
    """A ward named in a list of districts says so: its code is a ward's, not a district's."""
    return {"level": "ward"} if entry.get("level") == places.WARD else {}


# The cases a place has the most of: "ca", "ca mắc", "ca nhiễm", or "F0" ("Các quận có nhiều
# F0 nhất: ...", "có số F0 cao nhất", HCDC's evening reports of autumn 2021). Lower case.
_MOST_NOUN = r"(?:ca(?: mắc| nhiễm)?|f0)"

# "tại 29/30 quận, huyện, nhiều nhất là Thanh Xuân 25, Hoàng Mai 21, ...", "(tại 52/63 tỉnh,
# thành phố), cao nhất là ...", "Nhiều nhất là ...": the places with the most cases, a part of
# the day's list only.
_PARTIAL_RE = re.compile(
    rf"(?:(?:tại|ở)\s+(?P<n>\d+)\s*/\s*(?P<of>\d+)\s+{_UNIT_KINDS}"
    r"(?:\s*,\s*(?:quận|huyện|thành phố|thị xã|thị trấn|phường|xã))*"
    r"\s*\)?\s*[,;]?\s*)?(?:trong đó\s*,?\s*)?(?:(?:các\s+)?(?:nơi|địa phương|quận|tỉnh)\s+)?"
    rf"(?:có\s+)?(?:số {_MOST_NOUN}\s+)?(?:nhiều(?: {_MOST_NOUN})? nhất|cao nhất"
    # "Các quận có nhiều ca: ...", "Các địa phương ghi nhận nhiều ca: ..." (places with many
    # cases: the most, not all of them)
    # (its lookbehinds after "nhiều": tried where that word is, not at every character)
    # Or the places' kind right before "nhiều": "Các quận nhiều ca: ..." (a city's report as
    # news wrote it, 2021).
    rf"|nhiều(?:(?<=có nhiều)|(?<=nhận nhiều)|(?<=quận nhiều)|(?<=huyện nhiều)"
    rf"|(?<=phương nhiều)|(?<=tỉnh nhiều)) {_MOST_NOUN}(?! nhất))"
    r"(?:\s+(?:là|ở|tại|gồm))?\s*:?\s+",
    _I)  # in any case: "Nhiều nhất là Hoàng Mai 44 ca, ..." may open its own sentence
# Or the places first, then what they are: "TP HCM 1.200 ca, Tây Ninh 800 ca, Cà Mau 700 ca là
# các địa phương có số ca nhiễm cao nhất" (news rewrites of the ministry's reports). Lower case.
_MOST_AFTER_RE = re.compile(r" là (?:các|những|\d+) (?:địa phương|tỉnh|quận|nơi)[^.;]*?"
                            rf"(?:nhiều(?: {_MOST_NOUN})?|cao) nhất")
_PARTIAL_WORDS = ("nhiều nhất", "nhiều ca nhất", "nhiều ca mắc nhất", "nhiều ca nhiễm nhất",
                  "nhiều f0 nhất", "cao nhất", "có nhiều ca", "nhận nhiều ca", "có nhiều f0",
                  "nhận nhiều f0", "quận nhiều ca", "huyện nhiều ca", "phương nhiều ca",
                  "tỉnh nhiều ca")
# One place said to have the most, named before it: "TP HCM vẫn dẫn đầu với 5.000 ca", "TP HCM
# nhiều nhất với 1.105 ca", or after its count: "Trong đó TP HCM có 5.000 ca, nhiều nhất cả
# nước" (news rewrites of the ministry's reports, autumn 2021). Its name opens its clause; the
# only "." it holds closes an abbreviation ("trong đó TP. Hồ Chí Minh nhiều nhất với 60 ca").
_MOST_WORDS = ("dẫn đầu", "đứng thứ")  # the words of such a place besides _PARTIAL_WORDS
_MOST = (rf"(?:dẫn đầu|(?:có\s+)?(?:số {_MOST_NOUN}\s+)?(?:nhiều(?: {_MOST_NOUN})?|cao) nhất)"
         r"(?:\s+(?:cả nước|toàn quốc|(?:toàn\s+|cả\s+)?(?:thành phố|tỉnh)))?")
_ABBREVIATED = "|".join(sorted(ABBREVIATIONS))
_ONE_MOST_RE = re.compile(
    rf"(?:^|[,;:]\s*|\b(?:trong đó|riêng)\s*,?\s+)"
    rf"(?P<name>(?:(?:{_ABBREVIATED})\.\s*)?[^\W\d][^,;:.()\d]{{1,40}}?)\s+"
    rf"(?:(?:vẫn\s+|tiếp tục\s+)?(?:là\s+(?:địa phương|nơi|tỉnh|quận|huyện|thành phố)\s+)?"
    rf"{_MOST}(?:\s+(?:với|là|có))?\s+(?P<n>{NUM})\s+(?:ca|F0)\b"
    rf"|(?:có|ghi nhận)\s+(?P<n2>{NUM})\s+(?:ca|F0)\s*,?\s+(?:là\s+)?(?:địa phương\s+)?"
    rf"{_MOST}(?=\s*[.;]|\s*$))", _I)
# (The place may be said to be the one: "Biên Hòa vẫn là địa phương có số ca cao nhất với 210
# ca", a province's report as news wrote it.)
# The places that come next after the one with the most: "Bắc Giang vẫn nhiều nhất với 57 ca,
# tiếp đến TP.HCM 15 ca, Bắc Ninh 8 ca" (news rewrites of the ministry's reports of June 2021),
# "tiếp theo là", "sau đó là", "kế đến là": more of the top places, each a unit.
_NEXT_RE = re.compile(r"[,;]\s*(?:tiếp\s+(?:đến|theo)|sau\s+đó|kế\s+(?:đến|tiếp))(?:\s+là)?"
                      rf"\s*:?\s+(?=(?-i:{UPPER})|(?:quận|huyện|thị xã|thành phố|tỉnh)\s)", _I)
# A place said to come second, third... after the one with the most: "Bình Dương vẫn dẫn đầu
# với 1.100 ca, TP HCM đứng thứ hai với 900 ca" (news rewrites of the ministry's reports).
_RANKED_RE = re.compile(
    rf"(?:^|[,;]\s*)(?P<name>(?:(?:{_ABBREVIATED})\.\s*)?[^\W\d][^,;:.()\d]{{1,40}}?)\s+"
    rf"(?:đứng\s+)?thứ\s+(?:hai|ba|tư|năm|nhì|\d)(?:\s+(?:cả nước|toàn quốc))?\s+"
    rf"(?:với|có)\s+(?P<n>{NUM})\s+(?:ca|F0)\b(?P<n2>)", _I)
# How many places had cases, of how many, with or without the places with the most after it:
# "ghi nhận 430 ca mắc mới tại 29/30 quận, huyện" (Hà Nội's reports, late 2021). Lower case.
_UNITS_WITH_CASES_RE = re.compile(
    rf"(?:tại|ở|trên)\s+(?P<n>\d+)(?:\s*/\s*(?P<of>\d+))?\s+{_UNIT_KINDS}")
# Or how many had none: "Hà Nội có 3 quận, huyện không ghi nhận ca mắc mới" (the city's reports
# of late 2021). Not over some days ("... trong 14 ngày qua": no secondary transmission).
_UNITS_WITHOUT_CASES_RE = re.compile(
    rf"(?<![\d.,])(?P<n>\d+)\s+{_UNIT_KINDS}(?:\s*,\s*{_UNIT_KINDS})*(?:,?\s+thành phố)?"
    rf"\s+(?:đều\s+)?không\s+(?:có|ghi nhận)(?:\s+thêm)?\s+(?:ca|trường hợp)"
    rf"(?:\s+(?:mắc|nhiễm|dương tính|bệnh))?(?:\s+mới)?(?!\s*[^.;]*\btrong\s+\d+\s+ngày)")


# A place, or a few, picked out of the day's cases without "the most": "5.376 ca mắc mới trong
# nước, trong đó TP HCM 4.907 ca", "..., riêng Hà Nội 141 ca". A bare "trong đó" before several
# places is the whole list (read_breakdown: the news rewrites of the ministry's notices of May
# 2021 list every province so); before one place it picks that place out.
#
# A clause of its own after the day's count picks one place out without either word: "thêm
# 460 ca mắc mới tại 18 tỉnh thành; TP HCM có 310 ca" (`single`, as after "trong đó"), or after
# a comma, in a news headline: "Thêm 4.196 ca mắc COVID-19 trong nước, TP HCM 1.800 ca".
# So does a sentence of its own right after the day's count ("... có thêm 3.480 ca mắc mới tại 27
# tỉnh thành. TP HCM có 1.105 ca."). Either is a count of cases, no measure after it ("TP HCM
# có 20 ca tử vong" is not).
_PICKED_RE = re.compile(
    rf"(?:\b(?P<of_which>(?i:trong đó))\s*,?\s+|\b(?i:riêng)\s*,?\s+|(?P<clause>[;,]\s*|^))"
    rf"(?=(?:{UPPER}|(?i:(?:quận|huyện|thị xã|thành phố|tỉnh|phường|xã)\s)))")
_PICKED_WORDS = ("trong đó", "riêng", ";")
# What a picked place can be picked out of, as the lexicon names the count before it: the
# day's cases or the domestic ones; not deaths, imported or community cases (no field keeps a
# part of those).
_PICKED_FROM = frozenset({"new_cases", "domestic", "cases"})
# Without "riêng" or "trong đó", only out of a count that says it is the day's ("thêm 460 ca
# mắc mới ...; TP HCM có 310 ca"): "Bắc Giang: 40 ca; TP HCM: 6 ca" are the items of a list.
_DAYS_STATED = frozenset({"new_cases", "domestic"})
# The parts a day's count is split into, passed over to reach it (`_picked_from`).
_SPLIT_PARTS = frozenset({"imported", "community", "quarantine", "lockdown"})
_COMPARED_RE = re.compile(rf"{NUM}\s+(?:ca\s+)?so với\b", _I)
_PLACES_COUNT_RE = re.compile(rf"{NUM}\s+(?:tỉnh|thành phố|quận|huyện|phường|xã|địa phương)\b",
                              _I)


def read_partial_breakdown(s: Sentence, r: Reading) -> None:
    """The places with the most cases of the day, and how many places had cases, or a place
    or a few picked out of the day's cases: a partial list, kept apart from `by_unit` (which
    must add up to the day's cases)."""
    low = s.low
    # Every word of _PARTIAL_WORDS holds "nhiều" or is "cao nhất": told first, and the words
    # looked for once, as most sentences hold none of them.
    partial = ("nhiều" in low or "cao nhất" in low) and has_any(low, _PARTIAL_WORDS)
    if partial and (m := _PARTIAL_RE.search(s.text)):
        stops = (". ", "; ", " và các ")
        part = _partial_entries(s, r, m.end(), stops)
        end = clause_end(s.text, m.end(), stops) if part is not None else len(s.text)
        # The list may go on after ";" ("Hoàng Mai, Thanh Xuân mỗi quận 40 ca; Đống Đa 30
        # ca"), a clause at a time while every item of the next names a unit.
        while part is not None and s.text.startswith("; ", end) \
                and (more := _partial_entries(s, r, end + 2, stops, picked=True)):
            part["by_unit"].extend(more["by_unit"])
            end = clause_end(s.text, end + 2, stops)
        if part is not None:
            if m.group("n"):
                part["units_with_cases"], part["units"] = take(s, m, "n"), take(s, m, "of")
                r.put("units_with_cases", {"count": part["units_with_cases"],
                                           "of": part["units"]})
            _put_top(r, part)
    if partial or has_any(low, _MOST_WORDS):
        _read_one_most(s, r)
        if "sau" in low or "tiếp" in low or "kế" in low:
            for m in _NEXT_RE.finditer(s.text):
                part = _partial_entries(s, r, m.end(), (". ", "; "), picked=True)
                if part is not None:
                    _put_top(r, part)
        if (after := _MOST_AFTER_RE.search(low)) and (
                part := _partial_entries(s, r, 0, (" là ",))) is not None:
            s.use(after.start(), after.end())
            _put_top(r, part)
    # "tại 29/30 quận, huyện", or without the whole: "Các ca bệnh phân bố tại 25 quận, huyện:
    # Hoàng Mai 30, ..." (Hà Nội's reports of late 2021).
    if ("tại" in low or "ở" in low or "trên" in low) \
            and (m := _UNITS_WITH_CASES_RE.search(low)) and not taken(s, m, "n"):
        r.put("units_with_cases", {"count": take(s, m, "n"),
                                   "of": take(s, m, "of") if m.group("of") else None})
    if "không" in low and (m := _UNITS_WITHOUT_CASES_RE.search(low)) and not taken(s, m, "n"):
        r.put("units_without_cases", take(s, m, "n"))
    if "trong đó" not in low and "riêng" not in low and ";" not in low \
            and not _may_open_with_place(s, r) and not _last_clause_short(s, ","):
        return  # _PICKED_WORDS: most sentences hold none, nor open with a place or end in a
        # short clause after ",", and this runs for every one with a count
    if r.context.get("expect"):
        return  # a hint of the sentence before: "Trong đó, Đông Anh 4 trạm" are its stations
    for m in _picked_leads(s):
        clause = m.group("clause") is not None
        if clause and (s.text.find(";", m.end()) != -1 or not _cases_alone(s, m.end())):
            continue  # "Bắc Giang: 40 ca; Bắc Ninh: 10 ca; ...": a list's items, not one place
        if _picked_from(s, m.start(), r.previous, clause):
            part = _partial_entries(s, r, m.end(), (". ", "; "), picked=True,
                                    single=m.lastgroup is not None)
            if part is not None:
                _put_top(r, part)


def read_places_after_days_count(s: Sentence, r: Reading) -> None:
    """In the country's text, the provinces that follow the day's count in its sentence, each
    with its own count: "Cả nước thêm 5.376 ca mắc mới, Hà Nội thêm 28 ca, TP HCM 1.200 ca"
    (a headline). A part of the day's cases, every item a unit: `top_by_unit`. Run after
    `read_breakdown`, which reads a list that is the whole of the count before it."""
    if len(s.numbers) < 3 or s.numbers[-1][1] < len(s.text) - 8:
        return  # the day's count and two places' at least, the last ending the sentence: a
        # cheap test that most sentences fail
    comma = s.text.find(", ", s.numbers[0][1])
    while comma != -1:
        # The first clause after a count of the day's that opens with a name: "Ngày 3/10, cả
        # nước ..." passes over the date's comma.
        if _PICKED_RE.match(s.text, comma) and _picked_from(s, comma, None, True):
            part = _partial_entries(s, r, comma + 2, (". ", "; "), picked=True)
            if part is not None:
                _put_top(r, part)
            return
        comma = s.text.find(", ", comma + 2)


def _read_one_most(s: Sentence, r: Reading) -> None:
    """One place said to have the most cases (_ONE_MOST_RE), or to come second, third...
    (_RANKED_RE), when it is a unit: `top_by_unit`."""
    ranked = _RANKED_RE.finditer(s.text) if "thứ" in s.low else ()
    for m in itertools.chain(_ONE_MOST_RE.finditer(s.text), ranked):
        group = "n" if m.group("n") else "n2"
        if taken(s, m, group):
            continue
        entries, pending = resolved_entries(f"{m.group('name')} {m.group(group)}", r)
        if len(entries) != 1 or pending or entries[0]["code"] is None:
            continue
        e = entries[0]
        s.use(*m.span(group))
        _put_top(r, {"units_with_cases": None, "units": None,
                     "by_unit": [{"unit": e["unit"], "code": e["code"], "name": e["name"],
                                  "written": e["written"], "new_cases": e["count"],
                                  **ward_level(e)}]})


# The longest a place picked out with its count runs, without "riêng" or "trong đó" ("Thành
# phố Hồ Chí Minh ghi nhận 12.345 ca."): longer text is not tried as one.
_ONE_PLACE_LEN = 60


def _may_open_with_place(s: Sentence, r: Reading) -> bool:
    """Whether `s` may be one place and its count, after a sentence (cheap tests only)."""
    return r.previous is not None and len(s.numbers) == 1 and len(s.text) <= _ONE_PLACE_LEN \
        and s.text[:1] != s.low[:1]


def _last_clause_short(s: Sentence, mark: str) -> bool:
    """Whether `s` has a last clause after `mark` short enough to be one place and its count."""
    last = s.low.rfind(mark)
    return last != -1 and len(s.text) - last <= _ONE_PLACE_LEN


def _cases_alone(s: Sentence, start: int) -> bool:
    """Whether the first count of `s` after `start` is of cases, no measure named after it."""
    at = bisect_left(s.numbers, (start,))
    return at < len(s.numbers) and measure_of(s.text[s.numbers[at][0]:]) == "cases"


def _picked_leads(s: Sentence) -> Iterator[re.Match[str]]:
    """The matches of _PICKED_RE in `s`, tried only where its words are (found in the lower
    case text, whose offsets are the text's when it `folds`), not at every character."""
    if not s.folds:
        yield from _PICKED_RE.finditer(s.text)
        return
    if len(s.numbers) == 1 and len(s.text) <= _ONE_PLACE_LEN and (m := _PICKED_RE.match(s.text)):
        yield m  # a sentence that opens with a place and its one count
    for mark in (";", ","):
        last = s.low.rfind(mark)
        if last != -1 and len(s.text) - last <= _ONE_PLACE_LEN \
                and (m := _PICKED_RE.match(s.text, last)):
            yield m  # only the last clause after ";" or "," may pick a place out (see
            # read_partial_breakdown): "Thêm 4.196 ca mắc COVID-19 trong nước, TP HCM 1.800 ca"
    for word in _PICKED_WORDS[:2]:  # "trong đó", "riêng"
        at = s.low.find(word)
        while at != -1:
            if m := _PICKED_RE.match(s.text, at):
                yield m
            at = s.low.find(word, at + len(word))


def _picked_from(s: Sentence, lead: int, previous: Sentence | None = None,
                 clause: bool = False) -> bool:
    """Whether the count the places at `lead` are picked out of is of the day's (or domestic)
    cases: the last count before them in `s`, passing over a count in brackets closed before
    them ("5.367 ca trong nước (tăng 131 ca so với hôm qua), riêng ...") and a count of places
    ("tại 52 tỉnh, thành phố, riêng ..."). Places that open their sentence are picked out of
    the last count of the sentence before (`previous`): "... 13.840 ca trong nước. Riêng TP HCM
    4.907 ca." A `clause` that opens at the ";" at `lead` is picked out of a count of the
    day's in the clause before it, stated as such."""
    at = bisect_left(s.numbers, (lead,))
    in_previous = False
    if at == 0 and previous is not None and not s.text[:lead].strip(" ,"):
        s, lead, at, in_previous = previous, len(previous.text), len(previous.numbers), True
    for i in range(at - 1, -1, -1):
        before = s.text[s.numbers[i][0]:lead]
        if clause and (";" in before or ")" in before):
            return False  # "...: TP. Hồ Chí Minh (1.800);\nĐồng Nai (312).": a list's end
        if before.count(")") > before.count("(") or _PLACES_COUNT_RE.match(before) \
                or _in_date(s.text, *s.numbers[i]) or _COMPARED_RE.match(before):
            continue  # "31 ca mắc mới ngày 3/8, tất cả đều ...": a day's figures count nothing;
            # nor does a change ("95 ca mắc mới, tăng 12 ca so với hôm qua")
        measure = measure_of(before)
        if measure == "cases" and _more_before(s.text, s.numbers[i][0]):
            measure = "new_cases"
        if in_previous and measure in _SPLIT_PARTS:
            # "... trong đó 12.464 ca trong nước và 6 ca nhập cảnh. Riêng TP HCM có 5.000 ca",
            # "... 300 ca, trong đó 120 ca cộng đồng và 180 ca đã được cách ly. Riêng quận
            # Hoàng Mai có 30 ca": a sentence ending on the parts the day's count splits into;
            # a place picked out in the next is picked out of the day's (or domestic) count
            # it states before them, which is what lists go by place.
            continue
        return measure in (_DAYS_STATED if clause else _PICKED_FROM)
    return False  # nothing before to pick from


# A share of the count said after a list's last item: ", chiếm hơn một nửa", ", chiếm 57%".
_SHARE_RE = re.compile(r",\s*chiếm\b[^,;]*$")


def _in_date(text: str, start: int, end: int) -> bool:
    """Whether the figure at `start:end` of `text` is a part of a day ("3/8", "3/8/2021") or
    of a name ("COVID-19", "SARS-CoV-2"): no count."""
    return text[start - 1:start] == "/" or (text[end:end + 1] == "/" and text[end + 1:end + 2]
                                            .isdigit()) \
        or (text[start - 1:start] == "-" and text[start - 2:start - 1].isalpha())


def _partial_entries(s: Sentence, r: Reading, start: int, stops: tuple[str, ...],
                     picked: bool = False, single: bool = False) -> dict | None:
    """The list that starts at `start` as a partial list, its figures marked read; None when
    the clause there is no list of units. Places `picked` out must all be units; `single`: one
    place only."""
    end = clause_end(s.text, start, stops)
    if "chiếm" in s.text[start:end] and (share := _SHARE_RE.search(s.text, start, end)):
        end = share.start()  # "Riêng Biên Hòa 600 ca, chiếm hơn một nửa": the share is no item
    list_text = s.text[start:end]
    if single and (has_any(list_text, (",", ";", " và ", " cùng ")) or (
            s.text.startswith("; ", end) and last_item_counted(
                s.text[end:clause_end(s.text, end + 2, stops)]))):
        return None  # several places: the whole list, read_breakdown's (not read twice), its
        # items split by ";" too ("Trong đó, quận Ninh Kiều 200 ca; quận Cái Răng 180 ca")
    if not last_item_counted(list_text) or read_within(s, start, end):
        return None
    entries, pending = resolved_entries(list_text, r)
    if not _usable(entries, pending) or (single and len(entries) != 1):
        return None
    if any(e["change"] for e in entries):
        return None  # "tăng cao nhất ...: Bình Phước tăng 998 ca": changes, not the day's cases
    if picked and any(e["code"] is None for e in entries):
        return None  # "riêng TP HCM và Bình Dương đã gần 8.500 ca": one count of two places
    s.use(start, end)
    return {"units_with_cases": None, "units": None,
            "by_unit": [{"unit": e["unit"], "code": e["code"], "name": e["name"],
                         "written": e["written"], "new_cases": e["count"], **ward_level(e)}
                        for e in entries]}


def _put_top(r: Reading, part: dict) -> None:
    """A partial list, added to the one read already: a text may name the places with the most
    cases and pick out another ("nhiều nhất là ...; riêng Hà Nội 141 ca"). Its places are
    checked against the register as the day's list's are."""
    _check_units("top_by_unit", part["by_unit"], r)
    top = r.fields.get("top_by_unit")
    if top is None:
        r.put("top_by_unit", part)
        return
    listed = {e["code"] for e in top["by_unit"]}
    top["by_unit"].extend(e for e in part["by_unit"] if e["code"] not in listed)
    if top["units_with_cases"] is None:
        top["units_with_cases"], top["units"] = part["units_with_cases"], part["units"]
    if r.current is not None:
        r.claim(r.current, "top_by_unit")


def read_following_breakdown(s: Sentence, r: Reading) -> None:
    """"Trong đó, Đông Anh 4 trạm, ..." right after a sentence that stated a total of stations."""
    if r.context.get("expect") != "mobile_stations":
        return
    text = _LEAD_RE.sub("", s.text)
    if not last_item_counted(text):
        return  # see read_breakdown
    entries, pending = resolved_entries(text, r)
    if _usable(entries, pending):
        s.use(0, len(s.text))
        _store("mobile_stations_by_unit", entries, r)
