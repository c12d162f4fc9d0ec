"""Forms the ministry's notices and their copies take on days other than those of the real
texts of 2021 (found by benchmarks/bench_bulletins_rewrites.py): each on a short text written
for the test, with invented figures, asserting the fields read."""

from __future__ import annotations

from episurv.bulletins import parse_bulletin, places
from episurv.bulletins.lists import read_counts
from episurv.bulletins.segment import normalise


def _units(r: dict, key: str = "by_unit") -> list[tuple[str, int]]:
    return [(e["written"], e["new_cases"]) for e in r.get(key) or []]


def test_a_notice_line_whose_counts_in_brackets_name_their_noun():
    # "Name (n ca)" is the bracketed item of the notice with its noun, as news copies write it.
    r = parse_bulletin("- 41 ca ghi nhận trong nước tại Nghệ An (30 ca), Hà Tĩnh (11 trường "
                       "hợp); trong đó 40 ca được phát hiện trong khu cách ly.", date="2021-06-03")
    assert (r["kind"], r["date"], r["domestic"], r["quarantine"]) == (
        "moh_timeline", "2021-06-03", 41, 40)
    assert _units(r) == [("Nghệ An", 30), ("Hà Tĩnh", 11)]
    assert r["status"] == "ok"


def test_a_notice_listing_provinces_with_the_noun_in_brackets_is_the_ministrys():
    # No speaker named, the cases' details by district: its list of provinces tells the kind.
    r = parse_bulletin("THÔNG BÁO VỀ 9 CA MẮC MỚI\nGồm 9 ca mắc ghi nhận trong nước: Quảng Nam "
                       "(6 ca), Hải Dương (3 ca)\n- CA BỆNH BN9001 ghi nhận tại tỉnh Quảng Nam: "
                       "Bệnh nhân nam, 30 tuổi, địa chỉ tại huyện Duy Xuyên, tỉnh Quảng Nam.",
                       date="2021-05-08")
    assert (r["kind"], r["new_cases"], r["domestic"]) == ("moh_timeline", 9, 9)
    assert _units(r) == [("Quảng Nam", 6), ("Hải Dương", 3)]


def test_a_city_written_with_a_dot_between_the_letters_of_its_abbreviation():
    # "T.P Hồ Chí Minh" is "TP Hồ Chí Minh": the "." after "T" ends no sentence, and the
    # gazetteer drops the prefix so written.
    r = parse_bulletin("- 70 ca ghi nhận trong nước tại Bắc Ninh (9), T.P Hồ Chí Minh (61).",
                       date="2021-06-05")
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Bắc Ninh", 27, 9), ("T.P Hồ Chí Minh", 79, 61)]
    assert (r["kind"], r["domestic"], r["status"]) == ("moh_timeline", 70, "ok")
    assert places.district("T.X Sơn Tây", 1)["code"] == 269


def test_a_capitalised_noun_before_one_place_of_imported_cases():
    r = parse_bulletin("THÔNG BÁO VỀ 5 CA MẮC MỚI\nTrong đó có 01 Ca cách ly ngay sau khi nhập "
                       "cảnh tại Khánh Hòa; 4 ca mắc ghi nhận trong nước tại Hà Nam (3), Hải "
                       "Dương (1).", date="2021-05-09")
    assert (r["new_cases"], r["imported"], r["domestic"]) == (5, 1, 4)
    assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(56, 1)]
    assert _units(r) == [("Hà Nam", 3), ("Hải Dương", 1)]


def test_a_list_after_tai_whose_items_put_a_colon_before_their_count():
    # The first ":" is the first item's, not the end of an intro: "tại Lạng Sơn: 1 ca, ...".
    r = parse_bulletin("Bộ Y tế sáng 9/6 ghi nhận 21 ca mắc mới, đều đã được cách ly.\nCác ca "
                       "mới ghi nhận tại Hà Nam: 4 ca, Thái Bình: 17 ca.")
    assert _units(r) == [("Hà Nam", 4), ("Thái Bình", 17)]
    assert (r["kind"], r["new_cases"], r["status"]) == ("moh_timeline", 21, "ok")
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 17 ca cộng đồng tại Thanh Xuân: 12 ca, "
                       "Đống Đa: 5 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["community_by_unit"]] == [(9, 12), (6, 5)]
    assert (r["community"], r["status"]) == (17, "ok")


_CASE_DETAIL = ("- CA BỆNH BN9101 ghi nhận tại tỉnh Hưng Yên: Bệnh nhân nữ, 30 tuổi, địa chỉ tại "
                "huyện Văn Lâm, tỉnh Hưng Yên; là F1, đã được cách ly tại huyện Văn Lâm, điều "
                "trị tại phường Phương Mai, quận Đống Đa.")


def test_a_notice_whose_first_listed_place_is_a_hospital_is_told_by_the_next_item():
    # A hospital names no unit; the province after it ("và ...", or on the next line) tells a
    # notice of provinces from a city's report of districts.
    for joined in (" và ", "\n"):
        r = parse_bulletin(f"THÔNG BÁO VỀ 30 CA MẮC MỚI\nGồm 30 ca mắc ghi nhận trong nước tại "
                           f"Bệnh viện Bạch Mai (5){joined}Hưng Yên (25).\n{_CASE_DETAIL}",
                           date="2021-05-10")
        assert (r["kind"], r["new_cases"], r["domestic"], r["status"]) == (
            "moh_timeline", 30, 30, "ok")
        assert _units(r) == [("Bệnh viện Bạch Mai", 5), ("Hưng Yên", 25)]


def test_a_lists_total_stated_after_its_items():
    # "tổng cộng 47 ca" closes the list: the list's total, no place; the clause after it goes on.
    r = parse_bulletin("- Ghi nhận trong nước tại Hải Dương (40), Quảng Ninh (7), tổng cộng 47 "
                       "ca; trong đó 45 ca được phát hiện trong khu cách ly.", date="2021-06-07")
    assert (r["kind"], r["domestic"], r["new_cases"], r["quarantine"], r["status"]) == (
        "moh_timeline", 47, 47, 45, "ok")
    assert "domestic" not in r["derived"]
    assert _units(r) == [("Hải Dương", 40), ("Quảng Ninh", 7)]
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận các ca cộng đồng tại Thanh Xuân 12, Đống Đa "
                       "5, tổng cộng 17 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["community_by_unit"]] == [(9, 12), (6, 5)]
    assert (r["community"], r["status"]) == (17, "ok")


def test_a_total_closing_a_list_is_no_item():
    entries, pending = read_counts("TP. Hồ Chí Minh (2.461), Bình Dương (1.283); tổng cộng "
                                   "3.744 ca")
    assert [(e.name, e.count) for e in entries] == [("TP. Hồ Chí Minh", 2461),
                                                    ("Bình Dương", 1283)]
    assert pending == []


