"""The measures a bulletin states about the day's cases, as rows of data: the words after a count
that say what it counts, and the field it feeds.

Source: the ministry's notices and the city reports of 2021 (docs: domain README §2; e.g. the
ministry's notice of 3/10/2021 "5.376 ca nhiễm mới, trong đó 09 ca nhập cảnh và 5.367 ca ghi
nhận trong nước ... (có 2.674 ca trong cộng đồng)"; Hà Nội's report of 28/11/2021 "141 ca cộng
đồng, 133 ca trong khu cách ly và 27 ca khu phong tỏa"). A case is written "ca", "trường hợp",
"bệnh nhân", "người bệnh", "người" (mắc/nhiễm) or "F0"; a count is a figure or a word ("một"). A
measure is stated after its count ("129 ca tử vong") or before it ("Số ca tử vong trong ngày là
129", "Cộng đồng: 150 ca"): all read with the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from episurv.bulletins.numbers import NUM
from episurv.bulletins.reading import (
    Folded,
    Reading,
    all_counts_read,
    finditer_num,
    has_any,
    take,
    taken,
)
from episurv.bulletins.segment import Sentence

# "người bệnh" before "người": "118 người bệnh tử vong" (the patient, not a person "bệnh");
# "F0", a confirmed case in the words of late 2021 ("150 F0 cộng đồng"); "BN", the patient
# noun short ("5 BN ở Hà Nội"), not a patient's code ("BN3538").
CASE = r"(?:ca|trường hợp|bệnh nhân|người bệnh|người|F0|BN(?!\d))"
_QUAL = (r"(?:\s+(?:mắc|lây nhiễm|nhiễm|bệnh|COVID-19|Covid-19|dương tính(?:\s+(?:với\s+)?"
         r"(?:SARS-CoV-2|nCoV))?))*")

# The vaccine as the texts of 2021 write it ("liều vắc xin", "liều vaccine", "mũi vắc-xin").
VACCINE = r"(?:vắc xin|vắc-xin|vaccine|vacxin)"
# The words of a sentence stating doses or samples so far, not the day's ("Tổng số liều ...",
# "Đến nay, cả nước đã tiêm ...", "lũy kế", "Tính đến ngày 15/10"). Matched in lower case.
SO_FAR = ("tổng", "lũy kế", "luỹ kế", "cộng dồn", "đến nay", "tới nay", "từ đầu",
          "tính đến ngày", "tính tới ngày")

# After "<n> ca mắc": the words that make the count a domestic one, not the day's total ("thêm
# 15.349 ca mắc COVID-19 trong nước", the report of 13/12/2021). Readers of the day's total
# put this lookahead after their "ca mắc" so the domestic row reads the count.
NOT_DOMESTIC = (r"(?!(?:\s+(?:COVID-19|Covid-19|mới))*\s+(?:được\s+)?(?:(?:ghi nhận|phát hiện)\s+)?"
                r"trong nước)")

# A lockdown area: "khu phong tỏa", "khu vực đã phong tỏa", "khu đã được phong tỏa".
_LOCKED = r"khu\s+(?:vực\s+)?(?:đã\s+)?(?:được\s+)?(?:bị\s+)?phong t(?:ỏa|oả)"

# (field, words after "<n> <case>"). First row that matches a count wins; a quarantine count
# and a lockdown count of one sentence are added (both are cases found already isolated).
# Every row may follow "đều" (all) or "cùng": see _ALL.
MEASURES: tuple[tuple[str, str], ...] = (
    ("imported", r"(?:\s+(?:được|là))?(?:\s+cách ly)?(?:\s+ngay)?(?:\s+sau khi)?\s+nhập cảnh"),
    ("domestic", rf"{_QUAL}(?:\s+mới)?(?:\s+(?:được\s+)?(?:ghi nhận|phát hiện))?\s+trong nước"),
    # Or found by the community's screening: "1.201 F0 phát hiện qua xét nghiệm sàng lọc cộng
    # đồng" (HCDC's evening reports of autumn 2021), not in quarantine or lockdown.
    ("community", rf"{_QUAL}(?:\s+mới)?(?:\s+(?:được\s+)?(?:ghi nhận|phát hiện))?"
                  r"(?:\s+qua\s+(?:xét nghiệm\s+)?sàng lọc)?"
                  r"(?:\s+(?:trong|tại|ở|ngoài))?\s+cộng đồng"),
    # The quarantine and lockdown areas named together, either first ("3.025 F0 được phát
    # hiện tại khu phong tỏa, khu cách ly", "Số F0 trong khu cách ly, khu phong tỏa là 2.710",
    # TP HCM's and Bình Dương's evening reports of August-September 2021): one count of both,
    # the quarantine's; no part of it is said to be the lockdown's. The second area may go
    # without its "khu": "39 ca trong khu vực phong tỏa, cách ly" (Đà Nẵng's, August 2021).
    ("quarantine", rf"{_QUAL}(?:\s+(?:được|đã được))?(?:\s+(?:phát hiện|ghi nhận))?"
                   rf"(?:\s+(?:trong|ở|tại))?(?:\s+các)?\s+(?:{_LOCKED}\s*(?:,|và|hoặc)\s*"
                   rf"(?:khu\s+(?:vực\s+)?)?cách ly|khu\s+(?:vực\s+)?cách ly"
                   rf"(?:\s*(?:,|và|hoặc)\s*(?:{_LOCKED}|phong t(?:ỏa|oả))(?![\w]))?)"),
    # "từ" may be left out, "đó" added: "98 ca được cách ly trước, 6 ca phát hiện trong cộng
    # đồng", "đã được cách ly trước đó" (the cities' reports as news wrote them, 2021); not
    # "cách ly trước khi ..." (before something else).
    ("quarantine", rf"{_QUAL}(?:\s+(?:được|đã được))\s+cách ly\s+(?:tập trung\s+)?(?:từ\s+)?"
                   r"trước(?!\s+khi)(?:\s+đó)?"),
    # Found already isolated, as any case noun says it, the clause ending there: "140 F0 đã
    # được cách ly", "12 bệnh nhân là F1 đã cách ly, ..." (the city reports of late 2021); not
    # "2 bệnh nhân đã được cách ly trong bệnh viện" (where a notice's case was, 12/5/2021).
    # "đã" may be left out: "Trong đó, 20 ca cộng đồng; 44 ca cách ly" (a split of the day's);
    # the isolation's kind said: "6 trường hợp ..., đều đã được cách ly tập trung"; "F1"
    # without "là": "35 ca F1 đã được cách ly".
    # A bracket may break it down: "160 ca đã cách ly (trong đó 30 ca tại khu phong tỏa)", or
    # close the split it is part of: "27 ca mắc mới (gồm 10 ca cộng đồng, 17 ca cách ly)".
    ("quarantine", rf"{_QUAL}(?:\s+(?:là\s+)?F1)?(?:\s+đã)?(?:\s+được)?\s+cách ly"
                   r"(?:\s+tập trung)?(?=\s*(?:[,.;()]|$)"
                   r"|\s+(?:và|trong đó)\s)"),
    # A lockdown area stated on its own, beside the quarantine areas (Hà Nội, 28/11/2021), or
    # as an area locked down: "ở khu vực đã phong tỏa", "trong vùng bị phong tỏa" (Đà Nẵng's
    # reports as news wrote them, August 2021).
    ("lockdown", rf"{_QUAL}(?:\s+(?:được|đã được))?(?:\s+(?:phát hiện|ghi nhận))?"
                 r"(?:\s+(?:trong|ở|tại))?(?:\s+các)?\s+(?:khu|vùng)(?:\s+vực)?"
                 r"(?:\s+(?:đã|đang))?(?:\s+bị)?\s+phong t(?:ỏa|oả)"),
    # Discharged is recovered: the cities' reports say "ra viện" or "xuất viện" for "khỏi".
    ("recovered", rf"{_QUAL}(?:\s+được)?(?:\s+(?:công bố|điều trị))?\s+(?:khỏi|ra viện"
                  r"|xuất viện)"),
    # Patients in a severe state, counted on the day ("2.410 bệnh nhân nặng đang điều trị",
    # "Số bệnh nhân đang điều trị nặng là 5.120").
    # Or said to be in that state: "3.900 bệnh nhân đang nguy kịch", "45 ca đang trong tình
    # trạng nặng" (news rewrites of the ministry's and provinces' reports, autumn 2021).
    ("severe", rf"{_QUAL}(?:\s+đang(?:\s+điều trị)?)?(?:\s+(?:trong\s+)?tình trạng)?"
               r"\s+(?:nặng|nguy kịch)"),
    # Patients under treatment on the day, severe or not, the clause ending there: "Thành phố
    # hiện có 1.200 bệnh nhân đang điều trị", "Số bệnh nhân đang điều trị là 1.200" (the
    # cities' reports of late 2021). Not "Tổng số ..." (no row is read after "tổng").
    ("under_treatment", rf"{_QUAL}\s+đang\s+(?:được\s+)?điều trị(?:\s+tại\s+các\s+cơ sở y tế)?"
                        r"(?=\s*(?:[,.;:]|là\s|$))"),
    ("deaths", r"(?:\s+(?:mắc\s+)?(?:COVID-19|Covid-19))?\s+tử vong"),
    ("new_cases", rf"{_QUAL}\s+mới"),
    # Or said to be the day's without "mới": "15.927 ca mắc trong ngày", "Số ca mắc COVID-19
    # trong ngày là 15.927" (news rewrites of the ministry's reports, December 2021); a word of
    # the disease after the noun ("300 người trong ngày" counts anyone).
    ("new_cases", r"(?:\s+(?:mắc|nhiễm|dương tính|COVID-19|Covid-19))+"
                  r"(?=\s+(?:trong ngày|hôm nay))"),
    # A count of cases split at once into its parts is the whole ("Hà Nội ghi nhận 350 ca, trong
    # đó 140 ca ở cộng đồng và 210 ca đã cách ly", "ghi nhận 380 ca, gồm 150 ca tại cộng đồng;
    # ...", "Trong 88 ca, có 40 ca đã được cách ly tập trung và 48 ca ...").
    # Or in brackets: "ghi nhận 1.250 F0 (gồm 1.050 F0 cộng đồng, 200 F0 cách ly)".
    # The disease's words may come between: "31 người mắc COVID-19, trong đó 26 người ...".
    ("new_cases", rf"{_QUAL}(?=,?\s+\(?(?:trong đó|gồm|bao gồm)\s*:?\s*(?:có\s+)?\d"
                  r"|,\s+có\s+\d)"),
)
# A part of the cases just counted, before the row's words: "91 người mắc Covid-19, 23 người
# trong số đó đã được cách ly tập trung từ trước".
_OF_THOSE = r"(?:\s+trong số (?:đó|này))?"
# Each field's words (its rows as alternatives), for a reader that asks whether a text states
# a measure at all.
MEASURE_WORDS = {name: "|".join(words for row, words in MEASURES if row == name)
                 for name, _words in MEASURES}
# "<n> ca ... đều <measure>": every one of the n cases is of the measure, so n is the day's
# count and the measure's both ("30 ca dương tính nCoV đều ở khu cách ly hoặc phong tỏa", the
# ministry's notice of 20/5/2021 as news rewrote it; "12 ca mắc mới, đều là các trường hợp đã
# được cách ly tập trung từ trước", "3 ca mắc mới, đều là F1 đã được cách ly": contacts, all
# found isolated). The qualifiers come before the adverb, and so may the day ("31 ca mắc mới
# ngày 3/8, tất cả đều đã được cách ly trước đó", a province's report as news wrote it) and the
# cases' being domestic ("74 ca mắc mới trong nước, đều trong khu cách ly hoặc phong tỏa").
_ALL = rf"(?:(?P<all>{_QUAL}(?:\s+mới)?(?:\s+(?:ghi nhận\s+)?trong nước)?" \
       r"(?:\s+(?:trong\s+)?ngày\s+\d{1,2}/\d{1,2}(?:/\d{2,4})?)?,?\s+" \
       rf"(?:đều|cùng|tất cả đều)(?:\s+là)?" \
       rf"(?:\s+(?:các\s+)?(?:ca|trường hợp|F1))?)" \
       r"(?=\s+(?:được|đã|phát hiện|ghi nhận|ở|tại|trong|khu|cách ly|nhập cảnh|cộng đồng)))?"
_ALL_WORDS = ("đều", "cùng", "tất cả")  # one of which _ALL holds
# The rows as one pattern, one named group per row in the table's order (the first that
# matches wins, as in the table): one pass over a sentence's counts instead of one per row.
# Run in lower case (reading.Folded): its groups are a figure, the rows and "all", whose
# values are only tested for presence.
_ROW_RE = Folded(rf"(?P<n>{NUM})\s+{CASE}{_OF_THOSE}{_ALL}(?:" + "|".join(
    f"(?P<m{i}>{words})" for i, (_name, words) in enumerate(MEASURES)) + ")")
_ROW_NAMES = {f"m{i}": name for i, (name, _words) in enumerate(MEASURES)}
# The same rows with the count after them: "Số ca tử vong trong ngày là 129", "số người khỏi
# bệnh trong ngày: 1.200", "Số bệnh nhân khỏi bệnh được công bố thêm trong ngày: 6.014 ca" (the
# ministry's reports of autumn 2021 state the day's figures so). The case noun may be left out:
# "Số mắc mới ghi nhận trong cộng đồng là 58 ca", "Số tử vong trong ngày là 12". Recovered
# said with discharged: "số ca khỏi bệnh xuất viện là 6.500" (TP HCM's reports, August 2021).
# Not "Tổng số ca tử vong ... là N", a total since the start; only the day's words may come
# between the measure and its count.
_DAY_WORDS = (r"(?:\s+(?:bệnh|đang điều trị|trong ngày|hôm nay|ghi nhận|mới|được|công bố|thêm"
              r"|(?:và\s+)?(?:xuất|ra) viện))*")
_NAMED_FIRST_RE = Folded(rf"số(?:\s+{CASE})?(?:" + "|".join(
    f"(?P<m{i}>{words})" for i, (_name, words) in enumerate(MEASURES)) +
    rf"){_DAY_WORDS}"
    rf"\s*(?:là|:)\s*"
    rf"(?P<n>{NUM})")
# A measure named at the head of a clause, a colon, then its count: "Cộng đồng: 150 ca; khu
# cách ly: 200 ca" (a report laid out as lines), or without the colon ("...; tử vong 100 ca").
# The name is read with the rows above, as the words after "<n> ca" would be (" " + name,
# matched whole): no words of its own. The clause may open after a colon: "Trong đó: Cộng
# đồng: 190 ca; Khu cách ly: 240 ca" (the lines of a city's report behind "Trong đó:", joined).
# Or after "trong đó": "..., trong đó cộng đồng 600 ca, khu cách ly 600 ca".
_NAMED_COLON_RE = Folded(rf"(?:^|[;,.:])\s*(?:trong đó\s*,?\s*)?(?P<name>[^:;,.()\d]{{1,40}}?)"
                         rf"(?:\s*:\s*|\s+)(?P<n>{NUM})\s+{CASE}(?![\w])")
# After a clause that named its measure before its count ("Số ca mắc trong cộng đồng là 600"),
# the next clauses may name theirs the same way with the rest left out: "..., tại khu cách ly
# là 600", "...: 600; trong khu cách ly: 600" (no "số", no case noun). Tried only after such a
# clause, from its end.
_NAMED_NEXT_RE = Folded(rf"[;,]\s*(?P<name>[^:;,.()\d]{{1,40}}?)\s*(?::|\s+là|(?=\s\d))\s*"
                        rf"(?P<n>{NUM})"
                        rf"(?:\s+{CASE})?(?=\s*(?:[;,.]|$))")
# Or a part named after "trong đó" with its case noun and no "số": "trong đó ca cộng đồng là
# 650, ca cách ly là 856" (the next parts then read as after a clause of _NAMED_FIRST_RE).
# The count may follow the name with no word between when the name holds its case noun:
# "Trong đó: ca cộng đồng 95, ca trong khu cách ly 115" (a province's report as news wrote it).
_OF_WHICH_NAMED_RE = Folded(rf"trong đó\s*[,:]?\s*(?:có\s+)?(?P<name>[^:;,.()\d]{{1,40}}?)"
                            rf"\s*(?::|\s+là|(?=\s\d))\s*(?P<n>{NUM})(?:\s+{CASE})?"
                            r"(?=\s*(?:[;,.]|$))")
# A line that is a measure's name, a colon and its count, the noun left out: "Ca cộng đồng:
# 290.", "Tử vong: 12" (a report laid out as lines: cut as sentences, or joined with ";").
# Or such lines put in brackets after the day's count: "168 ca mắc mới (ca cộng đồng: 50; ca
# cách ly: 118)" (a province's report as news wrote it, 2021).
_LINE_RE = Folded(rf"(?:^|[;(])\s*(?P<name>[^:;,.()\d]{{1,40}}?)\s*:\s*(?P<n>{NUM})"
                  rf"(?:\s+{CASE})?\s*(?=;|\)|\.?$)")
_LINE_LONGEST = 60
# The colon may be left out: "Số bệnh nhân khỏi bệnh trong ngày là 1.600; tử vong 100 ca" (a
# report's clause that names its measure, then the count). Tried only in a sentence where the
# last word of a row's words runs into a figure (a cheap test of lower-case text).
_NAMED_BARE_HINT_RE = re.compile(r"(?:vong|khỏi|bệnh|viện|đồng|ly|t[ỏo]a|toả|nặng|kịch|cảnh"
                                 r"|nước|mới) \d")
_ROW_WORDS_RE = re.compile("|".join(f"(?P<m{i}>{words})" for i, (_name, words)
                                    in enumerate(MEASURES)))
# The parts of the day's cases a count of all of them can be: the whole is the day's count.
_PARTS = ("imported", "domestic", "community", "quarantine", "lockdown")
# Words one of which a sentence holds when a row can match it (checked before the patterns).
# "tỏa" and "toả": the old and the new place of the tone mark, both in print in 2021.
_HINTS = ("nhập cảnh", "trong nước", "cộng đồng", "khu", "cách ly", "mới", "phong t", "khỏi",
          "tử vong", "viện", "nặng", "nguy kịch", "điều trị", "trong đó", "trong ngày", "hôm nay")


# A 7-day average, of cases or deaths, stated with its days before its count: "trung bình 7 ngày
# qua ghi nhận 130 ca tử vong/ngày", "Số ca tử vong trung bình trong 7 ngày qua là 130 ca",
# "trung bình mỗi ngày trong 7 ngày gần đây có 14.000 trường hợp mắc mới" (the ministry's
# reports of late 2021 and their news rewrites). Not the day's figure: read before the rows.
# What it averages is named before "trung bình", after it, or after the count.
_AVG_RE = Folded(
    rf"(?:số\s+(?P<pre>(?:{CASE}\s+)?[^\s\d,;.()/]+(?:\s+[^\s\d,;.()/]+){{0,2}}?)\s+)?"
    rf"trung bình(?:\s+số)?"
    rf"(?:\s+(?P<mid>{CASE}(?:\s+(?:mắc|nhiễm|tử vong))?(?:\s+mới)?|tử vong))?"
    r"(?:\s+mỗi ngày)?(?:\s+(?:trong|của))?\s+(?P<days>\d+)\s+ngày"
    r"(?:\s+(?:qua|gần đây|gần nhất|vừa qua|liên tiếp))?\s*(?:,\s*)?"
    # The subject may come after the days: "Trung bình trong 7 ngày qua, cả nước ghi nhận ...",
    # a place's name too, before the verb: "Trung bình 7 ngày qua, mỗi ngày TP HCM ghi nhận
    # 1.320 F0" (TP HCM's reports, October 2021).
    r"(?:mỗi ngày\s+)?(?:(?:cả nước|toàn quốc|thành phố|tỉnh|việt nam"
    r"|[^\W\d][^\s\d,;.()/]*(?:\s+[^\W\d][^\s\d,;.()/]*){0,4}?(?=\s+(?:ghi nhận|có)\s))\s+)?"
    r"(?:(?:là|ghi nhận|có|mỗi ngày|ở mức)\s+)*:?\s*(?:khoảng\s+|gần\s+|hơn\s+)?"
    rf"(?P<n>{NUM})\s+{CASE}(?P<post>(?:\s+(?:mắc|nhiễm|COVID-19|mới|tử vong))*)"
    r"(?:\s*/\s*ngày|\s+mỗi ngày|\s+một ngày)?")


def read_average(s: Sentence, r: Reading) -> None:
    """The 7-day average of cases or of deaths (_AVG_RE), its count marked read."""
    for m in _AVG_RE.finditer(s):
        if taken(s, m, "n") or m.group("days") != "7":
            continue
        what = " ".join(m.group(g) or "" for g in ("pre", "mid", "post"))
        s.use(*m.span("days"))
        r.put("avg7_deaths" if "tử vong" in what else "avg7_cases", take(s, m, "n"))


# The lists whose items are counts of places: "đều" (all) after a list's last item ("...,
# Lạng Sơn 1 ca, Bệnh viện K 1 ca đều là các ca được phát hiện trong khu cách ly") says what
# every case of the list is; the last item's count is its place's, not all the cases'.
ITEM_FIELDS = frozenset({"by_unit", "top_by_unit", "community_by_unit", "imported_by_unit",
                         "deaths_by_unit"})


# A part of the day's cases stated as its share of them: "Số ca trong cộng đồng chiếm 47%",
# "trong đó số ca cộng đồng chiếm 57%" (news rewrites of the ministry's reports, autumn 2021).
# The part is named as a row names it, after "số" and its case noun; an approximate share
# ("chiếm hơn 50%") is none. Not "chiếm tỷ lệ 2,5%" (the case fatality rate, national.py).
_SHARE_RE = Folded(r"(?:^|[,;:(])\s*(?P<name>[^,;:.()\d%]{1,50}?)\s+chiếm\s+"
                   r"(?P<n>\d{1,3}(?:,\d{1,2})?)\s*%")
_SHARE_LEAD_RE = re.compile(r"^(?:trong đó\s*,?\s*)?(?:có\s+)?(?:số\s+)?")
# Or the share after the part's count: "trong đó 7.000 ca cộng đồng, chiếm 57%".
_SHARE_AFTER_RE = Folded(rf"(?P<c>{NUM})\s+{CASE}[^,;:.()\d%]*,\s*chiếm\s+"
                         r"(?P<n>\d{1,3}(?:,\d{1,2})?)\s*%")


def read_shares(s: Sentence, r: Reading) -> None:
    """Each part of the day's cases stated as a percentage of them (_SHARE_RE), into
    `shares` by the part's field (checks.py checks it against the counts)."""
    if "chiếm" not in s.low or "%" not in s.text:
        return
    for m in (*_SHARE_RE.finditer(s), *_SHARE_AFTER_RE.finditer(s)):
        if taken(s, m, "n"):
            continue
        if m.re.groupindex.get("c"):
            name = measure_of(s.text[m.start("c"):])
        else:
            row = _row_named(_SHARE_LEAD_RE.sub("", m.group("name").lower()))
            name = _ROW_NAMES[row.lastgroup or ""] if row is not None else None
        if name in _PARTS:
            shares = r.fields.setdefault("shares", {})
            shares.setdefault(name, take(s, m, "n"))


