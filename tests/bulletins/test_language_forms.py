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


@pytest.mark.parametrize("said", [
    "Trong ngày có 905 bệnh nhân ra viện.", "Có 905 người xuất viện.",
    "Có 905 ca được công bố khỏi bệnh.", "Số người khỏi bệnh trong ngày là 905.",
])
@pytest.mark.parametrize("opening, kind", [(NATIONAL, "national_daily"), (CITY, "city_daily")])
def test_discharged_is_recovered(opening, kind, said):
    r = parse_bulletin(opening + said)
    assert (r["kind"], r["recovered"], r["status"]) == (kind, 905, "ok"), r["unparsed"]


@pytest.mark.parametrize("said", [
    "Hiện có 1.240 bệnh nhân nặng đang điều trị.", "Số bệnh nhân nặng đang điều trị là 1.240 ca.",
    "Có 1.240 ca nguy kịch.",
])
def test_severe_patients_in_a_citys_report(said):
    r = parse_bulletin(CITY + said)
    assert (r["severe"], r["status"]) == (1240, "ok"), r["unparsed"]


def test_the_day_befores_figure_in_brackets_is_not_the_days():
    r = parse_bulletin(NATIONAL + "Trong ngày có 2.870 bệnh nhân ra viện (ngày 1/12 có 2.410 ca "
                       "khỏi bệnh). Số bệnh nhân nặng là 6.954 ca (hôm qua có 6.890 ca nặng).")
    assert (r["recovered"], r["severe"]) == (2870, 6954)
    assert [c["name"] for c in r["checks"] if not c["ok"]] == ["figures_read"]
    # The day before's figures are left unread (and said); its day "ngày 1/12" is no figure.
    assert [u["numbers"] for u in r["unparsed"]] == [["2.410"], ["6.890"]]


@pytest.mark.parametrize("layout", [
    ":\n- Quận 1: 14 ca;\n- Q.7 9 ca;\n- TP Thủ Đức: 47 ca;\n- Quận 12: 21 ca.",
    ": Quận 1: 14 ca, Q.7: 9 ca, TP Thủ Đức: 47 ca, Quận 12: 21 ca.",
    ": Quận 1 14; Q.7 9; TP Thủ Đức 47; quận 12 21.",
    ":\n- Quận 1 14 trường hợp\n- Q.7: 9 trường hợp\n- TP Thủ Đức 47 trường hợp\n"
    "- Quận 12: 21 trường hợp",
])
def test_districts_named_by_their_number(layout):
    r = parse_bulletin("Sở Y tế TP HCM tối 6/12 cho biết thành phố ghi nhận 91 ca mắc mới tại "
                       "các quận" + layout)
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        (760, 14), (778, 9), (769, 47), (761, 21)]
    assert r["status"] == "ok", r["checks"]


@pytest.mark.parametrize("written", ["Ngày 03.10", "Tối 3-10", "Tối 3-10-2021", "Ngày 3/10/2021"])
def test_a_day_written_with_dots_or_dashes(written):
    r = parse_bulletin(f"{written}, Sở Y tế Hà Nội ghi nhận 25 ca mắc mới, trong đó có 10 ca "
                       "cộng đồng và 15 ca trong khu cách ly. Mỗi F1 được xét nghiệm 3-5 lần.")
    assert r["date"] == "2021-10-03" and r["new_cases"] == 25
    assert [u["sentence"] for u in r["unparsed"]] == ["Mỗi F1 được xét nghiệm 3-5 lần."]


def test_a_province_list_one_item_a_line_closed_by_semicolons():
    r = parse_bulletin("Bộ Y tế cho biết có 3.012 ca nhiễm mới, ghi nhận trong nước tại:\n"
                       "TP. Hồ Chí Minh (1.800);\nBình Dương (900);\nĐồng Nai (312).\n"
                       "Thêm 14 ca khỏi bệnh;\nBình Dương vẫn phong tỏa.", date="2021-08-02")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(79, 1800), (74, 900),
                                                                    (75, 312)]
    assert r["domestic"] == 3012 and r["unparsed"] == []


def test_imported_cases_isolated_on_arrival_by_province():
    r = parse_bulletin("THÔNG BÁO VỀ 105 CA MẮC MỚI\n- 5 ca nhập cảnh được cách ly ngay tại Kiên "
                       "Giang (3), Tây Ninh (2).\n- 100 ca ghi nhận trong nước tại Long An (100).",
                       date="2021-08-02")
    assert (r["new_cases"], r["imported"], r["domestic"]) == (105, 5, 100)
    assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(91, 3), (72, 2)]
    assert r["status"] == "ok", r["checks"]


def test_cases_spread_in_the_country_are_domestic():
    r = parse_bulletin(NATIONAL.replace("12.464 ca trong nước", "12.464 ca lây nhiễm trong nước"))
    assert (r["domestic"], r["imported"], r["status"]) == (12464, 6, "ok")


@pytest.mark.parametrize("all_of_them", [
    ", đều là các trường hợp đã được cách ly tập trung từ trước.",
    ", tất cả đều ở khu cách ly.", " đều được phát hiện trong khu cách ly.",
])
def test_all_the_days_cases_found_isolated(all_of_them):
    r = parse_bulletin("CDC Đà Nẵng sáng 7/12 cho biết thành phố ghi nhận 17 ca mắc COVID-19 mới"
                       + all_of_them)
    assert (r["new_cases"], r["quarantine"], r["status"]) == (17, 17, "ok")


def test_f0_is_a_case_and_measures_named_before_their_counts():
    r = parse_bulletin("Sở Y tế Hà Nội tối 7/12 thông báo thành phố ghi nhận 463 F0 mới. Số ca "
                       "cộng đồng là 171; số ca trong khu cách ly là 292.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (463, 171, 292)
    assert r["status"] == "ok", r["checks"]
    r = parse_bulletin(CITY + "Trong đó 20 F0 cộng đồng và 44 F0 trong khu cách ly.")
    assert (r["community"], r["quarantine"], r["status"]) == (20, 44, "ok")


def test_the_places_with_the_most_cases_said_nhieu_ca_nhat():
    r = parse_bulletin(CITY + "Các quận có nhiều ca nhất là Sơn Trà (20), Hải Châu (14).")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(493, 20),
                                                                                  (492, 14)]
    assert r["by_unit"] == [] and r["status"] == "ok"


def test_a_lists_total_is_the_count_that_names_what_it_lists():
    r = parse_bulletin("Sở Y tế Hà Nội tối 8/12 cho biết thành phố ghi nhận 352 ca mắc mới, trong "
                       "đó 142 ca cộng đồng ở: Đống Đa 22; Hoàng Mai 30; Thanh Xuân 40; Cầu Giấy, "
                       "Long Biên mỗi quận 25.")
    assert (r["new_cases"], r["community"], r["list_totals"]) == (
        352, 142, {"community_by_unit": 142})
    assert r["status"] == "ok", r["checks"]


def test_a_count_split_at_once_into_its_parts_is_the_days_total():
    r = parse_bulletin("Hà Nội tối 8/12 ghi nhận 350 ca, trong đó 140 ca ở cộng đồng và 210 ca "
                       "đã cách ly.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (350, 140, 210)
    assert r["derived"] == [] and r["status"] == "ok"
    # A place after "trong đó" is picked out of it, as before.
    r = parse_bulletin(CITY.replace("64 ca mắc mới", "64 ca, trong đó quận Sơn Trà 19 ca"))
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(493, 19)]


def test_severe_and_discharged_with_words_between_case_and_measure():
    r = parse_bulletin(NATIONAL + "Số bệnh nhân đang điều trị nặng là 5.120 ca.")
    assert (r["kind"], r["severe"], r["status"]) == ("national_daily", 5120, "ok")
    r = parse_bulletin(CITY + "Trong ngày, 1.500 bệnh nhân COVID-19 được xuất viện.")
    assert (r["recovered"], r["status"]) == (1500, "ok")


def test_breathing_support_of_the_severe_patients():
    r = parse_bulletin(NATIONAL + "Số bệnh nhân nặng đang điều trị là 1.000 ca, gồm: thở ô xy qua "
                       "mặt nạ: 600; thở ô xy dòng cao HFNC: 200; thở máy không xâm lấn: 50; thở "
                       "máy xâm lấn: 140; ECMO: 10.")
    assert r["severe_support"] == {"oxygen_mask": 600, "high_flow_oxygen": 200,
                                   "noninvasive_ventilation": 50, "invasive_ventilation": 140,
                                   "ecmo": 10}
    assert r["status"] == "ok", r["checks"]
    r = parse_bulletin(CITY + "Hiện có 90 bệnh nhân nặng đang điều trị, trong đó 310 ca thở máy "
                       "và 12 ca can thiệp ECMO.")
    assert r["severe_support"] == {"invasive_ventilation": 310, "ecmo": 12}
    failed = next(c for c in r["checks"] if c["name"] == "severe_support_within")
    assert (failed["ok"], failed["detail"]) == (
        False, "322 on breathing support, 90 severe (support is for severe patients)")


@pytest.mark.parametrize("bullet", ["•", "-", "+"])
def test_a_bulleted_statement_after_a_sentence_is_not_an_item_of_its_list(bullet):
    r = parse_bulletin(NATIONAL + f"\n{bullet} Ghi nhận 17 ca tử vong tại TP. Hồ Chí Minh (11), "
                       f"Bình Dương (6).\n{bullet} Số bệnh nhân đang điều trị nặng: 590 ca.")
    assert [(e["code"], e["deaths"]) for e in r["deaths_by_unit"]] == [(79, 11), (74, 6)]
    assert (r["deaths"], r["severe"], r["by_unit"], r["status"]) == (17, 590, [], "ok")


@pytest.mark.parametrize("at", ["tại", "ở"])
def test_a_lists_total_after_its_colon_then_its_places(at):
    r = parse_bulletin(NATIONAL + f"Số ca tử vong trong ngày: 58 ca {at} TP. Hồ Chí Minh (30), "
                       "Bình Dương (28).")
    assert [(e["code"], e["deaths"]) for e in r["deaths_by_unit"]] == [(79, 30), (74, 28)]
    assert (r["deaths"], r["status"]) == (58, "ok")


@pytest.mark.parametrize("opening", ["Trong đó:", "Cụ thể:"])
def test_measures_named_on_lines_behind_a_heading_with_a_colon(opening):
    r = parse_bulletin(CITY + f"{opening}\n- Cộng đồng: 20 ca\n- Khu cách ly: 40 ca\n"
                       "- Khu phong tỏa: 4 ca")
    assert (r["community"], r["quarantine"], r["lockdown"], r["status"]) == (20, 44, 4, "ok")


@pytest.mark.parametrize("found", [
    "Thành phố có 64 ca dương tính SARS-CoV-2.",
    "Thành phố phát hiện 64 trường hợp dương tính với SARS-CoV-2.",
    "Thành phố ghi nhận 64 ca COVID-19, trong đó 20 ca cộng đồng.",
    "CDC thành phố ghi nhận 64 F0.",
])
def test_the_days_cases_found_without_saying_new(found):
    r = parse_bulletin("Tối 3/12, CDC Đà Nẵng thông báo. " + found)
    assert (r["kind"], r["new_cases"], r["unparsed"]) == ("city_daily", 64, [])
    # The headline's count, run into the opening for want of a stop, is the same figure; a
    # cluster's cases found are not the day's, but the cluster's.
    r = parse_bulletin("Đà Nẵng: phát hiện 64 ca dương tính\nTối 3/12, CDC Đà Nẵng thông báo. "
                       + found + " Ổ dịch chợ Hòa Cường ghi nhận 12 ca COVID-19.")
    assert r["new_cases"] == 64
    assert [(c["cluster"], c["new_cases"]) for c in r["by_cluster"]] == [("chợ Hòa Cường", 12)]
    assert (r["status"], r["unparsed"]) == ("ok", [])


