"""The ministry's notices of new cases: the timeline lines of April–July 2021 and the daily notice
of October–December 2021.

Source: the ministry's notices as published in 2021 (development set of real texts), e.g. of
18/7/2021 "+ 2.807 ca ghi nhận trong nước tại TP. Hồ Chí Minh (2.310), ...; trong đó 2.108 ca
được phát hiện trong khu cách ly hoặc khu đã được phong toả", of 12/5/2021 "THÔNG BÁO VỀ 34 CA
MẮC MỚI ... 01 ca cách ly ngay sau khi nhập cảnh tại Đà Nẵng; 33 ca mắc ghi nhận trong nước tại
Bệnh viện ... (4), Vĩnh Phúc (13), ...", and of 3/10/2021 "ghi nhận 5.376 ca nhiễm mới, trong
đó 09 ca nhập cảnh và 5.367 ca ghi nhận trong nước ... Các tỉnh, thành phố ghi nhận ca bệnh như
sau: TP. Hồ Chí Minh (2.461), ...". The measures are the rows of `lexicon.MEASURES`; the
lists are read by the one list grammar (`lists.read_counts`).
"""

from __future__ import annotations

import re

from episurv.bulletins import places
from episurv.bulletins.breakdown import (
    ONE_PLACE_HINTS,
    partial_list,
    read_all_in_one_place,
    resolved_entries,
    ward_level,
)
from episurv.bulletins.detect import TIMELINE
from episurv.bulletins.lexicon import CASE, read_stated
from episurv.bulletins.lists import EACH, rest_pattern
from episurv.bulletins.numbers import NUM, NUMBER_WORD
from episurv.bulletins.reading import (
    Folded,
    Reading,
    all_counts_read,
    finditer_num,
    has_any,
    original,
    search_num,
    take,
    taken,
)
from episurv.bulletins.segment import UPPER, Sentence

_I = re.IGNORECASE
# One "Name (n)" item, or "Name (n ca)" as news copies of the notice write it; a name holds no
# digit, bracket or list separator (sentences are cut already, so a "." in it is that of "TP.
# Hồ Chí Minh").
_BRACKET_ITEM = rf"[^\s\d,;:()][^\d,;:()]*?\s*\(\s*\d[\d.]*(?:\s+{CASE})?\s*\)"
# Names that share a count, as every list of these texts groups them ("Đồng Tháp và Tiền Giang
# mỗi nơi 27", "Quảng Ngãi, Nghệ An đều hai"): the names may be joined by ",".
_GROUP_ITEM = (rf"[^\s\d,;:()][^\d;:()]*?\s+(?:mỗi\s+{EACH}|đều)\s+(?:\d[\d.]*|{NUMBER_WORD})"
               rf"(?:\s+ca)?(?![\w])")
# A name and its count without brackets, as other writers of the same notice put it ("tại TP.
# Hồ Chí Minh 63 ca, Bắc Giang 16 ca", "tại: Hà Giang: 7 ca; Nam Định: 5 ca", "tại Hà Giang
# 7, Nam Định 5"): the count ends the item, so a clause that goes on after its count ("; trong
# đó 87 ca được phát hiện trong khu cách ly") is none; the list may go on into the clause
# that says what its cases are ("... Hà Giang 10 ca trong đó có ...", "... đều là các ca ...").
# A small count may be a word, its noun after it or not ("Bắc Giang hai ca", "Lạng Sơn và Thanh
# Hóa một"): the list's reader tells "Thủ Dầu Một", a name, from a count (`lists.read_counts`).
# Or the count comes first: "12 ca tại Bắc Giang, 2 ca tại Hà Nam" (`lists.read_counts`).
_ITEM_END = r"(?=\s*[,;]|\.?\s*$|\s+(?:và|trong đó|đều là)\s)"
_PLAIN_ITEM = (rf"(?:(?!trong đó\s|gồm\s|có\s)[^\s\d,;:()][^\d,;:()]*?(?::\s*|\s+)"
               rf"(?:\d{{1,3}}(?:\.\d{{3}})*(?:\s+{CASE})?|{NUMBER_WORD}(?:\s+{CASE})?)"
               rf"|{NUM}\s+{CASE}\s+(?:tại|ở)\s+[^\s\d,;:()][^\d,;:()]*?){_ITEM_END}")
