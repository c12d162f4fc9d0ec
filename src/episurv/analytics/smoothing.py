"""Trailing windows over daily series: the 7-day average and the 7-day sum.

Rule (domain README section 7): the 7-day average on a day is the mean of the 7 days ending on
that day, and it exists when at least 3 of those 7 days are reported. This is Our World in Data's
convention (pandas ``rolling(7, min_periods=3).mean()`` per location). Missing days are NaN; the
days before the first day of the series count as missing, so days 1 and 2 have no average.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from episurv.errors import InvalidInput

WINDOW = 7
OWID_MIN_PERIODS = 3


def _windows(values: ArrayLike, window: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per day, the NaN-as-zero sum and the count of present days in the trailing window."""
    if window < 1:
        raise InvalidInput(f"window must be at least 1 day, got {window}")
    x = np.asarray(values, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise InvalidInput(f"expected a 1-D series or a 2-D regions x days array, got {x.ndim}-D")
    present = ~np.isnan(x)
    filled = np.where(present, x, 0.0)
    # Cumulative sums with a leading 0 make each window sum one subtraction, whatever the width.
    # Counts are integers and exact; sums of daily counts stay exact in float64 below 2**53.
    pad = [(0, 0)] * (x.ndim - 1) + [(1, 0)]
    csum = np.pad(np.cumsum(filled, axis=-1), pad)
    ccount = np.pad(np.cumsum(present, axis=-1, dtype=np.int64), pad)
    n = x.shape[-1]
    hi = np.arange(1, n + 1)
    lo = np.maximum(hi - window, 0)
    sums = csum[..., hi] - csum[..., lo]
    counts = (ccount[..., hi] - ccount[..., lo]).astype(np.float64)
    return sums, counts


def trailing_mean(
    values: ArrayLike, window: int = WINDOW, min_periods: int = OWID_MIN_PERIODS
) -> NDArray[np.float64]:
    """Mean of the ``window`` days ending on each day, over the days present (not NaN).

    NaN where fewer than ``min_periods`` of those days are present (OWID: 7 days, min 3).
    Works on a 1-D series or a 2-D regions x days array (along the last axis).
    """
    if not 1 <= min_periods <= window:
        raise InvalidInput(f"min_periods must be between 1 and {window}, got {min_periods}")
    sums, counts = _windows(values, window)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / counts
    return np.where(counts >= min_periods, mean, np.nan)


def trailing_sum(
    values: ArrayLike, window: int = WINDOW, min_periods: int = WINDOW
) -> NDArray[np.float64]:
    """Sum of the ``window`` days ending on each day; NaN with fewer than ``min_periods`` present.

    The default asks for all 7 days: a weekly total with a missing day would understate the week
    (our decision; the 7-day *average* is the one OWID allows with 3 days).
    """
    if not 1 <= min_periods <= window:
        raise InvalidInput(f"min_periods must be between 1 and {window}, got {min_periods}")
    sums, counts = _windows(values, window)
    return np.where(counts >= min_periods, sums, np.nan)
