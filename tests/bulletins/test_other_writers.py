"""The same figures as another writer, or the same writer on another day, puts them: each form
on a text written for the test, with invented places and figures, read as the usual form is."""

from __future__ import annotations

import pytest

from episurv.bulletins import parse_bulletin


def _by_unit(r: dict, field: str = "by_unit") -> list[tuple[int | None, int]]:
    return [(e["code"], e["new_cases"]) for e in r.get(field) or []]


@pytest.mark.parametrize("places", [
    "tại Hà Giang 6 ca, Nam Định 3 ca, Quảng Trị 1 ca",
    "tại: Hà Giang: 6 ca; Nam Định: 3 ca; Quảng Trị: 1 ca",
    "tại Hà Giang 6, Nam Định 3 và Quảng Trị 1",
    "tại Hà Giang 6 trường hợp, Nam Định 3 trường hợp, Quảng Trị 1 trường hợp",
])
def test_a_notice_line_lists_its_places_without_brackets(places):
    r = parse_bulletin(f"- 10 ca ghi nhận trong nước {places}; trong đó 4 ca được phát hiện "
                       "trong khu cách ly hoặc khu đã được phong toả.", date="2021-06-09")
    assert (r["kind"], r["new_cases"], r["quarantine"]) == ("moh_timeline", 10, 4)
    assert _by_unit(r) == [(2, 6), (36, 3), (45, 1)]
    assert r["status"] == "ok" and r["unparsed"] == []


def test_a_count_in_brackets_written_as_a_word_or_with_a_non_breaking_space():
    r = parse_bulletin("+ 9 ca ghi nhận trong nước tại Yên Bái (một), Sơn La (8\u00a0).",
                       date="2021-06-11")
    assert _by_unit(r) == [(15, 1), (14, 8)]
    assert (r["new_cases"], r["status"]) == (9, "ok")


def test_a_notice_listing_provinces_without_brackets_is_the_ministrys():
    # No speaker is named, and the cases' details name districts: the list names provinces.
    r = parse_bulletin("THÔNG BÁO VỀ 9 CA MẮC MỚI (BN7001-7009)\n"
                       "Gồm 9 ca mắc ghi nhận trong nước: Sơn La: 5 ca, Yên Bái: 3 ca, Hà Giang: 1 "
                       "ca\n- CA BỆNH BN7001 ghi nhận tại tỉnh Sơn La: Bệnh nhân nam, 40 tuổi, địa "
                       "chỉ tại huyện Mộc Châu; là F1, đã được cách ly tại quận Hà Đông.",
                       date="2021-05-14")
    assert r["kind"] == "moh_timeline"
    assert _by_unit(r) == [(14, 5), (15, 3), (2, 1)]
    r = parse_bulletin("THÔNG BÁO VỀ 9 CA MẮC MỚI\nGồm 9 ca mắc ghi nhận trong nước: Sơn La 5, "
                       "Yên Bái 3, Hà Giang 1\n- CA BỆNH BN7001 ghi nhận tại huyện Mộc Châu, quận "
                       "Hà Đông.", date="2021-05-14")
    assert r["kind"] == "moh_timeline" and _by_unit(r) == [(14, 5), (15, 3), (2, 1)]


def test_the_national_reports_domestic_line_lists_its_provinces_without_brackets():
    r = parse_bulletin("Tính từ 17h ngày 20/9 đến 17h ngày 21/9, trên Hệ thống Quốc gia quản lý ca "
                       "bệnh COVID-19 ghi nhận 4.013 ca nhiễm mới, trong đó 3 ca nhập cảnh và "
                       "4.010 ca ghi nhận trong nước tại Bình Dương 3.000 ca, Long An 1.000 ca, "
                       "Hà Giang 10 ca trong đó có 2.500 ca trong cộng đồng. Trong ngày có 5.200 "
                       "bệnh nhân khỏi.")
    assert (r["kind"], r["new_cases"], r["domestic"], r["community"]) == (
        "national_daily", 4013, 4010, 2500)
    assert _by_unit(r) == [(74, 3000), (80, 1000), (2, 10)]
    assert r["status"] == "ok"


