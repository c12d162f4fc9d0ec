"""Ways of saying the day's figures that the lexicon and the list grammar read as one: each
form on a text written for the test, with invented figures."""

from __future__ import annotations

import pytest

from episurv.bulletins import parse_bulletin
from episurv.bulletins.lists import read_counts
from episurv.web.pages_bulletins import check_detail

NATIONAL = ("Tối 2/12, Bộ Y tế cho biết cả nước ghi nhận 12.470 ca mắc mới, trong đó 6 ca nhập "
            "cảnh và 12.464 ca trong nước. ")
CITY = "CDC Đà Nẵng tối 3/12 cho biết thành phố ghi nhận 64 ca mắc mới. "


@pytest.mark.parametrize("deaths", [
    "Trong ngày có 118 người bệnh tử vong.",
    "Số ca tử vong trong ngày là 118.",
    "Bộ cũng ghi nhận 118 ca tử vong.",
    "Có 118 trường hợp tử vong.",
])
@pytest.mark.parametrize("opening, kind", [(NATIONAL, "national_daily"), (CITY, "city_daily")])
def test_the_days_deaths_said_in_other_words(opening, kind, deaths):
    r = parse_bulletin(opening + deaths)
    assert (r["kind"], r["deaths"], r["status"]) == (kind, 118, "ok"), r["unparsed"]


def test_a_measure_named_before_its_count_is_not_a_total_since_the_start():
    r = parse_bulletin(CITY + "Số người khỏi bệnh trong ngày: 41. Tổng số ca tử vong từ đầu "
                       "đợt dịch là 52 ca.")
    assert r["recovered"] == 41 and r.get("deaths") is None


@pytest.mark.parametrize("verb", ["có", "ghi nhận", "phát hiện"])
def test_a_verb_between_a_place_and_its_count(verb):
    entries, pending = read_counts(f"TP HCM {verb} 4.907 ca")
    assert [(e.name, e.count) for e in entries] == [("TP HCM", 4907)] and pending == []
    r = parse_bulletin(NATIONAL.replace(". ", f", riêng TP HCM {verb} 4.907 ca. ", 1))
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(79, 4907)]
    assert r["status"] == "ok"


@pytest.mark.parametrize("lead", ["Riêng", "Trong đó,"])
def test_a_place_picked_out_in_the_sentence_after_the_days_count(lead):
    r = parse_bulletin(NATIONAL + f"{lead} Hà Nội phát hiện 141 trường hợp.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(1, 141)]
    assert r["status"] == "ok" and r["unparsed"] == []
    r = parse_bulletin(CITY + f"{lead} quận Sơn Trà 19 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(493, 19)]


def test_a_place_is_not_picked_out_of_the_sentence_befores_deaths():
    r = parse_bulletin(CITY + "Trong ngày có 3 người bệnh tử vong. Riêng quận Sơn Trà 2 ca.")
    assert r.get("top_by_unit") is None
    assert [u["sentence"] for u in r["unparsed"]] == ["Riêng quận Sơn Trà 2 ca."]


def test_one_place_named_apart_is_not_called_the_places_with_the_most_cases():
    r = parse_bulletin(NATIONAL + "Riêng TP HCM 13.000 ca.")
    failed = next(c for c in r["checks"] if c["name"] == "top_by_unit_within")
    assert (failed["ok"], failed["code"], failed["detail"]) == (
        False, "top_one_within_total", "the one place named apart has 13000 of 12464 cases")
    assert check_detail(failed, "vi") == \
        "địa phương được nêu riêng có 13.000 trên tổng số 12.464 ca"
    r = parse_bulletin(NATIONAL + "Riêng TP HCM 13.000 ca, Bình Dương 200 ca.")
    assert next(c for c in r["checks"] if c["name"] == "top_by_unit_within")["detail"] == \
        "the 2 places with the most cases add up to 13200 of 12464"
