"""Exposure notices as the city bulletins write them, in Vietnamese and English.

Pure: notices in, text out. The style follows the Hà Nội CDC bulletins of 2021 (domain notes,
section 2): one sentence per day, the places of the day in time order separated by ";", each as
hour, place, street address, ward, district ("Ngày 9/11: 8h30 chợ Hôm, phố Huế, quận Hai Bà
Trưng; 15h siêu thị X, ..."), then the hotline and the advice to self-isolate and call the ward
station. Dates go through the one formatter (textfmt). A notice carries no field about a person,
so nothing here can print one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from episurv.textfmt import check_lang, day_month, full_date

# Division types of the register -> English nouns placed after the name ("Cầu Giấy district").
_EN_TYPES = {
    "phường": "ward", "xã": "commune", "thị trấn": "township", "quận": "district",
    "huyện": "district", "thị xã": "town", "thành phố": "city",
}


@dataclass(frozen=True)
class Unit:
    """A ward or district as text needs it: "phường" + "Trung Hòa"."""

    division_type: str
    name: str

    def text(self, lang: str) -> str:
        kind = self.division_type.lower()
        if lang == "vi":
            return f"{kind} {self.name}"
        noun = _EN_TYPES.get(kind, kind)
        if self.name.isdigit():
            return f"{noun.capitalize()} {self.name}"
        return f"{self.name} {noun}"


@dataclass(frozen=True)
class Notice:
    """One public exposure notice: a place, and the day and hours someone infectious was there."""

    day: date
    place: str
    start: time | None = None
    end: time | None = None
    address: str | None = None  # of the place (a shop's street address), never of a person
    ward: Unit | None = None
    district: Unit | None = None


def clock(t: time, lang: str) -> str:
    """vi "9h", "8h30", "7h05"; en "9:00", "8:30"."""
    if lang == "vi":
        return f"{t.hour}h" + (f"{t.minute:02d}" if t.minute else "")
    return f"{t.hour}:{t.minute:02d}"


def hours(start: time | None, end: time | None, lang: str) -> str:
    """The time window: "9h-10h30" / "9:00-10:30"; only the start if no end; "" if unknown."""
    if start is None:
        return ""
    if end is None or end == start:
        return clock(start, lang)
    return f"{clock(start, lang)}-{clock(end, lang)}"


def place_text(notice: Notice, lang: str) -> str:
    """"9h cửa hàng X, phố Y, phường Z, quận W": the window then the place, most precise first."""
    parts = [notice.place.strip()]
    if notice.address:
        parts.append(notice.address.strip())
    parts += [u.text(lang) for u in (notice.ward, notice.district) if u is not None]
    window = hours(notice.start, notice.end, lang)
    return (f"{window} " if window else "") + ", ".join(parts)


def day_line(day: date, notices: list[Notice], lang: str) -> str:
    """One day's sentence, places in time order (unknown hours last)."""
    check_lang(lang)
    ordered = sorted(notices, key=lambda n: (n.start is None, n.start or time(0), n.place))
    label = f"Ngày {day_month(day, 'vi')}" if lang == "vi" else day_month(day, "en")
    return f"{label}: " + "; ".join(place_text(n, lang) for n in ordered) + "."


def render_lines(notices: list[Notice], lang: str = "vi") -> list[str]:
    """One line per day, days in date order."""
    by_day: dict[date, list[Notice]] = {}
    for notice in notices:
        by_day.setdefault(notice.day, []).append(notice)
    return [day_line(day, by_day[day], lang) for day in sorted(by_day)]


def render_notices(notices: list[Notice], lang: str = "vi", *, hotline: str,
                   updated: date | None = None, area: str | None = None) -> str:
    """The full public notice: heading, one line per day, advice with the hotline."""
    check_lang(lang)
    if lang == "vi":
        heading = "Các địa điểm có người nhiễm COVID-19 đã đến"
        if area:
            heading += f" tại {area}"
        if updated:
            heading += f" (cập nhật {full_date(updated, 'vi')})"
        advice = ("Người đã có mặt tại các địa điểm trên trong khung giờ nêu trên cần tự cách ly "
                  "tại nhà, theo dõi sức khỏe, khai báo và liên hệ ngay trạm y tế phường, xã nơi "
                  f"cư trú hoặc gọi đường dây nóng {hotline}.")
        empty = "Không có địa điểm nào."
    else:
        heading = "Places visited by people infected with COVID-19"
        if area:
            heading += f" in {area}"
        if updated:
            heading += f" (updated {full_date(updated, 'en')})"
        advice = ("If you were at one of these places at the time given, stay at home, watch your "
                  "health, declare yourself and call the health station of your ward or commune "
                  f"or the hotline {hotline} now.")
        empty = "No places listed."
    lines = render_lines(notices, lang) or [empty]
    return "\n".join([heading + ":", *lines, advice])
