"""Response measures a bulletin reports: mobile medical stations, drills, lockdowns, the levels
whose travellers must be tested, deadlines.

Source: the reference bulletins of 7/11/2021 (the domain README §2, §4):
"Hà Nội đã thành lập 14 trạm y tế, tổ y tế lưu động ... Trong đó, Đông Anh 4 trạm, ...",
a drill of mobile station no. 1 in Giảng Võ ward with 5 tasks, 4 scenarios and a scenario area
of 306 households, 52 F0 and 250 F1; Bắc Giang locking down Yên Thế district from 18h on 6/11.
"""

from __future__ import annotations

import re

from episurv.bulletins import places
from episurv.bulletins.lexicon import SO_FAR, VACCINE
from episurv.bulletins.numbers import DATE, HOUR, NUM, read_hour
from episurv.bulletins.reading import Folded, Reading, has_any, search_num, take, taken
from episurv.bulletins.segment import NAME, Sentence

_I = re.IGNORECASE
# Patterns without a name run in lower case (reading.Folded): the same matches, without the
# case folding at every character of a sentence that IGNORECASE costs.
_STATIONS_RE = Folded(
    rf"(?:thành lập|lập|có|triển khai)\s+(?P<n>{NUM})\s+trạm y tế(?:,\s*tổ y tế)?\s+lưu động")
# No IGNORECASE where a NAME is matched: a name is told by its capital letters.
_DRILL_RE = re.compile(
    rf"(?:Hôm|Ngày|ngày)\s+(?P<date>{DATE}).*?diễn tập.*?trạm y tế lưu động"
    rf"(?:\s+số\s+(?P<no>\d+))?.*?tại\s+(?:phường|xã|thị trấn)\s+(?P<ward>{NAME}{{0,3}})")
_DRILL_BY_RE = re.compile(rf"(?:quận|huyện|thị xã|TP\.?|Thành phố)\s+(?P<u>{NAME}{{0,3}})")
_TASKS_RE = re.compile(rf"(?:Trạm|trạm)[^.]*?\s+có\s+(?P<n>{NUM})\s+nhiệm vụ", _I)
_SCENES_RE = re.compile(rf"^Có\s+(?P<n>{NUM})\s+phân cảnh\s+được diễn tập,?\s*gồm\s*:?\s*"
                        rf"(?P<list>.+)$", _I)
_AREA_RE = re.compile(
    rf"(?P<hh>{NUM})\s+hộ gia đình(?:\s+với)?(?:\s+khoảng)?\s+(?P<f0>{NUM})\s+F0\s+và\s+"
    rf"(?P<f1>{NUM})\s+F1", _I)
_LOCKDOWN_RE = re.compile(
    rf"^(?:Tỉnh|Thành phố|TP)\s+(?P<prov>{NAME}{{0,3}})\s+.*?phong tỏa.*?(?:toàn bộ\s+)?"
    rf"(?P<kind>huyện|quận|thị xã|xã|phường)\s+(?P<unit>{NAME}{{0,3}}).*?từ\s+(?P<hour>{HOUR})\s+"
    rf"ngày\s+(?P<date>{DATE})")
_LEVELS_RE = Folded(r"cấp độ\s+(?P<levels>[1-4](?:\s*(?:,|và|hoặc)\s*[1-4])*)(?!\d)")
_DEADLINE_RE = Folded(rf"trước\s+ngày\s+(?P<date>{DATE})")
# A city's vaccine doses and test samples of the day, read so that they are not left as
# figures no rule read, into the fields the national report's feed (`doses.day`,
# `tests_samples`): "Trong ngày, thành phố đã tiêm 61.300 liều vắc xin và thực hiện 45.000
# mẫu xét nghiệm", "Số mũi vắc xin đã tiêm trong ngày: 42.100 mũi" (Hà Nội's reports, late
# 2021): in a sentence that says they are the day's. A running total of them ("tổng", "lũy
# kế", "đến nay": `lexicon.SO_FAR`) is not the day's: left unread.
_VACCINE = rf"(?:\s+{VACCINE})?"
_DAY_DOSES_RE = Folded(
    rf"tiêm(?:\s+được)?(?:\s+thêm)?\s+(?:(?:hơn|gần|khoảng|trên)\s+)?(?P<n>{NUM})"
    rf"(?:\s+(?:triệu|nghìn|ngàn))?\s+(?:mũi|liều)(?![\w])"  # "1,2 triệu liều": take() reads
    # the magnitude word after the figure
    rf"|số\s+(?:mũi|liều){_VACCINE}(?:\s+(?:đã\s+)?(?:được\s+)?tiêm)?(?:\s+trong ngày)?"
    rf"\s*(?:là|:)\s*(?P<n2>{NUM})")
