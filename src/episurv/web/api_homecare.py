"""The JSON API of care at home: stations and their logs, households and people, intake,
check-ins, the worklist, alerts, tests, release, outcomes and medicine. Each route calls the same
service as its CLI twin (cli/stations.py), in the caller's scope. The one unauthenticated write
is the personal check-in link (POST /api/v1/public/checkins/{province}, its token in the
X-Checkin-Token header), rate-limited per token and per address and answering nothing personal.
"""

from __future__ import annotations

import threading
from contextlib import nullcontext
from datetime import date as Date
from datetime import datetime

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from episurv.accounts.scope import Scope
from episurv.config import get_settings
from episurv.db import is_sqlite, session_scope
from episurv.homecare import service as hc
from episurv.homecare.schemas import (
    AlertResolution,
    AssessmentIn,
    CheckInIn,
    CheckInStored,
    DispenseIn,
    DispensingOut,
    HouseholdIn,
    HouseholdMembers,
    HouseholdOut,
    IntakeResult,
    LinkStatus,
    LogIn,
    OutcomeIn,
    PersonalLink,
    PersonAtHome,
    PersonDetail,
    PersonIn,
    PublicCheckIn,
    RapidTestOut,
    ReleaseCertificate,
    ReleaseIn,
    ResolveIn,
    StaffCheckInIn,
    StaffIn,
    StationDetail,
    StationIn,
    StationLogEntry,
    StationSummary,
    TestIn,
    Worklist,
)
from episurv.web.deps import DB, Session, client_address, current_scope
from episurv.web.i18n import LANG_PATTERN, gettext_for
from episurv.web.pages_homecare import say_reason
from episurv.web.schemas_ids import DbId

router = APIRouter(prefix="/api/v1", tags=["home care"])
_SQLITE_WRITES = threading.Lock()


def _province(session: Session, scope: Scope, station_id: int, person_id: int) -> int:
    return hc.person_province(session, scope=scope, station_id=station_id, person_id=person_id)


@router.get("/stations", response_model=list[StationSummary])
def list_stations(session: Session = DB, scope: Scope = Depends(current_scope)
                  ) -> list[StationSummary]:
    return hc.list_stations(session, scope=scope)


@router.post("/stations", status_code=201, response_model=StationSummary)
def create_station(body: StationIn, session: Session = DB,
                   scope: Scope = Depends(current_scope)) -> StationSummary:
    return hc.create_station(session, scope=scope, **body.model_dump())


@router.get("/stations/{station_id}", response_model=StationDetail)
def get_station(station_id: DbId, until: Date | None = None, session: Session = DB,
                scope: Scope = Depends(current_scope)) -> StationDetail:
    """The station, and its five tasks' counts per day for 14 days up to `until` (default:
    the day of its latest check-in)."""
    return hc.station_detail(session, station_id, scope=scope, until=until)


@router.post("/stations/{station_id}/staff", response_model=StationSummary)
def add_staff(station_id: DbId, body: StaffIn, session: Session = DB,
              scope: Scope = Depends(current_scope)) -> StationSummary:
    return hc.add_staff(session, scope=scope, station_id=station_id, email=body.email)


@router.post("/stations/{station_id}/log", status_code=201, response_model=StationLogEntry)
def log_activity(station_id: DbId, body: LogIn, session: Session = DB,
                 scope: Scope = Depends(current_scope)) -> StationLogEntry:
    return hc.log_activity(session, scope=scope, station_id=station_id, day=body.date,
                           task=body.task, count=body.count, note=body.note)


@router.get("/stations/{station_id}/households", response_model=list[HouseholdMembers])
def list_households(station_id: DbId, date: Date | None = None, session: Session = DB,
                    scope: Scope = Depends(current_scope)) -> list[HouseholdMembers]:
    day = date or hc.latest_moment(session, scope=scope, station_id=station_id).date()
    return hc.households(session, scope=scope, station_id=station_id, day=day)


@router.post("/stations/{station_id}/households", status_code=201, response_model=HouseholdOut)
def add_household(station_id: DbId, body: HouseholdIn, session: Session = DB,
                  scope: Scope = Depends(current_scope)) -> HouseholdOut:
    return hc.add_household(session, scope=scope, station_id=station_id, **body.model_dump())


