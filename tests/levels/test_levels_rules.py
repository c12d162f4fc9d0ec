"""The level rules (levels.policy, levels.assess) at every band boundary on both sides, with the
vaccination, deaths and capacity steps, decisions, missing inputs and the explanations' text."""

from __future__ import annotations

from datetime import date

import pytest

from episurv.levels.assess import Capacity, Coverage, Decision, UnitFigures, assess, combine
from episurv.levels.policy import (
    QD_218_2022,
    QD_4800_2021,
    Adjustment,
    adjusted,
    check_adjustment,
    policy_for,
)

DAY = date(2021, 11, 13)
DAY_218 = date(2022, 2, 20)
MET_4800 = Coverage(date(2021, 11, 1), adult_dose1_pct=95, elderly_full_pct=85)
MET_218 = Coverage(date(2022, 2, 1), population_full_pct=80, high_risk_full_pct=95)
CAPACITY_OK = Capacity(date(2021, 10, 1), oxygen_at_station=True, mobile_station_plan=True)


def ward(cases, population=100_000, day=DAY, coverage=MET_4800, capacity=CAPACITY_OK,
         previous=None, deaths=None, oxygen=None):
    return UnitFigures("ward", 9619, "Phường Phú Đô", day, population, cases, deaths=deaths,
                       oxygen_cases=oxygen, coverage=coverage, capacity=capacity,
                       previous_level=previous)


@pytest.mark.parametrize(("cases", "level"), [
    (0, 1), (19, 1), (20, 2), (49, 2), (50, 3), (149, 3), (150, 4), (5000, 4)])
def test_4800_case_bands_on_both_sides_of_each_boundary(cases, level):
    result = assess(ward(cases), QD_4800_2021)
    assert (result.level, result.computed_level, result.colour) == (
        level, level, {1: "green", 2: "yellow", 3: "orange", 4: "red"}[level])


def test_4800_boundary_between_whole_cases():
    # 199 cases in a million is 19.9 per 100,000: still level 1; 200 is 20: level 2.
    assert assess(ward(199, population=1_000_000), QD_4800_2021).level == 1
    assert assess(ward(200, population=1_000_000), QD_4800_2021).level == 2


@pytest.mark.parametrize(("cases", "level"), [
    (19, 1), (20, 2), (149, 2), (150, 3), (600, 3), (601, 4)])
def test_218_case_bands_on_both_sides_and_600_is_not_yet_very_high(cases, level):
    figures = ward(cases, day=DAY_218, coverage=MET_218, deaths=0, oxygen=0)
    assert assess(figures, QD_218_2022).level == level


def test_policy_in_force_by_date():
    assert policy_for(date(2021, 10, 12)) is QD_4800_2021
    assert policy_for(date(2022, 1, 26)) is QD_4800_2021
    assert policy_for(date(2022, 1, 27)) is QD_218_2022
    early = assess(ward(10, day=date(2021, 9, 1)), QD_4800_2021)
    assert early.criteria[0].text == ("QD-4800-2021 applied retroactively: levels did not exist "
                                      "before 12/10/2021")


@pytest.mark.parametrize(("adult", "elderly", "level"), [
    (70, 80, 3), (69.9, 80, 4), (70, 79.9, 4), (69.9, 79.9, 4)])
def test_4800_vaccination_targets_on_both_sides(adult, elderly, level):
    coverage = Coverage(date(2021, 11, 1), adult_dose1_pct=adult, elderly_full_pct=elderly)
    assert assess(ward(82, coverage=coverage), QD_4800_2021).level == level