# Patients counted as they stand on the day: "Tổng số bệnh nhân đang điều trị là 120.000" is
# the day's figure, not a total since the start (read after "tổng" too).
_STOCKS = frozenset({"under_treatment", "severe"})


def read_stated(s: Sentence, r: Reading) -> None:
    """Each unread count of `s` that a row of MEASURES names feeds that row's field."""
    low = s.low
    if "trung bình" in low:
        read_average(s, r)
    if not has_any(low, _HINTS) or (all_counts_read(s) and not has_any(low, _ALL_WORDS)):
        return  # with every count read, only a count of all the cases is left to read
    isolated: list[int | float] = []
    lockdown: list[int | float] = []
    other_day = _other_days(s)
    for m, name in _stated(s):
        known = taken(s, m, "n")
        whole = m.groupdict().get("all") is not None and name in _PARTS
        if (known and not whole) or inside_any(m.start("n"), other_day) or (
                (known or not s.text[m.start("n")].isdigit())  # an unread figure is no item
                and r.read_as_item(s, m.start("n"), ITEM_FIELDS)):
            continue  # a count of all the cases may have been read as the day's already; a
            # list's item (a number word too, which no figure span marks) is its place's
        n = take(s, m, "n")
        if whole and not known:
            # Read already, it is what it was read as (the day's count, a list's total): the
            # measure is all it adds.
            _put_whole(r, n, m.group("all").lower(), name)
        if name == "quarantine":
            isolated.append(n)
            if _found(s, m):
                r.context["new_quarantine"] = n  # the same, found in quarantine
        elif name == "lockdown" and isolated and inside_any(m.start("n"), of_which_spans(s)):
            # "160 ca đã cách ly (trong đó 30 ca tại khu phong tỏa)": a part of the quarantine
            # count before it, not more cases.
            r.put("lockdown", n)
        elif name == "lockdown":
            lockdown.append(n)
        else:
            r.put(name, n)
            if name == "domestic" and " mới" in m.group(0).lower():
                # "3.600 ca nhiễm mới ghi nhận trong nước": the day's new cases, said to be
                # domestic (see parse._derive: with no imported count, the day's count).
                r.context["new_domestic"] = n
            elif name == "community" and (" mới" in m.group(0).lower() or _found(s, m)):
                # "30 ca mắc mới tại cộng đồng", "ghi nhận 30 ca mắc COVID-19 tại cộng đồng":
                # new cases, said to be found in the community (see parse._derive: with no
                # other part, the day's count).
                r.context["new_community"] = n
    if isolated:
        r.put("quarantine", sum(isolated))
    if lockdown:
        # Cases found in a lockdown area were isolated already: the day's split counts them
        # with the quarantine areas ("khu cách ly hoặc khu đã được phong toả").
        r.put("lockdown", sum(lockdown))
        r.fields["quarantine"] = (r.fields.get("quarantine") or 0) + sum(lockdown)


