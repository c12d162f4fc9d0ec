"""Instantaneous reproduction number Rt by Cori et al. (2013), computed as R's EpiEstim does.

Source: Cori A, Ferguson NM, Fraser C, Cauchemez S. A new framework and software to estimate
time-varying reproduction numbers during epidemics. Am J Epidemiol 2013;178:1505-12, and its web
appendix; EpiEstim 2.x ``estimate_R(method = "parametric_si")`` with the default sliding weekly
windows. Domain README section 7 fixes the defaults (Delta: SI mean 4.0 d, sd 2.9 d).

What EpiEstim does, and so what this module does (read from EpiEstim's R sources):

* Serial interval: ``discr_si(k, mu, sigma)``, the gamma distribution with mean ``mu - 1`` and
  sd ``sigma`` shifted by one day and discretised with a triangular kernel (web appendix 11):
  w_k = k F(k) + (k-2) F(k-2) - 2 (k-1) F(k-1)
        + (mu-1) [2 G(k-1) - G(k-2) - G(k)],
  F the gamma CDF with shape a = ((mu-1)/sigma)^2 and scale b = sigma^2/(mu-1), G the same with
  shape a + 1; negative rounding residues are set to 0. w_0 = 0 by construction.
* No normalisation: for a series of T days EpiEstim takes w_0..w_{T-1} as they are (it only checks
  that they sum to 1 within 0.01). Lambda_t uses w_k for k <= t - 1 <= T - 1 only, so the
  truncation never enters Lambda; it enters only the "mean SI" of the start rule below.
* Total infectiousness Lambda_t = sum_{k=1}^{t-1} w_k I_{t-k} (days counted from 1).
* Windows: by default one window of width tau ending on each day t_end = tau+1 .. T, starting at
  t_start = t_end - tau + 1 >= 2 (day 1 never starts a window: its Lambda is undefined).
* A window gives an estimate only if t_end > mean of the discretised SI, sum_{k=0}^{T-1} k w_k
  (EpiEstim's ``final_mean_si``). Windows that fail either rule are empty (NaN here; EpiEstim
  drops the rows). With tau = 7 the second rule bites only for a mean SI of 8 days or more.
* Posterior Gamma with shape a = a0 + sum_{window} I and scale b = 1 / (1/b0 + sum_{window}
  Lambda), where the prior has mean 5 and sd 5 (a0 = 1, b0 = 5); mean a b, sd sqrt(a) b,
  quantiles of Gamma(a, scale=b). Cases of day 1 are all "imported" in EpiEstim; since no window
  starts on day 1 that changes nothing here.

The heavy part is vectorised over all regions at once: Lambda is one matrix product with the
(upper-triangular Toeplitz) SI matrix, or an FFT convolution for very long series; window sums
are strided views; quantiles are one call to the inverse regularised incomplete gamma function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray
from scipy.linalg import toeplitz  # type: ignore[import-untyped]
from scipy.special import gammainc, gammaincinv  # type: ignore[import-untyped]

from episurv.analytics.defaults import SI_MEAN_DAYS, SI_SD_DAYS, WINDOW_DAYS
from episurv.analytics.incidence import checked_incidence
from episurv.errors import InvalidInput

PRIOR_MEAN = 5.0  # EpiEstim's default prior (make_config mean_prior / std_prior)
PRIOR_SD = 5.0

# Above this many days the T x T SI matrix gets large (2048^2 floats = 32 MiB); use the FFT.
_MATMUL_MAX_DAYS = 2048

FloatArray = NDArray[np.float64]


def _check_si(mu: float, sigma: float) -> None:
    if not np.isfinite(mu) or mu <= 1:
        raise InvalidInput(f"serial interval mean must be more than 1 day (EpiEstim), got {mu}")
    # EpiEstim accepts sigma = 0 but then the gamma shape is infinite; we ask for a real spread.
    if not np.isfinite(sigma) or sigma <= 0:
        raise InvalidInput(f"serial interval sd must be more than 0 days, got {sigma}")


def discr_si(k: ArrayLike, mu: float, sigma: float) -> FloatArray:
    """P(serial interval = k days) for a gamma(mean mu - 1, sd sigma) shifted by 1 day.

    EpiEstim's ``discr_si`` (Cori et al. 2013, web appendix 11); see the module docstring for the
    formula. ``k`` are whole days >= 0.
    """
    _check_si(mu, sigma)
    kk = np.asarray(k, dtype=np.float64)
    if np.any(kk < 0):
        raise InvalidInput("serial interval days must be 0 or more")
    shape = ((mu - 1.0) / sigma) ** 2
    scale = sigma**2 / (mu - 1.0)

    def cdf(x: FloatArray, a: float) -> FloatArray:
        # pgamma(x, a, scale) is 0 for x <= 0; gammainc is undefined below 0, so clip first.
        return gammainc(a, np.maximum(x, 0.0) / scale)

    w = (
        kk * cdf(kk, shape)
        + (kk - 2.0) * cdf(kk - 2.0, shape)
        - 2.0 * (kk - 1.0) * cdf(kk - 1.0, shape)
        + shape
        * scale
        * (2.0 * cdf(kk - 1.0, shape + 1.0) - cdf(kk - 2.0, shape + 1.0) - cdf(kk, shape + 1.0))
    )
    return np.maximum(w, 0.0)


def _checked_si_distribution(values: ArrayLike, n: int) -> FloatArray:
    """A user's discrete SI as EpiEstim's check_si_distr accepts it, cut or padded to n days."""
    w = np.asarray(values, dtype=np.float64).ravel()
    if w.size == 0 or w[0] != 0 or np.any(~np.isfinite(w)) or np.any(w < 0):
        raise InvalidInput("si_distribution must be finite, non-negative, with w_0 = 0")
    if abs(w.sum() - 1.0) > 0.01:
        raise InvalidInput(f"si_distribution must sum to 1, sums to {w.sum():.4f}")
    return np.pad(w, (0, max(0, n - w.size)))[:n]


def infectiousness(incidence: FloatArray, w: FloatArray) -> FloatArray:
    """Lambda[:, t] = sum_{k=1}^{t} w[k] I[:, t-k] for a regions x days array (0-based days).

    ``w`` has at least as many entries as there are days, with w[0] = 0.
    """
    n = incidence.shape[-1]
    w = w[:n]
    if n <= _MATMUL_MAX_DAYS:
        # M[s, t] = w[t - s] for t >= s, else 0: one BLAS product for every region and day.
        m = toeplitz(np.r_[w[0], np.zeros(n - 1)], w)
        return incidence @ m
    # Imported here: scipy.signal takes most of a second to import, which every process that
    # loads the web app (each server worker) paid for this one long-series path.
    from scipy.signal import fftconvolve  # type: ignore[import-untyped]

    lam = fftconvolve(incidence, w[None, :], axes=-1)[:, :n]
    # FFT round-off can leave -1e-13 where the exact value is 0.
    return np.maximum(lam, 0.0)


def _standard_gamma_quantiles(shape: FloatArray, probs: tuple[float, ...]) -> list[FloatArray]:
    """Quantiles of Gamma(shape, scale=1); scale them by b for Gamma(shape, scale=b).

    The inverse incomplete gamma is the slow step, and shape = prior shape + a sum of whole
    counts takes far fewer distinct values than there are windows: invert each once.
    """
    distinct, where = np.unique(shape, return_inverse=True)
    return [gammaincinv(distinct, p)[where] for p in probs]


@dataclass(frozen=True)
class RtEstimate:
    """Posterior of Rt for the window ending on each day; NaN where the window is empty.

    Every array has the shape of the incidence passed in (days along the last axis).
    """

    mean: FloatArray
    sd: FloatArray
    q025: FloatArray
    median: FloatArray
    q975: FloatArray
    shape: FloatArray  # posterior gamma shape a
    scale: FloatArray  # posterior gamma scale b
    si_distribution: FloatArray  # w_0 .. w_{T-1}, as EpiEstim uses for a series of T days


def rt_cori(
    incidence: ArrayLike,
    si_mean: float = SI_MEAN_DAYS,
    si_sd: float = SI_SD_DAYS,
    window: int = WINDOW_DAYS,
    *,
    prior_mean: float = PRIOR_MEAN,
    prior_sd: float = PRIOR_SD,
    start: ArrayLike | None = None,
    stop: ArrayLike | None = None,
    si_distribution: ArrayLike | None = None,
) -> RtEstimate:
    """Rt (Cori et al. 2013, as EpiEstim) for every window of ``window`` days ending on each day.

    ``incidence`` is a 1-D series of daily cases or a 2-D regions x days array of whole, finite,
    non-negative counts. ``start``/``stop`` (one index per region, stop exclusive) say where each
    region's own series begins and ends inside a shared calendar: EpiEstim's rules (no window
    starting on the first day; end after the mean SI) count from each region's own first day, and
    days outside [start, stop) are ignored and left empty. By default every row spans all days.
    """
    _check_si(si_mean, si_sd)
    if int(window) != window or window < 1:
        raise InvalidInput(f"window must be a whole number of days, at least 1, got {window}")
    if not (np.isfinite(prior_mean) and prior_mean > 0 and np.isfinite(prior_sd) and prior_sd > 0):
        raise InvalidInput("prior mean and sd must be positive numbers")
    x = np.asarray(incidence, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise InvalidInput(f"expected a 1-D series or a 2-D regions x days array, got {x.ndim}-D")
    one_series = x.ndim == 1
    x2 = x[None, :] if one_series else x
    if not np.all(np.isfinite(x2)) or np.any(x2 < 0):
        raise InvalidInput("incidence must be finite counts of 0 or more (no missing days)")
    regions, n = x2.shape
    tau = int(window)

    first = np.zeros(regions, dtype=np.int64) if start is None else np.asarray(start, np.int64)
    last = np.full(regions, n, dtype=np.int64) if stop is None else np.asarray(stop, np.int64)
    first, last = np.broadcast_to(first, (regions,)), np.broadcast_to(last, (regions,))
    if np.any(first < 0) or np.any(last > n) or np.any(first >= last):
        raise InvalidInput("each region needs 0 <= start < stop <= number of days")
    day = np.arange(n)
    inside = (day >= first[:, None]) & (day < last[:, None])
    x2 = np.where(inside, x2, 0.0)

    if si_distribution is None:
        w = discr_si(np.arange(n), si_mean, si_sd)
    else:
        w = _checked_si_distribution(si_distribution, n)
    lam = infectiousness(x2, w)

    # EpiEstim's final_mean_si for a region of T_r days: sum_{k=0}^{T_r - 1} k w_k.
    mean_si_by_length = np.cumsum(np.arange(n) * w)
    mean_si = mean_si_by_length[last - first - 1]

    # Window sums for windows ending on days tau-1 .. n-1 (0-based).
    ends = np.arange(tau - 1, n)
    if ends.size:
        sum_i = sliding_window_view(x2, tau, axis=-1).sum(axis=-1)
        sum_lam = sliding_window_view(lam, tau, axis=-1).sum(axis=-1)
    else:
        sum_i = sum_lam = np.zeros((regions, 0))
    pos = ends[None, :] - first[:, None]  # 0-based position of the window end in its region
    valid = (
        (pos >= tau)  # window starts on the region's day 2 or later (t_start >= 2)
        & (ends[None, :] < last[:, None])
        & (pos + 1 > mean_si[:, None])  # t_end (1-based) > mean of the discretised SI
    )

    prior_shape = (prior_mean / prior_sd) ** 2
    prior_scale = prior_sd**2 / prior_mean
    a = prior_shape + sum_i[valid]
    b = 1.0 / (1.0 / prior_scale + sum_lam[valid])

    q025, median, q975 = _standard_gamma_quantiles(a, (0.025, 0.5, 0.975))

    def place(values: FloatArray) -> FloatArray:
        out = np.full((regions, n), np.nan)
        out[:, tau - 1 :][valid] = values
        return out[0] if one_series else out

    return RtEstimate(
        mean=place(a * b),
        sd=place(np.sqrt(a) * b),
        q025=place(q025 * b),
        median=place(median * b),
        q975=place(q975 * b),
        shape=place(a),
        scale=place(b),
        si_distribution=w,
    )


def rt_table(
    df: pl.DataFrame,
    si_mean: float = SI_MEAN_DAYS,
    si_sd: float = SI_SD_DAYS,
    window: int = WINDOW_DAYS,
) -> pl.DataFrame:
    """Rt per region and day from a daily incidence table with columns ``region, date, cases``.

    Each region's series runs from its first to its last date; a date missing inside that span
    counts as 0 cases (a day with no report is a day with no cases, as in a line list). Returns
    ``region, date, mean, sd, q025, median, q975`` for every date of every region's span, sorted
    by region and date; ``date`` is the last day of the window, and the estimate columns are
    null where the window is empty (see ``rt_cori``). Bad rows raise ``InvalidInput``.
    """
    data = checked_incidence(df)
    out_schema = pl.Schema(
        {
            "region": data.schema["region"],
            "date": pl.Date(),
            **{c: pl.Float64() for c in ("mean", "sd", "q025", "median", "q975")},
        }
    )
    if data.height == 0:
        return pl.DataFrame(schema=out_schema)

    spans = (
        data.group_by("region")
        .agg(pl.col("date").min().alias("first"), pl.col("date").max().alias("last"))
        .sort("region")
        .with_row_index("row")
    )
    day0 = spans["first"].min()
    assert isinstance(day0, date)
    spans = spans.with_columns(
        (pl.col("first") - pl.lit(day0)).dt.total_days().alias("start"),
        ((pl.col("last") - pl.lit(day0)).dt.total_days() + 1).alias("stop"),
    )
    located = data.join(spans.select("region", "row"), on="region").with_columns(
        (pl.col("date") - pl.lit(day0)).dt.total_days().alias("day")
    )
    start = spans["start"].to_numpy()
    stop = spans["stop"].to_numpy()
    grid = np.zeros((spans.height, int(stop.max())))
    grid[located["row"].to_numpy(), located["day"].to_numpy()] = located["cases"].to_numpy()

    est = rt_cori(grid, si_mean, si_sd, window, start=start, stop=stop)

    day = np.arange(grid.shape[1])
    row_idx, day_idx = np.nonzero((day >= start[:, None]) & (day < stop[:, None]))
    dates = np.datetime64(day0, "D") + day_idx
    columns = {
        name: pl.Series(name, getattr(est, name)[row_idx, day_idx], nan_to_null=True)
        for name in ("mean", "sd", "q025", "median", "q975")
    }
    return pl.DataFrame(
        {
            "region": spans["region"].gather(row_idx),
            "date": pl.Series("date", dates, dtype=pl.Date),
            **columns,
        },
        schema=out_schema,
    )
