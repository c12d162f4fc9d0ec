"""Days written the Vietnamese way (dd/mm/yyyy) are read by the pages as ISO ones are, in the
query and in posted forms; a day that does not exist is refused as before."""

from __future__ import annotations

import re

import pytest
from signing import sign_in

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.web.dates import iso_day, rewritten
from handmade import LINE_LIST


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()


@pytest.mark.parametrize(("written", "iso"), [
    ("7/11/2021", "2021-11-07"), ("07/11/2021", "2021-11-07"), (" 1/2/2022 ", "2022-02-01"),
    ("31/6/2021", None), ("7/11", None), ("2021-11-07", None),
    # A year of two digits is of this century, as the line list reads it (core.days).
    ("11/7/21", "2021-07-11"), ("11/7/211", None)])
def test_a_day_written_dd_mm_yyyy(written, iso):
    assert iso_day(written) == iso


def test_only_date_fields_are_rewritten():
    assert rewritten("date=7%2F11%2F2021&note=7%2F11%2F2021&outcome_date=20/11/2021") == (
        "date=2021-11-07&note=7%2F11%2F2021&outcome_date=2021-11-20")
    assert rewritten("date=2021-11-07&note=x") is None


def test_the_dashboard_reads_a_vietnamese_day(anonymous, make_user, loaded):
    email, password = make_user("province", "Hà Nội")
    assert sign_in(anonymous, email, password).status_code == 303
    page = anonymous.get("/", params={"date": "7/11/2021"})
    assert page.status_code == 200
    assert 'name="date" value="2021-11-07"' in page.text
    wrong = anonymous.get("/", params={"date": "31/11/2021"})
    assert wrong.status_code == 422 and "“31/11/2021”" in wrong.text


def test_a_posted_form_reads_a_vietnamese_day(anonymous, make_user, loaded):
    email, password = make_user("province", "Hà Nội")
    assert sign_in(anonymous, email, password).status_code == 303
    edit = anonymous.get("/cases/A1/edit").text
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', edit))
    fields.update({"outcome": "recovered", "outcome_date": "20/11/2021"})
    saved = anonymous.post("/cases/A1", data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:2000]
    assert "20/11/2021" in anonymous.get("/cases/A1").text
