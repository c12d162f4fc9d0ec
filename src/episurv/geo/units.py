"""The 2021 administrative units (63 provinces, 705 districts, 10,598 wards) and name lookup.

Source: the `vietnam-provinces` package, version 0.5.0 (data of the General Statistics Office).
The register is static, so it is read once per process and held in memory.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import vietnam_provinces
from rapidfuzz import fuzz, process

from episurv.core.i18n import N_
from episurv.errors import InvalidInput
from episurv.geo.names import _squash, fold, name_keys, prefix_type

PROVINCE, DISTRICT, WARD = "province", "district", "ward"

# A name that matches several units, or none, said with its level in the words of the
# sentence (a level is no word of its own in the pages' catalog: "ward" there is the ward
# station), and where it was looked for when that is known.
_AMBIGUOUS = {
    (PROVINCE, False): N_("province %(name)r is ambiguous: it matches %(units)s"),
    (DISTRICT, False): N_("district %(name)r is ambiguous: it matches %(units)s"),
    (DISTRICT, True): N_("district %(name)r is ambiguous in %(place)s: it matches %(units)s"),
    (WARD, False): N_("ward %(name)r is ambiguous: it matches %(units)s"),
    (WARD, True): N_("ward %(name)r is ambiguous in %(place)s: it matches %(units)s"),
}
_UNKNOWN = {
    (PROVINCE, False): N_("unknown province %(name)r; did you mean %(hints)s?"),
    (DISTRICT, False): N_("unknown district %(name)r; did you mean %(hints)s?"),
    (DISTRICT, True): N_("unknown district %(name)r in %(place)s; did you mean %(hints)s?"),
    (WARD, False): N_("unknown ward %(name)r; did you mean %(hints)s?"),
    (WARD, True): N_("unknown ward %(name)r in %(place)s; did you mean %(hints)s?"),
}

# A ward written under a district it is not in, said with the district it is in (or each of
# those that have a ward of its name), so the clerk mends the district, not the ward.
_ELSEWHERE = N_("ward %(name)r is not in %(place)s but in %(district)s")
_ELSEWHERE_SEVERAL = N_("ward %(name)r is not in %(place)s; wards of that name are in "
                        "%(districts)s")

# Names the press uses that no prefix rule recovers.
PROVINCE_ALIASES = {
    "hcm": 79, "tphcm": 79, "saigon": 79, "hochiminh": 79, "hn": 1, "tphn": 1,
    "hue": 46, "tthue": 46, "brvt": 77, "vungtau": 77, "baria": 77,
    # Older spellings still in print in 2021, for "Đắk Lắk" and "Bắc Kạn".
    "daclac": 66, "baccan": 6,
}

# Districts that no longer exist in 2021, by the name key people still wrote them with -> the
# district they became part of. Ho Chi Minh City's Quận 2, Quận 9 and Quận Thủ Đức made the
# city of Thủ Đức on 1/1/2021 (Resolution 1111/NQ-UBTVQH14, 9/12/2020), their wards unchanged;
# "Thủ Đức" names the new city already.
FORMER_DISTRICTS = {79: {"2": 769, "9": 769}}
# Wards that no longer exist in 2021, by district and the name key people still wrote them with
# -> the ward they became part of. Quận 3's Phường 6, 7 and 8 made Phường Võ Thị Sáu on 1/1/2021
# (the same Resolution 1111/NQ-UBTVQH14).
FORMER_WARDS = {770: {"6": 27139, "7": 27139, "8": 27139}}


@dataclass(frozen=True)
class Unit:
    level: str
    code: int
    name: str  # as the register writes it: "Quận Ba Đình"
    short_name: str  # without the division type: "Ba Đình"
    division_type: str
    parent_code: int | None
    province_code: int

    def as_dict(self) -> dict:
        return {"level": self.level, "code": self.code, "name": self.name,
                "short_name": self.short_name, "division_type": self.division_type,
                "parent_code": self.parent_code}


def _exact(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).lower().split())


def _short(name: str, division_type: str) -> str:
    words = division_type.split()
    # "thành phố trung ương" is written "Thành phố Hà Nội": drop only the words that lead the name.
    prefix = name.split()[: len(words)]
    while words and [w.lower() for w in prefix] != words[: len(prefix)]:
        words = words[:-1]
        prefix = name.split()[: len(words)]
    return " ".join(name.split()[len(words):]) or name


class Register:
    """All units, indexed by level and code, and by name key within their parent."""

    def __init__(self, nested: list[dict]):
        self.by_code: dict[tuple[str, int], Unit] = {}
        self.children: dict[tuple[str, int], list[Unit]] = defaultdict(list)
        self._index: dict[tuple[str, int | None], dict[str, list[Unit]]] = defaultdict(
            lambda: defaultdict(list))
        for p in nested:
            prov = self._add(PROVINCE, p, None, p["code"])
            for d in p["districts"]:
                dist = self._add(DISTRICT, d, prov.code, prov.code)
                for w in d["wards"]:
                    self._add(WARD, w, dist.code, prov.code)
        for alias, code in PROVINCE_ALIASES.items():
            self._index[(PROVINCE, None)][alias].append(self.by_code[(PROVINCE, code)])
        for province, former in FORMER_DISTRICTS.items():
            for key, code in former.items():
                self._index[(DISTRICT, province)][key].append(self.by_code[(DISTRICT, code)])
        for district, former in FORMER_WARDS.items():
            for key, code in former.items():
                ward = self.by_code[(WARD, code)]
                for scope in ((WARD, district), (WARD, -ward.province_code)):
                    self._index[scope][key].append(ward)

    def _add(self, level: str, raw: dict, parent: int | None, province: int) -> Unit:
        unit = Unit(level, raw["code"], raw["name"], _short(raw["name"], raw["division_type"]),
                    raw["division_type"], parent, province)
        self.by_code[(level, unit.code)] = unit
        parent_level = {PROVINCE: None, DISTRICT: PROVINCE, WARD: DISTRICT}[level]
        if parent_level:
            self.children[(parent_level, parent)].append(unit)
        keys = {_squash(fold(unit.short_name)), _squash(fold(unit.name))}
        scopes = [(level, parent)] + ([(WARD, -province)] if level == WARD else [])
        for scope in scopes:
            for key in keys:
                self._index[scope][key].append(unit)
        return unit

    def get(self, level: str, code: int) -> Unit:
        try:
            return self.by_code[(level, code)]
        except KeyError:
            raise InvalidInput(f"no {level} with code {code}") from None

    def units(self, level: str, parent: int | None = None) -> list[Unit]:
        if level == PROVINCE:
            return [u for (lvl, _), u in self.by_code.items() if lvl == PROVINCE]
        if parent is None:
            return [u for (lvl, _), u in self.by_code.items() if lvl == level]
        return list(self.children[({DISTRICT: PROVINCE, WARD: DISTRICT}[level], parent)])

    def candidates(self, text: str, level: str, parent: int | None = None,
                   province: int | None = None) -> list[Unit]:
        """Units whose name matches `text` at `level` under `parent` (a ward may be looked up in
        a whole province with `province`). Several means the name is ambiguous there."""
        scope = (WARD, -province) if level == WARD and parent is None and province else (
            level, parent)
        index = self._index.get(scope, {})
        for key in name_keys(text):
            found = list(dict.fromkeys(index.get(key, ())))
            if len(found) > 1 and (kind := prefix_type(text)):
                found = [u for u in found if u.division_type.startswith(kind)] or found
            if len(found) > 1:
                # Folding joins "Minh Quán" and "Minh Quân"; the diacritics written tell them apart.
                exact = _exact(text)
                found = [u for u in found if exact in (_exact(u.short_name), _exact(u.name))
                         ] or found
            if found:
                return found
        return []

    def suggest(self, text: str, level: str, parent: int | None = None,
                province: int | None = None, limit: int = 3) -> list[str]:
        scope = (WARD, -province) if level == WARD and parent is None and province else (
            level, parent)
        index = self._index.get(scope, {})
        # A numbered unit by its whole name: "Phường 09", not "09".
        names = {u.name if u.short_name.isdigit() else u.short_name: _squash(fold(u.short_name))
                 for units in index.values() for u in units}
        best = process.extract(name_keys(text)[-1], names, scorer=fuzz.ratio, limit=limit)
        return [name for _key, _score, name in best]

    def resolve(self, text: str, level: str, parent: int | None = None,
                province: int | None = None) -> Unit:
        """The one unit `text` names, or an error that lists the candidates or suggestions. A
        province may be named by its GSO code ("79", "01", as analysts and the ministry's
        tables give it): at the province level only, where no name is a number; a district or
        ward written "1" or "12" is one named so (Quận 1, Phường 12), never a code."""
        if level == PROVINCE and (digits := text.strip()).isdigit() and len(digits) <= 2:
            unit = self.by_code.get((PROVINCE, int(digits)))
            if unit is not None:
                return unit
            raise InvalidInput(N_("no province has the code %(number)s (Hà Nội is 01, Hồ Chí "
                                  "Minh 79)"), code="unknown_province_code", number=digits)
        found = self.candidates(text, level, parent, province)
        if len(found) == 1:
            return found[0]
        place = None
        if parent is not None:
            place = self.get({DISTRICT: PROVINCE, WARD: DISTRICT}[level], parent).name
        elif province is not None:
            place = self.get(PROVINCE, province).name
        where = {"place": place} if place is not None else {}
        if found:
            raise InvalidInput(_AMBIGUOUS[(level, place is not None)], code="ambiguous_unit",
                               name=text, units="; ".join(self.describe(u) for u in found),
                               **where)
        if level == WARD and parent is not None:
            self._ward_elsewhere(text, parent, place)
        hints = ", ".join(repr(h) for h in self.suggest(text, level, parent, province))
        raise InvalidInput(_UNKNOWN[(level, place is not None)], code="unknown_unit",
                           name=text, hints=hints, **where)

    def _ward_elsewhere(self, text: str, district: int, place: str) -> None:
        """Refuse a ward that another district of the province has, naming that district."""
        province = self.get(DISTRICT, district).province_code
        found = self.candidates(text, WARD, province=province)
        districts = list(dict.fromkeys(self.get(DISTRICT, u.parent_code).name for u in found))
        if len(districts) == 1:
            raise InvalidInput(_ELSEWHERE, code="ward_elsewhere", name=text, place=place,
                               district=districts[0])
        if districts:
            raise InvalidInput(_ELSEWHERE_SEVERAL, code="ward_elsewhere", name=text,
                               place=place, districts=districts)

    def describe(self, unit: Unit) -> str:
        chain = [unit.name]
        code, level = unit.parent_code, unit.level
        while code is not None:
            level = {WARD: DISTRICT, DISTRICT: PROVINCE}[level]
            parent = self.by_code[(level, code)]
            chain.append(parent.name)
            code = parent.parent_code
        return ", ".join(chain)


@lru_cache(maxsize=1)
def register() -> Register:
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        return Register(json.load(fh))


def province_code(name: str | None) -> int | None:
    """The code of the province named (None for none: the caller's whole jurisdiction); a name
    the register does not know is refused with its suggestions (Register.resolve)."""
    return register().resolve(name, PROVINCE).code if name else None
