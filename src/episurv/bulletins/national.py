"""The Ministry of Health's national daily report.

Source: the ministry's report of 7/11/2021 (the domain README §2): new cases
nationwide and domestic by province with the change from the day before, quarantine vs under
investigation, deaths by province, recoveries, 7-day averages, cumulative deaths and case
fatality rate, rank and cases per million, wave-4 totals, provinces without secondary
transmission, top-5 provinces of the wave, severe patients, tests and vaccine doses.
"""

from __future__ import annotations

import re
from typing import Any

from episurv.bulletins import places
from episurv.bulletins.breakdown import resolved_entries
from episurv.bulletins.lexicon import CASE, NOT_DOMESTIC, SO_FAR, read_average
from episurv.bulletins.lists import read_counts
from episurv.bulletins.numbers import DATE, NUM
from episurv.bulletins.reading import (
    Folded,
    Reading,
    finditer_num,
    has_any,
    search_num,
    take,
    taken,
)
from episurv.bulletins.segment import Sentence
from episurv.bulletins.totals import VS_YESTERDAY_RE, change_vs_day_before

_I = re.IGNORECASE
_CHANGE = rf"\((?P<dir>tăng|giảm)\s+(?P<d>{NUM})\s+ca\)"


def _rx(pattern: str) -> Folded:
    """A pattern whose groups are figures: run in lower case (see reading.Folded)."""
    return Folded(pattern)


def _rx_names(pattern: str) -> re.Pattern[str]:
    """A pattern with a group of names, which keep their case."""
    return re.compile(pattern, _I)


# Not a count the text goes on to call domestic ("thêm 15.349 ca mắc COVID-19 trong nước",
# the report of 13/12/2021): that is the domestic row of the lexicon, not the day's total.
_TOTAL_RE = _rx(rf"(?:Trong|có|công bố|ghi nhận|thêm)\s+(?:thêm\s+)?(?P<n>{NUM})\s+ca\s+"
                rf"(?:nhiễm|mắc)(?:\s+mới)?(?=[\s,.;]){NOT_DOMESTIC}")
_CA_KIND_RE = re.compile(r"ca\s+(?:nhiễm|mắc)")  # run on the lower-cased text
_DOMESTIC_RE = _rx(rf"(?P<n>{NUM})\s+ca\s+(?:(?:ghi nhận\s+)?trong nước\s+)?(?:ở|tại)\s+"
                   rf"(?P<p>{NUM})\s+"
                   rf"tỉnh(?:,?\s*thành(?:\s+phố)?)?|(?P<n2>{NUM})\s+ca\s+"
                   rf"(?:ghi nhận\s+)?trong nước")
# The provinces the day's cases were found in, after a count other than the domestic one:
# "ghi nhận 13.900 ca mắc COVID-19 tại 62 tỉnh, thành phố, trong đó ..." (the evening reports
# of late 2021).
_PROVINCES_RE = _rx(rf"{NUM}\s+ca(?:\s+[^\s,;.()]+){{0,5}}?\s+(?:ở|tại)\s+(?P<p>{NUM})\s+"
                    rf"tỉnh(?:,?\s*thành(?:\s+phố)?)?")
_IMPORTED_RE = _rx(rf"(?P<n>{NUM})\s+ca\s+(?:nhập cảnh|từ nước ngoài)")
# Read here, before the lists, so that "65 ca tử vong tại: ..." after the day's "65 ca tử vong"
# is the same figure restated; any other wording of the day's deaths is the lexicon's row.
_DEATHS_RE = _rx(rf"(?P<n>{NUM})\s+{CASE}\s+tử vong")
_QUARANTINE_RE = _rx(rf"(?P<n>{NUM})\s+ca\s+(?:được\s+)?phát hiện\s+(?:ở|trong)\s+khu cách ly[^"
                     rf"(,;]*"
                     rf"(?:{_CHANGE})?")
_INVESTIGATION_RE = _rx(rf"(?P<n>{NUM})\s+ca\s+(?:đang\s+)?điều tra dịch tễ\s*(?:{_CHANGE})?")
_COMMUNITY_RE = _rx(rf"(?P<n>{NUM})\s+ca\s+(?:ghi nhận\s+|phát hiện\s+)?(?:tại|trong|ở)\s+cộng đồng"
                    rf"\s*(?:{_CHANGE})?")
