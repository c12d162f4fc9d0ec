"""The city daily report rendered as bulletin text (vi, en) and as an HTML page.

Expected texts are written out by hand from the phrase patterns of render_daily's docstring.
"""

import copy
import re

import pytest

from episurv.errors import InvalidInput
from episurv.reporting.render_daily import district_groups, render_html, render_text

# An invented day: 13 community + 5 quarantine cases. by_district is ordered as the service
# orders it (new cases desc), which is not the community order the text uses.
REPORT = {
    "province": "Hà Nội", "province_code": 1, "date": "2021-11-07", "cutoff": "18:00",
    "new_cases": 18, "community": 13, "quarantine": 5,
    "by_district": [
        {"district": "Thanh Xuân", "district_code": 9, "new_cases": 6, "community": 4},
        {"district": "Ba Đình", "district_code": 1, "new_cases": 5, "community": 2},
        {"district": "Long Biên", "district_code": 4, "new_cases": 3, "community": 3},
        {"district": "Hà Đông", "district_code": 268, "new_cases": 2, "community": 2},
        {"district": "Cầu Giấy", "district_code": 5, "new_cases": 1, "community": 1},
        {"district": "Tây Hồ", "district_code": 3, "new_cases": 1, "community": 1},
    ],
    "by_cluster": [
        {"cluster": "Chợ Long Biên", "district": "Long Biên", "new_cases": 3},
        {"cluster": "Công ty May X", "district": None, "new_cases": 1},
    ],
    "by_source": {"screening": 2, "contact": 11, "travel": 0, "cluster": 4, "unknown": 1},
    "cumulative": {"since": "2021-04-27", "total": 4998, "community": 1961, "quarantine": 3037},
    "active_clusters": [
        {"cluster": "Chợ Long Biên", "district": "Long Biên", "ward": "Ngọc Thụy",
         "first_case_date": "2021-11-03", "total_cases": 1234, "new_cases": 3},
        {"cluster": "Công ty May X", "district": None, "ward": None,
         "first_case_date": "2021-10-31", "total_cases": 7, "new_cases": 1},
    ],
    "record": {"date": "2021-11-05", "new_cases": 133, "highest_in_days": 63},
    "epi_curve": [{"date": f"2021-11-0{d}", "community": d, "quarantine": 1} for d in range(1, 8)],
}

EXPECTED_VI = (
    "CDC Hà Nội tối 7/11 ghi nhận 13 ca cộng đồng, 5 ca ở khu cách ly và phong tỏa, "
    "trong 24 giờ qua. "
    "Cụ thể, 13 ca cộng đồng ghi nhận tại các quận, huyện: Thanh Xuân 4, Long Biên 3; "
    "Ba Đình, Hà Đông mỗi nơi 2; Cầu Giấy, Tây Hồ mỗi nơi một. "
    "Phân bố theo chùm ca bệnh, có 3 ca liên quan ổ dịch Chợ Long Biên, Long Biên; "
    "1 ca liên quan ổ dịch Công ty May X. "
    "Còn lại 2 ca phát hiện qua sàng lọc ho sốt trong cộng đồng, 11 ca là F1 "
    "và 1 ca chưa rõ nguồn lây. "
    "Như vậy, các địa bàn đang diễn biến phức tạp gồm: Chợ Long Biên, Ngọc Thụy, Long Biên, "
    "ghi nhận từ 3/11, tổng cộng 1.234 ca; Công ty May X, ghi nhận từ 31/10, tổng cộng 7 ca. "
    "Cộng dồn trong đợt dịch 4 từ ngày 27/4, Hà Nội ghi nhận 4.998 ca nhiễm, trong đó "
    "1.961 ca cộng đồng, 3.037 ca phát hiện tại khu cách ly. "
    "Trong đó, hôm 5/11 ghi nhận 133 ca nhiễm, cao nhất trong vòng 2 tháng qua."
)

EXPECTED_EN = (
    "Hanoi CDC recorded 13 community cases and 5 in quarantine or lockdown areas "
    "in the 24 hours to 18:00 on 7 Nov. "
    "Community cases by district: Thanh Xuân 4, Long Biên 3; Ba Đình, Hà Đông 2 each; "
    "Cầu Giấy, Tây Hồ 1 each. "
    "By cluster: 3 cases linked to the cluster Chợ Long Biên, Long Biên; "
    "1 case linked to the cluster Công ty May X. "
    "The other cases: 2 found by fever and cough screening in the community, "
    "11 close contacts (F1) of known cases and 1 with no known source. "
    "Clusters still developing: Chợ Long Biên, Ngọc Thụy, Long Biên, first case on 3 Nov, "
    "1,234 cases in total; Công ty May X, first case on 31 Oct, 7 cases in total. "
    "Since 27 Apr, the start of wave 4, Hanoi has recorded 4,998 cases: 1,961 in the "
    "community and 3,037 found in quarantine areas. "
    "The 133 cases recorded on 5 Nov were the highest in 2 months."
)


