"""Forms of the 2021 bulletins' language that other writers used, each on a short text written
for the test (invented places and figures), asserting the fields read."""

from __future__ import annotations

from episurv.bulletins import parse_bulletin


def _units(r: dict, key: str = "by_unit") -> list[tuple[str, int]]:
    count = "deaths" if key == "deaths_by_unit" else "new_cases"
    return [(e["written"], e[count]) for e in r.get(key) or []]


def test_new_cases_said_to_be_found_in_the_community_are_the_days_cases():
    # "ghi nhận 21 ca mắc mới tại cộng đồng": 21 new cases, all of them the community's; with
    # no quarantine count stated, the day's new cases are the 21 (derived).
    r = parse_bulletin("Sở Y tế Hưng Yên: Ngày 4/6 tỉnh ghi nhận 21 ca mắc mới tại cộng đồng: "
                       "huyện Văn Lâm 13 ca, huyện Yên Mỹ 8 ca.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (21, 21, None)
    assert _units(r, "community_by_unit") == [("huyện Văn Lâm", 13), ("huyện Yên Mỹ", 8)]
    assert r["status"] == "ok"
    r = parse_bulletin("Sở Y tế Nam Định cho biết ngày 9/9 tỉnh có thêm 6 ca mắc mới trong "
                       "cộng đồng.")
    assert (r["new_cases"], r["community"], r["status"]) == (6, 6, "ok")
    # A quarantine count beside it: the day's count is both parts, as before.
    r = parse_bulletin("Sở Y tế Nam Định cho biết ngày 9/9 tỉnh có thêm 6 ca mắc mới trong "
                       "cộng đồng và 4 ca trong khu cách ly.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (10, 6, 4)


def test_a_district_list_whose_items_name_their_wards_in_brackets():
    # "quận Ba Đình 7 ca (phường Kim Mã 4, phường Giảng Võ 3)": the wards detail the district's
    # count; the district is the list's item, and the comma inside the bracket splits nothing.
    r = parse_bulletin("Sở Y tế Hà Nội tối 14/10 cho biết thành phố ghi nhận 15 ca mắc mới, "
                       "trong đó 5 ca cộng đồng. Các ca bệnh tại quận Ba Đình 7 ca (phường Kim Mã "
                       "4, phường Giảng Võ 3), huyện Đông Anh 5 ca (xã Uy Nỗ 5), quận Tây Hồ 3 "
                       "ca.")
    assert _units(r) == [("quận Ba Đình", 7), ("huyện Đông Anh", 5), ("quận Tây Hồ", 3)]
    assert (r["new_cases"], r["community"], r["unparsed"], r["status"]) == (15, 5, [], "ok")
    # A bracket that is the item's count stays its count, after a numbered district too.
    r = parse_bulletin("HCDC: ngày 2/10 TP HCM ghi nhận 9 ca mắc mới tại Quận 7 (6 ca), Quận 12 "
                       "(ba ca).")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(778, 6), (761, 3)]


def test_a_list_led_by_as_follows_after_a_colon_of_the_period():
    # The period, ":", then the list's own heading "... như sau:": the list starts after it.
    r = parse_bulletin("Tính từ 16h ngày 2/11 đến 16h ngày 3/11: Các địa phương ghi nhận ca bệnh "
                       "như sau: Bạc Liêu (320), Sóc Trăng (180), Hậu Giang (40). Cả nước ghi "
                       "nhận 545 ca nhiễm mới, trong đó 5 ca nhập cảnh và 540 ca trong nước.")
    assert _units(r) == [("Bạc Liêu", 320), ("Sóc Trăng", 180), ("Hậu Giang", 40)]
    assert (r["new_cases"], r["imported"], r["domestic"], r["status"]) == (545, 5, 540, "ok")


def test_deaths_since_the_start_are_no_total_of_cases():
    # "Từ đầu dịch đến nay có 19.870 ca tử vong": the deaths so far; the country's total of
    # cases is not stated, so no running total of cases is read.
    r = parse_bulletin("Tối 2/10, Bộ Y tế cho biết trong 24 giờ qua có 4.900 ca mắc mới trong "
                       "nước. Từ đầu dịch đến nay có 19.870 ca tử vong.")
    assert (r["total_deaths"], r["cumulative"], r["domestic"]) == (19870, None, 4900)
    assert r["status"] == "ok"


def test_a_measure_named_with_its_case_noun_before_a_colon():
    # "Đang điều trị bệnh nhân nặng: 3.870 ca", "Bệnh nhân khỏi bệnh trong ngày: 2.150 ca": the
    # rows' measures, with the case noun among their words.
    r = parse_bulletin("Tối 9/11, Bộ Y tế: cả nước có 7.200 ca mắc mới trong nước. Số ca tử vong "
                       "trong ngày: 70 ca. Bệnh nhân khỏi bệnh trong ngày: 2.150 ca. Đang điều "
                       "trị bệnh nhân nặng: 3.870 ca.")
    assert (r["domestic"], r["deaths"], r["recovered"], r["severe"]) == (7200, 70, 2150, 3870)
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_count_in_words_that_no_rule_reads_is_an_unread_figure():
    # "thêm ba ca nghi nhiễm": no measure of the day reads it, as none would read "3 ca nghi
    # nhiễm"; the figure is listed as unread and the reading is to be reviewed.
    r = parse_bulletin("Sở Y tế Thái Bình sáng 8/6 cho biết tỉnh có 4 ca mắc mới. Ngoài ra, "
                       "huyện Hưng Hà phát hiện thêm ba ca nghi nhiễm đang chờ kết quả.")
    assert r["new_cases"] == 4
    assert [u["numbers"] for u in r["unparsed"]] == [["ba"]]
    assert r["status"] == "needs_review"
    # Read, it is no unread figure; nor is a number word of a name ("Hai Bà Trưng").
    r = parse_bulletin("Sở Y tế Hà Nội sáng 8/6 cho biết thành phố có ba ca mắc mới tại quận Hai "
                       "Bà Trưng.")
    assert (r["new_cases"], r["unparsed"], r["status"]) == (3, [], "ok")


def test_a_list_of_deaths_does_not_take_the_recovered_before_it_as_its_total():
    # "...; 9.800 ca khỏi bệnh; 180 ca tử vong, trong đó Long An 40 ca, ...": the 9.800 are the
    # day's recovered, not the total of the deaths' list (whose 180 is read as the deaths).
    r = parse_bulletin("Tối 6/12, Bộ Y tế ghi nhận 13.900 ca mắc COVID-19 mới; 9.800 ca khỏi "
                       "bệnh; 180 ca tử vong, trong đó Long An 40 ca, Bến Tre 25 ca.")
    assert (r["new_cases"], r["recovered"], r["deaths"]) == (13900, 9800, 180)
    assert _units(r, "deaths_by_unit") == [("Long An", 40), ("Bến Tre", 25)]
    assert "deaths_by_unit" not in r["list_totals"]


def test_a_part_stated_as_its_share_of_the_days_cases():
    # "số ca cộng đồng chiếm 40%" and ", chiếm 40%" after the part's count: read as the
    # community's share, and checked: 2.000 of 5.000 domestic cases are 40%.
    for said in ("trong đó 2.000 ca cộng đồng; số ca cộng đồng chiếm 40%.",
                 "trong đó 2.000 ca cộng đồng, chiếm 40%."):
        r = parse_bulletin(f"Tối 4/11, Bộ Y tế cho biết cả nước có 5.000 ca mắc mới trong nước, "
                           f"{said}")
        assert (r["domestic"], r["community"], r["shares"]) == (5000, 2000, {"community": 40})
        assert (r["unparsed"], r["status"]) == ([], "ok"), said
    # A share the counts do not bear out is to be reviewed.
    r = parse_bulletin("Sở Y tế Hà Nội tối 5/11 cho biết thành phố có 300 ca mắc mới, trong đó "
                       "60 ca tại cộng đồng, chiếm 35%.")
    failed = [c for c in r["checks"] if not c["ok"]]
    assert [(c["code"], c["params"]["computed"]) for c in failed] == [("share_of_total", 20.0)]
    assert r["status"] == "needs_review"


def test_a_count_of_hundreds_written_in_words():
    # "một trăm hai mươi ca" is 120, the day's count, split into 4 imported and 116 domestic.
    r = parse_bulletin("Tính từ 17h ngày 2/6 đến 17h ngày 3/6, Bộ Y tế ghi nhận thêm một trăm hai "
                       "mươi ca mắc mới, trong đó 4 ca nhập cảnh và 116 ca trong nước tại Bắc "
                       "Giang (90), Bắc Ninh (26).")
    assert (r["new_cases"], r["imported"], r["domestic"], r["status"]) == (120, 4, 116, "ok")
    # "lẻ" (and no tens): "một trăm lẻ năm trường hợp" is 105.
    r = parse_bulletin("Sở Y tế Thái Bình tối 6/12 cho biết tỉnh ghi nhận một trăm lẻ năm trường "
                       "hợp mắc mới.")
    assert (r["new_cases"], r["unparsed"], r["status"]) == (105, [], "ok")


def test_a_part_of_the_running_total_named_before_its_count():
    # "trong đó số ca khỏi bệnh là 310.400" after the total since the start: recovered so far,
    # not the day's (which is the 8.200 before).
    r = parse_bulletin("Tối 5/9, Bộ Y tế công bố 12.400 ca mắc mới; 8.200 ca khỏi bệnh. Tổng số "
                       "ca nhiễm từ đầu dịch là 512.300 ca, trong đó số ca khỏi bệnh là 310.400.")
    assert (r["recovered"], r["recovered_total"]) == (8200, 310400)
    assert r["cumulative"]["total"] == 512300
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_cases_found_by_screening_the_community_beside_the_isolated_ones():
    # "310 ca đã được cách ly và 75 ca phát hiện qua sàng lọc cộng đồng": the day's split, its
    # community part found by screening; not a source of community cases apart from them.
    r = parse_bulletin("Sở Y tế tỉnh Tiền Giang cho biết, ngày 18/8, tỉnh ghi nhận 385 ca mắc "
                       "COVID-19, trong đó 310 ca đã được cách ly và 75 ca phát hiện qua sàng lọc "
                       "cộng đồng.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (385, 75, 310)
    assert (r.get("by_source"), r["status"]) == (None, "ok")


def test_a_headline_with_its_day_before_a_colon_does_not_lead_the_list():
    # "Bản tin sáng 2/12: Số ca tử vong ... là 90 ca, tại X (50), ...": the headline holds a
    # day, no count; the list is the deaths', led by its own clause.
    r = parse_bulletin("Bản tin sáng 2/12: Số ca tử vong ghi nhận trong ngày là 90 ca, tại Bạc "
                       "Liêu (50), Sóc Trăng (40).")
    assert (r["deaths"], _units(r, "deaths_by_unit")) == (90, [("Bạc Liêu", 50), ("Sóc Trăng", 40)])
    assert (r["by_unit"], r["status"]) == ([], "ok")


def test_a_notice_line_of_new_cases_said_to_be_domestic_states_both():
    # "có 37 ca mắc mới trong nước tại ...": the day's new cases, stated, and the domestic ones;
    # a line without "mới" is the notice's domestic part, the day's count derived from it.
    r = parse_bulletin("Bộ Y tế sáng 9/6 thông tin có 37 ca mắc mới trong nước tại Hà Nam (20), "
                       "Vĩnh Phúc (17).")
    assert (r["new_cases"], r["domestic"], r["derived"], r["status"]) == (37, 37, [], "ok")
    r = parse_bulletin("+ 37 ca ghi nhận trong nước tại Hà Nam (20), Vĩnh Phúc (17).",
                       date="2021-06-09")
    assert (r["new_cases"], r["domestic"], r["derived"]) == (37, 37, ["new_cases"])


def test_the_days_cases_at_one_place_without_all():
    # "ghi nhận 3 ca mắc mới tại huyện Kim Sơn.": the day's cases, all at the one district.
    r = parse_bulletin("Sở Y tế Ninh Bình sáng 22/5 cho biết tỉnh ghi nhận 3 ca mắc mới tại huyện "
                       "Kim Sơn. Cả ba ca đều đã được cách ly từ trước.")
    assert (_units(r), r["new_cases"], r["status"]) == ([("huyện Kim Sơn", 3)], 3, "ok")
    # The ministry's: one province.
    r = parse_bulletin("Bộ Y tế chiều 4/5 ghi nhận 2 ca mắc mới tại Hà Nam.")
    assert (_units(r), r["new_cases"]) == ([("Hà Nam", 2)], 2)
    # Not the jurisdiction itself, and not a place whose list goes on.
    r = parse_bulletin("Sở Y tế Hà Nội chiều 4/10 cho biết thành phố ghi nhận 5 ca mắc mới tại Hà "
                       "Nội.")
    assert (r["by_unit"], r["new_cases"]) == ([], 5)


def test_provinces_in_their_older_spellings():
    # "Đắc Lắc" is Đắk Lắk (66), "Bắc Cạn" is Bắc Kạn (6).
    r = parse_bulletin("+ 9 ca ghi nhận trong nước tại Đắc Lắc (6), Bắc Cạn (3).",
                       date="2021-07-20")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(66, 6), (6, 3)]
    assert r["status"] == "ok"


def test_the_days_total_named_before_its_count_without_new():
    # "Số ca mắc trong ngày là ...", "Tổng số ca mắc COVID-19 trong ngày là ...": the day's
    # count (its words say so), not a total since the start.
    for said in ("Số ca mắc trong ngày là 14.210 ca.",
                 "Tổng số ca mắc COVID-19 trong ngày là 14.210 ca (14.200 ca trong nước, 10 ca "
                 "nhập cảnh)."):
        r = parse_bulletin(f"Bộ Y tế tối 16/12: {said}")
        assert (r["new_cases"], r["cumulative"], r["status"]) == (14210, None, "ok"), said
    # Without the day's words, a total is one since the start, as before.
    r = parse_bulletin("Bộ Y tế tối 16/12: Tổng số ca mắc COVID-19 từ đầu dịch là 1.500.000 ca.")
    assert (r["new_cases"], r["cumulative"]["total"]) == (None, 1500000)


def test_a_running_total_since_a_day_with_no_end():
    # "3.120 F0 kể từ ngày 10/7": the city's total since that day.
    r = parse_bulletin("CDC Đà Nẵng: ngày 25/8 thành phố ghi nhận 21 F0 mới. Thành phố đã ghi "
                       "nhận 3.120 F0 kể từ ngày 10/7.")
    assert (r["new_cases"], r["cumulative"]) == (21, {"since": "2021-07-10", "total": 3120})
    assert r["status"] == "ok"
    # A period is no running total: "kể từ ngày 8/8 đến ngày 9/8".
    r = parse_bulletin("Sở Y tế Đà Nẵng ngày 9/8 cho biết thành phố ghi nhận 40 ca mắc mới kể từ "
                       "ngày 8/8 đến ngày 9/8.")
    assert (r["new_cases"], r["cumulative"]) == (40, None)


def test_the_days_doses_without_the_vaccine_named_make_the_national_report():
    # "cả nước tiêm được 1.350.000 liều": the day's doses, which the ministry's report states
    # and a notice of new cases does not.
    r = parse_bulletin("Tối 7/12, Bộ Y tế cho biết cả nước có 14.300 ca mắc mới trong nước. Cả "
                       "nước tiêm được 1.350.000 liều.")
    assert (r["kind"], r["doses"], r["domestic"]) == ("national_daily", {"day": 1350000}, 14300)


def test_counts_with_a_comma_as_the_thousands_mark():
    # "13,920 ca", "(1,310)", "1,402,300 liều": counts have no decimals, so "," there groups
    # thousands; a rate keeps its decimal comma ("2,4%" is read as ever).
    r = parse_bulletin("Tối 3/12, Bộ Y tế ghi nhận 13,920 ca mắc COVID-19 mới, trong đó có 10 ca "
                       "nhập cảnh, 13,910 ca trong nước tại Hà Nội (1,310), Hải Phòng (12,600). "
                       "Cả nước tiêm được 1,402,300 liều.")
    assert (r["new_cases"], r["imported"], r["domestic"]) == (13920, 10, 13910)
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(1, 1310), (31, 12600)]
    assert (r["doses"], r["status"]) == ({"day": 1402300}, "ok")