_AVG_CASES_RE = _rx(rf"Trung bình số ca nhiễm mới.*?(?P<days>\d+)\s+ngày qua:?\s*(?P<n>{NUM})\s+ca")
_AVG_DEATHS_RE = _rx(rf"Trung bình số (?:ca\s+)?tử vong.*?(?P<days>\d+)\s+ngày qua:?\s*"
                     rf"(?P<n>{NUM})\s+ca")
# Or, as the ministry's notices before the fourth wave close, the deaths "related to" the
# disease, with no day named: "Số ca tử vong liên quan đến COVID-19: 35 ca" (a total so far;
# the day's deaths name the day: "... trong ngày: 3" is the lexicon's row).
_TOTAL_DEATHS_RE = _rx(rf"Tổng số ca tử vong.*?(?:là|lên)\s+(?P<n>{NUM})\s+ca"
                       rf"|số\s+(?:ca\s+|người\s+|bệnh nhân\s+)?tử vong\s+liên quan\s+(?:đến|tới)"
                       rf"\s+(?:COVID-19|Covid-19|dịch bệnh)(?:\s+(?:tại Việt Nam|đến nay))?"
                       rf"\s*(?:là|:)\s*(?P<n2>{NUM})")
_CFR_RE = _rx(r"chiếm tỷ lệ\s+(?P<n>\d+(?:,\d+)?)\s*%")
# "ghi nhận" or "có": "Kể từ đầu dịch đến nay Việt Nam có 1.428.428 ca nhiễm" (13/12/2021).
# Not a count of deaths or recoveries so far: "Từ đầu dịch đến nay có 22.304 ca tử vong".
_SINCE_START_RE = _rx(rf"(?:Kể từ|Từ)\s+đầu dịch.*?(?:ghi nhận|có)\s+(?P<n>{NUM})\s+ca"
                      r"(?![^,;.()]*?(?:tử vong|khỏi))")
_RANK_RE = _rx(r"đứng thứ\s+(?P<r>\d+)/(?P<of>\d+)\s+quốc gia")
_PER_MILLION_RANK_RE = _rx(r"trên\s+1\s+triệu dân,?.*?đứng thứ\s+(?P<r>\d+)")
_PER_MILLION_RE = _rx(rf"cứ\s+1\s+triệu người có\s+(?P<n>{NUM})\s+ca")
# The wave by its number, or by the day it began ("Từ ngày 27/4/2021, số ca ...").
# The wave's start in brackets and a colon are the report of 13/12/2021's form: "Đợt dịch thứ 4
# (từ ngày 27/4/2021 đến nay): Số ca nhiễm mới ghi nhận trong nước là 1.423.004 ca, trong đó
# có 1.053.095 bệnh nhân đã được công bố khỏi bệnh".
_WAVE_RE = _rx(rf"(?:Đợt dịch thứ\s+(?P<w>\d+)|Từ ngày\s+(?P<since>{DATE}))(?:\s*\([^)]*\))?"
               rf"\s*[,:]?\s*số ca (?:nhiễm|mắc|dương tính)(?:\s+(?:mới|COVID-19|Covid-19))*"
               rf"\s+(?:được\s+)?ghi nhận trong nước là\s+"
               rf"(?P<n>{NUM})(?:\s+ca)?"
               rf"(?:,\s*trong đó(?:\s+có)?\s+(?P<r>{NUM})\s+(?:người|ca|bệnh nhân)\s+đã được"
               rf"(?:\s+công bố)?\s+khỏi bệnh)?")
# "Có 2 tỉnh, thành phố không có ca lây nhiễm thứ phát trên địa bàn trong 14 ngày qua: Bắc Kạn,
# Lai Châu" (the report of 13/12/2021), or in other words, "5 tỉnh không ghi nhận trường hợp mắc
# mới trong 14 ngày qua: ...". The days may come before the verb ("5 tỉnh, thành phố trong 14
# ngày qua không ghi nhận ca mắc mới: ..."), and the provinces go unnamed in a shorter
# sentence ("Có 5 tỉnh không ghi nhận ca mắc mới trong 14 ngày"): the days (_DAYS_RE) are in
# `before` or in `after`, and a statement without them is not this one.
_NO_SECONDARY_RE = _rx_names(rf"^(?:có\s+)?(?P<k>{NUM})\s+tỉnh(?:,?\s*thành"
                       rf"(?:\s+phố)?)?(?P<before>[^:]*?)\s+không\s+(?:có|ghi nhận)\s+"
                       rf"(?:ca|trường hợp)\s+"
                       rf"(?:lây nhiễm thứ phát|(?:mắc|nhiễm|lây nhiễm)(?:\s+mới)?|mới)"
                       rf"(?P<after>[^:]*?)\s*(?::\s*(?P<list>.+?))?\.?$")