def test_a_notice_whose_items_put_a_verb_before_their_count_is_the_ministrys():
    r = parse_bulletin("THÔNG BÁO VỀ 9 CA MẮC MỚI\nGồm 9 ca mắc ghi nhận trong nước: Quảng Nam "
                       f"có 6 ca, Hải Dương có 3 ca\n{_CASE_DETAIL}", date="2021-05-08")
    assert (r["kind"], r["new_cases"], r["domestic"]) == ("moh_timeline", 9, 9)
    assert _units(r) == [("Quảng Nam", 6), ("Hải Dương", 3)]


def test_all_of_a_list_said_after_its_last_item_leaves_that_item_its_place():
    # "đều" after the last item speaks of every case listed: the item's count stays its
    # place's, and no count of the measure is stated (the line's count is not repeated).
    r = parse_bulletin("- 30 ca ghi nhận trong nước tại: Hải Dương 25 ca, Bệnh viện Phổi Trung "
                       "ương 5 ca đều là các ca được phát hiện trong khu cách ly.",
                       date="2021-06-20")
    assert _units(r) == [("Hải Dương", 25), ("Bệnh viện Phổi Trung ương", 5)]
    assert (r["new_cases"], r["quarantine"], r["status"]) == (30, None, "ok")


def test_all_of_a_notices_domestic_cases_said_of_them_keeps_them_domestic():
    # The line's count, not said to be new, is the domestic count; the day's is it with the
    # imported ones (none here), and every one was found isolated.
    r = parse_bulletin("- 14 ca ghi nhận trong nước, đều là các ca được phát hiện trong khu "
                       "cách ly, tại Hà Nam (10), Bắc Ninh (4).", date="2021-06-21")
    assert (r["domestic"], r["quarantine"], r["new_cases"]) == (14, 14, 14)
    assert "new_cases" in r["derived"]


def test_a_lists_total_followed_by_what_its_cases_are_closes_the_list():
    r = parse_bulletin("Các tỉnh ghi nhận ca mắc: Kiên Giang (8), Bệnh viện Chợ Rẫy (2), tổng "
                       "cộng 10 ca, trong đó 6 ca trong cộng đồng.", date="2021-06-22")
    assert _units(r) == [("Kiên Giang", 8), ("Bệnh viện Chợ Rẫy", 2)]
    assert r["list_totals"] == {"by_unit": 10}
    assert (r["community"], r["status"]) == (6, "ok")


def test_a_list_copied_in_capitals_goes_on_across_its_line_breaks():
    # A line of capitals that holds a list's items, or breaks a name at its hyphen, is no
    # heading: the list and the name go on on the next line.
    r = parse_bulletin("THÔNG BÁO VỀ 23 CA MẮC MỚI\nTrong ngày ghi nhận 23 ca mắc mới trong "
                       "nước tại 3 tỉnh, thành phố.\nCác tỉnh, thành phố ghi nhận ca bệnh như "
                       "sau:\nĐỒNG NAI (12), TÂY NINH (6), BÀ RỊA -\nVŨNG TÀU (5).",
                       date="2021-10-12")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(75, 12), (72, 6), (77, 5)]
    assert r["status"] == "ok"


def test_a_notice_placing_its_cases_in_several_provinces_is_the_ministrys():
    # No speaker, one list item (a hospital, no unit), case details by district: cases found
    # in two provinces or more are no city's own.
    r = parse_bulletin("THÔNG BÁO VỀ 3 CA MẮC MỚI\n2 ca mắc ghi nhận trong nước tại Bệnh viện "
                       "Phổi Trung ương (2).\n- CA BỆNH BN5001 ghi nhận tại tỉnh Thái Bình: địa "
                       "chỉ tại huyện Kiến Xương.\n- CA BỆNH BN5002 ghi nhận tại Thành phố Hải "
                       "Phòng: địa chỉ tại quận Lê Chân.", date="2021-05-15")
    assert r["kind"] == "moh_timeline"
    assert _units(r) == [("Bệnh viện Phổi Trung ương", 2)]


def test_small_counts_in_words_in_a_notices_list_without_brackets():
    r = parse_bulletin("- 19 ca ghi nhận trong nước tại Đồng Nai 12 ca, Bình Phước hai ca, Long "
                       "An có năm trường hợp.", date="2021-07-02")
    assert _units(r) == [("Đồng Nai", 12), ("Bình Phước", 2), ("Long An", 5)]
    assert (r["domestic"], r["status"]) == (19, "ok")


def test_a_list_whose_items_put_the_count_before_the_place():
    # "12 ca tại X": provincial offices' and news pages' order; "BN" and "bệnh nhân" are the
    # case noun as well as "ca", and "và" joins the last item.
    r = parse_bulletin("- 20 ca ghi nhận trong nước: 11 ca tại Cần Thơ, 6 BN ở tỉnh Sóc Trăng và "
                       "ba bệnh nhân tại Hậu Giang.", date="2021-07-03")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(92, 11), (94, 6), (93, 3)]
    assert (r["domestic"], r["status"]) == (20, "ok")
    # One count before one place with its own count in brackets is a total, not an item.
    r = parse_bulletin("Số ca tử vong trong ngày: 9 ca tại Cần Thơ (5), Hậu Giang (4).",
                       date="2021-07-03")
    assert [(e["code"], e["deaths"]) for e in r["deaths_by_unit"]] == [(92, 5), (93, 4)]


def test_the_count_before_the_place_in_the_national_reports_line():
    # The report's quoted line with its places led by "ở", no bracket anywhere.
    r = parse_bulletin("Bộ Y tế cho biết trong ngày có 40 ca tử vong. Tính từ 17h ngày 13/9 đến "
                       "17h ngày 14/9, ghi nhận 30 ca nhiễm mới, trong đó 2 ca nhập cảnh và 28 ca "
                       "ghi nhận trong nước: 20 BN ở Long An; 8 BN ở Tây Ninh.")
    assert r["kind"] == "national_daily"
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(80, 20), (72, 8)]
    assert (r["domestic"], r["imported"], r["new_cases"]) == (28, 2, 30)


def test_a_date_written_with_the_words_for_day_month_and_year():
    r = parse_bulletin("06:00 ngày 4 tháng 6 năm 2021\nTHÔNG BÁO VỀ 7 CA MẮC MỚI\nCó 7 ca mắc "
                       "ghi nhận trong nước tại Hà Nam (7).")
    assert (r["date"], r["new_cases"]) == ("2021-06-04", 7)
    # "tháng" without "ngày" before it is a span of time, not a day.
    r = parse_bulletin("Hà Nội ghi nhận 12 ca mắc mới, thấp nhất trong 2 tháng 5 ngày qua.",
                       date="2021-11-02")
    assert r["date"] == "2021-11-02"


def test_a_list_numbered_one_item_a_line_with_a_colon_or_a_dash_before_the_count():
    r = parse_bulletin("- 26 ca ghi nhận trong nước, trong đó 20 ca được phát hiện trong khu "
                       "cách ly. Cụ thể như sau:\n1. Nam Định: 14 ca\n2) Thái Bình - 9 ca\n"
                       "3. Bà Rịa - Vũng Tàu: 3 ca", date="2021-06-14")
    assert _units(r) == [("Nam Định", 14), ("Thái Bình", 9), ("Bà Rịa - Vũng Tàu", 3)]
    assert (r["domestic"], r["quarantine"], r["status"]) == (26, 20, "ok")


