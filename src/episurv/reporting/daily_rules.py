"""The rules of the city's daily report, as pure functions of the rows its queries return
(reporting.daily runs the queries): no session, no clock. What each rule decides is written in
reporting.daily's docstring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from episurv.cases.vocabulary import SOURCES
from episurv.clusters.status import StatusPolicy, cluster_status
from episurv.config import Settings
from episurv.geo.units import DISTRICT, WARD, register


@dataclass(frozen=True)
class ClusterFacts:
    """What the report says of a cluster besides its counts."""

    name: str
    district_code: int | None
    ward_code: int | None
    reopened_on: date | None


def day_of(value: object) -> date:
    # SQLite hands back dates (and their aggregates) as text.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def part(detected_in: str) -> str:
    """The part of the count a case is in: quarantine counts cases found in quarantine and in
    lockdown areas."""
    return "community" if detected_in == "community" else "quarantine"


def epi_curve(rows: Iterable[Sequence], since: date, day: date) -> list[dict]:
    """Cases per day from `since` to `day` (rows: day, detected_in, n); a day without a case
    is 0."""
    per_day: dict[date, dict[str, int]] = {}
    for d, where, n in rows:
        bucket = per_day.setdefault(day_of(d), {"community": 0, "quarantine": 0})
        bucket[part(where)] += int(n)
    return [{"date": d.isoformat(), **per_day.get(d, {"community": 0, "quarantine": 0})}
            for d in (since + timedelta(days=i) for i in range((day - since).days + 1))]


def by_district(rows: Iterable[Sequence]) -> list[dict]:
    """The day's cases per district (rows: district code or 0, detected_in, n), most first,
    cases with no district last."""
    reg = register()
    districts: dict[int, dict[str, int]] = {}
    for code, where, n in rows:
        entry = districts.setdefault(code, {"new_cases": 0, "community": 0})
        entry["new_cases"] += int(n)
        if where == "community":
            entry["community"] += int(n)
    return sorted(
        ({"district": reg.get(DISTRICT, code).short_name if code else None,
          "district_code": code or None, **counts} for code, counts in districts.items()),
        key=lambda e: (-e["new_cases"], e["district"] is None, e["district"] or ""))


def by_source(rows: Iterable[Sequence]) -> dict[str, int]:
    """Cases per source (rows: source, n), every source named, 0 where none."""
    out = {s: 0 for s in SOURCES}
    for source, n in rows:
        out[source] = int(n)
    return out


def _place(cluster: ClusterFacts) -> dict:
    reg = register()
    return {"district": reg.get(DISTRICT, cluster.district_code).short_name
            if cluster.district_code else None,
            "ward": reg.get(WARD, cluster.ward_code).short_name if cluster.ward_code else None}


def by_cluster(rows: Sequence[Sequence], clusters: Mapping[int, ClusterFacts],
               outside_clusters: dict[str, int]) -> list[dict]:
    """The day's cases per cluster (rows: cluster, first day, last day, total, new), most first.
    Cases of a cluster not yet named (source "cluster", no cluster) are counted under clusters,
    not again among the rest: they move out of `outside_clusters`."""
    out = sorted(
        ({"cluster": clusters[cid].name, **_place(clusters[cid]), "new_cases": int(new)}
         for cid, _first, _last, _total, new in rows if new),
        key=lambda e: (-e["new_cases"], e["cluster"]))
    if outside_clusters["cluster"]:
        out.append({"cluster": None, "district": None, "ward": None,
                    "new_cases": outside_clusters["cluster"], "not_yet_named": True})
        outside_clusters["cluster"] = 0
    return out


def active_clusters(rows: Sequence[Sequence], clusters: Mapping[int, ClusterFacts], day: date,
                    settings: Settings) -> list[dict]:
    """The clusters still developing on `day` (clusters/status.py: a case in the last
    `active_cluster_days` days, or reopened), largest first."""
    policy = StatusPolicy(settings.active_cluster_days, max(settings.active_cluster_days, 28))

    def developing(cid: int, last: object) -> bool:
        return cluster_status(day_of(last), day, policy,
                              clusters[cid].reopened_on).status == "active"

    return sorted(
        ({"cluster": clusters[cid].name, **_place(clusters[cid]),
          "first_case_date": day_of(first).isoformat(), "last_case_date": day_of(last).isoformat(),
          "total_cases": int(total), "new_cases": int(new)}
         for cid, first, last, total, new in rows if developing(cid, last)),
        key=lambda e: (-e["total_cases"], e["cluster"]))


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


def assemble(*, province: str, province_code: int, day: date, as_of: object, settings: Settings,
             curve: list[dict], districts: list[dict], sources: dict[str, int],
             outside_clusters: dict[str, int], clusters: list[dict],
             active: list[dict]) -> dict:
    """The daily report from its parts."""
    since = settings.wave_start
    today = curve[-1]  # the curve ends on the day
    community_total = sum(c["community"] for c in curve)
    quarantine_total = sum(c["quarantine"] for c in curve)
    totals = [(date.fromisoformat(c["date"]), c["community"] + c["quarantine"]) for c in curve]
    return {
        "province": province,
        "province_code": province_code,
        "date": day.isoformat(),
        # Which links the cluster figures use: today's, or those at the moment of publication.
        "view": "as_published" if as_of is not None else "as_known",
        "as_of": as_of.isoformat() if as_of is not None else None,
        "cutoff": settings.cutoff.strftime("%H:%M"),
        "new_cases": today["community"] + today["quarantine"],
        "community": today["community"],
        "quarantine": today["quarantine"],
        "by_district": districts,
        "by_cluster": clusters,
        "by_source": sources,
        "by_source_outside_clusters": outside_clusters,
        "cumulative": {"since": since.isoformat(), "total": community_total + quarantine_total,
                       "community": community_total, "quarantine": quarantine_total},
        "active_clusters": active,
        "record": record_day(totals, day, settings),
        "epi_curve": curve,
    }
