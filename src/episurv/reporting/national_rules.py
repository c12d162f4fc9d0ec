"""The rules of the ministry's national daily report, as pure functions of the rows its queries
return (reporting.national runs the queries): no session, no clock.

The figures and their order are the Ministry of Health's report of 7/11/2021 (domain README
section 2); what each figure means is written in reporting.national's docstring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

import numpy as np

from episurv.aggregates.rules import STORED
from episurv.analytics.rates import case_fatality_rate, per_million
from episurv.analytics.rt import rt_cori
from episurv.analytics.smoothing import trailing_mean
from episurv.core.waves import wave_starting
from episurv.geo import census2019
from episurv.geo.units import PROVINCE, register
from episurv.reporting.daily_rules import day_of, part

DOSES_LAG_DAYS = 1
NO_SECONDARY_DAYS = 14
TOP_PROVINCES = 5
CHANGES_SHOWN = 3  # provinces with the largest rises, and with the largest falls

CASE_COUNTS = ("new_cases", "domestic", "community", "quarantine")
CUMULATIVE = ("new_cases", "domestic", "imported", "community", "quarantine", "deaths",
              "recovered", "tests_samples", "tests_people")
WAVE = ("domestic", "recovered", "tests_samples", "tests_people", "deaths", "new_cases")
DOSES = ("doses", "first_doses", "second_doses")

# Figures per province and day: {province: {day: {measure: value or None}}}.
Daily = dict[int, dict[date, dict[str, int | None]]]
Cumulative = dict[int, dict[str, int]]


def cumulative_columns() -> tuple[list[str], list[str]]:
    """The sums the cumulative query selects (SQL on aggregate_days `a`) and their names."""
    sums = [f"SUM(a.{m})" for m in CUMULATIVE]
    sums += [f"SUM(CASE WHEN a.day >= :wave THEN a.{m} END)" for m in WAVE]
    sums += [f"SUM(CASE WHEN a.day <= :dose_day THEN a.{m} END)" for m in DOSES]
    names = [f"all_{m}" for m in CUMULATIVE] + [f"wave_{m}" for m in WAVE] + [
        f"all_{m}" for m in DOSES]
    return sums, names


# ---------------------------------------------------------------- the days of the window


def daily_figures(rows: Iterable[Sequence], day: date) -> tuple[Daily, dict]:
    """Submitted figures per province and day (rows: province, day, then STORED), and those of
    `day` itself as they were submitted."""
    daily: Daily = defaultdict(dict)
    submitted_today: dict[int, dict[str, int | None]] = {}
    for row in rows:
        p, d = int(row[0]), day_of(row[1])
        values = dict(zip(STORED, row[2:], strict=False))
        daily[p][d] = values
        if d == day:
            submitted_today[p] = dict(values)
    return daily, submitted_today


def replace_case_counts(daily: Daily, line_list_rows: Iterable[Sequence],
                        starts: Mapping[int, date], since: date, days: int) -> None:
    """From its first day on, a line-list province's case counts are its line list's (rows:
    province, day, detected_in, n); a day of the list without a case counts 0. Changes
    `daily` in place, for the `days` days from `since`."""
    counted: dict[int, dict[date, dict[str, int]]] = defaultdict(dict)
    for p, d, where, n in line_list_rows:
        bucket = counted[int(p)].setdefault(day_of(d), {"community": 0, "quarantine": 0})
        bucket[part(where)] += int(n)
    for p, first in starts.items():
        for offset in range(days):
            d = since + timedelta(days=offset)
            if d < first:
                continue
            counts = counted[p].get(d, {"community": 0, "quarantine": 0})
            values = daily[p].setdefault(d, {m: None for m in STORED})
            values["community"], values["quarantine"] = counts["community"], counts["quarantine"]
            values["domestic"] = counts["community"] + counts["quarantine"]
            values["new_cases"] = values["domestic"] + (values["imported"] or 0)


def figure(daily: Daily, p: int, d: date, measure: str) -> int:
    """A province's figure of a day; no figure counts 0 in sums."""
    v = daily.get(p, {}).get(d, {}).get(measure)
    return int(v) if v is not None else 0


