"""The rules of one contact row (contacts.validation.check_row): its days read and bounded as
a case's are, and every reason it gives said in the page's language."""

from __future__ import annotations

from datetime import date

import pytest

from episurv.contacts.validation import check_row
from episurv.messages import said

TODAY = date(2021, 11, 7)  # tomorrow, 8/11/2021, is the last day a day may fall on


def row(**values):
    return {"contact_code": "F-1", "level": "F1", "source_case": "A1",
            "exposure_date": "4/11/2021", "relation": "household", **values}


@pytest.mark.parametrize(("column", "written", "day"), [
    ("exposure_date", "1/1/2020", date(2020, 1, 1)),
    ("exposure_date", "8/11/2021", date(2021, 11, 8)),
    ("identified_on", "ngày 6/11/2021", date(2021, 11, 6)),
    ("last_dose_date", "44450", date(2021, 9, 11)),
    ("recovered_on", "10 / 10 / 2021", date(2021, 10, 10)),
])
def test_a_day_inside_the_epidemic_is_read(column, written, day):
    checked, problems = check_row(2, row(**{column: written}), today=TODAY)
    assert (checked.values[column], problems) == (day, [])


@pytest.mark.parametrize(("column", "written"), [
    ("exposure_date", "31/12/2019"), ("exposure_date", "9/11/2021"),
    ("identified_on", "7/11/2031"), ("last_dose_date", "7/11/2012"),
    ("recovered_on", "2019-06-01"),
])
def test_a_day_outside_the_epidemic_refuses_the_row(column, written):
    _checked, problems = check_row(2, row(**{column: written}), today=TODAY)
    assert [(p.column, p.value, p.message) for p in problems] == [
        (column, written, "outside 2020-01-01 to 2021-11-08 (before COVID-19 reached Vietnam, "
                          "or after tomorrow): a typing error")]


def test_every_reason_of_a_row_is_said_in_vietnamese():
    """Each reason was English only ("not a date (YYYY-MM-DD or d/m/yyyy)" named two forms of
    the many read): now the line list's words, and each in the catalogue."""
    _checked, problems = check_row(7, {
        "level": "F3", "exposure_date": "4/13/2021", "identified_on": "31/12/2019",
        "relation": "cousin", "setting": "hotel", "sex": "x", "phone": "12345", "age": "130",
        "vaccine_doses": "two", "team": "T" * 61}, today=TODAY)
    assert [(p.column, said(p, "vi")) for p in problems] == [
        ("team", "dài quá 60 ký tự"),
        ("level", "phải là F1 hoặc F2"),
        ("exposure_date", "không phải ngày (ghi ngày, tháng, năm: 7/11/2021, 07-11-21, "
                          "7.11.2021, 7 tháng 11 năm 2021 hoặc 2021-11-07)"),
        ("identified_on", "nằm ngoài khoảng từ 1/1/2020 đến 8/11/2021 (trước khi COVID-19 vào "
                          "Việt Nam, hoặc sau ngày mai): có lẽ gõ nhầm"),
        ("age", "phải từ 0 đến 120"),
        ("vaccine_doses", "không phải số nguyên"),
        ("relation", "phải là một trong các giá trị household, workplace, school, healthcare, "
                     "social, transport, public_place, other"),
        ("setting", "phải là cách ly tại nhà (home) hoặc tập trung (facility)"),
        ("sex", "phải là M (nam) hoặc F (nữ)"),
        ("phone", "không phải số điện thoại (10 hoặc 11 chữ số bắt đầu bằng 0, hoặc +84)"),
    ]


@pytest.mark.parametrize(("column", "written", "month"), [
    ("exposure_date", "31/11/2021", ("11", "2021", "30")),
    ("identified_on", "29/02/2021", ("2", "2021", "28")),
    ("last_dose_date", "2021-06-31", ("6", "2021", "30")),
])
def test_a_day_no_calendar_has_is_named_as_such(column, written, month):
    """A day no month has was refused as not a date, listing the forms it is written in: it
    names its month's length, as the line list does, in either language."""
    _checked, problems = check_row(2, row(**{column: written}), today=TODAY)
    assert [(p.column, p.message, said(p, "vi")) for p in problems] == [
        (column, "no such day: month {} of {} has {} days".format(*month),
         "không có ngày này: tháng {} năm {} chỉ có {} ngày".format(*month))]


def test_the_sources_a_row_needs_are_said_in_vietnamese():
    _f1, f1_problems = check_row(2, {"level": "F1", "exposure_date": "4/11/2021"}, today=TODAY)
    _f2, f2_problems = check_row(3, {"level": "F2"}, today=TODAY)
    assert [(p.column, said(p, "vi")) for p in f1_problems + f2_problems] == [
        ("source_case", "bắt buộc: ca bệnh mà F1 đã tiếp xúc"),
        ("source_contact", "bắt buộc: F1 mà F2 đã tiếp xúc"),
        ("exposure_date", "bắt buộc"),
    ]


def test_a_found_day_before_the_exposure_is_said_in_vietnamese():
    _checked, problems = check_row(2, row(identified_on="3/11/2021"), today=TODAY)
    assert [(p.column, said(p, "vi")) for p in problems] == [
        ("identified_on", "sớm hơn ngày tiếp xúc")]


@pytest.mark.parametrize(("values", "today", "column", "day"), [
    ({"identified_on": "6/11"}, TODAY, "identified_on", date(2021, 11, 6)),
    ({"exposure_date": "30/12", "identified_on": "2/1/2022"}, date(2022, 1, 5),
     "exposure_date", date(2021, 12, 30)),
    ({"exposure_date": "1/12/2021", "last_dose_date": "1/7"}, date(2021, 12, 5),
     "last_dose_date", date(2021, 7, 1)),
    ({"recovered_on": "15/10"}, TODAY, "recovered_on", date(2021, 10, 15)),
])
def test_a_day_without_its_year_is_read_beside_the_exposure(values, today, column, day):
    """As the line list reads "6/11" beside its report date (core.days.day_near)."""
    checked, problems = check_row(2, row(**values), today=today)
    assert (checked.values[column], problems) == (day, [])


def test_a_day_without_its_year_and_nothing_beside_it_is_no_day():
    _checked, problems = check_row(2, row(exposure_date="6/11"), today=TODAY)
    assert [(p.column, p.message[:11]) for p in problems] == [("exposure_date", "not a date ")]
