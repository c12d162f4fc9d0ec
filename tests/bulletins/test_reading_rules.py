"""Numbers, sentences, lists and checks, each on hand-made examples."""

from __future__ import annotations

import unicodedata

import pytest
from typer.testing import CliRunner

from episurv.bulletins import check_series, lists, parse_bulletin
from episurv.bulletins.lists import read_counts
from episurv.bulletins.numbers import read_date, read_hour, read_number
from episurv.bulletins.reading import Folded, original
from episurv.bulletins.segment import normalise, split_sentences
from episurv.cli.parse import app


@pytest.mark.parametrize("token, magnitude, value", [
    ("4.998", None, 4998), ("22.960.218", None, 22960218), ("2,4", None, 2.4),
    ("89.6", "triệu", 89_600_000), ("107,4", "triệu", 107_400_000), ("133", None, 133),
    ("một", None, 1), ("Hai", None, 2), ("mười", None, 10), ("mười hai", None, 12),
    ("mười lăm", None, 15), ("tư", None, 4),
])
def test_read_number(token, magnitude, value):
    assert read_number(token, magnitude) == value


def test_dates_and_hours():
    assert read_date("7/11", 2021) == "2021-11-07"
    assert read_date("27/4", 2021) == "2021-04-27"
    assert read_date("31/11", 2021) is None
    assert read_date("6/1/2022", 2021) == "2022-01-06"
    assert (read_hour("7h20"), read_hour("9h"), read_hour("18h"), read_hour("25h")) == (
        "07:20", "09:00", "18:00", None)


def test_sentences_glued_and_figures_kept_whole():
    text = ("Có 4.998 ca trong 24 giờ qua.Cụ thể, tổng số liều là 89.6 triệu liều. "
            "TP. Hồ Chí Minh ghi nhận 5 ca...Hôm 6/11 có 1 ca khi được điều độngTP Hà Nội có 2 ca")
    got = [s.text for s in split_sentences(normalise(text))]
    assert got == ["Có 4.998 ca trong 24 giờ qua.", "Cụ thể, tổng số liều là 89.6 triệu liều.",
                   "TP. Hồ Chí Minh ghi nhận 5 ca.", "Hôm 6/11 có 1 ca khi được điều động",
                   "TP Hà Nội có 2 ca"]
    first = split_sentences(normalise(text))[0]
    assert [first.text[a:b] for a, b in first.numbers] == ["4.998", "24"]


def test_normalise_nfd_nbsp_typos():
    raw = unicodedata.normalize("NFD", "Ba Đình,\u00a0Hà Đông mỗi mơi 3; Đưởng Bưởi")
    assert normalise(raw) == "Ba Đình, Hà Đông mỗi nơi 3; Đường Bưởi"


def test_figures_in_names_are_not_figures():
    s = split_sentences("F0 và F1 đang điều trị Covid-19 tại BN3090")[0]
    assert s.numbers == []


@pytest.mark.parametrize("text, expected", [
    ("Thanh Xuân 8, Đông Anh 5", [("Thanh Xuân", 8, 1), ("Đông Anh", 5, 1)]),
    ("Ba Đình, Hà Đông mỗi nơi 3", [("Ba Đình", 3, 2), ("Hà Đông", 3, 2)]),
    ("A và B đều 16", [("A", 16, 2), ("B", 16, 2)]),
    ("Bình Dương và An Giang 5", [("Bình Dương", 5, 2), ("An Giang", 5, 2)]),
    ("Sóc Sơn, Chương Mỹ mỗi nơi một trạm", [("Sóc Sơn", 1, 2), ("Chương Mỹ", 1, 2)]),
    ("Long An (134), TP. Hồ Chí Minh (800)", [("Long An", 134, 1), ("TP. Hồ Chí Minh", 800, 1)]),
    ("Quận 8 95, Quận 12 và Gò Vấp đều 40", [("Quận 8", 95, 1), ("Quận 12", 40, 2),
                                           ("Gò Vấp", 40, 2)]),
    ("Hòa Vang một ca", [("Hòa Vang", 1, 1)]),
])
def test_read_counts_groupings(text, expected):
    entries, pending = read_counts(text)
    assert [(e.name, e.count, e.grouped) for e in entries] == expected and pending == []


@pytest.mark.parametrize("item, expected", [
    ("Cà Mau giảm 134 ca", ("Cà Mau", "134", "giảm", False)),
    ("Bình Dương và An Giang đều 16", ("Bình Dương và An Giang", "16", "đều", False)),
    ("TP HCM có 4.907 ca", ("TP HCM", "4.907", "có", False)),
    ("Tây Ninh Tăng 126 người", ("Tây Ninh", "126", "tăng", False)),
])
def test_an_item_with_a_one_word_marker_is_read_as_the_item_pattern_reads_it(item, expected):
    # Read without _ITEM_RE (the list items of the ministry's report of 7/11/2021, "Cà Mau giảm
    # 134 ca, ..."), with the values the pattern gives.
    assert lists._plain_count(item, item.lower()) == expected
    m = lists._ITEM_RE.match_str(item)
    assert (original(m, item, "name"), m.group("marked"), m.group("marker").lower()) \
        == expected[:3]


@pytest.mark.parametrize("item", ["Ba Đình, Hà Đông mỗi nơi 3", "Gia Lâm ghi nhận 5",
                                  "Quảng Ngãi, Nghệ An đều hai", "tăng 5", "Cần Thơ đều 1,5"])
def test_other_marked_items_are_left_to_the_item_pattern(item):
    assert lists._plain_count(item, item.lower()) is None


def test_a_name_left_without_count_is_reported():
    entries, pending = read_counts("Thanh Xuân 8, Đông Anh")
    assert [e.name for e in entries] == ["Thanh Xuân"] and pending == ["Đông Anh"]


def test_unread_figure_is_listed_and_needs_review():
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 10 ca cộng đồng, 5 ca ở khu cách ly. "
                       "Thành phố đã tiêm 37 mũi cho trẻ em.")
    assert r["unparsed"] == [{"sentence": "Thành phố đã tiêm 37 mũi cho trẻ em.",
                              "numbers": ["37"]}]
    assert r["status"] == "needs_review"
    assert {c["name"] for c in r["checks"] if not c["ok"]} == {"figures_read"}