def test_a_list_led_by_the_last_at_before_its_first_item():
    # "35 ca tại cộng đồng; các ca bệnh tại quận Ba Đình (11 ca), ...": the part's "tại" leads
    # no list; "cộng đồng" is no place sharing Ba Đình's count.
    r = parse_bulletin("Tối 12/11, Sở Y tế Hà Nội cho biết Hà Nội có 70 ca mắc mới, trong đó 35 ca "
                       "tại cộng đồng; các ca bệnh tại quận Ba Đình (11 ca), Tây Hồ (9 ca), và 50 "
                       "ca tại các quận huyện khác.")
    assert _units(r) == [("quận Ba Đình", 11), ("Tây Hồ", 9)]
    assert (r["community"], r["status"]) == (35, "ok")


def test_the_days_parts_after_include_then_the_places_after_of_which():
    # "gồm 6 ca cộng đồng, 9 ca cách ly; trong đó Ba Đình 8, ...": "gồm" leads the day's parts,
    # "trong đó" the places.
    r = parse_bulletin("Theo CDC Hà Nội, trong ngày 2/11 thành phố có 15 ca mắc mới, gồm 6 ca cộng "
                       "đồng, 9 ca cách ly; trong đó Ba Đình 8, Tây Hồ 4, Long Biên 3.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (15, 6, 9)
    assert _units(r) == [("Ba Đình", 8), ("Tây Hồ", 4), ("Long Biên", 3)]
    assert r["status"] == "ok"


def test_a_notice_line_whose_list_follows_include():
    # "58 ca mắc mới trong nước gồm Hà Nam 40 ca, ...": "gồm" leads the line's list.
    r = parse_bulletin("Bộ Y tế chiều 25/5: 58 ca mắc mới trong nước gồm Hà Nam 40 ca, Thái Bình "
                       "18 ca.")
    assert _units(r) == [("Hà Nam", 40), ("Thái Bình", 18)]
    assert (r["new_cases"], r["domestic"], r["status"]) == (58, 58, "ok")


def test_the_days_parts_named_with_their_noun_before_their_counts():
    # "trong đó ca cộng đồng là 610, ca cách ly là 790": each part named before its count, with
    # its case noun and no "số".
    r = parse_bulletin("Sở Y tế Hà Nội ngày 16/12: thành phố ghi nhận 1.400 ca mắc COVID-19, "
                       "trong đó ca cộng đồng là 610, ca cách ly là 790.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (1400, 610, 790)
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_parts_places_in_brackets_after_its_count():
    # "4 ca ở cộng đồng (huyện Gia Lâm 3 ca, quận Tây Hồ 1 ca)": the community's places.
    r = parse_bulletin("Ngày 12/9, Hà Nội có 15 ca mắc mới, trong đó 4 ca ở cộng đồng (huyện Gia "
                       "Lâm 3 ca, quận Tây Hồ 1 ca), 11 ca đã được cách ly.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (15, 4, 11)
    assert _units(r, "community_by_unit") == [("huyện Gia Lâm", 3), ("quận Tây Hồ", 1)]
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_the_countrys_total_and_its_deaths_so_far_in_the_clause_after():
    # "tổng số ca nhiễm cả nước là 950.000 ca, số ca tử vong là 22.500 ca": the country's
    # total and its deaths so far, not the day's deaths; the day's are said so and kept.
    r = parse_bulletin("Theo Bộ Y tế, hôm nay 4/11, cả nước có 6.100 ca nhiễm mới trong nước; "
                       "tổng số ca nhiễm cả nước là 950.000 ca, số ca tử vong là 22.500 ca.")
    assert (r["cumulative"]["total"], r["total_deaths"], r["deaths"]) == (950000, 22500, None)
    assert (r["unparsed"], r["status"]) == ([], "ok")
    r = parse_bulletin("Theo Bộ Y tế, hôm nay 4/11, cả nước có 6.100 ca nhiễm mới trong nước; "
                       "tổng số ca nhiễm cả nước là 950.000 ca, số ca tử vong trong ngày là 60.")
    assert (r["cumulative"]["total"], r["total_deaths"], r["deaths"]) == (950000, None, 60)


def test_a_running_totals_statement_ends_at_a_semicolon():
    # "lũy kế từ đầu dịch 6.900 ca; có 2 ca tử vong": the day's deaths, not deaths so far.
    r = parse_bulletin("Ngày 3/10, Sở Y tế Đồng Tháp cho biết ghi nhận 41 ca mắc mới, lũy kế từ "
                       "đầu dịch 6.900 ca; có 2 ca tử vong.")
    assert (r["cumulative"]["total"], r["deaths"], r.get("total_deaths")) == (6900, 2, None)


def test_a_report_laid_out_as_lines_of_a_name_a_colon_and_a_count():
    # "Ca cộng đồng: 270." as sentences, or "- Cộng đồng: 270\n- Tử vong: 3" joined: each
    # line's measure, the noun left out.
    r = parse_bulletin("Chiều 8/12, Sở Y tế Hà Nội cho biết thành phố ghi nhận 600 ca nhiễm mới. "
                       "Ca cộng đồng: 270. Ca cách ly: 330.")
    assert (r["new_cases"], r["community"], r["quarantine"], r["status"]) == (600, 270, 330, "ok")
    r = parse_bulletin("Chiều 8/12, Sở Y tế Hà Nội cho biết thành phố ghi nhận 600 ca nhiễm mới."
                       "\n- Cộng đồng: 270\n- Khu cách ly: 330 ca\n- Tử vong: 3")
    assert (r["community"], r["quarantine"], r["deaths"], r["status"]) == (270, 330, 3, "ok")


def test_items_name_colon_count_after_of_which():
    # "trong đó TP HCM: 5.900 ca, Bình Dương: 3.100 ca, ...": the first item's colon is not the
    # list's lead; TP HCM is its first item.
    r = parse_bulletin("Bộ Y tế tối 12/9 cho biết, có 10.600 ca mắc mới, trong đó TP HCM: 5.900 "
                       "ca, Bình Dương: 3.100 ca, Đồng Nai: 500 ca, các tỉnh còn lại 1.100 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(79, 5900), (74, 3100),
                                                                   (75, 500)]
    assert (r["new_cases"], r["status"]) == (10600, "ok")


def test_two_places_sharing_a_count_in_words_without_a_noun():
    # "Hà Nam và Nam Định một": each of the two has one case (10 + 4 + 1 + 1 = 16).
    r = parse_bulletin("Bộ Y tế sáng 23/5 ghi nhận 16 ca mắc mới trong nước tại Bắc Giang 10, Bắc "
                       "Ninh 4, Hà Nam và Nam Định một.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(24, 10), (27, 4), (35, 1),
                                                                   (36, 1)]
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_list_closed_by_what_all_its_cases_are():
    # "...; tất cả đều đã được cách ly": no item of the list, which ends before it.
    r = parse_bulletin("Sở Y tế Hà Nội chiều 19/9 cho biết thành phố ghi nhận 7 ca mắc mới, gồm: "
                       "Cầu Giấy 4 ca, Tây Hồ 2 ca và Ba Đình 1 ca; tất cả đều đã được cách ly.")
    assert _units(r) == [("Cầu Giấy", 4), ("Tây Hồ", 2), ("Ba Đình", 1)]
    assert (r["new_cases"], r["unparsed"], r["status"]) == (7, [], "ok")
