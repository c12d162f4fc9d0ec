"""DHIS2 payloads: the mapping's checks, reading the documented structures (payloads/ written
after DHIS2's Web API and the ADX profile), building them, and the refusals."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from episurv.errors import InvalidInput
from episurv.interop import dhis2
from episurv.interop.mapping import read_mapping

PAYLOADS = Path(__file__).parent / "payloads"


@pytest.fixture(scope="module")
def mapping():
    return read_mapping((PAYLOADS / "mapping.yaml").read_text(encoding="utf-8"), "mapping.yaml")


def test_mapping_resolves_names_and_codes(mapping):
    assert mapping.org_units == {(1, 0): "VN-HN", (79, 0): "VN-SG", (1, 1): "VN-HN-001",
                                 (1, 2): "VN-HN-002", (1, 3): "VN-HN-003"}
    assert mapping.measures["community"].category_option_combo == "vnCovCommu1"
    assert mapping.measures["deaths"].category_option_combo == "HllvX50cXC0"
    assert mapping.by_adx[("vnCovNewCa2", (("VN_FOUND_IN", "QUARANTINE"),))] == "quarantine"


@pytest.mark.parametrize("text, message", [
    ("measures: {cases: {data_element: A}}\nunits: {provinces: {1: X}}",
     "mapping.yaml: measures.cases: unknown measure 'cases'; one of new_cases"),
    ("measures: {deaths: {data_element: A}}\nunits: {provinces: {99: X}}",
     "mapping.yaml: units.provinces.99: no province with code 99"),
    ("measures: {deaths: {data_element: A}}\nunits: {districts: {1: X, 2: X}}",
     "mapping.yaml: org unit X is given to both district 1 (Ba Đình) and district 2 "
     "(Hoàn Kiếm)"),
    ("measures: {deaths: {data_element: A}, recovered: {data_element: A}}\n"
     "units: {provinces: {1: X}}",
     "mapping.yaml: measures.recovered: data element A with combo HllvX50cXC0 is already "
     "the target of deaths"),
    ("measures: {deaths: {combo: A}}\nunits: {provinces: {1: X}}",
     "mapping.yaml: measures.deaths: needs data_element"),
    ("measures: {deaths: {data_element: A}}\nunits: {provinces: {1: ''}}",
     "mapping.yaml: units.provinces.1: '' is not an identifier"),
    ("measures: [", "mapping.yaml: not YAML"),
])
def test_mapping_errors_are_named(text, message):
    with pytest.raises(InvalidInput) as err:
        read_mapping(text, "mapping.yaml")
    assert str(err.value).startswith(message)


def test_adx_needs_measures_told_apart():
    mapping = read_mapping("measures: {community: {data_element: A, category_option_combo: B},"
                           " quarantine: {data_element: A, category_option_combo: C}}\n"
                           "units: {provinces: {1: X}}")
    # JSON names the combo: fine.
    payload = dhis2.build_json([dhis2.Value(1, 0, date(2021, 11, 7), "community", 5)], mapping)
    assert payload["dataValues"][0]["categoryOptionCombo"] == "B"
    with pytest.raises(InvalidInput, match="cannot be used for ADX: mapping: "
                                           "measures.quarantine: data element A"):
        dhis2.build_adx([], mapping)


def test_reads_set_level_defaults_as_dhis2_does(mapping):
    text = (PAYLOADS / "datavalueset-set-defaults.json").read_text()
    values, problems = dhis2.read_json(text, mapping)
    assert problems == []
    d = date(2021, 11, 7)
    assert values == [dhis2.Value(1, 0, d, "new_cases", 133),
                      dhis2.Value(1, 0, d, "community", 61),
                      dhis2.Value(1, 0, d, "quarantine", 72), dhis2.Value(1, 0, d, "deaths", 0),
                      dhis2.Value(1, 0, d, "tests_samples", 21304)]


def test_reads_per_value_fields(mapping):
    values, problems = dhis2.read_json((PAYLOADS / "datavalueset-per-value.json").read_text(),
                                       mapping)
    assert problems == []
    assert values == [dhis2.Value(79, 0, date(2021, 11, 6), "new_cases", 1046),
                      dhis2.Value(79, 0, date(2021, 11, 6), "deaths", 52),
                      dhis2.Value(79, 0, date(2021, 11, 7), "new_cases", 1037),
                      dhis2.Value(1, 1, date(2021, 11, 7), "new_cases", 3)]


def test_reads_adx_with_category_attributes(mapping):
    values, problems = dhis2.read_adx((PAYLOADS / "adx-two-groups.xml").read_text(), mapping)
    assert problems == []
    d = date(2021, 11, 7)
    assert values == [dhis2.Value(1, 0, d, "new_cases", 133),
                      dhis2.Value(1, 0, d, "community", 61),
                      dhis2.Value(1, 0, d, "quarantine", 72), dhis2.Value(1, 0, d, "deaths", 0),
                      dhis2.Value(1, 2, d, "new_cases", 4)]


def test_bad_values_are_each_named(mapping):
    _values, problems = dhis2.read_json((PAYLOADS / "datavalueset-bad.json").read_text(),
                                        mapping)
    assert [str(p) for p in problems] == [
        "dataValues[0] period '2021W45': not a day (yyyyMMdd)",
        "dataValues[1] orgUnit 'VN-DN': not an org unit of the mapping",
        "dataValues[2] dataElement 'xxUnknown01/HllvX50cXC0': no measure of the mapping has "
        "this data element and category option combo",
        "dataValues[3] value '-2': not a whole number of 0 or more",
        "dataValues[4] value '2.5': not a whole number of 0 or more",
    ]
    with pytest.raises(InvalidInput, match=r"bad.json: 5 problem\(s\); nothing was imported"):
        dhis2.refuse("bad.json", problems)


def test_level_is_one_to_four(mapping):
    values, problems = dhis2.read_json(json.dumps({"dataValues": [
        {"dataElement": "vnCovLevel1", "period": "20211113", "orgUnit": "VN-HN-003",
         "value": "4"},
        {"dataElement": "vnCovLevel1", "period": "20211113", "orgUnit": "VN-HN-002",
         "value": "5"}]}), mapping)
    assert values == [dhis2.Value(1, 3, date(2021, 11, 13), "epidemic_level", 4)]
    assert [str(p) for p in problems] == [
        "dataValues[1] value '5': an epidemic level is 1, 2, 3 or 4 (128/NQ-CP)"]
    payload = dhis2.build_json(values, mapping)
    assert payload["dataValues"] == [{"dataElement": "vnCovLevel1", "period": "20211113",
                                      "orgUnit": "VN-HN-003",
                                      "categoryOptionCombo": "HllvX50cXC0", "value": "4"}]


def test_build_json_structure(mapping):
    d = date(2021, 11, 7)
    payload = dhis2.build_json([dhis2.Value(1, 0, d, "quarantine", 72),
                                dhis2.Value(1, 0, d, "severe", 9),  # not mapped: left out
                                dhis2.Value(1, 1, d, "new_cases", 3)], mapping,
                               complete_date=date(2021, 11, 8))
    assert payload == {"dataSet": "vnCovDaily1", "completeDate": "2021-11-08", "dataValues": [
        {"dataElement": "vnCovNewCa2", "period": "20211107", "orgUnit": "VN-HN",
         "categoryOptionCombo": "vnCovQuara1", "value": "72"},
        {"dataElement": "vnCovNewCa1", "period": "20211107", "orgUnit": "VN-HN-001",
         "categoryOptionCombo": "HllvX50cXC0", "value": "3"}]}
    with pytest.raises(InvalidInput, match=r"district 4 \(Long Biên\) has figures but no org "
                                           "unit in the mapping"):
        dhis2.build_json([dhis2.Value(1, 4, d, "deaths", 1)], mapping)


def test_build_adx_structure_and_back(mapping):
    d = date(2021, 11, 7)
    values = [dhis2.Value(1, 0, d, "community", 61), dhis2.Value(1, 0, d, "new_cases", 133),
              dhis2.Value(79, 0, d, "deaths", 20)]
    text = dhis2.build_adx(values, mapping)
    root = ET.fromstring(text)
    ns = {"adx": dhis2.ADX_NS}
    groups = root.findall("adx:group", ns)
    assert [(g.get("orgUnit"), g.get("period"), g.get("dataSet")) for g in groups] == [
        ("VN-HN", "2021-11-07/P1D", "vnCovDaily1"), ("VN-SG", "2021-11-07/P1D", "vnCovDaily1")]
    assert [dict(v.attrib) for v in groups[0].findall("adx:dataValue", ns)] == [
        {"dataElement": "vnCovNewCa1", "value": "133"},
        {"dataElement": "vnCovNewCa2", "VN_FOUND_IN": "COMMUNITY", "value": "61"}]
    back, problems = dhis2.read_adx(text, mapping)
    assert problems == [] and sorted(back, key=str) == sorted(values, key=str)


# --- the published structures ------------------------------------------------------------

@pytest.fixture(scope="module")
def schemas():
    import jsonschema
    import xmlschema

    json_schema = json.loads((PAYLOADS / "dataValueSets.schema.json").read_text())
    return (jsonschema.Draft202012Validator(json_schema),
            xmlschema.XMLSchema(str(PAYLOADS / "adx.xsd")))


def test_examples_and_exports_match_the_structures(mapping, schemas):
    as_json, as_adx = schemas
    for name in ("datavalueset-set-defaults.json", "datavalueset-per-value.json",
                 "datavalueset-bad.json"):
        as_json.validate(json.loads((PAYLOADS / name).read_text()))
    as_adx.validate(str(PAYLOADS / "adx-two-groups.xml"))
    d = date(2021, 11, 7)
    values = [dhis2.Value(1, 0, d, "new_cases", 133), dhis2.Value(1, 0, d, "community", 61),
              dhis2.Value(1, 2, d, "quarantine", 0), dhis2.Value(79, 0, d, "deaths", 20),
              dhis2.Value(1, 3, d, "epidemic_level", 4)]
    as_json.validate(json.loads(dhis2.dumps_json(dhis2.build_json(values, mapping))))
    as_adx.validate(dhis2.build_adx(values, mapping))
    # The structures can refuse: a value given as a number, a period in DHIS2's own form.
    assert not as_json.is_valid({"dataValues": [{"dataElement": "x", "value": 3}]})
    assert not as_adx.is_valid(dhis2.build_adx(values, mapping).replace("2021-11-07/P1D",
                                                                         "20211107"))
