"""The city's daily report, read from the daily counts (never from the line list).

What the report decides (the rules, named here so the renderers need not know them):
- quarantine counts cases found in quarantine and in lockdown areas;
- cumulative figures count from the wave start (settings.wave_start);
- a cluster is developing while its status is active (clusters/status.py: a case in the last
  `active_cluster_days` days, or reopened);
- the cluster figures are "as known" (today's links) or, with `as_of`, "as published": each case
  in the cluster it was in at that moment (clusters/history.py), the view named in the JSON;
- the record is the highest day of the last `record_period_days` days, reported when it is the
  highest for at least `record_min_days` days: "133 cases on 5/11, highest in 2 months".
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from episurv.clusters.service import cluster_facts
from episurv.config import Settings, get_settings
from episurv.errors import InvalidInput
from episurv.geo.units import PROVINCE, register
from episurv.reporting import daily_rules as rules
from episurv.reporting.daily_rules import ClusterFacts, record_day

__all__ = ["daily_report", "latest_data_day", "onset_curve", "record_day"]

_CURVE = text("""SELECT report_day, detected_in, SUM(n) FROM case_daily_counts
    WHERE province_code = :p AND report_day BETWEEN :since AND :day
    GROUP BY report_day, detected_in""")
_DISTRICTS = text("""SELECT district_code, detected_in, SUM(n) FROM case_daily_counts
    WHERE province_code = :p AND report_day = :day GROUP BY district_code, detected_in""")
_SOURCES = text("""SELECT source, SUM(n) FROM case_daily_counts
    WHERE province_code = :p AND report_day = :day GROUP BY source""")
# The "còn lại" of the bulletin: sources of the day's cases outside any cluster, so a case with
# both a cluster and a source is told once (issue 11).
_SOURCES_OUTSIDE = text("""SELECT source, SUM(n) FROM case_daily_counts
    WHERE province_code = :p AND report_day = :day AND cluster_id = 0 GROUP BY source""")
_CLUSTERS = text("""SELECT cluster_id, MIN(report_day), MAX(report_day), SUM(n),
        SUM(CASE WHEN report_day = :day THEN n ELSE 0 END)
    FROM case_daily_counts
    WHERE province_code = :p AND cluster_id <> 0 AND report_day <= :day
    GROUP BY cluster_id""")


def _cluster_facts(session: Session, ids: list[int]) -> dict[int, ClusterFacts]:
    return {i: ClusterFacts(*facts) for i, facts in cluster_facts(session, ids).items()}


def daily_report(session: Session, province: str | int, day: date,
                 settings: Settings | None = None, as_of: datetime | None = None) -> dict:
    settings = settings or get_settings()
    reg = register()
    prov = (reg.get(PROVINCE, province) if isinstance(province, int)
            else reg.resolve(province, PROVINCE))
    since = settings.wave_start
    if day < since:
        raise InvalidInput(f"date {day} is before the wave start {since}")
    params = {"p": prov.code, "day": day, "since": since}

    cluster_rows = session.execute(_CLUSTERS, params).all()
    if as_of is not None:
        from episurv.clusters.history import cluster_rows_as_of

        cluster_rows = cluster_rows_as_of(session, prov.code, day, as_of, cluster_rows)
    clusters = _cluster_facts(session, [r[0] for r in cluster_rows])
    outside_clusters = rules.by_source(session.execute(_SOURCES_OUTSIDE, params).all())
    return rules.assemble(
        province=prov.short_name, province_code=prov.code, day=day, as_of=as_of,
        settings=settings,
        curve=rules.epi_curve(session.execute(_CURVE, params).all(), since, day),
        districts=rules.by_district(session.execute(_DISTRICTS, params).all()),
        sources=rules.by_source(session.execute(_SOURCES, params).all()),
        # by_cluster moves the cases of a cluster not yet named out of the rest.
        clusters=rules.by_cluster(cluster_rows, clusters, outside_clusters),
        outside_clusters=outside_clusters,
        active=rules.active_clusters(cluster_rows, clusters, day, settings))


def latest_data_day(session: Session, province_code: int | None = None) -> date | None:
    """The latest reporting day in the data (a case or a submitted figure), of one province or
    of all: the day every page and command shows when given none, so historical data and the
    demo read as they were on their day, never against the machine's clock."""
    only = "" if province_code is None else " WHERE province_code = :p"
    days = [session.execute(text(f"SELECT MAX({column}) FROM {table}{only}"),
                            {"p": province_code}).scalar()
            for column, table in (("report_day", "case_daily_counts"), ("day", "aggregate_days"))]
    found = [rules.day_of(d) for d in days if d]
    return max(found) if found else None


def shown_day(session: Session, province_code: int | None = None) -> date:
    """The day a page or command shows when it is given none: the latest in the data of the
    province, else of the whole country (a province with nothing yet), and the machine's clock
    only when the data holds no day at all."""
    from episurv.core.time import local_today

    return (latest_data_day(session, province_code) or latest_data_day(session)
            or local_today())


_ONSET = text("""SELECT onset_day, SUM(n) FROM case_onset_counts
    WHERE province_code = :p AND report_day BETWEEN :since AND :day
    GROUP BY onset_day""")
_REPORTED = text("""SELECT SUM(n) FROM case_daily_counts
    WHERE province_code = :p AND report_day BETWEEN :since AND :day""")


def onset_curve(session: Session, province_code: int, day: date,
                settings: Settings | None = None) -> dict:
    """Cases reported up to `day` by their onset date — never mixed with the report-date curve:
    recent days are incomplete (their cases are not reported yet), and cases without an onset
    date are counted apart."""
    settings = settings or get_settings()
    params = {"p": province_code, "day": day, "since": settings.wave_start}
    by_onset = {rules.day_of(d): int(n) for d, n in session.execute(_ONSET, params).all()}
    reported = int(session.execute(_REPORTED, params).scalar() or 0)
    return {"axis": "onset_date", "province_code": province_code, "reported_until": day.isoformat(),
            "curve": [{"date": d.isoformat(), "cases": by_onset[d]} for d in sorted(by_onset)],
            "onset_unknown": reported - sum(by_onset.values())}
