"""DHIS2 aggregate payloads: building and reading dataValueSets JSON and ADX XML.

Pure: plain values in, a payload out, and back. The structures are DHIS2's Web API ("Data
values": a data value set with dataSet, completeDate, period, orgUnit, attributeOptionCombo and
dataValues of dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo, value)
and IHE QRPH ADX (namespace urn:ihe:qrph:adx:2015: `adx` holding `group`s of orgUnit, period
and dataSet, each holding `dataValue`s of dataElement and value with the disaggregation as
category-code attributes). Periods are days: DHIS2 writes a day yyyyMMdd, ADX as an ISO 8601
start and duration, 2021-11-07/P1D.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from episurv.errors import InvalidInput
from episurv.interop.mapping import KNOWN_MEASURES, LEVEL_MEASURE, Mapping, Unit
from episurv.interop.payload import Problem

ADX_NS = "urn:ihe:qrph:adx:2015"
FORMATS = ("json", "adx")
_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ADX_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})/P1D$")
SHOWN = 25


@dataclass(frozen=True)
class Value:
    """One figure of one unit and day (province district 0 is the province itself)."""

    province_code: int
    district_code: int
    day: date
    measure: str
    value: int


def dhis2_period(day: date) -> str:
    return day.isoformat().replace("-", "")


def adx_period(day: date) -> str:
    return f"{day.isoformat()}/P1D"


def level_value(level: int) -> int:
    """An epidemic level as the figure DHIS2 keeps: the level number, 1 (low, green) to 4 (very
    high, red), as Resolution 128/NQ-CP numbers them."""
    if level not in (1, 2, 3, 4):
        raise InvalidInput(f"epidemic level {level!r}: must be 1, 2, 3 or 4 (128/NQ-CP)")
    return level


def _mapped(values: Iterable[Value], mapping: Mapping) -> list[tuple[Value, str]]:
    """The values the mapping has a data element for, each with its org unit (a unit with
    figures to send but no org unit is a named error)."""
    out = []
    for v in values:
        if v.measure not in mapping.measures:
            continue
        if v.measure == LEVEL_MEASURE:
            level_value(v.value)
        out.append((v, mapping.org_unit((v.province_code, v.district_code))))
    # Measures in the order of the reports (rules.MEASURES), so a payload reads like one.
    return sorted(out, key=lambda x: (x[0].day, x[1], KNOWN_MEASURES.index(x[0].measure)))


def build_json(values: Iterable[Value], mapping: Mapping,
               complete_date: date | None = None) -> dict:
    """A dataValueSets payload: one data value per mapped figure, values as DHIS2 writes them
    (strings), ordered by day, org unit and measure."""
    data_values = []
    for v, org in _mapped(values, mapping):
        target = mapping.measures[v.measure]
        item = {"dataElement": target.data_element, "period": dhis2_period(v.day),
                "orgUnit": org, "categoryOptionCombo": target.category_option_combo}
        if mapping.attribute_option_combo:
            item["attributeOptionCombo"] = mapping.attribute_option_combo
        item["value"] = str(v.value)
        data_values.append(item)
    payload: dict = {}
    if mapping.data_set:
        payload["dataSet"] = mapping.data_set
    if complete_date:
        payload["completeDate"] = complete_date.isoformat()
    payload["dataValues"] = data_values
    return payload


def dumps_json(payload: dict) -> str:
    """The payload as text, one data value a line: readable, and written by the C encoder
    (an indented dump of 8,000 values took four times as long as reading their figures)."""
    head = {k: v for k, v in payload.items() if k != "dataValues"}
    lines = [json.dumps(v, ensure_ascii=False, separators=(", ", ": "))
             for v in payload["dataValues"]]
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    opening += (", " if head else "") + '"dataValues": ['
    return opening + ("\n  " + ",\n  ".join(lines) + "\n" if lines else "") + "]}\n"


def build_adx(values: Iterable[Value], mapping: Mapping, exported: datetime | None = None) -> str:
    """An ADX message: one group per org unit and day, its figures as dataValues with the
    measure's ADX categories as attributes."""
    mapping.require_adx()
    ET.register_namespace("", ADX_NS)
    root = ET.Element(f"{{{ADX_NS}}}adx")
    if exported is not None:
        root.set("exported", exported.isoformat(timespec="seconds"))
    groups: dict[tuple[date, str], list[Value]] = defaultdict(list)
    for v, org in _mapped(values, mapping):
        groups[(v.day, org)].append(v)
    for (day, org), items in groups.items():
        group = ET.SubElement(root, f"{{{ADX_NS}}}group", {"orgUnit": org,
                                                          "period": adx_period(day)})
        if mapping.data_set:
            group.set("dataSet", mapping.data_set)
        if mapping.attribute_option_combo:
            group.set("attributeOptionCombo", mapping.attribute_option_combo)
        for v in items:
            target = mapping.measures[v.measure]
            ET.SubElement(group, f"{{{ADX_NS}}}dataValue",
                          {"dataElement": target.data_element, **dict(target.adx),
                           "value": str(v.value)})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# --- reading ------------------------------------------------------------------------------

def refuse(name: str, problems: list[Problem]) -> None:
    """Any problem refuses the whole payload (nothing is written), naming each one."""
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:SHOWN])
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        raise InvalidInput(f"{name}: {len(problems)} problem(s); nothing was imported:\n"
                           f"{shown}{more}", [p.as_dict() for p in problems])