def test_unknown_district_fails_resolution():
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 10 ca cộng đồng, 5 ca ở khu cách ly. "
                       "Cụ thể, 10 ca cộng đồng ghi nhận tại các quận, huyện: Thanh Xuân 6, "
                       "Ba Đình 2, Quận Mới 2.")
    failed = {c["name"]: c["detail"] for c in r["checks"] if not c["ok"]}
    assert "Quận Mới" in failed["units_resolved"]
    assert [u["code"] for u in r["community_by_unit"]] == [9, 1, None]


def test_a_place_picked_out_that_is_no_unit_fails_resolution():
    # The places a text picks out of the day's cases are checked against the register as the
    # day's list is: "Phú Lâm Sơn" is no province of 2021.
    r = parse_bulletin("Ngày 3/10/2021, cả nước ghi nhận 500 ca mắc mới tại 20 tỉnh, thành "
                       "phố, trong đó Bình Dương có 200 ca, Phú Lâm Sơn 100 ca.")
    assert [(e["code"], e["new_cases"]) for e in r["top_by_unit"]["by_unit"]] == [
        (74, 200), (None, 100)]
    failed = {c["name"]: c["params"] for c in r["checks"] if not c["ok"]}
    assert failed == {"units_resolved": {"field": "top_by_unit", "names": ["Phú Lâm Sơn"]}}
    assert r["status"] == "needs_review"


def _day(date, clusters, total=None, new=None):
    return {"date": date, "jurisdiction": {"code": 1}, "new_cases": new,
            "clusters": [{"cluster": c, "first_case_date": f, "total_cases": n}
                         for c, f, n in clusters],
            "cumulative": {"total": total} if total is not None else None}


def test_check_series_running_totals():
    days = [
        _day("2021-11-08", [("Phú Đô", "2021-11-01", 40), ("chợ Hôm", "2021-11-05", 10)], 5000),
        _day("2021-11-07", [("Phú Đô", "2021-11-01", 35)], 4950),
        _day("2021-11-09", [("Phú Đô", "2021-11-02", 38), ("Chợ Hôm", "2021-11-05", 12)], 5060,
             new=60),
    ]
    checks = check_series(days)
    failed = [(c["name"], c["detail"]) for c in checks if not c["ok"]]
    assert failed == [
        ("cluster_total_never_falls", "Phú Đô: 40 on 2021-11-08, 38 on 2021-11-09"),
        ("cluster_first_date_stable",
         "Phú Đô: first case 2021-11-01 on 2021-11-08, 2021-11-02 on 2021-11-09"),
    ]
    grows = [c for c in checks if c["name"] == "cumulative_grows_by_new_cases"]
    assert grows == [{"name": "cumulative_grows_by_new_cases", "ok": True,
                      "code": "cumulative_grows",
                      "params": {"before": 5000, "new": 60, "sum": 5060, "stated": 5060},
                      "detail": "5000 + 60 new = 5060, stated 5060"}]
    assert sum(c["name"] == "cluster_total_never_falls" for c in checks) == 3


