"""The day's totals (new, community, quarantine), the cumulative totals and the record day.

Source: the bulletins (the domain README §2): "ghi nhận 45 ca cộng đồng, 36 ca
ở khu cách ly và phong tỏa", "Cộng dồn trong đợt dịch 4 từ ngày 27/4, Hà Nội ghi nhận 4.998 ca
nhiễm, trong đó 1.961 ca cộng đồng, 3.037 ca phát hiện tại khu cách ly", "hôm 5/11 ghi nhận 133
ca nhiễm, cao nhất trong vòng 2 tháng qua". Wave 4 began on 27/4/2021.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date

from episurv.bulletins.clusters import CLUSTER_WORDS
from episurv.bulletins.lexicon import CASE, NOT_DOMESTIC, inside_any, of_which_spans
from episurv.bulletins.numbers import DATE, NUM, read_number
from episurv.bulletins.reading import (
    Folded,
    Reading,
    all_counts_read,
    clause_end,
    finditer_at,
    finditer_num,
    has_any,
    take,
    taken,
)
from episurv.bulletins.segment import Sentence, find_all
from episurv.core.waves import first_day, wave_starting

_I = re.IGNORECASE
# "F0", a confirmed case, as "ca" is: "Thành phố đã ghi nhận 3.912 F0 kể từ ngày 10/7".
_CA = r"(?:ca|F0)(?:\s+(?:mắc|nhiễm|bệnh|dương tính))?(?:\s+(?:COVID-19|Covid-19|mới))*"
_CUMULATIVE_GUARD = re.compile(
    r"cộng dồn|l[ũu]y kế|tích l[ũu]y|tổng số ca (?:mắc|nhiễm) (?:từ|trong)"
    r"|từ đầu (?:đợt(?: dịch)?|dịch)"
    r"|từ (?:ngày )?\d{1,2}/\d{1,2}(?:/\d{4})? (?:đến nay|tới nay)"
    # "kể từ" (since) a day, with no end: "ghi nhận 3.912 F0 kể từ ngày 10/7" (Đà Nẵng's
    # reports as news wrote them, August 2021); not a period ("kể từ ngày 9/8 đến ngày 10/8").
    r"|kể từ (?:ngày )?\d{1,2}/\d{1,2}(?:/\d{4})?(?! (?:đến|tới) (?:\d|ngày|\S+ ngày))"
    # "nâng tổng số F0 của tỉnh lên 89.410 ca" (Bình Dương's reports of August 2021: "F0", a
    # confirmed case, as "ca" is).
    r"|nâng (?:tổng )?(?:số )?(?:ca|người|bệnh nhân|f0|trường hợp)"
    r"|đưa (?:tổng )?(?:số )?(?:ca|người|bệnh nhân|f0|trường hợp)"
    # "Tổng cộng từ đợt dịch thứ 4 đến nay thành phố có 478.160 ca": a wave named, or a total
    # counted from a time ("tổng cộng 28 ca" of a cluster counts from no time of its own).
    r"|từ đợt dịch (?:thứ )?\d|trong đợt dịch (?:thứ )?\d|tổng cộng (?:từ|trong|kể từ)"
    # Or the day it counts from after the count: "Tổng cộng TP có 470 ca từ ngày 27/4" (HCDC's
    # reports of June 2021), in the clause of "tổng cộng".
    r"|tổng cộng [^.;:,]{0,60}?từ (?:ngày )?\d{1,2}/\d{1,2}"
    # "tổng số ca mắc tại Việt Nam (tính) đến nay là 26.120 ca": a total up to now, its start
    # not named (the epidemic's).
    r"|tổng số ca (?:mắc|nhiễm)[^.;:]{0,60}?(?:đến nay|tới nay)"
    # "Tính đến 18h00 ngày 3/6, Việt Nam có tổng cộng 4.210 ca ghi nhận trong nước và 1.450 ca
    # nhập cảnh" (the ministry's notices of 2021): the country's total up to a time.
    r"|(?:việt nam|cả nước) có tổng cộng \d"
    # "Tổng số ca mắc tại Việt Nam là 5.800 ca" (the notices' closing line as news copied it):
    # the country's cases with no "mới" or day are its total, not the day's count.
    r"|tổng số ca (?:mắc|nhiễm)(?: covid-19)? (?:(?:tại|của|ở) )?(?:việt nam|cả nước)(?: là|:)"
    r" \d")
# (On lower-cased text. Each alternative starts with a letter of its own, none with a group:
# the engine then skips to those letters instead of trying every alternative everywhere.)
# A word every form of _CUMULATIVE_GUARD holds: tested first, as substrings.
_CUMULATIVE_HINTS = ("cộng dồn", "kế", "tích l", "tổng số ca", "từ đầu", "đến nay", "tới nay",
                     "nâng", "đưa", "đợt dịch", "tổng cộng", "kể từ")
# A running total stated by where it has risen to: "nâng số ca từ ngày 10/7 đến nay lên 1.700"
# (Đà Nẵng, 14/8/2021), "đưa tổng ca Covid-19 ở Bắc Giang lên 618, Bắc Ninh 361, ..." (the
# ministry's notice of 20/5/2021 as news rewrote it): one figure, or a list of places.
# Or by what it is: "Tổng số ca COVID-19 của Hà Nội từ ngày 27/4 đến nay là 5.120, trong đó ...".
# Or named, then a colon: "Tổng số ca mắc trong khu cách ly từ đầu đợt: 1.240" (a city's report
# laid out as lines).
_RISEN_TO_RE = Folded(rf"(?:nâng|đưa|tổng số)\s+(?P<what>[^.;:]*?)(?:\s+(?:lên|là)\s+|\s*:\s*)"
                      rf"(?P<n>{NUM})(?!\s*%)")
# What a running total of cases is not: tests, doses, contacts, beds.
_NOT_CASES = ("xét nghiệm", "liều", "tiêm", "f1", "giường", "mẫu", "người được")
# Where a list of places' totals starts: after the last "ở", "tại" or "của" before "lên" when a
# count follows "lên" ("đưa tổng ca Covid-19 ở Bắc Giang lên 618, Bắc Ninh 361"), else right
# after "lên" ("nâng tổng số ca của các tỉnh lên: Bắc Giang 618, Bắc Ninh 361").
_PLACE_BEFORE_RE = re.compile(r".*\b(?:ở|tại|của)\s+", re.DOTALL)
_SINCE_RE = re.compile(rf"từ\s+(?:ngày\s+)?(?P<date>{DATE})", _I)
_WAVE_RE = re.compile(rf"đợt\s+(?:dịch\s+)?(?:thứ\s+)?(?P<n>{NUM})", _I)
_WAVE_DAY_RE = re.compile(rf"\s*\((?:(?:kể\s+)?từ\s+)?(?:ngày\s+)?(?P<date>{DATE})", _I)
# An item's words stop at the next count ("3.247 ca ghi nhận trong nước và 1.473 ca nhập cảnh").
_CA_ITEM_RE = Folded(rf"(?P<n>{NUM})\s+{_CA}(?P<rest>(?:(?!\s+và\s+\d)[^,;.()])*)")
# A part of the running total named before its count: "Tổng số ca nhiễm từ đầu dịch là 483.385
# ca, trong đó số ca khỏi bệnh là 290.720" (news rewrites of the ministry's reports).
# Or in the clause after it: "tổng số ca nhiễm cả nước là 937.000 ca, số ca tử vong là 22.300
# ca" (deaths so far, not the day's: the day's are said so, "trong ngày", and left).
_NAMED_PART_RE = Folded(rf"(?:trong đó,?|[,;])\s+(?:có\s+)?số\s+(?:{_CA}\s+)?"
                        rf"(?P<rest>[^\d,;.()]{{1,30}}?)\s*(?:là|:)\s*(?P<n>{NUM})")
_OF_THE_DAY = ("trong ngày", "hôm nay", "mới")
_RECORD_RE = re.compile(
    rf"(?:hôm|ngày)\s+(?P<date>{DATE})\s+(?:ghi nhận|có)\s+(?P<n>{NUM})\s+{_CA}[^,]*,\s*"
    rf"(?:là\s+)?(?:mức\s+|số ca\s+)?(?:cao nhất|kỷ lục)"
    rf"(?:\s+(?:trong vòng|trong|kể từ|từ)\s+(?P<within>(?P<wn>{NUM})\s+(?:tháng|tuần|ngày)"
    rf"(?:\s+qua)?"
    rf"|đầu đợt dịch|đầu dịch|trước đến nay))?",
    _I,
)
# A headline that calls the day's count a record, with no day of its own: "Hà Nội: Kỷ lục 301 ca
# COVID-19, thêm ổ dịch mới" (news of Hà Nội's report of 28/11/2021).
_RECORD_HEADLINE_RE = re.compile(rf"(?:^|[:,]\s*)(?:lập\s+|cao\s+)?kỷ lục\s+(?:với\s+)?"
                                 rf"(?P<n>{NUM})\s+(?:ca|F0|trường hợp)\b", _I)
# A case as "thêm <n> ..." writes it: not "người", a person of any count ("tiêm thêm 500 người").
_MORE_CASE = r"(?:ca|trường hợp|bệnh nhân|F0)"
_VIRUS = r"(?:COVID-19|Covid-19|SARS-CoV-2|nCoV)"
# Where a clause of "<n> <case>" with no measure named ends: at a mark, at "trong đó" (its
# split follows) or "trong ngày", or at the count's day in brackets ("ghi nhận 2.870 ca F0
# (ngày 14/9)", Bình Dương's reports as news wrote them, September 2021).
_CLAUSE_ENDS = (rf"(?=\s*(?:[,.;:]|$)|\s+trong\s+(?:đó|ngày|24 giờ)"
                rf"|\s*\((?:ngày\s+)?{DATE}\))")
# Not a part of the day's cases, named by where it was found: "ghi nhận 101 ca mắc COVID-19
# tại cộng đồng và 59 ca tại khu cách ly" (a province's report as news wrote it, October
# 2021) states the parts, read by the lexicon's rows; the day's count is theirs (parse._derive).
_NOT_A_PART = (r"(?!(?:\s+(?:COVID-19|Covid-19))?\s+(?:(?:được\s+)?(?:phát hiện|ghi nhận)\s+)?"
               r"(?:tại|ở|trong|ngoài)\s+(?:các\s+)?(?:cộng đồng|khu))")
_NEW_RE = re.compile(
    rf"(?:ghi nhận|thêm|có|công bố|phát hiện)\s+(?:thêm\s+)?(?P<n>{NUM})\s+"
    rf"ca\s+(?:mắc|nhiễm|bệnh|dương tính)(?:\s+(?:COVID-19|Covid-19|SARS-CoV-2))?\s+mới"
    rf"{NOT_DOMESTIC}|(?P<n2>{NUM})\s+ca\s+(?:mắc|nhiễm)\s+mới{NOT_DOMESTIC}"
    rf"|(?:ghi nhận|thêm)\s+(?P<n3>{NUM})\s+(?:ca|người|bệnh nhân)\s+(?:mắc|nhiễm|dương tính)"
    rf"(?:\s+(?:COVID-19|Covid-19))?(?=[\s,.;]|$){NOT_DOMESTIC}{_NOT_A_PART}"
    # "có thêm 420 F0", "ghi nhận thêm 420 ca", "thêm 420 trường hợp": more cases, no measure
    # named, the clause ending there (or splitting them: "trong đó"); a measure after the
    # count ("thêm 12 ca tử vong") is its row's in the lexicon, not the day's total.
    rf"|thêm\s+(?P<n4>{NUM})\s+{_MORE_CASE}(?:\s+(?:mắc|nhiễm|dương tính))?"
    rf"(?:\s+(?:COVID-19|Covid-19))?"
    rf"{_CLAUSE_ENDS}"
    # "thành phố có 455 ca dương tính SARS-CoV-2", "ghi nhận 455 ca COVID-19", "phát hiện 455
    # trường hợp dương tính với SARS-CoV-2", "ghi nhận 455 F0": the cases found, without "mới"
    # or "thêm", the clause ending there; read as "thêm <n> ca" is (the day's count when no
    # other statement gave it and no cluster is named).
    rf"|(?:ghi nhận|có|phát hiện|công bố)\s+(?P<n5>{NUM})\s+(?:(?:ca|bệnh nhân)(?:\s+"
    rf"(?:mắc|nhiễm|dương tính)(?:\s+với)?(?:\s+(?:vi rút|virus))?(?:\s+{_VIRUS})?"
    rf"|\s+{_VIRUS})|F0(?:\s+{_VIRUS})?)"
    rf"{_CLAUSE_ENDS}",
    _I,
)
# Where the form of the case noun alone may start, looked for in lower case only in a sentence
# with no other anchor while the day's count is unread.
# "Hà Nội ghi nhận 410 ca.", "phát hiện 52 trường hợp trong ngày": the case noun alone, the
# clause ending there, after a verb of finding (not "có": "có 20 ca" is said of any count);
# read as the form of n5 is. Looked for, in lower case and at its verbs only, in a sentence
# none of _NEW_RE's forms can match while the day's count is unread (a pattern of its own:
# another form of _NEW_RE made every sentence's search of it longer).
_BARE_VERBS = ("ghi nhận ", "phát hiện ", "công bố ")
_BARE_CASES_RE = re.compile(rf"(?:ghi nhận|phát hiện|công bố)\s+(?P<n>{NUM})\s+(?:ca|trường hợp)"
                            rf"{_CLAUSE_ENDS}")
# The same pattern in lower case, run without IGNORECASE on the lower-cased sentence (same
# length and offsets in Vietnamese): case-folding at every character is what made it slow.
# Only its figures are read, and a figure reads the same in lower case.
_NEW_LOW_RE = re.compile(_NEW_RE.pattern.lower().replace("(?p<", "(?P<"))
assert not re.search(r"\\[A-Z]", _NEW_RE.pattern)  # lower() would change \S, \D, \W
_NEW_VERBS = ("ghi nhận", "thêm", "có", "công bố", "phát hiện")  # _NEW_RE's leading words
# Run on the lower-cased text.
_CA_KIND_RE = re.compile(r"(?:ca|người|bệnh nhân)\s+(?:mắc|nhiễm|bệnh|dương tính|covid-19|sars)"
                         r"|\d f0")
_COMMUNITY_RE = Folded(
    rf"(?P<n>{NUM})\s+ca\s+(?:(?:mắc|nhiễm)\s+)?(?P<new>mới\s+)?"
    rf"(?:(?:được\s+)?(?:ghi nhận|phát hiện)\s+)?(?:ở\s+|tại\s+|trong\s+|ngoài\s+)?cộng đồng")
_QUARANTINE_RE = Folded(
    rf"(?P<n>{NUM})\s+ca\s+(?:mắc\s+|nhiễm\s+)?(?:(?:được\s+)?(?:phát hiện|ghi nhận)\s+)?"
    rf"(?:(?:ở|tại|trong)\s+(?:các\s+)?(?:khu(?:\s+vực)?\s+)?(?:cách ly|phong tỏa|phong toả)"
    # Both areas named together ("108 ca tại khu phong tỏa, khu cách ly"): one count of both,
    # none of it said to be the lockdown's (as lexicon.MEASURES reads it).
    rf"(?:\s*(?:,|và|hoặc)\s*(?:khu(?:\s+vực)?\s+)?(?:cách ly|phong tỏa|phong toả))?"
    rf"|(?:là\s+F1\s+)?đã\s+(?:được\s+)?cách ly)")
_QUARANTINE_WORDS = ("cách ly", "phong tỏa", "phong toả")  # every match holds one
VS_YESTERDAY_RE = Folded(
    rf"(?P<dir>tăng|giảm)\s+(?P<n>{NUM})\s+ca\s+so với\s+(?:(?:ngày\s+)?hôm\s+(?:qua|trước)"
    rf"|ngày\s+trước(?:\s+đó)?|(?:ngày\s+)?(?P<day>{DATE}))")  # "so với ngày hôm qua", "so
# với ngày trước" too, or the day named ("so với ngày 4/10"): the day before's only when it is


def change_vs_day_before(s: Sentence, r: Reading, m: re.Match[str]) -> int | float | None:
    """The change against the day before that `m` (VS_YESTERDAY_RE) states, its count marked
    read; None when it names a day other than the one before the bulletin's (or the bulletin's
    own day is not known)."""
    if m.group("day"):
        day = r.fields.get("date")
        named = r.date(m.group("day"))
        if day is None or named is None or (
                date.fromisoformat(day) - date.fromisoformat(named)).days != 1:
            return None
        s.use(*m.span("day"))
    value = take(s, m, "n")
    return value if m.group("dir").lower() == "tăng" else -value
# "24 giờ qua", and "24h qua" as the news wrote it ("Trong 24h qua, cả nước ghi nhận ...").
# "trong 24 giờ" too ("kỷ lục số ca mắc trong 24 giờ"); not a bare hour ("lúc 9 giờ").
_WINDOW_RE = Folded(r"(?P<t>trong\s+)?(?P<n>\d+)\s*(?:(?:giờ|h)\s+(?P<q>qua)|giờ\b)")


def read_cumulative(s: Sentence, r: Reading) -> None:
    """A running total: since a day ("từ ngày 27/4", kept as `since`), since the epidemic began
    (`since` None) or over a wave; its parts (community, quarantine, domestic, imported,
    recovered, deaths) and a list of places' totals. Every total the text states is kept in
    `running_totals`; `cumulative` is the first."""
    low = s.low
    if not has_any(low, _CUMULATIVE_HINTS) or not (guard := _CUMULATIVE_GUARD.search(low)):
        return
    # The running total's clause starts after the last separator before its words: a count of
    # a clause before is the day's ("có thêm 91 ca mắc mới, trong đó 23 ca đã cách ly tập trung;
    # tổng số ca mắc trong đợt dịch này là 1.700": the 23 are the day's quarantine).
    clause = max(low.rfind(c, 0, guard.start()) for c in ",;(")
    cum: dict = {}
    # What was read before: restored when this reading stores nothing, so that its figures are
    # left unread and the text is flagged rather than losing them.
    used, pending = set(s.used), list(s.pending)
    since = _SINCE_RE.search(s.text)
    if since:
        cum["since"] = r.date(since.group("date"))
        s.use_match(since)
    wave = _WAVE_RE.search(s.text)
    if wave:
        cum["wave"] = take(s, wave, "n")
        day = _WAVE_DAY_RE.match(s.text, wave.end())
        if day and "since" not in cum:
            # "kể từ đầu đợt dịch thứ 4 (27/4/2021) đến nay": the wave's first day, in brackets
            cum["since"] = r.date(day.group("date"))
            s.use_match(day)
        if "since" not in cum and (start := first_day(cum["wave"])) is not None:
            cum["since"] = start.isoformat()  # a wave named is counted from its first day
    elif since and (number := wave_starting(cum["since"])) is not None:
        cum["wave"] = number  # counted from the day the wave began: that wave's total
    if (("nâng" in low or "đưa" in low) and " lên" in low) or (
            "tổng số" in low and (" là " in low or ":" in low)):
        _read_risen_to(s, r, cum)
    parts = [*finditer_num(_CA_ITEM_RE, s, ("ca", "f0"))]
    if "số " in low:
        parts += (m for m in _NAMED_PART_RE.finditer(s)
                  if not has_any(m.group("rest").lower(), _OF_THE_DAY))
    # A ";" after the total's words ends its statement: "lũy kế từ đầu dịch 7.800 ca; có 1 ca
    # tử vong" (the day's death, not one so far).
    stop = low.find(";", guard.end())
    for m in parts:
        if taken(s, m, "n") or m.start() < clause or stop != -1 and m.start() > stop:
            continue
        rest = m.group("rest").lower()
        before = s.text[max(0, m.start() - 12):m.start()].lower()
        if "cộng đồng" in rest:
            key = "community"
        elif "cách ly" in rest or "phong tỏa" in rest or "phong toả" in rest:
            key = "quarantine"
        elif "khỏi" in rest:
            key = "recovered"
        elif "tử vong" in rest:
            key = "deaths"
        elif "trong nước" in rest:
            key = "domestic"
        elif "nhập cảnh" in rest:
            key = "imported"
        elif "total" not in cum and "trong đó" not in before:
            key = "total"
        else:
            continue
        if key not in cum:
            cum[key] = take(s, m, "n")
    # A part alone is a running total too ("Tổng số ca mắc trong khu cách ly từ đầu đợt: 1.240"),
    # kept with the part's name and no `total`.
    if has_any(" ".join(cum), ("total", "community", "quarantine", "domestic", "imported",
                               "by_unit")):
        cum.setdefault("since", None)
        r.fields.setdefault("running_totals", []).append(cum)
        if cum["since"] is None:
            # Recoveries and deaths since the start beside the cases' ("Tổng số ca mắc ... đến
            # nay là 1.250.000 ca, trong đó có 980.400 ca đã khỏi bệnh"): the totals' fields.
            r.put("recovered_total", cum.get("recovered"))
            r.put("total_deaths", cum.get("deaths"))
        if r.fields.get("cumulative") is None:
            r.put("cumulative", cum)
        elif r.current is not None:
            r.claim(r.current, "cumulative")
    elif "deaths" in cum or "recovered" in cum:
        # A running total of deaths or recoveries with no count of cases beside it ("Tổng số ca
        # tử vong từ đầu đợt dịch là 52 ca"): the fields of those totals.
        r.put("total_deaths", cum.get("deaths"))
        r.put("recovered_total", cum.get("recovered"))
    else:  # a figure (or the day counted from) read for no field: left unread
        s.used.clear()
        s.used.update(used)
        s.pending[:] = pending


def _read_risen_to(s: Sentence, r: Reading, cum: dict) -> None:
    if _read_risen_list(s, r, cum):
        return
    m = _RISEN_TO_RE.search(s)
    if m and not taken(s, m, "n"):
        what = m.group("what").lower()
        if has_any(what, _NOT_CASES):
            return
        key = ("community" if "cộng đồng" in what else "domestic" if "trong nước" in what
               else "quarantine" if has_any(what, ("cách ly", "phong tỏa", "phong toả"))
               else "deaths" if "tử vong" in what else "recovered" if "khỏi" in what
               else "total")
        cum[key] = take(s, m, "n")


def _read_risen_list(s: Sentence, r: Reading, cum: dict) -> bool:
    """A list of places' running totals after "lên", read by the list grammar (which reads
    "X lên N" as an item): two places at least, every one a unit."""
    low = s.low
    at = low.find(" lên")
    verb = max(low.rfind("nâng", 0, at), low.rfind("đưa", 0, at))
    if at < 0 or verb < 0:
        return False
    after = at + len(" lên")
    while after < len(low) and low[after] in ": ":
        after += 1
    start = after
    if low[after:after + 1].isdigit():
        head = _PLACE_BEFORE_RE.match(s.text, verb, at)
        if head is None:
            return False
        start = head.end()
    end = clause_end(s.text, after)  # the list ends with its clause
    from episurv.bulletins.breakdown import resolved_entries  # breakdown reads lists too
    entries, pending = resolved_entries(s.text[start:end], r)
    if len(entries) < 2 or pending or any(e["code"] is None for e in entries):
        return False
    s.use(start, end)
    cum["by_unit"] = [{"unit": e["unit"], "code": e["code"], "name": e["name"],
                       "written": e["written"], "total": e["count"]} for e in entries]
    return True


def read_record(s: Sentence, r: Reading) -> None:
    if "cao nhất" not in s.text and "kỷ lục" not in s.low:
        return
    m = _RECORD_RE.search(s.text)
    if not m:
        if s.index == 0 and (m := _RECORD_HEADLINE_RE.search(s.text)) and not taken(s, m, "n"):
            r.put("new_cases", take(s, m, "n"))  # the headline's record is the day's count
        return
    record = {"date": r.date(m.group("date")), "new_cases": take(s, m, "n"),
              "within": m.group("within")}
    s.use_match(m)
    r.put("record", record)


_NONE_RE = re.compile(r"không ghi nhận ca (?:nhiễm|mắc|bệnh)(?: mới)?", _I)
# No death on the day: "không có ca tử vong", "không ghi nhận trường hợp tử vong nào"
# (provinces' reports as news wrote them, 2021); not over a longer time ("trong 7 ngày qua").
_NO_DEATHS_RE = re.compile(r"không (?:có|ghi nhận)(?: thêm)? (?:ca|trường hợp|bệnh nhân)"
                           r"(?: nào)? tử vong(?: nào)?(?! (?:trong|từ) \d)", _I)
# Places counted as having had none ("Có 5 tỉnh không ghi nhận ca mắc mới trong 14 ngày", the
# ministry's report; "3 quận, huyện không ghi nhận ca mắc mới", a city's): the others had cases,
# so that is no day without cases. Run on the text before "không", up to which no clause ends.
_PLACES_COUNTED_RE = re.compile(
    r"(?<![\d/])\d+\s+(?:tỉnh|thành phố|địa phương|quận|huyện|thị xã|xã|phường|thị trấn)"
    r"(?!.*[.;])", _I)


# The patients under treatment with the verb before their count: "tỉnh đang điều trị 1.300
# bệnh nhân, trong đó có 45 ca nặng", "hiện đang theo dõi, điều trị cho 820 F0" (provinces'
# reports as news wrote them, autumn 2021): the day's stock of patients, not new cases.
_TREATING_RE = Folded(rf"đang\s+(?:(?:theo dõi|quản lý)\s*,?\s+)?(?:được\s+)?điều trị"
                      rf"(?:\s+cho)?\s+(?P<n>{NUM})\s+{CASE}")


def read_day_totals(s: Sentence, r: Reading) -> None:
    """New cases, community and quarantine of the day, wherever a sentence states them."""
    if "điều trị" in s.low:
        for m in _TREATING_RE.finditer(s):
            if not taken(s, m, "n"):
                r.put("under_treatment", take(s, m, "n"))
    if s.index < 2 and (none := _NONE_RE.search(s.text)) \
            and not _PLACES_COUNTED_RE.search(s.text, 0, none.start()):
        for key in ("new_cases", "community", "quarantine"):
            r.put(key, 0)
    if "tử vong" in s.low and r.kind == "city_daily" and (none := _NO_DEATHS_RE.search(s.text)) \
            and not _PLACES_COUNTED_RE.search(s.text, 0, none.start()):
        r.put("deaths", 0)
    text = s.text
    low = s.low
    if "giờ" in low or "h qua" in low:
        for m in _WINDOW_RE.finditer(s):
            if m.group("q") or m.group("t"):
                r.put("window_hours", take(s, m, "n"))
    more = "thêm" in low  # "thêm 420 F0": a pattern whose case need not be "ca"
    if ("ca" not in text and not more and "F0" not in text) or all_counts_read(s):
        return  # every pattern below reads "<count> <case>" if not taken (see all_counts_read)
    for m in VS_YESTERDAY_RE.finditer(s) if "so với" in low else ():
        if not taken(s, m, "n") and (change := change_vs_day_before(s, r, m)) is not None:
            r.put("change_vs_yesterday", change)
    for m in finditer_num(_COMMUNITY_RE, s, ("cộng đồng",)) if "cộng đồng" in low else ():
        if not taken(s, m, "n"):
            r.put("community", n := take(s, m, "n"))
            if m.group("new"):
                r.context["new_community"] = n  # new cases (see parse._derive)
    quarantine = "cách ly" in low or "phong t" in low
    isolated: list[int | float] = []
    lockdown: list[int | float] = []
    for m in finditer_num(_QUARANTINE_RE, s, _QUARANTINE_WORDS) if quarantine else ():
        if not taken(s, m, "n"):
            n = take(s, m, "n")
            words = m.group(0).lower()
            if isolated and inside_any(m.start("n"), of_which_spans(s)):
                # "160 ca đã cách ly (trong đó 30 ca tại khu phong tỏa)": a part of the count
                # before it, not more cases.
                if "phong t" in words and "cách ly" not in words:
                    r.put("lockdown", n)
                continue
            isolated.append(n)
            if "phong t" in words and "cách ly" not in words:
                lockdown.append(n)
    if isolated:
        # Quarantine areas and lockdown areas stated apart in one sentence ("41 ca trong khu
        # cách ly và 17 ca tại khu vực phong tỏa") are both cases found isolated: added.
        r.put("quarantine", sum(isolated))
        if lockdown:
            r.put("lockdown", sum(lockdown))
    # Every form of _NEW_RE holds "ca <mắc|nhiễm|...>" within 60 characters of its start:
    # searching from there skips the rest of a long sentence.
    # The form after "thêm" holds no such words: searched from the first "thêm".
    anchor = _CA_KIND_RE.search(low) if ("ghi nhận" in low or "thêm" in low or "mới" in low
                                         or "có" in low or "công bố" in low
                                         or "phát hiện" in low) else None
    starts = ([max(0, anchor.start() - 60)] if anchor else []) + ([low.find("thêm")] if more
                                                                   else [])
    if anchor is None and not more and r.fields.get("new_cases") is None:
        for m in finditer_at(_BARE_CASES_RE, low, find_all(low, _BARE_VERBS)):
            if not taken(s, m, "n") and not has_any(low, CLUSTER_WORDS):
                r.put("new_cases", take(s, m, "n"))  # the first (a cluster's is its own)
            return
    matches: Iterable[re.Match[str]] = ()
    if starts:
        start = min(starts)
        nums = s.num_starts()
        if nums is None:
            matches = _NEW_RE.finditer(text, start)
        else:
            # A match starts at one of its verbs or at a count: the pattern is tried there only.
            at = sorted({*find_all(low, _NEW_VERBS, start), *nums[bisect_left(nums, start):]})
            matches = finditer_at(_NEW_LOW_RE, low, at)
    for m in matches:
        group = next(g for g in ("n", "n2", "n3", "n4", "n5") if m.group(g))
        day = r.fields.get("new_cases")
        if group == "n3" and day is not None and has_any(low, CLUSTER_WORDS):
            continue  # "Ổ dịch chợ Hôm ghi nhận 12 ca dương tính": the cluster's, once the
            # day's count is read
        if group in ("n4", "n5") and (has_any(low, CLUSTER_WORDS) or (
                day is not None and day != read_number(m.group(group)))):
            continue  # "thêm <n> ca" is the day's only when the day's count is not read yet
            # (or is the same figure, restated: a headline run into the opening), and a
            # cluster's when a cluster is named ("Ổ dịch chợ Hôm thêm một ca")
        if not taken(s, m, group):
            r.put("new_cases", take(s, m, group))