def report(**changes):
    r = copy.deepcopy(REPORT)
    r.update(changes)
    return r


def test_vietnamese_text_reads_like_the_bulletin():
    assert render_text(REPORT) == EXPECTED_VI
    assert render_text(REPORT, "vi") == EXPECTED_VI


def test_english_text():
    assert render_text(REPORT, "en") == EXPECTED_EN


def test_district_groups_sort_by_community_and_group_equal_counts():
    assert district_groups(REPORT["by_district"], 13) == [
        (["Thanh Xuân"], 4), (["Long Biên"], 3), (["Ba Đình", "Hà Đông"], 2),
        (["Cầu Giấy", "Tây Hồ"], 1),
    ]


def test_single_items_are_comma_separated_and_groups_semicolon_separated():
    rows = [{"district": name, "new_cases": n, "community": n}
            for name, n in [("Đông Anh", 5), ("Gia Lâm", 4), ("Hoàng Mai", 1), ("Sóc Sơn", 1)]]
    text = render_text(report(community=11, by_district=rows))
    assert ("tại các quận, huyện: Đông Anh 5, Gia Lâm 4; Hoàng Mai, Sóc Sơn mỗi nơi một. "
            in text)


def test_community_cases_without_a_district_come_last():
    rows = [{"district": "Thanh Xuân", "new_cases": 5, "community": 5},
            {"district": None, "new_cases": 2, "community": 2}]
    text = render_text(report(community=9, by_district=rows))
    # 2 with district null and 2 more that no district row accounts for.
    assert "tại các quận, huyện: Thanh Xuân 5, chưa rõ địa bàn 4. " in text
    assert "Community cases by district: Thanh Xuân 5, unknown district 4. " in render_text(
        report(community=9, by_district=rows), "en")


def test_a_day_with_no_cases():
    empty = report(
        date="2021-11-08", new_cases=0, community=0, quarantine=0, by_district=[], by_cluster=[],
        by_source={"screening": 0, "contact": 0, "travel": 0, "cluster": 0, "unknown": 0},
        active_clusters=[], record=None,
    )
    assert render_text(empty) == (
        "CDC Hà Nội tối 8/11 không ghi nhận ca nhiễm mới trong 24 giờ qua. "
        "Hiện không có địa bàn nào đang diễn biến phức tạp. "
        "Cộng dồn trong đợt dịch 4 từ ngày 27/4, Hà Nội ghi nhận 4.998 ca nhiễm, trong đó "
        "1.961 ca cộng đồng, 3.037 ca phát hiện tại khu cách ly."
    )
    assert render_text(empty, "en") == (
        "Hanoi CDC recorded no new cases in the 24 hours to 18:00 on 8 Nov. "
        "No cluster is still developing. "
        "Since 27 Apr, the start of wave 4, Hanoi has recorded 4,998 cases: 1,961 in the "
        "community and 3,037 found in quarantine areas."
    )


def test_a_minimal_report_with_only_the_required_fields():
    minimal = {"province": "Đà Nẵng", "province_code": 48, "date": "2021-11-07",
               "community": 0, "quarantine": 2}
    assert render_text(minimal) == (
        "CDC Đà Nẵng tối 7/11 ghi nhận 0 ca cộng đồng, 2 ca ở khu cách ly và phong tỏa, "
        "trong 24 giờ qua. Hiện không có địa bàn nào đang diễn biến phức tạp."
    )
    assert render_text(minimal, "en").startswith(
        "Da Nang CDC recorded 0 community cases and 2 in quarantine or lockdown areas")


def test_without_clusters_the_sources_include_cluster_cases():
    text = render_text(report(by_cluster=[]))
    assert ("Theo nguồn lây, 4 ca liên quan các ổ dịch, 2 ca phát hiện qua sàng lọc ho sốt "
            "trong cộng đồng, 11 ca là F1 và 1 ca chưa rõ nguồn lây. ") in text
    assert "Phân bố theo chùm ca bệnh" not in text
    assert "By source: 4 linked to clusters, 2 found by" in render_text(report(by_cluster=[]), "en")


def test_a_single_source_has_no_conjunction():
    text = render_text(report(by_source={"contact": 14, "cluster": 4}))
    assert "Còn lại 14 ca là F1. " in text


def test_cumulative_outside_wave_4_is_generic_and_dated_with_year_across_years():
    text = render_text(report(
        date="2022-01-10",
        cumulative={"since": "2021-12-15", "total": 1200, "community": 700, "quarantine": 500},
    ))
    assert ("Cộng dồn trong đợt dịch từ ngày 15/12/2021, Hà Nội ghi nhận 1.200 ca nhiễm, "
            "trong đó 700 ca cộng đồng, 500 ca phát hiện tại khu cách ly.") in text
    text = render_text(report(
        date="2022-02-01",
        cumulative={"since": "2022-01-01", "total": 10, "community": 4, "quarantine": 6},
    ), "en")
    assert "Since 1 Jan, Hanoi has recorded 10 cases: 4 in the community" in text