_DAYS_RE = re.compile(r"trong\s+(?P<days>\d+)\s+ngày", _I)
_NO_SECONDARY_WORDS = ("thứ phát", "không ghi nhận")
_TOP_RE = _rx_names(rf"^(?P<k>{NUM})\s+tỉnh(?:,?\s*thành(?:\s+phố)?)?\s+dẫn đầu.*?(?:là|:)\s+"
              rf"(?P<list>.+)$")
# "nâng tổng số ca khỏi bệnh lên N", "Tổng số ca được điều trị khỏi tại Việt Nam hiện nay là N",
# "Tổng số ca được điều trị khỏi: N ca".
_RECOVERED_TOTAL_RE = _rx(rf"tổng số (?:ca|người|bệnh nhân)[^,.]*?khỏi(?:\s+bệnh)?[^,.\d]*?"
                          rf"(?:(?:lên|là)\s+|:\s*)(?P<n>{NUM})")
_SEVERE_RE = _rx(rf"bệnh nhân nặng đang điều trị là\s+(?P<n>{NUM})|(?P<n2>{NUM})\s+bệnh nhân nặng")
# The people tested may go unstated: "Trong 24 giờ qua đã thực hiện 105.208 xét nghiệm".
_TESTS_DAY_RE = _rx(rf"(?:24 giờ qua|trong ngày).*?thực hiện\s+(?P<s>{NUM})\s+xét nghiệm"
                    rf"(?:\s+cho\s+(?P<p>{NUM})\s+lượt người)?")
_TESTS_CUM_RE = _rx(rf"xét nghiệm từ\s+(?P<since>{DATE})\s+đến nay.*?thực hiện\s+(?P<s>{NUM})\s+mẫu"
                    rf"\s+cho\s+(?P<p>{NUM})\s+lượt người")
# The tests done so far, as the ministry's notices of May 2021 close ("Tính đến ngày 18/5, cả
# nước đã thực hiện 3.324.043 xét nghiệm Realtime RT-PCR, tương đương 4.398.533 lượt người được
# xét nghiệm"; "Từ 29/4 đến nay đã thực hiện được 548.538 xét nghiệm, tương đương 871.594 lượt
# người"): the samples and the people, since the start ("tính đến", as of a day) or since a day.
_TESTS_SO_FAR_RE = _rx(rf"(?:tính đến(?:\s+ngày)?\s+(?P<asof>{DATE})|từ(?:\s+ngày)?\s+"
                       rf"(?P<since>{DATE})\s+đến nay)[^.;]*?thực hiện(?:\s+được)?\s+(?P<s>{NUM})"
                       rf"\s+(?:mẫu\s+)?xét nghiệm[^.;]*?(?:tương đương|cho)\s+(?P<p>{NUM})"
                       rf"\s+lượt người")
# Doses in millions with a decimal comma or point ("1,2 triệu liều", "92.3 triệu liều"), a
# figure rounded with "hơn" (over), "gần" (nearly), "khoảng", "trên" (the reports of late 2021
# and their news rewrites): the figure as stated. The day's doses with or without the day's
# date ("Trong ngày có 1,2 triệu liều vaccine được tiêm", "trong ngày 19/11 có 1.452.003 liều").
_ABOUT = r"(?:(?:hơn|gần|khoảng|trên|xấp xỉ)\s+)?"
_MILLIONS = r"\s*(?:(?:triệu|nghìn|ngàn)\s+)?liều"
_DOSES_DAY_RE = _rx(rf"trong ngày(?:\s+(?P<date>{DATE}))?,?\s+(?:có|đã tiêm|tiêm)(?:\s+được)?"
                    rf"(?:\s+thêm)?\s+{_ABOUT}(?P<n>{NUM}){_MILLIONS}")