def _day(period: str, pattern: re.Pattern[str]) -> date | None:
    m = pattern.match(period)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _count(raw: object) -> int | None:
    """A DHIS2 value as a whole number of 0 or more ("12", 12, "12.0"); None otherwise."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    text = str(raw).strip()
    text = text.removesuffix(".0")
    return int(text) if text.isdigit() else None


def _value(where: str, unit: Unit | None, day: date | None, measure: str | None, raw: object,
           problems: list[Problem]) -> Value | None:
    if unit is None or day is None or measure is None:
        return None
    count = _count(raw)
    if count is None:
        problems.append(Problem(where, "value", str(raw), "not a whole number of 0 or more"))
        return None
    if measure == LEVEL_MEASURE and count not in (1, 2, 3, 4):
        problems.append(Problem(where, "value", str(raw),
                                "an epidemic level is 1, 2, 3 or 4 (128/NQ-CP)"))
        return None
    return Value(unit[0], unit[1], day, measure, count)


def _unit(where: str, org: object, mapping: Mapping, problems: list[Problem]) -> Unit | None:
    if not org:
        problems.append(Problem(where, "orgUnit", "", "required"))
        return None
    unit = mapping.units_by_org.get(str(org))
    if unit is None:
        problems.append(Problem(where, "orgUnit", str(org), "not an org unit of the mapping"))
    return unit


def read_json(text: str, mapping: Mapping) -> tuple[list[Value], list[Problem]]:
    """The figures of a dataValueSets payload and the problems of its data values. The set's
    own period, orgUnit and attributeOptionCombo apply to values that leave them out, as DHIS2
    reads them; a value marked deleted is a figure withdrawn, which episurv does not take."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not JSON: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("dataValues"), list):
        raise InvalidInput("not a DHIS2 data value set: no dataValues list")
    if mapping.data_set and raw.get("dataSet") not in (None, mapping.data_set):
        raise InvalidInput(f"dataSet {raw['dataSet']!r} is not the mapping's data set "
                           f"{mapping.data_set!r}")
    values: list[Value] = []
    problems: list[Problem] = []
    for i, item in enumerate(raw["dataValues"]):
        where = f"dataValues[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(where, "(value)", str(item), "not an object"))
            continue
        if item.get("deleted") is True:
            problems.append(Problem(where, "deleted", "true",
                                    "deleting a figure is not taken: send a correction"))
            continue
        period = str(item.get("period") or raw.get("period") or "")
        day = _day(period, _DAY)
        if day is None:
            problems.append(Problem(where, "period", period, "not a day (yyyyMMdd)"))
        unit = _unit(where, item.get("orgUnit") or raw.get("orgUnit"), mapping, problems)
        element = str(item.get("dataElement") or "")
        combo = str(item.get("categoryOptionCombo") or mapping.default_combo)
        measure = mapping.by_target.get((element, combo))
        if measure is None:
            problems.append(Problem(where, "dataElement", f"{element}/{combo}",
                                    "no measure of the mapping has this data element and "
                                    "category option combo"))
        aoc = item.get("attributeOptionCombo") or raw.get("attributeOptionCombo")
        if aoc and aoc != (mapping.attribute_option_combo or mapping.default_combo):
            problems.append(Problem(where, "attributeOptionCombo", str(aoc),
                                    "not the mapping's attribute option combo"))
            continue
        value = _value(where, unit, day, measure, item.get("value"), problems)
        if value is not None:
            values.append(value)
    return values, problems


def read_adx(text: str, mapping: Mapping) -> tuple[list[Value], list[Problem]]:
    """The figures of an ADX message and the problems of its data values."""
    mapping.require_adx()
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InvalidInput(f"not XML: {exc}") from None
    if root.tag != f"{{{ADX_NS}}}adx":
        raise InvalidInput(f"not an ADX message: the root is {root.tag}, not adx in "
                           f"namespace {ADX_NS}")
    values: list[Value] = []
    problems: list[Problem] = []
    for g, group in enumerate(root):
        where_group = f"group[{g}]"
        if group.tag != f"{{{ADX_NS}}}group":
            problems.append(Problem(where_group, "(element)", group.tag, "not an ADX group"))
            continue
        data_set = group.get("dataSet")
        if mapping.data_set and data_set not in (None, mapping.data_set):
            problems.append(Problem(where_group, "dataSet", str(data_set),
                                    "not the mapping's data set"))
            continue
        period = group.get("period") or ""
        day = _day(period, _ADX_DAY)
        if day is None:
            problems.append(Problem(where_group, "period", period,
                                    "not a day (yyyy-MM-dd/P1D)"))
        unit = _unit(where_group, group.get("orgUnit"), mapping, problems)
        for j, item in enumerate(group):
            where = f"{where_group}.dataValue[{j}]"
            if item.tag != f"{{{ADX_NS}}}dataValue":
                problems.append(Problem(where, "(element)", item.tag, "not an ADX dataValue"))
                continue
            element = item.get("dataElement") or ""
            categories = tuple(sorted((k, v) for k, v in item.attrib.items()
                                      if k not in ("dataElement", "value")))
            measure = mapping.by_adx.get((element, categories))
            if measure is None:
                shown = element + "".join(f" {k}={v}" for k, v in categories)
                problems.append(Problem(where, "dataElement", shown,
                                        "no measure of the mapping has this data element and "
                                        "these categories"))
            value = _value(where, unit, day, measure, item.get("value", ""), problems)
            if value is not None:
                values.append(value)
    return values, problems