def test_4800_vaccination_explanation_reads_like_the_issue():
    coverage = Coverage(date(2021, 11, 1), adult_dose1_pct=95, elderly_full_pct=74)
    result = assess(ward(82, coverage=coverage), QD_4800_2021)
    assert result.explanation() == [
        "82 community cases per 100,000 in 7 days (82 cases, population 100,000) ≥ 50 and "
        "< 150 → level 3 (UNCONFIRMED default)",
        "18+ with ≥1 dose 95% ≥ 70% (as of 01/11/2021) → met (UNCONFIRMED default)",
        "65+ full coverage 74% < 80% (as of 01/11/2021) → +1 (UNCONFIRMED default)",
        "vaccination target missed → +1 → level 4 (UNCONFIRMED default)",
        "treatment capacity met",
    ]
    assert result.unconfirmed
    assert [c.as_dict()["effect"] for c in result.criteria] == [
        "level 3", "met", "+1", "level 4", "met"]
    assert result.criteria[2].value == 74 and result.criteria[2].threshold == "≥ 80"


def test_4800_vaccination_not_above_4_and_not_without_cases():
    low = Coverage(date(2021, 11, 1), adult_dose1_pct=40, elderly_full_pct=30)
    top = assess(ward(400, coverage=low), QD_4800_2021)
    assert top.level == 4
    assert "vaccination target missed → +1 → already level 4" in top.criteria[3].text
    none = assess(ward(0, coverage=low), QD_4800_2021)
    assert none.level == 1
    assert none.criteria[1].text == ("no community cases in 7 days → vaccination coverage not "
                                     "applied (UNCONFIRMED default)")
    # Without cases the coverage is not needed at all.
    assert assess(ward(0, coverage=None), QD_4800_2021).level == 1


def test_coverage_of_a_parent_unit_is_named():
    coverage = Coverage(date(2021, 11, 8), adult_dose1_pct=97, elderly_full_pct=84,
                        of="figures of Quận Nam Từ Liêm")
    text = assess(ward(10, coverage=coverage), QD_4800_2021).criteria[2].text
    assert text == ("65+ full coverage 84% ≥ 80% (figures of Quận Nam Từ Liêm, as of "
                    "08/11/2021) → met (UNCONFIRMED default)")


@pytest.mark.parametrize(("population_full", "high_risk", "level"), [
    (75, 90, 2), (74.9, 90, 3), (75, 89.9, 3)])
def test_218_vaccination_targets_on_both_sides(population_full, high_risk, level):
    coverage = Coverage(date(2022, 2, 1), population_full_pct=population_full,
                        high_risk_full_pct=high_risk)
    figures = ward(100, day=DAY_218, coverage=coverage, deaths=0, oxygen=0)
    assert assess(figures, QD_218_2022).level == level


@pytest.mark.parametrize(("deaths", "level"), [(6, 2), (7, 3)])
def test_218_deaths_above_6_per_100k_raise_one_level(deaths, level):
    result = assess(ward(100, day=DAY_218, coverage=MET_218, deaths=deaths, oxygen=3),
                    QD_218_2022)
    assert result.level == level
    texts = result.explanation()
    if deaths == 7:
        assert "7 deaths per 100,000 in 7 days > 6 → +1 → level 3" in texts
    else:
        assert "6 deaths per 100,000 in 7 days, not > 6 → no change" in texts
    assert ("3 cases needing oxygen or ventilation per 100,000 in 7 days → shown, not applied "
            "(threshold NOT FOUND)") in texts


def test_capacity_not_met_holds_last_weeks_level():
    lacking = Capacity(date(2021, 10, 1), oxygen_at_station=False, mobile_station_plan=True)
    held = assess(ward(10, capacity=lacking, previous=3), QD_4800_2021)
    assert (held.level, held.level_before_hold) == (3, 1)
    assert held.criteria[-1].text == ("capacity not met (no oxygen at every health station) → "
                                      "may not be lowered below last week's level 3 → level 3")
    assert assess(ward(10, capacity=CAPACITY_OK, previous=3), QD_4800_2021).level == 1
    # Not lowered and not raised: capacity only stops a fall.
    assert assess(ward(10, capacity=lacking, previous=1), QD_4800_2021).level == 1
    assert assess(ward(100, capacity=lacking, previous=2), QD_4800_2021).level == 3


def test_capacity_missing_matters_only_when_the_level_would_fall():
    falls = assess(ward(10, capacity=None, previous=2), QD_4800_2021)
    assert falls.level is None
    assert falls.explanation()[-1] == ("not assessable: no capacity figures for ward Phường Phú "
                                       "Đô: cannot tell whether the level may be lowered from 2")
    assert assess(ward(10, capacity=None, previous=1), QD_4800_2021).level == 1


