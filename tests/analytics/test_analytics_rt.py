"""Rt by Cori et al. (2013) as EpiEstim computes it (domain README section 7)."""

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
from scipy import integrate, stats

from episurv.analytics.rt import discr_si, rt_cori, rt_table
from episurv.errors import InvalidInput

# --- serial interval ---------------------------------------------------------------------------


def epiestim_discr_si(k, mu, sigma):
    """EpiEstim's discr_si written out with scipy.stats: gamma(mean mu-1, sd sigma), shift 1."""
    a = ((mu - 1) / sigma) ** 2
    b = sigma**2 / (mu - 1)
    def F(x):
        return stats.gamma.cdf(x, a, scale=b)  # cdf is 0 below 0
    def G(x):
        return stats.gamma.cdf(x, a + 1, scale=b)
    k = np.asarray(k, dtype=float)
    w = (
        k * F(k)
        + (k - 2) * F(k - 2)
        - 2 * (k - 1) * F(k - 1)
        + a * b * (2 * G(k - 1) - G(k - 2) - G(k))
    )
    return np.maximum(w, 0.0)


@pytest.mark.parametrize(("mu", "sigma"), [(4.0, 2.9), (2.6, 1.5), (8.4, 3.8), (3.0, 6.0)])
def test_discr_si_matches_epiestim_formula(mu, sigma):
    k = np.arange(0, 61)
    np.testing.assert_allclose(discr_si(k, mu, sigma), epiestim_discr_si(k, mu, sigma), atol=1e-14)


def test_discr_si_is_a_triangular_kernel_over_the_shifted_gamma():
    # Independent of the closed form: w_k = integral over [k-1, k+1] of (1 - |x - k|) g(x - 1),
    # g the gamma density with mean 3.0 and sd 2.9 (SI mean 4.0, shifted by one day).
    mu, sigma = 4.0, 2.9
    a, b = ((mu - 1) / sigma) ** 2, sigma**2 / (mu - 1)
    for k in (1, 2, 3, 5, 10):

        def integrand(x, k=k):
            return (1 - abs(x - k)) * stats.gamma.pdf(x - 1, a, scale=b)

        lo, hi = max(k - 1, 1), k + 1
        expected, _ = integrate.quad(integrand, lo, hi, points=[k], epsabs=1e-13)
        assert discr_si([k], mu, sigma)[0] == pytest.approx(expected, abs=1e-10)


def test_discr_si_delta_defaults_by_value():
    w = discr_si(np.arange(200), 4.0, 2.9)
    assert w[0] == 0.0  # nobody infects on their own onset day
    # Values from the formula above, rounded by hand-check: w1..w3
    np.testing.assert_allclose(w[1:4], [0.13768106, 0.24047876, 0.17828546], atol=5e-9)
    # The discretisation keeps the mass and the mean of the continuous serial interval.
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    assert (np.arange(200) * w).sum() == pytest.approx(4.0, abs=1e-10)


def test_discr_si_refuses_what_epiestim_refuses():
    with pytest.raises(InvalidInput):
        discr_si([0, 1], 1.0, 1.0)  # mean must exceed the 1-day shift
    with pytest.raises(InvalidInput):
        discr_si([0, 1], 4.0, -1.0)
    with pytest.raises(InvalidInput):
        discr_si([-1, 1], 4.0, 2.9)


# --- a simple per-region reference, transcribing EpiEstim's loops -------------------------------


def epiestim_reference(incid, w_all, tau=7, prior_mean=5.0, prior_sd=5.0):
    """One region, loops as in EpiEstim's overall_infectivity and posterior_from_si_distr."""
    incid = np.asarray(incid, dtype=float)
    T = len(incid)
    w = np.zeros(T + 1)
    w[:T] = w_all[:T]  # discr_si(0:(T-1)), padded with a zero
    lam = np.full(T, np.nan)
    for t in range(1, T):  # 0-based; lambda of the first day is NA
        lam[t] = sum(w[j] * incid[t - j] for j in range(t + 1))
    final_mean_si = float(np.sum(w * np.arange(T + 1)))
    a0, b0 = (prior_mean / prior_sd) ** 2, prior_sd**2 / prior_mean
    out = {k: np.full(T, np.nan) for k in ("mean", "sd", "q025", "median", "q975")}
    for t_end in range(tau + 1, T + 1):  # 1-based, t_start = t_end - tau + 1 >= 2
        t_start = t_end - tau + 1
        if not t_end > final_mean_si:
            continue
        a = a0 + incid[t_start - 1 : t_end].sum()
        b = 1 / (1 / b0 + lam[t_start - 1 : t_end].sum())
        i = t_end - 1
        out["mean"][i] = a * b
        out["sd"][i] = math.sqrt(a) * b
        out["q025"][i], out["median"][i], out["q975"][i] = stats.gamma.ppf(
            [0.025, 0.5, 0.975], a, scale=b
        )
    return out


