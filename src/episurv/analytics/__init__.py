"""Pure numerics for surveillance figures: smoothing, per-capita rates, growth, Rt.

Arrays are days along the last axis: a 1-D array is one series, a 2-D array is regions x days.
Missing days are NaN. Nothing here reads files, a database or the clock.
Conventions: /work/shared/domain/README.md section 7.
"""

from episurv.analytics.growth import doubling_time, growth
from episurv.analytics.rates import (
    case_fatality_rate,
    per_million,
    positivity_rate,
    short_term_cfr,
    weekly_per_100k,
)
from episurv.analytics.rt import RtEstimate, discr_si, rt_cori, rt_table
from episurv.analytics.smoothing import trailing_mean, trailing_sum

__all__ = [
    "RtEstimate",
    "case_fatality_rate",
    "discr_si",
    "doubling_time",
    "growth",
    "per_million",
    "positivity_rate",
    "rt_cori",
    "rt_table",
    "short_term_cfr",
    "trailing_mean",
    "trailing_sum",
    "weekly_per_100k",
]