def test_a_table_whose_cells_are_split_by_bars_with_a_row_number_first():
    # The header row holds no figure and is dropped; the row's own number is no count.
    r = parse_bulletin("- 48 ca ghi nhận trong nước. Cụ thể như sau:\nSTT | Tỉnh | Số ca\n"
                       "1 | Long An | 31\n2 | Tiền Giang | 17", date="2021-07-02")
    assert _units(r) == [("Long An", 31), ("Tiền Giang", 17)]
    assert (r["domestic"], r["status"]) == (48, "ok")
    r = parse_bulletin("- 12 ca ghi nhận trong nước. Cụ thể như sau:\n| Tỉnh | Số ca |\n"
                       "| Hà Giang | 7 |\n| Lào Cai | 5 |", date="2021-07-02")
    assert _units(r) == [("Hà Giang", 7), ("Lào Cai", 5)]


def test_a_table_under_a_sentence_that_is_done_is_the_list_its_header_announces():
    r = parse_bulletin("- 35 ca ghi nhận trong nước.\nTỉnh, thành phố\tSố ca mắc mới\n"
                       "Quảng Ninh\t20\nHải Phòng\t15", date="2021-07-02")
    assert _units(r) == [("Quảng Ninh", 20), ("Hải Phòng", 15)]
    assert (r["domestic"], r["status"]) == (35, "ok")


def test_each_province_given_its_count_in_a_sentence_of_its_own():
    r = parse_bulletin("+ 1.130 ca ghi nhận trong nước, trong đó 900 ca được phát hiện trong "
                       "khu cách ly.\nTỉnh Bình Dương ghi nhận 1.002 ca. TP. Cần Thơ có 120 ca "
                       "mắc mới.\nTại Sóc Trăng có thêm 8 trường hợp.", date="2021-08-01")
    assert _units(r) == [("Tỉnh Bình Dương", 1002), ("TP. Cần Thơ", 120), ("Sóc Trăng", 8)]
    assert (r["kind"], r["domestic"], r["status"]) == ("moh_timeline", 1130, "ok")


def test_districts_given_their_counts_in_sentences_of_their_own_are_a_citys_list():
    r = parse_bulletin("Tối 5/12, Sở Y tế Hà Nội cho biết thành phố ghi nhận 90 ca mắc mới. "
                       "Quận Hoàng Mai có 61 ca. Huyện Đông Anh ghi nhận 29 trường hợp.")
    assert (r["kind"], r["new_cases"], r["status"]) == ("city_daily", 90, "ok")
    assert _units(r) == [("Quận Hoàng Mai", 61), ("Huyện Đông Anh", 29)]


def test_a_citys_own_total_before_one_districts_sentence_is_no_list():
    # The city is a province, the district a unit named with its kind: not items of one list.
    assert normalise("CDC Hà Nội, tối 5/12.\nHà Nội ghi nhận 410 ca mắc mới. Quận Hoàng Mai "
                     "có 60 ca.").endswith("Hà Nội ghi nhận 410 ca mắc mới. Quận Hoàng Mai có "
                                           "60 ca.")
    # Nor are names without a kind that are no province ("Hôm nay").
    assert "Cụ thể" not in normalise("Hôm nay có 12 ca. Hôm qua có 9 ca.")
    r = parse_bulletin("CDC Hà Nội, tối 5/12.\nHà Nội ghi nhận 410 ca mắc mới. Quận Hoàng Mai "
                       "có 60 ca.")
    assert (r["kind"], r["new_cases"], r["status"]) == ("city_daily", 410, "ok")


def test_a_deaths_line_whose_count_is_approximate_gives_the_sum_of_its_list():
    # "khoảng 40 ca tử vong" states no count; the list under it does, place by place.
    r = parse_bulletin("Ngày 9/12, Bộ Y tế cho biết cả nước ghi nhận 14.100 ca mắc mới.\n\nSố "
                       "bệnh nhân tử vong: Từ 17h ngày 8/12 đến 17h ngày 9/12 ghi nhận khoảng 40 "
                       "ca tử vong tại: Long An (21), Cà Mau (16).")
    assert [(e["written"], e["deaths"]) for e in r["deaths_by_unit"]] == [
        ("Long An", 21), ("Cà Mau", 16)]
    assert r["deaths"] == 37 and "deaths" in r["derived"]
    assert [(a["about"], a["count"]) for a in r["approximate"]] == [("khoảng", 40)]


def test_a_page_copy_broken_after_the_dot_of_tp_with_windows_line_ends():
    # "TP.\r\nHồ Chí Minh": the "." of the abbreviation ends no sentence, the break is a wrap.
    r = parse_bulletin("Ngày 3/7, Bộ Y tế cho biết cả nước có 52 ca mắc mới.\r\nCụ thể: TP.\r\n"
                       "Hồ Chí Minh (45), Tây Ninh (7).")
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        ("TP. Hồ Chí Minh", 79, 45), ("Tây Ninh", 72, 7)]
    assert (r["new_cases"], r["status"]) == (52, "ok")
    assert normalise("Bác sĩ H.\nNam có 3 ca.") == "Bác sĩ H.\nNam có 3 ca."


def test_a_speakers_clause_then_the_citys_count_with_the_case_noun_alone():
    # "ghi nhận 410 ca": no "mới", no qualifier; the day's count when no other figure is.
    for said, n in (("Sở Y tế Hà Nội cho biết: Hà Nội ghi nhận 410 ca.", 410),
                    ("Tối 5/10, CDC Đà Nẵng cho biết thành phố phát hiện 52 trường hợp trong "
                     "ngày.", 52)):
        r = parse_bulletin(said, date="2021-10-05")
        assert (r["kind"], r["new_cases"], r["unparsed"]) == ("city_daily", n, [])
    # Once the day's count is read, a place's bare count is not taken for it.
    r = parse_bulletin("Hà Nội ghi nhận 410 ca mắc mới. Ổ dịch chợ Hôm ghi nhận 12 ca.",
                       date="2021-10-05")
    assert r["new_cases"] == 410


