"""The daily figures each province sends for the synthetic national line list (aggregates: what
the national report reads), made from the line list as it stands in the register.

- case counts (new, community, quarantine; no imported case in the synthetic wave) are the
  register's own counts by reporting day, so a province's submitted counts agree with its line
  list and the national report shows no difference to explain; lockdown cases count with the
  quarantine ones (found in quarantine or lockdown areas, the ministry's report of 7/11/2021);
- deaths and recoveries are the register's outcomes by their date;
- tests and vaccine doses are INVENTED (no register holds them): samples about 20 per case plus
  a floor of one per 2,000 inhabitants; first doses about 0.4% of the population a day and
  second doses half of that, scattered by the seed.
Accumulated chunk by chunk (a few counters per day: flat memory), sent once per province through
`aggregates.service.submit`, as a province's file would be.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from episurv.aggregates.service import Figure
from episurv.demo import curve
from episurv.geo.census2019 import PROVINCES

_FIRST = curve.FIRST_DAY
_COUNTERS = ("new_cases", "community", "quarantine", "deaths", "recovered")


class ProvinceFigures:
    """The counters of one province over the wave's days."""

    def __init__(self, province_code: int) -> None:
        self.province_code = province_code
        # One day after the wave: a case confirmed after the cutoff of its last day counts then.
        self.counts = {m: np.zeros(curve.N_DAYS + 1, dtype=np.int64) for m in _COUNTERS}

    def _add(self, measure: str, days: np.ndarray) -> None:
        index = np.array([(d - _FIRST).days for d in days], dtype=np.int64)
        np.add.at(self.counts[measure], index, 1)

    def add(self, cases: dict[str, np.ndarray]) -> None:
        """Count a chunk of the province's cases (columns read back from the register)."""
        day, detected = cases["report_day"], cases["detected_in"]
        self._add("new_cases", day)
        self._add("community", day[detected == "community"])
        self._add("quarantine", day[detected != "community"])
        outcome = cases["outcome"]
        self._add("deaths", cases["outcome_date"][outcome == "died"])
        self._add("recovered", cases["outcome_date"][outcome == "recovered"])

    def figures(self, seed: int) -> list[Figure]:
        rng = np.random.default_rng([seed, 4, self.province_code])
        n = curve.N_DAYS + 1
        population = PROVINCES[self.province_code][1]
        values = {m: self.counts[m] for m in _COUNTERS}
        values["imported"] = np.zeros(n, dtype=np.int64)
        values["tests_samples"] = np.rint(self.counts["new_cases"] * rng.uniform(15, 25, n)
                                          + population / 2000 * rng.uniform(0.8, 1.2, n)
                                          ).astype(np.int64)
        values["first_doses"] = np.rint(population * 0.004 * rng.uniform(0.5, 1.5, n)
                                        ).astype(np.int64)
        values["second_doses"] = np.rint(values["first_doses"] * rng.uniform(0.3, 0.7, n)
                                         ).astype(np.int64)
        return [Figure(self.province_code, 0, _FIRST + timedelta(days=i), m, int(v[i]))
                for i in range(n) for m, v in values.items()]