def test_cli_bulletin_and_score(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text("CDC Hà Nội tối 9/11 ghi nhận 10 ca cộng đồng, 5 ca ở khu cách ly.",
                    encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(app, ["bulletin", str(path), "--format", "text"])
    assert out.exit_code == 0 and "community: 10" in out.output and "status: ok" in out.output
    out = runner.invoke(app, ["bulletin", str(path)])
    assert out.exit_code == 0 and '"new_cases": 15' in out.output
    out = runner.invoke(app, ["bulletin", str(tmp_path / "none.txt")])
    assert out.exit_code == 2 and "no such file" in out.output
    out = runner.invoke(app, ["score", str(tmp_path)])
    assert out.exit_code == 2 and "b.txt has no expected reading b.json" in out.output
    (tmp_path / "b.json").write_text('{"kind": "city_daily", "date": "2021-11-09", '
                                     '"new_cases": 15, "community": 11}', encoding="utf-8")
    out = runner.invoke(app, ["score", str(tmp_path)])
    assert out.exit_code == 0
    rows = {line.split()[0]: line.split()[1:] for line in out.output.splitlines()[1:]}
    assert rows["new_cases"][:3] == ["1.000", "1.000", "1.000"]
    assert rows["community"][:3] == ["0.000", "0.000", "0.000"]  # read 10, expected 11


def test_bare_number_word_counts_only_after_a_place():
    # "Quảng Ninh hai" is a count; "Thủ Dầu Một" is a city of Bình Dương, not "Thủ Dầu" 1.
    r = parse_bulletin("Sáng 9/6, Bộ Y tế ghi nhận 5 ca mắc mới, tại Quảng Ninh hai, "
                       "Nghệ An 3. Các ca này đều đã được cách ly.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(22, 2), (40, 3)]
    units = {"Thủ Dầu": "Thủ Dầu Một", "Thủ Dầu Một": "Thủ Dầu Một", "Dĩ An": "Dĩ An"}
    entries, pending = read_counts("Thủ Dầu Một, Dĩ An 4", units.get)
    assert [(e.name, e.count) for e in entries] == [("Thủ Dầu Một", 4), ("Dĩ An", 4)]
    entries, pending = read_counts("Lạng Sơn một, Dĩ An 4", {"Lạng Sơn": "Lạng Sơn"}.get)
    assert [(e.name, e.count) for e in entries] == [("Lạng Sơn", 1), ("Dĩ An", 4)]
    assert read_counts("tổ dân phố một", {}.get) == ([], ["tổ dân phố một"])  # not a place
    r = parse_bulletin("CDC Bình Dương tối 2/9 ghi nhận 9 ca mắc mới tại các địa phương: "
                       "Thủ Dầu Một, Dĩ An 4, Bến Cát 5.")
    got = {e["unit"]: e["new_cases"] for e in r["by_unit"]}
    assert got == {"Thủ Dầu Một": 4, "Dĩ An": 4, "Bến Cát": 5}


def test_deaths_list_detail_and_continuation():
    text = ("Bộ Y tế tối 2/12 cho biết cả nước có 20 ca tử vong tại: Cần Thơ (9) trong đó có 3 ca "
            "từ Hậu Giang chuyển đến như sau: Hậu Giang (3). Tại các tỉnh khác: Long An (6), "
            "Kiên Giang (5). Có 800 người khỏi bệnh.")
    r = parse_bulletin(text)
    assert r["kind"] == "national_daily" and r["deaths"] == 20
    assert [(e["code"], e["deaths"]) for e in r["deaths_by_unit"]] == [(92, 9), (80, 6), (91, 5)]
    assert r["deaths_by_unit"][0]["of_which"]["count"] == 3
    assert [e["code"] for e in r["deaths_by_unit"][0]["of_which"]["by_unit"]] == [93]


def test_running_total_risen_to_and_since_a_day():
    r = parse_bulletin("Chiều 3/9, Khánh Hòa ghi nhận thêm 12 bệnh nhân mắc COVID-19, nâng tổng "
                       "số ca từ ngày 1/7 đến nay lên 2.431. Các ca đều ở Nha Trang.")
    assert (r["date"], r["new_cases"]) == ("2021-09-03", 12)
    assert r["cumulative"] == {"since": "2021-07-01", "total": 2431}
    r = parse_bulletin("Bộ Y tế trưa 8/6 ghi nhận 40 ca mắc mới, trong đó 38 ca ghi nhận trong "
                       "nước tại Bắc Giang (38). Kể từ đầu dịch, Việt Nam có 7.500 ca ghi nhận "
                       "trong nước và 1.600 ca nhập cảnh.")
    assert (r["new_cases"], r["domestic"]) == (40, 38)
    assert {"since": None, "domestic": 7500, "imported": 1600} in r["running_totals"]


@pytest.mark.parametrize("text, expected", [
    ("Gia Lâm, Đông Anh mỗi huyện 2, Ba Đình 1",
     [("Gia Lâm", 2), ("Đông Anh", 2), ("Ba Đình", 1)]),
    ("Cầu Giấy và Đống Đa đều 3; Sóc Sơn và Mê Linh một",
     [("Cầu Giấy", 3), ("Đống Đa", 3), ("Sóc Sơn", 1), ("Mê Linh", 1)]),
    ("Thanh Xuân: 5 ca; Hoàng Mai: 4 ca", [("Thanh Xuân", 5), ("Hoàng Mai", 4)]),
    ("Q.1 (10), Q. Ba Đình (2), TP.HCM 3", [("Q.1", 10), ("Q. Ba Đình", 2), ("TP.HCM", 3)]),
])
def test_list_forms(text, expected):
    entries, pending = read_counts(text)
    assert [(e.name, e.count) for e in entries] == expected and pending == []


@pytest.mark.parametrize("layout", [
    "tại các quận, huyện:\n- Thanh Xuân 5;\n- Hoàng Mai 4;\n- Gia Lâm và Đông Anh đều 1;\n"
    "- P. Phúc Xá 1.",
    "tại các quận, huyện:\n- Thanh Xuân 5\n- Hoàng Mai 4\n- Gia Lâm và Đông Anh đều 1\n"
    "- P. Phúc Xá 1\nCác ca còn lại đều đã được cách ly.",
    "tại các quận, huyện: Thanh Xuân 5,\nHoàng Mai 4, Gia Lâm, Đông Anh mỗi huyện 1,\n"
    "P. Phúc Xá 1.",
])
def test_list_across_lines_bullets_and_a_ward(layout):
    r = parse_bulletin(f"CDC Hà Nội tối 9/11 ghi nhận 20 ca mắc mới, trong đó 12 ca cộng "
                       f"đồng. Các ca cộng đồng {layout}")
    got = [(e["written"], e["code"], e["new_cases"], e.get("level"))
           for e in r["community_by_unit"]]
    assert got == [("Thanh Xuân", 9, 5, None), ("Hoàng Mai", 8, 4, None),
                   ("Gia Lâm", 18, 1, None), ("Đông Anh", 17, 1, None),
                   ("P. Phúc Xá", 1, 1, "ward")]  # ward 00001 of Ba Đình
    assert r["status"] == "ok", r["checks"]


def test_a_bullet_that_states_something_stays_a_sentence():
    text = ("Từ 6h ngày 12/6 đến 18h ngày 12/6:\n- 20 ca ghi nhận trong nước tại: Bắc Giang (12), "
            "Hà Nội (8).\n- 2 ca nhập cảnh tại: Kiên Giang (2).")
    r = parse_bulletin(text)
    assert (r["domestic"], r["imported"], r["new_cases"]) == (20, 2, 22)


@pytest.mark.parametrize("written, code", [
    ("TP HCM", 79), ("TP.HCM", 79), ("Sài Gòn", 79), ("Tp. Hồ Chí Minh", 79), ("Huế", 46),
    ("TT-Huế", 46), ("HN", 1), ("Đăk Lăk", 66), ("Bà Rịa-Vũng Tàu", 77),
])
def test_gazetteer_short_and_old_province_names(written, code):
    from episurv.bulletins import places
    assert places.province(written)["code"] == code


def test_gazetteer_districts_and_wards_of_a_city():
    from episurv.bulletins import places
    hcm, hanoi = {"level": "province", "code": 79}, {"level": "province", "code": 1}
    assert places.unit_in("Q.1", hcm)["code"] == 760
    assert places.unit_in("Q. Ba Đình", hanoi)["code"] == 1
    assert places.unit_in("H. Gia Lâm", hanoi)["code"] == 18
    ward = places.unit_in("P. Phúc Xá", hanoi)
    assert (ward["level"], ward["code"], ward["name"]) == ("ward", 1, "Phường Phúc Xá")
    assert places.unit_in("Chợ Long Biên", hanoi)["code"] is None  # a place, not a unit
    r = parse_bulletin("Sở Y tế TP.HCM sáng 10/9 ghi nhận 30 ca mắc mới tại các quận: Q.1 (10), "
                       "Q.3 (8), Bình Thạnh và Gò Vấp đều 6.")
    assert r["jurisdiction"]["code"] == 79
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        (760, 10), (770, 8), (765, 6), (764, 6)]


def test_a_wards_count_is_not_stored_as_a_districts():
    from episurv.bulletins.service import figures_of
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 3 ca mắc mới tại: Thanh Xuân 2, "
                       "P. Phúc Xá 1.")
    figures, not_stored = figures_of(r)
    by_district = {(f.district_code, f.measure): f.value for f in figures}
    assert by_district[(9, "new_cases")] == 2 and (1, "new_cases") not in by_district
    assert not_stored == ["by_unit: a ward's count, not a district's: P. Phúc Xá"]


def test_running_total_stated_as_what_it_is():
    # "Tổng số ca ... từ ngày 27/4 đến nay là N, trong đó ...": the total, not its community part.
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 12 ca cộng đồng, 3 ca trong khu cách ly. "
                       "Tổng số ca COVID-19 của Hà Nội từ ngày 27/4 đến nay là 5.120, trong đó "
                       "2.018 ca cộng đồng.")
    # Counted from 27/4/2021, the day wave 4 began: the reader names the wave.
    assert r["cumulative"] == {"since": "2021-04-27", "wave": 4, "total": 5120, "community": 2018}
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 12 ca cộng đồng. Tổng số mẫu xét nghiệm "
                       "từ ngày 27/4 đến nay là 90.000.")
    assert r["cumulative"] is None  # samples, not cases