def test_a_list_after_a_count_split_into_parts_details_the_count_it_adds_up_to():
    # ", cụ thể như sau:" names nothing: the list is that of the count its items add up to,
    # whole (the day's, the domestic) or part, not of the first part the intro names.
    r = parse_bulletin("Tối 5/10, Hà Nội ghi nhận 410 ca mắc mới, trong đó 120 ca cộng đồng, 290 "
                       "ca trong khu cách ly, cụ thể như sau: Hoàng Mai (200), Thanh Xuân (210).")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(8, 200), (9, 210)]
    assert (r["new_cases"], r["community"], r["quarantine"], r["community_by_unit"]) == (
        410, 120, 290, [])
    assert r["status"] == "ok"
    r = parse_bulletin("- 410 ca ghi nhận trong nước, trong đó 400 ca được phát hiện trong khu "
                       "cách ly, cụ thể như sau: Bắc Giang (200), Bắc Ninh (210).",
                       date="2021-06-05")
    assert _units(r) == [("Bắc Giang", 200), ("Bắc Ninh", 210)]
    assert (r["domestic"], r["quarantine"], r["status"]) == (410, 400, "ok")
    assert "quarantine_by_unit" not in r
    # A list that adds up to the part is the part's.
    r = parse_bulletin("Tối 5/10, Hà Nội ghi nhận 410 ca mắc mới, trong đó 120 ca cộng đồng, 290 "
                       "ca trong khu cách ly, cụ thể như sau: Hoàng Mai (100), Thanh Xuân (20).")
    assert [(e["code"], e["new_cases"]) for e in r["community_by_unit"]] == [(8, 100), (9, 20)]
    assert r["by_unit"] == [] and r["status"] == "ok"


def test_a_notice_under_its_heading_that_states_deaths_and_recoveries_is_the_notice():
    # The heading says what the text is; the deaths and recoveries are still read.
    body = ("Tính từ 17h ngày 04/10 đến 17h ngày 05/10, trên Hệ thống Quốc gia quản lý ca bệnh "
            "COVID-19 ghi nhận 4.000 ca nhiễm mới, trong đó 4 ca nhập cảnh và 3.996 ca ghi nhận "
            "trong nước tại TP. Hồ Chí Minh (2.000), Bình Dương (1.996).\nTrong ngày có 5.000 "
            "bệnh nhân được công bố khỏi bệnh. Trong ngày ghi nhận 100 ca tử vong.\nSố bệnh "
            "nhân đang điều trị nặng là 1.200 ca.\nTình hình xét nghiệm: Trong 24 giờ qua đã "
            "thực hiện 100.000 xét nghiệm.")
    r = parse_bulletin(f"THÔNG BÁO VỀ 4.000 CA MẮC MỚI\n{body}")
    assert (r["kind"], r["date"], r["new_cases"], r["domestic"], r["imported"]) == (
        "moh_timeline", "2021-10-05", 4000, 3996, 4)
    assert (r["deaths"], r["recovered"], r["severe"], r["tests_samples"], r["status"]) == (
        100, 5000, 1200, 100000, "ok")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(79, 2000), (74, 1996)]
    # Without the heading the same figures are the national report's.
    assert parse_bulletin(body)["kind"] == "national_daily"


def test_a_headlines_colon_before_a_statement_leads_no_list():
    # "Hà Nội: 5/10 ghi nhận ...": the words after the first ":" state the day's count, so the
    # list starts after the next one ("tại 4 quận, huyện: ...").
    r = parse_bulletin("Hà Nội: 5/10 ghi nhận 28 ca mắc mới tại 4 quận, huyện: quận Ba Đình 5, "
                       "Hoàng Mai 3, Đống Đa 4, Thanh Xuân 16.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(1, 5), (8, 3), (6, 4),
                                                                   (9, 16)]
    assert (r["date"], r["new_cases"], r["status"]) == ("2021-10-05", 28, "ok")
    # A speaker's colon likewise.
    r = parse_bulletin("Sở Y tế Hà Nội cho biết: Hà Nội ghi nhận 410 ca mắc mới, trong đó 120 ca "
                       "cộng đồng, 290 ca trong khu cách ly, cụ thể như sau: Hoàng Mai (200), "
                       "Thanh Xuân (210).", date="2021-10-05")
    assert [(e["written"], e["new_cases"]) for e in r["by_unit"]] == [("Hoàng Mai", 200),
                                                                      ("Thanh Xuân", 210)]
    assert (r["new_cases"], r["community"], r["quarantine"], r["status"]) == (410, 120, 290, "ok")
    # Or after "gồm", when the words after the colon state the count ("có 12 ca").
    r = parse_bulletin("Đà Nẵng: 5/10 có 12 ca mắc mới, gồm Hải Châu 5 ca, Thanh Khê 7 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(492, 5), (491, 7)]
    assert (r["date"], r["new_cases"], r["status"]) == ("2021-10-05", 12, "ok")


def test_places_after_of_which_with_their_counts_first():
    # "trong đó 30 ca tại Nha Trang, ...": the list opens at "trong đó", not at its first "tại".
    r = parse_bulletin("Tối 5/10, Khánh Hòa ghi nhận 51 ca COVID-19, trong đó 30 ca tại Nha "
                       "Trang, 21 ca tại Cam Ranh.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(568, 30), (569, 21)]
    assert (r["new_cases"], r["status"]) == (51, "ok")
    # Settings, not places, so split the same: the parts they are.
    r = parse_bulletin("Tối 5/10, Khánh Hòa ghi nhận 51 ca COVID-19, trong đó 30 ca tại khu cách "
                       "ly, 21 ca tại cộng đồng.")
    assert (r["quarantine"], r["community"], r["by_unit"], r["status"]) == (30, 21, [], "ok")


def test_districts_after_of_which_named_with_their_kind_and_a_rest_of_joined_kinds():
    # TP HCM's reports: "trong đó quận Bình Tân 200, ..." (the kind in lower case), the rest
    # "các quận huyện còn lại" (the kinds joined by a space, as by ",").
    r = parse_bulletin("Sáng 05/10/2021, Sở Y tế TP.HCM cho biết thành phố ghi nhận 1.250 F0, "
                       "trong đó quận Bình Tân 200, quận 8 150, các quận huyện còn lại 900.")
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        ("quận Bình Tân", 777, 200), ("quận 8", 776, 150)]
    assert (r["date"], r["new_cases"], r["status"]) == ("2021-10-05", 1250, "ok")
    assert next(c for c in r["checks"] if c["name"] == "by_unit_sum")["params"] == {
        "sum": 350, "rest": 900, "total": 1250}


def test_new_cases_all_said_to_be_contacts_found_isolated():
    r = parse_bulletin("Đà Nẵng sáng 6/10 ghi nhận 3 ca mắc mới, đều là F1 đã được cách ly.")
    assert (r["new_cases"], r["quarantine"], r["status"]) == (3, 3, "ok")


def test_a_national_list_under_the_days_count_not_said_to_be_domestic_totals_the_day():
    # "thêm 4.000 ca COVID-19 mới, trong đó TP HCM ...": the day's count, not a domestic one.
    r = parse_bulletin("Theo bản tin của Bộ Y tế tối 5/10, cả nước có thêm 4.000 ca COVID-19 mới, "
                       "trong đó TP HCM 2.000 ca, Bình Dương 1.000 ca, Đồng Nai 500 ca và 500 ca "
                       "ở các địa phương khác. Cũng trong ngày có 150 ca tử vong, 5.000 ca khỏi "
                       "bệnh.")
    assert (r["kind"], r["new_cases"], r.get("domestic")) == ("national_daily", 4000, None)
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(79, 2000), (74, 1000),
                                                                   (75, 500)]
    assert (r["deaths"], r["recovered"], r["status"]) == (150, 5000, "ok")


