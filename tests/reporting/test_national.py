"""The national report over hand-made figures (tests/aggregates/figures.py), every number worked
by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from aggregates.figures import csv_text

from episurv.accounts.scope import SYSTEM
from episurv.aggregates.importer import import_aggregates
from episurv.errors import InvalidInput
from episurv.reporting.national import national_report

DAY = date(2021, 11, 7)


@pytest.fixture
def loaded(session, write_csv):
    import_aggregates(session, write_csv(csv_text(), "figures.csv"), scope=SYSTEM)
    session.commit()
    return session


@pytest.fixture
def report(loaded):
    return national_report(loaded, scope=SYSTEM, day=DAY)


def test_the_days_cases_and_their_change(report):
    # 7/11: HCM 90 domestic + 5 imported, Bình Dương 80, Tây Ninh 40, Sơn La 0.
    assert (report["new_cases"], report["domestic"], report["imported"]) == (215, 210, 5)
    assert report["provinces_with_cases"] == 3
    # 6/11: 120 + 60 + 10 + 0 = 190.
    assert report["change_vs_yesterday"] == 20
    # Quarantine 60 + 50 + 10 + 0 = 120 (6/11: 70 + 35 + 10 = 115); under investigation
    # 30 + 30 + 30 = 90 (6/11: 50 + 25 + 0 = 75).
    assert (report["quarantine"], report["quarantine_change"]) == (120, 5)
    assert (report["community"], report["community_change"]) == (90, 15)
    assert [(e["province"], e["change"]) for e in report["largest_rises"]] == [
        ("Tây Ninh", 30), ("Bình Dương", 20)]
    assert [(e["province"], e["change"]) for e in report["largest_falls"]] == [
        ("Hồ Chí Minh", -30)]
    assert [(e["province"], e["domestic"], e["community"], e["quarantine"], e["yesterday"])
            for e in report["by_province"]] == [
        ("Hồ Chí Minh", 90, 30, 60, 120), ("Bình Dương", 80, 30, 50, 60),
        ("Tây Ninh", 40, 30, 10, 10)]


def test_deaths_averages_cfr_and_per_million(report):
    assert report["deaths"] == 11
    assert [(e["province"], e["deaths"]) for e in report["deaths_by_province"]] == [
        ("Hồ Chí Minh", 7), ("Bình Dương", 2), ("Tây Ninh", 2)]
    # 1/11-5/11: 160 a day; 6/11: 190; 7/11: 210 -> 1200 / 7.
    assert report["avg7_cases"] == pytest.approx(1200 / 7)
    # Deaths 1/11-5/11: 12 a day; 6/11: 12; 7/11: 11 -> 83 / 7.
    assert report["avg7_deaths"] == pytest.approx(83 / 7)
    # Deaths: HCM 15 x 10 + 7 = 157, Bình Dương 16 x 2 = 32, Tây Ninh 2.
    assert report["total_deaths"] == 191
    # Cases: HCM 14 x 100 + 120 + 95 = 1615, Bình Dương 14 x 50 + 60 + 80 = 840,
    # Tây Ninh 15 x 10 + 40 = 190, Sơn La 5.
    assert report["total_cases"] == 2650
    assert report["cfr"] == pytest.approx(191 / 2650 * 100)
    # Per million of the 2019 census population of Vietnam, 96,208,984.
    assert report["cases_per_million"] == pytest.approx(2650e6 / 96_208_984)
    hcm = report["by_province"][0]
    assert hcm["total_cases"] == 1615
    assert hcm["cases_per_million"] == round(1615e6 / 8_993_082)  # 180


def test_wave_no_secondary_transmission_and_top(report):
    assert report["wave"] == {"since": "2021-04-27", "number": 4, "cases": 2645,
                              "recovered": 2450, "deaths": 191}
    assert report["recovered"] == 200 and report["recovered_total"] == 2450
    # Sơn La's last community case was on 24/10, before the 14 days 25/10-7/11. Tây Ninh had
    # 30 under investigation on 7/11.
    assert report["no_secondary_transmission"] == {
        "days": 14, "provinces": [{"province": "Sơn La", "province_code": 14, "wave_cases": 5}]}
    assert [(e["province"], e["wave_cases"]) for e in report["top_provinces"]] == [
        ("Hồ Chí Minh", 1610), ("Bình Dương", 840), ("Tây Ninh", 190), ("Sơn La", 5)]
    assert report["severe"] == 340


def test_tests_and_doses(report):
    assert report["tests"] == {"samples": 1500, "people": 3700, "since": "2021-04-27",
                               "samples_total": 16500, "people_total": 48700}
    # Doses of 6/11 (one day behind): HCM 15.000, Bình Dương 2.000; to 6/11: 15 x 15.000 + 2.000.
    assert report["doses"] == {"date": "2021-11-06", "day": 17000, "first": 10000,
                               "second": 5000, "total": 227000, "first_total": 150000,
                               "second_total": 75000}


def test_epi_curve_is_by_report_date_and_rt_is_computed(report):
    assert report["curve_basis"] == "report date"
    assert report["epi_curve"][-2:] == [
        {"date": "2021-11-06", "community": 75, "quarantine": 115, "deaths": 12},
        {"date": "2021-11-07", "community": 90, "quarantine": 120, "deaths": 11}]
    assert report["rt"]["latest"]["date"] == "2021-11-07"
    assert report["rt"]["latest"]["q025"] < report["rt"]["latest"]["mean"] < \
        report["rt"]["latest"]["q975"]


def test_missing_provinces_are_listed(loaded, write_csv):
    import_aggregates(loaded, write_csv("date,province,new_cases\n2021-11-08,TP HCM,70\n",
                                        "late.csv"), scope=SYSTEM)
    report = national_report(loaded, scope=SYSTEM, day=date(2021, 11, 8))
    assert [m["province"] for m in report["missing"]] == ["Bình Dương", "Sơn La", "Tây Ninh"]
    assert report["change_vs_yesterday"] == 70 - 210


def test_a_correction_and_the_report_as_it_stood(loaded, write_csv):
    before = datetime.now(UTC)
    result = import_aggregates(loaded, write_csv(
        "date,province,new_cases,community\n2021-11-07,TP HCM,105,40\n", "fix.csv"),
        scope=SYSTEM)
    loaded.commit()
    assert (result["corrected"], result["unchanged"], result["new"]) == (2, 0, 0)
    now = national_report(loaded, scope=SYSTEM, day=DAY)
    # HCM domestic 105 - 5 imported = 100: 210 + 10.
    assert (now["domestic"], now["community"], now["total_cases"]) == (220, 100, 2660)
    then = national_report(loaded, scope=SYSTEM, day=DAY, as_of=before)
    assert (then["domestic"], then["community"], then["total_cases"]) == (210, 90, 2650)
    assert then["as_of"] == before.isoformat()


def test_before_the_wave_is_refused(loaded):
    with pytest.raises(InvalidInput, match="before the wave start"):
        national_report(loaded, scope=SYSTEM, day=date(2021, 4, 1))
