"""Per-capita rates, CFR, short-term CFR, positivity (domain README section 7)."""

import numpy as np
import pytest

from episurv.analytics.rates import (
    case_fatality_rate,
    per_million,
    positivity_rate,
    short_term_cfr,
    weekly_per_100k,
)
from episurv.errors import InvalidInput

nan = np.nan


def test_weekly_cases_per_100k_by_hand():
    cases = [1, 2, 3, 4, 5, 6, 7, 8]
    out = weekly_per_100k(cases, 200_000)
    # day 6: (1+...+7) = 28 -> 28 * 100000 / 200000 = 14; day 7: 35 -> 17.5
    np.testing.assert_allclose(out, [nan] * 6 + [14.0, 17.5], rtol=0, atol=1e-12)


def test_weekly_per_100k_uses_each_regions_population():
    cases = np.array([[10.0] * 7, [10.0] * 7])
    out = weekly_per_100k(cases, [100_000, 1_000_000])
    # 70 cases a week: 70 per 100k in a town of 100,000; 7 per 100k in a city of a million.
    assert out[0, 6] == pytest.approx(70.0)
    assert out[1, 6] == pytest.approx(7.0)


def test_per_million():
    assert per_million([5.0], 2_500_000)[0] == pytest.approx(2.0)


def test_population_must_be_positive():
    with pytest.raises(InvalidInput):
        weekly_per_100k([1.0] * 7, 0)


def test_cfr_by_hand_and_zero_cases():
    # 3 deaths among 150 cases = 2%; no cases -> no CFR (not 0, not inf)
    out = case_fatality_rate([3, 0], [150, 0])
    assert out[0] == pytest.approx(2.0)
    assert np.isnan(out[1])


def test_short_term_cfr_by_hand():
    days = np.arange(30)
    cases = 10.0 * (days + 1)  # 10, 20, 30, ...
    deaths = days.astype(float)  # 0, 1, 2, ...
    out = short_term_cfr(deaths, cases)
    # t=20: deaths avg over days 14-20 = 17; cases avg over days 1-7 (13 days earlier,
    # the window ending on day 7) = 10 * mean(2..8) = 50 -> 17/50 = 34%
    assert out[20] == pytest.approx(34.0)
    # t=15: lagged day 2 has 3 days (0-2): cases avg 10*mean(1,2,3) = 20;
    # deaths avg over days 9-15 = 12 -> 60%
    assert out[15] == pytest.approx(60.0)
    # t=14: lagged day 1 has only 2 days of cases -> no 7-day average -> NaN; days < 13 NaN
    assert np.all(np.isnan(out[:15]))


def test_short_term_cfr_zero_lagged_cases_is_nan():
    cases = np.zeros(30)
    deaths = np.ones(30)
    assert np.all(np.isnan(short_term_cfr(deaths, cases)))


def test_short_term_cfr_two_dimensional():
    cases = np.array([[100.0] * 20, [50.0] * 20])
    deaths = np.array([[2.0] * 20, [2.0] * 20])
    out = short_term_cfr(deaths, cases)
    assert out[0, 19] == pytest.approx(2.0)
    assert out[1, 19] == pytest.approx(4.0)


def test_positivity_percent():
    out = positivity_rate([30, 5], [600, 0])
    assert out[0] == pytest.approx(5.0)
    assert np.isnan(out[1])
