"""Counts by district (city bulletins) or by province (national ones), and what they count.

Source: the bulletins (docs: /work/shared/domain/README.md §2): "45 ca cộng đồng ghi nhận tại
các quận, huyện: Thanh Xuân 8, ...", "61 ca tử vong tại: TP HCM 31, ...". The words before the
list say what it counts (community cases, deaths, stations...) and often its total.
"""

from __future__ import annotations

import re
from functools import lru_cache

from episurv.bulletins import places
from episurv.bulletins.lists import last_item_counted, read_counts
from episurv.bulletins.numbers import NUM
from episurv.bulletins.reading import Reading, has_any, take, taken
from episurv.bulletins.segment import Sentence

_I = re.IGNORECASE
# The list starts after ":" or after "gồm"/"là"/"tại" when the rest is a count list.
_INTRO_RE = re.compile(r"^(?P<intro>.*?)(?::\s*|\s+(?:gồm|bao gồm)\s*:?\s+)(?P<list>.+)$")
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


def resolved_entries(text: str, r: Reading) -> tuple[list[dict], list[str]]:
    """List entries as `{unit, code, name, new_cases}` dicts, and the names left uncounted."""
    entries, pending = read_counts(text)
    out = []
    j = r.jurisdiction
    of_province = (True, j["code"]) if j and j.get("level") == places.PROVINCE else (False, None)
    for e in entries:
        name, unit = _entry_unit(e.name, of_province)
        if unit is None:
            out.append({"unit": None, "code": None, "name": None, "written": name,
                        "count": e.count, "grouped": e.grouped, "change": e.change,
                        "unknown_place": True})
            continue
        out.append({"unit": unit["unit"], "code": unit["code"], "name": unit["name"],
                    "written": name, "count": e.count, "grouped": e.grouped, "change": e.change})
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
    return name, places.unit_in(name, {"level": places.PROVINCE, "code": code}
                                if is_province else None)


def _usable(entries: list[dict], pending: list[str]) -> bool:
    if not entries or pending:
        return False
    known = sum(1 for e in entries if e["code"] is not None or e.get("unknown_place"))
    return known * 2 >= len(entries) and known >= 1


def read_breakdown(s: Sentence, r: Reading) -> None:
    """A sentence "intro: name count, ..." whose names are units of the jurisdiction."""
    if ":" not in s.text and "gồm" not in s.text:
        return
    m = _INTRO_RE.match(s.text)
    if not m:
        return
    intro = m.group("intro").lower()
    if has_any(intro, _NOT_UNIT_LISTS):
        return
    if not last_item_counted(m.group("list")):
        return  # a list ends with a count; checked first, it spares reading the other items
    entries, pending = resolved_entries(m.group("list"), r)
    if not _usable(entries, pending):
        return
    key: str = "by_unit"
    total_key: str | None = "new_cases"
    for word, k, t in _TOPICS:
        if word in intro:
            key, total_key = k, t
            break
    if key == "by_unit" and r.kind == "national_daily":
        total_key = "domestic"
    s.use(m.start("list"), m.end("list"))
    _store(key, entries, r)
    stated = None
    for c in _INTRO_COUNT_RE.finditer(m.group("intro")):
        if not taken(s, c, "n"):
            stated = take(s, c, "n")
            break
    if stated is not None:
        r.context.setdefault("list_totals", {})[key] = stated
        if total_key:
            r.put(total_key, stated, "(total of the list)")


def _store(key: str, entries: list[dict], r: Reading) -> None:
    value_key = {"deaths_by_unit": "deaths", "recovered_by_unit": "recovered",
                 "mobile_stations_by_unit": "stations"}.get(key, "new_cases")
    items = [{"unit": e["unit"], "code": e["code"], "name": e["name"], value_key: e["count"]}
             for e in entries]
    unknown = [e["written"] for e in entries if e["code"] is None and not e.get("unknown_place")]
    if unknown:
        r.check("units_resolved", False, f"{key}: not in the register: {', '.join(unknown)}")
    if key == "mobile_stations_by_unit":
        stations = r.fields.setdefault("mobile_stations", {})
        stations["by_unit"] = items
        if r.current is not None:
            r.claim(r.current, "mobile_stations")
        return
    r.put(key, items)


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