def received(daily: Daily, p: int, d: date, measure: str) -> int | None:
    """A province's figure of a day as received: None when it sent none."""
    v = daily.get(p, {}).get(d, {}).get(measure)
    return int(v) if v is not None else None


def sum_received(values: Iterable[int | None]) -> int | None:
    """The sum of the figures received, None when none was: a figure never received is not
    0 (issue 11: the national report printed 0 recoveries, tests and doses it never had)."""
    got = [v for v in values if v is not None]
    return sum(got) if got else None


# ---------------------------------------------------------------- cumulative figures


def cumulative(rows: Iterable[Sequence], names: Sequence[str],
               imported_rows: Iterable[Sequence] = (),
               line_list_rows: Iterable[Sequence] = ()) -> Cumulative:
    """Cumulative sums per province.

    rows: province, replaced (1 when the line list replaces the row's case counts), then the
    sums named by `names`; imported_rows: province, imported, imported in the wave, of the
    replaced days (the line list is domestic, so imported cases still count in new cases);
    line_list_rows: province, detected_in, n, n in the wave."""
    cum: Cumulative = defaultdict(lambda: defaultdict(int))
    for row in rows:
        p, replaced = int(row[0]), int(row[1])
        for name, value in zip(names, row[2:], strict=False):
            measure = name.split("_", 1)[1]
            if replaced and measure in CASE_COUNTS:
                continue
            # A figure never received stays absent (no figure), a case count is 0.
            if value is not None or measure in CASE_COUNTS:
                cum[p][name] += int(value or 0)
    for p, n_all, n_wave in imported_rows:
        cum[int(p)]["all_new_cases"] += int(n_all or 0)
        cum[int(p)]["wave_new_cases"] += int(n_wave or 0)
    for p, where, n_all, n_wave in line_list_rows:
        for prefix, n in (("all_", n_all), ("wave_", n_wave)):
            for m in (part(where), "domestic", "new_cases"):
                if prefix == "wave_" and m not in WAVE:
                    continue
                cum[int(p)][prefix + m] += int(n or 0)
    return cum


# ---------------------------------------------------------------- the national curve