# Doses given, said without "trong ngày" ("Ngày 15/10, cả nước tiêm được 1.200.000 liều vắc
# xin"): the sentence's other words tell which they are. A running total says so ("tổng",
# "đến nay", "lũy kế": `lexicon.SO_FAR`), and is read as the total; a day's report saying what
# was given without them states the day's doses, as the day's cases it reports are the day's.
_DOSES_GIVEN_RE = _rx(rf"tiêm(?:\s+được)?(?:\s+thêm)?\s+{_ABOUT}(?P<n>{NUM}){_MILLIONS}")
_DOSES_TOTAL_RE = _rx(rf"tổng số liều[^,]*?(?:là|đạt)\s+{_ABOUT}(?P<n>\d[\d.,]*){_MILLIONS}")
_DOSES_FIRST_RE = _rx(rf"tiêm\s+(?:1\s+mũi|mũi\s+1)\s+là\s+{_ABOUT}(?P<n>\d[\d.,]*){_MILLIONS}")
_DOSES_SECOND_RE = _rx(rf"tiêm\s+(?:mũi\s+2|2\s+mũi)\s+là\s+{_ABOUT}(?P<n>\d[\d.,]*)"
                       rf"{_MILLIONS}")
_PROVINCE_CHANGES_RE = _rx_names(r"(?:tăng|giảm)\s+\d")
# N3 with a single province: "Hà Nội tăng 1 ca." (the renderer's form when one province moved).
_ONE_CHANGE_RE = _rx_names(rf"^[^\d,;:]+?\s+(?:tăng|giảm)\s+{NUM}\s+ca\.?$")
_WHILE_RE = _rx_names(r"^(?:trong khi|trong đó|còn)\s+")
_HIGHLIGHT_RE = _rx_names(r"trong đó\s+(?P<p>[^;,.]+?)\s+tăng cao")


def _signed(s: Sentence, m: re.Match[str]) -> int | float | None:
    if not m.group("dir"):
        return None
    value = take(s, m, "d")
    return value if m.group("dir").lower() == "tăng" else -value


def read_national(s: Sentence, r: Reading) -> None:
    """One sentence of the national report: a sentence that is one of the report's own
    statements (the wave's totals, provinces without transmission, the leading provinces) is
    that only; any other may state the day's counts and the report's other figures."""
    if _read_statement(s, r):
        return
    read_report_figures(s, r)
    if "trung bình" in s.low:
        read_average(s, r)  # before the day's counts: "trung bình 7 ngày qua ghi nhận 137 ca"
    _read_day_counts(s, r)
    low = s.low
    if ("tăng" in low or "giảm" in low) and "so với" not in low and (
            len(_PROVINCE_CHANGES_RE.findall(s.text)) >= 2 or _ONE_CHANGE_RE.match(s.text)):
        _read_province_changes(s, r)


def _read_statement(s: Sentence, r: Reading) -> bool:
    """The wave's totals, the provinces without secondary transmission, or the provinces
    leading the wave: True when the sentence is one of them."""
    t = s.text
    low = s.low
    if "ghi nhận trong nước là" in low and (m := _WAVE_RE.search(s)):
        wave: dict[str, Any]
        if m.group("w"):
            wave = {"wave": take(s, m, "w"), "cases": take(s, m, "n")}
        else:
            s.use(*m.span("since"))
            wave = {"since": r.date(m.group("since")), "cases": take(s, m, "n")}
        if m.group("r"):
            wave["recovered"] = take(s, m, "r")
        r.put("wave_totals", wave)
        return True
    if has_any(low, _NO_SECONDARY_WORDS) and _read_no_secondary(s, r):
        return True
    if "dẫn đầu" in low and (m := _TOP_RE.match(t)):
        entries, pending = resolved_entries(m.group("list"), r)
        if pending:
            r.check("list_complete", False, "names_without_count", names=list(pending))
        s.use(*m.span("list"))
        r.put("top_units", {"count": take(s, m, "k"),
                            "units": [{"unit": e["unit"], "code": e["code"], "name": e["name"],
                                       "total": e["count"]} for e in entries]})
        return True
    return False