def test_missing_population_and_coverage_are_named_never_guessed():
    result = assess(ward(10, population=None), QD_4800_2021)
    assert (result.level, result.missing) == (None, ["no population for ward Phường Phú Đô"])
    result = assess(ward(10, coverage=None), QD_4800_2021)
    assert result.level is None
    assert result.missing == [
        "no vaccination coverage (% of people 18+ with at least one dose) for ward Phường Phú Đô",
        "no vaccination coverage (% of people 65+ fully vaccinated) for ward Phường Phú Đô"]


def test_decision_overrides_the_computed_level_and_says_so():
    decision = Decision(4, date(2021, 11, 13), "cluster growing faster than the weekly figures "
                        "show", "Sở Y tế Hà Nội 13/11/2021", "cdc@example.vn")
    result = assess(ward(11), QD_4800_2021, decision)
    assert (result.level, result.computed_level, result.colour) == (4, 1, "red")
    assert result.criteria[-1].text == (
        "decision: level 4 from 13/11/2021: cluster growing faster than the weekly figures show "
        "(Sở Y tế Hà Nội 13/11/2021) → overrides computed level 1")
    assert "cdc@example.vn" not in " ".join(result.explanation())
    # A decision gives a level where the figures cannot.
    assert assess(ward(11, population=None), QD_4800_2021, decision).level == 4


def test_a_province_adjustment_moves_a_band_and_is_named():
    adjustment = Adjustment("QD-4800-2021", 1, date(2021, 11, 1), {"cases_level_3": 60},
                            label="Hà Nội, hn.toml, by cdc on 01/11/2021")
    policy = adjusted(QD_4800_2021, adjustment)
    assert assess(ward(59), policy).level == 2
    result = assess(ward(60), policy)
    assert result.level == 3
    assert result.criteria[0].text == (
        "60 community cases per 100,000 in 7 days (60 cases, population 100,000) ≥ 60 and < 150 "
        "→ level 3 (set by Hà Nội, hn.toml, by cdc on 01/11/2021)")
    assert not policy.thresholds["cases_level_3"].unconfirmed
    assert QD_4800_2021.thresholds["cases_level_3"].unconfirmed  # the shipped policy unchanged


def test_adjustment_problems_are_named():
    assert check_adjustment(QD_4800_2021, {"cases_level_5": 1, "cases_level_2": "x"},
                            "median") == [
        "threshold 'cases_level_5' is unknown; known: cases_level_2, cases_level_3, "
        "cases_level_4, adult_dose1_pct, elderly_full_pct, population_full_pct, "
        "high_risk_full_pct, free_beds_per_100k, icu_beds, deaths_per_100k",
        "threshold cases_level_2: 'x' is not a number",
        "aggregation 'median': one of own, highest, weighted"]
    assert check_adjustment(QD_4800_2021, {"cases_level_3": 10}, None) == [
        "case thresholds must rise with the level: levels 2, 3, 4 at 20, 10, 150"]
    assert check_adjustment(QD_4800_2021, {"elderly_full_pct": 101}, None) == [
        "threshold elderly_full_pct: 101 is out of range"]
    assert check_adjustment(QD_4800_2021, {"cases_level_3": 60}, "highest") == []


def test_combining_wards_highest_and_population_weighted():
    wards = [("A", 1, 900), ("B", 4, 100)]
    assert combine(wards, "highest")[:2] == (4, "highest level of its 2 units → level 4")
    assert combine(wards, "weighted")[:2] == (
        1, "population-weighted mean level of its 2 units 1.30 → level 1")
    assert combine([("A", 2, 500), ("B", 3, 500)], "weighted")[0] == 3  # 2.5 rounds up
    assert combine([("A", 2, 500), ("B", None, 500)], "highest") == (None, "", ["B"])


