"""Forms of the 2021 bulletins' language in the provinces' reports and their news rewrites
(Đà Nẵng, Bình Dương, Đồng Nai, Cần Thơ, Khánh Hòa, Nghệ An, Quảng Ninh), each on a short text
written for the test (invented figures), asserting the fields read."""

from __future__ import annotations

from episurv.bulletins import parse_bulletin


def _units(r: dict, key: str = "by_unit") -> list[tuple[str, int]]:
    return [(e["written"], e["new_cases"]) for e in r.get(key) or []]


def test_a_group_whose_each_comes_before_its_bracketed_count():
    # "Trảng Bom, Long Thành mỗi nơi (6)": each of the two has 6, as in "mỗi nơi 6"; the
    # words "mỗi nơi" are no part of the name (30 + 6 + 6 + 18 = 60).
    r = parse_bulletin("Sở Y tế Đồng Nai tối 3/10: tỉnh ghi nhận 60 ca mắc mới tại Biên Hòa (30), "
                       "Trảng Bom, Long Thành mỗi nơi (6), Nhơn Trạch (18).")
    assert _units(r) == [("Biên Hòa", 30), ("Trảng Bom", 6), ("Long Thành", 6),
                         ("Nhơn Trạch", 18)]
    assert (r["new_cases"], r["status"]) == (60, "ok")