def test_a_running_total_of_deaths_alone_is_kept_not_lost():
    # No count of cases beside it: the running total of deaths is the text's total_deaths.
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 12 ca cộng đồng, 3 ca trong khu cách ly. "
                       "Tổng số ca tử vong từ đầu đợt dịch là 47 ca.")
    assert (r.get("total_deaths"), r["cumulative"], r["status"]) == (47, None, "ok")
    # A running total of quarantine cases alone is a running total with that part only.
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 12 ca cộng đồng, 3 ca trong khu cách ly. "
                       "Từ đầu đợt dịch, 2.905 ca được phát hiện tại khu cách ly.")
    assert (r["quarantine"], r["cumulative"], r["status"]) == (
        3, {"since": None, "quarantine": 2905}, "ok")


@pytest.mark.parametrize("more", ["có thêm 318 F0", "ghi nhận thêm 318 ca",
                                  "thêm 318 trường hợp"])
def test_more_cases_as_the_only_statement_of_the_days_count(more):
    r = parse_bulletin(f"CDC Hà Nội tối 9/11 cho biết thành phố {more}. Cụ thể, 118 ca cộng "
                       "đồng và 200 ca ở khu cách ly.")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (318, 118, 200)
    assert "new_cases" not in r.get("derived", []) and r["status"] == "ok"


def test_more_cases_of_a_measure_or_a_cluster_are_not_the_days_count():
    r = parse_bulletin("CDC Hà Nội tối 9/11 cho biết ổ dịch chợ Hôm có thêm 4 ca. Thành phố có "
                       "thêm 2 ca tử vong. Hôm nay 18 ca cộng đồng, 7 ca ở khu cách ly.")
    assert (r["new_cases"], r.get("deaths")) == (25, 2)  # 18 + 7, derived


def test_a_measure_named_before_a_colon_then_its_count():
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 263 ca mắc mới. Cộng đồng: 104 ca; khu cách "
                       "ly: 159 ca. Tử vong: 3 ca.")
    assert (r["new_cases"], r["community"], r["quarantine"], r.get("deaths")) == (263, 104, 159, 3)
    assert r["unparsed"] == [] and r["status"] == "ok"
    # A name no row reads is not a measure: its figure stays unread.
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 263 ca mắc mới. Tiêm chủng: 900 người.")
    assert r["unparsed"] and r.get("deaths") is None


def test_f1_cases_already_isolated_are_quarantine_not_a_source():
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 212 ca mắc mới, trong đó 87 ca cộng đồng, "
                       "125 ca là F1 đã được cách ly.")
    assert (r["community"], r["quarantine"], r.get("by_source")) == (87, 125, None)
    assert r["status"] == "ok"
    # F1 with no word of isolation stays a source ("36 ca là F1", corpus 01).
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 20 ca cộng đồng. Trong đó 8 ca phát hiện qua "
                       "sàng lọc và 12 ca là F1.")
    assert r.get("by_source") == {"screening": 8, "contact": 12}


def test_normalise_space_before_marks_count_words_and_table_rows():
    assert normalise("ghi nhận 368 ca mắc mới , trong đó 152 ca cộng đồng ; tại : Đống Đa 21 .") \
        == "ghi nhận 368 ca mắc mới, trong đó 152 ca cộng đồng; tại: Đống Đa 21."
    assert normalise("Còn 5 ca... rồi") == "Còn 5 ca... rồi"  # an ellipsis keeps its dots
    assert normalise("có hai trường hợp và 12 trường hợp, các trường hợp khác") == (
        "có hai ca và 12 ca, các trường hợp khác")
    # In any case, as a headline writes it.
    assert normalise("Thêm 12 Trường Hợp mắc mới, 3 TRƯỜNG HỢP tử vong") == (
        "Thêm 12 ca mắc mới, 3 ca tử vong")
    # "İ" is two characters in lower case: the count noun is still found where it is written.
    assert normalise("Đoàn khách İzmir có 3 TRƯỜNG HỢP mắc mới") == (
        "Đoàn khách İzmir có 3 ca mắc mới")
    table = "Các ca mới theo địa phương:\nĐịa phương\tSố ca\nBiên Hòa\t19\nTrảng Bom\t4\n"
    assert normalise(table).strip() == "Các ca mới theo địa phương: Biên Hòa 19; Trảng Bom 4."


def test_number_word_counts_only_as_whole_words():
    # "ba" of "bác" starts no count, so the sentence's counts are all read once 12 is read.
    s = split_sentences(normalise("Các bác sĩ ghi nhận 12 ca, Ba Đình có ba ca."))[0]
    assert s.num_starts() == [s.text.index("12"), s.text.index("Ba Đình"), s.text.index("ba ca")]


