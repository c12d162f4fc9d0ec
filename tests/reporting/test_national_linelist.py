"""A province keeping its line list in episurv: its case counts come from the line list, and a
submitted figure that differs is shown with what explains it (cases without a patient code yet,
cases moved by the cut-off hour)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from episurv.accounts.scope import SYSTEM
from episurv.aggregates.importer import import_aggregates
from episurv.cases.importer import import_cases
from episurv.reporting.national import national_report
from episurv.reporting.render_national import render_text

# Hà Nội, 7/11: H1-H5 coded (community 3, quarantine 2), three rows without a patient code
# (community), H6 confirmed at 19:30 on 6/11 (after the 18:00 cut-off: counts on 7/11). The
# line list counts 9 (community 7, quarantine 2); the ministry was sent 5. H0 is on 5/11.
LINE_LIST = """case_id,report_date,report_time,province,district,detected_in
H0,2021-11-05,09:00,Hà Nội,Ba Đình,community
H1,2021-11-07,08:00,Hà Nội,Ba Đình,community
H2,2021-11-07,09:00,Hà Nội,Ba Đình,community
H3,2021-11-07,10:00,Hà Nội,Đống Đa,community
H4,2021-11-07,11:00,Hà Nội,Đống Đa,quarantine
H5,2021-11-07,12:00,Hà Nội,Hà Đông,lockdown
,2021-11-07,13:00,Hà Nội,Hà Đông,community
,2021-11-07,14:00,Hà Nội,Hà Đông,community
,2021-11-07,15:00,Hà Nội,Thanh Xuân,community
H6,2021-11-06,19:30,Hà Nội,Thanh Xuân,community
"""
# Submitted before the line list was kept (4/11) and while it was (5/11, 7/11).
SUBMITTED = """date,province,new_cases,deaths
2021-11-04,Hà Nội,4,
2021-11-05,Hà Nội,1,
2021-11-07,Hà Nội,5,1
"""


@pytest.fixture
def both(session, write_csv):
    import_aggregates(session, write_csv(SUBMITTED, "hn.csv"), scope=SYSTEM)
    session.commit()
    moment = datetime.now(UTC)
    import_cases(session, write_csv(LINE_LIST), scope=SYSTEM)
    session.commit()
    return session, moment


def test_line_list_counts_replace_the_submitted_ones(both):
    session, _ = both
    r = national_report(session, scope=SYSTEM, day=date(2021, 11, 7))
    hn = r["by_province"][0]
    assert (hn["province"], hn["source"], hn["domestic"], hn["community"], hn["quarantine"]) == (
        "Hà Nội", "line list", 9, 7, 2)
    # 6/11: the line list (kept since 5/11) has no case that day.
    assert hn["yesterday"] == 0 and r["change_vs_yesterday"] == 9
    # 4 submitted before the line list began, then the line list's 1 (5/11) and 9 (7/11).
    assert hn["total_cases"] == 14
    # Deaths still come from the submitted figures.
    assert r["deaths"] == 1


def test_the_difference_and_why(both):
    session, _ = both
    r = national_report(session, scope=SYSTEM, day=date(2021, 11, 7))
    assert r["differences"] == [{
        "province": "Hà Nội", "province_code": 1,
        "measures": {"new_cases": {"line_list": 9, "submitted": 5}},
        "reasons": [{"reason": "no_patient_code", "cases": 3},
                    {"reason": "confirmed_after_cutoff_day_before", "cases": 1}]}]
    text = render_text(r, "vi")
    assert ("Riêng Hà Nội, ca mới theo danh sách ca bệnh là 9, số liệu báo cáo là 5 (3 ca chưa "
            "có mã bệnh nhân, 1 ca xác nhận sau giờ chốt hôm trước).") in text
    assert "Hanoi: new cases: line list 9, submitted 5 (3 cases without a patient code yet" \
        in render_text(r, "en")


def test_as_of_before_the_line_list_the_submitted_figures_stand(both):
    session, moment = both
    r = national_report(session, scope=SYSTEM, day=date(2021, 11, 7), as_of=moment)
    hn = r["by_province"][0]
    assert (hn["source"], hn["domestic"], hn["total_cases"]) == ("submitted", 5, 10)
    assert r["differences"] == []


# Cases on 4 of the 7 days 1/11-7/11 (8 + 9 + 6 + 8 = 31): the 7-day average is 31/7, not 31/4.
SPARSE = "case_id,report_date,report_time,province,district\n" + "".join(
    f"S{day}{n},2021-11-{day:02d},09:00,Hà Nội,Ba Đình\n"
    for day, count in ((1, 8), (3, 9), (5, 6), (7, 8)) for n in range(count))


def test_a_day_without_cases_counts_as_zero_in_the_7_day_average(session, write_csv):
    from episurv.aggregates.series import owid_export

    import_cases(session, write_csv(SPARSE), scope=SYSTEM)
    session.commit()
    r = national_report(session, scope=SYSTEM, day=date(2021, 11, 7))
    assert r["avg7_cases"] == pytest.approx(31 / 7)
    for by in ("nation", "province"):
        owid = owid_export(session, scope=SYSTEM, until=date(2021, 11, 7), by=by)
        last = owid.row(-1, named=True)
        assert (str(last["date"]), last["new_cases"]) == ("2021-11-07", 8)
        assert last["new_cases_smoothed"] == pytest.approx(31 / 7)
        assert owid.filter(owid["date"] == date(2021, 11, 6))["new_cases"].to_list() == [0]


def test_figures_never_received_say_so_instead_of_zero(both):
    """Issue 11: Hà Nội sent deaths on 7/11 only, and never recoveries, severe patients, tests
    or doses: those are "no figure", not 0, in the JSON, the text and the deaths chart."""
    from episurv.reporting.charts import to_svg
    from episurv.reporting.charts_national import deaths_spec
    from episurv.reporting.render_national import render_html
    from episurv.reporting.schemas import NationalReport

    session, _moment = both
    r = national_report(session, scope=SYSTEM, day=date(2021, 11, 7))
    NationalReport.model_validate(r)
    assert (r["deaths"], r["total_deaths"]) == (1, 1)
    # Cases: 4 submitted for 4/11, H0 on 5/11, 9 on 7/11 (the line list from 5/11 on).
    assert (r["total_cases"], r["cfr"]) == (14, pytest.approx(1 / 14 * 100))
    assert (r["recovered"], r["recovered_total"], r["severe"]) == (None, None, None)
    assert r["wave"]["recovered"] is None and r["wave"]["deaths"] == 1
    assert set(r["tests"].values()) == {None, "2021-04-27"}
    assert set(r["doses"].values()) == {None, "2021-11-06"}
    hanoi = r["by_province"][0]
    assert (hanoi["deaths"], hanoi["recovered"], hanoi["severe"]) == (1, None, None)
    # The deaths curve has a figure on 7/11 only: every other day is a gap.
    deaths = {d["date"]: d["deaths"] for d in r["epi_curve"]}
    assert deaths["2021-11-07"] == 1
    assert {v for k, v in deaths.items() if k != "2021-11-07"} == {None}
    svg = to_svg(deaths_spec(r["epi_curve"], "en"))
    assert svg.count('aria-roledescription="bar"') == 1

    vi = render_text(r, "vi")
    assert "; 1 ca tử vong; khỏi bệnh: không có số liệu." in vi
    assert ("Về điều trị, số người khỏi bệnh: không có số liệu. Số bệnh nhân nặng đang điều trị: "
            "không có số liệu. Về xét nghiệm: không có số liệu. Về tiêm chủng: không có số liệu."
            ) in vi
    assert "0 người khỏi bệnh" not in vi and "0 liều" not in vi
    en = render_text(r, "en")
    assert "; 1 deaths; recoveries: no figure." in en
    assert en.endswith("Tests: no figure. Vaccine doses: no figure.\n\n" + en.split("\n\n")[1])
    html = render_html(r, "en")
    # The headline figures: the death that arrived, and the figures that did not.
    for label, value in (("Deaths", "1"), ("Recovered", "no figure"),
                         ("Severe, under treatment", "no figure")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html

    # On 5/11 no death figure had arrived at all: neither deaths nor the CFR are 0.
    early = national_report(session, scope=SYSTEM, day=date(2021, 11, 5))
    assert (early["deaths"], early["total_deaths"], early["cfr"]) == (None, None, None)
    text = render_text(early, "vi")
    assert ("Số ca tử vong trong ngày: không có số liệu. Tổng số ca tử vong và tỷ lệ tử vong: "
            "không có số liệu.") in text
    assert "0,0%" not in text


def _province_days(session) -> dict:
    from sqlalchemy import text

    return {(p, str(d)[:10], where): n for p, d, where, n in session.execute(text(
        "SELECT province_code, report_day, detected_in, n FROM case_province_days"))}


def test_the_province_day_counts_follow_the_line_list(both):
    """What the national report sums: the line list per province, day and place of detection
    (H6, confirmed after the cut-off on 6/11, counts on 7/11), kept current by an edit."""
    from episurv.cases.service import get_case, patch_case

    session, _moment = both
    assert _province_days(session) == {
        (1, "2021-11-05", "community"): 1, (1, "2021-11-07", "community"): 7,
        (1, "2021-11-07", "quarantine"): 1, (1, "2021-11-07", "lockdown"): 1}
    version = get_case(session, "H4", scope=SYSTEM).version
    patch_case(session, "H4", {"detected_in": "community"}, scope=SYSTEM,
               expected_version=version)
    session.commit()
    assert _province_days(session) == {
        (1, "2021-11-05", "community"): 1, (1, "2021-11-07", "community"): 8,
        (1, "2021-11-07", "lockdown"): 1}


def test_the_figures_in_force_are_those_of_the_pairs_asked(both):
    """One query reads every province's day at once; a pair not asked for is left out."""
    from episurv.aggregates.service import latest_submissions

    session, _moment = both
    found = latest_submissions(session, [(1, date(2021, 11, 7)), (1, date(2021, 11, 4))])
    assert {(k[2].isoformat(), k[3], v[0]) for k, v in found.items()} == {
        ("2021-11-07", "new_cases", 5), ("2021-11-07", "deaths", 1),
        ("2021-11-04", "new_cases", 4)}
    assert latest_submissions(session, [(79, date(2021, 11, 7))]) == {}