_ITEM = rf"(?:{_BRACKET_ITEM}|{_GROUP_ITEM})"
_ANY_ITEM = rf"(?:{_BRACKET_ITEM}|{_GROUP_ITEM}|{_PLAIN_ITEM})"


def _list(item: str) -> str:
    """A list of `item`s. It may close with its rest: "..., Bạc Liêu (800) và 7.200 ca ở các tỉnh
    khác" (read apart by `breakdown.resolved_entries`)."""
    return (rf"{item}(?:\s*[,;]?\s*(?:và\s+)?{item})*"
            rf"(?:\s*[,;]?\s*(?:và\s+)?{rest_pattern(False)})?")


LIST = _list(_ANY_ITEM)


def _line(items: str) -> Folded:
    """"<n> ca [mắc|nhiễm] [mới] [(BN..)] [được] [ghi nhận|phát hiện] <where> [(...)] [đã được
    cách ly ngay [sau khi nhập cảnh]] [tại|gồm] [:] LIST" ("5 ca nhập cảnh được cách ly ngay tại
    Kiên Giang (3), ...", "5 ca nhập cảnh đã được cách ly ngay sau khi nhập cảnh tại Quảng Ninh
    (3), ..."). The cases may be said to be all of one kind: "3 ca mắc mới là ca nhập cảnh,
    được cách ly ngay sau khi nhập cảnh tại Kiên Giang (2), Tây Ninh (1)" (`whole`: the count
    is the day's too), with commas between the parts as other copies of the notice write them
    ("3 ca mắc mới, ghi nhận trong nước tại Hà Nội (2), ...", "4 ca mắc mới, đều là ca nhập
    cảnh, được cách ly ..."). Run in lower case (reading.Folded); the list, which holds names, is
    taken from the text by its span."""
    return Folded(
        rf"(?P<n>{NUM})\s+{CASE}(?:\s+(?:mắc|nhiễm|bệnh|COVID-19|dương tính))*(?:\s+mới)?"
        rf"(?:\s*\([^)]*\))?(?P<whole>,?\s+(?:đều\s+)?là\s+(?:các\s+)?(?:ca|trường hợp))?"
        rf"(?:,?\s+(?:được|đã được))?(?:\s+cách ly ngay sau khi)?"
        rf"(?:,?\s+(?:ghi nhận|phát hiện))?\s*(?P<where>trong nước|nhập cảnh|(?:trong\s+|tại\s+)?"
        rf"cộng đồng|tử vong)?(?:\s*\([^)]*\))?(?:,?\s+(?:đã\s+)?(?:được\s+)?cách ly"
        rf"(?:\s+ngay)?(?:\s+sau khi\s+nhập cảnh)?)?"
        rf"\s*:?\s*(?:tại|ở|gồm|bao gồm)?\s*:?\s*(?P<list>{_list(items)})")


# The ministry's own lines, their lists in brackets or grouped; then, in a sentence that has
# none, the lines of other writers, whose items may go without brackets (_PLAIN_ITEM).
_LINE_RE = _line(_ITEM)
_PLAIN_LINE_RE = _line(_ANY_ITEM)
# Words one of which every list holds (a count in brackets, or a count its names share): no
# line starts after the last of them. A list without brackets holds a separator, or opens
# after "tại" or ":" with its one item.
_LIST_MARKS = ("(", "mỗi", "đều")
_PLAIN_MARKS = (",", ";", ":", "tại")
# An item without brackets, looked for before the pattern that reads such lists is tried: a
# count right after a name (and its ":") that ends its item. Most sentences of a notice without
# a bracketed line (a case's details, a heading) have none; the pattern, tried at each of their
# counts, was most of the time a notice took to read.
_PLAIN_ITEM_HINT_RE = re.compile(r"\d(?:(?<=[^\W\d_] \d)|(?<=[^\W\d_]: \d))\d{0,2}(?:\.\d{3})*"
                                 r"(?: ca)?(?=[,;]| và |\.?$| trong đó | đều là )")
