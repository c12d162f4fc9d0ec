"""The national report rendered in Vietnamese reads back through the bulletin parser with the
same figures; English and HTML carry the same numbers; charts render without a browser."""

from __future__ import annotations

from datetime import date

import pytest
from aggregates.figures import csv_text

from episurv.accounts.scope import SYSTEM
from episurv.aggregates.importer import import_aggregates
from episurv.bulletins.parse import parse_bulletin
from episurv.reporting.national import national_report
from episurv.reporting.render_national import grouped, render_html, render_text, write_charts


@pytest.fixture
def report(session, write_csv):
    import_aggregates(session, write_csv(csv_text(), "figures.csv"), scope=SYSTEM)
    return national_report(session, scope=SYSTEM, day=date(2021, 11, 7))


def test_grouping_of_equal_counts_as_the_ministry_writes_it():
    assert grouped([("TP HCM", 31), ("Bạc Liêu", 7), ("Bình Dương", 5), ("An Giang", 5),
                    ("Cần Thơ", 1), ("Quảng Ngãi", 1), ("Sóc Trăng", 1)], "vi") == (
        "TP HCM 31, Bạc Liêu 7, Bình Dương và An Giang 5, Cần Thơ, Quảng Ngãi và Sóc Trăng "
        "đều một")


def test_vietnamese_text_reads_like_the_bulletin(report):
    text = render_text(report, "vi")
    assert text.startswith(
        "Trong 215 ca nhiễm Bộ Y tế công bố tối 7/11 có 5 ca nhập cảnh và 210 ca ở 3 tỉnh thành, "
        "tăng 20 ca so với hôm qua, trong đó Tây Ninh tăng cao; 11 ca tử vong; 200 người khỏi "
        "bệnh.")
    for sentence in (
            ("24 giờ qua, 120 ca được phát hiện ở khu cách ly hoặc khu đã được phong tỏa (tăng 5 "
            "ca), 90 ca đang điều tra dịch tễ (tăng 15 ca)."),
            "TP HCM giảm 30 ca; trong khi Tây Ninh tăng 30 ca, Bình Dương tăng 20 ca.",
            "Trung bình số ca nhiễm mới trong nước ghi nhận trong 7 ngày qua: 171 ca/ngày.",
            "Trong ngày ghi nhận 11 ca tử vong tại: TP HCM 7, Bình Dương và Tây Ninh 2.",
            ("Tổng số ca tử vong tại Việt Nam tính đến nay là 191 ca, chiếm tỷ lệ 7,2% so với tổng "
            "số ca nhiễm."),
            ("1 tỉnh, thành phố không có ca lây nhiễm thứ phát "
            "trên địa bàn trong 14 ngày qua: Sơn La."),
            "Số lượng xét nghiệm từ 27/4 đến nay đã thực hiện 16.500 mẫu cho 48.700 lượt người.",
            ("Về tiêm chủng, trong ngày 6/11 có 17.000 liều vaccine được tiêm. Như vậy, tổng số "
            "liều đã được tiêm là 227.000 liều, trong đó tiêm 1 mũi là 150.000 liều, tiêm mũi 2 là "
            "75.000 liều.")):
        assert sentence in text


def test_vietnamese_text_parses_back(report):
    parsed = parse_bulletin(render_text(report, "vi"))
    assert parsed["kind"] == "national_daily" and parsed["date"] == "2021-11-07"
    assert parsed["unparsed"] == [] and parsed["status"] == "ok", parsed["checks"]
    assert (parsed["new_cases"], parsed["domestic"], parsed["imported"],
            parsed["provinces_with_cases"], parsed["change_vs_yesterday"]) == (215, 210, 5, 3, 20)
    assert (parsed["quarantine"], parsed["quarantine_change"], parsed["under_investigation"],
            parsed["under_investigation_change"]) == (120, 5, 90, 15)
    assert parsed["highlight_rise"] == "Tây Ninh"
    assert [(c["unit"], c["change"]) for c in parsed["change_by_unit"]] == [
        ("Hồ Chí Minh", -30), ("Tây Ninh", 30), ("Bình Dương", 20)]
    assert [(u["unit"], u["new_cases"]) for u in parsed["by_unit"]] == [
        ("Hồ Chí Minh", 90), ("Bình Dương", 80), ("Tây Ninh", 40)]
    assert [(u["unit"], u["deaths"]) for u in parsed["deaths_by_unit"]] == [
        ("Hồ Chí Minh", 7), ("Bình Dương", 2), ("Tây Ninh", 2)]
    assert (parsed["deaths"], parsed["avg7_cases"], parsed["avg7_deaths"],
            parsed["total_deaths"], parsed["cfr"]) == (11, 171, 12, 191, 7.2)
    assert parsed["cumulative"]["total"] == 2650 and parsed["cases_per_million"] == 28
    assert parsed["wave_totals"] == {"wave": 4, "cases": 2645, "recovered": 2450}
    assert [u["unit"] for u in parsed["no_secondary_transmission"]["units"]] == ["Sơn La"]
    assert [(u["unit"], u["total"]) for u in parsed["top_units"]["units"]] == [
        ("Hồ Chí Minh", 1610), ("Bình Dương", 840), ("Tây Ninh", 190), ("Sơn La", 5)]
    assert (parsed["recovered"], parsed["recovered_total"], parsed["severe"]) == (200, 2450, 340)
    assert (parsed["tests_samples"], parsed["tests_people"]) == (1500, 3700)
    assert parsed["tests_cumulative"] == {"since": "2021-04-27", "samples": 16500,
                                          "people": 48700}
    assert parsed["doses"] == {"date": "2021-11-06", "day": 17000, "total": 227000,
                               "first": 150000, "second": 75000}


def test_english_and_html(report, tmp_path):
    en = render_text(report, "en")
    assert "215 new cases on the evening of 7 Nov (5 imported): 210 domestic cases in 3 " \
           "provinces, up 20 on the day before" in en
    assert "Deaths to date: 191, 7.2% of all cases." in en
    html = render_html(report, "vi")
    assert "<svg" in html and "Sơn La" in html and "<script" not in html
    assert "Báo cáo tình hình dịch COVID-19 toàn quốc ngày 7/11/2021" in html
    written = write_charts(report, tmp_path, "vi", "png")
    assert [p.name for p in written] == ["epi_curve.png", "deaths.png",
                                         "cases_by_province.png", "rt.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in written)