def test_the_places_with_many_cases_are_the_top_places_across_a_semicolon():
    # "Các quận có nhiều ca: ..." lists some places, not all: `top_by_unit`, its items grouped
    # and split by ";" as any list's.
    r = parse_bulletin("Tối 28/11, CDC Hà Nội cho biết thành phố ghi nhận 300 F0, gồm 150 F0 cộng "
                       "đồng, 150 F0 tại khu cách ly. Các quận có nhiều ca: Hoàng Mai, Thanh "
                       "Xuân mỗi quận 40 ca; Đống Đa 30 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (8, 40), (9, 40), (6, 30)]
    assert (r["by_unit"], r["new_cases"], r["status"]) == ([], 300, "ok")


def test_a_morning_notice_with_the_days_recoveries_is_read_as_the_notice_it_is():
    # Read as a notice: its imported line and list stay imported, the country's total so far
    # is a running total (read as the report, both were taken for the day's figures).
    r = parse_bulletin("THÔNG BÁO VỀ 1.000 CA MẮC MỚI\n- 2 ca nhập cảnh tại Khánh Hòa (1), Kiên "
                       "Giang (1).\n- 998 ca ghi nhận trong nước tại TP. Hồ Chí Minh (800), Bình "
                       "Dương (198); trong đó 900 ca được phát hiện trong khu cách ly hoặc khu đã "
                       "được phong toả.\n- Tính đến 6h ngày 10/7, Việt Nam có tổng cộng 25.000 ca "
                       "ghi nhận trong nước và 2.000 ca nhập cảnh.\n- Trong ngày có 300 bệnh nhân "
                       "được công bố khỏi bệnh.", date="2021-07-10")
    assert (r["kind"], r["new_cases"], r["imported"], r["domestic"], r["quarantine"]) == (
        "moh_timeline", 1000, 2, 998, 900)
    assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(56, 1), (91, 1)]
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(79, 800), (74, 198)]
    assert (r["cumulative"]["domestic"], r["cumulative"]["imported"]) == (25000, 2000)
    assert (r["recovered"], r["status"]) == (300, "ok")


def test_districts_after_of_which_split_by_semicolons_are_the_whole_list():
    # Not one district picked out: the list goes on after ";".
    r = parse_bulletin("Sáng 6/12, Sở Y tế Cần Thơ thông tin thành phố ghi nhận 680 ca mắc mới. "
                       "Trong đó, quận Ninh Kiều 200 ca; quận Cái Răng 180 ca; quận Bình Thủy 300 "
                       "ca.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(916, 200), (919, 180),
                                                                   (918, 300)]
    assert (r["new_cases"], r.get("top_by_unit"), r["status"]) == (680, None, "ok")


def test_the_change_against_the_day_before_in_other_words():
    for said, change in (("giảm 50 ca so với ngày trước", -50),
                         ("tăng 10 ca so với ngày hôm qua", 10)):
        r = parse_bulletin(f"Tối 5/12, TP HCM ghi nhận 900 ca mắc mới, {said}.")
        assert (r["new_cases"], r["change_vs_yesterday"], r["status"]) == (900, change, "ok")


def test_a_clusters_count_after_a_word_that_sets_the_sentence_apart():
    r = parse_bulletin("Tối 5/12, Hà Nội thêm 90 ca mắc mới, trong đó có 40 ca cộng đồng. Đáng "
                       "chú ý, ổ dịch chợ Hôm ghi nhận thêm 5 ca.")
    assert [(c["cluster"], c["new_cases"]) for c in r["by_cluster"]] == [("chợ Hôm", 5)]
    assert (r["new_cases"], r["community"], r["status"]) == (90, 40, "ok")


def test_a_ministry_list_short_of_the_days_count_with_no_imported_cases_needs_review():
    # No case said to be imported: the provinces are of every case of the day, and 3.000 of
    # 4.000 do not add up (it passed unchecked: the check looked for a domestic count only).
    r = parse_bulletin("Ngày 5/10, Bộ Y tế cho biết cả nước ghi nhận 4.000 ca mắc mới tại TP HCM "
                       "(2.000), Bình Dương (1.000).")
    check = next(c for c in r["checks"] if c["name"] == "by_unit_sum")
    assert (check["ok"], check["params"], r["status"]) == (
        False, {"sum": 3000, "total": 4000}, "needs_review")
    # The places "ghi nhận nhiều ca" are some of them: the most, kept apart.
    r = parse_bulletin("Ngày 5/10, Bộ Y tế cho biết cả nước ghi nhận 4.000 ca mắc mới. Các địa "
                       "phương ghi nhận nhiều ca: TP HCM (2.000), Bình Dương (1.000).")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (79, 2000), (74, 1000)]
    assert (r["by_unit"], r["status"]) == ([], "ok")


def test_a_list_alone_after_the_parts_of_the_days_count():
    # The sentence before ends on the day's parts; the day's count is in the one before that.
    text = ("Đà Nẵng thêm 12 ca mắc COVID-19 (ngày 5/10). Trong đó, 2 ca trong cộng đồng; 10 ca "
            "ở khu cách ly. Quận Liên Chiểu 6 ca, Sơn Trà 4 ca")
    r = parse_bulletin(f"{text}, Hải Châu 2 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(490, 6), (493, 4), (492, 2)]
    assert (r["new_cases"], r["community"], r["quarantine"], r["status"]) == (12, 2, 10, "ok")
    # Short of the day's count: the places picked out.
    r = parse_bulletin(f"{text}.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(490, 6),
                                                                                (493, 4)]
    assert (r["by_unit"], r["status"]) == ([], "ok")


def test_a_list_in_brackets_right_after_the_count_it_breaks_down():
    r = parse_bulletin("Ngày 5/10, Đồng Nai ghi nhận 300 ca mắc mới (Biên Hòa 150 ca, Trảng Bom "
                       "100 ca, Long Thành 50 ca).")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(731, 150), (737, 100),
                                                                   (740, 50)]
    assert (r["new_cases"], r["status"]) == (300, "ok")
    # A bracket of the count's parts is no list.
    r = parse_bulletin("Ngày 5/10, Đồng Nai ghi nhận 300 ca mắc mới (120 ca cộng đồng, 180 ca đã "
                       "được cách ly).")
    assert (r["by_unit"], r["community"], r["quarantine"], r["status"]) == ([], 120, 180, "ok")