@router.post("/stations/{station_id}/households/{household_id}/people", status_code=201,
             response_model=PersonAtHome)
def add_person(station_id: DbId, household_id: DbId, body: PersonIn, session: Session = DB,
               scope: Scope = Depends(current_scope)) -> PersonAtHome:
    return hc.add_person(session, scope=scope,
                         province_code=hc.station_province(session, station_id, scope=scope),
                         household_id=household_id, values=body)


@router.get("/stations/{station_id}/worklist", response_model=Worklist)
def worklist(station_id: DbId, at: datetime | None = None, session: Session = DB,
             scope: Scope = Depends(current_scope)) -> Worklist:
    """Who is due a check-in, who missed one, alerts, tests and releases due, most urgent
    first, at `at` (default: the station's latest check-in)."""
    return hc.station_worklist(session, scope=scope, station_id=station_id, at=at)


@router.get("/stations/{station_id}/people/{person_id}", response_model=PersonDetail)
def get_person(station_id: DbId, person_id: DbId, session: Session = DB,
               scope: Scope = Depends(current_scope)) -> PersonDetail:
    return hc.person_detail(session, scope=scope,
                            province_code=_province(session, scope, station_id, person_id),
                            person_id=person_id)


@router.post("/stations/{station_id}/people/{person_id}/assessments",
             response_model=IntakeResult)
def assess(station_id: DbId, person_id: DbId, body: AssessmentIn, session: Session = DB,
           scope: Scope = Depends(current_scope)) -> IntakeResult:
    """Intake against the rule in force: each criterion met or not; a new personal link
    (shown once) when eligible, a transfer flag when not."""
    return hc.assess(session, scope=scope,
                     province_code=_province(session, scope, station_id, person_id),
                     person_id=person_id, answers=body)


@router.post("/stations/{station_id}/people/{person_id}/link", response_model=PersonalLink)
def issue_link(station_id: DbId, person_id: DbId, session: Session = DB,
               scope: Scope = Depends(current_scope)) -> PersonalLink:
    return PersonalLink(link=hc.issue_link(
        session, scope=scope, province_code=_province(session, scope, station_id, person_id),
        person_id=person_id))


@router.post("/stations/{station_id}/people/{person_id}/tests", status_code=201,
             response_model=RapidTestOut)
def record_test(station_id: DbId, person_id: DbId, body: TestIn, session: Session = DB,
                scope: Scope = Depends(current_scope)) -> RapidTestOut:
    return hc.record_test(session, scope=scope,
                          province_code=_province(session, scope, station_id, person_id),
                          person_id=person_id, day=body.date, result=body.result,
                          supervised=body.supervised)


@router.post("/stations/{station_id}/people/{person_id}/release",
             response_model=ReleaseCertificate)
def release(station_id: DbId, person_id: DbId, body: ReleaseIn, session: Session = DB,
            scope: Scope = Depends(current_scope)) -> ReleaseCertificate:
    return hc.release(session, scope=scope,
                      province_code=_province(session, scope, station_id, person_id),
                      person_id=person_id, day=body.date)


@router.get("/stations/{station_id}/people/{person_id}/certificate",
            response_model=ReleaseCertificate)
def certificate(station_id: DbId, person_id: DbId, session: Session = DB,
                scope: Scope = Depends(current_scope)) -> ReleaseCertificate:
    return hc.certificate(session, scope=scope,
                          province_code=_province(session, scope, station_id, person_id),
                          person_id=person_id)


@router.post("/stations/{station_id}/people/{person_id}/outcome", response_model=PersonAtHome)
def outcome(station_id: DbId, person_id: DbId, body: OutcomeIn, session: Session = DB,
            scope: Scope = Depends(current_scope)) -> PersonAtHome:
    return hc.set_outcome(session, scope=scope,
                          province_code=_province(session, scope, station_id, person_id),
                          person_id=person_id, day=body.date, outcome=body.outcome,
                          note=body.note)


@router.post("/stations/{station_id}/people/{person_id}/dispensings", status_code=201,
             response_model=DispensingOut)