# The verbs of finding, right before a count: "ghi nhận 59 ca ..." states the day's cases.
_FOUND_VERBS = ("ghi nhận ", "thêm ", "phát hiện ")


def _found(s: Sentence, m: re.Match[str]) -> bool:
    """Whether the count of `m` comes right after a verb of finding (_FOUND_VERBS)."""
    return s.low[max(0, m.start("n") - 10):m.start("n")].endswith(_FOUND_VERBS)


def _put_whole(r: Reading, n: int | float, words: str, name: str) -> None:
    """A count of which every case is of a measure (`_ALL`, its words before "đều" lower-cased):
    the day's count, and the domestic one when they are said to be found in the country ("74
    ca mắc mới trong nước, đều ..."). A ministry text's count of domestic cases that are not
    said to be new ("57 ca ghi nhận trong nước, đều là ...", a notice's line) is the domestic
    count alone: the day's is it and the imported cases (`parse._derive`)."""
    domestic = "trong nước" in words
    if domestic and r.kind != "city_daily" and " mới" not in words:
        r.put("domestic", n)
        return
    r.put("new_cases", n)
    if domestic and name != "domestic":
        r.put("domestic", n)


def _stated(s: Sentence) -> Iterator[tuple[re.Match[str], str]]:
    """Each count of `s` a row names, with the row's field: counts first, then the measure
    named before its count ("Số ca tử vong trong ngày là 129")."""
    # Every row's words, which come after the count, hold one of _HINTS (the last row's
    # "trong đó" in its look-ahead): a count after the last of them starts no match, and the
    # counts of a list after its measure ("45 ca cộng đồng ... : Thanh Xuân 8, ...") are not
    # tried.
    for m in finditer_num(_ROW_RE, s, _HINTS):
        yield m, _ROW_NAMES[m.lastgroup or ""]  # the row's group closes last: rows hold no other
    # Tried where "số" starts a word only, not at every character; not after "tổng" (a total
    # since the start). The offsets are the text's: in `low` when it folds, else as written.
    text = s.low if s.folds else s.text
    named_end = None  # where the last clause that named its measure first ends
    for word in ("số ",) if s.folds else ("số ", "Số ", "SỐ "):
        at = text.find(word)
        while at != -1:
            if (at == 0 or not text[at - 1].isalnum()) \
                    and (first := _NAMED_FIRST_RE.match(s, at)):
                name = next(_ROW_NAMES[g] for g in _ROW_NAMES if first.group(g) is not None)
                if name in _STOCKS or text[max(0, at - 5):at].lower() != "tổng " \
                        or _OF_THE_DAY_RE.search(first.group(0).lower()):
                    # "Tổng số ca mắc trong ngày là ...": the day's total, not one so far
                    yield first, name
                    named_end = first.end()
            at = text.find(word, at + 3)
    if named_end is None and "trong đó" in s.low:
        # "trong đó ca cộng đồng là 650, ca cách ly là 856": the parts named, each before
        # its count, without "số" (Hà Nội's reports as news wrote them, December 2021).
        for m in _OF_WHICH_NAMED_RE.finditer(s):
            row = _row_named(m.group("name"))
            if row is not None:
                yield m, _ROW_NAMES[row.lastgroup or ""]
                named_end = m.end()
                break
    if named_end is not None and ("," in text[named_end:] or ";" in text[named_end:]):
        for m in _NAMED_NEXT_RE.finditer(s, named_end):
            row = _row_named(m.group("name"))
            if row is not None:
                yield m, _ROW_NAMES[row.lastgroup or ""]
    if ":" in s.text and (len(s.text) <= _LINE_LONGEST or "; " in s.text):
        # Lines of a report laid out as lines: "Ca cộng đồng: 290.", "- Cộng đồng: 290\n-
        # Tử vong: 2" (its lines joined with ";").
        for m in _LINE_RE.finditer(s):
            row = _row_named(m.group("name"))
            if row is not None:
                yield m, _ROW_NAMES[row.lastgroup or ""]
    if ":" in s.text or _NAMED_BARE_HINT_RE.search(s.low):
        for m in _NAMED_COLON_RE.finditer(s, 0, _last_count_of_cases_end(s)):
            row = _row_named(m.group("name"))
            if row is not None:
                yield m, _ROW_NAMES[row.lastgroup or ""]