def test_the_days_parts_named_before_their_counts_the_later_ones_cut_short():
    # After "Số ca mắc trong cộng đồng là 600", the next clause names its measure alone.
    for said in ("Số ca mắc trong cộng đồng là 600, tại khu cách ly là 650.",
                 "Số ca mắc mới trong cộng đồng: 600; trong khu cách ly: 650.",
                 "Trong đó cộng đồng 600 ca, khu cách ly 650 ca."):
        r = parse_bulletin(f"Tối 5/12, CDC Hà Nội cho biết thành phố ghi nhận 1.250 ca mắc mới. "
                           f"{said}")
        assert (r["new_cases"], r["community"], r["quarantine"], r["status"]) == (
            1250, 600, 650, "ok"), said
    # Not a count of something else: "là 3" names no measure.
    r = parse_bulletin("Tối 5/12, CDC Hà Nội cho biết thành phố ghi nhận 1.250 ca mắc mới. Số ca "
                       "mắc trong cộng đồng là 600, số quận có ca mắc là 3.")
    assert (r["community"], r["quarantine"], r["status"]) == (600, None, "needs_review")


def test_the_change_against_the_day_before_named_by_its_date():
    r = parse_bulletin("Ngày 5/10, Hà Nội ghi nhận 28 ca mắc mới, giảm 5 ca so với ngày 4/10.")
    assert (r["change_vs_yesterday"], r["status"]) == (-5, "ok")
    # Against another day: no change of the day before; its figure is left for review.
    r = parse_bulletin("Ngày 5/10, Hà Nội ghi nhận 28 ca mắc mới, giảm 5 ca so với ngày 1/10.")
    assert (r.get("change_vs_yesterday"), r["status"]) == (None, "needs_review")


def test_a_count_stated_for_a_week_is_not_the_days():
    # A week's summary, by its words or by its dates: its count is left for review, never the
    # day's new cases.
    for said in ("Tuần qua (từ 27/9 đến 3/10), cả nước ghi nhận 35.000 ca mắc mới.",
                 "Trong 7 ngày qua cả nước ghi nhận 35.000 ca mắc mới.",
                 "Từ ngày 27/9 đến ngày 3/10, cả nước ghi nhận 35.000 ca mắc mới."):
        r = parse_bulletin(said, date="2021-10-03")
        assert (r["new_cases"], r["status"]) == (None, "needs_review"), said
        assert [u["numbers"] for u in r["unparsed"]] == [["35.000"]], said
    # The day's count beside it stays the day's.
    r = parse_bulletin("Ngày 3/10, cả nước ghi nhận 5.000 ca mắc mới. Tuần qua, cả nước ghi "
                       "nhận 35.000 ca mắc mới.", date="2021-10-03")
    assert (r["new_cases"], r["status"]) == (5000, "needs_review")
    # Not a window: one day's hours, a comparison, an average, a total since a day.
    r = parse_bulletin("Tính từ 17h ngày 02/10 đến 17h ngày 03/10, cả nước ghi nhận 5.376 ca "
                       "nhiễm mới.", date="2021-10-03")
    assert (r["new_cases"], r["status"]) == (5376, "ok")
    r = parse_bulletin("Ngày 5/10, Hà Nội ghi nhận 28 ca mắc mới, thấp nhất trong 7 ngày qua.")
    assert r["new_cases"] == 28


def test_the_deaths_related_to_the_disease_in_an_older_notice_are_its_total():
    r = parse_bulletin("THÔNG BÁO VỀ 5 CA MẮC MỚI\nTính đến 18h00 ngày 3/3, Việt Nam có tổng "
                       "cộng 2.488 ca mắc COVID-19.\nSố ca tử vong liên quan đến COVID-19: 35 ca",
                       date="2021-03-03")
    assert (r["total_deaths"], r["deaths"], r["status"]) == (35, None, "ok")
    # With the day named it is the day's, not a total.
    r = parse_bulletin("THÔNG BÁO VỀ 5 CA MẮC MỚI\nSố ca tử vong liên quan đến COVID-19 trong "
                       "ngày: 3 ca", date="2021-03-03")
    assert r.get("total_deaths") is None


def test_a_list_mixing_name_count_and_name_colon_count():
    # The first ":" is an item's, after a counted item: no lead of the list.
    for listed in ("Bình Tân 200, Gò Vấp: 150, Bình Chánh 90",
                   "Bình Tân 200 ca, Quận 8: 150 ca; Bình Chánh 90 ca"):
        r = parse_bulletin(f"Ngày 3/10, TP HCM ghi nhận 440 ca mắc mới tại {listed}.")
        assert [e["new_cases"] for e in r["by_unit"]] == [200, 150, 90], listed
        assert all(e["code"] is not None for e in r["by_unit"]), listed
        assert (r["new_cases"], r["status"]) == (440, "ok"), listed


def test_two_provinces_in_the_opening_are_the_countrys_day():
    # Two provinces with their counts in the headline: the country's text, both read.
    r = parse_bulletin("Ngày 3/10: Hà Nội thêm 28 ca, TP HCM 1.200 ca", date="2021-10-03")
    assert (r["kind"], r["jurisdiction"]["level"]) == ("moh_timeline", "nation")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(1, 28), (79, 1200)]
    assert r["status"] == "ok"
    # After the country's count: the places with the most, part of it.
    r = parse_bulletin("Ngày 3/10, cả nước ghi nhận 5.376 ca mắc mới. Hà Nội thêm 28 ca, TP HCM "
                       "1.200 ca.", date="2021-10-03")
    assert (r["kind"], r["new_cases"], r["status"]) == ("moh_timeline", 5376, "ok")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(1, 28),
                                                                                 (79, 1200)]
    # One province as the subject stays the city's own report.
    r = parse_bulletin("Tối 3/10, Hà Nội ghi nhận 28 ca mắc mới, tại Ba Đình 10 ca, Đống Đa 18 ca.")
    assert (r["kind"], r["jurisdiction"]["code"], r["new_cases"]) == ("city_daily", 1, 28)


def test_a_patrol_is_no_week():
    r = parse_bulletin("Ngày 5/10, Hà Nội ghi nhận 28 ca mắc mới; lực lượng tuần tra tăng cường.")
    assert (r["new_cases"], r["status"]) == (28, "ok")


def test_provinces_after_the_countrys_count_in_its_sentence():
    r = parse_bulletin("Cả nước thêm 5.376 ca mắc mới, Hà Nội thêm 28 ca, TP HCM 1.200 ca",
                       date="2021-10-03")
    assert (r["kind"], r["new_cases"], r["status"]) == ("moh_timeline", 5376, "ok")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [(1, 28),
                                                                                 (79, 1200)]