_DAY_SAMPLES_RE = Folded(
    rf"(?:thực hiện|lấy)(?:\s+được)?\s+(?P<n>{NUM})\s+mẫu(?![\w])"
    rf"|số\s+mẫu(?:\s+xét nghiệm)?(?:\s+(?:đã\s+)?(?:thực hiện|lấy))?(?:\s+trong ngày)?"
    rf"\s*(?:là|:)\s*(?P<n2>{NUM})")
# The sentence says the figures are the day's; without it "đã tiêm 37 mũi cho trẻ em" may be
# a part or a total, and is left unread.
_THE_DAY = ("trong ngày", "hôm nay", "giờ qua")


def read_measures(s: Sentence, r: Reading) -> None:
    text = s.text
    low = s.low
    if r.kind == "city_daily" and ("mũi" in low or "liều" in low or "mẫu" in low) \
            and has_any(low, _THE_DAY) and not has_any(low, SO_FAR):
        _read_day_doses_samples(s, r)
    if "lưu động" in low:
        m = _STATIONS_RE.search(s)
        if m:
            stations = r.fields.setdefault("mobile_stations", {})
            stations["total"] = take(s, m, "n")
            r.claim(s, "mobile_stations")
            r.context["expect"] = "mobile_stations"
            return
        m = _DRILL_RE.search(text)
        if m:
            new = {"date": r.date(m.group("date")), "station_no": int(m.group("no"))
                   if m.group("no") else None, "ward": m.group("ward").strip()}
            by = _DRILL_BY_RE.search(text)
            if by and r.jurisdiction and r.jurisdiction.get("level") == "province":
                unit = places.district(by.group("u"), r.jurisdiction["code"])
                new["district"] = unit["unit"] if unit else by.group("u")
            elif by:
                prov = places.province(by.group("u"))
                new["province"] = prov["unit"] if prov else by.group("u")
            r.fields.setdefault("drills", []).append(new)
            s.use_match(m)
            r.claim(s, "drills")
            r.context["expect"] = "drill"
        dl = _DEADLINE_RE.search(s)
        if dl:
            r.fields.setdefault("deadlines", []).append(
                {"date": r.date(dl.group("date")), "what": "mobile station staff lists"})
            s.use_match(dl)
            r.claim(s, "deadlines")
    drills = r.fields.get("drills")
    drill = drills[-1] if drills else None  # the drill this sentence goes on describing
    if drill is not None:
        m = _TASKS_RE.search(text) if "nhiệm vụ" in low else None
        if m:
            drill["tasks"] = take(s, m, "n")
        m = _SCENES_RE.match(text) if "phân cảnh" in low else None
        if m:
            drill["scenarios"] = take(s, m, "n")
            listed = len([p for p in m.group("list").split(";") if p.strip(" .")])
            r.check("drill_scenarios_listed", listed == drill["scenarios"], "scenarios_listed",
                    stated=drill["scenarios"], listed=listed)
        m = search_num(_AREA_RE, s) if "hộ gia đình" in low else None
        if m:
            drill["households"] = take(s, m, "hh")
            drill["f0"] = take(s, m, "f0")
            drill["f1"] = take(s, m, "f1")
        r.claim(s, "drills")
    if "phong tỏa" in low:
        m = _LOCKDOWN_RE.search(text)
        if m:
            prov = places.province(m.group("prov"))
            lock = {"province": prov["unit"] if prov else m.group("prov"),
                    "unit": f"{m.group('kind')} {m.group('unit')}",
                    "from": f"{r.date(m.group('date'))}T{read_hour(m.group('hour'))}"}
            if prov:
                d = places.district(m.group("unit"), prov["code"])
                if d:
                    lock["code"] = d["code"]
                    lock["unit"] = d["name"]
            r.fields.setdefault("lockdowns", []).append(lock)
            s.use(*m.span("hour"))
            s.use(*m.span("date"))
            r.claim(s, "lockdowns")
    if "cấp độ" in low:
        m = _LEVELS_RE.search(s)
        if m:
            levels = [int(x) for x in re.findall(r"[1-4]", m.group("levels"))]
            s.use_match(m)
            r.put("testing_priority_levels", levels)


def _read_day_doses_samples(s: Sentence, r: Reading) -> None:
    """A city's doses given and samples tested on the day (see _DAY_DOSES_RE)."""
    for rx, key in ((_DAY_DOSES_RE, "doses"), (_DAY_SAMPLES_RE, "tests_samples")):
        m = rx.search(s)
        if m is None:
            continue
        group = "n" if m.group("n") else "n2"
        if taken(s, m, group):
            continue
        value = take(s, m, group)
        if key == "doses":
            r.put("doses", {"day": value})
        else:
            r.put(key, value)