def test_explanations_in_vietnamese_for_the_pages():
    coverage = Coverage(date(2021, 11, 1), adult_dose1_pct=95.5, elderly_full_pct=74)
    decision = Decision(4, date(2021, 11, 13), "ổ dịch tăng nhanh", None, "cdc")
    result = assess(ward(82, population=120_000, coverage=coverage), QD_4800_2021, decision,
                    lang="vi")
    assert result.explanation("vi") == [
        "68,3 ca cộng đồng/100.000 dân trong 7 ngày (82 ca, dân số 120.000) ≥ 50 và < 150 → "
        "cấp độ 3 (mặc định CHƯA XÁC NHẬN)",
        "người ≥18 tuổi tiêm ≥1 mũi 95,5% ≥ 70% (tính đến 01/11/2021) → đạt (mặc định CHƯA "
        "XÁC NHẬN)",
        "người ≥65 tuổi tiêm đủ liều 74% < 80% (tính đến 01/11/2021) → +1 (mặc định CHƯA XÁC "
        "NHẬN)",
        "chưa đạt mục tiêu tiêm chủng → +1 → cấp độ 4 (mặc định CHƯA XÁC NHẬN)",
        "đủ năng lực điều trị",
        "quyết định: cấp độ 4 từ 13/11/2021: ổ dịch tăng nhanh → thay cho cấp độ tính theo tiêu "
        "chí 4"]
    # The structured fields stay the same in every language.
    assert [c.effect for c in result.criteria] == ["level 3", "met", "+1", "level 4", "met",
                                                   "level 4"]
    assert result.criteria[0].threshold == "≥ 50 and < 150"
    missing = assess(ward(10, population=None), QD_4800_2021, lang="vi")
    assert missing.explanation("vi") == ["chưa đánh giá được: chưa có dân số của Phường Phú Đô"]


def test_the_source_of_the_cases_is_said():
    figures = ward(82)
    figures.cases_source, figures.reported_days = "aggregates", 5
    assert assess(figures, QD_4800_2021).criteria[0].text.startswith(
        "82 community cases per 100,000 in 7 days (82 cases in the daily figures reported for 5 "
        "of the 7 days, population 100,000)")
    assert assess(figures, QD_4800_2021, lang="vi").criteria[0].text.startswith(
        "82 ca cộng đồng/100.000 dân trong 7 ngày (82 ca theo số liệu báo cáo hằng ngày của 5/7 "
        "ngày, dân số 100.000)")
    figures.cases_source = "register"
    assert "(82 cases in the case register, population 100,000)" in assess(
        figures, QD_4800_2021).criteria[0].text


def test_what_an_assessment_remembers_is_keyed_by_the_policy_and_figures_not_the_objects():
    memo: dict = {}

    def hanoi(thresholds):
        return adjusted(QD_4800_2021, Adjustment("QD-4800-2021", 1, date(2021, 11, 1),
                                                 thresholds, label="Hà Nội, hn.toml"))
    coverage = Coverage(date(2021, 11, 1), adult_dose1_pct=95, elderly_full_pct=85)
    first = assess(ward(82, coverage=coverage), hanoi({"cases_level_3": 60}), memo=memo)
    # The same adjustment read again and the same figures in new objects (another run, another
    # unit): the criteria written for the first are found, not written again.
    again = assess(ward(82, coverage=Coverage(date(2021, 11, 1), adult_dose1_pct=95,
                                              elderly_full_pct=85)),
                   hanoi({"cases_level_3": 60}), memo=memo)
    assert [c.text for c in again.criteria] == [c.text for c in first.criteria]
    assert all(a is b for a, b in zip(again.criteria[1:], first.criteria[1:], strict=True))
    # A policy that differs in one target is never answered with another's criteria: 95% of
    # adults with one dose is short of 96%, one level up.
    stricter = assess(ward(82, coverage=coverage),
                      hanoi({"cases_level_3": 60, "adult_dose1_pct": 96}), memo=memo)
    assert (first.level, stricter.level) == (3, 4)
    assert stricter.criteria[1].text == ("18+ with ≥1 dose 95% < 96% (as of 01/11/2021) → +1 "
                                         "(set by Hà Nội, hn.toml)")
