"""Where the figures of a day come from, now or as of a past moment: the submitted figures in
force (aggregate_days, versioned by valid_from/valid_to) and, for the provinces that keep their
line list in episurv, the line-list counts that replace their submitted case counts.

Shared by the national report (reporting.national) and the per-province series
(aggregates.series), so both read the same figures in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from episurv.aggregates.service import utc


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
        # The province x day x place counts (cases.models.CaseProvinceDay): the national sums
        # read tens of thousands of rows there whatever the size of the line list.
        return Sources("a.valid_to IS NULL", "case_province_days", {})
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


def line_list_cut(starts: dict[int, date]) -> tuple[str, dict]:
    """SQL that is 1 on a row of aggregate_days `a` whose case counts the line list replaces,
    else 0, and its parameters."""
    if not starts:
        return "0", {}
    whens = " ".join(f"WHEN {int(p)} THEN :ll{int(p)}" for p in starts)
    return (f"CASE WHEN a.day >= (CASE a.province_code {whens} END) THEN 1 ELSE 0 END",
            {f"ll{p}": d for p, d in starts.items()})
