"""Use cases of clusters: create, read with derived facts and status, link and unlink cases
(recording the history), reopen, and the suggestions a person accepts or rejects.

Every read of cases goes through `scoped`; every write checks the scope, records an audit entry
with its diff, and keeps the daily counts current (a link changes case_daily_counts.cluster_id).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Scope, scoped
from episurv.cases.counts import recount
from episurv.cases.models import Case
from episurv.clusters import suggest as S
from episurv.clusters.history import relink, utc
from episurv.clusters.models import CLUSTER_KINDS, Cluster, ClusterLink, ClusterSuggestion
from episurv.clusters.status import STATUSES, StatusPolicy, cluster_status
from episurv.config import get_settings
from episurv.core.codes import patient_code
from episurv.core.i18n import N_
from episurv.errors import Conflict, InvalidInput, NotFound
from episurv.geo.names import plain_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register


def status_policy() -> StatusPolicy:
    """The thresholds in force: active days shared with the daily report's setting; closing
    after EPISURV_CLUSTER_CLOSED_DAYS (default 28)."""
    settings = get_settings()
    return StatusPolicy(settings.active_cluster_days, settings.cluster_closed_days)


def _now() -> datetime:
    return datetime.now(UTC)


def _place(province: str | int, district: str | None, ward: str | None
           ) -> tuple[int, int | None, int | None]:
    reg = register()
    prov = reg.get(PROVINCE, province) if isinstance(province, int) else reg.resolve(
        province, PROVINCE)
    d_code = w_code = None
    if district:
        d_code = reg.resolve(district, DISTRICT, prov.code).code
    if ward:
        unit = reg.resolve(ward, WARD, d_code, province=prov.code)
        w_code, d_code = unit.code, d_code or unit.parent_code
    return prov.code, d_code, w_code


def place_names(district_code: int | None, ward_code: int | None) -> dict:
    reg = register()
    return {"district": reg.get(DISTRICT, district_code).short_name if district_code else None,
            "ward": reg.get(WARD, ward_code).short_name if ward_code else None}


def _values(c: Cluster) -> dict:
    return {"name": c.name, "kind": c.kind, "province_code": c.province_code,
            "district_code": c.district_code, "ward_code": c.ward_code, "address": c.address,
            "reopened_on": c.reopened_on}


def create_cluster(session: Session, *, scope: Scope, name: str, province: str | int,
                   district: str | None = None, ward: str | None = None,
                   address: str | None = None, kind: str = "other") -> Cluster:
    scope.require_write()
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(N_("a cluster needs a name"), [{"field": "name", "value": name,
                                                           "message": "required"}],
                           code="cluster_name_missing")
    if kind not in CLUSTER_KINDS:
        raise InvalidInput(N_("kind must be one of %(kinds)s, got %(kind)r"),
                           [{"field": "kind", "value": kind, "message": "unknown kind"}],
                           code="cluster_kind", kinds=list(CLUSTER_KINDS), kind=kind)
    p, d, w = _place(province, district, ward)
    if not scope.allows(p, d, w):
        raise InvalidInput(N_("the cluster's place is outside your jurisdiction"),
                           code="cluster_outside_scope")
    key = plain_key(name)
    if session.scalar(select(Cluster.id).where(Cluster.province_code == p,
                                               Cluster.name_key == key)):
        raise Conflict(N_("a cluster named %(name)r exists already in this province"),
                       code="cluster_exists", name=name)
    cluster = Cluster(province_code=p, name=name, name_key=key, district_code=d, ward_code=w,
                      address=address, kind=kind)
    session.add(cluster)
    session.flush()
    audit.record(session, scope, "create", "cluster", str(cluster.id),
                 changes=audit.diff(None, _values(cluster)), province_code=p)
    return cluster


def cluster_choices(session: Session, *, scope: Scope, province_code: int) -> list[dict]:
    """The clusters of a province a case can be filtered by or linked to: id and name, by name."""
    rows = session.execute(scoped(select(Cluster.id, Cluster.name), scope, Cluster)
                           .where(Cluster.province_code == province_code)
                           .order_by(Cluster.name))
    return [{"id": i, "name": n} for i, n in rows]


def cluster_facts(session: Session, ids: list[int]
                  ) -> dict[int, tuple[str, int | None, int | None, date | None]]:
    """Name, district, ward and reopening day of each cluster of `ids`, for a report that has
    already chosen its province (no scope here: the ids come from that province's counts)."""
    return {c.id: (c.name, c.district_code, c.ward_code, c.reopened_on)
            for c in session.scalars(select(Cluster).where(Cluster.id.in_(ids)))}


def get_cluster(session: Session, cluster_id: int, *, scope: Scope) -> Cluster:
    cluster = session.scalar(scoped(select(Cluster).where(Cluster.id == cluster_id), scope,
                                    Cluster))
    if cluster is None:
        raise NotFound(N_("no cluster %(cluster)s"), code="no_cluster", cluster=str(cluster_id))
    return cluster


_STATS = text("""SELECT cluster_id, MIN(report_day), MAX(report_day), SUM(n),
        SUM(CASE WHEN report_day = :day THEN n ELSE 0 END)
    FROM case_daily_counts WHERE report_day <= :day AND cluster_id IN :ids
    GROUP BY cluster_id""").bindparams(bindparam("ids", expanding=True))


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _summaries(session: Session, clusters: list[Cluster], day: date) -> list[dict]:
    stats: dict[int, tuple] = {}
    ids = [c.id for c in clusters]
    for start in range(0, len(ids), 500):
        for cid, first, last, total, new in session.execute(
                _STATS, {"day": day, "ids": ids[start:start + 500]}):
            stats[cid] = (_day(first), _day(last), int(total), int(new))
    policy = status_policy()
    out = []
    for c in clusters:
        first, last, total, new = stats.get(c.id, (None, None, 0, 0))
        status = cluster_status(last, day, policy, c.reopened_on)
        out.append({
            "id": c.id, "name": c.name, "kind": c.kind,
            "province": register().get(PROVINCE, c.province_code).short_name,
            **place_names(c.district_code, c.ward_code), "address": c.address,
            "first_case_date": first.isoformat() if first else None,
            "last_case_date": last.isoformat() if last else None,
            "total_cases": total, "new_cases": new,
            "reopened_on": c.reopened_on.isoformat() if c.reopened_on else None,
            **{k: v for k, v in status.as_dict().items() if k != "policy"},
            "status_policy": status.policy,
        })
    return out


def list_clusters(session: Session, *, scope: Scope, day: date, province: str | None = None,
                  status: str | None = None) -> list[dict]:
    """Clusters with their facts on `day`: developing ones first, then by size."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(N_("status must be one of %(statuses)s, got %(status)r"),
                           code="cluster_status", statuses=list(STATUSES), status=status)
    query = scoped(select(Cluster), scope, Cluster)
    if province:
        query = query.where(Cluster.province_code == register().resolve(province, PROVINCE).code)
    rows = _summaries(session, list(session.scalars(query)), day)
    if status:
        rows = [r for r in rows if r["status"] == status]
    order = {s: i for i, s in enumerate(STATUSES)}
    return sorted(rows, key=lambda r: (order[r["status"]], -r["total_cases"], r["name"]))


_PER_DAY = text("""SELECT report_day, detected_in, SUM(n) FROM case_daily_counts
    WHERE cluster_id = :c AND report_day <= :day GROUP BY report_day, detected_in
    ORDER BY report_day""")


def cluster_detail(session: Session, cluster_id: int, *, scope: Scope, day: date,
                   case_offset: int = 0, case_limit: int | None = None) -> dict:
    """One cluster: facts, new cases per day (community and quarantine/lockdown, as the daily
    report splits them), its cases (codes, no personal data; `case_limit` of them from
    `case_offset` in report order, all by default, with their number in `cases_total`) and the
    history of its links (who linked or unlinked which case, when, why)."""
    if case_offset < 0 or (case_limit is not None and case_limit < 1):
        raise InvalidInput(N_("case_offset %(offset)s and case_limit %(limit)s: the offset "
                              "cannot be negative and the limit must be at least 1"),
                           code="cluster_case_page", offset=case_offset, limit=case_limit)
    cluster = get_cluster(session, cluster_id, scope=scope)
    summary = _summaries(session, [cluster], day)[0]
    per_day: dict[str, dict] = {}
    for d, where, n in session.execute(_PER_DAY, {"c": cluster.id, "day": day}):
        entry = per_day.setdefault(_day(d).isoformat(), {
            "date": _day(d).isoformat(), "new_cases": 0, "community": 0, "quarantine": 0})
        entry["new_cases"] += int(n)
        entry["community" if where == "community" else "quarantine"] += int(n)
    listed = scoped(select(Case.case_id, Case.report_day, Case.district_code)
                    .where(Case.cluster_id == cluster.id), scope, Case)
    total = session.scalar(select(func.count()).select_from(listed.subquery()))
    listed = listed.order_by(Case.report_day, Case.case_id).offset(case_offset)
    cases = session.execute(listed.limit(case_limit) if case_limit else listed).all()
    links = session.execute(
        select(ClusterLink, Case.case_id).join(Case, Case.id == ClusterLink.case_id)
        .where(ClusterLink.cluster_id == cluster.id).order_by(ClusterLink.id)).all()
    return {**summary, "new_per_day": list(per_day.values()), "cases_total": total,
            "cases": [{"case_id": c, "report_day": d.isoformat() if isinstance(d, date) else d}
                      for c, d, _dist in cases],
            "links": [{"case_id": code,
                       "from": utc(link.valid_from).isoformat() if link.valid_from else None,
                       "to": utc(link.valid_to).isoformat() if link.valid_to else None,
                       "linked_by": link.linked_by, "unlinked_by": link.unlinked_by,
                       "reason": link.reason} for link, code in links]}


# --- linking ------------------------------------------------------------------------------

def _scoped_cases(session: Session, scope: Scope, case_ids: list[str]) -> list[Case]:
    wanted = list(dict.fromkeys(patient_code(c) for c in case_ids))  # "bn 1" is BN1
    if not wanted:
        raise InvalidInput(N_("no case given"), code="no_case_given")
    found = {c.case_id: c for c in session.scalars(
        scoped(select(Case).where(Case.case_id.in_(wanted)), scope, Case))}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise NotFound(N_("no case %(cases)s"), code="no_cases",
                       cases=", ".join(repr(c) for c in missing[:20]))
    return [found[c] for c in wanted]


def move_case(session: Session, scope: Scope, case: Case, cluster: Cluster | None, *,
              reason: str | None, at: datetime) -> bool:
    """Put `case` in `cluster` (None: in no cluster), closing its current link and opening the
    new one in the history. Returns whether anything changed. The caller recounts."""
    if case.cluster_id == (cluster.id if cluster else None):
        return False
    old_name = session.get(Cluster, case.cluster_id).name if case.cluster_id else None
    relink(session, case.id, case.province_code, case.cluster_id,
           cluster.id if cluster else None, at=at, actor=scope.actor, reason=reason)
    case.cluster_id = cluster.id if cluster else None
    case.version += 1
    case.updated_at = at
    changes = audit.diff({"cluster": old_name}, {"cluster": cluster.name if cluster else None})
    if reason:
        changes["reason"] = reason
    audit.record(session, scope, "link" if cluster else "unlink", "case", case.case_id,
                 changes=changes, province_code=case.province_code)
    return True


def link_cases(session: Session, *, scope: Scope, cluster_id: int, case_ids: list[str],
               reason: str | None = None, at: datetime | None = None) -> dict:
    """Link cases to a cluster (moving them from any other): a classification or a
    reclassification, recorded with its time, author and reason."""
    scope.require_write()
    cluster = get_cluster(session, cluster_id, scope=scope)
    cases = _scoped_cases(session, scope, case_ids)
    foreign = [c.case_id for c in cases if c.province_code != cluster.province_code]
    if foreign:
        raise InvalidInput(N_("cases of another province cannot join this cluster: "
                              "%(cases)s"), code="cluster_foreign_cases", cases=foreign[:20])
    at = at or _now()
    moved = [c for c in cases if move_case(session, scope, c, cluster, reason=reason, at=at)]
    session.flush()
    recount(session, {(c.province_code, c.report_day) for c in moved})
    return {"cluster_id": cluster.id, "linked": [c.case_id for c in moved],
            "unchanged": [c.case_id for c in cases if c not in moved]}


def unlink_cases(session: Session, *, scope: Scope, case_ids: list[str],
                 reason: str | None = None, at: datetime | None = None) -> dict:
    scope.require_write()
    cases = _scoped_cases(session, scope, case_ids)
    at = at or _now()
    moved = [c for c in cases if move_case(session, scope, c, None, reason=reason, at=at)]
    session.flush()
    recount(session, {(c.province_code, c.report_day) for c in moved})
    return {"unlinked": [c.case_id for c in moved]}


def reopen_cluster(session: Session, *, scope: Scope, cluster_id: int, day: date,
                   reason: str | None = None) -> dict:
    """Reopen a cluster from `day`: active again for the active period as if a case was
    reported that day (a new exposure found before a new case)."""
    scope.require_write()
    cluster = get_cluster(session, cluster_id, scope=scope)
    before = _values(cluster)
    cluster.reopened_on, cluster.reopened_by = day, scope.actor
    changes = audit.diff(before, _values(cluster))
    if reason:
        changes["reason"] = reason
    audit.record(session, scope, "reopen", "cluster", str(cluster.id), changes=changes,
                 province_code=cluster.province_code)
    session.flush()
    return _summaries(session, [cluster], day)[0]


# --- suggestions --------------------------------------------------------------------------

def _suggestion_dict(s: ClusterSuggestion, codes: dict[int, str]) -> dict:
    return {"id": s.id, "action": s.action, "cluster_id": s.cluster_id, "name": s.name,
            "kind": s.kind, **place_names(s.district_code, s.ward_code),
            "district_code": s.district_code, "ward_code": s.ward_code,
            "cases": [codes.get(i, str(i)) for i in json.loads(s.cases)],
            "group": [codes.get(i, str(i)) for i in json.loads(s.group_cases)],
            "evidence": [{**e, "cases": [codes.get(i, str(i)) for i in e["cases"]]}
                         for e in json.loads(s.evidence)],
            "score": s.score, "first_day": s.first_day.isoformat(),
            "last_day": s.last_day.isoformat(), "status": s.status,
            "decided_by": s.decided_by, "reason": s.reason,
            "result_cluster_id": s.result_cluster_id}


def _codes(session: Session, suggestions: list[ClusterSuggestion]) -> dict[int, str]:
    ids = sorted({i for s in suggestions for i in json.loads(s.group_cases)})
    codes: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        codes.update(session.execute(select(Case.id, Case.case_id).where(
            Case.id.in_(ids[start:start + 500]))).all())
    return codes


def suggestion_inputs(session: Session, scope: Scope, province_code: int, since: date,
                      day: date) -> tuple[list[S.CaseInfo], list[S.Signal], list[tuple[int, int]]]:
    """Facts for the suggestion rules: the province's cases reported in [since, day], their home
    addresses, workplaces and visited places, and household contacts between them."""
    from episurv.contacts.models import Contact
    from episurv.exposures.models import CaseVisit

    rows = session.execute(scoped(
        select(Case.id, Case.report_day, Case.cluster_id, Case.ward_code, Case.district_code,
               Case.address).where(Case.province_code == province_code,
                                   Case.report_day.between(since, day)), scope, Case)).all()
    infos = [S.CaseInfo(i, d, c, w, dist) for i, d, c, w, dist, _a in rows]
    signals = []
    for i, d, _c, w, _dist, address in rows:
        key = S.address_key(address, w)
        if key:
            signals.append(S.Signal(i, "address", key, d, address))
    ids = {r[0] for r in rows}
    visits = session.execute(
        select(CaseVisit.case_id, CaseVisit.kind, CaseVisit.place, CaseVisit.address,
               CaseVisit.day).where(CaseVisit.province_code == province_code,
                                    CaseVisit.day.between(since, day),
                                    CaseVisit.kind != "home")).all()
    for case_id, kind, place, address, vday in visits:
        if case_id not in ids:
            continue
        key = S.place_key(place, None if kind == "workplace" else address)
        if key:
            signals.append(S.Signal(case_id, "workplace" if kind == "workplace" else "place",
                                    key, vday, place))
    households = [(src, case) for src, case in session.execute(
        select(Contact.source_case_id, Contact.case_id).where(
            Contact.province_code == province_code, Contact.relation == "household",
            Contact.case_id.is_not(None), Contact.source_case_id.is_not(None)))
        if src in ids and case in ids]
    return infos, signals, households


def run_suggestions(session: Session, *, scope: Scope, province: str, day: date,
                    window_days: int = 14, min_cases: int = 3, lookback_days: int = 28) -> dict:
    """Compute proposals over the cases of the last `lookback_days` and store the new ones as
    pending; pending proposals no longer made are marked stale."""
    scope.require_write()
    from datetime import timedelta

    prov = register().resolve(province, PROVINCE)
    infos, signals, households = suggestion_inputs(
        session, scope, prov.code, day - timedelta(days=lookback_days - 1), day)
    rejected = [frozenset(json.loads(cases)) for (cases,) in session.execute(
        select(ClusterSuggestion.cases).where(ClusterSuggestion.province_code == prov.code,
                                              ClusterSuggestion.status == "rejected"))]
    proposals = S.propose(infos, signals, households, window_days=window_days,
                          min_cases=min_cases, rejected=rejected)
    existing = {s.fingerprint: s for s in session.scalars(select(ClusterSuggestion).where(
        ClusterSuggestion.province_code == prov.code))}
    made, fresh = set(), 0
    for p in proposals:
        made.add(p.fingerprint)
        if p.fingerprint in existing:
            continue
        session.add(ClusterSuggestion(
            fingerprint=p.fingerprint, province_code=prov.code, district_code=p.district_code,
            ward_code=p.ward_code, action=p.action, cluster_id=p.cluster_id, name=p.name[:200],
            kind=p.kind, cases=json.dumps(list(p.cases)), group_cases=json.dumps(list(p.group)),
            evidence=json.dumps(p.evidence, ensure_ascii=False, default=str), score=p.score,
            first_day=p.first_day, last_day=p.last_day, status="pending"))
        fresh += 1
    stale = 0
    for fp, s in existing.items():
        if s.status == "pending" and fp not in made:
            s.status, stale = "stale", stale + 1
    session.flush()
    return {"proposals": len(proposals), "new": fresh, "stale": stale,
            "pending": list_suggestions(session, scope=scope, province=province)}


def list_suggestions(session: Session, *, scope: Scope, province: str,
                     status: str = "pending") -> list[dict]:
    prov = register().resolve(province, PROVINCE)
    query = scoped(select(ClusterSuggestion).where(
        ClusterSuggestion.province_code == prov.code, ClusterSuggestion.status == status)
        .order_by(ClusterSuggestion.score.desc(), ClusterSuggestion.id), scope,
        ClusterSuggestion)
    found = list(session.scalars(query))
    codes = _codes(session, found)
    return [_suggestion_dict(s, codes) for s in found]


def _pending(session: Session, scope: Scope, suggestion_id: int) -> ClusterSuggestion:
    s = session.scalar(scoped(select(ClusterSuggestion).where(
        ClusterSuggestion.id == suggestion_id), scope, ClusterSuggestion))
    if s is None:
        raise NotFound(N_("no suggestion %(suggestion)s"), code="no_suggestion",
                       suggestion=str(suggestion_id))
    if s.status != "pending":
        raise Conflict(N_("suggestion %(suggestion)s is %(status)s already"),
                       code="suggestion_decided", suggestion=str(suggestion_id),
                       status=s.status)
    return s


def accept_suggestion(session: Session, *, scope: Scope, suggestion_id: int,
                      name: str | None = None, kind: str | None = None,
                      cases: list[str] | None = None) -> dict:
    """Accept a proposal: create the cluster (name and type may be corrected, cases dropped) or
    extend the existing one, and link the cases, citing the suggestion."""
    scope.require_write()
    s = _pending(session, scope, suggestion_id)
    codes = _codes(session, [s])
    proposed = [codes[i] for i in json.loads(s.cases)]
    chosen = proposed if cases is None else [c for c in cases if c in proposed]
    if not chosen:
        raise InvalidInput(N_("no case of the suggestion was kept"), code="suggestion_empty")
    if s.action == "extend" and s.cluster_id is not None:
        cluster = get_cluster(session, s.cluster_id, scope=scope)
    else:
        cluster = create_cluster(session, scope=scope, name=name or s.name,
                                 province=s.province_code,
                                 district=register().get(DISTRICT, s.district_code).name
                                 if s.district_code else None,
                                 ward=None, kind=kind or s.kind)
        cluster.ward_code = s.ward_code
    result = link_cases(session, scope=scope, cluster_id=cluster.id, case_ids=chosen,
                        reason=f"suggestion {s.id} accepted")
    s.status, s.decided_at, s.decided_by = "accepted", _now(), scope.actor
    s.result_cluster_id = cluster.id
    audit.record(session, scope, "accept", "cluster_suggestion", str(s.id),
                 changes={"status": ["pending", "accepted"], "cluster_id": [None, cluster.id]},
                 province_code=s.province_code)
    return {**result, "suggestion": s.id}


def reject_suggestion(session: Session, *, scope: Scope, suggestion_id: int,
                      reason: str) -> dict:
    """Reject a proposal, with the reason; it is not proposed again unless new cases join."""
    scope.require_write()
    if not reason or not reason.strip():
        raise InvalidInput(N_("say why the suggestion is rejected"),
                           [{"field": "reason", "value": reason, "message": "required"}],
                           code="suggestion_reason_missing")

    s = _pending(session, scope, suggestion_id)
    s.status, s.decided_at, s.decided_by, s.reason = ("rejected", _now(), scope.actor,
                                                      reason.strip()[:300])
    audit.record(session, scope, "reject", "cluster_suggestion", str(s.id),
                 changes={"status": ["pending", "rejected"], "reason": reason},
                 province_code=s.province_code)
    return {"suggestion": s.id, "status": s.status}
