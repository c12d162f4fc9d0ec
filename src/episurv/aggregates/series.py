"""Daily series read from the database for analytics and open data: per province (line lists
replacing submitted case counts, as in the national report), per district, and the export in
Our World in Data's column names.

Rules: domain README section 7 (7-day average, per million), via episurv.analytics. Open data
carries counts only, never a person.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
from sqlalchemy import text
from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.aggregates.rules import STORED
from episurv.aggregates.sources import line_list_cut, line_list_starts, sources
from episurv.analytics.rates import per_million
from episurv.analytics.rt import SI_MEAN_DAYS, SI_SD_DAYS, WINDOW_DAYS, rt_table
from episurv.analytics.smoothing import trailing_mean
from episurv.errors import InvalidInput
from episurv.geo import census2019
from episurv.geo.service import populations
from episurv.geo.units import DISTRICT, PROVINCE, register

_SCHEMA = {"province_code": pl.Int64, "date": pl.Date, **{m: pl.Int64 for m in STORED}}


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def province_days(session: Session, *, until: date, as_of: datetime | None = None,
                  province_code: int | None = None) -> pl.DataFrame:
    """Every province's figures per day up to `until`: submitted figures in force, with the case
    counts (new, domestic, community, quarantine) of line-list provinces from their line list."""
    src = sources(session, as_of)
    starts = line_list_starts(session, src, until)
    cut, cut_params = line_list_cut(starts)
    only = "" if province_code is None else " AND a.province_code = :p"
    params = {**src.params, **cut_params, "day": until, "p": province_code}
    rows = session.execute(text(
        f"SELECT a.province_code, a.day, {cut}, {', '.join('a.' + m for m in STORED)} "
        f"FROM aggregate_days a WHERE {src.where} AND a.district_code = 0 AND a.day <= :day"
        f"{only}"), params).all()
    records: dict[tuple[int, date], dict] = {}
    for row in rows:
        values = dict(zip(STORED, row[3:], strict=False))
        if row[2]:
            for m in ("new_cases", "domestic", "community", "quarantine"):
                values[m] = None
        records[(int(row[0]), _date(row[1]))] = values
    only_ll = "" if province_code is None else " AND province_code = :p"
    for p, d, where, n in session.execute(text(
            f"SELECT province_code, report_day, detected_in, SUM(n) FROM {src.line_list} ll "
            f"WHERE report_day <= :day{only_ll} GROUP BY province_code, report_day, detected_in"),
            params).all():
        values = records.setdefault((int(p), _date(d)), {m: None for m in STORED})
        part = "community" if where == "community" else "quarantine"
        for m in (part, "domestic"):
            values[m] = (values[m] or 0) + int(n)
    # A line list reports every day from its first: a day in that range with no case is 0,
    # not missing (issue 11: a 7-day average over the 4 days with cases was 7.75, not 4.43).
    for p, first in starts.items():
        if province_code is not None and p != province_code:
            continue
        for offset in range((until - first).days + 1):
            records.setdefault((p, first + timedelta(days=offset)), {m: None for m in STORED})
    for (p, d), values in records.items():
        if p in starts and d >= starts[p]:
            for m in ("community", "quarantine", "domestic"):
                values[m] = values[m] or 0
            values["new_cases"] = values["domestic"] + (values["imported"] or 0)
    return pl.DataFrame([{"province_code": p, "date": d, **v} for (p, d), v in records.items()],
                        schema=_SCHEMA).sort("province_code", "date")


def district_days(session: Session, *, province_code: int, until: date,
                  as_of: datetime | None = None) -> pl.DataFrame:
    """Domestic cases per district and day of one province: from its line list if it keeps one,
    else from its districts' submitted figures. Columns region, date, cases."""
    src = sources(session, as_of)
    reg = register()
    params = {**src.params, "p": province_code, "day": until}
    starts = line_list_starts(session, src, until)
    if province_code in starts:
        rows = session.execute(text(
            f"SELECT district_code, report_day, SUM(n) FROM {src.line_list} ll "
            f"WHERE province_code = :p AND report_day <= :day "
            f"GROUP BY district_code, report_day"), params).all()
    else:
        rows = session.execute(text(
            f"SELECT a.district_code, a.day, a.domestic FROM aggregate_days a "
            f"WHERE {src.where} AND a.province_code = :p AND a.district_code <> 0 "
            f"AND a.day <= :day AND a.domestic IS NOT NULL"), params).all()
    return pl.DataFrame(
        [{"region": reg.get(DISTRICT, int(d)).short_name if d else "(no district)",
          "date": _date(day), "cases": int(n)} for d, day, n in rows],
        schema={"region": pl.Utf8, "date": pl.Date, "cases": pl.Int64})


