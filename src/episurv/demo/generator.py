"""A synthetic line list of Hà Nội's fourth COVID-19 wave (27/4–21/11/2021), for `episurv
demo` and the benchmarks.

THE PEOPLE ARE SYNTHETIC. Names, ages, phone numbers and addresses are drawn at random and
belong to no one; every address ends with `people.SYNTHETIC_MARK`. Cluster sizes and dates are
invented. What is real: the 2021 districts and wards (the register), the population weights
(2019 census) and the broad course of the wave (see `curve`).

How a row comes about: the day's expected count is the sum of a background of sporadic cases and
the cluster bumps (`clusters`), scattered by a seeded factor and scaled so the rows number exactly
`n_cases`; each case is then given to the background or a cluster in proportion to their share
of that day, and its person, place, vaccination, severity and outcome are drawn from tables that
depend on that (a hospital cluster's cases are older and sicker, a school's are children).
Everything is vectorised with one `numpy.random.Generator(seed)`: the same seed gives the same
rows, and 1,000,000 rows take a few seconds. `generate_columns` is the fast, columnar form;
`generate` builds one dict per row from it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from episurv.cases.vocabulary import COLUMNS
from episurv.demo import clusters as cl
from episurv.demo import curve
from episurv.demo.people import addresses, names, phones
from episurv.demo.places import STYLE_SHARES, places

DEFAULT_N_CASES = 6_550  # about the real wave by 21/11 (4,998 by 7/11, then ~100 a day)
MAX_CASES = 1_000_000  # case ids are "BN" + 6 digits
ID_FIRST = 3_000  # wave-4 case numbers started in the low thousands nationally
AS_OF = curve.LAST_DAY  # outcomes are as known on the last day
BACKGROUND_FLOOR = 0.15  # sporadic cases are never less than this share of a day

# Share of background cases found in the community, by date (the rest in quarantine or
# lockdown): low at the height of the summer wave when most cases were quarantined F1s.
_COMMUNITY_ANCHORS = (("2021-04-27", 0.55), ("2021-06-15", 0.45), ("2021-08-01", 0.34),
                      ("2021-09-10", 0.34), ("2021-10-10", 0.60), ("2021-11-21", 0.55))
# detected_in of cluster cases: community, quarantine, lockdown (cluster areas are sealed).
_CLUSTER_DETECTED = (0.35, 0.35, 0.30)

# Share of the cases with at least one / two doses, by date: rising with the city's campaign
# (mass vaccination from August; cases are less vaccinated than the population).
_DOSE1_ANCHORS = (("2021-04-27", 0.01), ("2021-06-15", 0.03), ("2021-07-15", 0.06),
                  ("2021-08-01", 0.15), ("2021-08-20", 0.40), ("2021-09-10", 0.75),
                  ("2021-10-01", 0.85), ("2021-11-01", 0.90), ("2021-11-21", 0.92))
_DOSE2_ANCHORS = (("2021-04-27", 0.005), ("2021-07-15", 0.02), ("2021-08-20", 0.06),
                  ("2021-09-15", 0.15), ("2021-10-01", 0.30), ("2021-10-20", 0.55),
                  ("2021-11-10", 0.70), ("2021-11-21", 0.75))
_DOSE3_SHARE = 0.02  # of twice-vaccinated cases from mid-September (health workers' extra dose)
_DOSE3_FROM = date(2021, 9, 15)
_TEENS_FROM = date(2021, 10, 30)  # 15-17 year olds vaccinated from the end of October

# Ages per kind of cluster ("general" = background): (lowest, highest, weight).
_AGES: dict[str, tuple[tuple[int, int, float], ...]] = {
    "general": ((0, 5, 5), (6, 17, 12), (18, 29, 20), (30, 44, 25), (45, 59, 20),
                (60, 74, 13), (75, 95, 5)),
    "residential": ((0, 5, 6), (6, 17, 14), (18, 29, 17), (30, 44, 23), (45, 59, 20),
                    (60, 74, 14), (75, 95, 6)),
    "market": ((0, 17, 5), (18, 29, 12), (30, 44, 28), (45, 59, 32), (60, 74, 18), (75, 95, 5)),
    "workplace": ((18, 24, 25), (25, 34, 40), (35, 44, 22), (45, 59, 11), (60, 70, 2)),
    "hospital": ((0, 17, 4), (18, 39, 25), (40, 59, 26), (60, 74, 28), (75, 95, 17)),
    "school": ((3, 5, 15), (6, 10, 35), (11, 14, 25), (15, 17, 10), (25, 55, 15)),
}
_MALE_SHARE = {"general": 0.5, "residential": 0.5, "market": 0.4, "workplace": 0.55,
               "hospital": 0.48, "school": 0.5}
_KIND_RISK = {"general": 1.0, "residential": 1.0, "market": 1.0, "workplace": 0.8,
              "hospital": 2.0, "school": 0.6}

# Report hour weights (0h..23h): office hours, with about a fifth after the 18:00 cut-off.
_HOUR_WEIGHTS = np.array([0.3] * 6 + [1, 2, 4, 6, 7, 7, 4, 4, 6, 7, 7, 6, 5, 4, 3, 2, 1.5, 1])

_DATE_PAD = 10  # date lookup starts this many days before the wave (onsets, samples)


def _interp_dates(anchors: tuple[tuple[str, float], ...], day: np.ndarray) -> np.ndarray:
    x = [(date.fromisoformat(d) - curve.FIRST_DAY).days for d, _ in anchors]
    return np.interp(day, x, [v for _, v in anchors])


def _lookup_dates() -> np.ndarray:
    first = curve.FIRST_DAY - timedelta(days=_DATE_PAD)
    return np.array([(first + timedelta(days=i)).isoformat()
                     for i in range(curve.N_DAYS + _DATE_PAD)], dtype=object)


def _daily_components(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per case: day index and component (-1 background, else cluster index)."""
    bumps = cl.intensities(curve.FIRST_DAY, curve.N_DAYS)
    target = curve.target()
    background = np.maximum(target - bumps.sum(axis=1), BACKGROUND_FLOOR * target)
    parts = np.column_stack([background, bumps])
    expected = parts.sum(axis=1)
    per_day = curve.allocate(curve.noisy(expected, rng), n)
    shares = parts / expected[:, None]
    counts = np.vstack([rng.multinomial(k, p) for k, p in zip(per_day, shares, strict=True)])
    width = parts.shape[1]
    flat = np.repeat(np.arange(counts.size), counts.ravel())
    return flat // width, flat % width - 1