EVENING = NATIONAL + "Trong ngày có 118 người bệnh tử vong. "  # the national report


@pytest.mark.parametrize("opening, kind, total", [
    (NATIONAL, "moh_timeline", "Tổng số ca mắc tại Việt Nam đến nay là 1.250.000 ca."),
    (NATIONAL, "moh_timeline", "Tổng số ca mắc COVID-19 của Việt Nam tính đến nay là 1.250.000"
                               " ca."),
    (EVENING, "national_daily", "Tổng số ca mắc tại Việt Nam đến nay là 1.250.000 ca."),
    (EVENING, "national_daily", "Tổng số ca mắc tính từ đầu dịch đến nay: 1.250.000 ca."),
])
def test_a_running_total_up_to_now_in_the_ministrys_texts(opening, kind, total):
    r = parse_bulletin(opening + total)
    assert (r["kind"], r["cumulative"]["total"], r["cumulative"]["since"], r["status"]) == (
        kind, 1250000, None, "ok")


@pytest.mark.parametrize("recovered", [
    "Tổng số ca mắc COVID-19 đến nay là 1.250.000 ca, trong đó có 980.400 ca đã khỏi bệnh.",
    "Tổng số ca được điều trị khỏi: 980.400 ca.",
])
def test_recoveries_so_far_said_beside_the_total_or_after_a_colon(recovered):
    r = parse_bulletin(EVENING + recovered)
    assert (r["kind"], r["recovered_total"], r["status"]) == ("national_daily", 980400, "ok")


def test_the_provinces_the_days_cases_were_found_in_after_the_total():
    r = parse_bulletin("Tối 2/12, Bộ Y tế ghi nhận 12.470 ca mắc COVID-19 tại 62 tỉnh, thành "
                       "phố, trong đó 6 ca nhập cảnh và 12.464 ca trong nước. Trong ngày có 118 "
                       "người bệnh tử vong.")
    assert (r["kind"], r["new_cases"], r["provinces_with_cases"], r["status"]) == (
        "national_daily", 12470, 62, "ok")


@pytest.mark.parametrize("words, value", [
    ("ba mươi", 30), ("hai mươi mốt", 21), ("bốn mươi lăm", 45), ("năm mươi tư", 54),
    ("chín mươi chín", 99),
])
def test_tens_written_in_words(words, value):
    r = parse_bulletin(f"Sáng 14/5, Bộ Y tế công bố {words} ca mắc mới, đều ghi nhận trong "
                       f"nước: Bắc Giang {words}.")
    assert (r["new_cases"], r["domestic"], r["status"]) == (value, value, "ok")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(24, value)]


@pytest.mark.parametrize("split", [
    "Thành phố ghi nhận 64 ca, gồm 20 ca tại cộng đồng; 44 ca trong khu cách ly.",
    "Thành phố ghi nhận 64 ca, bao gồm: 20 ca tại cộng đồng, 44 ca trong khu cách ly.",
    "Thành phố ghi nhận thêm 64 ca. Trong 64 ca, có 20 ca phát hiện tại cộng đồng và 44 ca "
    "đã được cách ly tập trung.",
])
def test_a_count_of_cases_then_its_parts_is_the_days_count(split):
    r = parse_bulletin("CDC Đà Nẵng tối 3/12 cho biết. " + split)
    assert (r["new_cases"], r["community"], r["quarantine"], r["status"]) == (64, 20, 44, "ok")


@pytest.mark.parametrize("wave", ["đợt dịch thứ 4 (27/4/2021)", "đợt dịch thứ 4 (27/4)"])
def test_the_waves_first_day_in_brackets_after_it(wave):
    r = parse_bulletin(NATIONAL + f"Tổng số ca mắc trong nước kể từ đầu {wave} đến nay là "
                       "7.250 ca.")
    assert r["cumulative"] == {"since": "2021-04-27", "wave": 4, "domestic": 7250}
    assert r["status"] == "ok"


def test_the_countrys_total_as_of_an_hour():
    r = parse_bulletin(NATIONAL + "Tính đến 18h00 ngày 3/12, Việt Nam có tổng cộng 1.250.000 ca "
                       "ghi nhận trong nước và 1.450 ca nhập cảnh.")
    assert r["cumulative"] == {"since": None, "domestic": 1250000, "imported": 1450}
    assert r["status"] == "ok"


@pytest.mark.parametrize("said, doses, samples", [
    ("Trong ngày, thành phố đã tiêm 61.300 liều vắc xin và thực hiện 45.000 mẫu xét nghiệm.",
     61300, 45000),
    ("Số mũi vắc xin đã tiêm trong ngày: 42.100 mũi. Số mẫu xét nghiệm trong ngày: 31.500 mẫu.",
     42100, 31500),
    ("Hôm nay thành phố đã tiêm được 35.000 mũi vắc xin.", 35000, None),
])
def test_a_citys_doses_and_samples_of_the_day(said, doses, samples):
    r = parse_bulletin(CITY + said)
    assert (r["new_cases"], r.get("doses"), r.get("tests_samples"), r["status"]) == (
        64, {"day": doses}, samples, "ok")
    # Doses so far are not the day's: left unread.
    r = parse_bulletin(CITY + said + " Lũy kế đến nay thành phố đã tiêm 12.500.000 mũi vắc xin.")
    assert r.get("doses") == {"day": doses}
    assert [u["numbers"] for u in r["unparsed"]] == [["12.500.000"]]


@pytest.mark.parametrize("where", ["tại 29/30 quận, huyện", "ở 29/30 quận, huyện, thị xã"])
def test_how_many_districts_had_cases_without_the_most(where):
    r = parse_bulletin(f"Tối 12/12, CDC Hà Nội cho biết thành phố ghi nhận 430 ca mắc mới {where}.")
    assert (r["new_cases"], r["units_with_cases"], r["status"]) == (
        430, {"count": 29, "of": 30}, "ok")
    assert r.get("top_by_unit") is None


def test_imported_cases_isolated_after_arrival_listed_by_province_under_a_clock_heading():
    r = parse_bulletin("06:00 25/05/2021\nTHÔNG BÁO VỀ 8 CA MẮC MỚI\n8 ca mắc mới gồm: 5 ca nhập "
                       "cảnh đã được cách ly ngay sau khi nhập cảnh tại Quảng Ninh (3), Kiên Giang "
                       "(2); 3 ca ghi nhận trong nước tại Bắc Giang (3).")
    assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(22, 3), (91, 2)]
    assert (r["date"], r["cutoff"], r["imported"], r["domestic"], r["new_cases"]) == (
        "2021-05-25", "06:00", 5, 3, 8)
    assert r["status"] == "ok"


@pytest.mark.parametrize("isolated", ["40 F0 đã được cách ly", "40 bệnh nhân là F1 đã cách ly"])
def test_cases_found_isolated_said_with_any_case_noun(isolated):
    r = parse_bulletin(f"Sở Y tế Hà Nội tối 29/11: Thành phố ghi nhận 64 F0, gồm 24 F0 tại cộng "
                       f"đồng và {isolated}.")
    assert (r["new_cases"], r["community"], r["quarantine"], r["status"]) == (64, 24, 40, "ok")


def test_a_list_of_districts_after_o():
    r = parse_bulletin(CITY + "Có 24 ca cộng đồng. Các ca cộng đồng ở Sơn Trà, Hải Châu mỗi nơi "
                       "8; Thanh Khê 5; Cẩm Lệ 3.")
    assert [(e["code"], e["new_cases"]) for e in r["community_by_unit"]] == [
        (493, 8), (492, 8), (491, 5), (495, 3)]
    assert (r["community"], r["status"]) == (24, "ok")


def test_a_notices_list_of_provinces_with_colons_is_not_a_city_speaking():
    r = parse_bulletin("THÔNG BÁO VỀ 56 CA MẮC MỚI\nTính từ 6h đến 12h ngày 1/6, có 56 ca mắc mới "
                       "ghi nhận trong nước:\n- Bắc Giang: 40 ca\n- TP. Hồ Chí Minh: 16 ca")
    assert (r["kind"], r["domestic"], r["status"]) == ("moh_timeline", 56, "ok")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(24, 40), (79, 16)]


@pytest.mark.parametrize("opening, said, field, value", [
    (NATIONAL, "Số bệnh nhân khỏi bệnh trong ngày là 1.600; tử vong 100 ca.", "deaths", 100),
    (CITY, "Trong ngày: cộng đồng 20 ca, khu cách ly 44 ca.", "community", 20),
])
def test_a_measure_named_before_its_count_without_a_colon(opening, said, field, value):
    r = parse_bulletin(opening + said)
    assert (r[field], r["status"]) == (value, "ok")


@pytest.mark.parametrize("said", ["Ổ dịch chợ Hòa Cường ghi nhận 12 ca dương tính.",
                                  "Chùm ca bệnh chợ Hòa Cường có 12 ca."])
def test_a_clusters_cases_after_the_days_count_are_the_clusters(said):
    r = parse_bulletin(CITY + said)
    assert r["new_cases"] == 64
    assert [(c["cluster"], c["new_cases"]) for c in r["by_cluster"]] == [("chợ Hòa Cường", 12)]
    assert (r["status"], r["unparsed"]) == ("ok", [])
    # Not the cluster's total so far.
    r = parse_bulletin(CITY + said.replace("12 ca", "120 ca tính đến nay"))
    assert r["by_cluster"] == [] and r["status"] == "needs_review"
    # A day named in the sentence is not a count running from that day.
    r = parse_bulletin(CITY + said.replace("12 ca", "12 ca trong ngày 14/8"))
    assert [(c["cluster"], c["new_cases"]) for c in r["by_cluster"]] == [("chợ Hòa Cường", 12)]


@pytest.mark.parametrize("opening", [
    "Tối 2/12, Bộ Y tế cho biết cả nước ghi nhận 12.470 ca mắc mới, trong đó 12.464 ca trong "
    "nước và 6 ca nhập cảnh. ",
    "Tối 2/12, Bộ Y tế cho biết cả nước ghi nhận 12.470 ca mắc mới, trong đó 6 ca nhập cảnh. ",
])
def test_a_place_picked_out_after_a_sentence_ending_on_the_imported_cases(opening):
    r = parse_bulletin(opening + "Riêng TP HCM có 5.000 ca. Có 118 ca tử vong.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(79, 5000)]
    assert r["status"] == "ok" and r["unparsed"] == []


def test_a_place_picked_out_in_a_clause_of_its_own():
    r = parse_bulletin("Tối 7/10, Bộ Y tế cho biết cả nước có thêm 460 ca mắc mới tại 18 tỉnh "
                       "thành; TP HCM có 310 ca.")
    assert (r["new_cases"], r["provinces_with_cases"]) == (460, 18)
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(79, 310)]
    assert r["status"] == "ok"
    # Not out of a list's item ("Bắc Giang: 40 ca") nor of a count not said to be the day's.
    r = parse_bulletin("Tối 7/10, Bộ Y tế cho biết cả nước có 460 ca tại 18 tỉnh thành; TP HCM "
                       "có 310 ca.")
    assert r.get("top_by_unit") is None and r["status"] == "needs_review"


