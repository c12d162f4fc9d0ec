"""Exposure notices as the city bulletins write them, in every language episurv writes: the
words are English messages of the "reports" catalogs (textfmt.translator).

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

from episurv.textfmt import check_lang, day_month, full_date, translator


def _unit_forms(lang: str) -> dict[str, tuple[str, str]]:
    """Each division type of the register (the context: two Vietnamese types share an English
    noun) as a named unit and as a numbered one: "Cầu Giấy district" / "District 12"."""
    tr = translator(lang)
    return {
        "phường": (tr.pgettext("phường", "%(name)s ward"), tr.pgettext("phường", "Ward %(name)s")),
        "xã": (tr.pgettext("xã", "%(name)s commune"), tr.pgettext("xã", "Commune %(name)s")),
        "thị trấn": (tr.pgettext("thị trấn", "%(name)s township"),
                     tr.pgettext("thị trấn", "Township %(name)s")),
        "quận": (tr.pgettext("quận", "%(name)s district"),
                 tr.pgettext("quận", "District %(name)s")),
        "huyện": (tr.pgettext("huyện", "%(name)s district"),
                  tr.pgettext("huyện", "District %(name)s")),
        "thị xã": (tr.pgettext("thị xã", "%(name)s town"), tr.pgettext("thị xã", "Town %(name)s")),
        "thành phố": (tr.pgettext("thành phố", "%(name)s city"),
                      tr.pgettext("thành phố", "City %(name)s")),
    }


@dataclass(frozen=True)
class Unit:
    """A ward or district as text needs it: "phường" + "Trung Hòa"."""

    division_type: str
    name: str

    def text(self, lang: str) -> str:
        kind = self.division_type.lower()
        forms = _unit_forms(lang).get(kind)
        if forms is None:  # a type the register did not have in 2021: its own word
            _ = translator(lang).gettext
            values = {"name": self.name, "kind": kind, "kind_title": kind.capitalize()}
            return (_("%(kind_title)s %(name)s") if self.name.isdigit()
                    else _("%(name)s %(kind)s")) % values
        return forms[self.name.isdigit()] % {"name": self.name}


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
    _ = translator(lang).gettext
    values = {"hour": t.hour, "minute": f"{t.minute:02d}"}
    return (_("%(hour)s:%(minute)s") if t.minute else _("%(hour)s:00")) % values


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
    return translator(lang).gettext("%(day)s: %(places)s.") % {
        "day": day_month(day, lang), "places": "; ".join(place_text(n, lang) for n in ordered)}


def render_lines(notices: list[Notice], lang: str = "vi") -> list[str]:
    """One line per day, days in date order."""
    by_day: dict[date, list[Notice]] = {}
    for notice in notices:
        by_day.setdefault(notice.day, []).append(notice)
    return [day_line(day, by_day[day], lang) for day in sorted(by_day)]


def render_notices(notices: list[Notice], lang: str = "vi", *, hotline: str,
                   updated: date | None = None, area: str | None = None) -> str:
    """The full public notice: heading, one line per day, advice with the hotline."""
    _ = translator(lang).gettext
    heading = _("Places visited by people infected with COVID-19")
    if area:
        heading = _("%(places)s in %(area)s") % {"places": heading, "area": area}
    if updated:
        heading = _("%(heading)s (updated %(date)s)") % {"heading": heading,
                                                         "date": full_date(updated, lang)}
    advice = _("If you were at one of these places at the time given, stay at home, watch your "
               "health, declare yourself and call the health station of your ward or commune or "
               "the hotline %(hotline)s now.") % {"hotline": hotline}
    lines = render_lines(notices, lang) or [_("No places listed.")]
    return "\n".join([heading + ":", *lines, advice])
