"""Public exposure notices: the places an infected person visited, by day and hour.

Source: the city CDC notices (the domain README §2), for example (invented)
"Ngày 9/11: 8h30 chợ Hôm, phố Huế, quận Hai Bà Trưng; 15h siêu thị X, 12 Lê Văn Lương, Thanh
Xuân." followed by a hotline and the instruction to self-isolate and call the ward station.
"""

from __future__ import annotations

import re

from episurv.bulletins import places
from episurv.bulletins.numbers import DATE, HOUR, PART_OF_DAY, read_hour
from episurv.bulletins.reading import Reading
from episurv.bulletins.segment import Sentence

_I = re.IGNORECASE
_DAY_RE = re.compile(
    rf"^(?:(?:Ngày|Hôm)\s+|(?:{PART_OF_DAY})\s+(?:ngày\s+)?)?(?P<date>{DATE})\s*[:,]\s*"
    rf"(?P<rest>(?:(?:từ|khoảng|lúc)\s+)?{HOUR}.*)$",
    _I,
)
# A day with places and no hours ("Ngày 23/11: chợ Cồn, Ông Ích Khiêm, Hải Châu; siêu thị ..."):
# read only where the text has said it lists places visited (see read_exposures).
_UNTIMED_DAY_RE = re.compile(rf"^(?:(?:Ngày|Hôm)\s+)?(?P<date>{DATE})\s*:\s*(?P<rest>[^\d].*)$", _I)
# Another day's header inside the list: "; Ngày 8/11:", " Hôm 8/11:".
_NEXT_DAY_RE = re.compile(rf"[;,.]?\s*\b(?:Ngày|Hôm|ngày|hôm)\s+(?P<date>{DATE})\s*:\s*")
# "các địa điểm sau", "những nơi": a list of places visited follows.
_PLACES_INTRO_RE = re.compile(r"^(?P<intro>[^:]*\b(?:địa điểm|những nơi|các nơi)\b[^:]*):\s*", _I)
_ITEM_RE = re.compile(
    rf"^(?:(?:từ|khoảng|lúc)\s+)?(?P<t>{HOUR})(?:\s*(?:-|–|đến)\s*(?P<t2>{HOUR}))?\s*[,:]?\s*"
    # "14h ngày 7/11 có mặt tại ...": the hour's own day, not a word of the place.
    rf"(?:ngày\s+(?P<d>{DATE})\s*,?\s*)?"
    rf"(?:(?:có mặt\s+|đến\s+)?(?:tại|ở)\s+)?(?P<place>.+)$",
    _I,
)
_HOTLINE_RE = re.compile(
    r"(?:đường dây nóng|hotline|tổng đài)\D{0,20}?(?P<phone>\d[\d .]{2,}\d)", _I)


def read_exposures(s: Sentence, r: Reading) -> None:
    """Days of places visited: "Ngày 9/11: 8h30 chợ Hôm, ...; 15h ...", and, once the text
    has said that places visited follow ("các địa điểm sau"), days of places without hours."""
    low = s.low
    hot = _HOTLINE_RE.search(s.text) if (
        "dây nóng" in low or "hotline" in low or "tổng đài" in low) else None
    if hot:
        s.use(*hot.span("phone"))
        r.put("hotline", re.sub(r"\D", "", hot.group("phone")))
    if "/" not in s.text:
        return
    text = s.text
    intro = _PLACES_INTRO_RE.match(text) if ("địa điểm" in low or "nơi" in low) else None
    if intro:
        r.context["places_visited"] = True  # until the text's end: the days that follow
        text = text[intro.end():]
    m = _DAY_RE.match(text)
    if not m and r.context.get("places_visited"):
        m = _UNTIMED_DAY_RE.match(text)
    if not m:
        return
    # The list may go on to other days in the same sentence ("...; Ngày 8/11: siêu thị ..."),
    # or on the next line joined to it: each day's places are its own, never a place's name.
    days = [(m.group("date"), m.start("rest"))]
    ends = []
    for head in _NEXT_DAY_RE.finditer(text, m.start("rest")):
        ends.append(head.start())
        days.append((head.group("date"), head.end()))
    ends.append(len(text))
    found = []
    for (date, start), end in zip(days, ends, strict=True):
        found += _places_of_day(r.date(date), text[start:end], r)
    if found:
        r.fields.setdefault("exposures", []).extend(found)
        s.use(0, len(s.text))


def _places_of_day(day: str | None, rest: str, r: Reading) -> list[dict]:
    """The places of one day: "8h30 chợ Hôm, phố Huế; 15h ...", or places without hours
    (this reader is asked only where the text lists places visited)."""
    found = []
    for part in rest.split(";"):
        item = _ITEM_RE.match(part.strip(" ."))
        if not item:
            place = part.strip(" .")
            if place:
                found.append({"date": day, "time": None, "place": place, **_district(place, r)})
            continue
        place = item.group("place").strip(" .")
        exposure = {"date": r.date(item.group("d")) if item.group("d") else day,
                    "time": read_hour(item.group("t")), "place": place}
        if item.group("t2"):
            exposure["until"] = read_hour(item.group("t2"))
        found.append({**exposure, **_district(place, r)})
    return found


def _district(place: str, r: Reading) -> dict:
    district = _district_of(place, r)
    return {"district": district} if district else {}


def _district_of(place: str, r: Reading) -> dict | None:
    """The district a place names last ("..., quận Hai Bà Trưng", "..., Thanh Xuân")."""
    code = (r.jurisdiction or {}).get("code")
    if not code or (r.jurisdiction or {}).get("level") != "province":
        return None
    for part in reversed([p.strip() for p in place.split(",")]):
        found = places.district(part, code)
        if found:
            return {k: found[k] for k in ("unit", "code", "name")}
    return None