def read_report_figures(s: Sentence, r: Reading) -> None:
    """The report's figures other than the day's cases: averages, deaths and case fatality so
    far, the country's rank, recoveries so far, severe patients, tests and doses. A notice may
    state them too, under its heading (the ministry's evening notices of late 2021): read
    there after its lines, each behind a test of its words."""
    low = s.low
    average = "trung bình số" in low
    if average and (m := _AVG_CASES_RE.search(s)):
        s.use(*m.span("days"))
        r.put("avg7_cases", take(s, m, "n"))
    if average and (m := _AVG_DEATHS_RE.search(s)):
        s.use(*m.span("days"))
        r.put("avg7_deaths", take(s, m, "n"))
    if ("tổng số ca tử vong" in low or "tử vong liên quan" in low) \
            and (m := _TOTAL_DEATHS_RE.search(s)):
        r.put("total_deaths", take(s, m, "n" if m.group("n") else "n2"))
    if "tỷ lệ" in low and (m := _CFR_RE.search(s)):
        r.put("cfr", take(s, m, "n"))
    if "đầu dịch" in low and (m := _SINCE_START_RE.search(s)) and not taken(s, m, "n"):
        r.put("cumulative", {"since": None, "total": take(s, m, "n")})
    if "đứng thứ" in low and (m := _RANK_RE.search(s)):
        s.use_match(m)
        r.put("world_rank", {"rank": int(m.group("r")), "of": int(m.group("of"))})
    if "triệu dân" in low and (m := _PER_MILLION_RANK_RE.search(s)):
        s.use_match(m)
        r.put("per_million_rank", int(m.group("r")))
    if "triệu người" in low and (m := _PER_MILLION_RE.search(s)):
        s.use_match(m)
        r.put("cases_per_million", take(s, m, "n"))
    if "khỏi" in low and (m := _RECOVERED_TOTAL_RE.search(s)):
        r.put("recovered_total", take(s, m, "n"))
    if "nặng" in low and (m := _SEVERE_RE.search(s)):
        g = "n" if m.group("n") else "n2"
        r.put("severe", take(s, m, g))
    if "xét nghiệm" in low and (m := _TESTS_DAY_RE.search(s)):
        s.use(m.start(), m.start("s"))  # "24 giờ qua"
        r.put("tests_samples", take(s, m, "s"))
        if m.group("p"):
            r.put("tests_people", take(s, m, "p"))
    if "xét nghiệm" in low and (m := _TESTS_CUM_RE.search(s)):
        s.use(*m.span("since"))
        r.put("tests_cumulative", {"since": r.date(m.group("since")), "samples": take(s, m, "s"),
                                   "people": take(s, m, "p")})
    read_tests_so_far(s, r)
    if "liều" in low:
        _read_doses(s, r)


def read_places_without_cases(s: Sentence, r: Reading) -> None:
    """The provinces without new cases in the last days (_NO_SECONDARY_RE), in any ministry
    text: the notices state them too."""
    if has_any(s.low, _NO_SECONDARY_WORDS):
        _read_no_secondary(s, r)


def _read_no_secondary(s: Sentence, r: Reading) -> bool:
    m = _NO_SECONDARY_RE.match(s.text)
    if m is None or taken(s, m, "k"):
        return False
    days = (_DAYS_RE.search(s.text, *m.span("before")) or
            _DAYS_RE.search(s.text, *m.span("after")))
    if days is None:
        return False
    names = [n.strip(" .") for n in re.split(r"\s*,\s*|\s+và\s+", m.group("list") or "")
             if n.strip(" .")]
    units = [places.unit_in(n, None) for n in names]
    r.put("no_secondary_transmission", {
        "count": take(s, m, "k"), "days": take(s, days, "days"),
        "units": [{k: u[k] for k in ("unit", "code", "name")} for u in units]})
    return True


def read_tests_so_far(s: Sentence, r: Reading) -> None:
    """The tests done so far (_TESTS_SO_FAR_RE), in any ministry text: the first statement is
    `tests_cumulative`; another of a different period is left unread (one field holds one)."""
    if "lượt người" not in s.low or r.fields.get("tests_cumulative") is not None:
        return
    m = _TESTS_SO_FAR_RE.search(s)
    if m is None or taken(s, m, "s"):
        return
    since = m.group("since")
    s.use(*m.span("since" if since else "asof"))
    r.put("tests_cumulative", {"since": r.date(since) if since else None,
                               "samples": take(s, m, "s"), "people": take(s, m, "p")})