def test_a_list_one_item_a_line_whose_count_wrapped_onto_its_own_line():
    # "(7)," alone on a line is no heading: the list goes on.
    r = parse_bulletin("THÔNG BÁO VỀ 20 CA MẮC MỚI\nTính từ 17h ngày 5/10 đến 17h ngày 6/10 ghi "
                       "nhận 20 ca nhiễm mới tại 3 tỉnh, thành phố.\nCác tỉnh, thành phố ghi nhận "
                       "ca bệnh như sau:\nSơn La (10),\nYên Bái\n(7),\nHà Giang (3).")
    assert _by_unit(r) == [(14, 10), (15, 7), (2, 3)]
    assert r["unparsed"] == [] and r["status"] == "ok"


@pytest.mark.parametrize("cases", ["ca nhiễm mới", "ca mắc mới", "ca mắc", "ca mắc COVID-19 mới"])
def test_the_waves_total_however_its_cases_are_called(cases):
    r = parse_bulletin("Tối 2/11, Bộ Y tế cho biết cả nước ghi nhận 5.000 ca mắc mới và 60 ca tử "
                       f"vong. Đợt dịch thứ 4 (từ ngày 27/4/2021 đến nay): Số {cases} ghi nhận "
                       "trong nước là 930.000 ca, trong đó có 850.000 bệnh nhân đã được công bố "
                       "khỏi bệnh.")
    assert r["wave_totals"] == {"wave": 4, "cases": 930000, "recovered": 850000}


@pytest.mark.parametrize("community", [
    "Số mắc mới ghi nhận trong cộng đồng là 37 ca",
    "Số mắc trong cộng đồng là 37 ca",
    "Số ca mắc mới ghi nhận trong cộng đồng là 37 ca",
])
def test_a_measure_named_before_its_count_without_a_case_noun(community):
    r = parse_bulletin("Sáng 9/11, CDC Đà Nẵng cho biết thành phố ghi nhận 52 ca mắc mới. "
                       f"{community}, số ca trong khu cách ly là 15 ca. Số tử vong trong ngày "
                       "là 2.")
    assert (r["new_cases"], r["community"], r["quarantine"], r["deaths"]) == (52, 37, 15, 2)
    assert r["status"] == "ok" and r["unparsed"] == []


@pytest.mark.parametrize("places", [
    "tại 3 quận, huyện và TP Thủ Đức, trong đó",
    "tại 3 quận, huyện và thành phố Thủ Đức, trong đó",
    "tại 4 quận, huyện, trong đó",
])
@pytest.mark.parametrize("named", [("Gò Vấp", "Quận 12", "Thủ Đức", "Củ Chi"),
                                   ("quận Gò Vấp", "quận 12", "TP Thủ Đức", "huyện Củ Chi")])
def test_the_places_after_a_count_of_places_that_closes_on_one_named_apart(places, named):
    counts = (31, 22, 17, 4)
    items = ", ".join(f"{name} {n} ca" for name, n in zip(named, counts, strict=True))
    r = parse_bulletin("Tối 12/11, Sở Y tế TP HCM cho biết thành phố ghi nhận 74 ca mắc mới "
                       f"{places} {items}.")
    assert _by_unit(r) == [(764, 31), (761, 22), (769, 17), (783, 4)]
    assert r["status"] == "ok" and r["unparsed"] == []


def test_an_approximate_figure_is_set_apart_from_every_count():
    # "gần" (nearly), "hơn" (over), "khoảng" (about): no exact figure, so no field takes it,
    # no place is picked out with it, and it is not an unread figure.
    r = parse_bulletin("Tối 18/9, Bộ Y tế cho biết cả nước ghi nhận 9.120 ca mắc mới, trong đó "
                       "riêng TP HCM và Đồng Nai đã gần 6.200 ca.")
    assert r["new_cases"] == 9120 and r.get("top_by_unit") is None
    assert r["approximate"] == [{"about": "gần", "count": 6200, "written": "gần 6.200 ca"}]
    assert r["status"] == "ok" and r["unparsed"] == []
    r = parse_bulletin("Tối 18/9, CDC Bình Dương cho biết tỉnh ghi nhận hơn 300 trường hợp mắc "
                       "mới, trong đó khoảng 120 ca cộng đồng.")
    assert (r["new_cases"], r["community"]) == (None, None)
    assert [(a["about"], a["count"]) for a in r["approximate"]] == [("hơn", 300), ("khoảng", 120)]


