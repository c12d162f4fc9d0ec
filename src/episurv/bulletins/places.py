"""Place names written in a bulletin, resolved to the administrative register.

Source: the register of `episurv.geo.units` (2021 structure, vietnam-provinces 0.5.0). A city
bulletin names districts and wards of its own city; the national one names provinces. Lookups
are cached: a bulletin repeats the same few dozen names, and the register scan is the slow part.
"""

from __future__ import annotations

import re
from functools import lru_cache

from episurv.geo.units import DISTRICT, PROVINCE, WARD, register

# Words that lead a place but are not part of its registered name ("quận Long Biên").
_LEAD_RE = re.compile(
    r"^(?:(?:tại|ở|thuộc)\s+)?(?:(?:các\s+)?(?:quận|huyện|thị xã|phường|xã|thị trấn|tỉnh|"
    r"thành phố|TP\.?|Tp\.?|TX\.?)\s+)?",
    re.IGNORECASE,
)
_NUMBERED_RE = re.compile(r"^(?:quận|q\.?)\s*(\d+)$", re.IGNORECASE)
_WARD_WORD_RE = re.compile(r"^(?:phường|xã|thị trấn|p\.)", re.IGNORECASE)
NATION = {"unit": "Việt Nam", "code": None, "name": "Việt Nam", "level": "nation"}


def _as_dict(unit, written: str) -> dict:
    # "Quận 7" keeps its type word: "7" alone is not a name.
    short = unit.name if unit.short_name.isdigit() else unit.short_name
    return {"unit": short, "code": unit.code, "name": unit.name, "level": unit.level,
            "written": written}


def unresolved(written: str, level: str) -> dict:
    return {"unit": written, "code": None, "name": None, "level": level, "written": written}


@lru_cache(maxsize=8192)
def province(written: str) -> dict | None:
    """The province `written` names ("TP HCM", "Khánh Hoà", "Huế"), or None."""
    text = written.strip(" .,;:")
    if not text:
        return None
    found = register().candidates(text, PROVINCE)
    return _as_dict(found[0], text) if len(found) == 1 else None


@lru_cache(maxsize=8192)
def district(written: str, province_code: int) -> dict | None:
    """The district of `province_code` that `written` names ("Thanh Xuân", "Q.7", "quận 12")."""
    text = written.strip(" .,;:")
    if not text:
        return None
    numbered = _NUMBERED_RE.match(text)
    if numbered:
        text = "Quận " + numbered.group(1)
    found = register().candidates(text, DISTRICT, province_code)
    if not found:
        bare = _LEAD_RE.sub("", text, count=1)
        if bare and bare != text:
            found = register().candidates(bare, DISTRICT, province_code)
    return _as_dict(found[0], text) if len(found) == 1 else None


@lru_cache(maxsize=8192)
def ward(written: str, province_code: int, district_code: int | None = None) -> dict | None:
    """The ward of the district (or, when no district is known, of the whole province) that
    `written` names; None when no or several wards carry that name."""
    text = written.strip(" .,;:")
    if not text:
        return None
    if district_code is not None:
        found = register().candidates(text, WARD, district_code)
    else:
        found = register().candidates(text, WARD, province=province_code)
    if not found:
        bare = _LEAD_RE.sub("", text, count=1)
        if bare and bare != text:
            return ward(bare, province_code, district_code)
    return _as_dict(found[0], text) if len(found) == 1 else None


def unit_in(written: str, jurisdiction: dict | None) -> dict:
    """A unit named in a count list: a district of the bulletin's city, or a province of the
    nation. Unresolved names come back with code None, so a check can report them."""
    if jurisdiction and jurisdiction.get("level") == PROVINCE:
        # A city's lists name districts, and sometimes wards ("P. Phúc Xá 2"): a name that is
        # no district is looked for among the city's wards, and taken when one ward has it.
        found = district(written, jurisdiction["code"]) or ward(written, jurisdiction["code"])
        return found or unresolved(written, DISTRICT)
    return province(written) or unresolved(written, PROVINCE)


def place_parts(parts: list[str], province_code: int | None) -> list[dict]:
    """Resolve the place parts of a cluster ("xã Tiến Thắng", "huyện Mê Linh"): districts
    first (they narrow the wards), then wards; a part that names nothing stays as written."""
    if province_code is None:
        return [province(p) or {"unit": p, "code": None, "name": None, "level": None,
                                "written": p} for p in parts]
    resolved: list[dict | None] = [None] * len(parts)
    district_code = None
    for i, part in enumerate(parts):
        if _WARD_WORD_RE.match(part):
            continue
        found = district(part, province_code)
        if found:
            resolved[i] = found
            district_code = found["code"]
    for i, part in enumerate(parts):
        if resolved[i] is None:
            resolved[i] = ward(part, province_code, district_code) or (
                ward(part, province_code) if district_code is not None else None)
    return [r or {"unit": p, "code": None, "name": None, "level": None, "written": p}
            for p, r in zip(parts, resolved, strict=True)]


# Places that are not administrative units but are named where cases are found: hospitals,
# their branches, industrial parks, companies (the ministry's notice of 12/5/2021 lists "Bệnh
# viện Bệnh nhiệt đới Trung ương (4)" among provinces). Kept as written, never forced onto a unit.
_NAMED_PLACE_RE = re.compile(
    r"^(?:bệnh viện|bv\b|trung tâm|khu công nghiệp|kcn\b|cụm công nghiệp|công ty|cty\b|nhà máy|"
    r"trường|chợ|cơ sở|khu cách ly|viện)", re.IGNORECASE)


def named_place(written: str) -> bool:
    """Whether `written` names a place that is not a unit (a hospital, a park, a company)."""
    return bool(_NAMED_PLACE_RE.match(written.strip()))