def test_hand_worked_series():
    # w = (0, 0.5, 0.5): half of the infections one day later, half two days later. tau = 2.
    # I = 2, 4, 6, 8, 10 (days 1..5).
    # Lambda_2 = .5*2 = 1; Lambda_3 = .5*4 + .5*2 = 3; Lambda_4 = .5*6 + .5*4 = 5;
    # Lambda_5 = .5*8 + .5*6 = 7.  Mean SI = 1.5, so every window from t_start = 2 counts.
    # t_end=3: a = 1 + (4+6) = 11, b = 1/(1/5 + 1+3) = 1/4.2 -> mean 11/4.2 = 2.6190476
    # t_end=4: a = 1 + (6+8) = 15, b = 1/(0.2 + 3+5) = 1/8.2 -> mean 1.8292683
    # t_end=5: a = 1 + (8+10) = 19, b = 1/(0.2 + 5+7) = 1/12.2 -> mean 1.5573770
    est = rt_cori([2, 4, 6, 8, 10], window=2, si_distribution=[0, 0.5, 0.5])
    np.testing.assert_allclose(
        est.mean, [np.nan, np.nan, 11 / 4.2, 15 / 8.2, 19 / 12.2], rtol=1e-14
    )
    np.testing.assert_allclose(est.mean[2:], [2.6190476, 1.8292683, 1.5573770], atol=1e-7)
    np.testing.assert_allclose(
        est.sd[2:], [math.sqrt(11) / 4.2, math.sqrt(15) / 8.2, math.sqrt(19) / 12.2]
    )
    # Quantiles of Gamma(11, scale 1/4.2)
    q = stats.gamma.ppf([0.025, 0.5, 0.975], 11, scale=1 / 4.2)
    assert [est.q025[2], est.median[2], est.q975[2]] == pytest.approx(list(q), rel=1e-12)


def test_constant_incidence_closed_form():
    # With I_t = c every day, Lambda_t = c * sum_{k=1}^{t-1} w_k -> c once the SI mass is in
    # (the w sum to 1), so far from the start a window of tau days has sum I = tau*c and
    # sum Lambda = tau*c: posterior mean (1 + tau c)/(1/5 + tau c),
    # sd sqrt(1 + tau c)/(1/5 + tau c).
    # It tends to 1 (each case replaces itself) but sits above 1 by the prior's pull:
    # c = 10, tau = 7 -> 71/70.2 = 1.0113960.
    c, tau = 10.0, 7
    est = rt_cori(np.full(300, c), window=tau)
    assert est.mean[-1] == pytest.approx((1 + tau * c) / (0.2 + tau * c), rel=1e-12)
    assert est.mean[-1] == pytest.approx(1.0113960, abs=1e-7)
    assert est.sd[-1] == pytest.approx(math.sqrt(71) / 70.2, rel=1e-12)
    # A million cases a day: (1 + 7e6)/(0.2 + 7e6) = 1 + 0.8/7e6, within 2e-7 of 1.
    big = rt_cori(np.full(300, 1e6)).mean[-1]
    assert big == pytest.approx((1 + 7e6) / (0.2 + 7e6), rel=1e-12)
    assert abs(big - 1.0) < 2e-7


def test_windows_before_day_two_and_the_mean_si_are_empty():
    incid = np.arange(1, 41, dtype=float)
    # SI mean 4: the first window of 7 days starts on day 2 and ends on day 8 (index 7).
    est = rt_cori(incid, 4.0, 2.9)
    assert np.all(np.isnan(est.mean[:7])) and not np.isnan(est.mean[7])
    # SI mean 9.5: t_end must exceed ~9.5, so the first estimate ends on day 10 (index 9),
    # although the window of days 2..8 exists.
    est = rt_cori(incid, 9.5, 3.0)
    assert np.all(np.isnan(est.mean[:9])) and not np.isnan(est.mean[9])
    # Too short for any window.
    assert np.all(np.isnan(rt_cori(np.ones(7)).mean))


def test_vectorised_equals_per_region_loop():
    rng = np.random.default_rng(7)
    days = 60
    growth = np.exp(np.linspace(0, 2, days))
    incid = rng.poisson(np.outer([1, 5, 30, 200], growth)).astype(float)
    incid[0, :10] = 0  # a region with a quiet start
    est = rt_cori(incid, 4.0, 2.9, 7)
    w = discr_si(np.arange(days), 4.0, 2.9)
    for r in range(incid.shape[0]):
        ref = epiestim_reference(incid[r], w)
        for name in ("mean", "sd", "q025", "median", "q975"):
            np.testing.assert_allclose(getattr(est, name)[r], ref[name], rtol=1e-10)


