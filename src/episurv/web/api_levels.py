"""The JSON API of epidemic levels: the same JSON as `episurv levels --format json`, from the
same service call; a unit's history; decisions (CDC roles, audited)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from episurv.accounts.scope import Scope
from episurv.errors import InvalidInput
from episurv.geo import units
from episurv.geo.units import DISTRICT, register
from episurv.levels import service
from episurv.levels.schemas import DecisionIn, DecisionOut, LevelsResult, UnitHistory
from episurv.reporting.daily import latest_data_day
from episurv.reporting.service import TYPED_DAY, parse_day
from episurv.web.deps import DB, Session, current_scope

router = APIRouter(prefix="/api/v1", tags=["levels"])


def day_or_latest(session: Session, date: str | None, province_code: int | None):
    day = parse_day(date) or latest_data_day(session, province_code)
    if day is None:
        raise InvalidInput("no cases in the register to date the week: give date")
    return day


@router.get("/levels", response_model=LevelsResult)
def levels(province: str | None = Query(None, description="Province; none: the country"),
           date: str | None = Query(None, description=f"Last day of the week. {TYPED_DAY}; "
                                                         "default latest"),
           unit: str = Query("ward", description="ward | district | province"),
           district: str | None = Query(None, description="Only this district's wards"),
           session: Session = DB, scope: Scope = Depends(current_scope)) -> LevelsResult:
    """Every unit's level for the 7 days ending on `date`, with its criteria and policy."""
    service.check_unit_level(unit)
    province_code = units.province_code(province)
    district_code = None
    if district:
        if province_code is None:
            raise InvalidInput("district needs province")
        district_code = register().resolve(district, DISTRICT, province_code).code
    return service.assess_week(session, scope=scope, province_code=province_code,
                               day=day_or_latest(session, date, province_code), unit=unit,
                               district_code=district_code)


@router.get("/levels/{unit}/{code}", response_model=UnitHistory)
def history(unit: str, code: int,
            date: str | None = Query(None, description=f"Last day of the latest week. "
                                                        f"{TYPED_DAY}; default latest"),
            weeks: int = Query(26, ge=1, le=260), session: Session = DB,
            scope: Scope = Depends(current_scope)) -> UnitHistory:
    """A unit's weekly levels, its changes up and down with effective dates, its decisions."""
    service.check_unit_level(unit)
    province_code = register().get(unit, code).province_code
    return service.unit_history(session, scope=scope, unit=unit, code=code,
                                day=day_or_latest(session, date, province_code), weeks=weeks)


@router.post("/levels/decisions", response_model=DecisionOut, status_code=201)
def decide(body: DecisionIn, session: Session = DB,
           scope: Scope = Depends(current_scope)) -> DecisionOut:
    """Set a unit's level from a date with a reason (overrides the computed level; audited)."""
    return service.set_decision(session, scope=scope, unit=body.unit, code=body.code,
                                level=body.level, valid_from=body.valid_from,
                                valid_to=body.valid_to, reason=body.reason,
                                reference=body.reference)