@pytest.mark.parametrize("said, support", [
    ("Số bệnh nhân đang thở ô xy là 4.000 ca.", {"oxygen_mask": 4000}),
    ("Số bệnh nhân phải thở máy xâm lấn là 700.", {"invasive_ventilation": 700}),
])
def test_breathing_support_named_before_its_count_with_la(said, support):
    r = parse_bulletin(NATIONAL + said)
    assert (r["kind"], r["severe_support"], r["status"]) == ("national_daily", support, "ok")


@pytest.mark.parametrize("headline", ["Hà Nội: 300 ca mắc mới, nhiều nhất là",
                                      "Hà Nội thêm 300 ca mắc mới, nhiều nhất tại"])
@pytest.mark.parametrize("opening", ["Tối 3/12, CDC Hà Nội cho biết",
                                     "Theo CDC Hà Nội, tối 3/12"])
def test_a_headline_cut_short_on_a_word_that_wants_more_stays_a_headline(headline, opening):
    r = parse_bulletin(f"{headline}\n{opening} thành phố ghi nhận 300 ca mắc mới, nhiều nhất "
                       "là Đông Anh 50 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(17, 50)]
    assert (r["date"], r["new_cases"], r["status"]) == ("2021-12-03", 300, "ok")
    # A line wrapped inside a sentence is still joined.
    r = parse_bulletin("Tối 7/10, Bộ Y tế cho biết có 3.012 ca mắc mới tại\nTP. Hồ Chí Minh "
                       "(1.800), Bình Dương (900), Đồng Nai (312).")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(79, 1800), (74, 900),
                                                                    (75, 312)]
    # So is a first line cut inside a name, or between a unit's kind and its name.
    r = parse_bulletin("Tối 7/10, Bộ Y tế cho biết có 3.012 ca mắc mới tại TP. Hồ\nChí Minh "
                       "(1.800), Bình Dương (900), Đồng Nai (312).")
    assert [e["code"] for e in r["by_unit"]] == [79, 74, 75] and r["status"] == "ok"
    r = parse_bulletin("Tối 3/12, CDC Hà Nội cho biết thành phố ghi nhận 300 ca mắc mới, nhiều "
                       "nhất tại huyện\nĐông Anh 50 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(17, 50)]


@pytest.mark.parametrize("most", ["Nhiều nhất là", "Cao nhất là", "Nhiều ca nhất:"])
def test_the_places_with_the_most_in_a_sentence_of_their_own(most):
    r = parse_bulletin("Tối 3/12, CDC Hà Nội cho biết thành phố ghi nhận 300 ca mắc mới. "
                       f"{most} Đông Anh 50 ca, Hoàng Mai 41 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(17, 50),
                                                                                  (8, 41)]
    assert r["by_unit"] == [] and r["status"] == "ok"


@pytest.mark.parametrize("opening, date", [("Ngày 10/9, Sở Y tế Đà Nẵng cho biết", "2021-09-10"),
                                           ("Ngày 11/9, Sở Y tế Đà Nẵng cho biết", "2021-09-11")])
def test_an_opening_day_after_ngay_before_the_hours_the_figures_cover(opening, date):
    r = parse_bulletin(f"{opening} từ 6h ngày 9/9 đến 6h ngày 10/9, thành phố ghi nhận 64 ca "
                       "mắc mới.")
    assert (r["date"], r["period"]["to_date"], r["new_cases"]) == (date, "2021-09-10", 64)
    assert (r["status"], r["unparsed"]) == ("ok", [])


@pytest.mark.parametrize("total", ["Tổng số ca mắc trong khu cách ly từ đầu đợt: 1.240.",
                                   "Tổng số ca mắc tại khu cách ly từ đầu đợt dịch là 1.240."])
def test_a_running_total_of_quarantine_cases_alone(total):
    r = parse_bulletin(CITY.replace("64 ca mắc mới", "64 ca mắc mới, trong đó 20 ca cộng đồng và "
                                    "44 ca trong khu cách ly") + total)
    assert (r["quarantine"], r["cumulative"], r["status"]) == (
        44, {"since": None, "quarantine": 1240}, "ok")
    assert r["running_totals"] == [{"since": None, "quarantine": 1240}]


def test_a_deaths_list_without_a_stated_total_gives_the_days_deaths():
    listed = "Các ca tử vong tại: TP HCM (50), Bình Dương (20), Đồng Nai (8)."
    r = parse_bulletin(NATIONAL + "Trong ngày có 1.200 ca khỏi bệnh. " + listed)
    assert (r["deaths"], r["derived"], r["status"]) == (78, ["deaths"], "ok")
    # Summed from the list, the deaths are not checked against the list itself.
    assert "deaths_by_unit_sum" not in [c["name"] for c in r["checks"]]
    # A stated total is the total: kept, and the list checked against it.
    r = parse_bulletin(NATIONAL + "Trong ngày có 80 ca tử vong. " + listed)
    assert (r["deaths"], r["derived"], r["status"]) == (80, [], "needs_review")
    assert [c["name"] for c in r["checks"] if not c["ok"]] == ["deaths_by_unit_sum"]


def test_a_ministry_text_stating_breathing_support_count_first_is_the_national_report():
    r = parse_bulletin(NATIONAL + "Có 4.000 bệnh nhân đang thở ô xy.")
    assert (r["kind"], r["severe_support"], r["status"]) == (
        "national_daily", {"oxygen_mask": 4000}, "ok")


@pytest.mark.parametrize("area", ["khu phong tỏa", "khu cách ly"])
def test_a_running_total_from_the_start_of_the_wave_without_dich(area):
    r = parse_bulletin(CITY + f"Tổng số ca mắc tại {area} từ đầu đợt: 800.")
    assert (r["cumulative"], r["status"]) == ({"since": None, "quarantine": 800}, "ok")


def test_cases_isolated_without_da_in_the_days_split():
    r = parse_bulletin(CITY + "Trong đó, 20 ca cộng đồng; 44 ca cách ly.")
    assert (r["community"], r["quarantine"], r["status"]) == (20, 44, "ok")
    # Not where the case was put: "cách ly" followed by a place is not the split.
    r = parse_bulletin(CITY + "Có 2 bệnh nhân được cách ly trong bệnh viện.")
    assert r["quarantine"] is None and r["status"] == "needs_review"


@pytest.mark.parametrize("opening, place, code", [
    ("Tối 7/10, Bộ Y tế cho biết có thêm 3.480 ca mắc mới tại 27 tỉnh thành.", "TP HCM", 79),
    ("CDC Đà Nẵng tối 3/12 cho biết thành phố ghi nhận 64 ca mắc mới.", "Quận Sơn Trà", 493),
])
def test_a_place_picked_out_in_a_sentence_of_its_own_after_the_days_count(opening, place, code):
    r = parse_bulletin(f"{opening} {place} có 20 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(code, 20)]
    assert r["status"] == "ok"
    # Not a count of another measure, in a sentence of its own or after ";".
    r = parse_bulletin(f"{opening} {place} có 20 ca tử vong.")
    assert r.get("top_by_unit") is None and r["deaths"] == 20
    r = parse_bulletin(opening.rstrip(".") + f"; {place} có 20 ca tử vong.")
    assert r.get("top_by_unit") is None and r["deaths"] == 20


@pytest.mark.parametrize("said", [
    "TP HCM vẫn dẫn đầu với 5.000 ca.",
    "TP HCM tiếp tục nhiều nhất với 5.000 ca.",
    "Trong đó TP HCM có 5.000 ca, nhiều nhất cả nước.",
    "TP HCM ghi nhận 5.000 ca, cao nhất cả nước.",
])
def test_one_place_said_to_have_the_most_named_before_it(said):
    r = parse_bulletin(NATIONAL + said)
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(79, 5000)]
    assert r["by_unit"] == [] and r["status"] == "ok"


def test_a_place_picked_out_after_a_sentence_ending_on_the_days_split():
    r = parse_bulletin("Tối 3/12, CDC Hà Nội cho biết thành phố ghi nhận 300 ca mắc mới, trong đó "
                       "120 ca cộng đồng và 180 ca đã được cách ly. Riêng quận Hoàng Mai có 30 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(8, 30)]
    assert r["status"] == "ok"


@pytest.mark.parametrize("said", ["Quận Hoàng Mai ghi nhận 30 ca, cao nhất thành phố.",
                                  "Hoàng Mai có 30 ca, nhiều nhất toàn thành phố."])
def test_one_district_said_to_have_the_most_of_the_city(said):
    r = parse_bulletin("Tối 3/12, CDC Hà Nội cho biết thành phố ghi nhận 300 ca mắc mới. " + said)
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(8, 30)]
    assert r["status"] == "ok"


@pytest.mark.parametrize("said", ["3 ca mắc mới là ca nhập cảnh, được cách ly ngay sau khi",
                                  "3 ca mắc mới là các ca nhập cảnh được cách ly ngay sau khi"])
def test_a_notices_new_cases_all_imported_listed_by_province(said):
    r = parse_bulletin(f"Từ 6h đến 12h ngày 1/6, có {said} nhập cảnh tại Kiên Giang (2), Tây "
                       "Ninh (1).")
    assert (r["new_cases"], r["imported"], r["by_unit"]) == (3, 3, [])
    assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(91, 2), (72, 1)]
    assert r["status"] == "ok"


@pytest.mark.parametrize("said", [
    "Ổ dịch chợ Hòa Khánh: 9 ca; ổ dịch công ty may Sơn Trà: 6 ca.",
    "Các ổ dịch: chợ Hòa Khánh 9 ca, công ty may Sơn Trà 6 ca.",
    "Trong đó, các chùm ca bệnh: chợ Hòa Khánh 9, công ty may Sơn Trà 6.",
])
def test_a_list_of_clusters_each_named_or_behind_a_plural_heading(said):
    r = parse_bulletin(CITY + said)
    assert [(c["cluster"], c["new_cases"]) for c in r["by_cluster"]] == [
        ("chợ Hòa Khánh", 9), ("công ty may Sơn Trà", 6)]
    assert (r["status"], r["unparsed"]) == ("ok", [])


@pytest.mark.parametrize("said", ["Số bệnh nhân đang điều trị là 1.200.",
                                  "Thành phố hiện có 1.200 bệnh nhân đang điều trị."])
def test_patients_under_treatment_on_the_day(said):
    r = parse_bulletin(CITY + said)
    assert (r["under_treatment"], r.get("severe"), r["status"]) == (1200, None, "ok")
    # Severe patients stay severe; a total "Tổng số ..." and a place after are not the day's.
    r = parse_bulletin(CITY + "Số bệnh nhân đang điều trị nặng là 120.")
    assert (r["severe"], r.get("under_treatment")) == (120, None)
    r = parse_bulletin(CITY + "Hiện có 2 bệnh nhân đang điều trị tại Bệnh viện Đà Nẵng.")
    assert r.get("under_treatment") is None and r["status"] == "needs_review"