# The other items without brackets: a count in words before its noun, a count before its place
# ("2 ca tại Hà Nam,"). Apart from the first hint, whose leading digit the engine skips to.
# Both open with a count: tried only where one starts (`reading.search_num`).
_OTHER_ITEM_HINT_RE = re.compile(rf"(?:{NUM}) (?:{CASE}) (?:tại|ở) [^\d,;:()]+?(?:[,;]| và )"
                                 rf"|{NUMBER_WORD} (?:{CASE})(?=[,;]| và |\.?$)")


def _plain_items(s: Sentence) -> bool:
    """Whether `s` may hold a list item without brackets (the hints above)."""
    return bool(_PLAIN_ITEM_HINT_RE.search(s.text) or search_num(_OTHER_ITEM_HINT_RE, s))
# The notice of October 2021 states the list in its own sentence after the figures.
_PROVINCES_LIST_RE = re.compile(
    rf"^(?:các\s+)?(?:tỉnh,?\s*thành(?:\s+phố)?|địa phương)\s+(?:ghi nhận|có)\s+(?:ca bệnh|ca"
    rf"\s+mắc|ca\s+nhiễm|{CASE})(?:\s+mới)?\s+(?:như sau|gồm|là)?\s*:?\s*(?P<list>{LIST})", _I)
# "... ca ghi nhận trong nước (giảm 100 ca so với ngày trước đó) tại 52 tỉnh, thành phố": how
# many provinces had cases (the notice of October 2021).
_PROVINCES_AT_RE = Folded(rf"(?P<p>{NUM})\s+tỉnh(?:,?\s*thành(?:\s+phố)?)?(?=\s*[,.;:(]|$)")
# "01 ca cách ly ngay sau khi nhập cảnh tại Đà Nẵng", "03 ca nhập cảnh được cách ly ngay tại
# Đà Nẵng", "02 ca ghi nhận trong nước tại Hải Dương", "1 ca mắc mới ghi nhận trong nước tại Hà
# Nội": one place, no list. A place with a count of its own opens a list ("... tại TP. Hồ Chí
# Minh (180), ...", "... tại TP. Hồ Chí Minh 180 ca, Bình Dương 40 ca", "... tại Hà Tĩnh và
# Nghệ An đều 5 ca"): the list's readers read it, and the line's count is not the place's.
# The words before the place in any case ("01 Ca nhập cảnh", "02 CA GHI NHẬN TRONG NƯỚC tại"
# in a heading); the place is a name, so it starts upper-case, its parts joined by " - " too
# ("tại Bà Rịa - Vũng Tàu", the province's name as the notices of June 2021 write it).
# The patients' numbers may stand after the case noun or "mới", in brackets: "1 ca mắc mới
# (BN17010) ghi nhận trong nước tại Phú Yên" (the notices of June-July 2021; read as codes by
# patients.read_patient_codes). The cases may be said to be all of one kind, the count the
# day's too: "1 ca mắc mới là ca nhập cảnh được cách ly ngay tại Tây Ninh", "2 ca mắc mới, đều
# là ca nhập cảnh, ..." (`whole`), as a line with a list says it (`_line`).
_CODES = r"(?:\(\s*BN[^()]{1,30}\)\s+)?"
_ONE_PLACE_RE = re.compile(
    rf"(?P<n>{NUM})\s+(?i:{CASE}\s+{_CODES}(?P<whole>(?:(?:mắc|nhiễm)\s+)?(?:mới\s*)?"
    rf"(?:\(\s*BN[^()]{{1,30}}\)\s*)?,?\s*(?:đều\s+)?là\s+(?:các\s+)?(?:ca|trường hợp)\s+)?"
    rf"(?:được\s+)?(?:(?:cách ly\s+)?(?:ngay\s+)?"
    rf"(?:sau khi\s+)?(?P<imported>nhập cảnh)(?:,?\s+(?:đã\s+)?được\s+cách ly(?:\s+ngay)?)?"
    rf"|(?:(?:mắc|nhiễm)\s+)?(?:mới\s+)?{_CODES}(?:ghi nhận\s+)?trong nước)"
    rf"\s+tại\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?)(?P<place>{UPPER}[^\s,;.()]*(?:\s+(?:-\s+)?"
    rf"{UPPER}[^\s,;.()]*){{0,3}})(?!\s*\(|[^\s,;.()]|\s+(?:\d|mỗi\s|đều\s|và\s+{UPPER}))")