def test_one_count_of_both_areas_with_the_lockdown_named_first():
    # "108 ca tại khu phong tỏa, khu cách ly": one count of both areas, the quarantine's; none
    # of it is said to be the lockdown's alone (as when the quarantine area comes first).
    r = parse_bulletin("Sở Y tế Hà Nội tối 20/11 thông báo ghi nhận 180 ca mắc mới, trong đó 72 "
                       "ca cộng đồng, 108 ca tại khu phong tỏa, khu cách ly.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (180, 72, 108)
    assert (r.get("lockdown"), r["status"]) == (None, "ok")
    # Stated apart, the lockdown's part is read as before.
    r = parse_bulletin("Đà Nẵng chiều 6/8 ghi nhận 30 ca mắc mới, trong đó 25 ca trong khu phong "
                       "tỏa và 5 ca cộng đồng.")
    assert (r["quarantine"], r["lockdown"], r["community"]) == (25, 25, 5)


def test_places_said_to_be_some_of_those_with_cases():
    # "tại một số quận, huyện: ..." names some of the places: 75 of the day's 200, and no
    # failed check for the rest not listed.
    r = parse_bulletin("Sở Y tế Hà Nội tối 21/11 cho biết thành phố ghi nhận 200 ca mắc mới. Các "
                       "ca bệnh ghi nhận tại một số quận, huyện: Hoàng Mai 30, Đống Đa 25, Thanh "
                       "Xuân 20.")
    assert _units(r) == [("Hoàng Mai", 30), ("Đống Đa", 25), ("Thanh Xuân", 20)]
    assert [c["code"] for c in r["checks"] if c["name"] == "by_unit_sum"] == [
        "partial_list_within"]
    assert (r["new_cases"], r["status"]) == (200, "ok")
    # "một số huyện như X ...": the words lead the list; they are no part of its first name.
    r = parse_bulletin("Sở Y tế Đồng Nai tối 25/9 ghi nhận 400 ca mắc mới, tập trung tại một số "
                       "huyện như Trảng Bom 120 ca, Thống Nhất 80 ca.")
    assert _units(r) == [("Trảng Bom", 120), ("Thống Nhất", 80)]
    assert (r["new_cases"], r["status"]) == (400, "ok")


def test_severe_patients_said_to_be_in_that_state():
    # "3.900 bệnh nhân đang nguy kịch", "45 ca đang trong tình trạng nặng": the severe patients.
    r = parse_bulletin("Bộ Y tế tối 1/10: cả nước có 5.100 ca mắc mới trong nước; 3.900 bệnh nhân "
                       "đang nguy kịch.")
    assert (r["domestic"], r["severe"], r["unparsed"], r["status"]) == (5100, 3900, [], "ok")
    r = parse_bulletin("Sở Y tế Cần Thơ tối 9/10 cho biết thành phố có 40 ca mắc mới; 12 ca đang "
                       "trong tình trạng nặng.")
    assert (r["new_cases"], r["severe"], r["unparsed"]) == (40, 12, [])


def test_patients_under_treatment_with_the_verb_before_their_count():
    # "tỉnh đang điều trị 1.300 bệnh nhân, trong đó có 45 ca nặng": the patients in care, of
    # whom 45 are severe; not 1.300 new cases.
    r = parse_bulletin("Sở Y tế Khánh Hòa chiều 22/10 cho biết tỉnh đang điều trị 1.300 bệnh "
                       "nhân, trong đó có 45 ca nặng.")
    assert (r["under_treatment"], r["severe"], r["new_cases"]) == (1300, 45, None)
    assert r["status"] == "ok"


def test_all_found_in_quarantine_said_with_its_kind():
    # "6 trường hợp dương tính mới, đều đã được cách ly tập trung": all 6 in quarantine.
    r = parse_bulletin("Tối 18/9, CDC Nghệ An cho biết ghi nhận 6 trường hợp dương tính mới, đều "
                       "đã được cách ly tập trung.")
    assert (r["new_cases"], r["quarantine"], r["status"]) == (6, 6, "ok")


def test_a_count_of_people_with_the_disease_split_at_once():
    # "31 người mắc COVID-19, trong đó 26 người đã được cách ly, 5 người tại cộng đồng": the
    # 31 is the day's count, stated (not only derived from its parts, its figure left unread).
    r = parse_bulletin("Tỉnh Quảng Ninh ngày 14/11 ghi nhận 31 người mắc COVID-19, trong đó 26 "
                       "người đã được cách ly, 5 người tại cộng đồng.")
    assert (r["new_cases"], r["quarantine"], r["community"]) == (31, 26, 5)
    assert (r["derived"], r["unparsed"], r["status"]) == ([], [], "ok")


def test_oxygen_and_ventilators_named_together_count_the_severe_patients():
    # "1.150 bệnh nhân thở oxy, thở máy": the patients on any breathing support, the severe
    # ones; not the count of ventilators alone (nor of oxygen alone).
    r = parse_bulletin("Sở Y tế Bình Dương tối 18/9: ghi nhận 3.400 ca mắc mới; 2.900 bệnh nhân "
                       "được xuất viện; 41 ca tử vong. Đang điều trị 21.000 bệnh nhân, trong đó "
                       "1.150 bệnh nhân thở oxy, thở máy.")
    assert (r["new_cases"], r["recovered"], r["deaths"]) == (3400, 2900, 41)
    assert (r["under_treatment"], r["severe"], r.get("severe_support")) == (21000, 1150, None)
    assert r["status"] == "ok"
    # Named before the count.
    r = parse_bulletin("Tối 11/12, Bộ Y tế cho biết: cả nước có 15.000 ca mắc mới trong nước, 220 "
                       "ca tử vong. Số bệnh nhân đang điều trị thở ô xy, thở máy là 6.200 ca.")
    assert (r["severe"], r.get("severe_support"), r["status"]) == (6200, None, "ok")


def test_contacts_found_isolated_without_is():
    # "35 ca F1 đã được cách ly": contacts, found in quarantine, as "là F1 đã cách ly" is.
    r = parse_bulletin("Sở Y tế Quảng Ninh sáng 16/11: trong 24 giờ qua, tỉnh ghi nhận 43 ca dương "
                       "tính, gồm 35 ca F1 đã được cách ly và 8 ca phát hiện qua sàng lọc tại cộng "
                       "đồng.")
    assert (r["new_cases"], r["quarantine"], r["community"]) == (43, 35, 8)
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_both_areas_with_the_second_named_without_its_area_word():
    # "39 ca trong khu vực phong tỏa, cách ly": one count of both areas, as with "khu" twice.
    r = parse_bulletin("Sở Y tế Đà Nẵng ngày 10/8: 44 ca mắc mới, gồm 39 ca trong khu vực phong "
                       "tỏa, cách ly và 5 ca cộng đồng.")
    assert (r["new_cases"], r["quarantine"], r["community"]) == (44, 39, 5)
    assert (r.get("lockdown"), r["status"]) == (None, "ok")


def test_the_days_count_followed_by_its_day_in_brackets():
    # "ghi nhận 2.870 ca F0 (ngày 14/9)": the day's count, its day said after it; then the list.
    r = parse_bulletin("Bình Dương: 24 giờ qua ghi nhận 2.870 ca F0 (ngày 14/9). Các địa phương: "
                       "Thuận An 1.020, Dĩ An 870, Thủ Dầu Một 600, Tân Uyên 380.")
    assert (r["new_cases"], r["date"], r["unparsed"], r["status"]) == (2870, "2021-09-14", [],
                                                                       "ok")
    assert [e["new_cases"] for e in r["by_unit"]] == [1020, 870, 600, 380]


def test_places_of_a_kind_said_to_have_many_cases():
    # "Các quận nhiều ca: ..." (no "có"): the districts with the most, picked out of the day's
    # 410 (40 + 35 + 33 = 108), not the day's list.
    r = parse_bulletin("Hà Nội tối 10/12 ghi nhận 410 ca mắc mới: 190 ca cộng đồng; 220 ca đã cách "
                       "ly. Các quận nhiều ca: Hoàng Mai 40, Đống Đa 35, Hà Đông 33.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (410, 190, 220)
    assert [(e["written"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        ("Hoàng Mai", 40), ("Đống Đa", 35), ("Hà Đông", 33)]
    assert (r["by_unit"], r["status"]) == ([], "ok")


def test_the_days_parts_found_with_the_diseases_name_before_where():
    # "ghi nhận 101 ca mắc COVID-19 tại cộng đồng và 59 ca tại khu cách ly": the two parts;
    # the day's count is theirs (160), not the first part's.
    r = parse_bulletin("Kiên Giang tối 16/10 ghi nhận 101 ca mắc COVID-19 tại cộng đồng và 59 ca "
                       "tại khu cách ly.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (160, 101, 59)
    assert r["status"] == "ok"
    # One part alone: it is the day's count too, as "30 ca mắc mới tại cộng đồng" is.
    r = parse_bulletin("Kiên Giang tối 16/10 ghi nhận 59 ca mắc COVID-19 tại khu cách ly.")
    assert (r["new_cases"], r["quarantine"], r["community"]) == (59, 59, None)
    r = parse_bulletin("Kiên Giang tối 16/10 ghi nhận 101 ca mắc COVID-19 tại cộng đồng.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (101, 101, None)


def test_no_death_on_the_day_is_none():
    # "không có ca tử vong": the day's deaths are 0, stated in words.
    r = parse_bulletin("Sở Y tế Cần Thơ sáng 13/10: trong 24 giờ qua thành phố có 58 ca mắc mới; "
                       "61 ca xuất viện; không có ca tử vong.")
    assert (r["new_cases"], r["recovered"], r["deaths"], r["status"]) == (58, 61, 0, "ok")
    # None over a longer time is no figure of the day.
    r = parse_bulletin("Sở Y tế Cần Thơ sáng 13/10: thành phố có 58 ca mắc mới; không có ca tử "
                       "vong trong 7 ngày qua.")
    assert r.get("deaths") is None


def test_the_days_parts_named_with_their_noun_before_a_bare_count():
    # "Trong đó: ca cộng đồng 95, ca trong khu cách ly 115": the parts named before their
    # counts, no "là" nor ":" between.
    r = parse_bulletin("Sở Y tế Khánh Hòa ngày 11/11: Trong ngày ghi nhận 210 ca, trong đó: ca "
                       "cộng đồng 95, ca trong khu cách ly 115.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (210, 95, 115)
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_lines_of_the_days_parts_put_in_brackets():
    # "(ca cộng đồng: 50; ca cách ly: 118)": the lines of a report's parts, in brackets after
    # the day's count.
    r = parse_bulletin("Kiên Giang tối 1/11: ghi nhận 168 ca mắc mới (ca cộng đồng: 50; ca cách "
                       "ly: 118).")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (168, 50, 118)
    assert (r["unparsed"], r["status"]) == ([], "ok")


def test_a_list_closed_by_the_days_parts_after_a_semicolon():
    # "...: Hải Châu (9), ..., Cẩm Lệ (4); trong đó 22 ca đã được cách ly, 4 ca cộng đồng": the
    # clause after ";" is the day's parts, not the list's last item (9 + 7 + 6 + 4 = 26).
    r = parse_bulletin("Đà Nẵng ngày 28/8 ghi nhận 26 ca mắc mới tại các quận: Hải Châu (9), Thanh "
                       "Khê (7), Liên Chiểu (6), Cẩm Lệ (4); trong đó 22 ca đã được cách ly, 4 ca "
                       "cộng đồng.")
    assert _units(r) == [("Hải Châu", 9), ("Thanh Khê", 7), ("Liên Chiểu", 6), ("Cẩm Lệ", 4)]
    assert (r["new_cases"], r["quarantine"], r["community"]) == (26, 22, 4)
    assert (r["unparsed"], r["status"]) == ([], "ok")
