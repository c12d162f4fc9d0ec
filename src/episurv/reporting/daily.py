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

from datetime import date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from episurv.cases.vocabulary import SOURCES
from episurv.clusters.models import Cluster
from episurv.config import Settings, get_settings
from episurv.errors import InvalidInput
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register

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


def _day(value: object) -> date:
    # SQLite hands back aggregates of date columns as text.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def record_day(curve: list[tuple[date, int]], day: date, settings: Settings) -> dict | None:
    """The highest day of the period ending on `day`, and for how many days it is the highest
    (back to the last day with as many cases, or to the start of the curve)."""
    period = [(d, n) for d, n in curve if d > day - timedelta(days=settings.record_period_days)]
    if not period or max(n for _d, n in period) == 0:
        return None
    # On a tie the earliest day holds the record (issue 11: 133 on 5/11 and 7/11 gave none).
    best = max(n for _d, n in period)
    best_day = min(d for d, n in period if n == best)
    earlier = [d for d, n in curve if d < best_day and n >= best]
    span = (best_day - max(earlier)).days if earlier else (best_day - curve[0][0]).days + 1
    if span < settings.record_min_days:
        return None
    return {"date": best_day.isoformat(), "new_cases": best, "highest_in_days": span}


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

    per_day: dict[date, dict[str, int]] = {}
    for d, where, n in session.execute(_CURVE, params).all():
        bucket = per_day.setdefault(_day(d), {"community": 0, "quarantine": 0})
        bucket["community" if where == "community" else "quarantine"] += int(n)
    curve = []
    for offset in range((day - since).days + 1):
        d = since + timedelta(days=offset)
        counts = per_day.get(d, {"community": 0, "quarantine": 0})
        curve.append({"date": d.isoformat(), **counts})
    today = per_day.get(day, {"community": 0, "quarantine": 0})

    districts: dict[int, dict[str, int]] = {}
    for code, where, n in session.execute(_DISTRICTS, params).all():
        entry = districts.setdefault(code, {"new_cases": 0, "community": 0})
        entry["new_cases"] += int(n)
        if where == "community":
            entry["community"] += int(n)
    by_district = sorted(
        ({"district": reg.get(DISTRICT, code).short_name if code else None,
          "district_code": code or None, **counts} for code, counts in districts.items()),
        key=lambda e: (-e["new_cases"], e["district"] is None, e["district"] or ""))

    by_source = {s: 0 for s in SOURCES}
    for source, n in session.execute(_SOURCES, params).all():
        by_source[source] = int(n)
    outside_clusters = {s: 0 for s in SOURCES}
    for source, n in session.execute(_SOURCES_OUTSIDE, params).all():
        outside_clusters[source] = int(n)

    cluster_rows = session.execute(_CLUSTERS, params).all()
    if as_of is not None:
        from episurv.clusters.history import cluster_rows_as_of

        cluster_rows = cluster_rows_as_of(session, prov.code, day, as_of, cluster_rows)
    clusters = {c.id: c for c in session.scalars(
        select(Cluster).where(Cluster.id.in_([r[0] for r in cluster_rows])))}

    def place(cluster: Cluster) -> dict:
        return {"district": reg.get(DISTRICT, cluster.district_code).short_name
                if cluster.district_code else None,
                "ward": reg.get(WARD, cluster.ward_code).short_name if cluster.ward_code else None}

    by_cluster = sorted(
        ({"cluster": clusters[cid].name, **place(clusters[cid]), "new_cases": int(new)}
         for cid, _first, _last, _total, new in cluster_rows if new),
        key=lambda e: (-e["new_cases"], e["cluster"]))
    # Cases of a cluster not yet named (source "cluster", no cluster): counted under clusters,
    # not again among the rest.
    if outside_clusters["cluster"]:
        by_cluster.append({"cluster": None, "district": None, "ward": None,
                           "new_cases": outside_clusters["cluster"], "not_yet_named": True})
        outside_clusters["cluster"] = 0
    from episurv.clusters.status import StatusPolicy, cluster_status

    policy = StatusPolicy(settings.active_cluster_days,
                          max(settings.active_cluster_days, 28))

    def developing(cid: int, last: object) -> bool:
        return cluster_status(_day(last), day, policy,
                              clusters[cid].reopened_on).status == "active"

    active_clusters = sorted(
        ({"cluster": clusters[cid].name, **place(clusters[cid]),
          "first_case_date": _day(first).isoformat(), "last_case_date": _day(last).isoformat(),
          "total_cases": int(total), "new_cases": int(new)}
         for cid, first, last, total, new in cluster_rows if developing(cid, last)),
        key=lambda e: (-e["total_cases"], e["cluster"]))

    community_total = sum(c["community"] for c in curve)
    quarantine_total = sum(c["quarantine"] for c in curve)
    totals = [(date.fromisoformat(c["date"]), c["community"] + c["quarantine"]) for c in curve]
    return {
        "province": prov.short_name,
        "province_code": prov.code,
        "date": day.isoformat(),
        # Which links the cluster figures use: today's, or those at the moment of publication.
        "view": "as_published" if as_of is not None else "as_known",
        "as_of": as_of.isoformat() if as_of is not None else None,
        "cutoff": settings.cutoff.strftime("%H:%M"),
        "new_cases": today["community"] + today["quarantine"],
        "community": today["community"],
        "quarantine": today["quarantine"],
        "by_district": by_district,
        "by_cluster": by_cluster,
        "by_source": by_source,
        "by_source_outside_clusters": outside_clusters,
        "cumulative": {"since": since.isoformat(), "total": community_total + quarantine_total,
                       "community": community_total, "quarantine": quarantine_total},
        "active_clusters": active_clusters,
        "record": record_day(totals, day, settings),
        "epi_curve": curve,
    }


def latest_day(session: Session, province_code: int) -> date | None:
    value = session.execute(text("SELECT MAX(report_day) FROM case_daily_counts "
                                 "WHERE province_code = :p"), {"p": province_code}).scalar()
    return _day(value) if value else None


def latest_data_day(session: Session, province_code: int | None = None) -> date | None:
    """The latest reporting day in the data (a case or a submitted figure), of one province or
    of all: the day every page and command shows when given none, so historical data and the
    demo read as they were on their day, never against the machine's clock."""
    only = "" if province_code is None else " WHERE province_code = :p"
    days = [session.execute(text(f"SELECT MAX({column}) FROM {table}{only}"),
                            {"p": province_code}).scalar()
            for column, table in (("report_day", "case_daily_counts"), ("day", "aggregate_days"))]
    found = [_day(d) for d in days if d]
    return max(found) if found else None


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
    by_onset = {_day(d): int(n) for d, n in session.execute(_ONSET, params).all()}
    reported = int(session.execute(_REPORTED, params).scalar() or 0)
    return {"axis": "onset_date", "province_code": province_code, "reported_until": day.isoformat(),
            "curve": [{"date": d.isoformat(), "cases": by_onset[d]} for d in sorted(by_onset)],
            "onset_unknown": reported - sum(by_onset.values())}