def test_long_series_take_the_fft_path_and_still_agree():
    rng = np.random.default_rng(3)
    days = 2100  # above the matrix-product limit
    incid = rng.poisson(20 + 10 * np.sin(np.arange(days) / 40.0), size=(2, days)).astype(float)
    est = rt_cori(incid, 4.0, 2.9, 7)
    w = discr_si(np.arange(days), 4.0, 2.9)
    lam = np.convolve(incid[1], w)[:days]
    i = 1500
    a = 1 + incid[1, i - 6 : i + 1].sum()
    b = 1 / (0.2 + lam[i - 6 : i + 1].sum())
    assert est.mean[1, i] == pytest.approx(a * b, rel=1e-10)


def test_one_series_equals_its_row_and_own_span():
    rng = np.random.default_rng(11)
    incid = rng.poisson(15, size=(3, 40)).astype(float)
    both = rt_cori(incid)
    np.testing.assert_allclose(rt_cori(incid[1]).mean, both.mean[1], rtol=1e-14)
    # A region whose own series is days 5..29 of the shared calendar gives what it gives alone.
    shifted = rt_cori(incid, start=[0, 5, 0], stop=[40, 30, 40])
    alone = rt_cori(incid[1, 5:30])
    np.testing.assert_allclose(shifted.mean[1, 5:30], alone.mean, rtol=1e-12)
    assert np.all(np.isnan(shifted.mean[1, :5])) and np.all(np.isnan(shifted.mean[1, 30:]))


def test_incidence_must_be_counts():
    with pytest.raises(InvalidInput):
        rt_cori([1, 2, np.nan, 4])
    with pytest.raises(InvalidInput):
        rt_cori([1, -2, 3])
    with pytest.raises(InvalidInput):
        rt_cori([1, 2, 3], window=0)


# --- polars wrapper ----------------------------------------------------------------------------


def day(n):
    return dt.date(2021, 7, 1) + dt.timedelta(days=n)


def test_rt_table_fills_gaps_with_zero_and_keeps_each_span():
    values = [3, 5, 0, 8, 13, 12, 20, 25, 30, 28, 31]
    rows = [("HCM", day(i), v) for i, v in enumerate(values) if v != 0]  # day 2 not reported
    rows += [("BD", day(5 + i), v) for i, v in enumerate([4, 6, 9, 7, 12, 15, 11, 13, 16])]
    df = pl.DataFrame(rows, schema=["region", "date", "cases"], orient="row")
    out = rt_table(df)
    assert out.columns == ["region", "date", "mean", "sd", "q025", "median", "q975"]
    assert out["region"].to_list() == ["BD"] * 9 + ["HCM"] * 11
    hcm = out.filter(pl.col("region") == "HCM")
    assert hcm["date"].to_list() == [day(i) for i in range(11)]
    expected = rt_cori(np.array(values, dtype=float))
    np.testing.assert_allclose(hcm["mean"].to_numpy()[7:], expected.mean[7:], rtol=1e-12)
    assert hcm["mean"][:7].null_count() == 7  # empty windows are nulls, not NaN
    bd = out.filter(pl.col("region") == "BD")
    assert bd["date"][0] == day(5)  # BD's series starts on its own first day
    assert bd["mean"].null_count() == 7
    expected_bd = rt_cori(np.array([4, 6, 9, 7, 12, 15, 11, 13, 16], dtype=float))
    np.testing.assert_allclose(bd["mean"].to_numpy()[7:], expected_bd.mean[7:], rtol=1e-12)


def test_rt_table_names_bad_rows():
    df = pl.DataFrame(
        {
            "region": ["A", "A", "A"],
            "date": [day(0), day(1), day(1)],
            "cases": [1, -3, 2],
        }
    )
    with pytest.raises(InvalidInput) as err:
        rt_table(df)
    text = str(err.value)
    assert "row 2, column 'cases', value -3: cases must be 0 or more" in text
    assert "repeats this date" in text
    with pytest.raises(InvalidInput, match="missing column"):
        rt_table(df.drop("cases"))


def test_rt_table_accepts_whole_floats_and_refuses_fractions():
    df = pl.DataFrame({"region": ["A"] * 9, "date": [day(i) for i in range(9)], "cases": [2.0] * 9})
    assert rt_table(df)["mean"].null_count() == 7
    with pytest.raises(InvalidInput, match="value 2.5: not a whole number"):
        rt_table(df.with_columns(pl.Series("cases", [2.0] * 8 + [2.5])))