def test_a_notice_line_with_a_comma_before_where_its_cases_were_found():
    # "3 ca mắc mới, ghi nhận trong nước tại ...": the comma leaves the line whole.
    r = parse_bulletin("Từ 6h00 đến 18h00 ngày 10/6/2021: có 3 ca mắc mới, ghi nhận trong nước "
                       "tại Hà Nội (2), Bình Dương (1).")
    assert (r["kind"], r["date"], r["new_cases"], r["domestic"]) == (
        "moh_timeline", "2021-06-10", 3, 3)
    assert _units(r) == [("Hà Nội", 2), ("Bình Dương", 1)]
    assert (r["unparsed"], r["status"]) == ([], "ok")
    # ", đều là ca nhập cảnh,": every new case is imported, the list is theirs.
    r = parse_bulletin("Từ 18h00 ngày 10/6 đến 6h00 ngày 11/6/2021: có 4 ca mắc mới, đều là ca "
                       "nhập cảnh, được cách ly ngay sau khi nhập cảnh tại Kiên Giang (3), Tây "
                       "Ninh (1).")
    assert (r["date"], r["new_cases"], r["imported"]) == ("2021-06-11", 4, 4)
    assert _units(r, "imported_by_unit") == [("Kiên Giang", 3), ("Tây Ninh", 1)]
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_second_line_of_imported_cases_adds_its_places():
    r = parse_bulletin("THÔNG BÁO VỀ 7 CA MẮC MỚI\n- 5 ca nhập cảnh được cách ly ngay tại Kiên "
                       "Giang (3), Tây Ninh (2).\n- 2 ca nhập cảnh được cách ly ngay tại Quảng Nam "
                       "(1), Đà Nẵng (1).", date="2021-06-12")
    assert (r["new_cases"], r["imported"]) == (7, 7)
    assert _units(r, "imported_by_unit") == [("Kiên Giang", 3), ("Tây Ninh", 2),
                                             ("Quảng Nam", 1), ("Đà Nẵng", 1)]
    assert (r["unparsed"], r["status"]) == ([], "ok")
    # The same line twice (a news copy quoting it) is one line.
    line = "- 2 ca nhập cảnh được cách ly ngay tại Quảng Nam (1), Đà Nẵng (1).\n"
    r = parse_bulletin("THÔNG BÁO VỀ 2 CA MẮC MỚI\n" + line + line, date="2021-06-12")
    assert (r["imported"], r["status"]) == (2, "ok")
    assert _units(r, "imported_by_unit") == [("Quảng Nam", 1), ("Đà Nẵng", 1)]


def test_one_place_of_a_line_whose_cases_are_said_new():
    r = parse_bulletin("Từ 6h ngày 10/6 đến 6h ngày 11/6 có 1 ca mắc mới ghi nhận trong nước tại "
                       "Hà Nội.")
    assert (r["date"], r["domestic"], _units(r)) == ("2021-06-11", 1, [("Hà Nội", 1)])
    assert [e["code"] for e in r["by_unit"]] == [1] and r["status"] == "ok"


def test_a_notice_whose_cases_are_all_in_one_place():
    # The notice reads the day's count first; the place every case is in is still its list.
    r = parse_bulletin("Sáng 11/6, Bộ Y tế thông báo ghi nhận 5 ca mắc mới, tất cả đều tại Hà "
                       "Nội.")
    assert (r["kind"], r["date"], r["new_cases"]) == ("moh_timeline", "2021-06-11", 5)
    assert _units(r) == [("Hà Nội", 5)] and r["by_unit"][0]["code"] == 1
    r = parse_bulletin("Tính từ 17h ngày 02/10 đến 17h ngày 03/10, trên Hệ thống Quốc gia quản lý "
                       "ca bệnh COVID-19 ghi nhận 12 ca nhiễm mới, tất cả đều ghi nhận trong nước "
                       "tại Bắc Giang.")
    assert (r["date"], r["new_cases"], r["domestic"]) == ("2021-10-03", 12, 12)
    assert _units(r) == [("Bắc Giang", 12)] and r["status"] == "ok"


def test_notices_and_reports_typed_without_diacritics():
    # The same words as with marks: a ministry notice by province ...
    r = parse_bulletin("Tu 18h ngay 10/6 den 6h ngay 11/6 co 40 ca mac moi ghi nhan trong nuoc "
                       "tai Bac Giang (25), Bac Ninh (10), Ha Noi (5).")
    assert (r["kind"], r["date"], r["new_cases"], r["domestic"]) == (
        "moh_timeline", "2021-06-11", 40, 40)
    assert _units(r) == [("Bac Giang", 25), ("Bac Ninh", 10), ("Ha Noi", 5)]
    assert (r["unparsed"], r["status"]) == ([], "ok")
    # ... a city's report, its parts and districts ("Chieu" of "Lien Chieu" before a count
    # is no afternoon) ...
    r = parse_bulletin("Da Nang: tu 6h den 18h ngay 12/8 ghi nhan 15 ca duong tinh, trong do 12 "
                       "ca da duoc cach ly va 3 ca tai cong dong. Quan Lien Chieu 8 ca, Thanh Khe "
                       "4 ca, Hai Chau 3 ca.")
    assert (r["kind"], r["jurisdiction"]["unit"], r["date"]) == (
        "city_daily", "Đà Nẵng", "2021-08-12")
    assert (r["new_cases"], r["quarantine"], r["community"]) == (15, 12, 3)
    assert [e["code"] for e in r["by_unit"]] == [490, 491, 492]
    assert (r["unparsed"], r["status"]) == ([], "ok")
    # ... and the country's deaths by province, names that hold a word of the lexicon
    # unmarked ("Ca Mau", "Bac Lieu") kept as names.
    r = parse_bulletin("Ngay 20/11, ca nuoc co 10.223 ca mac moi. Trong ngay ghi nhan 98 ca tu "
                       "vong tai: TP. Ho Chi Minh (60), Ca Mau (20), Bac Lieu (15), Da Nang (3).")
    assert (r["kind"], r["new_cases"], r["deaths"]) == ("national_daily", 10223, 98)
    assert [(e["code"], e["deaths"]) for e in r["deaths_by_unit"]] == [
        (79, 60), (96, 20), (95, 15), (48, 3)]
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_the_seven_day_average_typed_without_diacritics():
    # "So mac ... la 7.672 ca/ngay": "là" before its count; "Son La" keeps its name.
    r = parse_bulletin("Toi 10/11, Bo Y te cho biet ca nuoc ghi nhan 8.405 ca mac moi. So mac "
                       "trung binh 7 ngay qua la 7.672 ca/ngay. Trong ngay co 10 ca tu vong tai "
                       "Son La (5), Gia Lai (5).")
    assert (r["date"], r["new_cases"], r["avg7_cases"], r["deaths"]) == (
        "2021-11-10", 8405, 7672, 10)
    assert [(e["code"], e["deaths"]) for e in r["deaths_by_unit"]] == [(14, 5), (64, 5)]
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_text_with_marks_keeps_its_words():
    text = "Sáng 11/6 có 5 ca mắc mới tại Hà Nội, Tu 8 ca."
    assert normalise(text) == text
    # Unmarked words in a text that has marks elsewhere are not touched either.
    assert normalise("Bà Rịa ghi nhan 5 ca") == "Bà Rịa ghi nhan 5 ca"


