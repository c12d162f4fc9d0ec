"""Per-capita rates and ratios: weekly cases per 100,000, per million, CFR, test positivity.

Rules: domain README section 7 (weekly per 100k, CFR, short-term CFR), after Our World in Data's
definitions. Arrays are days along the last axis; a 2-D array is regions x days and ``population``
is then one number per region. A ratio with a zero or missing denominator is NaN, never 0 or inf.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from episurv.analytics.smoothing import WINDOW, trailing_mean, trailing_sum
from episurv.errors import InvalidInput

SHORT_TERM_CFR_LAG_DAYS = 13


def _per_region(population: ArrayLike, ndim: int) -> NDArray[np.float64]:
    """Population shaped to broadcast over days: (regions, 1) for 2-D input."""
    pop = np.asarray(population, dtype=np.float64)
    if np.any(~(pop > 0)):
        raise InvalidInput("population must be a positive number for every region")
    if ndim == 2 and pop.ndim == 1:
        return pop[:, None]
    return pop


def _ratio(num: ArrayLike, den: ArrayLike) -> NDArray[np.float64]:
    n = np.asarray(num, dtype=np.float64)
    d = np.asarray(den, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = n / d
    return np.where(d > 0, out, np.nan)


def weekly_per_100k(cases: ArrayLike, population: ArrayLike) -> NDArray[np.float64]:
    """Cases in the 7 days ending on each day x 100,000 / population.

    Needs all 7 days present (see ``trailing_sum``); this is the figure the level bands use
    (domain README section 3, criterion 1).
    """
    x = np.asarray(cases, dtype=np.float64)
    return trailing_sum(x, WINDOW) * 100_000.0 / _per_region(population, x.ndim)


def per_million(values: ArrayLike, population: ArrayLike) -> NDArray[np.float64]:
    """Values x 1,000,000 / population (OWID's "per million people")."""
    x = np.asarray(values, dtype=np.float64)
    return x * 1_000_000.0 / _per_region(population, x.ndim)


def case_fatality_rate(deaths: ArrayLike, cases: ArrayLike) -> NDArray[np.float64]:
    """Deaths / cases x 100 (percent), usually on cumulative counts; NaN where cases are 0."""
    return _ratio(deaths, cases) * 100.0


def short_term_cfr(
    deaths: ArrayLike, cases: ArrayLike, lag: int = SHORT_TERM_CFR_LAG_DAYS
) -> NDArray[np.float64]:
    """7-day average of daily deaths / 7-day average of daily cases ``lag`` days earlier x 100.

    OWID's short-term CFR with its 10-day lag replaced by the 13 days of the domain README.
    Both averages use the OWID min-3-days rule. NaN for the first ``lag`` days, where the lagged
    average is missing, and where it is 0.
    """
    if lag < 0:
        raise InvalidInput(f"lag must be 0 or more days, got {lag}")
    d = trailing_mean(deaths)
    c = trailing_mean(cases)
    lagged = np.full_like(c, np.nan)
    n = c.shape[-1]
    if lag < n:
        lagged[..., lag:] = c[..., : n - lag]
    return _ratio(d, lagged) * 100.0


def positivity_rate(positives: ArrayLike, tests: ArrayLike) -> NDArray[np.float64]:
    """Positive tests / tests performed x 100 (percent); NaN where no tests were performed.

    Pass daily counts for a daily rate, or 7-day sums for OWID's smoothed positive rate.
    """
    return _ratio(positives, tests) * 100.0