def test_a_list_of_districts_after_thuoc():
    r = parse_bulletin("Sáng 14/8, Sở Y tế Đà Nẵng cho biết thành phố ghi nhận 50 ca mắc mới. "
                       "Các ca bệnh thuộc quận Liên Chiểu (20), Thanh Khê (15), Hải Châu (15).")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(490, 20), (491, 15),
                                                                    (492, 15)]
    assert r["status"] == "ok"


@pytest.mark.parametrize("listed, whole, top", [
    ("Quận Liên Chiểu 20 ca, Thanh Khê 15 ca, Hải Châu 15 ca.",
     [(490, 20), (491, 15), (492, 15)], []),
    ("Liên Chiểu 20 ca, Thanh Khê 15 ca.", [], [(490, 20), (491, 15)]),
])
def test_a_list_that_is_a_sentence_of_its_own_after_the_days_count(listed, whole, top):
    r = parse_bulletin("Sáng 14/8, Sở Y tế Đà Nẵng cho biết thành phố ghi nhận 50 ca mắc mới. "
                       + listed)
    # The whole list when it adds up to the day's count, else the places picked out.
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == whole
    assert [(e["code"], e["new_cases"]) for e in (r.get("top_by_unit") or {"by_unit": []})[
        "by_unit"]] == top
    assert r["status"] == "ok"


def _units(items, value="new_cases"):
    return [(e["code"], e[value]) for e in items or []]


@pytest.mark.parametrize("rest, deaths_total, ok", [
    ("và các tỉnh khác", 61, True),                # the rest without a count: within the total
    ("và 16 ca ở các tỉnh khác", 61, True),        # 27 + 11 + 7 + 16 = 61
    ("các tỉnh, thành phố khác (16)", 61, True),
    ("và 15 trường hợp tại các địa phương khác", 61, False),  # 45 + 15 = 60, not 61
    ("và các tỉnh khác", 44, False),               # the named places alone pass the total
])
def test_a_deaths_list_closed_by_the_other_provinces(rest, deaths_total, ok):
    r = parse_bulletin(NATIONAL + f"Có {deaths_total} ca tử vong, trong đó TP. Hồ Chí Minh 27, "
                       f"Long An 11, Kiên Giang 7, {rest}.")
    assert r["deaths"] == deaths_total and r["unparsed"] == []
    assert _units(r["deaths_by_unit"], "deaths") == [(79, 27), (80, 11), (91, 7)]
    check = next(c for c in r["checks"] if c["name"] == "deaths_by_unit_sum")
    assert check["ok"] is ok and check["code"].startswith("partial_list_")
    assert r["status"] == ("ok" if ok else "needs_review")


def test_a_new_case_list_closed_by_the_cases_of_the_other_provinces():
    r = parse_bulletin(NATIONAL.replace(
        "12.464 ca trong nước. ", "12.464 ca trong nước, trong đó TP. Hồ Chí Minh 4.100, Tây "
        "Ninh 1.364 và 7.000 ca ở các tỉnh khác. "))
    assert _units(r["by_unit"]) == [(79, 4100), (72, 1364)]
    assert (r["domestic"], r["status"], r["unparsed"]) == (12464, "ok", [])
    check = next(c for c in r["checks"] if c["name"] == "by_unit_sum")
    assert (check["ok"], check["detail"]) == (
        True, "the places named add up to 5464 and the rest to 7000, total 12464")
    assert check_detail(check, "vi") == ("các địa phương được nêu cộng lại 5.464, các nơi còn "
                                         "lại 7.000, tổng số 12.464")


@pytest.mark.parametrize("said, field", [
    ("Trung bình 7 ngày qua ghi nhận 137 ca tử vong/ngày.", "avg7_deaths"),
    ("Số ca tử vong trung bình trong 7 ngày qua là 137 ca.", "avg7_deaths"),
    ("Trung bình mỗi ngày trong 7 ngày gần đây có 137 trường hợp tử vong.", "avg7_deaths"),
    ("Trung bình 7 ngày qua ghi nhận 137 ca mắc mới mỗi ngày.", "avg7_cases"),
    ("Số tử vong trung bình 7 ngày qua: 137 ca.", "avg7_deaths"),
    ("Trung bình trong 7 ngày qua, cả nước ghi nhận 137 ca mắc mới/ngày.", "avg7_cases"),
])
def test_a_seven_day_average_is_not_the_days_figure(said, field):
    r = parse_bulletin(NATIONAL + "Trong ngày có 121 ca tử vong. " + said)
    assert (r[field], r["deaths"], r["status"], r["unparsed"]) == (137, 121, "ok", [])


def test_doses_in_millions_with_a_decimal_comma_and_a_rounding_word():
    r = parse_bulletin(NATIONAL + "Trong ngày có 1,2 triệu liều vaccine được tiêm. Tổng số liều "
                       "vaccine đã tiêm là hơn 120 triệu liều, trong đó tiêm 1 mũi là 70,5 triệu "
                       "liều, tiêm mũi 2 là 49,6 triệu liều.")
    assert r["doses"] == {"day": 1_200_000, "total": 120_000_000, "first": 70_500_000,
                          "second": 49_600_000}
    assert (r["status"], r["unparsed"]) == ("ok", [])
    r = parse_bulletin(CITY + "Trong ngày, thành phố đã tiêm hơn 1,2 nghìn liều vắc xin.")
    assert r["doses"] == {"day": 1200} and r["status"] == "ok"


@pytest.mark.parametrize("said", ["Số bệnh nhân đang điều trị là 120.000.",
                                  "Tổng số bệnh nhân đang điều trị là 120.000."])
def test_patients_under_treatment_stated_with_la(said):
    r = parse_bulletin(NATIONAL + said)
    assert (r["kind"], r["under_treatment"], r["status"]) == ("national_daily", 120_000, "ok")
    r = parse_bulletin(CITY + said)
    assert (r["kind"], r["under_treatment"], r["status"]) == ("city_daily", 120_000, "ok")


def test_a_ministry_notice_of_imported_cases_only_states_the_days_count():
    r = parse_bulletin("Tính từ 17h ngày 08/11 đến 17h ngày 09/11, trên Hệ thống Quốc gia quản "
                       "lý ca bệnh COVID-19 ghi nhận 3 ca nhập cảnh tại Khánh Hòa (2), Quảng Nam "
                       "(1).")
    assert (r["kind"], r["new_cases"], r["imported"], r.get("domestic")) == (
        "moh_timeline", 3, 3, None)
    assert _units(r["imported_by_unit"]) == [(56, 2), (49, 1)] and r["status"] == "ok"


@pytest.mark.parametrize("said", ["Trong ngày ghi nhận 20 ca tử vong.\n",
                                  "Trong ngày ghi nhận 20 ca tử vong\n",
                                  "Số ca tử vong trong ngày: 20 ca.\n",
                                  "Số ca tử vong trong ngày: 20 ca\n"])
def test_a_deaths_list_without_a_heading_after_the_deaths_sentence(said):
    r = parse_bulletin(NATIONAL + "\n" + said + "TP. Hồ Chí Minh (12), Bình Dương (5), Long An "
                       "(3).")
    assert (r["deaths"], r["status"], r["unparsed"]) == (20, "ok", [])
    assert _units(r["deaths_by_unit"], "deaths") == [(79, 12), (74, 5), (80, 3)]
    assert r.get("by_unit") in (None, [])


@pytest.mark.parametrize("rest, ok", [("và 7.200 ca ở các tỉnh khác", True),
                                      ("và 7.100 ca ở các tỉnh khác", False),
                                      ("các tỉnh, thành phố khác (7.200)", True)])
def test_a_notices_province_list_closed_by_the_other_provinces(rest, ok):
    r = parse_bulletin("Tính từ 17h ngày 14/11 đến 17h ngày 15/11, trên Hệ thống Quốc gia quản "
                       "lý ca bệnh COVID-19 ghi nhận 9.100 ca nhiễm mới, trong đó 9 ca nhập cảnh "
                       "và 9.091 ca ghi nhận trong nước. Các tỉnh, thành phố ghi nhận ca bệnh như "
                       f"sau: TP. Hồ Chí Minh (1.091), Bạc Liêu (800), {rest}.")
    assert (r["kind"], r["new_cases"], r["domestic"], r["unparsed"]) == (
        "moh_timeline", 9100, 9091, [])
    assert _units(r["by_unit"]) == [(79, 1091), (95, 800)]
    assert r["status"] == ("ok" if ok else "needs_review")
    assert {c["name"]: c["ok"] for c in r["checks"]}["by_unit_sum"] is ok


def test_one_place_and_the_rest_is_a_list():
    r = parse_bulletin(NATIONAL + "Có 61 ca tử vong, trong đó TP. Hồ Chí Minh 27, các tỉnh, "
                       "thành khác 34.")
    assert _units(r["deaths_by_unit"], "deaths") == [(79, 27)]
    assert (r["deaths"], r["status"], r["unparsed"]) == (61, "ok", [])