def dispense(station_id: DbId, person_id: DbId, body: DispenseIn, session: Session = DB,
             scope: Scope = Depends(current_scope)) -> DispensingOut:
    return hc.dispense(session, scope=scope,
                       province_code=_province(session, scope, station_id, person_id),
                       person_id=person_id, day=body.date, package=body.package,
                       doctor_order=body.doctor_order)


@router.post("/stations/{station_id}/alerts/{alert_id}/resolve", response_model=AlertResolution)
def resolve_alert(station_id: DbId, alert_id: DbId, body: ResolveIn, session: Session = DB,
                  scope: Scope = Depends(current_scope)) -> AlertResolution:
    return hc.resolve_alert(session, scope=scope,
                            province_code=hc.station_province(session, station_id, scope=scope),
                            alert_id=alert_id, resolution=body.resolution, note=body.note)


@router.post("/checkins", status_code=201, response_model=CheckInStored)
def staff_checkin(body: StaffCheckInIn, response: Response, session: Session = DB,
                  scope: Scope = Depends(current_scope)) -> CheckInStored:
    """A check-in entered by staff: triaged at once (a red one opens an alert); the same
    client_id sent again is answered 200 with the stored check-in."""
    values = CheckInIn(**body.model_dump(exclude={"person_id", "province_code"}))
    done = hc.staff_checkin(session, scope=scope, province_code=body.province_code,
                            person_id=body.person_id, values=values)
    if done.duplicate:
        response.status_code = 200
    return done


# The personal link's token: sent in a header by the page's script, never in a URL, so that it
# reaches no access log (the link carries it in its fragment: service.link_path).
Token = Header(alias="X-Checkin-Token", min_length=1, max_length=100,
               description="The token of the personal link (its fragment, after #)")


@router.get("/public/checkins/{province_code}", tags=["public"], response_model=LinkStatus)
def link_status(province_code: int, request: Request, token: str = Token,
                session: Session = DB) -> LinkStatus:
    """Whether a personal link is valid (404 when not, or no longer): what the check-in page
    asks when it opens. Counted by the same rate limits as the check-ins."""
    hc.link_status(session, province_code=province_code, token=token,
                   address=client_address(request))
    return LinkStatus(valid=True)


@router.post("/public/checkins/{province_code}", status_code=201, tags=["public"],
             response_model=PublicCheckIn)
def self_checkin(province_code: int, body: CheckInIn, request: Request, response: Response,
                 lang: str = Query("vi", pattern=LANG_PATTERN), token: str = Token
                 ) -> PublicCheckIn:
    """A check-in through the personal link (no sign-in): the colour and its reasons (also
    in `lang`), nothing else. 429 over the rate limits; 200 for a resend of a stored
    check-in."""
    return _self_checkin(province_code, token, body, request, response, lang)


@router.post("/public/checkins/{province_code}/{token}", status_code=201,
             include_in_schema=False, response_model=PublicCheckIn)
def self_checkin_old_address(province_code: int, token: str, body: CheckInIn,
                             request: Request, response: Response,
                             lang: str = Query("vi", pattern=LANG_PATTERN)) -> PublicCheckIn:
    """Where pages opened before the token left the URL send their queued check-ins (the
    access log writes this path without the token: web.security)."""
    return _self_checkin(province_code, token, body, request, response, lang)


def _self_checkin(province_code: int, token: str, body: CheckInIn, request: Request,
                  response: Response, lang: str) -> PublicCheckIn:
    url = get_settings().database_url
    # SQLite has one writer at a time: queueing on a lock in this process costs less than
    # SQLite's sleeping busy-wait, and a burst never times out into a 500 ("database is
    # locked"). The commit happens inside it. The write lock is taken at BEGIN (write=True):
    # with several worker processes, a transaction that read first and then tried to write
    # after another process's commit would fail at once (SQLite cannot upgrade a stale
    # snapshot) instead of waiting its turn.
    with _SQLITE_WRITES if is_sqlite(url) else nullcontext(), \
            session_scope(url, write=True) as session:
        done = hc.self_checkin(session, province_code=province_code, token=token,
                               values=body, address=client_address(request))
    gettext = gettext_for(lang)
    if done.duplicate:
        response.status_code = 200
    return PublicCheckIn(**dict(done), reasons_text=[say_reason(r, gettext)
                                                     for r in done.reasons])