def _sample_groups(rng: np.random.Generator, table: tuple[tuple[int, int, float], ...],
                   n: int) -> np.ndarray:
    lo = np.array([g[0] for g in table])
    hi = np.array([g[1] for g in table])
    w = np.array([g[2] for g in table], dtype=float)
    g = rng.choice(len(table), n, p=w / w.sum())
    return lo[g] + np.floor(rng.random(n) * (hi[g] - lo[g] + 1)).astype(np.int64)


def _case_ids(rng: np.random.Generator, n: int) -> list[str]:
    """Unique "BN" + 6 digits, increasing with report order except a few late assignments."""
    first = min(ID_FIRST, MAX_CASES - n)
    numbers = np.sort(rng.choice(MAX_CASES - first, n, replace=False)) + first
    # About 2% of cases got their number a little out of order (a batch confirmed late).
    moved = rng.choice(n, int(n * 0.02), replace=False) if n > 1 else np.array([], dtype=int)
    partner = np.minimum(moved + rng.integers(1, 30, len(moved)), n - 1)
    for i, j in zip(moved.tolist(), partner.tolist(), strict=True):
        numbers[i], numbers[j] = numbers[j], numbers[i]
    return [f"BN{x:06d}" for x in numbers.tolist()]


def generate_columns(n_cases: int | None = None, seed: int = 2021) -> dict[str, list[str]]:
    """The synthetic line list as columns: {column: list of str}, keys exactly `COLUMNS`, rows
    in report order. Same `seed` and `n_cases`, same data. `n_cases` (default
    `DEFAULT_N_CASES`) scales the whole curve; at most `MAX_CASES`."""
    n = DEFAULT_N_CASES if n_cases is None else int(n_cases)
    if not 0 <= n <= MAX_CASES:
        raise ValueError(f"n_cases must be between 0 and {MAX_CASES:,}, got {n}")
    rng = np.random.default_rng(seed)
    pl = places()

    day, comp = _daily_components(rng, n)
    minute = (rng.choice(24, n, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum()) * 60
              + rng.integers(0, 60, n))
    # The extract ends at the last day's cut-off (18:00): no case counts in a day after it.
    if n:
        minute = np.where((day == day.max()) & (minute > 18 * 60), minute % (18 * 60), minute)
    order = np.lexsort((minute, day))
    day, comp, minute = day[order], comp[order], minute[order]
    in_cluster = comp >= 0
    safe_comp = np.where(in_cluster, comp, 0)

    # Kind of each case: "general" for background, else its cluster's kind.
    kind_names = ("general",) + cl.KINDS
    cluster_kind = np.array([kind_names.index(c.kind) for c in cl.CLUSTERS])
    kind = np.where(in_cluster, cluster_kind[safe_comp], 0)

    # Where it was found, and how.
    u = rng.random(n)
    community_bg = _interp_dates(_COMMUNITY_ANCHORS, day)
    c1, c2 = _CLUSTER_DETECTED[0], _CLUSTER_DETECTED[0] + _CLUSTER_DETECTED[1]
    lockdown_bg = community_bg + (1 - community_bg) * 0.85
    detected = np.where(in_cluster, np.where(u < c1, 0, np.where(u < c2, 1, 2)),
                        np.where(u < community_bg, 0, np.where(u < lockdown_bg, 1, 2)))
    # Background sources: community: screening, contact, travel, unknown;
    # quarantine: contact or travel (arrivals quarantined); lockdown: contact or unknown.
    sources = np.array(["screening", "contact", "travel", "cluster", "unknown"], dtype=object)
    v = rng.random(n)
    community_source = np.select([v < 0.45, v < 0.70, v < 0.90], [0, 1, 2], 4)
    quarantine_source = np.where(v < 0.9, 1, 2)
    lockdown_source = np.where(v < 0.8, 1, 4)
    source = np.where(in_cluster, 3, np.choose(detected, [community_source, quarantine_source,
                                                          lockdown_source]))
    cluster_names = np.array([""] + [c.name for c in cl.CLUSTERS], dtype=object)[comp + 1]

    # Place: cluster cases mostly in the cluster's ward, some elsewhere in its district, a few
    # in another district (people who work there and live elsewhere).
    cluster_district = np.array([pl.district_index(c.district) for c in cl.CLUSTERS])
    cluster_ward = np.array([pl.ward_index(pl.district_index(c.district), c.ward)
                             for c in cl.CLUSTERS])
    bg_district = rng.choice(len(pl.districts), n, p=pl.district_weight)
    bg_ward = pl.ward_first[bg_district] + np.floor(
        rng.random(n) * pl.ward_count[bg_district]).astype(np.int64)
    cd = cluster_district[safe_comp]
    near_ward = pl.ward_first[cd] + np.floor(rng.random(n) * pl.ward_count[cd]).astype(np.int64)
    r = rng.random(n)
    ward = np.where(~in_cluster | (r >= 0.95), bg_ward,
                    np.where(r < 0.75, cluster_ward[safe_comp], near_ward))
    district = pl.ward_district[ward]
    district_text = pl.district_forms[district, rng.choice(4, n, p=STYLE_SHARES)]
    ward_text = pl.ward_forms[ward, rng.choice(4, n, p=STYLE_SHARES)]

    # Person.
    age = np.empty(n, dtype=np.int64)
    male = np.empty(n, dtype=bool)
    for k, kname in enumerate(kind_names):
        mask = kind == k
        m = int(mask.sum())
        if m:
            age[mask] = _sample_groups(rng, _AGES[kname], m)
            male[mask] = rng.random(m) < _MALE_SHARE[kname]

    # Vaccination, as far as the campaign had got on the report day.
    dose1 = _interp_dates(_DOSE1_ANCHORS, day)
    dose2 = _interp_dates(_DOSE2_ANCHORS, day)
    teen_days = (day - (_TEENS_FROM - curve.FIRST_DAY).days).clip(0, None)
    teen1 = np.minimum(0.6, teen_days * 0.6 / 22)
    dose1 = np.where(age >= 18, dose1, np.where(age >= 15, teen1, 0.0))
    dose2 = np.where(age >= 18, dose2, 0.0)
    w = rng.random(n)
    third = (day >= (_DOSE3_FROM - curve.FIRST_DAY).days) & (rng.random(n) < _DOSE3_SHARE)
    doses = (w < dose1).astype(np.int64) + (w < dose2) + ((w < dose2) & third)

    # Severity: risk grows with age, falls with doses; hospital clusters are sicker.
    age_risk = np.select([age < 18, age < 50, age < 65, age < 80], [0.2, 0.5, 1.5, 3.0], 5.0)
    dose_risk = np.array([1.0, 0.5, 0.25, 0.25])[doses]
    kind_risk = np.array([_KIND_RISK[k] for k in kind_names])[kind]
    p_serious = np.minimum(0.7, 0.05 * age_risk * dose_risk * kind_risk)
    s = rng.random(n)
    p_asym = np.where(detected > 0, 0.55, 0.40)
    serious_level = np.select([s < p_serious * 0.6, s < p_serious * 0.9], [2, 3], 4)
    mild_level = np.where(rng.random(n) < p_asym, 0, 1)
    severity = np.where(s < p_serious, serious_level, mild_level)
    severities = np.array(["asymptomatic", "mild", "moderate", "severe", "critical"],
                          dtype=object)

    # Outcome as known on AS_OF: died (mostly serious, old, unvaccinated), recovered after
    # 10-21 days (a week more when serious), else still active.
    as_of = (AS_OF - curve.FIRST_DAY).days
    p_die = np.array([0.0, 0.0, 0.03, 0.2, 0.5])[severity]
    dies = rng.random(n) < p_die
    death_day = day + rng.integers(3, 26, n)
    recovery_day = day + rng.integers(10, 22, n) + np.where(severity >= 2, 7, 0)
    end_day = np.where(dies, death_day, recovery_day)
    closed = end_day <= as_of
    outcome = np.where(closed, np.where(dies, "died", "recovered"), "active").astype(object)

    dates = _lookup_dates()
    report_s = dates[day + _DATE_PAD]
    # Onset: most symptomatic cases give one, few asymptomatic ones do.
    has_onset = rng.random(n) < np.where(severity == 0, 0.10, 0.95)
    onset_s = np.where(has_onset, dates[day - rng.integers(0, 6, n) + _DATE_PAD], "")
    sample_s = dates[day - rng.choice(3, n, p=[0.5, 0.4, 0.1]) + _DATE_PAD]
    outcome_s = np.where(closed, dates[np.minimum(end_day, as_of) + _DATE_PAD], "")
    times = np.array([f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)], dtype=object)

    ward_full = np.array([w.name for w in pl.wards], dtype=object)[ward]
    rural = np.array([w.division_type == "xã" for w in pl.wards])[ward]
    columns = {
        "case_id": _case_ids(rng, n),
        "report_date": report_s.tolist(),
        "report_time": times[minute].tolist(),
        "province": ["Hà Nội"] * n,
        "district": district_text.tolist(),
        "ward": ward_text.tolist(),
        "detected_in": np.array(["community", "quarantine", "lockdown"],
                                dtype=object)[detected].tolist(),
        "source": sources[source].tolist(),
        "cluster": cluster_names.tolist(),
        "age": np.array([str(a) for a in range(96)], dtype=object)[age].tolist(),
        "sex": np.where(male, "M", "F").astype(object).tolist(),
        "onset_date": onset_s.tolist(),
        "sample_date": sample_s.tolist(),
        "vaccine_doses": np.array(["0", "1", "2", "3"], dtype=object)[doses].tolist(),
        "severity": severities[severity].tolist(),
        "outcome": outcome.tolist(),
        "outcome_date": outcome_s.tolist(),
        "name": names(rng, male, age).tolist(),
        "phone": phones(rng, n),
        "address": addresses(rng, ward_full, rural),
    }
    return {c: columns[c] for c in COLUMNS}


def generate(n_cases: int | None = None, seed: int = 2021) -> list[dict[str, str]]:
    """The synthetic line list as rows: one dict per case with exactly the keys of `COLUMNS`,
    all values str ("" when empty). See `generate_columns` for the arguments."""
    cols = generate_columns(n_cases, seed)
    return [dict(zip(COLUMNS, values, strict=True))
            for values in zip(*(cols[c] for c in COLUMNS), strict=True)]


def write_csv(rows: Iterable[Mapping[str, str]], path: str | Path) -> int:
    """Write rows as a UTF-8 CSV with the `COLUMNS` header; returns the number of rows."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in COLUMNS])
            count += 1
    return count


def write_columns_csv(columns: Mapping[str, list[str]], path: str | Path) -> int:
    """`write_csv` for the columnar form of `generate_columns` (no dict per row)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        data = [columns[c] for c in COLUMNS]
        writer.writerows(zip(*data, strict=True))
    return len(data[0]) if data else 0