def _domestic_line(r: Reading, n: int | float, items: list[dict], *, listed: bool,
                   rest: int | float | None = 0) -> None:
    """A line of domestic cases: its count added to the notice's, its places to its list. A
    line that lists its places with their own counts (`listed`) keeps its count with what they
    add up to, for the check `timeline_line_sum`; a line of one place without a count of its
    own ("02 ca ghi nhận trong nước tại Hải Dương") gives that place its count, so there is
    nothing to add up. A list closed by its `rest` adds it in; a rest without a count leaves
    the line nothing to add up to (the by-unit check asks that its places stay within)."""
    from_lines = r.context.get("line_domestic", 0)
    r.context["line_domestic"] = from_lines + n
    if r.fields.get("domestic") is not None and not from_lines:
        # The count stated already by a sentence that is no line ("Có 9.400 ca mắc mới, trong
        # đó 9.390 ca trong nước", a news headline over the notice it quotes): the line states
        # it again, not more cases (a different figure is reported as restated).
        r.put("domestic", n)
    else:
        r.fields["domestic"] = r.fields.get("domestic", 0) + n
    r.fields.setdefault("by_unit", []).extend(items)
    if listed and rest is not None:
        r.context.setdefault("timeline_lines", []).append(
            (n, sum(e["new_cases"] for e in items) + rest))


def _imported_line(r: Reading, n: int | float, items: list[dict]) -> None:
    """A line of imported cases. A second line of other places ("- 5 ca nhập cảnh ... tại Kiên
    Giang (3), Tây Ninh (2). - 2 ca nhập cảnh ... tại Quảng Nam (1), Đà Nẵng (1)") adds its cases
    to the first's, as domestic lines add up; a line of the same places states them again."""
    listed = r.context.setdefault("imported_places", set())
    codes = {e["code"] for e in items}
    if listed and items and not codes & listed and r.fields.get("imported") is not None \
            and r.fields.get("imported_by_unit"):
        r.fields["imported"] += n
        r.fields["imported_by_unit"] = [*r.fields["imported_by_unit"], *items]
    else:
        r.put("imported", n)
        r.put("imported_by_unit", items)
    listed.update(codes)


def _items(text: str, r: Reading) -> list[dict]:
    """The places of a list; a rest that closes it is left in `r.context["list_rest"]`."""
    entries, pending = resolved_entries(text, r)
    if pending:
        r.check("list_complete", False, "names_without_count", names=list(pending))
    unknown = [e["written"] for e in entries if e["code"] is None
               and not places.named_place(e["written"])]
    if unknown:
        r.check("units_resolved", False, "not_in_register", names=unknown)
    return [{"unit": e["unit"] or e["written"], "code": e["code"], "name": e["name"],
             "written": e["written"], "new_cases": e["count"], **ward_level(e)} for e in entries]


