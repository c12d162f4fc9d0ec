"""The mapping between episurv's measures and units and a DHIS2 instance's metadata, read from a
YAML file and checked whole before any figure is written or read through it.

Pure: text in, a `Mapping` (or an InvalidInput naming the key and value) out; the unit register
is the static 2021 one (geo.units). The structure follows DHIS2's Web API "Data values" chapter:
a data value is (dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo,
value); ADX (IHE QRPH ADX, as DHIS2 implements it) names a disaggregation by category codes
instead of a category option combo, so a measure sent as a non-default combo names its ADX
categories too.

    data_set: cVNcovDaily1            # optional, written as the payload's dataSet
    category_option_combo: HllvX50cXC0    # DHIS2's "default" combo (also the default here)
    attribute_option_combo: HllvX50cXC0   # optional
    measures:
      new_cases: {data_element: vnCovNewCas}
      community: {data_element: vnCovNewCas, category_option_combo: vnCovCommun,
                  adx: {VN_DETECTED: COMMUNITY}}
    units:
      provinces: {1: VN-HN}              # province code (or name) -> org unit
      districts: {1: VN-HN-BD}           # district code -> org unit
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from episurv.aggregates.rules import MEASURES
from episurv.errors import InvalidInput
from episurv.geo.units import DISTRICT, PROVINCE, register

# The epidemic level (Resolution 128/NQ-CP, 1 to 4) of a unit, once levels are assessed: a
# mapping may name its data element already; the figures to fill it come from the levels service.
LEVEL_MEASURE = "epidemic_level"
KNOWN_MEASURES = (*MEASURES, LEVEL_MEASURE)
# The uid of DHIS2's built-in "default" category option combo (the same in every instance).
DEFAULT_COMBO = "HllvX50cXC0"
# An XML name, as an ADX attribute must be (category codes become attribute names).
_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_ADX_RESERVED = {"dataElement", "value", "annotation"}

Unit = tuple[int, int]  # (province_code, district_code); district 0 is the province itself


@dataclass(frozen=True)
class Target:
    """Where one measure goes in DHIS2."""

    data_element: str
    category_option_combo: str
    adx: tuple[tuple[str, str], ...] = ()  # (category code, option code), sorted


@dataclass(frozen=True)
class Mapping:
    measures: dict[str, Target]
    org_units: dict[Unit, str]
    data_set: str | None = None
    attribute_option_combo: str | None = None
    default_combo: str = DEFAULT_COMBO
    by_target: dict[tuple[str, str], str] = field(default_factory=dict)
    by_adx: dict[tuple[str, tuple[tuple[str, str], ...]], str] = field(default_factory=dict)
    units_by_org: dict[str, Unit] = field(default_factory=dict)
    adx_conflicts: tuple[str, ...] = ()

    def require_adx(self) -> None:
        """ADX tells measures apart by category codes: refuse a mapping that leaves two alike."""
        if self.adx_conflicts:
            raise InvalidInput("the mapping cannot be used for ADX: "
                               + "; ".join(self.adx_conflicts))

    def org_unit(self, unit: Unit) -> str:
        """The org unit of an episurv unit; a unit the mapping leaves out is a named error."""
        try:
            return self.org_units[unit]
        except KeyError:
            raise InvalidInput(f"{unit_label(unit)} has figures but no org unit in the "
                               f"mapping (add it under units: "
                               f"{'districts' if unit[1] else 'provinces'})") from None


def unit_label(unit: Unit) -> str:
    reg = register()
    if unit[1]:
        return f"district {unit[1]} ({reg.get(DISTRICT, unit[1]).short_name})"
    return f"province {unit[0]} ({reg.get(PROVINCE, unit[0]).short_name})"


def _text(where: str, value: object) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise InvalidInput(f"{where}: {value!r} is not an identifier (a DHIS2 uid or code)")
    return str(value).strip()


def _province(key: object) -> int:
    reg = register()
    if isinstance(key, int) and not isinstance(key, bool):
        return reg.get(PROVINCE, key).code
    return reg.resolve(str(key), PROVINCE).code


def read_mapping(text: str, name: str = "mapping") -> Mapping:
    """A mapping from its YAML text, every key and value checked; `name` prefixes errors."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{name}: not YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise InvalidInput(f"{name}: a mapping has keys measures and units")
    unknown = set(raw) - {"data_set", "category_option_combo", "attribute_option_combo",
                          "measures", "units"}
    if unknown:
        raise InvalidInput(f"{name}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    default = _text(f"{name}: category_option_combo",
                    raw.get("category_option_combo", DEFAULT_COMBO))
    measures: dict[str, Target] = {}
    by_target: dict[tuple[str, str], str] = {}
    by_adx: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    adx_conflicts: list[str] = []
    given = raw.get("measures")
    if not isinstance(given, dict) or not given:
        raise InvalidInput(f"{name}: measures: give at least one of {', '.join(KNOWN_MEASURES)}")
    for measure, spec in given.items():
        where = f"{name}: measures.{measure}"
        if measure not in KNOWN_MEASURES:
            raise InvalidInput(f"{where}: unknown measure {measure!r}; one of "
                               f"{', '.join(KNOWN_MEASURES)}")
        if not isinstance(spec, dict) or "data_element" not in spec:
            raise InvalidInput(f"{where}: needs data_element")
        extra = set(spec) - {"data_element", "category_option_combo", "adx"}
        if extra:
            raise InvalidInput(f"{where}: unknown key(s) {', '.join(sorted(map(str, extra)))}")
        element = _text(f"{where}.data_element", spec["data_element"])
        combo = _text(f"{where}.category_option_combo",
                      spec.get("category_option_combo", default))
        adx_raw = spec.get("adx") or {}
        if not isinstance(adx_raw, dict):
            raise InvalidInput(f"{where}.adx: give category code: option code pairs")
        for category, option in adx_raw.items():
            if not _XML_NAME.match(str(category)) or str(category) in _ADX_RESERVED:
                raise InvalidInput(f"{where}.adx: category code {category!r} cannot be an ADX "
                                   "attribute name")
            _text(f"{where}.adx.{category}", option)
        adx = tuple(sorted((str(c), str(o)) for c, o in adx_raw.items()))
        if (element, combo) in by_target:
            raise InvalidInput(f"{where}: data element {element} with combo {combo} is "
                               f"already the target of {by_target[(element, combo)]}")
        if (element, adx) in by_adx:
            # Only ADX needs these told apart: the JSON format names the combo.
            adx_conflicts.append(f"{where}: data element {element} with ADX categories "
                                 f"{dict(adx) or '(none)'} is already the target of "
                                 f"{by_adx[(element, adx)]}; give each its own adx categories")
        measures[measure] = Target(element, combo, adx)
        by_target[(element, combo)] = measure
        by_adx.setdefault((element, adx), measure)
    units = raw.get("units")
    if not isinstance(units, dict) or not (units.get("provinces") or units.get("districts")):
        raise InvalidInput(f"{name}: units: give provinces and/or districts (code: org unit)")
    extra = set(units) - {"provinces", "districts"}
    if extra:
        raise InvalidInput(f"{name}: units: unknown key(s) {', '.join(sorted(map(str, extra)))}"
                           "; provinces or districts")
    org_units: dict[Unit, str] = {}
    reg = register()
    for key, org in (units.get("provinces") or {}).items():
        try:
            code = _province(key)
        except InvalidInput as exc:
            raise InvalidInput(f"{name}: units.provinces.{key}: {exc}") from None
        org_units[(code, 0)] = _text(f"{name}: units.provinces.{key}", org)
    for key, org in (units.get("districts") or {}).items():
        if not isinstance(key, int) or isinstance(key, bool):
            raise InvalidInput(f"{name}: units.districts.{key}: a district is given by its "
                               "code (episurv units list --province P shows them)")
        try:
            district = reg.get(DISTRICT, key)
        except InvalidInput as exc:
            raise InvalidInput(f"{name}: units.districts.{key}: {exc}") from None
        org_units[(district.province_code, key)] = _text(f"{name}: units.districts.{key}", org)
    units_by_org: dict[str, Unit] = {}
    for unit, org in org_units.items():
        if org in units_by_org:
            raise InvalidInput(f"{name}: org unit {org} is given to both "
                               f"{unit_label(units_by_org[org])} and {unit_label(unit)}")
        units_by_org[org] = unit
    data_set = raw.get("data_set")
    aoc = raw.get("attribute_option_combo")
    return Mapping(
        measures=measures, org_units=org_units,
        data_set=_text(f"{name}: data_set", data_set) if data_set is not None else None,
        attribute_option_combo=_text(f"{name}: attribute_option_combo", aoc)
        if aoc is not None else None,
        default_combo=default, by_target=by_target, by_adx=by_adx, units_by_org=units_by_org,
        adx_conflicts=tuple(adx_conflicts))