def rt_from_db(session: Session, *, scope: Scope, until: date, province: str | None = None,
               by: str = "province", as_of: datetime | None = None,
               since: date | None = None, si_mean: float = SI_MEAN_DAYS,
               si_sd: float = SI_SD_DAYS, window: int = WINDOW_DAYS) -> pl.DataFrame:
    """Rt (analytics.rt, Cori et al. 2013) of domestic cases by report date, for the nation,
    each province, or each district of a province (`by`)."""
    del scope  # counts by unit, no person: readable by every scope, as the national report
    reg = register()
    if by == "district":
        if province is None:
            raise InvalidInput("--by district needs --province")
        frame = district_days(session, province_code=reg.resolve(province, PROVINCE).code,
                              until=until, as_of=as_of)
    elif by in ("province", "nation"):
        code = reg.resolve(province, PROVINCE).code if province else None
        days = province_days(session, until=until, as_of=as_of, province_code=code).filter(
            pl.col("domestic").is_not_null())
        if by == "nation":
            frame = days.group_by("date").agg(pl.col("domestic").sum().alias("cases")).select(
                pl.lit("Việt Nam").alias("region"), "date", "cases")
        else:
            names = {c: reg.get(PROVINCE, c).short_name
                     for c in days["province_code"].unique().to_list()}
            frame = days.select(
                pl.col("province_code").replace_strict(names, return_dtype=pl.Utf8)
                .alias("region"), "date", pl.col("domestic").alias("cases"))
    else:
        raise InvalidInput(f"by must be nation, province or district, got {by!r}")
    if since is not None:
        frame = frame.filter(pl.col("date") >= since)
    return rt_table(frame, si_mean=si_mean, si_sd=si_sd, window=window)


OWID_COLUMNS = (
    "iso_code", "location", "date", "total_cases", "new_cases", "new_cases_smoothed",
    "total_deaths", "new_deaths", "new_deaths_smoothed", "total_cases_per_million",
    "new_cases_per_million", "new_cases_smoothed_per_million", "total_deaths_per_million",
    "new_deaths_per_million", "new_deaths_smoothed_per_million", "new_tests", "total_tests",
    "new_tests_smoothed", "total_vaccinations", "people_vaccinated", "people_fully_vaccinated",
    "new_vaccinations", "new_vaccinations_smoothed", "population",
)


def owid_export(session: Session, *, scope: Scope, until: date, since: date | None = None,
                by: str = "nation", as_of: datetime | None = None) -> pl.DataFrame:
    """Daily figures in OWID's column names (covid-19-data/public/data), for the nation
    (iso_code VNM) or each province. Days run from the first figure to `until` with missing
    days as empty; totals are running sums of what was reported. people_vaccinated is the sum of
    first doses, people_fully_vaccinated of second doses (two-dose vaccines of 2021)."""
    del scope
    if by not in ("nation", "province"):
        raise InvalidInput(f"by must be nation or province, got {by!r}")
    days = province_days(session, until=until, as_of=as_of)
    reg = register()
    if by == "nation":
        groups = {"Vietnam": (days, "VNM", census2019.VIETNAM_TOTAL)}
    else:
        pops = populations(session, PROVINCE)
        groups = {reg.get(PROVINCE, c).short_name: (days.filter(pl.col("province_code") == c),
                                                     "", pops.get(c))
                  for c in days["province_code"].unique().sort().to_list()}
    frames = []
    for location, (part, iso, population) in groups.items():
        if part.height == 0:
            continue
        daily = part.group_by("date").agg(
            [pl.col(m).sum().alias(m) for m in
             ("new_cases", "deaths", "tests_samples", "doses", "first_doses", "second_doses")]
            + [pl.col(m).is_not_null().any().alias(f"has_{m}") for m in
               ("new_cases", "deaths", "tests_samples", "doses")])
        first = daily["date"].min()
        assert isinstance(first, date)
        calendar = pl.DataFrame({"date": pl.date_range(first, until, "1d", eager=True)})
        d = calendar.join(daily, on="date", how="left").sort("date")

        cases, deaths, tests, doses, first_d, second_d = (
            _column(d, m) for m in ("new_cases", "deaths", "tests_samples", "doses",
                                    "first_doses", "second_doses"))

        def pm(x: np.ndarray, population: int | None = population) -> np.ndarray:
            return per_million(x, population) if population else np.full_like(x, np.nan)

        total_cases, total_deaths = running(cases), running(deaths)
        cases_s, deaths_s = trailing_mean(cases), trailing_mean(deaths)
        frames.append(pl.DataFrame({
            "iso_code": [iso] * d.height, "location": [location] * d.height,
            "date": d["date"],
            "total_cases": total_cases, "new_cases": cases, "new_cases_smoothed": cases_s,
            "total_deaths": total_deaths, "new_deaths": deaths,
            "new_deaths_smoothed": deaths_s,
            "total_cases_per_million": pm(total_cases), "new_cases_per_million": pm(cases),
            "new_cases_smoothed_per_million": pm(cases_s),
            "total_deaths_per_million": pm(total_deaths), "new_deaths_per_million": pm(deaths),
            "new_deaths_smoothed_per_million": pm(deaths_s),
            "new_tests": tests, "total_tests": running(tests),
            "new_tests_smoothed": trailing_mean(tests),
            "total_vaccinations": running(doses), "people_vaccinated": running(first_d),
            "people_fully_vaccinated": running(second_d), "new_vaccinations": doses,
            "new_vaccinations_smoothed": trailing_mean(doses),
            "population": [population] * d.height,
        }, nan_to_null=True))
    if not frames:
        return pl.DataFrame(schema={c: pl.Utf8 for c in OWID_COLUMNS})
    out = pl.concat(frames, how="vertical_relaxed").select(OWID_COLUMNS)
    if since is not None:
        out = out.filter(pl.col("date") >= since)
    return out


