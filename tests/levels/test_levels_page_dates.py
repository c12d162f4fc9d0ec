"""The levels pages' `?date=`: read in the forms a day is written in, and one that writes no day
refused naming it in the page's language (it was said in English only, as "is not
YYYY-MM-DD", whatever the page's language and whatever the day's form)."""

from __future__ import annotations

import pytest

from levels.test_levels_pages import phu_do  # noqa: F401 - the fixture

NO_SUCH_DAY_EN = "date “31/11/2021”: no such day: month 11 of 2021 has 30 days"
NO_SUCH_DAY_VI = "ô date “31/11/2021”: không có ngày này: tháng 11 năm 2021 chỉ có 30 ngày"


@pytest.mark.parametrize("address", ["/public/levels?province=Hà Nội&date={d}",
                                     "/public/levels/ward/{unit}?date={d}"])
def test_an_impossible_day_is_named_in_either_language(phu_do, anonymous, address):  # noqa: F811
    url = address.format(d="31/11/2021", unit=phu_do)
    english = anonymous.get(url + "&lang=en")
    assert english.status_code == 422 and NO_SUCH_DAY_EN in english.text
    vietnamese = anonymous.get(url + "&lang=vi")
    assert vietnamese.status_code == 422 and NO_SUCH_DAY_VI in vietnamese.text


def test_words_are_no_day_and_the_forms_are_said(phu_do, anonymous):  # noqa: F811
    page = anonymous.get(f"/public/levels/ward/{phu_do}?date=tuần trước&lang=vi")
    assert page.status_code == 422
    assert ("ô date “tuần trước”: không phải ngày (ghi ngày, tháng, năm: 7/11/2021, 07-11-21, "
            "7.11.2021, 7 tháng 11 năm 2021 hoặc 2021-11-07)") in page.text


def test_a_day_in_words_is_read(phu_do, anonymous):  # noqa: F811
    page = anonymous.get(f"/public/levels/ward/{phu_do}?date=13 tháng 11 năm 2021&lang=en")
    assert page.status_code == 200
    assert "13 Nov 2021" in page.text
