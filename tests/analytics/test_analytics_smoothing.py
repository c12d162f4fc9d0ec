"""7-day average and 7-day sum (domain README section 7; OWID min 3 periods)."""

import numpy as np
import pytest

from episurv.analytics.smoothing import trailing_mean, trailing_sum
from episurv.errors import InvalidInput

nan = np.nan


def test_seven_day_average_by_hand():
    x = [7, 14, 21, 28, 35, 42, 49, 56]
    # day 0: 1 day present, day 1: 2 days -> below OWID's 3, no average
    # day 2: (7+14+21)/3 = 14; day 3: (7+14+21+28)/4 = 17.5
    # day 6: (7+...+49)/7 = 196/7 = 28; day 7: (14+...+56)/7 = 245/7 = 35
    expected = [nan, nan, 14.0, 17.5, 21.0, 24.5, 28.0, 35.0]
    np.testing.assert_allclose(trailing_mean(x), expected, rtol=0, atol=1e-12)


def test_owid_needs_three_of_seven_days_present():
    x = [10, nan, nan, 20, nan, nan, nan, 30, 40, nan]
    # days 0-6 see only 10 and 20 (2 present); day 7's window (days 1-7) holds 20, 30 (2);
    # day 8's window (days 2-8) holds 20, 30, 40: 3 present -> 30; day 9 (3-9) the same -> 30.
    expected = [nan] * 8 + [30.0, 30.0]
    np.testing.assert_allclose(trailing_mean(x), expected, rtol=0, atol=1e-12)


def test_missing_day_is_not_a_zero():
    # Days 0-6 with day 3 missing: mean of the 6 present = (1+2+3+5+6+7)/6 = 4, not 24/7.
    x = [1, 2, 3, nan, 5, 6, 7]
    assert trailing_mean(x)[6] == pytest.approx(4.0)


def test_two_dimensional_rows_are_independent_regions():
    a = [1.0, 2.0, 3.0, 4.0, nan, nan, nan, nan, nan, 9.0]
    b = [100.0] * 10
    both = trailing_mean(np.array([a, b]))
    np.testing.assert_array_equal(both[0], trailing_mean(a))
    np.testing.assert_array_equal(both[1], trailing_mean(b))
    # Region a, day 9: window days 3-9 holds 4 and 9 only -> empty.
    assert np.isnan(both[0, 9])
    assert both[1, 9] == 100.0


def test_weekly_sum_needs_all_seven_days_by_default():
    x = [1, 2, 3, 4, 5, 6, 7, 8, nan]
    s = trailing_sum(x)
    # day 6: 1+...+7 = 28; day 7: 2+...+8 = 35; day 8 misses a day -> NaN
    np.testing.assert_allclose(s, [nan] * 6 + [28.0, 35.0, nan], rtol=0, atol=0)
    # With min_periods=6 the partial week is summed: 3+4+5+6+7+8 = 33.
    assert trailing_sum(x, min_periods=6)[8] == 33.0


def test_bad_arguments_are_refused():
    with pytest.raises(InvalidInput):
        trailing_mean([1, 2, 3], min_periods=8)
    with pytest.raises(InvalidInput):
        trailing_mean(np.zeros((2, 2, 2)))
