"""The ministry's national daily report, read from the daily figures in force (now or as of a
past moment) and, for the provinces that keep their line list in episurv, from the line list.

What the report decides (named here so the renderers need not know it; the figures and their
order are the Ministry of Health's report of 7/11/2021, domain README section 2):
- new cases are domestic + imported; domestic = found in quarantine or lockdown areas + under
  investigation (community); "change vs the day before" compares domestic cases;
- a province that keeps its line list in episurv (cases in case_daily_counts) has its case
  counts (new, community, quarantine) from the line list from the first day of that list on; its
  submitted counts are only compared, and a difference is shown with what explains it;
- cumulative cases and deaths count everything recorded ("since the start of the epidemic");
  wave totals, cumulative tests and recoveries of the wave count from settings.wave_start;
- the 7-day averages are OWID's trailing mean (analytics.smoothing, domain README section 7);
  CFR = cumulative deaths / cumulative cases x 100 and cases per million use analytics.rates
  with the 2019 census population (geo);
- vaccine doses are those of the day before the report's date (`DOSES_LAG_DAYS`): the ministry's
  report of 7/11 gives the doses of 6/11;
- "no secondary transmission in 14 days": provinces with cases in the wave and no community case
  in the 14 days ending on the date (a day with no figure counts as none);
- a day with no figure from a province counts as 0 in national sums; the provinces that reported
  recently but not on the date are listed under `missing`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.aggregates.rules import STORED
from episurv.aggregates.service import latest_submissions, utc
from episurv.analytics.rates import case_fatality_rate, per_million
from episurv.analytics.rt import rt_cori
from episurv.analytics.smoothing import trailing_mean
from episurv.config import Settings, get_settings
from episurv.core.time import LOCAL
from episurv.errors import InvalidInput
from episurv.geo import census2019
from episurv.geo.service import populations
from episurv.geo.units import PROVINCE, register
from episurv.reporting.service import parse_day as parse_date  # the one date parser

DOSES_LAG_DAYS = 1
NO_SECONDARY_DAYS = 14
TOP_PROVINCES = 5
CHANGES_SHOWN = 3  # provinces with the largest rises, and with the largest falls


@dataclass(frozen=True)
class Sources:
    """The SQL of the figures in force and of the line-list counts, now or as of a moment."""

    where: str  # condition on aggregate_days `a`
    line_list: str  # a table expression with province_code, report_day, detected_in, n
    params: dict


def moment_param(session: Session, moment: datetime) -> object:
    # SQLite stores timestamps as naive UTC text; compare with the same text.
    if session.connection().dialect.name == "sqlite":
        return utc(moment).strftime("%Y-%m-%d %H:%M:%S.%f")
    return utc(moment)


def sources(session: Session, as_of: datetime | None) -> Sources:
    if as_of is None:
        return Sources("a.valid_to IS NULL", "case_daily_counts", {})
    # The line list has no versions: as of a moment it is the cases entered by then, each with
    # its present classification (a later correction of a case's day or place shows through).
    return Sources(
        "a.valid_from <= :as_of AND (a.valid_to IS NULL OR a.valid_to > :as_of)",
        "(SELECT province_code, report_day, detected_in, COUNT(*) AS n FROM cases "
        "WHERE created_at <= :as_of GROUP BY province_code, report_day, detected_in)",
        {"as_of": moment_param(session, as_of)})


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def line_list_starts(session: Session, src: Sources, day: date) -> dict[int, date]:
    """Provinces keeping their line list in episurv, and the first day of that list."""
    rows = session.execute(text(f"SELECT province_code, MIN(report_day) FROM {src.line_list} ll "
                                f"WHERE report_day <= :day GROUP BY province_code"),
                           {**src.params, "day": day}).all()
    return {int(p): _day(d) for p, d in rows}


def _cut(starts: dict[int, date]) -> tuple[str, dict]:
    """SQL that is 1 on a row whose case counts the line list replaces, else 0."""
    if not starts:
        return "0", {}
    whens = " ".join(f"WHEN {int(p)} THEN :ll{int(p)}" for p in starts)
    return (f"CASE WHEN a.day >= (CASE a.province_code {whens} END) THEN 1 ELSE 0 END",
            {f"ll{p}": d for p, d in starts.items()})


_CASE_COUNTS = ("new_cases", "domestic", "community", "quarantine")
_CUM = ("new_cases", "domestic", "imported", "community", "quarantine", "deaths", "recovered",
        "tests_samples", "tests_people")
_WAVE = ("domestic", "recovered", "tests_samples", "tests_people", "deaths", "new_cases")
_DOSES = ("doses", "first_doses", "second_doses")


def _empty() -> dict[str, int | None]:
    return {m: None for m in STORED}


def national_report(session: Session, *, scope: Scope, day: date,
                    as_of: datetime | None = None, settings: Settings | None = None) -> dict:
    """The national report of `day` (figures in force now, or at `as_of`). The report is the
    public national bulletin: every scope may read it; no personal data is in it."""
    del scope  # aggregate figures of the whole country: nothing to filter (see docstring)
    settings = settings or get_settings()
    wave = settings.wave_start
    if day < wave:
        raise InvalidInput(f"date {day} is before the wave start {wave}")
    reg = register()
    src = sources(session, as_of)
    starts = line_list_starts(session, src, day)
    cut, cut_params = _cut(starts)
    base = {**src.params, **cut_params, "day": day, "wave": wave,
            "dose_day": day - timedelta(days=DOSES_LAG_DAYS)}
    window_start = day - timedelta(days=NO_SECONDARY_DAYS)  # 14 days and the day before them

    # --- daily figures of the last 15 days, per province ------------------------------------
    cols = ", ".join(f"a.{m}" for m in STORED)
    daily: dict[int, dict[date, dict[str, int | None]]] = defaultdict(dict)
    submitted_today: dict[int, dict[str, int | None]] = {}
    for row in session.execute(text(
            f"SELECT a.province_code, a.day, {cols} FROM aggregate_days a "
            f"WHERE {src.where} AND a.district_code = 0 AND a.day BETWEEN :since AND :day"),
            {**base, "since": window_start}).all():
        p, d = int(row[0]), _day(row[1])
        values = dict(zip(STORED, row[2:], strict=False))
        daily[p][d] = values
        if d == day:
            submitted_today[p] = dict(values)
    ll_daily: dict[int, dict[date, dict[str, int]]] = defaultdict(dict)
    for p, d, where, n in session.execute(text(
            f"SELECT province_code, report_day, detected_in, SUM(n) FROM {src.line_list} ll "
            f"WHERE report_day BETWEEN :since AND :day "
            f"GROUP BY province_code, report_day, detected_in"),
            {**base, "since": window_start}).all():
        bucket = ll_daily[int(p)].setdefault(_day(d), {"community": 0, "quarantine": 0})
        bucket["community" if where == "community" else "quarantine"] += int(n)
    for p, first in starts.items():
        for offset in range(NO_SECONDARY_DAYS + 1):
            d = window_start + timedelta(days=offset)
            if d < first:
                continue
            counts = ll_daily[p].get(d, {"community": 0, "quarantine": 0})
            values = daily[p].setdefault(d, _empty())
            values["community"], values["quarantine"] = counts["community"], counts["quarantine"]
            values["domestic"] = counts["community"] + counts["quarantine"]
            values["new_cases"] = values["domestic"] + (values["imported"] or 0)

    # --- cumulative sums per province -------------------------------------------------------
    sums = [f"SUM(a.{m})" for m in _CUM]
    sums += [f"SUM(CASE WHEN a.day >= :wave THEN a.{m} END)" for m in _WAVE]
    sums += [f"SUM(CASE WHEN a.day <= :dose_day THEN a.{m} END)" for m in _DOSES]
    names = [f"all_{m}" for m in _CUM] + [f"wave_{m}" for m in _WAVE] + [
        f"all_{m}" for m in _DOSES]
    cum: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in session.execute(text(
            f"SELECT a.province_code, {cut} AS ll, {', '.join(sums)} FROM aggregate_days a "
            f"WHERE {src.where} AND a.district_code = 0 AND a.day <= :day "
            "GROUP BY 1, 2"), base).all():
        p, replaced = int(row[0]), int(row[1])
        for name, value in zip(names, row[2:], strict=False):
            measure = name.split("_", 1)[1]
            if replaced and measure in _CASE_COUNTS:
                continue
            cum[p][name] += int(value or 0)
    # Imported cases of line-list days still count in new cases (the line list is domestic).
    if starts:
        for row in session.execute(text(
                f"SELECT a.province_code, SUM(a.imported), "
                f"SUM(CASE WHEN a.day >= :wave THEN a.imported END) FROM aggregate_days a "
                f"WHERE {src.where} AND a.district_code = 0 AND a.day <= :day AND {cut} = 1 "
                f"GROUP BY a.province_code"), base).all():
            cum[int(row[0])]["all_new_cases"] += int(row[1] or 0)
            cum[int(row[0])]["wave_new_cases"] += int(row[2] or 0)
        for p, where, n_all, n_wave in session.execute(text(
                f"SELECT province_code, detected_in, SUM(n), "
                f"SUM(CASE WHEN report_day >= :wave THEN n END) FROM {src.line_list} ll "
                f"WHERE report_day <= :day GROUP BY province_code, detected_in"), base).all():
            part = "community" if where == "community" else "quarantine"
            for prefix, n in (("all_", n_all), ("wave_", n_wave)):
                for m in (part, "domestic", "new_cases"):
                    if prefix == "wave_" and m not in _WAVE:
                        continue
                    cum[int(p)][prefix + m] += int(n or 0)

    # --- the national curve since the wave start --------------------------------------------
    n_days = (day - wave).days + 1
    curve = {k: np.full(n_days, np.nan) for k in ("community", "quarantine", "imported",
                                                   "deaths")}

    def add(series: np.ndarray, i: int, value: object) -> None:
        if value is not None:
            series[i] = (0.0 if np.isnan(series[i]) else series[i]) + float(value)

    for d, community, quarantine, imported, deaths in session.execute(text(
            f"SELECT a.day, SUM(CASE WHEN {cut} = 1 THEN 0 ELSE a.community END), "
            f"SUM(CASE WHEN {cut} = 1 THEN 0 ELSE a.quarantine END), SUM(a.imported), "
            f"SUM(a.deaths) FROM aggregate_days a WHERE {src.where} AND a.district_code = 0 "
            f"AND a.day BETWEEN :wave AND :day GROUP BY a.day"), base).all():
        i = (_day(d) - wave).days
        for key, value in (("community", community), ("quarantine", quarantine),
                           ("imported", imported), ("deaths", deaths)):
            add(curve[key], i, value)
    if starts:
        for d, where, n in session.execute(text(
                f"SELECT report_day, detected_in, SUM(n) FROM {src.line_list} ll "
                f"WHERE report_day BETWEEN :wave AND :day GROUP BY report_day, detected_in"),
                base).all():
            add(curve["community" if where == "community" else "quarantine"],
                (_day(d) - wave).days, n)
        # A line list reports every day from its first: a day without a case is 0, not missing.
        first = (min(starts.values()) - wave).days
        for key in ("community", "quarantine"):
            tail = curve[key][max(first, 0):]
            tail[np.isnan(tail)] = 0.0
    domestic_curve = np.where(np.isnan(curve["community"]) & np.isnan(curve["quarantine"]),
                              np.nan, np.nan_to_num(curve["community"])
                              + np.nan_to_num(curve["quarantine"]))

    # --- figures of the day -----------------------------------------------------------------
    yesterday = day - timedelta(days=1)
    dose_day = base["dose_day"]
    pops = populations(session, PROVINCE)

    def value(p: int, d: date, m: str) -> int:
        v = daily.get(p, {}).get(d, {}).get(m)
        return int(v) if v is not None else 0

    provinces = sorted(set(daily) | set(cum))
    rows = []
    for p in provinces:
        unit = reg.get(PROVINCE, p)
        today_d, yest_d = value(p, day, "domestic"), value(p, yesterday, "domestic")
        population = pops.get(p) or census2019.PROVINCES.get(p, ("", 0))[1] or None
        total = cum[p]["all_new_cases"]
        rows.append({
            "province": unit.short_name, "province_code": p,
            "source": "line list" if p in starts else "submitted",
            "new_cases": value(p, day, "new_cases"), "domestic": today_d,
            "community": value(p, day, "community"), "quarantine": value(p, day, "quarantine"),
            "imported": value(p, day, "imported"), "yesterday": yest_d,
            "change": today_d - yest_d, "deaths": value(p, day, "deaths"),
            "recovered": value(p, day, "recovered"), "severe": value(p, day, "severe"),
            "total_cases": total, "wave_cases": cum[p]["wave_domestic"],
            "total_deaths": cum[p]["all_deaths"],
            "cases_per_million": (round(float(per_million(total, population)))
                                  if population else None),
            "reported_today": day in daily.get(p, {}),
        })

    def total(key: str) -> int:
        return sum(r[key] for r in rows)

    def total_on(d: date, m: str) -> int:
        return sum(value(p, d, m) for p in provinces)

    domestic, domestic_y = total("domestic"), total("yesterday")
    rises = sorted((r for r in rows if r["change"] > 0),
                   key=lambda r: (-r["change"], r["province"]))[:CHANGES_SHOWN]
    falls = sorted((r for r in rows if r["change"] < 0),
                   key=lambda r: (r["change"], r["province"]))[:CHANGES_SHOWN]
    by_province = sorted((r for r in rows if r["domestic"] or r["yesterday"]),
                         key=lambda r: (-r["domestic"], r["province"]))
    deaths_by = sorted(({"province": r["province"], "province_code": r["province_code"],
                         "deaths": r["deaths"]} for r in rows if r["deaths"]),
                       key=lambda r: (-r["deaths"], r["province"]))

    all_cases = sum(c["all_new_cases"] for c in cum.values())
    all_deaths = sum(c["all_deaths"] for c in cum.values())
    avg_cases = trailing_mean(domestic_curve)[-1]
    avg_deaths = trailing_mean(curve["deaths"])[-1]
    cfr = case_fatality_rate(all_deaths, all_cases)

    window = [window_start + timedelta(days=i) for i in range(1, NO_SECONDARY_DAYS + 1)]
    no_secondary = sorted(
        ({"province": r["province"], "province_code": r["province_code"],
          "wave_cases": r["wave_cases"]}
         for r in rows if r["wave_cases"] > 0
         and all(value(r["province_code"], d, "community") == 0 for d in window)),
        key=lambda e: (-e["wave_cases"], e["province"]))
    top = sorted(({"province": r["province"], "province_code": r["province_code"],
                   "wave_cases": r["wave_cases"]} for r in rows if r["wave_cases"] > 0),
                 key=lambda e: (-e["wave_cases"], e["province"]))[:TOP_PROVINCES]
    missing = sorted(({"province": reg.get(PROVINCE, p).short_name, "province_code": p}
                      for p in daily if p not in starts and day not in daily[p]),
                     key=lambda e: e["province"])

    est = rt_cori(np.nan_to_num(domestic_curve))
    rt_series = [{"date": (wave + timedelta(days=i)).isoformat(), "mean": float(est.mean[i]),
                  "q025": float(est.q025[i]), "q975": float(est.q975[i])}
                 for i in range(n_days) if not np.isnan(est.mean[i])]

    return {
        "date": day.isoformat(),
        "as_of": utc(as_of).isoformat() if as_of else None,
        "cutoff": settings.cutoff.strftime("%H:%M"),
        "new_cases": total("new_cases"),
        "domestic": domestic,
        "imported": total("imported"),
        "provinces_with_cases": sum(1 for r in rows if r["domestic"] > 0),
        "change_vs_yesterday": domestic - domestic_y,
        "quarantine": total("quarantine"),
        "quarantine_change": total("quarantine") - total_on(yesterday, "quarantine"),
        "community": total("community"),
        "community_change": total("community") - total_on(yesterday, "community"),
        "largest_rises": [{"province": r["province"], "province_code": r["province_code"],
                           "change": r["change"]} for r in rises],
        "largest_falls": [{"province": r["province"], "province_code": r["province_code"],
                           "change": r["change"]} for r in falls],
        "by_province": by_province,
        "deaths": total("deaths"),
        "deaths_by_province": deaths_by,
        "recovered": total("recovered"),
        "avg7_cases": None if np.isnan(avg_cases) else float(avg_cases),
        "avg7_deaths": None if np.isnan(avg_deaths) else float(avg_deaths),
        "total_cases": all_cases,
        "total_deaths": all_deaths,
        "cfr": None if np.isnan(cfr) else float(cfr),
        "cases_per_million": float(per_million(all_cases, census2019.VIETNAM_TOTAL)),
        "population": census2019.VIETNAM_TOTAL,
        "wave": {"since": wave.isoformat(), "number": 4 if wave == date(2021, 4, 27) else None,
                 "cases": sum(c["wave_domestic"] for c in cum.values()),
                 "recovered": sum(c["wave_recovered"] for c in cum.values()),
                 "deaths": sum(c["wave_deaths"] for c in cum.values())},
        "recovered_total": sum(c["all_recovered"] for c in cum.values()),
        "no_secondary_transmission": {"days": NO_SECONDARY_DAYS, "provinces": no_secondary},
        "top_provinces": top,
        "severe": total("severe"),
        "tests": {"samples": total_on(day, "tests_samples"),
                  "people": total_on(day, "tests_people"),
                  "since": wave.isoformat(),
                  "samples_total": sum(c["wave_tests_samples"] for c in cum.values()),
                  "people_total": sum(c["wave_tests_people"] for c in cum.values())},
        "doses": {"date": dose_day.isoformat(), "day": total_on(dose_day, "doses"),
                  "first": total_on(dose_day, "first_doses"),
                  "second": total_on(dose_day, "second_doses"),
                  "total": sum(c["all_doses"] for c in cum.values()),
                  "first_total": sum(c["all_first_doses"] for c in cum.values()),
                  "second_total": sum(c["all_second_doses"] for c in cum.values())},
        "differences": differences(session, src, starts, day, submitted_today, daily, as_of),
        "missing": missing,
        "rt": {"latest": rt_series[-1] if rt_series else None, "series": rt_series,
               "of": "domestic cases by report date"},
        "epi_curve": [{"date": (wave + timedelta(days=i)).isoformat(),
                       "community": int(np.nan_to_num(curve["community"][i])),
                       "quarantine": int(np.nan_to_num(curve["quarantine"][i])),
                       "deaths": int(np.nan_to_num(curve["deaths"][i]))}
                      for i in range(n_days)],
        "curve_basis": "report date",
    }


def differences(session: Session, src: Sources, starts: dict[int, date], day: date,
                submitted: dict[int, dict[str, int | None]],
                daily: dict[int, dict[date, dict[str, int | None]]],
                moment: datetime | None) -> list[dict]:
    """For each province keeping a line list whose submitted case counts of `day` differ from
    it: both figures, and the cases that explain a difference: cases without a patient code yet
    (the ministry counts coded cases), and cases moved to the next day by the cut-off hour."""
    out = []
    as_of = " AND created_at <= :as_of" if "as_of" in src.params else ""
    # Only the figures the province itself sent are compared, not those derived from them.
    sent_raw = latest_submissions(session, [(p, day) for p in starts if p in submitted],
                                  moment)
    for p in sorted(starts):
        sent = {m: v[0] for (q, d, _day, m), v in sent_raw.items() if q == p and d == 0}
        if not sent:
            continue
        derived = daily[p][day]
        diffs = {m: {"line_list": int(derived[m] or 0), "submitted": int(sent[m])}
                 for m in ("new_cases", "community", "quarantine")
                 if m in sent and int(sent[m]) != int(derived[m] or 0)}
        if not diffs:
            continue
        uncoded, late_in, late_out = session.execute(text(
            "SELECT SUM(CASE WHEN report_day = :day AND case_id LIKE 'GEN-%' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN report_day = :day AND report_date < report_day THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN report_date = :day AND report_day > :day THEN 1 ELSE 0 END) "
            f"FROM cases WHERE province_code = :p AND report_day BETWEEN :day AND :next{as_of}"),
            {**src.params, "p": p, "day": day, "next": day + timedelta(days=1)}).one()
        reasons = [r for r in (
            {"reason": "no_patient_code", "cases": int(uncoded or 0)},
            {"reason": "confirmed_after_cutoff_day_before", "cases": int(late_in or 0)},
            {"reason": "confirmed_after_cutoff_counted_next_day", "cases": int(late_out or 0)},
        ) if r["cases"]]
        out.append({"province": register().get(PROVINCE, p).short_name, "province_code": p,
                    "measures": diffs, "reasons": reasons})
    return out


# --- shared by the CLI and the API --------------------------------------------------------



def parse_moment(value: str | None) -> datetime | None:
    """An as-of moment: ISO date-time; without a zone it is local time (UTC+7); a date alone is
    the end of that day."""
    if value is None or not value.strip():
        return None
    s = value.strip()
    try:
        if len(s) == 10:
            moment = datetime.combine(date.fromisoformat(s), time(23, 59, 59, 999999))
        else:
            moment = datetime.fromisoformat(s)
    except ValueError:
        raise InvalidInput(f"as-of {value!r} is not an ISO date-time "
                           "(YYYY-MM-DDTHH:MM, local time unless a zone is given)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)


def national_report_for(day: str | date | None, *, scope: Scope,
                        as_of: str | datetime | None = None) -> dict:
    """The national report of `day` (default: the latest day with figures), as of a moment."""
    from episurv.aggregates.series import default_until
    from episurv.db import session_scope

    moment = as_of if isinstance(as_of, datetime) or as_of is None else parse_moment(as_of)
    with session_scope() as session:
        when = day if isinstance(day, date) else parse_date(day)
        return national_report(session, scope=scope, day=when or default_until(session),
                               as_of=moment)