# The case noun in a measure's name: "Đang điều trị bệnh nhân nặng: 4.204 ca", "Bệnh nhân khỏi
# bệnh: 1.200 ca" name the rows' measures ("đang điều trị nặng", "khỏi bệnh") with it.
_NAME_CASE_RE = re.compile(rf"(?:^|\s){CASE.lower()}(?=\s)")
_DAY_WORDS_RE = re.compile(_DAY_WORDS)
_OF_THE_DAY_RE = re.compile(r"\s(?:trong ngày|hôm nay)\s")


def _row_named(name: str) -> re.Match[str] | None:
    """The row whose words are the measure's name `name` ("tử vong", "cộng đồng"), its case
    noun left out; None for a name no row has."""
    low = " " + name.lower()
    row = _ROW_WORDS_RE.fullmatch(low)
    if row is None and _NAME_CASE_RE.search(low):
        # Without its noun, the day's words may close it, as after "Số ca ...": "Bệnh nhân
        # khỏi bệnh trong ngày: 1.200 ca".
        low = _NAME_CASE_RE.sub("", low, count=1)
        row = _ROW_WORDS_RE.match(low)
        if row is not None and _DAY_WORDS_RE.fullmatch(low, row.end()) is None:
            return None
    return row


# "(ngày 12/12, cả nước có 1.195 ca khỏi bệnh)": the day before's figure, beside today's
# (the ministry's report of 13/12/2021), not the day's.
_OTHER_DAY_RE = re.compile(r"\((?:ngày|hôm qua|hôm trước)[^()]*\)", re.IGNORECASE)


