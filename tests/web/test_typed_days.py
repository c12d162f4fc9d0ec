"""A day typed into a page's query, an API query parameter or a command is read as the imports
read it (core.days: "7/11/2021", "7 tháng 11 năm 2021" as well as ISO), and one that writes no
day is refused naming the field and why, in the page's language. reporting.service.parse_day
read ISO only and said "date '7/11/2021' is not YYYY-MM-DD", in English on every page."""

from __future__ import annotations

import re
from datetime import date

import pytest

from episurv.errors import InvalidInput
from episurv.reporting.service import parse_day
from web.test_api import client, loaded  # noqa: F401 - the fixtures
from web.test_pages import signed_in  # noqa: F401 - the fixture


def test_parse_day_reads_the_forms_a_day_is_written_in():
    assert parse_day("2021-11-07") == date(2021, 11, 7)
    assert parse_day("7/11/2021") == date(2021, 11, 7)
    assert parse_day("ngày 07 tháng 11 năm 2021") == date(2021, 11, 7)
    assert parse_day("07.11.21") == date(2021, 11, 7)
    assert parse_day(None) is None


def test_parse_day_names_the_field_and_why():
    with pytest.raises(InvalidInput) as refused:
        parse_day("29/02/2021", "since")
    assert str(refused.value) == "since “29/02/2021”: no such day: month 2 of 2021 has 28 days"
    assert refused.value.http_status == 422 and refused.value.code == "not_a_date"
    with pytest.raises(InvalidInput) as refused:
        parse_day("hôm qua")
    assert str(refused.value) == ("date “hôm qua”: not a date (day, month and year: 7/11/2021, "
                                  "07-11-21, 7.11.2021, 7 tháng 11 năm 2021 or 2021-11-07)")


def test_the_api_reads_a_vietnamese_day_as_its_iso_one(client, loaded):  # noqa: F811
    asked = {"province": "Hà Nội"}
    iso = client.get("/api/v1/reports/daily", params={**asked, "date": "2021-11-07"})
    typed = client.get("/api/v1/reports/daily", params={**asked, "date": "7/11/2021"})
    assert iso.status_code == typed.status_code == 200
    assert typed.json() == iso.json() and typed.json()["new_cases"] == 7
    impossible = client.get("/api/v1/reports/daily", params={**asked, "date": "31/11/2021"})
    assert impossible.status_code == 422
    assert impossible.json()["detail"] == ("date “31/11/2021”: no such day: month 11 of 2021 "
                                           "has 30 days")


def test_the_case_list_reads_a_day_in_words_and_refuses_in_its_language(signed_in,  # noqa: F811
                                                                         loaded):  # noqa: F811
    page = signed_in("province")

    def ids(**params):
        return re.findall(r'<td><a href="/cases/([^"]+)"',
                          page.get("/cases", params=params).text)

    # The same cases as date_to=2021-10-31 (tests/web/test_pages.py).
    assert ids(date_to="31 tháng 10 năm 2021") == ["A8", "A9"]
    # Said above the empty list, as the list says any filter it cannot read.
    refused = page.get("/cases", params={"date_from": "31/11/2021", "lang": "vi"})
    assert refused.status_code == 200
    assert ("ô date_from “31/11/2021”: không có ngày này: tháng 11 năm 2021 chỉ có 30 ngày"
            in refused.text)
