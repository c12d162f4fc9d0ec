"""Rt for 705 districts x 700 days: episurv.analytics.rt_cori against epyestim, per region.

Baseline: the PyPI package ``epyestim`` (``estimate_r``, Cori et al. 2013), run region by region
on the same counts with the same discretised serial interval (EpiEstim's discr_si, w_0 = 0), plus
its gamma quantiles, so both produce mean and 2.5/50/97.5% quantiles for every window. If the
baseline is slow it runs on a subset of regions and its time is scaled up linearly (it is a plain
loop over regions, so the per-region cost does not depend on how many regions there are).

Run: .venv/bin/python benchmarks/bench_rt.py   (needs `pip install epyestim`, which pulls pandas)
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import numpy as np
import polars as pl

from episurv.analytics.rt import discr_si, rt_cori, rt_table

REGIONS = 705  # districts of Vietnam in 2021 (domain README section 6)
DAYS = 700
SI_MEAN, SI_SD, WINDOW = 4.0, 2.9, 7
TARGET_S = 1.0
BASELINE_SUBSET = 100  # regions the baseline runs on when a full run would take too long
SEED = 20210727


def synthetic_incidence(seed: int = SEED) -> np.ndarray:
    """Poisson counts around epidemic curves whose daily growth rate wanders, per region."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(mean=1.0, sigma=1.2, size=(REGIONS, 1))
    steps = rng.normal(0.0, 0.01, size=(REGIONS, DAYS))
    rate = np.clip(np.cumsum(steps, axis=1) + rng.normal(0.02, 0.02, (REGIONS, 1)), -0.15, 0.15)
    log_curve = np.cumsum(rate, axis=1)
    log_curve -= log_curve.max(axis=1, keepdims=True) - np.log(2000.0)  # peaks near 2000 a day
    return rng.poisson(size * np.exp(log_curve) / size.mean()).astype(np.float64)


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    import pandas as pd
    from epyestim.estimate_r import estimate_r, gamma_quantiles

    incid = synthetic_incidence()
    w = discr_si(np.arange(DAYS), SI_MEAN, SI_SD)
    dates = pd.date_range("2020-01-23", periods=DAYS, freq="D")

    ours_s, est = best_of(lambda: rt_cori(incid, SI_MEAN, SI_SD, WINDOW), repeat=5)
    assert hasattr(est, "mean")

    def baseline(rows: range) -> list[pd.DataFrame]:
        out = []
        for r in rows:
            post = estimate_r(pd.Series(incid[r], index=dates), w, 1.0, 5.0, window_size=WINDOW)
            a, b = post["a_posterior"].to_numpy(), post["b_posterior"].to_numpy()
            out.append(
                pd.DataFrame(
                    {
                        "mean": a * b,
                        "q025": gamma_quantiles(0.025, a, b),
                        "median": gamma_quantiles(0.5, a, b),
                        "q975": gamma_quantiles(0.975, a, b),
                    },
                    index=post.index,
                )
            )
        return out

    probe_s, _ = best_of(lambda: baseline(range(10)), repeat=1)
    n_base = REGIONS if probe_s * REGIONS / 10 < 20 else BASELINE_SUBSET
    base_run_s, base = best_of(lambda: baseline(range(n_base)), repeat=1)
    base_s = base_run_s * REGIONS / n_base
    scaled = (
        ""
        if n_base == REGIONS
        else f", measured on {n_base} regions and scaled x{REGIONS / n_base:.2f}"
    )

    # Same numbers where both define the window: epyestim also emits the window starting on day 1
    # (EpiEstim and rt_cori start at day 2), so compare windows ending on day index >= WINDOW.
    worst = {"mean": 0.0, "q025": 0.0, "median": 0.0, "q975": 0.0}
    for r, frame in enumerate(base):
        end = np.asarray(dates.get_indexer(frame.index))
        keep = end >= WINDOW
        for name, so_far in worst.items():
            ours = getattr(est, name)[r, end[keep]]
            theirs = frame[name].to_numpy()[keep]
            worst[name] = max(so_far, float(np.max(np.abs(ours - theirs) / np.abs(theirs))))
    same = all(v < 1e-9 for v in worst.values())

    day0 = dt.date(2020, 1, 23)
    table = pl.DataFrame(
        {
            "region": np.repeat([f"D{r:03d}" for r in range(REGIONS)], DAYS),
            "date": np.tile(np.datetime64(day0, "D") + np.arange(DAYS), REGIONS),
            "cases": incid.astype(np.int64).ravel(),
        }
    )
    table_s, _ = best_of(lambda: rt_table(table, SI_MEAN, SI_SD, WINDOW), repeat=3)

    print(
        f"rt_cori {REGIONS}x{DAYS} all regions at once: {ours_s:.4f} s "
        f"(ratio {ours_s / base_s:.4f} x baseline; target < {TARGET_S:.0f} s: "
        f"{'met' if ours_s < TARGET_S else 'MISSED'})"
    )
    print(
        f"rt_table {REGIONS}x{DAYS} polars in/out incl. validation: {table_s:.4f} s "
        f"(ratio {table_s / base_s:.4f} x baseline)"
    )
    print(
        f"baseline epyestim.estimate_r + gamma_quantiles, one region at a time: {base_s:.3f} s "
        f"(ratio 1.00 x baseline{scaled})"
    )
    print(
        f"rt_cori vs epyestim, max relative difference on {n_base} regions: "
        + ", ".join(f"{k} {v:.1e}" for k, v in worst.items())
        + f" (identical to 1e-9: {'yes' if same else 'NO'})"
    )
    assert same, worst


if __name__ == "__main__":
    main()