def read_timeline(s: Sentence, r: Reading) -> None:
    # Another kind's sentence is read here only for a list left to read: in brackets, or
    # without them after "tại" ("10.496 ca ghi nhận trong nước tại TP HCM 6.312 ca, ...") or
    # with "ở" in its items ("...: 6.312 BN ở TP HCM; ..."), and then for that line alone.
    plain_only = r.kind != TIMELINE and "(" not in s.text
    if r.kind != TIMELINE and ((plain_only and not (
            has_any(s.low, (" tại", " ở ")) and _plain_items(s)))
            or all_counts_read(s)):
        read_stated(s, r)
        return
    if plain_only:
        lines = list(finditer_num(_PLAIN_LINE_RE, s, _PLAIN_MARKS))
    else:
        lines = list(finditer_num(_LINE_RE, s, _LIST_MARKS))
        if not lines and not all_counts_read(s) and _plain_items(s):
            lines = list(finditer_num(_PLAIN_LINE_RE, s, _PLAIN_MARKS))
    for m in lines:
        items = _items(original(m, s.text, "list") or "", r)
        rest = r.context.get("list_rest")
        where = (m.group("where") or "trong nước").lower()
        # Another kind's rule may have read the count already (the national report quotes the
        # ministry's notice): the list is still this reader's to read.
        known = taken(s, m, "n")
        n = take(s, m, "n")
        s.use(*m.span("list"))
        if where == "tử vong":
            # "20 ca tử vong\nTP. Hồ Chí Minh (12), ...": the deaths' line, its list by place
            # (the line's break joined as a wrapped line's), not one of new cases. A count read
            # before is the day's deaths already, or an approximate figure ("khoảng 200 ca tử
            # vong tại: ..."), which is no count: the list alone is read then.
            if known:
                s.pending[:] = [p for p in s.pending if p[0] != m.start("n")]
                r.claim(s, "deaths_by_unit")
            else:
                r.put("deaths", n)
            if not r.fields.get("deaths_by_unit"):
                r.fields["deaths_by_unit"] = [{**{k: v for k, v in e.items() if k != "new_cases"},
                                               "deaths": e["new_cases"]} for e in items]
            continue
        key = {"nhập cảnh": "imported_by_unit"}.get(where, "community_by_unit"
                                                      if "cộng đồng" in where else "by_unit")
        if rest is not None:
            partial_list(r, key, rest.count)
        if known:
            if not r.fields.get(key):
                r.fields[key] = items
            continue
        if m.group("whole") and m.group("where"):
            r.put("new_cases", n)  # "3 ca mắc mới là ca nhập cảnh": every new case is one
        if where == "nhập cảnh":
            _imported_line(r, n, items)
        elif "cộng đồng" in where:
            r.put("community", n)
            r.put("community_by_unit", items)
        else:
            if m.group("where") and " mới" in s.low[m.start():m.start("where")] \
                    and r.context.get("line_domestic") is None:
                # "46 ca nhiễm mới trong nước tại ...": the day's new cases, said to be
                # domestic, as the lexicon reads them (see parse._derive); a line of a notice
                # without "mới" ("+ 593 ca ghi nhận trong nước tại ...") is its domestic part.
                r.context["new_domestic"] = n
            _domestic_line(r, n, items, listed=True, rest=rest.count if rest else 0)
    if s.pending:
        r.claim(s, "by_unit")  # the lists' counts, known to read_stated as items
    if plain_only:
        read_stated(s, r)
        return
    listed = _PROVINCES_LIST_RE.match(s.text)
    if listed and not r.fields.get("by_unit"):
        items = _items(listed.group("list"), r)
        rest = r.context.get("list_rest")
        s.use(*listed.span("list"))
        r.fields["by_unit"] = items
        if rest is not None:
            partial_list(r, "by_unit", rest.count)
        if r.fields.get("domestic") is not None and (rest is None or rest.count is not None):
            r.context.setdefault("timeline_lines", []).append(
                (r.fields["domestic"], sum(e["new_cases"] for e in items)
                 + (rest.count if rest else 0)))
    if "tỉnh" in s.low and (at := search_num(_PROVINCES_AT_RE, s, ("tỉnh",))) \
            and not taken(s, at, "p"):
        r.put("provinces_with_cases", take(s, at, "p"))
    for m in finditer_num(_ONE_PLACE_RE, s):
        unit = places.province(m.group("place"))
        if unit is None or taken(s, m, "n"):
            continue
        n = take(s, m, "n")
        items = [{"unit": unit["unit"], "code": unit["code"], "name": unit["name"],
                  "written": m.group("place"), "new_cases": n}]
        if m.group("whole"):
            r.put("new_cases", n)  # "1 ca mắc mới là ca nhập cảnh": every new case is one
        if m.group("imported"):
            _imported_line(r, n, items)
        else:
            _domestic_line(r, n, items, listed=False)
    read_stated(s, r)
    # "có 5 ca mắc mới, tất cả đều tại Hà Nội": the place of every case, once its count is read
    # (the breakdown's readers run only on a sentence with a count left to read).
    if ("đều" in s.low or has_any(s.text, ONE_PLACE_HINTS)) and not r.fields.get("by_unit"):
        read_all_in_one_place(s, r)