def test_a_list_starts_at_tai_after_words_that_say_what_the_cases_are():
    # News rewrites of the ministry's notices of May 2021: where the cases were found, then the
    # places after "tại" (no place shares the first count with those words).
    entries, pending = read_counts("đều ở khu cách ly hoặc phong tỏa, tại Bắc Giang 31, "
                                   "Bắc Ninh 14, Hà Nội 7")
    assert [(e.name, e.count, e.grouped) for e in entries] == [
        ("Bắc Giang", 31, 1), ("Bắc Ninh", 14, 1), ("Hà Nội", 7, 1)] and pending == []
    r = parse_bulletin("Bộ Y tế tối 22/5 ghi nhận 52 ca dương tính nCoV, đều ở khu cách ly hoặc "
                       "phong tỏa, tại Bắc Giang 31, Bắc Ninh 14, Hà Nội 7.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(24, 31), (27, 14), (1, 7)]
    assert (r["new_cases"], r["domestic"], r["quarantine"], r["status"]) == (52, 52, 52, "ok")


def test_a_clause_with_a_figure_is_no_name_of_the_list_after_it():
    entries, pending = read_counts("Thêm 4.196 ca mắc COVID-19 trong nước, TP HCM 1.800 ca")
    assert [(e.name, e.count, e.grouped) for e in entries] == [("TP HCM", 1800, 1)]
    assert pending == []


def test_one_place_in_a_headline_does_not_stand_for_the_days_list():
    # A news headline picks one province out of the day's domestic count; the province list of
    # the notice it quotes is the day's list.
    r = parse_bulletin(
        "Ngày 8/10: Thêm 4.196 ca mắc COVID-19 trong nước, TP HCM 1.800 ca\n\n"
        "Các tỉnh, thành phố ghi nhận ca bệnh như sau: TP HCM (1.800), Bình Dương (1.396), "
        "Đồng Nai (1.000).\n\nSố bệnh nhân khỏi bệnh: Hôm nay, cả nước có 5.000 ca khỏi bệnh.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        (79, 1800), (74, 1396), (75, 1000)]
    assert (r["kind"], r["domestic"], r["recovered"]) == ("national_daily", 4196, 5000)
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(79, 1800)]
    assert r["status"] == "ok"


def test_all_the_days_domestic_cases_in_quarantine():
    r = parse_bulletin("Bộ Y tế chiều 28/5 ghi nhận 74 ca mắc mới trong nước, đều trong khu "
                       "cách ly hoặc phong tỏa.")
    assert (r["new_cases"], r["domestic"], r["quarantine"]) == (74, 74, 74)


def test_the_list_of_cases_all_found_in_quarantine_is_the_days_list():
    r = parse_bulletin("Bộ Y tế chiều 28/5 ghi nhận 74 ca mắc mới trong nước, đều trong khu "
                       "cách ly hoặc phong tỏa, tại Bắc Giang 60, Bắc Ninh 10, Hà Nội một, "
                       "Lạng Sơn 3.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        (24, 60), (27, 10), (1, 1), (20, 3)]
    assert r.get("quarantine_by_unit") is None and r["status"] == "ok"


def test_new_cases_said_to_be_domestic_are_the_days_count_stated():
    # A day of the ministry's notice with no imported case: the count is the day's, stated.
    r = parse_bulletin("Tính từ 17h ngày 9/10 đến 17h ngày 10/10, trên Hệ thống Quốc gia quản lý "
                       "ca bệnh COVID-19 ghi nhận 3.600 ca nhiễm mới ghi nhận trong nước (giảm "
                       "70 ca so với ngày trước đó).")
    assert (r["new_cases"], r["domestic"], r["derived"]) == (3600, 3600, [])
    r = parse_bulletin("- 88 ca ghi nhận trong nước tại Bắc Giang (80), Bắc Ninh (8).")
    assert (r["new_cases"], r["derived"]) == (88, ["new_cases"])  # a line of a notice


def test_a_part_of_the_cases_just_counted_in_trong_so_do():
    r = parse_bulletin("Chiều 14/8, Đà Nẵng ghi nhận thêm 91 người mắc Covid-19, 23 người trong số "
                       "đó đã được cách ly tập trung từ trước.")
    assert (r["kind"], r["new_cases"], r["quarantine"], r["status"]) == (
        "city_daily", 91, 23, "ok")


@pytest.mark.parametrize("opening", [
    "Sở Y tế Hà Nội chiều 25/11 thông báo trong 24 giờ qua ghi nhận 270 ca COVID-19 mới, ",
    "Bộ Y tế chiều 25/11 cho biết cả nước ghi nhận 270 ca mắc mới, "])
def test_lockdown_cases_in_brackets_are_a_part_of_the_quarantine_count(opening):
    r = parse_bulletin(opening + "trong đó có 110 ca cộng đồng, 160 ca đã cách ly (trong đó 30 ca "
                       "tại khu phong tỏa).")
    assert (r["community"], r["quarantine"], r["lockdown"], r["status"]) == (110, 160, 30, "ok")


def test_a_headline_and_the_notices_line_state_one_domestic_count():
    r = parse_bulletin(
        "Ngày 30/9: Có 9.400 ca mắc mới, trong đó 9.390 ca trong nước, TP HCM có 4.500 ca\n\n"
        "- Tính từ 17h ngày 29/9 đến 17h ngày 30/9, trên Hệ thống Quốc gia quản lý ca bệnh "
        "COVID-19 ghi nhận 9.400 ca nhiễm mới, trong đó 10 ca nhập cảnh và 9.390 ca ghi nhận "
        "trong nước tại TP HCM (4.500), Bình Dương (3.890), Đồng Nai (1.000) trong đó có 4.100 ca "
        "trong cộng đồng.")
    assert (r["new_cases"], r["imported"], r["domestic"], r["community"]) == (
        9400, 10, 9390, 4100)
    assert r["status"] == "ok"


# A ministry notice's line whose places carry "n ca" (not "(n)"), behind another clause of the
# day's count: invented figures, 180 + 40 + 30 + 20 + 12 + 5 + 5 = 292.
_PLACES_N_CA = ("TP. Hồ Chí Minh 180 ca, Bình Dương 40 ca, Long An 30 ca, Đồng Tháp 20 ca, "
                "Phú Yên 12 ca, Hà Tĩnh 5 ca, Nghệ An 5 ca.")
_PLACES_READ = [(79, 180), (74, 40), (80, 30), (87, 20), (54, 12), (42, 5), (40, 5)]


@pytest.mark.parametrize("opening", [
    "Việt Nam có 296 ca mắc mới, trong đó 4 ca nhập cảnh; 292 ca ghi nhận trong nước tại ",
    "Ngày 28/6, Việt Nam có 296 ca mắc mới (BN15810-16105), trong đó 4 ca nhập cảnh, 292 ca "
    "ghi nhận trong nước tại: ",
    "Ngày 28/6, Việt Nam có 296 ca mắc mới, gồm 4 ca nhập cảnh được cách ly ngay tại Kiên Giang "
    "và 292 ca ghi nhận trong nước tại ",
    "Ngày 28/6, Việt Nam có 296 ca mắc mới: 4 ca nhập cảnh được cách ly ngay tại Kiên Giang, "
    "292 ca ghi nhận trong nước tại ",
])
def test_a_line_of_places_with_n_ca_after_another_clause_of_the_days_count(opening):
    r = parse_bulletin(opening + _PLACES_N_CA)
    assert (r["new_cases"], r["domestic"], r["imported"]) == (296, 292, 4)
    # The line's count is not the first place's ("Hồ Chí Minh 292"), and the places are read.
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == _PLACES_READ
    assert r["unparsed"] == []
    if "Kiên Giang" in opening:
        assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(91, 4)]


def test_imported_cases_isolated_on_arrival_at_one_place_said_in_either_order():
    for said in ("03 ca nhập cảnh được cách ly ngay tại Đà Nẵng",
                 "03 ca được cách ly ngay sau khi nhập cảnh tại Đà Nẵng"):
        r = parse_bulletin(f"THÔNG BÁO VỀ 16 CA MẮC MỚI: {said}; 13 ca ghi nhận trong nước tại "
                           "Bắc Giang (8), Bắc Ninh (5), trong đó 12 ca đã được cách ly.",
                           date="2021-05-05")
        assert (r["new_cases"], r["imported"], r["domestic"], r["quarantine"]) == (16, 3, 13, 12)
        assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(48, 3)], said
        assert r["status"] == "ok"


def test_unknown_words_of_a_lines_lead_are_not_glued_to_its_first_place():
    r = parse_bulletin("Chiều 19/7, Việt Nam ghi nhận thêm 2.555 ca mắc mới. Cụ thể: 2.550 ca lây "
                       "nhiễm trong nước tại TP. Hồ Chí Minh (1.800), Bình Dương (500), Đồng Nai "
                       "(250); 5 ca nhập cảnh.")
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        ("TP. Hồ Chí Minh", 79, 1800), ("Bình Dương", 74, 500), ("Đồng Nai", 75, 250)]
    assert (r["domestic"], r["imported"], r["status"]) == (2550, 5, "ok")


@pytest.mark.parametrize("said, recovered, samples, people", [
    ("Số bệnh nhân khỏi bệnh được công bố thêm trong ngày: 6.014 ca.", 6014, None, None),
    ("Tình hình xét nghiệm: Trong 24 giờ qua đã thực hiện 105.208 xét nghiệm.", None, 105208,
     None),
    ("Trong 24 giờ qua đã thực hiện 105.208 xét nghiệm cho 250.000 lượt người.", None, 105208,
     250000),
])
def test_the_ministrys_recovered_and_tests_of_the_day_in_other_words(said, recovered, samples,
                                                                    people):
    r = parse_bulletin(NATIONAL + "Trong ngày có 118 người bệnh tử vong. " + said)
    assert r["kind"] == "national_daily"
    assert (r["recovered"], r["tests_samples"], r["tests_people"]) == (recovered, samples, people)
    assert r["unparsed"] == []


def test_the_last_24h_as_the_news_writes_it_is_the_window_not_a_figure():
    r = parse_bulletin("Trong 24h qua, cả nước ghi nhận 16.715 ca mắc mới, trong đó có 16.703 ca "
                       "lây nhiễm trong nước và 12 ca nhập cảnh.", date="2021-11-30")
    assert (r["window_hours"], r["new_cases"], r["domestic"], r["imported"]) == (24, 16715,
                                                                                 16703, 12)
    assert r["unparsed"] == [] and r["status"] == "ok"


def test_how_many_districts_had_cases_without_of_how_many():
    r = parse_bulletin("Từ 18h ngày 4/12 đến 18h ngày 5/12, Hà Nội ghi nhận 60 ca mắc mới, trong "
                       "đó 25 ca cộng đồng. Các ca bệnh phân bố tại 3 quận, huyện: Hoàng Mai 30, "
                       "Đông Anh 20, Hà Đông 10.")
    assert r["units_with_cases"] == {"count": 3, "of": None}
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Hoàng Mai", 30), ("Đông Anh", 20), ("Hà Đông", 10)]
    assert r["unparsed"] == [] and r["status"] == "ok"


def test_the_days_deaths_then_some_of_their_places_after_trong_do():
    r = parse_bulletin(NATIONAL + "Số ca tử vong trong ngày: 220 ca, trong đó TP. Hồ Chí Minh 80 "
                       "ca, An Giang 20 ca.")
    # 220 is the day's deaths, not the 100 the named places add up to; the places are some.
    assert r["deaths"] == 220 and "deaths" not in r["derived"]
    assert [(e["code"], e["deaths"]) for e in r["deaths_by_unit"]] == [(79, 80), (89, 20)]
    assert r["status"] == "ok", [c for c in r["checks"] if not c["ok"]]


def test_the_places_with_the_most_cases_said_with_ca_mac():
    r = parse_bulletin(NATIONAL + "Các địa phương ghi nhận nhiều ca mắc nhất gồm TP. Hồ Chí Minh "
                       "(1.200), Tây Ninh (1.100), Cà Mau (900).")
    assert r["by_unit"] == []
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (79, 1200), (72, 1100), (96, 900)]
    assert r["status"] == "ok"


def test_a_headline_place_with_the_most_cases_written_tp_dot():
    r = parse_bulletin("Sáng 15/6: Có 139 ca mắc mới, trong đó TP. Hồ Chí Minh nhiều nhất với "
                       "60 ca.\nTính từ 18h ngày 14/6 đến 6h ngày 15/6, Việt Nam có 139 ca mắc mới "
                       "ghi nhận trong nước tại Bắc Giang (60), TP. Hồ Chí Minh (60), Bắc Ninh "
                       "(10), Hà Tĩnh (5), Lạng Sơn (4).")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(79, 60)]
    assert [e["code"] for e in r["by_unit"]] == [24, 79, 27, 42, 20]
    assert r["unparsed"] == [] and r["status"] == "ok"


def test_a_place_picked_out_with_la_before_its_count():
    entries, pending = read_counts("riêng TP. Hồ Chí Minh là 220 ca")
    assert [(e.name, e.count) for e in entries] == [("riêng TP. Hồ Chí Minh", 220)] and not pending
    r = parse_bulletin("Tính từ 6h đến 12h ngày 9/7, Việt Nam có thêm 305 ca mắc mới, trong đó "
                       "riêng TP. Hồ Chí Minh là 220 ca. Cụ thể: TP. Hồ Chí Minh (220), Bình Dương "
                       "(50), Đồng Tháp (15), Long An (10), Phú Yên (6), Bắc Giang (4).")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(79, 220)]
    assert len(r["by_unit"]) == 6 and r["unparsed"] == [] and r["status"] == "ok"


