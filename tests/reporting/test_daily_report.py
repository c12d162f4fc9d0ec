"""The daily report over a hand-made line list whose every count is known."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.config import get_settings
from episurv.errors import InvalidInput
from episurv.reporting.daily import daily_report, record_day
from handmade import LINE_LIST

# Worked by hand. Day 7/11 (cut-off 18:00): A1 A2 A3 (18:00 is not after the cut-off) A5 (19:30
# on 6/11 counts on 7/11) A6 A10 A11 = 7; A4 (18:01) counts on 8/11; B1 is another province.


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    return session


def test_every_count_of_the_day(loaded):
    report = daily_report(loaded, "Hà Nội", date(2021, 11, 7))
    assert (report["province"], report["date"], report["cutoff"]) == ("Hà Nội", "2021-11-07",
                                                                     "18:00")
    assert (report["new_cases"], report["community"], report["quarantine"]) == (7, 4, 3)
    assert [(d["district"], d["new_cases"], d["community"]) for d in report["by_district"]] == [
        ("Hà Đông", 3, 1), ("Thanh Xuân", 2, 2), ("Ba Đình", 1, 0), ("Đống Đa", 1, 1)]
    assert report["by_source"] == {"screening": 1, "contact": 3, "travel": 1, "cluster": 1,
                                   "unknown": 1}
    assert report["by_cluster"] == [{"cluster": "Chợ Khương Trung", "district": "Thanh Xuân",
                                     "ward": None, "new_cases": 1}]
    # A9 is before the wave start (27/4); A4 is tomorrow's.
    assert report["cumulative"] == {"since": "2021-04-27", "total": 9, "community": 6,
                                    "quarantine": 3}
    # Bạch Trữ's last case (20/10) is 18 days old: no longer developing.
    assert [(c["cluster"], c["first_case_date"], c["total_cases"], c["new_cases"])
            for c in report["active_clusters"]] == [("Chợ Khương Trung", "2021-11-06", 2, 1)]
    # 7 is the highest since the wave began: 27/4 to 7/11 is 195 days.
    assert report["record"] == {"date": "2021-11-07", "new_cases": 7, "highest_in_days": 195}
    curve = report["epi_curve"]
    assert len(curve) == 195 and curve[0]["date"] == "2021-04-27"
    assert curve[-2:] == [{"date": "2021-11-06", "community": 1, "quarantine": 0},
                          {"date": "2021-11-07", "community": 4, "quarantine": 3}]


def test_after_the_cut_off_counts_the_next_day(loaded):
    report = daily_report(loaded, "ha noi", date(2021, 11, 8))
    assert (report["new_cases"], report["community"]) == (1, 1)
    assert report["by_district"] == [{"district": "Ba Đình", "district_code": 1,
                                      "new_cases": 1, "community": 1}]
    assert report["cumulative"]["total"] == 10


def test_another_province_is_apart(loaded):
    report = daily_report(loaded, "Hải Phòng", date(2021, 11, 7))
    assert report["new_cases"] == 1 and report["cumulative"]["total"] == 1


def test_a_day_before_the_wave_is_refused(loaded):
    with pytest.raises(InvalidInput, match="before the wave start"):
        daily_report(loaded, "Hà Nội", date(2021, 4, 1))


def test_record_like_the_bulletin():
    """133 on 5/11, nothing as high since 3/9: 'highest in 2 months' (63 days)."""
    start = date(2021, 8, 1)
    curve = [(start + timedelta(days=i), 40) for i in range(99)]  # to 7/11
    values = dict(curve)
    values[date(2021, 9, 3)] = 140
    values[date(2021, 11, 5)] = 133
    values[date(2021, 11, 6)] = 90
    curve = sorted(values.items())
    assert record_day(curve, date(2021, 11, 7), get_settings()) == {
        "date": "2021-11-05", "new_cases": 133, "highest_in_days": 63}
    # A high that 10 days ago was matched is no record.
    values[date(2021, 10, 26)] = 133
    assert record_day(sorted(values.items()), date(2021, 11, 7), get_settings()) is None


def test_onset_curve_is_kept_apart_from_the_report_curve(session, write_csv):
    from episurv.reporting.daily import onset_curve

    path = write_csv("""case_id,report_date,province,district,onset_date
O1,2021-11-07,Hà Nội,Ba Đình,2021-11-03
O2,2021-11-07,Hà Nội,Ba Đình,2021-11-05
O3,2021-11-06,Hà Nội,Tây Hồ,2021-11-03
O4,2021-11-06,Hà Nội,Tây Hồ,
O5,2021-11-08,Hà Nội,Tây Hồ,2021-11-07""")
    import_cases(session, scope=SYSTEM, path=path)
    curve = onset_curve(session, 1, date(2021, 11, 7))
    assert curve["axis"] == "onset_date"
    assert curve["curve"] == [{"date": "2021-11-03", "cases": 2},
                              {"date": "2021-11-05", "cases": 1}]
    assert curve["onset_unknown"] == 1  # O4; O5 is reported after 7/11
    # A correction of the onset date moves the case on the onset curve.
    import_cases(session, scope=SYSTEM, path=write_csv(
        "case_id,report_date,province,district,onset_date\n"
        "O2,2021-11-07,Hà Nội,Ba Đình,2021-11-04\n", "fix.csv"))
    assert [c["date"] for c in onset_curve(session, 1, date(2021, 11, 7))["curve"]] == [
        "2021-11-03", "2021-11-04"]


def test_a_tied_record_is_the_earliest_day():
    """133 on 5/11 and again on 7/11 (issue 11): the record is 5/11, highest since 3/9."""
    start = date(2021, 8, 1)
    values = {start + timedelta(days=i): 40 for i in range(99)}
    values[date(2021, 9, 3)] = 140
    values[date(2021, 11, 5)] = 133
    values[date(2021, 11, 7)] = 133
    assert record_day(sorted(values.items()), date(2021, 11, 7), get_settings()) == {
        "date": "2021-11-05", "new_cases": 133, "highest_in_days": 63}


def test_the_rest_after_the_clusters_counts_each_case_once(session, write_csv):
    """Issue 11: 3 cases in a cluster, each with a source, and 2 outside it: the text told the
    clusters' 3 and then 'còn lại' 1 + 2 + 1 (5 cases of 5 told as 7)."""
    from episurv.reporting.render_daily import render_text

    path = write_csv("""case_id,report_date,province,district,source,cluster
C1,2021-11-07,Hà Nội,Ba Đình,contact,Chợ Kim Mã
C2,2021-11-07,Hà Nội,Ba Đình,screening,Chợ Kim Mã
C3,2021-11-07,Hà Nội,Ba Đình,contact,Chợ Kim Mã
C4,2021-11-07,Hà Nội,Ba Đình,contact,
C5,2021-11-07,Hà Nội,Ba Đình,unknown,
""")
    import_cases(session, scope=SYSTEM, path=path)
    report = daily_report(session, "Hà Nội", date(2021, 11, 7))
    assert report["by_source_outside_clusters"] == {
        "screening": 0, "contact": 1, "travel": 0, "cluster": 0, "unknown": 1}
    text = render_text(report)
    assert "có 3 ca liên quan ổ dịch Chợ Kim Mã, Ba Đình. " in text
    assert "Còn lại 1 ca là F1 và 1 ca chưa rõ nguồn lây. " in text