def national_curve(rows: Iterable[Sequence], line_list_rows: Iterable[Sequence],
                   starts: Mapping[int, date], wave: date,
                   n_days: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Daily national series since the wave start, NaN where no figure arrived.

    rows: day, community, quarantine, imported, deaths of the submitted figures (the case
    counts of replaced rows already left out); line_list_rows: day, detected_in, n."""
    curve = {k: np.full(n_days, np.nan) for k in ("community", "quarantine", "imported",
                                                   "deaths")}

    def add(series: np.ndarray, i: int, value: object) -> None:
        if value is not None:
            series[i] = (0.0 if np.isnan(series[i]) else series[i]) + float(value)

    for d, community, quarantine, imported, deaths in rows:
        i = (day_of(d) - wave).days
        for key, value in (("community", community), ("quarantine", quarantine),
                           ("imported", imported), ("deaths", deaths)):
            add(curve[key], i, value)
    if starts:
        for d, where, n in line_list_rows:
            add(curve[part(where)], (day_of(d) - wave).days, n)
        # A line list reports every day from its first: a day without a case is 0, not missing.
        first = (min(starts.values()) - wave).days
        for key in ("community", "quarantine"):
            tail = curve[key][max(first, 0):]
            tail[np.isnan(tail)] = 0.0
    domestic = np.where(np.isnan(curve["community"]) & np.isnan(curve["quarantine"]),
                        np.nan, np.nan_to_num(curve["community"])
                        + np.nan_to_num(curve["quarantine"]))
    return curve, domestic


# ---------------------------------------------------------------- the provinces


def province_rows(daily: Daily, cum: Cumulative, starts: Mapping[int, date], day: date,
                  populations: Mapping[int, int]) -> list[dict]:
    """One row per province with figures: the day's, its change, its totals."""
    reg = register()
    yesterday = day - timedelta(days=1)
    rows = []
    for p in sorted(set(daily) | set(cum)):
        unit = reg.get(PROVINCE, p)

        def value(m: str, d: date = day, p: int = p) -> int:
            return figure(daily, p, d, m)

        today_d, yest_d = value("domestic"), value("domestic", yesterday)
        population = populations.get(p) or census2019.PROVINCES.get(p, ("", 0))[1] or None
        total = cum[p]["all_new_cases"]
        rows.append({
            "province": unit.short_name, "province_code": p,
            "source": "line list" if p in starts else "submitted",
            "new_cases": value("new_cases"), "domestic": today_d,
            "community": value("community"), "quarantine": value("quarantine"),
            "imported": value("imported"), "yesterday": yest_d,
            "change": today_d - yest_d, "deaths": received(daily, p, day, "deaths"),
            "recovered": received(daily, p, day, "recovered"),
            "severe": received(daily, p, day, "severe"),
            "total_cases": total, "wave_cases": cum[p]["wave_domestic"],
            "total_deaths": cum[p].get("all_deaths"),
            "cases_per_million": (round(float(per_million(total, population)))
                                  if population else None),
            "reported_today": day in daily.get(p, {}),
        })
    return rows


def _named(row: dict, **extra: object) -> dict:
    return {"province": row["province"], "province_code": row["province_code"], **extra}


def largest_changes(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The provinces with the largest rises and the largest falls of domestic cases."""
    rises = sorted((r for r in rows if r["change"] > 0),
                   key=lambda r: (-r["change"], r["province"]))[:CHANGES_SHOWN]
    falls = sorted((r for r in rows if r["change"] < 0),
                   key=lambda r: (r["change"], r["province"]))[:CHANGES_SHOWN]
    return ([_named(r, change=r["change"]) for r in rises],
            [_named(r, change=r["change"]) for r in falls])


def no_secondary_transmission(rows: list[dict], daily: Daily, day: date) -> list[dict]:
    """Provinces with cases in the wave and no community case in the 14 days ending on `day`
    (a day with no figure counts as none)."""
    window = [day - timedelta(days=NO_SECONDARY_DAYS - 1 - i) for i in range(NO_SECONDARY_DAYS)]
    return sorted(
        (_named(r, wave_cases=r["wave_cases"]) for r in rows if r["wave_cases"] > 0
         and all(figure(daily, r["province_code"], d, "community") == 0 for d in window)),
        key=lambda e: (-e["wave_cases"], e["province"]))


def top_provinces(rows: list[dict]) -> list[dict]:
    return sorted((_named(r, wave_cases=r["wave_cases"]) for r in rows if r["wave_cases"] > 0),
                  key=lambda e: (-e["wave_cases"], e["province"]))[:TOP_PROVINCES]


def missing_provinces(daily: Daily, starts: Mapping[int, date], day: date) -> list[dict]:
    """Provinces that sent figures in the window but none for `day` (a line list is never
    missing)."""
    reg = register()
    return sorted(({"province": reg.get(PROVINCE, p).short_name, "province_code": p}
                   for p in daily if p not in starts and day not in daily[p]),
                  key=lambda e: e["province"])


def rt_series(domestic: np.ndarray, wave: date) -> list[dict]:
    est = rt_cori(np.nan_to_num(domestic))
    return [{"date": (wave + timedelta(days=i)).isoformat(), "mean": float(est.mean[i]),
             "q025": float(est.q025[i]), "q975": float(est.q975[i])}
            for i in range(len(domestic)) if not np.isnan(est.mean[i])]


def _or_none(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


# ---------------------------------------------------------------- the report


def assemble(*, day: date, wave: date, as_of: str | None, cutoff: str, daily: Daily,
             cum: Cumulative, starts: Mapping[int, date], populations: Mapping[int, int],
             curve: dict[str, np.ndarray], domestic_curve: np.ndarray,
             differences: list[dict]) -> dict:
    """The national report from the figures of the window, the cumulative sums and the curve."""
    rows = province_rows(daily, cum, starts, day, populations)
    provinces = sorted(set(daily) | set(cum))
    yesterday = day - timedelta(days=1)
    dose_day = day - timedelta(days=DOSES_LAG_DAYS)

    def total(key: str) -> int:
        return sum(r[key] for r in rows)

    def total_on(d: date, m: str) -> int:
        return sum(figure(daily, p, d, m) for p in provinces)

    def received_on(d: date, m: str) -> int | None:
        return sum_received(received(daily, p, d, m) for p in provinces)

    def received_total(key: str) -> int | None:
        return sum_received(r[key] for r in rows)

    def cum_total(name: str) -> int:
        return sum(c[name] for c in cum.values())

    def cum_received(name: str) -> int | None:
        return sum_received(c.get(name) for c in cum.values())

    domestic = total("domestic")
    rises, falls = largest_changes(rows)
    all_cases, all_deaths = cum_total("all_new_cases"), cum_received("all_deaths")
    series = rt_series(domestic_curve, wave)
    n_days = len(domestic_curve)
    return {
        "date": day.isoformat(),
        "as_of": as_of,
        "cutoff": cutoff,
        "new_cases": total("new_cases"),
        "domestic": domestic,
        "imported": total("imported"),
        "provinces_with_cases": sum(1 for r in rows if r["domestic"] > 0),
        "change_vs_yesterday": domestic - total("yesterday"),
        "quarantine": total("quarantine"),
        "quarantine_change": total("quarantine") - total_on(yesterday, "quarantine"),
        "community": total("community"),
        "community_change": total("community") - total_on(yesterday, "community"),
        "largest_rises": rises,
        "largest_falls": falls,
        "by_province": sorted((r for r in rows if r["domestic"] or r["yesterday"]),
                              key=lambda r: (-r["domestic"], r["province"])),
        "deaths": received_total("deaths"),
        "deaths_by_province": sorted((_named(r, deaths=r["deaths"]) for r in rows
                                      if r["deaths"]),
                                     key=lambda r: (-r["deaths"], r["province"])),
        "recovered": received_total("recovered"),
        "avg7_cases": _or_none(trailing_mean(domestic_curve)[-1]),
        "avg7_deaths": _or_none(trailing_mean(curve["deaths"])[-1]),
        "total_cases": all_cases,
        "total_deaths": all_deaths,
        "cfr": (None if all_deaths is None
                else _or_none(case_fatality_rate(all_deaths, all_cases))),
        "cases_per_million": float(per_million(all_cases, census2019.VIETNAM_TOTAL)),
        "population": census2019.VIETNAM_TOTAL,
        "wave": {"since": wave.isoformat(), "number": wave_starting(wave),
                 "cases": cum_total("wave_domestic"),
                 "recovered": cum_received("wave_recovered"),
                 "deaths": cum_received("wave_deaths")},
        "recovered_total": cum_received("all_recovered"),
        "no_secondary_transmission": {"days": NO_SECONDARY_DAYS,
                                      "provinces": no_secondary_transmission(rows, daily, day)},
        "top_provinces": top_provinces(rows),
        "severe": received_total("severe"),
        "tests": {"samples": received_on(day, "tests_samples"),
                  "people": received_on(day, "tests_people"),
                  "since": wave.isoformat(),
                  "samples_total": cum_received("wave_tests_samples"),
                  "people_total": cum_received("wave_tests_people")},
        "doses": {"date": dose_day.isoformat(), "day": received_on(dose_day, "doses"),
                  "first": received_on(dose_day, "first_doses"),
                  "second": received_on(dose_day, "second_doses"),
                  "total": cum_received("all_doses"),
                  "first_total": cum_received("all_first_doses"),
                  "second_total": cum_received("all_second_doses")},
        "differences": differences,
        "missing": missing_provinces(daily, starts, day),
        "rt": {"latest": series[-1] if series else None, "series": series,
               "of": "domestic cases by report date"},
        "epi_curve": [{"date": (wave + timedelta(days=i)).isoformat(),
                       "community": int(np.nan_to_num(curve["community"][i])),
                       "quarantine": int(np.nan_to_num(curve["quarantine"][i])),
                       # A day with no deaths figure is a gap, not 0.
                       "deaths": (None if np.isnan(curve["deaths"][i])
                                  else int(curve["deaths"][i]))}
                      for i in range(n_days)],
        "curve_basis": "report date",
    }
