"""The epidemic curve of the synthetic Hà Nội wave: expected reports per day, and their exact
allocation to a requested number of cases.

The shape follows what Hà Nội CDC published for wave 4 (from 27/4/2021): a small wave in
May–June, the main one from late July into September, a low in October and a rise in November,
with 4,998 cases cumulated by 7/11 and 133 cases on 5/11, "the highest in two months" (Hà Nội
CDC bulletin of 7/11/2021). The daily values between anchors are invented.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from episurv.core.waves import WAVE_4_START

FIRST_DAY = WAVE_4_START  # the synthetic wave is wave 4
LAST_DAY = date(2021, 11, 21)
N_DAYS = (LAST_DAY - FIRST_DAY).days + 1
RECORD_DAY = date(2021, 11, 5)  # the two-month record of the November rise

# (date, cases per day at the default scale); log-linear between anchors.
_ANCHORS = (
    ("2021-04-27", 1), ("2021-05-05", 9), ("2021-05-15", 20), ("2021-05-25", 22),
    ("2021-06-05", 13), ("2021-06-20", 4), ("2021-07-05", 2), ("2021-07-20", 6),
    ("2021-07-28", 28), ("2021-08-05", 48), ("2021-08-15", 63), ("2021-08-25", 72),
    ("2021-09-01", 78), ("2021-09-08", 60), ("2021-09-15", 42), ("2021-09-25", 18),
    ("2021-10-05", 9), ("2021-10-15", 7), ("2021-10-22", 10), ("2021-10-28", 24),
    ("2021-11-01", 52), ("2021-11-04", 86), ("2021-11-06", 92), ("2021-11-07", 84),
    ("2021-11-08", 100), ("2021-11-12", 108), ("2021-11-16", 115), ("2021-11-21", 120),
)
RECORD_VALUE = 133.0  # 5/11 at the default scale
# Day-to-day scatter of the expected count (lognormal), clipped so no ordinary day in the
# 60 days before 5/11 can reach the record.
_NOISE_SD = 0.10
_NOISE_CLIP = (0.8, 1.2)


def days() -> list[date]:
    return [FIRST_DAY + timedelta(days=i) for i in range(N_DAYS)]


def target() -> np.ndarray:
    """Expected reports per day at the default scale, without the 5/11 record."""
    x = np.array([(date.fromisoformat(d) - FIRST_DAY).days for d, _ in _ANCHORS], dtype=float)
    y = np.log([v for _, v in _ANCHORS])
    return np.exp(np.interp(np.arange(N_DAYS, dtype=float), x, y))


def noisy(expected: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`expected` times a seeded day factor; the record day gets no scatter and its set value."""
    factor = np.clip(np.exp(rng.normal(0.0, _NOISE_SD, len(expected))), *_NOISE_CLIP)
    out = expected * factor
    out[(RECORD_DAY - FIRST_DAY).days] = RECORD_VALUE
    return out


def allocate(weights: np.ndarray, n: int) -> np.ndarray:
    """Integers proportional to `weights` summing exactly to `n` (largest remainder)."""
    if n == 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights * (n / weights.sum())
    counts = np.floor(exact).astype(np.int64)
    short = n - int(counts.sum())
    if short:
        # Stable order so ties break the same way every run.
        order = np.argsort(-(exact - counts), kind="stable")
        counts[order[:short]] += 1
    return counts
