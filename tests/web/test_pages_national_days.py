"""The daily figures form and the national page read a day (and an "as of" moment) as every
other date field does (core.days: "7 tháng 11 năm 2021", "7/11/2021 18:00"), and refuse one
that writes none saying why in the page's language; the form said "Enter a date as YYYY-MM-DD."
and the page's as_of was read ISO only, refused in English."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from episurv.core.time import LOCAL
from web.test_pages_national import (  # noqa: F401 - the fixtures
    HANOI,
    figures,
    post_figures,
    signed_in,
    submissions,
)


def test_the_figures_form_reads_a_day_in_words(signed_in, session):  # noqa: F811
    client = signed_in("province")
    page = client.get("/figures", params={"date": "2021-11-07", "lang": "en"})
    saved = post_figures(client, page.text, date="7 tháng 11 năm 2021", new_cases="3")
    assert saved.status_code == 303
    assert [(s[0], s[2], s[3]) for s in submissions(session)] == [(HANOI, "new_cases", 3)]
    assert "date=2021-11-07" in saved.headers["location"]


def test_the_figures_form_says_why_a_day_is_none_in_its_language(signed_in,  # noqa: F811
                                                                 session):
    client = signed_in("province")
    page = client.get("/figures", params={"date": "2021-11-07"})
    refused = post_figures(client, page.text, date="31/11/2021", new_cases="3")
    assert refused.status_code == 422
    assert "không có ngày này: tháng 11 năm 2021 chỉ có 30 ngày" in refused.text
    page = client.get("/figures", params={"date": "2021-11-07", "lang": "en"})
    refused = post_figures(client, page.text, date="soon", new_cases="3")
    assert refused.status_code == 422
    assert "not a date (day, month and year: 7/11/2021" in refused.text
    assert submissions(session) == []


def test_the_national_page_reads_as_of_as_typed(figures, anonymous):  # noqa: F811
    asked = {"date": "2021-11-07", "lang": "en"}
    # The next minute, the figures imported: the same moment typed either way, the same page.
    later = datetime.now(LOCAL) + timedelta(minutes=1)
    iso = anonymous.get("/public/national", params={**asked,
                                                    "as_of": later.strftime("%Y-%m-%dT%H:%M")})
    typed = anonymous.get("/public/national", params={**asked,
                                                      "as_of": later.strftime("%d/%m/%Y %H:%M")})
    assert iso.status_code == typed.status_code == 200
    assert 'data-testid="deaths">11<' in typed.text and "Figures as they stood at" in typed.text
    # The same page but for its links, which repeat as_of as it was typed (the charts' links
    # read it as the page does).
    def unlinked(page: str) -> str:
        return re.sub(r"as_of=[^\"&]+", "as_of=", page)
    assert unlinked(typed.text) == unlinked(iso.text)
    refused = anonymous.get("/public/national", params={"date": "2021-11-07", "lang": "vi",
                                                        "as_of": "31/11/2021 18:00"})
    assert refused.status_code == 422
    assert "không có ngày này: tháng 11 năm 2021 chỉ có 30 ngày" in refused.text