def test_record_phrasings():
    short = render_text(report(record={"date": "2021-11-05", "new_cases": 1,
                                       "highest_in_days": 14}))
    assert short.endswith(
        "Trong đó, hôm 5/11 ghi nhận 1 ca nhiễm, cao nhất trong vòng 14 ngày qua.")
    ever = report(record={"date": "2021-11-05", "new_cases": 1, "highest_in_days": None})
    assert render_text(ever).endswith("cao nhất từ đầu đợt dịch.")
    assert render_text(ever, "en").endswith(
        "The 1 case recorded on 5 Nov was the highest since the wave began.")


@pytest.mark.parametrize(("cutoff", "part"), [("18:00", "tối"), ("12:00", "chiều"),
                                              ("06:30", "sáng"), ("17:59", "chiều")])
def test_part_of_day_follows_the_cutoff(cutoff, part):
    assert render_text(report(cutoff=cutoff)).startswith(f"CDC Hà Nội {part} 7/11 ghi nhận")


def test_sentences_are_separated_by_a_space():
    # The reference bulletin glues sentences ("qua.Cụ thể"); ours never does.
    assert not re.search(r"\.[^\s\d]", render_text(REPORT))


def test_names_come_out_nfc():
    decomposed = "Ha\u0300 \u0110o\u0302ng"  # "Hà Đông" with combining marks
    rows = [{"district": decomposed, "new_cases": 2, "community": 2}]
    assert "Hà Đông 2." in render_text(report(community=2, by_district=rows))


def test_bad_input_is_named():
    with pytest.raises(InvalidInput, match="'date'"):
        render_text(report(date=None))
    with pytest.raises(InvalidInput, match="'cutoff'"):
        render_text(report(cutoff="6pm"))
    with pytest.raises(InvalidInput, match="'fr'"):
        render_text(REPORT, "fr")


# ---------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def html_vi():
    return render_html(REPORT)


def test_html_is_a_self_contained_page(html_vi):
    assert html_vi.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in html_vi
    assert "@media print" in html_vi
    # No script, no stylesheet or image fetched from anywhere.
    assert "<script" not in html_vi
    assert "<link" not in html_vi
    assert not re.search(r"""\s(src|href)=""", html_vi)


def test_html_has_the_figures_tables_and_chart(html_vi):
    assert html_vi.count("<svg") == 1
    assert "Số ca mắc mới theo ngày" in html_vi  # the chart's title, in Vietnamese
    row = re.search(r"<tr><td>Thanh Xuân</td>(.*?)</tr>", html_vi, re.DOTALL)
    assert row is not None
    assert re.findall(r'<td class="num">([^<]*)</td>', row.group(1)) == ["6", "4", "2"]
    assert "<td>Chợ Long Biên</td><td>Ngọc Thụy, Long Biên</td><td>3/11</td>" in html_vi
    assert '<td class="num">1.234</td>' in html_vi
    assert '<td>27/4/2021</td><td class="num">4.998</td>' in html_vi
    assert "<dd>18</dd>" in html_vi  # new cases headline figure
    assert EXPECTED_VI in html_vi  # the bulletin text as summary


def test_html_in_english():
    page = render_html(REPORT, "en")
    assert '<html lang="en">' in page
    assert "New cases per day" in page
    assert '<td>27 Apr 2021</td><td class="num">4,998</td>' in page
    assert "Cases by district" in page


def test_html_escapes_names():
    hostile = "<script>alert('x')</script>"
    r = report(by_cluster=[{"cluster": hostile, "district": "Ba Đình", "new_cases": 1}],
               active_clusters=[{"cluster": hostile, "district": "Ba Đình", "ward": None,
                                 "first_case_date": "2021-11-06", "total_cases": 1,
                                 "new_cases": 1}])
    page = render_html(r)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_html_of_an_empty_day_has_no_chart_and_says_none():
    page = render_html({"province": "Hà Nội", "province_code": 1, "date": "2021-11-08",
                        "community": 0, "quarantine": 0})
    assert "<svg" not in page
    assert page.count('<p class="none">Không có.</p>') == 3
    assert "không ghi nhận ca nhiễm mới" in page


def test_a_report_day_typed_as_a_person_types_it():
    """The report's day was read ISO only ("is not a date YYYY-MM-DD"): it is read as every
    typed day is (core.days.read_day), and one that is no day says why."""
    minimal = {"province": "Đà Nẵng", "province_code": 48, "date": "7/11/2021",
               "community": 0, "quarantine": 2}
    assert render_text(minimal).startswith("CDC Đà Nẵng tối 7/11 ghi nhận 0 ca cộng đồng")
    with pytest.raises(InvalidInput) as refused:
        render_text({**minimal, "date": "31/11/2021"})
    assert str(refused.value) == ("daily report field date “31/11/2021”: no such day: month 11 "
                                  "of 2021 has 30 days")