def _other_days(s: Sentence) -> list[tuple[int, int]]:
    """Where `s` states another day's figures in brackets."""
    if "(ngày" not in s.low and "(hôm" not in s.low:
        return []
    return [m.span() for m in _OTHER_DAY_RE.finditer(s.text)]


_OF_WHICH_BRACKET_RE = re.compile(r"\(\s*trong đó[^()]*\)", re.IGNORECASE)


def of_which_spans(s: Sentence) -> list[tuple[int, int]]:
    """Where `s` breaks the count before it down in brackets ("(trong đó 30 ca ...)")."""
    if "(trong đó" not in s.low and "( trong đó" not in s.low:
        return []
    return [m.span() for m in _OF_WHICH_BRACKET_RE.finditer(s.text)]


def inside_any(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)


_CASES_RE = Folded(rf"(?P<n>{NUM})\s+{CASE}(?![\w])")


def _last_count_of_cases_end(s: Sentence) -> int:
    """Where the last "<n> ca" of `s` ends (_CASES_RE), plus the one character its look-ahead
    reads: no match of _NAMED_COLON_RE, which ends so, goes further, and the names of a list
    after its count ("45 ca cộng đồng ...: Thanh Xuân 8, Đông Anh 5, ...") are not tried. The
    whole sentence when its count starts are not known (see `Sentence.num_starts`)."""
    starts = s.num_starts()
    if starts is None:
        return len(s.text)
    for p in reversed(starts):
        m = _CASES_RE.low.match(s.low, p)
        if m is not None:
            return m.end() + 1
    return 0


def new_part(text: str, field: str) -> bool:
    """Whether `text` counts cases of the part `field` of the day's and says they are new ("30
    ca mắc mới tại cộng đồng": the community's, and the day's new cases)."""
    return any(_ROW_NAMES[m.lastgroup or ""] == field and " mới" in m.group(0)
               for m in _ROW_RE.low.finditer(text.lower()))


def measure_of(text: str) -> str | None:
    """What the count `text` starts with counts: the field of the row of MEASURES its words
    name ("5.367 ca ghi nhận trong nước": "domestic"), "cases" for cases no row names ("5.376
    ca"), None when `text` does not start with a count of cases ("100.000 mẫu")."""
    low = text.lower()
    m = _ROW_RE.match_str(text, low)
    if m is not None:
        return _ROW_NAMES[m.lastgroup or ""]
    return "cases" if _CASES_RE.match_str(text, low) else None