def test_how_many_districts_had_cases_then_some_of_them_and_the_rest():
    r = parse_bulletin("Từ 18h ngày 6/12 đến 18h ngày 7/12, Hà Nội ghi nhận 412 ca dương tính với "
                       "SARS-CoV-2, trong đó 211 ca tại cộng đồng. Các ca mắc mới ghi nhận tại 28 "
                       "quận, huyện, trong đó Thanh Xuân 45 ca, Hoàng Mai 40 ca, Đống Đa 35 ca, "
                       "các quận, huyện còn lại 292 ca.")
    # 45 + 40 + 35 named, 292 the rest: 412.
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Thanh Xuân", 45), ("Hoàng Mai", 40), ("Đống Đa", 35)]
    assert r["unparsed"] == [] and r["status"] == "ok"


def test_a_list_after_the_count_it_breaks_down_trong_so():
    r = parse_bulletin("Chiều 28/7, Bộ Y tế thông báo ghi nhận 4.123 ca mắc COVID-19 mới, trong đó "
                       "có 4 ca nhập cảnh. Trong số 4.119 ca trong nước, TP. Hồ Chí Minh có 2.500 "
                       "ca, Bình Dương 700 ca, Đồng Nai 400 ca, Long An 300 ca, Đồng Tháp 219 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        (79, 2500), (74, 700), (75, 400), (80, 300), (87, 219)]
    assert (r["domestic"], r["imported"], r["status"]) == (4119, 4, "ok")


def test_a_cases_age_and_the_days_of_its_story_are_no_figures_left_unread():
    r = parse_bulletin("THÔNG BÁO VỀ 3 CA MẮC MỚI (BN900-902)\n"
                       "Gồm 3 ca mắc ghi nhận trong nước: Hà Nam (2), Hà Nội (1)\n"
                       "- CA BỆNH BN900 ghi nhận tại tỉnh Hà Nam: Bệnh nhân nữ, 61 tuổi, là F1 "
                       "của BN850, đã được cách ly. Kết quả xét nghiệm ngày 9/5/2021 dương tính "
                       "với SARS-CoV-2.", date="2021-05-10")
    assert (r["new_cases"], r["domestic"]) == (3, 3)
    assert r["unparsed"] == [] and r["status"] == "ok"
    # A count that no rule read is still said: it is not an age nor a day.
    r = parse_bulletin("THÔNG BÁO VỀ 3 CA MẮC MỚI (BN900-902)\n"
                       "Gồm 3 ca mắc ghi nhận trong nước: Hà Nam (2), Hà Nội (1)\n"
                       "- CA BỆNH BN900: nhóm 61 người cùng chuyến bay.", date="2021-05-10")
    assert [u["numbers"] for u in r["unparsed"]] == [["61"]]


def test_a_headline_calling_the_days_count_a_record_and_a_window_without_qua():
    r = parse_bulletin("Hà Nội: Kỷ lục 96 ca COVID-19, thêm ổ dịch mới\n"
                       "Sở Y tế Hà Nội tối 20/11 thông báo trong 24 giờ qua ghi nhận 96 ca mắc "
                       "mới, trong đó 40 ca cộng đồng. Đây là số ca mắc trong 24 giờ cao nhất từ "
                       "trước tới nay.")
    assert (r["new_cases"], r["community"], r["window_hours"]) == (96, 40, 24)
    assert r["unparsed"] == [] and r["status"] == "ok"
    # A headline's record that is not the day's count is said.
    r = parse_bulletin("Hà Nội: Kỷ lục 97 ca COVID-19\nSở Y tế Hà Nội tối 20/11 thông báo trong "
                       "24 giờ qua ghi nhận 96 ca mắc mới, trong đó 40 ca cộng đồng.")
    assert r["status"] == "needs_review"
    assert [c["name"] for c in r["checks"] if not c["ok"]] == ["restated_new_cases"]


def test_the_days_part_before_a_running_total_in_the_same_sentence_is_the_days():
    r = parse_bulletin("Chiều 14/8, Đà Nẵng có thêm 91 ca mắc mới, trong đó 23 ca đã cách ly tập "
                       "trung; tổng số ca mắc trong đợt dịch này là 1.700.")
    assert (r["new_cases"], r["quarantine"]) == (91, 23)
    assert r["cumulative"] == {"total": 1700, "since": None}
    assert r["status"] == "ok"


@pytest.mark.parametrize("said, units", [
    ("Có 5 tỉnh không ghi nhận ca mắc mới trong 14 ngày.", []),
    ("Có 2 tỉnh, thành phố trong 14 ngày qua không ghi nhận ca mắc mới: Bắc Kạn, Lai Châu.",
     [6, 12]),
    ("Có 2 tỉnh, thành phố không ghi nhận ca mắc mới trong 14 ngày qua: Bắc Kạn, Lai Châu.",
     [6, 12]),
])
def test_provinces_without_cases_for_days_are_no_day_without_cases(said, units):
    r = parse_bulletin(NATIONAL + said)
    assert (r["new_cases"], r["domestic"], r["imported"]) == (12470, 12464, 6)
    assert r["community"] is None and r["quarantine"] is None
    nst = r["no_secondary_transmission"]
    assert (nst["count"], nst["days"]) == (int(said.split()[1]), 14)
    assert [u["code"] for u in nst["units"]] == units
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_city_without_cases_on_its_day_is_still_read_as_none():
    r = parse_bulletin("CDC Đà Nẵng cho biết ngày 3/12 thành phố không ghi nhận ca mắc mới.")
    assert (r["date"], r["new_cases"], r["community"], r["quarantine"]) == (
        "2021-12-03", 0, 0, 0)


@pytest.mark.parametrize("total_first", [False, True])
def test_a_running_total_and_its_domestic_part_are_not_the_days(total_first):
    total = ("Từ đầu dịch đến nay Việt Nam có tổng cộng 694.000 ca nhiễm, trong đó 690.000 ca "
             "trong nước. ")
    deaths = "Trong ngày có 100 ca tử vong."
    r = parse_bulletin(total + NATIONAL + deaths if total_first else NATIONAL + total + deaths)
    assert (r["kind"], r["new_cases"], r["domestic"], r["imported"], r["deaths"]) == (
        "national_daily", 12470, 12464, 6, 100)
    assert r["cumulative"] == {"since": None, "total": 694000, "domestic": 690000}
    assert (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize(("said", "doses"), [
    # No "trong ngày": a day's report saying what was given states the day's doses ...
    ("Ngày 2/12, cả nước tiêm được 1.200.000 liều vắc xin.", {"day": 1_200_000}),
    ("Cả nước đã tiêm thêm 950.000 liều vaccine.", {"day": 950_000}),
    # ... and a sentence saying they are so far states the running total.
    ("Đến nay, cả nước đã tiêm được hơn 85 triệu liều vắc xin.", {"total": 85_000_000}),
    ("Lũy kế, cả nước đã tiêm 120.500.000 liều vắc xin.", {"total": 120_500_000}),
])
def test_doses_given_without_the_days_words_are_told_by_the_sentence(said, doses):
    r = parse_bulletin(NATIONAL + said)
    assert (r["kind"], r["new_cases"], r["doses"]) == ("national_daily", 12470, doses)
    assert (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize("vaccine", ["vắc xin", "vắc-xin", "vaccine", "vacxin"])
def test_the_days_vaccine_doses_make_the_ministrys_text_its_report(vaccine):
    r = parse_bulletin(NATIONAL + f"Trong ngày có 1.200.000 liều {vaccine} được tiêm.")
    assert (r["kind"], r["new_cases"], r["doses"]["day"]) == ("national_daily", 12470, 1200000)
    assert (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize("parts", ["gồm 30 ca đã cách ly và 19 ca cộng đồng, tại:",
                                   "gồm 19 ca cộng đồng và 30 ca trong khu cách ly, ở các quận:"])
def test_the_days_parts_then_where_its_cases_are_after_a_colon(parts):
    r = parse_bulletin("Tối 9/12, Sở Y tế Hà Nội cho biết thành phố ghi nhận 49 ca mắc mới, "
                       f"{parts} Hoàng Mai (12), Thanh Xuân (10), Đống Đa (9), Cầu Giấy (8), Ba "
                       "Đình (6), Tây Hồ (4).")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (49, 19, 30)
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Hoàng Mai", 12), ("Thanh Xuân", 10), ("Đống Đa", 9), ("Cầu Giấy", 8), ("Ba Đình", 6),
        ("Tây Hồ", 4)]
    assert r["community_by_unit"] == [] and (r["unparsed"], r["status"]) == ([], "ok")


def test_the_days_split_in_brackets_before_its_list():
    r = parse_bulletin("CDC Đà Nẵng tối 14/8 cho biết thành phố ghi nhận 27 ca mắc mới (gồm 10 ca "
                       "cộng đồng, 17 ca cách ly) tại Hải Châu (10), Thanh Khê (9), Sơn Trà (8).")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (27, 10, 17)
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(492, 10), (491, 9),
                                                                    (493, 8)]
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_new_clusters_counted_without_their_days():
    r = parse_bulletin("Tối 30/11 Hà Nội có 296 ca COVID-19, gồm 120 ca cộng đồng và 176 ca đã "
                       "cách ly. Thành phố cũng ghi nhận 3 ổ dịch mới.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (296, 120, 176)
    assert r["new_clusters"] == {"count": 3, "first_case_dates": []}
    assert (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize("opening, said, expected", [
    (NATIONAL, "TP HCM 1.200 ca, Tây Ninh 800 ca là các địa phương có số ca nhiễm cao nhất.",
     [(79, 1200), (72, 800)]),
    (CITY, "Sơn Trà 20 ca, Hải Châu 15 ca là 2 quận có nhiều ca nhất.", [(493, 20), (492, 15)]),
])
def test_places_named_before_they_are_said_to_have_the_most(opening, said, expected):
    r = parse_bulletin(opening + said)
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == expected
    assert r.get("by_unit") == [] and (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize("rest", ["còn lại rải rác ở các quận, huyện khác",
                                  "các ca còn lại ở các quận, huyện",
                                  "còn lại tại các huyện khác"])
def test_a_lists_rest_said_before_its_places(rest):
    # "còn lại (rải rác) ở các quận, huyện khác": the rest of the list, no unit, no count; the
    # places named stay within the day's count.
    r = parse_bulletin(f"Hà Nội ghi nhận 15 ca mắc mới trong ngày 16/8. Các ca bệnh tại Đống "
                       f"Đa (6), Cầu Giấy (4), Long Biên (1), {rest}.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(6, 6), (5, 4), (4, 1)]
    assert (r["new_cases"], r["status"]) == (15, "ok")


@pytest.mark.parametrize("sentence", ["Hà Nội có 4 quận, huyện không ghi nhận ca mắc mới.",
                                      "Có 4 huyện không có ca mắc mới."])
def test_how_many_places_had_no_case_on_the_day(sentence):
    r = parse_bulletin(f"Ngày 21/11, Hà Nội ghi nhận 140 ca mắc mới, trong đó 52 ca cộng đồng. "
                       f"{sentence}")
    assert (r["new_cases"], r["community"], r["units_without_cases"]) == (140, 52, 4)
    assert r["status"] == "ok"
    # Over some days it is the places without secondary transmission, not the day's.
    r = parse_bulletin("Ngày 21/11, Hà Nội ghi nhận 140 ca mắc mới. Có 4 huyện không ghi nhận "
                       "ca mắc mới trong 14 ngày qua.")
    assert r.get("units_without_cases") is None


@pytest.mark.parametrize("isolated", ["được cách ly trước", "đã được cách ly trước đó",
                                      "được cách ly từ trước"])
def test_cases_isolated_before_without_tu(isolated):
    r = parse_bulletin(f"Cần Thơ ghi nhận thêm 73 ca mắc mới ngày 19/8. Trong số này có 66 ca "
                       f"{isolated}, 7 ca phát hiện trong cộng đồng.")
    assert (r["new_cases"], r["quarantine"], r["community"], r["status"]) == (73, 66, 7, "ok")


def test_places_after_trong_do_fewer_than_the_places_said_are_picked_out():
    # 18 provinces had cases; three are named after "trong đó": the top places, not the list
    # (1.500 + 600 + 200 = 2.300 of the 2.995 domestic cases).
    r = parse_bulletin("Tối 5/8, Bộ Y tế cho biết cả nước ghi nhận 3.000 ca mắc mới tại 18 tỉnh, "
                       "thành phố, trong đó Bình Dương có 1.500 ca, Long An 600 ca, Tiền Giang "
                       "200 ca. Có 2.995 ca trong nước và 5 ca nhập cảnh.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (74, 1500), (80, 600), (82, 200)]
    assert (r["by_unit"], r["new_cases"], r["domestic"], r["status"]) == ([], 3000, 2995, "ok")


def test_districts_after_trong_do_short_of_the_days_count_are_picked_out():
    # 120 + 90 + 60 = 270 of the city's 900: some districts, no rest counted.
    r = parse_bulletin("Ngày 20/8, TP.HCM ghi nhận 900 ca mắc mới. Trong đó: Quận 7: 120 ca; "
                       "Thủ Đức: 90 ca; Hóc Môn: 60 ca.")
    assert [(e["written"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        ("Quận 7", 120), ("Thủ Đức", 90), ("Hóc Môn", 60)]
    assert (r["by_unit"], r["new_cases"], r["status"]) == ([], 900, "ok")
    # Adding up to the day's count, the same list is the day's.
    r = parse_bulletin("Ngày 20/8, TP.HCM ghi nhận 270 ca mắc mới. Trong đó: Quận 7: 120 ca; "
                       "Thủ Đức: 90 ca; Hóc Môn: 60 ca.")
    assert [e["new_cases"] for e in r["by_unit"]] == [120, 90, 60] and r["status"] == "ok"


def test_a_notice_lines_one_place_keeps_its_name_joined_by_a_dash():
    # "Bà Rịa - Vũng Tàu" is one province's name, as the notices wrote it: not "Bà Rịa".
    r = parse_bulletin("Từ 6h đến 18h ngày 14/6: có 5 ca mắc mới, trong đó 2 ca nhập cảnh được "
                       "cách ly ngay tại Bà Rịa - Vũng Tàu; 3 ca ghi nhận trong nước tại Thừa "
                       "Thiên - Huế.")
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [
        ("Bà Rịa - Vũng Tàu", 77, 2)]
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Thừa Thiên - Huế", 46, 3)]
    assert (r["imported"], r["domestic"], r["status"]) == (2, 3, "ok")


@pytest.mark.parametrize("next_words", ["tiếp đến", "tiếp theo là", "sau đó là"])
def test_places_after_the_one_with_the_most_come_next_in_the_top_places(next_words):
    r = parse_bulletin("Chiều 12/6, Bộ Y tế công bố 95 ca mắc mới, trong đó 5 ca nhập cảnh và 90 "
                       f"ca trong nước. Bắc Ninh nhiều nhất với 40 ca, {next_words} Lạng Sơn 12 "
                       "ca, Hà Nội 6 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (27, 40), (20, 12), (1, 6)]
    assert (r["by_unit"], r["domestic"], r["unparsed"], r["status"]) == ([], 90, [], "ok")


def test_hcdc_alone_names_ho_chi_minh_city():
    r = parse_bulletin("Theo HCDC, tối 8/6 thành phố ghi nhận 12 ca mắc mới, đều đã được cách ly.")
    assert (r["kind"], r["jurisdiction"]["code"], r["new_cases"], r["quarantine"]) == (
        "city_daily", 79, 12, 12)


@pytest.mark.parametrize(("related", "cluster"), [
    ("liên quan nhóm truyền giáo ở Gò Vấp", ("nhóm truyền giáo", "Gò Vấp")),
    ("liên quan đến công ty may Việt Thắng", ("công ty may Việt Thắng", None)),
    ("liên quan chợ Bình Điền", ("chợ Bình Điền", None)),
])
def test_cases_related_to_a_group_or_a_place_are_a_clusters_count(related, cluster):
    # 19 related, 7 isolated already: 26. The group's words are the cluster's name, a district
    # after "ở" its place.
    r = parse_bulletin(f"HCDC cho biết ngày 9/6 thành phố ghi nhận 26 ca mắc mới, 19 ca {related}, "
                       "7 ca đã cách ly.")
    assert [(c["cluster"], c["place"], c["new_cases"]) for c in r["by_cluster"]] == [
        (*cluster, 19)]
    assert (r["new_cases"], r["quarantine"], r["unparsed"], r["status"]) == (26, 7, [], "ok")


def test_a_total_said_with_the_day_it_counts_from_after_it_is_a_running_total():
    r = parse_bulletin("Ngày 9/6, thành phố Hà Nội ghi nhận 4 ca mắc mới, đều đã được cách ly. "
                       "Tổng cộng Hà Nội có 512 ca từ ngày 27/4.")
    assert r["cumulative"] == {"since": "2021-04-27", "wave": 4, "total": 512}
    assert (r["new_cases"], r["unparsed"], r["status"]) == (4, [], "ok")
    # "tổng cộng" of a count with no day of its own is no running total.
    r = parse_bulletin("Ngày 9/6, thành phố Hà Nội ghi nhận 4 ca mắc mới, tổng cộng 4 ca.")
    assert r.get("cumulative") is None


@pytest.mark.parametrize("after", ["", ", tất cả đều đã được cách ly trước đó"])
def test_a_bare_list_after_a_count_followed_by_its_day(after):
    # The day after the count ("ngày 5/8") is no count the list could break down: 7 + 3 + 2 =
    # 12, the day's; all 12 isolated before when the text says so.
    r = parse_bulletin(f"Lâm Đồng ghi nhận 12 ca mắc mới ngày 5/8{after}. Đà Lạt 7 ca, Bảo Lộc 3 "
                       "ca, Đức Trọng 2 ca.")
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Đà Lạt", 7), ("Bảo Lộc", 3), ("Đức Trọng", 2)]
    assert (r["jurisdiction"]["code"], r["new_cases"], r.get("quarantine"), r["status"]) == (
        68, 12, 12 if after else None, "ok")


def test_places_in_the_clause_after_the_days_count_and_a_semicolon():
    # 2 x 300 + 200 named and 100 the rest: the day's 900, the day's list.
    r = parse_bulletin("Tối 2/9, Sở Y tế Bình Dương thông báo toàn tỉnh ghi nhận 900 ca mắc mới; "
                       "Thuận An và Dĩ An mỗi nơi 300 ca, Thủ Dầu Một 200 ca, các huyện còn lại "
                       "100 ca.")
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Thuận An", 300), ("Dĩ An", 300), ("Thủ Dầu Một", 200)]
    assert (r["jurisdiction"]["code"], r["new_cases"], r["unparsed"], r["status"]) == (
        74, 900, [], "ok")
    # 300 + 200 of 900, no rest: places picked out, not the list.
    r = parse_bulletin("Tối 2/9, Sở Y tế Bình Dương thông báo toàn tỉnh ghi nhận 900 ca mắc mới; "
                       "Thuận An 300 ca, Dĩ An 200 ca.")
    assert [(e["written"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        ("Thuận An", 300), ("Dĩ An", 200)]
    assert (r["by_unit"], r["new_cases"], r["status"]) == ([], 900, "ok")


@pytest.mark.parametrize(("text", "key", "items"), [
    ("Nghệ An ngày 20/9 ghi nhận 30 F0 mới, trong đó 25 ca trong khu cách ly, 5 ca cộng đồng "
     "tại TP Vinh (3), Cửa Lò (2).", "community_by_unit", [(412, 3), (413, 2)]),
    ("Hà Nội ngày 20/11 ghi nhận 30 ca mắc mới, gồm 12 ca cộng đồng, 18 ca ở khu phong tỏa tại "
     "Hoàng Mai (10), Đống Đa (8).", "quarantine_by_unit", [(8, 10), (6, 8)]),
])
def test_a_list_after_the_last_of_the_days_parts_is_that_parts(text, key, items):
    # The list adds up to the last part's count (3 + 2 = 5, 10 + 8 = 18), said in its clause:
    # it lists that part, not the day's cases, though the intro names both parts.
    r = parse_bulletin(text)
    assert [(e["code"], e["new_cases"]) for e in r[key]] == items
    assert (r["by_unit"], r["new_cases"], r["status"]) == ([], 30, "ok")


def test_the_days_new_cases_named_before_their_count_in_a_national_text():
    # "Số ca mắc mới trong ngày là 5.200 ca": the day's new cases, not domestic ones; the two
    # places after "trong đó" (2.000 + 900 of 5.200) are picked out of them.
    r = parse_bulletin("Theo Bộ Y tế, ngày 16/10 cả nước có 150 ca tử vong. Số ca mắc mới trong "
                       "ngày là 5.200 ca, trong đó TP HCM 2.000 ca, Bình Dương 900 ca.")
    assert (r["kind"], r["new_cases"], r.get("domestic"), r["by_unit"]) == (
        "national_daily", 5200, None, [])
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (79, 2000), (74, 900)]
    assert (r["deaths"], r["status"]) == (150, "ok")


def test_every_case_of_the_day_in_one_district_is_the_days_list():
    r = parse_bulletin("Ngày 4/11, Hải Phòng ghi nhận thêm 9 ca mắc mới, đều ở huyện Tiên Lãng.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(315, 9)]
    assert (r["new_cases"], r["status"]) == (9, "ok")
    # "đều" of a part, not of a place: no list.
    r = parse_bulletin("Ngày 4/11, Hải Phòng ghi nhận thêm 9 ca mắc mới, đều ở khu cách ly.")
    assert (r["by_unit"], r["quarantine"], r["status"]) == ([], 9, "ok")


def test_a_statement_after_a_lists_last_semicolon_closes_the_list():
    # 11 + 4 + 3 = 18, the day's; "16 ca đã được cách ly trước" is the quarantine part.
    r = parse_bulletin("Quảng Nam tối 4/10 thông báo ghi nhận 18 ca mắc mới, gồm 11 ca tại Hội "
                       "An, 4 ca ở Điện Bàn và 3 ca ở Duy Xuyên; 16 ca đã được cách ly trước.")
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Hội An", 11), ("Điện Bàn", 4), ("Duy Xuyên", 3)]
    assert (r["new_cases"], r["quarantine"], r["unparsed"], r["status"]) == (18, 16, [], "ok")


def test_a_bare_list_after_the_days_count_and_its_change():
    # "giảm 8 ca so với hôm qua" is a change, not a count the list could break down: 30 + 20
    # + 10 = 60, the day's.
    r = parse_bulletin("Cà Mau: Ngày 9/9, tỉnh ghi nhận 60 ca mắc mới, giảm 8 ca so với hôm qua. "
                       "Năm Căn 30 ca, Cái Nước 20 ca, Đầm Dơi 10 ca.")
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Năm Căn", 30), ("Cái Nước", 20), ("Đầm Dơi", 10)]
    assert (r["new_cases"], r["change_vs_yesterday"], r["status"]) == (60, -8, "ok")


def test_one_place_its_count_first_then_the_rest_after_trong_do():
    # 120 in Tân An, 45 the rest: 165, the day's.
    r = parse_bulletin("Ngày 16/10, Long An ghi nhận 165 ca mắc mới, trong đó 120 ca ở Tân An, 45 "
                       "ca ở các huyện khác.")
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [("Tân An", 120)]
    by_unit_sum = next(c for c in r["checks"] if c["name"] == "by_unit_sum")
    assert by_unit_sum["params"] == {"sum": 120, "rest": 45, "total": 165}
    assert (r["new_cases"], r["unparsed"], r["status"]) == (165, [], "ok")


def test_the_places_with_the_most_deaths_are_some_of_the_days_deaths():
    # 60 + 20 + 15 = 95 of the 180 deaths: the places with the most, not all of them.
    r = parse_bulletin("Ngày 13/12, cả nước ghi nhận 14.000 ca mắc mới, 180 ca tử vong. Các địa "
                       "phương có số ca tử vong cao: TP HCM 60 ca, Cà Mau 20 ca, Tây Ninh 15 ca.")
    assert [(e["code"], e["deaths"]) for e in r["deaths_by_unit"]] == [(79, 60), (96, 20),
                                                                      (72, 15)]
    assert (r["deaths"], r["status"]) == (180, "ok")
    # The same list that adds up short with no such words is flagged.
    r = parse_bulletin("Ngày 13/12, cả nước ghi nhận 14.000 ca mắc mới, 180 ca tử vong. Các ca tử "
                       "vong tại: TP HCM 60 ca, Cà Mau 20 ca, Tây Ninh 15 ca.")
    assert r["status"] == "needs_review"


def test_a_place_said_to_come_second_is_a_top_place():
    r = parse_bulletin("Tối 10/10, Bộ Y tế cho biết cả nước có 3.500 ca mắc mới; TP HCM vẫn dẫn "
                       "đầu với 1.300 ca, Bình Dương đứng thứ hai với 1.000 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (79, 1300), (74, 1000)]
    assert (r["by_unit"], r["new_cases"], r["unparsed"], r["status"]) == ([], 3500, [], "ok")
    r = parse_bulletin("Tối 10/10, Bộ Y tế cho biết cả nước có 3.500 ca mắc mới. Đồng Nai đứng "
                       "thứ ba với 400 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(75, 400)]
    assert r["status"] == "ok"


def test_items_with_their_count_first_after_the_days_count_and_a_semicolon():
    # "thêm 3 ca mắc COVID-19" is the day's count though no word after it says so; its day
    # ("ngày 18/8") is no count: 2 + 1 = 3 are its places.
    r = parse_bulletin("Quảng Trị ghi nhận thêm 3 ca mắc COVID-19 ngày 18/8; 2 ca tại Đông Hà và "
                       "1 ca tại Gio Linh.")
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Đông Hà", 2), ("Gio Linh", 1)]
    assert (r["new_cases"], r["unparsed"], r["status"]) == (3, [], "ok")


def test_a_place_picked_out_then_its_share_of_the_day():
    r = parse_bulletin("Ngày 6/9, Bình Dương ghi nhận 2.000 ca mắc mới. Riêng Thuận An 1.100 ca, "
                       "chiếm hơn một nửa.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(725, 1100)]
    assert (r["new_cases"], r["unparsed"], r["status"]) == (2000, [], "ok")


@pytest.mark.parametrize("area", ["tất cả đều ở khu vực đã phong tỏa",
                                  "trong đó 4 ca cộng đồng, 8 ca trong vùng bị phong tỏa"])
def test_cases_in_an_area_locked_down_are_found_isolated(area):
    r = parse_bulletin(f"Từ 6h đến 18h ngày 14/8, TP Đà Nẵng ghi nhận 12 ca dương tính, {area}.")
    assert (r["new_cases"], r["quarantine"], r["status"]) == (
        12, 12 if "tất cả" in area else 8, "ok")


def test_recovered_named_with_discharged_before_their_count():
    r = parse_bulletin("TP.HCM ngày 29/8 có 6.800 ca mắc mới; số ca khỏi bệnh xuất viện là 6.100, "
                       "số ca tử vong là 230.")
    assert (r["new_cases"], r["recovered"], r["deaths"], r["status"]) == (6800, 6100, 230, "ok")


def test_places_after_trong_do_a_little_short_of_the_day_are_the_list_flagged():
    # 880 of 900 named: the whole list misprinted more likely than places picked out; it stays
    # the day's list and the sum check flags it.
    r = parse_bulletin("Ngày 20/8, TP.HCM ghi nhận 900 ca mắc mới. Trong đó: Quận 7: 500 ca; "
                       "Thủ Đức: 300 ca; Hóc Môn: 80 ca.")
    assert [e["new_cases"] for e in r["by_unit"]] == [500, 300, 80]
    assert r.get("top_by_unit") is None and r["status"] == "needs_review"


def test_a_place_said_to_account_for_its_count():
    # "Tân Uyên chiếm 900 ca": the verb between the name and its count, as "có" is.
    r = parse_bulletin("Bình Dương sáng 2/9 ghi nhận thêm 2.500 ca, trong đó Tân Uyên chiếm 900 "
                       "ca, Bến Cát 600 ca, còn lại rải rác ở các địa phương khác.")
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Tân Uyên", 723, 900), ("Bến Cát", 721, 600)]
    assert (r["new_cases"], r["status"]) == (2500, "ok")


def test_a_place_said_to_be_the_one_with_the_most():
    r = parse_bulletin("Tính từ 18h ngày 4/10 đến 18h ngày 5/10, Đồng Nai ghi nhận 450 ca, giảm 50 "
                       "ca so với hôm trước; Long Khánh vẫn là địa phương có số ca cao nhất với "
                       "120 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(732, 120)]
    assert (r["new_cases"], r["unparsed"], r["status"]) == (450, [], "ok")


@pytest.mark.parametrize("what", ["tổng số F0", "số F0", "tổng số trường hợp"])
def test_a_running_total_of_f0_risen_to(what):
    # Bình Dương's evening reports of August 2021 count "F0" as others count "ca".
    r = parse_bulletin("Theo Sở Y tế Bình Dương, tính từ 18h ngày 24/8 đến 18h ngày 25/8, tỉnh "
                       f"ghi nhận thêm 2.765 F0, nâng {what} của tỉnh lên 89.410 ca.")
    assert (r["kind"], r["date"], r["new_cases"]) == ("city_daily", "2021-08-25", 2765)
    assert r["cumulative"] == {"total": 89410, "since": None}
    assert (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize("intro", ["Các quận có nhiều F0 nhất:", "Các quận có số F0 cao nhất là",
                                   "Nhiều F0 nhất là"])
def test_the_places_with_the_most_f0_are_a_top_list(intro):
    # HCDC's evening reports of autumn 2021 count "F0": the places with the most are some of
    # the day's, not its whole list (210 + 185 + 140 = 535 of 1.530).
    r = parse_bulletin("Tối 3/10, HCDC cho biết TP HCM ghi nhận 1.530 F0. "
                       f"{intro} Bình Tân (210), Bình Chánh (185), Quận 8 (140).")
    assert (r["new_cases"], r["by_unit"]) == (1530, [])
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (777, 210), (785, 185), (776, 140)]
    assert (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize("found", ["phát hiện qua xét nghiệm sàng lọc cộng đồng",
                                   "được phát hiện qua sàng lọc tại cộng đồng"])
def test_cases_found_by_the_communitys_screening_are_community_cases(found):
    r = parse_bulletin(f"Tối 3/10, HCDC cho biết TP HCM ghi nhận 1.530 F0, trong đó có 1.201 F0 "
                       f"{found}.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (1530, 1201, None)
    assert (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize("split", [
    "trong đó 3.025 F0 được phát hiện tại khu phong tỏa, khu cách ly và 496 F0 tại cộng đồng.",
    "trong đó 3.025 F0 trong khu phong tỏa hoặc khu cách ly và 496 F0 tại cộng đồng.",
    "số F0 trong khu cách ly, khu phong tỏa là 3.025, số F0 tại cộng đồng là 496.",
])
def test_one_count_of_the_quarantine_and_lockdown_areas_together(split):
    # TP HCM's evening reports of August 2021: the count is both areas', none of it said to be
    # the lockdown's alone (3.025 + 496 = 3.521).
    r = parse_bulletin(f"Tối 15/8, TP HCM ghi nhận 3.521 F0 mới; {split}")
    assert (r["new_cases"], r["quarantine"], r["community"]) == (3521, 3025, 496)
    assert r.get("lockdown") is None
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_count_of_ca_f0_is_a_count_of_cases():
    # Bình Dương's reports of September 2021: "ca F0", both nouns of one case; its districts'
    # counts add up to it (1.020 + 870 + 615 + 500 = 3.005).
    r = parse_bulletin("Bình Dương: Trong 24 giờ qua (từ 18h ngày 9/9 đến 18h ngày 10/9) ghi nhận "
                       "3.005 ca F0, trong đó có 2.510 F0 trong khu cách ly, khu phong tỏa và 495 "
                       "F0 ngoài cộng đồng. Thuận An 1.020 ca, Dĩ An 870 ca, Thủ Dầu Một 615 ca, "
                       "Bến Cát 500 ca.")
    assert (r["date"], r["new_cases"], r["quarantine"], r["community"]) == (
        "2021-09-10", 3005, 2510, 495)
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        (725, 1020), (724, 870), (718, 615), (721, 500)]
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_days_count_split_in_brackets_is_the_days():
    r = parse_bulletin("TP HCM tối 6/10: thành phố ghi nhận 1.250 F0 (gồm 1.050 F0 cộng đồng, 200 "
                       "F0 cách ly), 15 ca tử vong.")
    assert (r["new_cases"], r["community"], r["quarantine"], r["deaths"]) == (1250, 1050, 200, 15)
    assert "new_cases" not in (r.get("derived") or [])
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_the_days_ca_f0_named_before_its_count():
    r = parse_bulletin("Bình Dương ngày 30/8: Số ca F0 mới trong ngày là 2.870 ca; trong đó cộng "
                       "đồng 640 ca, khu cách ly 2.230 ca.")
    assert (r["date"], r["new_cases"], r["community"], r["quarantine"]) == (
        "2021-08-30", 2870, 640, 2230)
    assert "new_cases" not in (r.get("derived") or [])
    assert (r["unparsed"], r["status"]) == ([], "ok")


@pytest.mark.parametrize("said", ["Trung bình 7 ngày qua, mỗi ngày TP HCM ghi nhận 1.320 F0.",
                                  "Trung bình 7 ngày qua, thành phố Hồ Chí Minh có 1.320 ca mỗi "
                                  "ngày."])
def test_a_seven_day_average_with_the_place_named_before_its_count(said):
    r = parse_bulletin("Tối 8/10, TP HCM ghi nhận 1.169 F0, trong đó 813 F0 cộng đồng và 356 F0 "
                       f"trong khu cách ly. {said}")
    assert (r["new_cases"], r["avg7_cases"], r["community"]) == (1169, 1320, 813)
    assert (r["unparsed"], r["status"]) == ([], "ok")
