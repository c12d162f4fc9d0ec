"""Daily counts kept current on write: rebuilt for the (province, day) pairs a write touched.

Rebuilding a touched day from the line list (an index range, a few hundred rows) instead of
adding and subtracting deltas means the counts cannot drift from the cases, whatever wrote them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

_DELETE = text("DELETE FROM case_daily_counts WHERE province_code = :p AND report_day IN :days"
               ).bindparams(bindparam("days", expanding=True))
_INSERT = text("""
    INSERT INTO case_daily_counts
        (province_code, report_day, district_code, detected_in, source, cluster_id, n)
    SELECT province_code, report_day, COALESCE(district_code, 0), detected_in, source,
           COALESCE(cluster_id, 0), COUNT(*)
    FROM cases WHERE province_code = :p AND report_day IN :days
    GROUP BY province_code, report_day, COALESCE(district_code, 0), detected_in, source,
             COALESCE(cluster_id, 0)
""").bindparams(bindparam("days", expanding=True))


_DELETE_PROVINCE = text("DELETE FROM case_province_days WHERE province_code = :p "
                        "AND report_day IN :days").bindparams(bindparam("days", expanding=True))
_INSERT_PROVINCE = text("""
    INSERT INTO case_province_days (province_code, report_day, detected_in, n)
    SELECT province_code, report_day, detected_in, SUM(n) FROM case_daily_counts
    WHERE province_code = :p AND report_day IN :days
    GROUP BY province_code, report_day, detected_in
""").bindparams(bindparam("days", expanding=True))


_DELETE_ONSET = text("DELETE FROM case_onset_counts WHERE province_code = :p "
                     "AND report_day IN :days").bindparams(bindparam("days", expanding=True))
_INSERT_ONSET = text("""
    INSERT INTO case_onset_counts (province_code, report_day, district_code, onset_day, n)
    SELECT province_code, report_day, COALESCE(district_code, 0), onset_date, COUNT(*)
    FROM cases WHERE province_code = :p AND report_day IN :days AND onset_date IS NOT NULL
    GROUP BY province_code, report_day, COALESCE(district_code, 0), onset_date
""").bindparams(bindparam("days", expanding=True))


# Days rebuilt by one statement: its grouping sorts the cases of these days, so the memory it
# takes follows the cases of a month, not of the whole line list.
DAYS_AT_ONCE = 31


def recount(session: Session, keys: Iterable[tuple[int, date]]) -> int:
    """Rebuild the counts of every (province_code, report_day) in `keys`; returns days rebuilt."""
    by_province: dict[int, set[date]] = defaultdict(set)
    for province, day in keys:
        by_province[province].add(day)
    from episurv.dataversion import bump

    bump(session, by_province)
    rebuilt = 0
    for province, days in by_province.items():
        ordered = sorted(days)
        for start in range(0, len(ordered), DAYS_AT_ONCE):
            chunk = ordered[start:start + DAYS_AT_ONCE]
            for statement in (_DELETE, _INSERT, _DELETE_PROVINCE, _INSERT_PROVINCE,
                              _DELETE_ONSET, _INSERT_ONSET):
                session.execute(statement, {"p": province, "days": chunk})
            rebuilt += len(chunk)
    return rebuilt


def rebuild_all(session: Session) -> int:
    """Rebuild every count from the line list (after a change of cut-off, or as a repair)."""
    keys = session.execute(text("SELECT DISTINCT province_code, report_day FROM cases")).all()
    session.execute(text("DELETE FROM case_daily_counts"))
    session.execute(text("DELETE FROM case_province_days"))
    session.execute(text("DELETE FROM case_onset_counts"))
    return recount(session, list(keys))