def test_a_list_set_in_paragraphs_of_its_own():
    # A web page's copy of the notice put blank lines inside its list: 1.628 + 312 + 227 + 200
    # = 2.367, every place read.
    r = parse_bulletin("THÔNG BÁO VỀ 2.367 CA MẮC MỚI\n\nTừ 18h ngày 15/7 đến 6h ngày 16/7 có "
                       "2.367 ca mắc mới ghi nhận trong nước tại\n\nTP. Hồ Chí Minh (1.628), Bình "
                       "Dương (312),\n \nLong An (227), Đồng Nai (200).")
    assert (r["date"], r["new_cases"], r["domestic"]) == ("2021-07-16", 2367, 2367)
    assert [e["code"] for e in r["by_unit"]] == [79, 74, 80, 75]
    assert (r["unparsed"], r["status"]) == ([], "ok")
    # A paragraph that ends a sentence stays its own.
    assert normalise("Có 5 ca mắc mới.\n\nTP. Hồ Chí Minh (5).") == (
        "Có 5 ca mắc mới.\n\nTP. Hồ Chí Minh (5).")


def test_one_place_of_a_line_with_its_patients_number_in_brackets():
    r = parse_bulletin("Sáng 2/7, Bộ Y tế cho biết ghi nhận 1 ca mắc mới (BN17010) ghi nhận trong "
                       "nước tại Phú Yên.")
    assert (r["date"], r["new_cases"], r["domestic"]) == ("2021-07-02", 1, 1)
    assert _units(r) == [("Phú Yên", 1)] and r["by_unit"][0]["code"] == 54
    r = parse_bulletin("Sáng 2/7 có 2 ca (BN17011-BN17012) nhập cảnh được cách ly ngay tại Kiên "
                       "Giang.")
    assert (r["imported"], _units(r, "imported_by_unit")) == (2, [("Kiên Giang", 2)])
    assert r["status"] == "ok"


def test_the_new_and_the_most_typed_without_diacritics():
    # "F0 moi" is "F0 mới"; "nhieu nhat la" opens the top list, "là" not kept in its first name.
    r = parse_bulletin("Toi 12/9, So Y te TP HCM cho biet trong ngay thanh pho ghi nhan 5.180 F0 "
                       "moi, gom 4.720 F0 trong khu cach ly, khu phong toa va 460 F0 tai cong "
                       "dong.")
    assert (r["new_cases"], r["quarantine"], r["community"]) == (5180, 4720, 460)
    assert (r["unparsed"], r["status"]) == ([], "ok")
    r = parse_bulletin("Ha Noi ngay 25/11: ghi nhan 276 ca mac moi, trong do 106 ca cong dong. Ca "
                       "benh ghi nhan tai 28/30 quan, huyen, nhieu nhat la Dong Da 26, Hoang Mai "
                       "20, Thanh Xuan 18.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (6, 26), (8, 20), (9, 18)]
    # "moi noi" is "mỗi nơi" (each place), not "mới".
    r = parse_bulletin("Tu 18h ngay 10/6 den 6h ngay 11/6 co 10 ca mac moi ghi nhan trong nuoc tai "
                       "Bac Giang, Bac Ninh moi noi 5 ca.")
    assert _units(r) == [("Bac Giang", 5), ("Bac Ninh", 5)] and r["status"] == "ok"


def test_a_notice_under_its_heading_whose_cases_are_all_in_one_city_is_the_ministrys():
    # The heading names the ministry as its speaker: cases all in Hà Nội, or Hà Nội as the
    # sentence's subject, make Hà Nội the list's one place, not the one who speaks.
    for said in ("có 12 ca mắc mới, tất cả đều tại Hà Nội.",
                 "Hà Nội ghi nhận 12 ca mắc mới, tất cả đều tại Hà Nội."):
        r = parse_bulletin(f"THÔNG BÁO VỀ 12 CA MẮC MỚI\nChiều 3/6, {said}", date="2021-06-03")
        assert (r["kind"], r["jurisdiction"]["level"], r["new_cases"], r["domestic"]) == (
            "moh_timeline", "nation", 12, 12)
        assert _units(r) == [("Hà Nội", 12)]
        assert r["status"] == "ok"


def test_a_count_in_brackets_written_as_a_word_with_its_noun():
    # "(hai ca)" is "(2 ca)", "(mười trường hợp)" is "(10 trường hợp)": 10 + 2 = 12, the line's.
    r = parse_bulletin("- 12 ca ghi nhận trong nước tại Bắc Giang (mười trường hợp) và Hà Nội "
                       "(hai ca).", date="2021-05-20")
    assert _units(r) == [("Bắc Giang", 10), ("Hà Nội", 2)]
    assert (r["domestic"], r["status"]) == (12, "ok")


def test_a_notices_new_cases_said_to_be_imported_in_one_place():
    # "có 2 ca mắc mới, là các ca nhập cảnh ... tại Tây Ninh": every new case imported, all
    # isolated in Tây Ninh (code 72), with or without the patients' numbers before.
    for said in ("là các ca nhập cảnh được cách ly ngay tại Tây Ninh.",
                 "(BN3001-3002), là các ca nhập cảnh, được cách ly ngay tại Tây Ninh.",
                 ", đều là ca nhập cảnh được cách ly ngay tại Tây Ninh."):
        r = parse_bulletin(f"Sáng 30/4/2021: có 2 ca mắc mới {said}".replace(" ,", ","))
        assert (r["new_cases"], r["imported"], r.get("domestic")) == (2, 2, None), said
        assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(72, 2)], said
        assert r["status"] == "ok", said


def test_the_countrys_total_stated_as_the_number_of_its_cases():
    # No "mới" and no day: the country's cases are its running total, since the epidemic began.
    r = parse_bulletin("THÔNG BÁO VỀ 10 CA MẮC MỚI\nChiều 25/5/2021: có 10 ca mắc mới ghi nhận "
                       "trong nước tại Bắc Giang (6), Bắc Ninh (4). Tổng số ca mắc tại Việt Nam "
                       "là 5.800 ca.")
    assert (r["new_cases"], r["domestic"], r["cumulative"]) == (
        10, 10, {"total": 5800, "since": None})
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_heading_all_imported_and_counts_in_words_typed_without_diacritics():
    # The heading, "la ca nhap canh" and "(mot ca)" given their marks back, read as when typed.
    r = parse_bulletin("THONG BAO VE 12 CA MAC MOI\nChieu 3/6/2021, co 12 ca mac moi, tat ca "
                       "deu tai Ha Noi.")
    assert (r["kind"], r["domestic"], _units(r), r["status"]) == (
        "moh_timeline", 12, [("Ha Noi", 12)], "ok")
    r = parse_bulletin("Sang 30/4/2021: co 1 ca mac moi la ca nhap canh duoc cach ly ngay tai "
                       "Tay Ninh.")
    assert (r["new_cases"], r["imported"], r["status"]) == (1, 1, "ok")
    assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(72, 1)]
    r = parse_bulletin("- 3 ca ghi nhan trong nuoc tai Bac Giang (hai ca) va Ha Noi (mot ca).",
                       date="2021-05-20")
    assert (_units(r), r["domestic"], r["status"]) == ([("Bac Giang", 2), ("Ha Noi", 1)], 3, "ok")
