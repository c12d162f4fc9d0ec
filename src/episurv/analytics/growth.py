"""Growth over p days and doubling time.

Rule (domain README section 7): growth over p days is x_t / x_{t-p} - 1, and the doubling time is
p * ln 2 / ln(1 + growth). Use it on a smoothed series (the 7-day average), not raw daily counts.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from episurv.errors import InvalidInput


def growth(values: ArrayLike, p: int = 7) -> NDArray[np.float64]:
    """x_t / x_{t-p} - 1 along the last axis; NaN for the first p days and where x_{t-p} <= 0."""
    if p < 1:
        raise InvalidInput(f"p must be at least 1 day, got {p}")
    x = np.asarray(values, dtype=np.float64)
    out = np.full_like(x, np.nan)
    n = x.shape[-1]
    if p < n:
        now, before = x[..., p:], x[..., : n - p]
        with np.errstate(invalid="ignore", divide="ignore"):
            out[..., p:] = np.where(before > 0, now / before - 1.0, np.nan)
    return out


def doubling_time(growth_over_p: ArrayLike, p: int = 7) -> NDArray[np.float64]:
    """Days to double, p * ln 2 / ln(1 + growth), from the growth over p days.

    NaN where growth <= 0: a flat or shrinking series does not double (the formula would give
    infinity or a negative "halving" time, which a report must not print as a doubling time).
    """
    if p < 1:
        raise InvalidInput(f"p must be at least 1 day, got {p}")
    g = np.asarray(growth_over_p, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        days = p * np.log(2.0) / np.log1p(g)
    return np.where(g > 0, days, np.nan)
