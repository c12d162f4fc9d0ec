"""Growth over p days and doubling time p*ln2/ln(1+growth) (domain README section 7)."""

import math

import numpy as np
import pytest

from episurv.analytics.growth import doubling_time, growth

nan = np.nan


def test_growth_by_hand():
    np.testing.assert_allclose(growth([10, 20, 40, 80], p=1), [nan, 1.0, 1.0, 1.0])
    # over 2 days: 40/10 - 1 = 3, 80/20 - 1 = 3
    np.testing.assert_allclose(growth([10, 20, 40, 80], p=2), [nan, nan, 3.0, 3.0])


def test_growth_from_zero_is_undefined():
    assert np.isnan(growth([0.0, 5.0], p=1)[1])


def test_doubling_time_by_hand():
    # Doubling every day: growth 1 over 1 day -> ln2/ln2 = 1 day
    assert doubling_time(1.0, p=1) == pytest.approx(1.0)
    # Doubled over a week -> 7 days
    assert doubling_time(1.0, p=7) == pytest.approx(7.0)
    # +50% over 7 days: 7 * 0.693147 / 0.405465 = 11.9666 days
    assert doubling_time(0.5, p=7) == pytest.approx(7 * math.log(2) / math.log(1.5))
    assert doubling_time(0.5, p=7) == pytest.approx(11.9666, abs=1e-4)


def test_no_doubling_time_for_flat_or_falling():
    out = doubling_time([0.0, -0.3, nan], p=7)
    assert np.all(np.isnan(out))


def test_two_dimensional():
    x = np.array([[1.0, 2.0, 4.0], [8.0, 4.0, 2.0]])
    g = growth(x, p=1)
    np.testing.assert_allclose(g[:, 1:], [[1.0, 1.0], [-0.5, -0.5]])
    d = doubling_time(g, p=1)
    np.testing.assert_allclose(d[0, 1:], [1.0, 1.0])
    assert np.all(np.isnan(d[1]))
