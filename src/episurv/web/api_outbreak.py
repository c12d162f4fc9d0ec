"""The JSON API of outbreak investigation: clusters, contacts and follow-up, transmission
chains, exposure notices. Each route calls the same service as its CLI twin (cli/clusters.py,
cli/contacts.py, cli/exposures.py), in the caller's scope; routes under /api/v1/public need no
sign-in and return no personal data.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime

from fastapi import APIRouter, Depends, Query, Request, Response

from episurv.accounts.scope import Scope
from episurv.clusters import service as clusters
from episurv.clusters.history import published_moment
from episurv.clusters.schemas import (
    AcceptIn,
    AcceptResult,
    ClusterDetail,
    ClusterIn,
    ClusterSummary,
    LinkIn,
    LinkResult,
    RejectIn,
    RejectResult,
    ReopenIn,
    SuggestIn,
    Suggestion,
    SuggestRun,
    UnlinkResult,
)
from episurv.contacts import service as contacts
from episurv.contacts.followup import followup_day
from episurv.contacts.schemas import (
    BecameCase,
    BecomeCaseIn,
    CheckIn,
    CheckRecorded,
    CloseIn,
    ContactIn,
    ContactOut,
    FollowupDay,
    TransmissionChain,
)
from episurv.db import session_scope
from episurv.errors import InvalidInput
from episurv.exposures import declarations
from episurv.exposures import service as exposures
from episurv.exposures.schemas import (
    DeclarationIn,
    DeclarationResult,
    PublicExposures,
    PublicNotice,
    PublishIn,
    PublishResult,
    VisitOut,
    VisitsIn,
    WithdrawIn,
)
from episurv.reporting.schemas import DailyReport
from episurv.web.deps import DB, Session, client_address, current_scope
from episurv.web.i18n import LANG_PATTERN
from episurv.web.pages import page_day
from episurv.web.schemas_ids import DbId

router = APIRouter(prefix="/api/v1")


# --- clusters ----------------------------------------------------------------------------

@router.get("/clusters/suggestions", tags=["clusters"], response_model=list[Suggestion])
def list_suggestions(province: str, status: str = "pending",
                     session: Session = DB,
                     scope: Scope = Depends(current_scope)) -> list[dict]:
    return clusters.list_suggestions(session, scope=scope, province=province, status=status)


@router.post("/clusters/suggestions/run", tags=["clusters"], response_model=SuggestRun)
def run_suggestions(body: SuggestIn, session: Session = DB,
                    scope: Scope = Depends(current_scope)) -> dict:
    """Propose clusters from cases sharing a place; the same JSON as `episurv clusters
    suggest --format json`."""
    return clusters.run_suggestions(session, scope=scope, province=body.province, day=body.date,
                                    window_days=body.window_days, min_cases=body.min_cases)


@router.post("/clusters/suggestions/{suggestion_id}/accept", tags=["clusters"],
             response_model=AcceptResult)
def accept_suggestion(suggestion_id: DbId, body: AcceptIn,
                      session: Session = DB,
                      scope: Scope = Depends(current_scope)) -> dict:
    return clusters.accept_suggestion(session, scope=scope, suggestion_id=suggestion_id,
                                      name=body.name, kind=body.kind, cases=body.cases)


@router.post("/clusters/suggestions/{suggestion_id}/reject", tags=["clusters"],
             response_model=RejectResult)
def reject_suggestion(suggestion_id: DbId, body: RejectIn,
                      session: Session = DB,
                      scope: Scope = Depends(current_scope)) -> dict:
    return clusters.reject_suggestion(session, scope=scope, suggestion_id=suggestion_id,
                                      reason=body.reason)


@router.get("/clusters", tags=["clusters"], response_model=list[ClusterSummary])
def list_clusters(province: str | None = None, date: Date | None = None,
                  status: str | None = Query(None, pattern="^(active|monitoring|closed)$"),
                  session: Session = DB,
                  scope: Scope = Depends(current_scope)) -> list[dict]:
    """Clusters with first/last case date, totals and status on `date` (default the latest
    reporting day in the data, as the pages)."""
    return clusters.list_clusters(session, scope=scope, day=date or page_day(session, None, scope),
                                  province=province, status=status)


@router.post("/clusters", status_code=201, tags=["clusters"], response_model=ClusterDetail)
def create_cluster(body: ClusterIn, response: Response, session: Session = DB,
                   scope: Scope = Depends(current_scope)) -> dict:
    cluster = clusters.create_cluster(session, scope=scope, **body.model_dump())
    response.headers["Location"] = f"/api/v1/clusters/{cluster.id}"
    return clusters.cluster_detail(session, cluster.id, scope=scope,
                                   day=page_day(session, None, scope))


@router.get("/clusters/{cluster_id}", tags=["clusters"], response_model=ClusterDetail)
def get_cluster(cluster_id: DbId, date: Date | None = None,
                session: Session = DB,
                scope: Scope = Depends(current_scope)) -> dict:
    return clusters.cluster_detail(session, cluster_id, scope=scope,
                                   day=date or page_day(session, None, scope))


@router.post("/clusters/{cluster_id}/cases", tags=["clusters"], response_model=LinkResult)
def link_cases(cluster_id: DbId, body: LinkIn, session: Session = DB,
               scope: Scope = Depends(current_scope)) -> dict:
    """Classify (or reclassify) cases into the cluster; recorded with time, author, reason."""
    return clusters.link_cases(session, scope=scope, cluster_id=cluster_id,
                               case_ids=body.case_ids, reason=body.reason)


@router.post("/clusters/unlink", tags=["clusters"], response_model=UnlinkResult)
def unlink_cases(body: LinkIn, session: Session = DB,
                 scope: Scope = Depends(current_scope)) -> dict:
    return clusters.unlink_cases(session, scope=scope, case_ids=body.case_ids,
                                 reason=body.reason)


@router.post("/clusters/{cluster_id}/reopen", tags=["clusters"],
             response_model=ClusterSummary)
def reopen_cluster(cluster_id: DbId, body: ReopenIn, session: Session = DB,
                   scope: Scope = Depends(current_scope)) -> dict:
    return clusters.reopen_cluster(session, scope=scope, cluster_id=cluster_id, day=body.date,
                                   reason=body.reason)


@router.get("/reports/daily/as-published", tags=["reports"], response_model=DailyReport)
def daily_report_as_published(province: str, date: Date,
                              as_of: datetime | None = Query(
                                  None, description="Default: the end of `date` in Hà Nội"),
                              session: Session = DB) -> dict:
    """The daily report with each case in the cluster it was in when the report was published
    (`view` says so): `episurv clusters report --as-published`. Public like the daily report
    itself: counts and cluster names only."""
    from episurv.reporting.daily import daily_report

    moment = as_of or published_moment(date)
    if moment.tzinfo is None:
        raise InvalidInput("as_of needs a time zone (e.g. 2021-11-07T19:00:00+07:00)")
    return daily_report(session, province, date, as_of=moment)


# --- contacts ----------------------------------------------------------------------------

@router.post("/contacts", status_code=201, tags=["contacts"], response_model=ContactOut)
def add_contact(body: ContactIn, response: Response, session: Session = DB,
                scope: Scope = Depends(current_scope)) -> dict:
    values = {k: (v.isoformat() if isinstance(v, Date) else v)
              for k, v in body.model_dump().items()}
    contact = contacts.add_contact(session, scope=scope, values=values)
    response.headers["Location"] = f"/api/v1/contacts/{contact['contact_code']}"
    return contact


@router.get("/contacts/{contact_code}", tags=["contacts"], response_model=ContactOut)
def get_contact(contact_code: str, session: Session = DB,
                scope: Scope = Depends(current_scope)) -> dict:
    return contacts.contact_values(session, contacts.get_contact(session, contact_code,
                                                                 scope=scope))


# Unset keys are left out: `advice` is there only after a positive test.
@router.post("/contacts/{contact_code}/checks", tags=["contacts"],
             response_model=CheckRecorded, response_model_exclude_unset=True)
def record_check(contact_code: str, body: CheckIn, session: Session = DB,
                 scope: Scope = Depends(current_scope)) -> dict:
    return contacts.record_check(session, scope=scope, contact_code=contact_code, day=body.date,
                                 kind=body.kind, result=body.result, note=body.note)


@router.post("/contacts/{contact_code}/case", tags=["contacts"], response_model=BecameCase)
def become_case(contact_code: str, body: BecomeCaseIn, session: Session = DB,
                scope: Scope = Depends(current_scope)) -> dict:
    """An F1 who tested positive becomes a case in one step, keeping the link."""
    return contacts.become_case(session, scope=scope, contact_code=contact_code,
                                **body.model_dump())


@router.post("/contacts/{contact_code}/close", tags=["contacts"],
             response_model=ContactOut)
def close_contact(contact_code: str, body: CloseIn, session: Session = DB,
                  scope: Scope = Depends(current_scope)) -> dict:
    return contacts.close_contact(session, scope=scope, contact_code=contact_code,
                                  reason=body.reason)


@router.get("/followup", tags=["contacts"], response_model=FollowupDay)
def followup(date: Date | None = None, province: str | None = None,
             ward: str | None = None, team: str | None = None,
             limit: int = Query(200, ge=1, le=2000), offset: int = Query(0, ge=0),
             session: Session = DB,
             scope: Scope = Depends(current_scope)) -> dict:
    """Who is due a call or a test today, who missed one: counts per station and team, and the
    people, most urgent first (`episurv contacts followup --format json`)."""
    return followup_day(session, scope=scope, day=date or page_day(session, None, scope),
                        province=province,
                        ward=ward, team=team, limit=limit, offset=offset)


@router.get("/cases/{case_id}/chain", tags=["contacts"], response_model=TransmissionChain)
def case_chain(case_id: str, include_contacts: bool = True,
               max_nodes: int = Query(500, ge=2, le=5000),
               session: Session = DB,
               scope: Scope = Depends(current_scope)) -> dict:
    """The transmission chain of a case: nodes (cases, contacts) and edges (exposures)."""
    return contacts.transmission_chain(session, scope=scope, case_id=case_id,
                                       include_contacts=include_contacts, max_nodes=max_nodes)


# --- exposures ---------------------------------------------------------------------------

@router.post("/cases/{case_id}/visits", status_code=201, tags=["exposures"],
             response_model=list[VisitOut])
def add_visits(case_id: str, body: VisitsIn, session: Session = DB,
               scope: Scope = Depends(current_scope)) -> list[dict]:
    return exposures.add_visits(session, scope=scope, case_id=case_id,
                                visits=[v.model_dump() for v in body.visits])


@router.post("/exposures/publish", tags=["exposures"], response_model=PublishResult)
def publish(body: PublishIn, session: Session = DB,
            scope: Scope = Depends(current_scope)) -> dict:
    return exposures.publish_from_case(session, scope=scope, case_id=body.case_id,
                                       since=body.since)


@router.post("/exposures/{notice_id}/withdraw", tags=["exposures"],
             response_model=PublicNotice)
def withdraw(notice_id: DbId, body: WithdrawIn, session: Session = DB,
             scope: Scope = Depends(current_scope)) -> dict:
    return exposures.withdraw_notice(session, scope=scope, notice_id=notice_id,
                                     reason=body.reason)


@router.get("/public/exposures", tags=["public"], response_model=PublicExposures)
def public_exposures(province: str, since: Date | None = None, until: Date | None = None,
                     district: str | None = None,
                     lang: str = Query("vi", pattern=LANG_PATTERN),
                     session: Session = DB) -> dict:
    """Published exposure notices (places and hours only; public, no sign-in)."""
    return exposures.public_exposures(session, province=province, since=since, until=until,
                                      district=district, lang=lang,
                                      today=page_day(session, None))


# Unset keys are left out: each kind of answer has its own keys (DeclarationResult).
@router.post("/public/exposures/declarations", status_code=201, tags=["public"],
             response_model=DeclarationResult, response_model_exclude_unset=True)
def declare(body: DeclarationIn, request: Request, response: Response) -> dict:
    """Self-declaration of someone who was at a listed place: a contact for the ward station.
    Rate-limited per network address (429), duplicates answered without a second record."""
    # The attempt is committed on its own, so that a refused declaration still counts.
    with session_scope() as session:
        declarations.count_attempt(session, address=client_address(request))
    with session_scope() as session:
        result = declarations.declare(session, **body.model_dump())
    if result["status"] == "already_declared":
        response.status_code = 200
    return result
