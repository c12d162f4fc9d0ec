"""A synthetic national line list: every province, up to tens of millions of cases, produced in
chunks so that memory stays flat whatever the size (for `episurv demo --provinces all` and the
national-scale benchmarks).

THE PEOPLE ARE SYNTHETIC, as in `generator`: names, phones and addresses are drawn at random and
every address carries `people.SYNTHETIC_MARK`. What is real: the 2021 provinces, districts and
wards (the register) and the provinces' 2019 census populations, which weight where cases fall.
Each province's wave has the shape of Hà Nội's (`curve`), moved in time by a seeded shift and
scaled by a seeded intensity, so provinces peak at different times as they did in 2021.

Same seed and size, same rows, chunk by chunk: chunk k depends only on (seed, k), so a run can
be resumed or split. Case ids are "BN" + 8 digits, unique across the country.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

import numpy as np

from episurv.cases.vocabulary import COLUMNS
from episurv.demo import curve
from episurv.demo.people import addresses, names, phones
from episurv.geo.census2019 import PROVINCES
from episurv.geo.units import DISTRICT, WARD, register

MAX_NATIONAL_CASES = 99_000_000  # "BN" + 8 digits
# Cases held at once. Small enough that a large province fills several chunks even in a build
# of 50,000 cases, so the peak memory is that of a full chunk at any size (measured in
# docs/scaling.md); large enough that a chunk's fixed statements cost little per case.
CHUNK_ROWS = 10_000
_SHIFT_DAYS = 45  # provinces' waves peak up to this many days apart
_CLUSTER_SHARE = 0.3  # of cases belong to a named cluster
_CASES_PER_CLUSTER = 400


@dataclass(frozen=True)
class ProvincePlaces:
    code: int
    name: str
    ward_names: np.ndarray  # object array of ward short names
    ward_full: np.ndarray  # ward full names, for addresses
    ward_district: np.ndarray  # district full name of each ward (short names can be ambiguous)
    rural: np.ndarray
    ward_codes: np.ndarray  # the register's codes of the wards and of their districts
    district_codes: np.ndarray


@lru_cache(maxsize=64)
def province_places(code: int) -> ProvincePlaces:
    reg = register()
    wards, districts, full, rural, codes = [], [], [], [], []
    for d in sorted(reg.units(DISTRICT, code), key=lambda u: u.code):
        for w in sorted(reg.units(WARD, d.code), key=lambda u: u.code):
            wards.append(w.short_name)
            full.append(w.name)
            districts.append(d.name)
            rural.append(w.division_type == "xã")
            codes.append((w.code, d.code))
    return ProvincePlaces(code, PROVINCES[code][0] if code in PROVINCES else str(code),
                          np.array(wards, dtype=object), np.array(full, dtype=object),
                          np.array(districts, dtype=object), np.array(rural),
                          np.array([w for w, _ in codes], dtype=np.int64),
                          np.array([d for _, d in codes], dtype=np.int64))


def province_plan(n_cases: int, seed: int, provinces: list[int] | None = None
                  ) -> list[tuple[int, np.ndarray]]:
    """Cases per province and day: [(province code, counts per day of the wave)], summing
    exactly to `n_cases`. Shares follow population times a seeded intensity."""
    if not 0 <= n_cases <= MAX_NATIONAL_CASES:
        raise ValueError(f"cases must be between 0 and {MAX_NATIONAL_CASES:,}, got {n_cases:,}")
    codes = sorted(provinces or PROVINCES)
    rng = np.random.default_rng([seed, 0])
    population = np.array([PROVINCES[c][1] for c in codes], dtype=float)
    intensity = np.exp(rng.normal(0.0, 1.0, len(codes)))
    per_province = curve.allocate(population * intensity, n_cases)
    shape = curve.target()
    plan = []
    for code, n, shift in zip(codes, per_province,
                              rng.integers(-_SHIFT_DAYS, _SHIFT_DAYS + 1, len(codes)),
                              strict=True):
        moved = np.interp(np.arange(curve.N_DAYS) - shift, np.arange(curve.N_DAYS), shape)
        plan.append((code, curve.allocate(moved, int(n))))
    return plan


def _chunks(plan: list[tuple[int, np.ndarray]], size: int
            ) -> Iterator[tuple[int, int, np.ndarray, int]]:
    """(province, first case number, day of each case, chunk number), at most `size` cases
    each; a chunk never spans two provinces."""
    first, k = 0, 0
    for code, per_day in plan:
        days = np.repeat(np.arange(curve.N_DAYS), per_day)
        for start in range(0, len(days), size):
            part = days[start:start + size]
            yield code, first + start, part, k
            k += 1
        first += len(days)


def national_chunks(n_cases: int, seed: int = 2021, provinces: list[int] | None = None,
                    size: int = CHUNK_ROWS) -> Iterator[dict[str, list[str]]]:
    """The national line list as column chunks ({column: list of str}, keys `COLUMNS`), at most
    `size` rows each, in province then report order."""
    for _k, _code, columns in numbered_chunks(n_cases, seed, provinces, size):
        yield columns


def numbered_chunks(n_cases: int, seed: int = 2021, provinces: list[int] | None = None,
                    size: int = CHUNK_ROWS) -> Iterator[tuple[int, int, dict[str, list[str]]]]:
    """(chunk number, province code, columns) of `national_chunks`: what the contacts, home
    care and figures of a chunk are drawn from."""
    first_day = curve.FIRST_DAY
    dates = np.array([(first_day + timedelta(days=i)).isoformat()
                      for i in range(-10, curve.N_DAYS)], dtype=object)
    times = np.array([f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)], dtype=object)
    for code, first_number, day, k in _chunks(province_plan(n_cases, seed, provinces), size):
        yield k, code, _rows(np.random.default_rng([seed, 1, k]), province_places(code),
                             first_number, day, dates, times)


def _rows(rng: np.random.Generator, where: ProvincePlaces, first_number: int, day: np.ndarray,
          dates: np.ndarray, times: np.ndarray) -> dict[str, list[str]]:
    n = len(day)
    ward = rng.integers(0, len(where.ward_names), n)
    # Clusters are named after a ward of the province; their cases live mostly there.
    n_clusters = max(1, int(n * _CLUSTER_SHARE) // _CASES_PER_CLUSTER)
    cluster_ward = rng.integers(0, len(where.ward_names), n_clusters)
    in_cluster = rng.random(n) < _CLUSTER_SHARE
    which = rng.integers(0, n_clusters, n)
    ward = np.where(in_cluster, cluster_ward[which], ward)
    cluster = np.where(in_cluster, "Ổ dịch " + where.ward_names[cluster_ward[which]], "")
    detected = np.array(["community", "quarantine", "lockdown"], dtype=object)[
        rng.choice(3, n, p=[0.4, 0.45, 0.15])]
    source = np.where(in_cluster, "cluster", np.array(
        ["screening", "contact", "travel", "unknown"], dtype=object)[
        rng.choice(4, n, p=[0.3, 0.5, 0.1, 0.1])])
    age = np.clip(rng.normal(38, 18, n).astype(np.int64), 0, 95)
    male = rng.random(n) < 0.5
    doses = rng.choice(4, n, p=[0.3, 0.3, 0.38, 0.02])
    severity = np.array(["asymptomatic", "mild", "moderate", "severe", "critical"],
                        dtype=object)[rng.choice(5, n, p=[0.35, 0.5, 0.1, 0.04, 0.01])]
    ends = day + rng.integers(10, 22, n)
    closed = ends < curve.N_DAYS
    outcome = np.where(closed, np.where(rng.random(n) < 0.01, "died", "recovered"), "active")
    has_onset = rng.random(n) < 0.6
    minute = rng.integers(0, 24 * 60, n)
    columns = {
        "case_id": [f"BN{first_number + i + 1:08d}" for i in range(n)],
        "report_date": dates[day + 10].tolist(),
        "report_time": times[minute].tolist(),
        "province": [where.name] * n,
        "district": where.ward_district[ward].tolist(),
        "ward": where.ward_full[ward].tolist(),
        "detected_in": detected.tolist(),
        "source": source.tolist(),
        "cluster": cluster.tolist(),
        "age": age.astype(str).tolist(),
        "sex": np.where(male, "M", "F").tolist(),
        "onset_date": np.where(has_onset, dates[day - rng.integers(0, 6, n) + 10], "").tolist(),
        "sample_date": dates[day - rng.integers(0, 3, n) + 10].tolist(),
        "vaccine_doses": doses.astype(str).tolist(),
        "severity": severity.tolist(),
        "outcome": outcome.tolist(),
        "outcome_date": np.where(closed, dates[np.minimum(ends, curve.N_DAYS - 1) + 10],
                                 "").tolist(),
        "name": names(rng, male, age).tolist(),
        "phone": phones(rng, n),
        "address": addresses(rng, where.ward_full[ward], where.rural[ward]),
    }
    return {c: columns[c] for c in COLUMNS}
