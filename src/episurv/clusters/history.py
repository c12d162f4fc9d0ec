"""Which cluster each case was in at a moment: the link history, and the daily report's
cluster figures as they were published.

cases.cluster_id is the current link and case_daily_counts counts it; cluster_links holds every
period of every link changed through the cluster service. The report of a day "as published" is
the report with each case in the cluster it was in when the report went out: the current counts,
corrected for the few cases whose link changed after that moment (so the read path stays the
daily counts, and the history is read for the changed cases only).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import bindparam, or_, select, text
from sqlalchemy.orm import Session

from episurv.cases.models import Case
from episurv.clusters.models import ClusterLink
from episurv.core.time import LOCAL


def published_moment(day: date) -> datetime:
    """When the report of `day` counts as published: the end of that local day. Bulletins went
    out in the evening after the cut-off; a reclassification recorded later that evening is
    taken as already known to them (the CDC classified before publishing)."""
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL).astimezone(UTC)


def utc(value: datetime | str | None) -> datetime | None:
    """Timestamps as aware UTC (SQLite hands them back naive, in UTC as stored)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(
        UTC)


def relink(session: Session, case_pk: int, province_code: int, old_cluster: int | None,
           new_cluster: int | None, *, at: datetime, actor: str, reason: str | None) -> None:
    """Record in the history that a case moved from `old_cluster` to `new_cluster` at `at`:
    close its open link (a case imported with its cluster has none yet: that link held from
    its record on) and open the new one."""
    if old_cluster == new_cluster:
        return
    open_link = session.scalar(select(ClusterLink).where(ClusterLink.case_id == case_pk,
                                                         ClusterLink.valid_to.is_(None)))
    if open_link is None and old_cluster is not None:
        open_link = ClusterLink(case_id=case_pk, cluster_id=old_cluster,
                                province_code=province_code, valid_from=None,
                                linked_by="record")
        session.add(open_link)
    if open_link is not None:
        open_link.valid_to, open_link.unlinked_by = at, actor
    if new_cluster is not None:
        session.add(ClusterLink(case_id=case_pk, cluster_id=new_cluster,
                                province_code=province_code, valid_from=at, linked_by=actor,
                                reason=reason))


def clusters_at(session: Session, province_code: int, moment: datetime,
                max_day: date) -> dict[int, tuple[date, int | None, int | None]]:
    """Cases of the province (reported by `max_day`) whose link changed after `moment`:
    case row id -> (reporting day, cluster now, cluster at `moment`)."""
    moment = utc(moment)  # type: ignore[assignment]
    changed = select(ClusterLink.case_id).where(
        ClusterLink.province_code == province_code,
        or_(ClusterLink.valid_from > moment, ClusterLink.valid_to > moment)).distinct()
    rows = session.execute(
        select(Case.id, Case.report_day, Case.cluster_id).where(
            Case.id.in_(changed), Case.report_day <= max_day)).all()
    if not rows:
        return {}
    ids = [r[0] for r in rows]
    then: dict[int, int | None] = {}
    for start in range(0, len(ids), 500):
        for case_id, cluster_id, valid_from, valid_to in session.execute(
                select(ClusterLink.case_id, ClusterLink.cluster_id, ClusterLink.valid_from,
                       ClusterLink.valid_to).where(
                    ClusterLink.case_id.in_(ids[start:start + 500]))):
            began, ended = utc(valid_from), utc(valid_to)
            if (began is None or began <= moment) and (ended is None or ended > moment):
                then[case_id] = cluster_id
    return {cid: (day, now, then.get(cid)) for cid, day, now in rows}


_PER_DAY = text("""SELECT cluster_id, report_day, SUM(n) FROM case_daily_counts
    WHERE province_code = :p AND report_day <= :day AND cluster_id IN :ids
    GROUP BY cluster_id, report_day""").bindparams(bindparam("ids", expanding=True))


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def cluster_rows_as_of(session: Session, province_code: int, day: date, moment: datetime,
                       rows: list) -> list[tuple[int, date, date, int, int]]:
    """The daily report's per-cluster rows (cluster_id, first day, last day, total, new on `day`)
    with every case in the cluster it was in at `moment`."""
    moved = clusters_at(session, province_code, moment, day)
    delta: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for report_day, now, then in moved.values():
        if now == then:
            continue
        if now is not None:
            delta[now][report_day] -= 1
        if then is not None:
            delta[then][report_day] += 1
    if not delta:
        return [tuple(r) for r in rows]
    affected = sorted(delta)
    per_day: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for cid, d, n in session.execute(_PER_DAY, {"p": province_code, "day": day,
                                                "ids": affected}):
        per_day[cid][_day(d)] += int(n)
    result = [tuple(r) for r in rows if r[0] not in delta]
    for cid in affected:
        counts = per_day[cid]
        for d, change in delta[cid].items():
            counts[d] += change
        days = sorted(d for d, n in counts.items() if n > 0)
        if days:
            result.append((cid, days[0], days[-1], sum(counts[d] for d in days),
                           counts.get(day, 0)))
    return result