def _read_day_counts(s: Sentence, r: Reading) -> None:
    """The day's cases: domestic (and in how many provinces), imported, the total, the change
    from the day before, the quarantine / investigation / community split, deaths, recoveries."""
    low = s.low
    # One search serves both forms: the second is the same search when "tỉnh" is absent.
    m = None
    if "tỉnh" in low or "trong nước" in low:
        m = search_num(_DOMESTIC_RE, s, ("tỉnh", "trong nước"))
    if "tỉnh" in low and m:
        if m.group("n"):
            r.put("domestic", take(s, m, "n"))
            r.put("provinces_with_cases", take(s, m, "p"))
        else:
            r.put("domestic", take(s, m, "n2"))
    elif m and m.group("n2") and not taken(s, m, "n2"):
        r.put("domestic", take(s, m, "n2"))
    if "tỉnh" in low and (m := search_num(_PROVINCES_RE, s, ("tỉnh",))) \
            and not taken(s, m, "p"):
        r.put("provinces_with_cases", take(s, m, "p"))
    if "nhập cảnh" in low and (m := search_num(_IMPORTED_RE, s, ("nhập cảnh", "từ nước ngoài"))):
        r.put("imported", take(s, m, "n"))
    anchor = _CA_KIND_RE.search(low) if ("nhiễm" in low or "mắc" in low) else None
    # A total's "ca nhiễm" is within 60 characters of its start ("Trong 7.482 ca nhiễm").
    for m in _TOTAL_RE.finditer(s, max(0, anchor.start() - 60)) if anchor else ():
        if not taken(s, m, "n"):
            r.put("new_cases", take(s, m, "n"))
            break
    if "so với" in low and (m := VS_YESTERDAY_RE.search(s)) \
            and (change := change_vs_day_before(s, r, m)) is not None:
        r.put("change_vs_yesterday", change)
    if "tăng cao" in low and (m := _HIGHLIGHT_RE.search(s.text)):
        unit = places.province(m.group("p"))
        if unit:
            r.put("highlight_rise", unit["unit"])
    if "cách ly" in low and (m := search_num(_QUARANTINE_RE, s, ("khu cách ly",))):
        r.put("quarantine", take(s, m, "n"))
        r.put("quarantine_change", _signed(s, m))
    if "điều tra" in low and (m := search_num(_INVESTIGATION_RE, s, ("điều tra dịch tễ",))):
        r.put("under_investigation", take(s, m, "n"))
        r.put("under_investigation_change", _signed(s, m))
    if "cộng đồng" in low and (m := search_num(_COMMUNITY_RE, s, ("cộng đồng",))) \
            and not taken(s, m, "n"):
        r.put("community", take(s, m, "n"))
        r.put("community_change", _signed(s, m))
    if "tử vong" in low and "trung bình" not in low and "tổng số" not in low:
        for m in finditer_num(_DEATHS_RE, s, ("tử vong",)):
            if not taken(s, m, "n"):
                r.put("deaths", take(s, m, "n"))
                break


def _read_doses(s: Sentence, r: Reading) -> None:
    doses = r.fields.setdefault("doses", {})
    if m := _DOSES_DAY_RE.search(s):
        if m.group("date"):
            doses["date"] = r.date(m.group("date"))
            s.use(*m.span("date"))
        doses["day"] = take(s, m, "n")
    elif (m := _DOSES_GIVEN_RE.search(s)) and not taken(s, m, "n"):
        doses["total" if has_any(s.low, SO_FAR) else "day"] = take(s, m, "n")
    for key, rx in (("total", _DOSES_TOTAL_RE), ("first", _DOSES_FIRST_RE),
                    ("second", _DOSES_SECOND_RE)):
        if m := rx.search(s):
            doses[key] = take(s, m, "n")
            s.use_match(m)  # "1 mũi", "mũi 2" name the dose
    r.claim(s, "doses")


def _read_province_changes(s: Sentence, r: Reading) -> None:
    """"Cà Mau giảm 134 ca, ...; trong khi Tây Ninh tăng 126 ca, ..."."""
    entries, _uncounted = read_counts(s.text)  # the sentence's other words have no count
    changes = []
    for e in entries:
        if not e.change:
            continue
        name = _WHILE_RE.sub("", e.name)
        unit = places.province(name)
        if unit is None:
            continue
        changes.append({"unit": unit["unit"], "code": unit["code"], "name": unit["name"],
                        "change": e.count * e.change})
    if changes:
        s.use(0, len(s.text))
        r.put("change_by_unit", changes)