@pytest.mark.parametrize("tests, since", [
    ("Tính đến ngày 6/6, cả nước đã thực hiện 2.700.310 xét nghiệm Realtime RT-PCR, tương đương "
     "3.900.120 lượt người được xét nghiệm.", None),
    ("Từ 29/4 đến nay đã thực hiện được 2.700.310 xét nghiệm, tương đương 3.900.120 lượt người.",
     "2021-04-29"),
])
def test_a_notice_closing_on_the_tests_done_so_far(tests, since):
    r = parse_bulletin(f"+ 12 ca ghi nhận trong nước tại Hà Giang (7), Nam Định (5).\n{tests}",
                       date="2021-06-07")
    assert (r["kind"], r["new_cases"]) == ("moh_timeline", 12)
    assert r["tests_cumulative"] == {"since": since, "samples": 2700310, "people": 3900120}
    assert r["status"] == "ok" and r["unparsed"] == []


@pytest.mark.parametrize("found", ["ghi nhận", "phát hiện"])
def test_the_domestic_cases_found_in_the_country_in_other_words(found):
    r = parse_bulletin("THÔNG BÁO VỀ 2.113 CA MẮC MỚI\nTính từ 17h ngày 8/11 đến 17h ngày 9/11 ghi "
                       f"nhận 2.113 ca nhiễm mới, trong đó 3 ca nhập cảnh và 2.110 ca {found} "
                       "trong nước tại 2 tỉnh, thành phố.\nCác tỉnh, thành phố ghi nhận ca bệnh "
                       "như sau: Tây Ninh (2.000), Hà Giang (110).")
    assert (r["new_cases"], r["imported"], r["domestic"]) == (2113, 3, 2110)
    assert _by_unit(r) == [(72, 2000), (2, 110)] and r["status"] == "ok"


@pytest.mark.parametrize("opening, kind", [
    ("Tối 9/11, Bộ Y tế cho biết cả nước ghi nhận 7.120 ca mắc mới, trong đó 4 ca nhập cảnh và "
     "7.116 ca trong nước.", "moh_timeline"),
    ("Tối 9/11, Bộ Y tế cho biết cả nước ghi nhận 7.120 ca mắc mới và 55 ca tử vong.",
     "national_daily"),
])
@pytest.mark.parametrize("quiet", [
    "Có 3 tỉnh không ghi nhận trường hợp mắc mới trong 14 ngày qua: Cao Bằng, Lai Châu, Yên Bái.",
    "3 tỉnh, thành phố không có ca lây nhiễm thứ phát trên địa bàn trong 14 ngày qua: Cao Bằng, "
    "Lai Châu, Yên Bái.",
])
def test_the_provinces_without_new_cases_in_the_last_days(opening, kind, quiet):
    r = parse_bulletin(f"{opening} {quiet}")
    assert r["kind"] == kind
    nst = r["no_secondary_transmission"]
    assert (nst["count"], nst["days"], [u["code"] for u in nst["units"]]) == (3, 14, [4, 12, 15])
    assert r["unparsed"] == [] and r["status"] == "ok"


@pytest.mark.parametrize("headline", ["Bình Dương: ", "TIN NHANH: ", ""])
def test_the_list_after_trong_do_when_a_headline_colon_opens_the_sentence(headline):
    # A province's name and ":" before the statement (news copies of provincial offices): the
    # list is led by "trong đó" after the count, not by the headline's colon.
    r = parse_bulletin(f"{headline}Ngày 21/7, tỉnh Bình Dương ghi nhận 340 ca mắc mới, trong "
                       "đó Thuận An 150 ca, Dĩ An 110 ca, Thủ Dầu Một 80 ca.")
    assert _by_unit(r) == [(725, 150), (724, 110), (718, 80)]
    assert (r["new_cases"], r["status"]) == (340, "ok")


@pytest.mark.parametrize("where", ["khu phong tỏa", "khu cách ly"])
def test_the_days_parts_one_said_where_then_the_places_after_tai(where):
    # "gồm 18 ca ở khu phong tỏa và 5 ca cộng đồng, tại các quận ...": "ở khu phong tỏa" is
    # no place; the community part was read as part of the list and lost without a flag.
    r = parse_bulletin(f"Trong ngày 3/8, Đà Nẵng có 23 ca mắc mới, gồm 18 ca ở {where} và 5 ca "
                       "cộng đồng, tại các quận Sơn Trà (11), Hải Châu (8), Cẩm Lệ (4).")
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Sơn Trà", 493, 11), ("Hải Châu", 492, 8), ("Cẩm Lệ", 495, 4)]
    assert (r["new_cases"], r["community"], r["quarantine"], r["status"]) == (23, 5, 18, "ok")
