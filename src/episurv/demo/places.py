"""Hà Nội's districts and wards, and the ways people write their names in a line list.

Line lists mostly carry the short name ("Thanh Xuân"), sometimes a prefix ("Q. Thanh Xuân",
"Phường Thanh Xuân Trung") or no diacritics ("Thanh Xuan"). Only spellings that the register
resolves to exactly the intended unit are offered, so generated files import cleanly: where the
short name is shared (Gia Lâm has a Thị trấn and a Xã Yên Viên) only prefixed forms remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from episurv.errors import InvalidInput
from episurv.geo.census2019 import HANOI_DISTRICTS
from episurv.geo.names import fold
from episurv.geo.units import DISTRICT, WARD, Register, Unit, register

HANOI = 1  # province code of Hà Nội in the 2021 register

# Written styles and how often each is used: short, abbreviated prefix, full prefix, no marks.
STYLE_SHARES = np.array([0.70, 0.10, 0.10, 0.10])

_ABBREVIATION = {"quận": "Q. ", "huyện": "H. ", "thị xã": "TX. ", "phường": "P. ",
                 "xã": "Xã ", "thị trấn": "TT. "}


def _folded_title(text: str) -> str:
    return " ".join(w.capitalize() for w in fold(text).split())


def _spellings(unit: Unit) -> list[str]:
    full_prefix = unit.name[: len(unit.name) - len(unit.short_name)]
    return [unit.short_name, _ABBREVIATION[unit.division_type] + unit.short_name,
            full_prefix + unit.short_name, _folded_title(unit.short_name)]


def _resolves(reg: Register, text: str, unit: Unit) -> bool:
    parent = HANOI if unit.level == DISTRICT else unit.parent_code
    try:
        return reg.resolve(text, unit.level, parent).code == unit.code
    except InvalidInput:
        return False


def _forms(reg: Register, unit: Unit) -> list[str]:
    """One spelling per style; a style that would not resolve uniquely falls back to the
    register's full name."""
    return [s if _resolves(reg, s, unit) else unit.name for s in _spellings(unit)]


@dataclass(frozen=True)
class Places:
    districts: list[Unit]
    district_weight: np.ndarray  # 2019 census population share
    district_forms: np.ndarray  # object array (district, style)
    wards: list[Unit]
    ward_district: np.ndarray  # district index of each ward
    ward_forms: np.ndarray  # object array (ward, style)
    ward_first: np.ndarray  # index of a district's first ward in `wards`
    ward_count: np.ndarray  # number of wards in each district

    def district_index(self, short_name: str) -> int:
        return next(i for i, d in enumerate(self.districts) if d.short_name == short_name)

    def ward_index(self, district: int, short_name: str) -> int:
        first, count = self.ward_first[district], self.ward_count[district]
        for i in range(first, first + count):
            if self.wards[i].short_name == short_name:
                return i
        raise KeyError(f"no ward {short_name!r} in {self.districts[district].name}")


@lru_cache(maxsize=1)
def places() -> Places:
    reg = register()
    districts = sorted(reg.units(DISTRICT, HANOI), key=lambda u: u.code)
    population = np.array([HANOI_DISTRICTS[d.code][1] for d in districts], dtype=float)
    wards: list[Unit] = []
    ward_district, first, count = [], [], []
    for i, d in enumerate(districts):
        children = sorted(reg.units(WARD, d.code), key=lambda u: u.code)
        first.append(len(wards))
        count.append(len(children))
        wards.extend(children)
        ward_district.extend([i] * len(children))

    def table(units: list[Unit]) -> np.ndarray:
        out = np.empty((len(units), len(STYLE_SHARES)), dtype=object)
        for i, u in enumerate(units):
            out[i, :] = _forms(reg, u)
        return out

    return Places(districts, population / population.sum(), table(districts), wards,
                  np.array(ward_district), table(wards), np.array(first), np.array(count))
