"""The figures of the map: cases per district or ward in the 7 reporting days ending on a
day (the latest in the data unless asked), the population, the rate per 100,000, and the
imported outlines. Reads through the cases and geo services."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.cases.service import counts_by_unit
from episurv.errors import InvalidInput, NotFound
from episurv.geo.service import boundaries, populations
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.reporting.daily import latest_data_day

DAYS = 7


def incidence_map(session: Session, *, scope: Scope, province: str, level: str = DISTRICT,
                  day: date | None = None, with_levels: bool = False) -> dict:
    """{province, level, day, first_day, units: [{code, name, cases, population, rate}],
    shapes: {code: geometry}}; rate is None where the population is unknown. `with_levels`:
    each unit also has its epidemic level for the same 7 days (None: not assessable), as the
    levels service assesses it (decisions included)."""
    if level not in (DISTRICT, WARD):
        raise InvalidInput(f"level {level!r}: district or ward")
    reg = register()
    prov = reg.resolve(province, PROVINCE)
    day = day or latest_data_day(session, prov.code)
    if day is None:
        raise NotFound(f"no cases recorded for {prov.short_name} yet")
    first = day - timedelta(days=DAYS - 1)
    districts = sorted(reg.units(DISTRICT, prov.code), key=lambda u: u.code)
    units = districts if level == DISTRICT else sorted(
        (w for d in districts for w in reg.units(WARD, d.code)), key=lambda u: u.code)
    counts = counts_by_unit(session, scope=scope, province_code=prov.code, level=level,
                            first_day=first, last_day=day)
    people = populations(session, level, [u.code for u in units])
    rows = []
    for u in units:
        cases, population = counts.get(u.code, 0), people.get(u.code)
        # The 7-day total is already summed by the query: the figure of
        # analytics.rates.weekly_per_100k for one window.
        rate = cases * 100_000 / population if population else None
        rows.append({"code": u.code, "name": u.short_name, "cases": cases,
                     "population": population, "rate": None if rate is None else round(rate, 1)})
    if with_levels:
        from episurv.levels import service as levels

        assessed = levels.assess_week(session, scope=None, province_code=prov.code, day=day,
                                      unit=level)
        by_code = {u["code"]: u["level"] for u in assessed.units}
        for row in rows:
            row["level"] = by_code.get(row["code"])
    return {"province": prov.short_name, "level": level, "day": day.isoformat(),
            "first_day": first.isoformat(), "units": rows,
            "shapes": boundaries(session, level, prov.code)}


def outlines(session: Session, *, province_code: int, level: str) -> dict[int, dict]:
    """The imported outlines of a province's districts or wards ({} when none were imported,
    or for a province as a whole)."""
    if level not in (DISTRICT, WARD):
        return {}
    return boundaries(session, level, province_code)