def _column(frame: pl.DataFrame, measure: str) -> np.ndarray:
    """A measure as floats, NaN on days no unit reported it (a sum of nothing is not 0)."""
    values = frame[measure].cast(pl.Float64).to_numpy().copy()
    if f"has_{measure}" in frame.columns:
        values[~frame[f"has_{measure}"].fill_null(False).to_numpy()] = np.nan
    return values


def running(x: np.ndarray) -> np.ndarray:
    """Running total of what was reported (missing days add nothing)."""
    return np.cumsum(np.nan_to_num(x))


def default_until(session: Session) -> date:
    """The latest day with a figure or a case, for commands given no date."""
    from episurv.reporting.daily import latest_data_day

    day = latest_data_day(session)
    if day is None:
        raise InvalidInput("no figures recorded yet")
    return day


def unit_days(session: Session, *, since: date, until: date, as_of: datetime | None = None,
              province_code: int | None = None) -> list[dict]:
    """Every unit's figures per day from `since` to `until`, as the reports read them: each
    province (district_code 0) as `province_days` gives it, and each district with its submitted
    figures, the case counts of a line-list province's districts coming from its line list.
    One dict per unit and day: province_code, district_code, date and the STORED measures."""
    src = sources(session, as_of)
    starts = line_list_starts(session, src, until)
    out = [{"province_code": r["province_code"], "district_code": 0, **r}
           for r in province_days(session, until=until, as_of=as_of,
                                  province_code=province_code)
           .filter(pl.col("date") >= since).iter_rows(named=True)]
    only = "" if province_code is None else " AND a.province_code = :p"
    params = {**src.params, "since": since, "until": until, "p": province_code}
    records: dict[tuple[int, int, date], dict] = {}
    for row in session.execute(text(
            f"SELECT a.province_code, a.district_code, a.day, "
            f"{', '.join('a.' + m for m in STORED)} FROM aggregate_days a WHERE {src.where} "
            f"AND a.district_code <> 0 AND a.day BETWEEN :since AND :until{only}"), params):
        p, d, day = int(row[0]), int(row[1]), _date(row[2])
        values = dict(zip(STORED, row[3:], strict=False))
        if p in starts and day >= starts[p]:
            for m in ("new_cases", "domestic", "community", "quarantine"):
                values[m] = None
        records[(p, d, day)] = values
    counts = ("case_daily_counts" if as_of is None else
              "(SELECT province_code, COALESCE(district_code, 0) AS district_code, report_day, "
              "detected_in, COUNT(*) AS n FROM cases WHERE created_at <= :as_of "
              "GROUP BY province_code, COALESCE(district_code, 0), report_day, detected_in)")
    only_ll = "" if province_code is None else " AND province_code = :p"
    for p, d, day, where, n in session.execute(text(
            f"SELECT province_code, district_code, report_day, detected_in, SUM(n) "
            f"FROM {counts} ll WHERE district_code <> 0 AND report_day BETWEEN :since AND "
            f"    :until{only_ll} GROUP BY province_code, district_code, report_day, detected_in"),
            params).all():
        values = records.setdefault((int(p), int(d), _date(day)), {m: None for m in STORED})
        part = "community" if where == "community" else "quarantine"
        values[part] = (values[part] or 0) + int(n)
    for (p, d, day), values in records.items():
        if p in starts and day >= starts[p]:
            values["community"] = values["community"] or 0
            values["quarantine"] = values["quarantine"] or 0
            values["domestic"] = values["community"] + values["quarantine"]
            values["new_cases"] = values["domestic"] + (values["imported"] or 0)
        out.append({"province_code": p, "district_code": d, "date": day, **values})
    return sorted(out, key=lambda r: (r["date"], r["province_code"], r["district_code"]))