def test_list_after_of_which_names_two_places_at_least():
    r = parse_bulletin("Ngày 14/5, Bộ Y tế ghi nhận 12 ca trong nước, trong đó Bắc Giang 9, "
                       "Hà Nam và Vĩnh Phúc mỗi nơi một ca.")
    assert [(e["unit"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Bắc Giang", 9), ("Hà Nam", 1), ("Vĩnh Phúc", 1)]
    one = parse_bulletin("Ngày 13/12, thêm 15.349 ca mắc COVID-19 trong nước, trong đó Hà Nội "
                         "có 1.000 ca.")
    assert one["by_unit"] == []  # one place singled out is not the day's list


def test_all_of_a_count_is_the_days_count_and_its_part():
    # "đều" (all): the 30 cases are the day's cases and all of them were found isolated.
    r = parse_bulletin("Bộ Y tế sáng 20/5 ghi nhận 30 ca dương tính nCoV đều ở khu cách ly "
                       "hoặc phong tỏa.")
    assert (r["new_cases"], r["quarantine"], r.get("domestic")) == (30, 30, None)
    r = parse_bulletin("Bộ Y tế sáng 21/5 thông báo 12 ca mắc mới đều ghi nhận trong nước.")
    assert (r["new_cases"], r["domestic"], r["derived"]) == (12, 12, [])
    # Without "đều" a part is only a part.
    part = parse_bulletin("Bộ Y tế sáng 20/5 ghi nhận 30 ca mắc mới, trong đó 20 ca trong khu "
                          "cách ly.")
    assert (part["new_cases"], part["quarantine"], part.get("domestic")) == (30, 20, None)


def test_domestic_implied_when_a_province_list_places_every_case():
    text = ("Bộ Y tế sáng 20/5 ghi nhận 30 ca dương tính nCoV, tại Lạng Sơn một, Ninh Bình 2, "
            "Bắc Giang 27.")
    r = parse_bulletin(text)
    assert (r["new_cases"], r["domestic"], r["derived"]) == (30, 30, ["domestic"])
    # Not when the list stops short, when imported cases are stated, nor in a city's report.
    short = parse_bulletin(text.replace("Bắc Giang 27", "Bắc Giang 26"))
    assert short.get("domestic") is None and "domestic" not in short["derived"]
    imported = parse_bulletin(text.replace("30 ca dương tính nCoV,",
                                           "30 ca dương tính nCoV, trong đó 2 ca nhập cảnh,"))
    assert (imported["imported"], imported.get("domestic")) == (2, None)
    city = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 5 ca mắc mới tại các quận: Ba Đình 2, "
                          "Đống Đa 3.")
    assert city["kind"] == "city_daily" and "domestic" not in city["derived"]


def test_gold_scores_a_derived_figure_like_any_other():
    from episurv.bulletins.gold import compare

    reading = parse_bulletin("Bộ Y tế sáng 20/5 ghi nhận 30 ca dương tính nCoV, tại Lạng Sơn "
                             "một, Bắc Giang 29.")
    assert reading["derived"] == ["domestic"]
    with_it = compare(reading, {"new_cases": 30, "domestic": 30})["domestic"]
    without = compare(reading, {"new_cases": 30})["domestic"]
    assert (sum(with_it[0].values()), sum(with_it[1].values())) == (1, 1)
    assert (sum(without[0].values()), sum(without[1].values())) == (1, 0)  # read, not stated


def test_running_totals_by_place_after_len_in_every_order():
    # "lên" (risen to) read by the list grammar: before the first count, before each, or
    # before the whole list.
    opening = "Bộ Y tế sáng 20/5 ghi nhận 30 ca mắc mới. Số ca mới "
    for said in ("đưa tổng ca Covid-19 ở Bắc Giang lên 618, Bắc Ninh 361, Lạng Sơn một.",
                 "nâng số ca tại Bắc Giang lên 618, Bắc Ninh lên 361, Lạng Sơn lên một.",
                 "nâng tổng số ca của các tỉnh lên: Bắc Giang 618, Bắc Ninh 361, Lạng Sơn một."):
        r = parse_bulletin(opening + said)
        assert [(e["code"], e["total"]) for e in r["cumulative"]["by_unit"]] == [
            (24, 618), (27, 361), (20, 1)], said
        assert r["by_unit"] == [] and r["unparsed"] == [], said


def test_cluster_and_source_split_is_of_the_days_total_only():
    # episurv's own report splits every case of the day (render_daily S3-S4): 20 community +
    # 10 in quarantine = 30. A split that adds up to the community's 20 fails.
    opening = ("CDC Hà Nội tối 9/11 ghi nhận 20 ca cộng đồng, 10 ca ở khu cách ly và phong tỏa, "
               "trong 24 giờ qua. Phân bố theo chùm ca bệnh, có 6 ca liên quan ổ dịch chợ Hôm. ")

    def check(text: str, name: str) -> tuple[bool, str]:
        c = next(c for c in parse_bulletin(text)["checks"] if c["name"] == name)
        return c["ok"], c["detail"]

    assert check(opening + "Còn lại 10 ca phát hiện qua sàng lọc ho sốt trong cộng đồng và 14 "
                 "ca là F1.", "by_cluster_vs_total") == (
        True, "6 in clusters + 24 found otherwise = 30; total 30, community 20")
    assert check(opening + "Còn lại 10 ca phát hiện qua sàng lọc ho sốt trong cộng đồng và 4 "
                 "ca là F1.", "by_cluster_vs_total") == (
        False, "6 in clusters + 14 found otherwise = 20; total 30, community 20")
    sources = ("CDC Hà Nội tối 9/11 ghi nhận 20 ca cộng đồng, 10 ca ở khu cách ly và phong tỏa, "
               "trong 24 giờ qua. Theo nguồn lây, 8 ca liên quan các ổ dịch và {} ca là F1.")
    assert check(sources.format(22), "by_source_vs_total")[0] is True
    assert check(sources.format(12), "by_source_vs_total") == (
        False, "sources add up to 20, total 30, community 20")


def test_partial_list_of_the_places_with_most_cases():
    r = parse_bulletin("Sở Y tế Hà Nội tối 9/11 cho biết thành phố ghi nhận 212 ca mắc mới tại "
                       "29/30 quận, huyện, nhiều nhất là Thanh Xuân 25, Hoàng Mai 21, Đống Đa 18.")
    assert r["kind"] == "city_daily" and r["new_cases"] == 212 and r["by_unit"] == []
    top = r["top_by_unit"]
    assert (top["units_with_cases"], top["units"]) == (29, 30)
    assert [(e["code"], e["new_cases"]) for e in top["by_unit"]] == [(9, 25), (8, 21), (6, 18)]
    assert r["status"] == "ok" and r["unparsed"] == []
    # Nationally, of the domestic cases; a top list above its total is flagged.
    r = parse_bulletin("Tối 13/11, Bộ Y tế công bố 8.396 ca mắc mới, trong đó 8.380 ca trong "
                       "nước tại 58/63 tỉnh, thành phố, cao nhất là TP HCM 5.100, Bình Dương "
                       "3.750. Ngoài ra có 16 ca nhập cảnh.")
    assert r["by_unit"] == [] and len(r["top_by_unit"]["by_unit"]) == 2
    failed = next(c for c in r["checks"] if c["name"] == "top_by_unit_within")
    assert failed == {"name": "top_by_unit_within", "ok": False,
                      "code": "top_within_total_places",
                      "params": {"listed": 2, "sum": 8850, "total": 8380, "with_cases": 58,
                                 "units": 63},
                      "detail": "the 2 places with the most cases add up to 8850 of 8380; 58 of "
                                "63 places had cases"}


def test_places_picked_out_only_of_the_days_cases():
    def top(text: str) -> list[tuple[int, int]] | None:
        r = parse_bulletin(text)
        part = r.get("top_by_unit")
        return None if part is None else [(e["code"], e["new_cases"]) for e in part["by_unit"]]

    opening = "Tối 24/11, Bộ Y tế cho biết ghi nhận 10.308 ca mắc mới trong nước"
    assert top(opening + ", trong đó TP HCM 1.365 ca.") == [(79, 1365)]
    # Passing over the change in brackets and the count of provinces to the domestic count.
    assert top(opening + " (tăng 120 ca so với hôm qua) tại 60 tỉnh, thành phố, riêng Hà Nội "
               "có 240 ca.") == [(1, 240)]
    # Not out of deaths or imported cases: no field keeps a part of those.
    assert top("Tối 24/11, Bộ Y tế cho biết có 118 ca tử vong, trong đó TP HCM 40 ca.") is None
    assert top("Tối 24/11, Bộ Y tế cho biết có 12 ca nhập cảnh, riêng Hà Nội 5 ca.") is None
    # One count of two places is no count of either.
    assert top(opening + ", riêng TP HCM và Bình Dương đã gần 8.500 ca.") is None
    # Several places after a bare "trong đó" are the whole list.
    r = parse_bulletin(opening + ", trong đó TP HCM 10.000, Bình Dương 308.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(79, 10000), (74, 308)]
    assert r.get("top_by_unit") is None
    # Changes by place are not the places with the most cases.
    assert top(opening + ". Các địa phương có số ca tăng cao nhất so với hôm qua: Bình Phước "
               "tăng 98 ca, Gia Lai tăng 20 ca.") is None


def test_kind_from_who_speaks_not_from_an_evening_date():
    # A city's evening report with deaths is the city's.
    r = parse_bulletin("Tối 14/8, Đà Nẵng ghi nhận 120 ca mắc mới, trong đó 45 ca cộng đồng, "
                       "75 ca trong khu cách ly; 2 ca tử vong.")
    assert (r["kind"], r["jurisdiction"]["code"], r["deaths"]) == ("city_daily", 48, 2)
    r = parse_bulletin("Bản tin tối 14/8 của Sở Y tế TP Hồ Chí Minh: thành phố ghi nhận 3.500 "
                       "ca mắc mới, 250 ca tử vong.")
    assert r["kind"] == "city_daily"
    # The ministry's evening notice of new cases alone is a notice, read with its list.
    r = parse_bulletin("Tối 12/7, Bộ Y tế thông báo ghi nhận 1.303 ca mắc mới trong nước, gồm "
                       "TP. Hồ Chí Minh (830), Bình Dương (155), Long An (120), Đồng Nai (98), "
                       "Tiền Giang (100).")
    assert (r["kind"], r["date"], r["domestic"]) == ("moh_timeline", "2021-07-12", 1303)
    assert [e["new_cases"] for e in r["by_unit"]] == [830, 155, 120, 98, 100]
    assert r["status"] == "ok"
    # Without a speaker: the province the figures are of, else the country.
    r = parse_bulletin("TP HCM ghi nhận 1.200 ca mắc mới, nhiều nhất cả nước; 40 ca tử vong.")
    assert (r["kind"], r["jurisdiction"]["code"]) == ("city_daily", 79)
    r = parse_bulletin("Cả nước ghi nhận 10.200 ca mắc mới trong nước và 210 ca tử vong.")
    assert (r["kind"], r["domestic"], r["new_cases"], r["deaths"]) == (
        "national_daily", 10200, None, 210)  # "ca mắc mới trong nước": domestic, not the total
    # With the day's deaths, the ministry's text is the national report.
    r = parse_bulletin("Tối 12/7, Bộ Y tế thông báo ghi nhận 1.303 ca mắc mới trong nước; "
                       "có 12 ca tử vong.")
    assert (r["kind"], r["domestic"], r["new_cases"], r["deaths"]) == (
        "national_daily", 1303, None, 12)


def test_a_list_of_hospitals_alone_leaves_the_kind_to_the_texts_words():
    # No speaker, no province as the subject, and the bracketed counts name hospitals only:
    # the list tells nothing (it used to say "a city"), "trong nước" leans to the ministry.
    r = parse_bulletin("Ghi nhận 6 ca mắc mới trong nước tại: Bệnh viện Bệnh nhiệt đới Trung "
                       "ương (4), Bệnh viện K (2).", date="2021-05-12")
    assert (r["kind"], r["domestic"], r["status"]) == ("moh_timeline", 6, "ok")
    assert [(e["written"], e["code"], e["new_cases"]) for e in r["by_unit"]] == [
        ("Bệnh viện Bệnh nhiệt đới Trung ương", None, 4), ("Bệnh viện K", None, 2)]


def test_a_wave_named_is_counted_from_its_first_day():
    for said in ("Tổng cộng từ đợt dịch thứ 4 đến nay thành phố có 12.300 ca",
                 "Trong đợt dịch thứ 4, thành phố đã ghi nhận 12.300 ca"):
        r = parse_bulletin("CDC Hà Nội tối 6/12 ghi nhận 40 ca cộng đồng, 20 ca ở khu cách ly. "
                           + said + ", trong đó 5.100 ca cộng đồng.")
        assert r["cumulative"] == {"wave": 4, "since": "2021-04-27", "total": 12300,
                                   "community": 5100}, said
        assert r["unparsed"] == []
    # A cluster's "tổng cộng 28 ca" counts from no time of its own: not a running total.
    r = parse_bulletin("CDC Hà Nội tối 6/12 ghi nhận 40 ca cộng đồng, 20 ca ở khu cách ly. Như "
                       "vậy, các địa bàn đang diễn biến phức tạp gồm: chợ Hôm, Phố Huế, Hai Bà "
                       "Trưng, ghi nhận từ 5/11, tổng cộng 28 ca.")
    assert r["cumulative"] is None and r["clusters"][0]["total_cases"] == 28


def test_days_of_places_in_one_sentence_or_on_joined_lines():
    # Each day's places are its own: "Ngày 8/11:" is a header, never part of a place's name.
    r = parse_bulletin("CDC Hà Nội tối 9/11 thông báo khẩn tìm người đến các địa điểm sau:\n"
                       "Ngày 7/11: 9h chợ Hôm, phố Huế, Hai Bà Trưng; nhà thuốc 12 Bạch Mai, Hai "
                       "Bà Trưng\nNgày 8/11: 14h ngày 8/11 có mặt tại siêu thị Big C Thăng Long, "
                       "Trần Duy Hưng, Cầu Giấy")
    assert [(e["date"], e["time"], e["place"], e["district"]["unit"]) for e in r["exposures"]] \
        == [("2021-11-07", "09:00", "chợ Hôm, phố Huế, Hai Bà Trưng", "Hai Bà Trưng"),
            ("2021-11-07", None, "nhà thuốc 12 Bạch Mai, Hai Bà Trưng", "Hai Bà Trưng"),
            ("2021-11-08", "14:00", "siêu thị Big C Thăng Long, Trần Duy Hưng, Cầu Giấy",
             "Cầu Giấy")]
    assert r["unparsed"] == []


def test_a_bracketed_count_closes_its_item_one_a_line():
    r = parse_bulletin("Tính từ 17h ngày 14/10 đến 17h ngày 15/10, trên Hệ thống Quốc gia quản lý "
                       "ca bệnh COVID-19 ghi nhận 1.198 ca ghi nhận trong nước.\nCác tỉnh, thành "
                       "phố ghi nhận ca bệnh như sau:\nTP. Hồ Chí Minh (1.000)\nBình Dương (150)\n"
                       "Đồng Nai (48)")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(79, 1000), (74, 150),
                                                                    (75, 48)]
    assert r["status"] == "ok"


def test_day_with_its_part_and_the_hours_it_covers():
    r = parse_bulletin("CDC Đà Nẵng sáng 10/12 cho biết từ 18h ngày 9/12 đến 18h ngày 10/12, "
                       "thành phố ghi nhận 120 ca mắc mới, gồm 70 ca cộng đồng và 50 ca trong "
                       "khu vực cách ly, phong tỏa.")
    assert (r["date"], r["date_part"], r["period"]["from_date"]) == (
        "2021-12-10", "sáng", "2021-12-09")
    assert (r["new_cases"], r["community"], r["quarantine"]) == (120, 70, 50)
    assert r["unparsed"] == [] and r["status"] == "ok"


def test_timeline_forms_of_hours_and_imported_lines():
    r = parse_bulletin("Từ 12h-18h ngày 28/5 có 43 ca mắc mới (BN6778-6820) ghi nhận trong nước "
                       "tại Bắc Giang (31), Bắc Ninh (12); trong đó 40 ca được phát hiện trong khu "
                       "cách ly hoặc khu đã được phong toả.")
    assert (r["date"], r["period"]["from_time"], r["period"]["to_time"]) == (
        "2021-05-28", "12:00", "18:00")
    assert (r["domestic"], r["quarantine"], r["unparsed"]) == (43, 40, [])
    # ": tại" as well as "tại:"; the list names provinces, so it is the ministry's line.
    r = parse_bulletin("- 02 ca nhập cảnh: tại Kiên Giang (1), Quảng Nam (1).", date="2021-06-03")
    assert (r["kind"], r["imported"]) == ("moh_timeline", 2)
    assert [(e["code"], e["new_cases"]) for e in r["imported_by_unit"]] == [(91, 1), (49, 1)]


def test_a_timeline_line_whose_places_do_not_add_up_fails_its_check():
    # 31 + 10 = 41, the line states 43: the line's own check fails with both figures.
    r = parse_bulletin("Từ 12h-18h ngày 28/5 có 43 ca mắc mới ghi nhận trong nước tại Bắc Giang "
                       "(31), Bắc Ninh (10).")
    lines = [c for c in r["checks"] if c["name"] == "timeline_line_sum"]
    assert [(c["ok"], c["params"]) for c in lines] == [(False, {"listed": 41, "stated": 43})]
    assert r["status"] == "needs_review"
    # A line of one place gives that place its count: nothing to add up, no check.
    r = parse_bulletin("Từ 12h-18h ngày 28/5 có 2 ca ghi nhận trong nước tại Hải Dương.")
    assert [(e["code"], e["new_cases"]) for e in r["by_unit"]] == [(30, 2)]
    assert [c for c in r["checks"] if c["name"] == "timeline_line_sum"] == []


def test_a_figure_restated_outside_a_list_is_not_called_a_lists_total():
    r = parse_bulletin("CDC Hà Nội tối 9/11 ghi nhận 12 ca cộng đồng. Như vậy có 13 ca cộng đồng "
                       "trong ngày.")
    restated = [c for c in r["checks"] if c["name"] == "restated_community"]
    assert restated == [{"name": "restated_community", "ok": False, "code": "restated",
                         "params": {"field": "community", "first": "12", "second": "13"},
                         "detail": "community is stated as 12 and as 13"}]


def test_a_sentence_that_changes_length_in_lower_case_reads_the_same():
    # "İ" is two characters in lower case: that sentence's offsets do not hold in its lower
    # case, so the rules read it with their case-insensitive patterns, to the same figures.
    plain = ("CDC Hà Nội tối 9/11 ghi nhận 12 ca cộng đồng, 5 ca ở khu cách ly. Cụ thể, 12 ca "
             "cộng đồng tại các quận: Thanh Xuân 8, Ba Đình mỗi nơi một, Đống Đa 3.")
    odd = plain.replace("Cụ thể", "Theo tin İstanbul, cụ thể")
    assert [s.folds for s in split_sentences(normalise(odd))] == [True, False]
    for text in (plain, odd):
        r = parse_bulletin(text)
        assert (r["new_cases"], r["community"], r["quarantine"]) == (17, 12, 5)
        assert [(e["unit"], e["new_cases"]) for e in r["community_by_unit"]] == [
            ("Thanh Xuân", 8), ("Ba Đình", 1), ("Đống Đa", 3)]
        assert (r["status"], r["unparsed"]) == ("ok", [])


def test_a_lower_case_pattern_keeps_its_escapes():
    # `Folded` lowers a pattern's words, not its escapes: "\W" lowered would be "\w", its
    # opposite. The same words and spans as the case-insensitive pattern, on a sentence with
    # capitals; the name is taken from the sentence by its span.
    rx = Folded(r"(?P<name>[^\W\d]+(?: [^\W\d]+)*) \((?P<n>\d+)\)")
    s = split_sentences(normalise("Tại Đà Nẵng (12), Hà Nội (3)."))[0]
    assert s.folds
    got = [(original(m, s.text, "name"), m.group("n"), m.span()) for m in rx.finditer(s)]
    assert got == [("Tại Đà Nẵng", "12", (0, 16)), ("Hà Nội", "3", (18, 28))]
    assert got == [(m.group("name"), m.group("n"), m.span()) for m in rx.rx.finditer(s.text)]


def test_a_lower_case_pattern_stops_where_it_is_told():
    # An end for a pattern's matches (`Folded.finditer`'s endpos), as for re's finditer.
    s = split_sentences(normalise("Quận 1: 12 ca, quận 3: 4 ca, quận 5: 2 ca."))[0]
    rx = Folded(r"(?P<n>\d+) ca")
    assert [m.group("n") for m in rx.finditer(s)] == ["12", "4", "2"]
    assert [m.group("n") for m in rx.finditer(s, 0, 27)] == ["12", "4"]
    assert [m.group("n") for m in rx.finditer(s, 10, 27)] == ["4"]


@pytest.mark.parametrize("text", [
    "THÔNG BÁO VỀ 26 CA MẮC MỚI (BN 5101-5126)\n- 26 ca ghi nhận trong nước tại Hà Nam (20), "
    "Thái Bình (6).",
    "Sáng 4/6, Bộ Y tế ghi nhận 26 ca mắc mới, từ số 5101 đến 5126, tại Hà Nam (20), Thái Bình "
    "(6).",
    "Bộ Y tế ghi nhận 26 ca mắc mới, được đánh số từ BN 5101 đến BN 5126, tại Hà Nam (20), Thái "
    "Bình (6).",
    "Bộ Y tế ghi nhận 26 ca mắc mới BN 5101 – 5126 tại Hà Nam (20), Thái Bình (6).",
])
def test_a_range_of_patients_numbers_that_agrees_with_its_count(text):
    # 5126 - 5101 + 1 = 26 numbers beside 26 cases: codes read, nothing left for review.
    r = parse_bulletin(text, date="2021-06-04")
    assert r["patient_codes"] == [{"first": 5101, "last": 5126, "count": 26}]
    assert (r["new_cases"], r["unparsed"], r["status"]) == (26, [], "ok")
    assert [c["ok"] for c in r["checks"] if c["name"] == "patient_codes_count"] in ([True], [])


def test_a_range_of_patients_numbers_that_disagrees_with_its_count_is_for_review():
    r = parse_bulletin("Bộ Y tế ghi nhận 27 ca mắc mới (BN 5101-5126) tại Hà Nam (21), Thái "
                       "Bình (6).", date="2021-06-04")
    failed = [c for c in r["checks"] if not c["ok"]]
    assert [(c["name"], c["params"]) for c in failed] == [
        ("patient_codes_count", {"first": 5101, "last": 5126, "codes": 26, "count": 27})]
    assert r["status"] == "needs_review"


def test_one_patients_number_and_numbers_that_are_no_range():
    # "(BN 5101)": one code, no count; "từ 17 đến 18" with no "số" or "BN" is no range of codes.
    r = parse_bulletin("Hà Nội ghi nhận 1 ca mắc mới (BN 5101) tại quận Cầu Giấy.",
                       date="2021-06-04")
    assert (r["patient_codes"], r["new_cases"], r["status"]) == (
        [{"first": 5101, "last": 5101, "count": 1}], 1, "ok")
    r = parse_bulletin("Hà Nội ghi nhận 12 ca mắc mới trong ngày 4/6, từ 17 đến 18 giờ có 3 ca.",
                       date="2021-06-04")
    assert r.get("patient_codes") is None


def test_patients_numbers_written_without_a_space_after_bn():
    # "(BN17010)" is "(BN 17010)": one code each; the 2 cases stay the day's count.
    r = parse_bulletin("Hà Nội ghi nhận 2 ca mắc mới (BN17010, BN17011) tại quận Cầu Giấy.",
                       date="2021-06-04")
    assert (r["patient_codes"], r["new_cases"], r["unparsed"], r["status"]) == (
        [{"first": 17010, "last": 17010, "count": 1},
         {"first": 17011, "last": 17011, "count": 1}], 2, [], "ok")


@pytest.mark.parametrize("said", ["cho biết trong ngày 4/12 thành phố ghi nhận",
                                  "cho biết, ngày 4/12, thành phố ghi nhận"])
def test_a_morning_report_of_the_day_before_is_of_that_day(said):
    r = parse_bulletin(f"Sáng 5/12, Sở Y tế Hà Nội {said} 412 ca mắc mới, trong đó 180 ca cộng "
                       "đồng và 232 ca trong khu cách ly.")
    assert (r["date"], r.get("date_part")) == ("2021-12-04", None)
    assert (r["new_cases"], r["community"], r["quarantine"], r["status"]) == (
        412, 180, 232, "ok")
    # The day of the opening stays the text's when the day named is another sentence's.
    r = parse_bulletin("Tối 5/12, Sở Y tế Hà Nội cho biết thành phố ghi nhận 412 ca mắc mới. "
                       "Số ca tử vong từ ngày 4/12 đến nay là 3.")
    assert (r["date"], r["date_part"]) == ("2021-12-05", "tối")


def test_hours_written_with_g_bound_the_notices_window():
    r = parse_bulletin("Từ 18g ngày 5/6 đến 6g30 ngày 6/6, có 52 ca mắc mới ghi nhận trong nước "
                       "tại Bắc Giang (40), Bắc Ninh (12).")
    assert r["period"] == {"from_date": "2021-06-05", "from_time": "18:00",
                           "to_date": "2021-06-06", "to_time": "06:30"}
    assert (r["date"], r["domestic"], r["unparsed"], r["status"]) == ("2021-06-06", 52, [], "ok")
