"""The JSON API, version 1. Each route calls the same service as its CLI twin."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from episurv.cases import service as cases
from episurv.cases.models import Case
from episurv.geo.units import PROVINCE, register
from episurv.reporting.service import daily_report_for
from episurv.web.deps import get_session
from episurv.web.schemas import CaseIn, CaseOut, CasePage, CasePatch

router = APIRouter(prefix="/api/v1")


@router.get("/reports/daily", tags=["reports"])
def daily_report(province: str = Query(..., examples=["Hà Nội"]),
                 date: Optional[str] = Query(None, description="YYYY-MM-DD; default latest")
                 ) -> dict:
    """The city's daily report: the same JSON as `episurv report daily --format json`."""
    return daily_report_for(province, date)


@router.post("/cases", status_code=201, response_model=CaseOut, tags=["cases"])
def create_case(body: CaseIn, response: Response,
                session: Session = Depends(get_session)) -> dict:
    case = cases.save_case(session, body.model_dump(), must_be_new=bool(body.case_id))
    response.headers["Location"] = f"/api/v1/cases/{case['case_id']}"
    return case


@router.get("/cases", response_model=CasePage, tags=["cases"])
def list_cases(province: Optional[str] = None, limit: int = Query(100, ge=1, le=1000),
               after: Optional[int] = Query(None, description="Cursor from next_after"),
               session: Session = Depends(get_session)) -> dict:
    code = register().resolve(province, PROVINCE).code if province else None
    items = cases.list_cases(session, province_code=code, limit=limit + 1, after_id=after)
    page, more = items[:limit], len(items) > limit
    next_after = None
    if more:
        next_after = session.scalar(select(Case.id).where(Case.case_id == page[-1]["case_id"]))
    return {"items": page, "next_after": next_after}


@router.get("/cases/{case_id}", response_model=CaseOut, tags=["cases"])
def get_case(case_id: str, session: Session = Depends(get_session)) -> dict:
    return cases.case_values(session, cases.get_case(session, case_id))


@router.patch("/cases/{case_id}", response_model=CaseOut, tags=["cases"])
def patch_case(case_id: str, body: CasePatch, session: Session = Depends(get_session)) -> dict:
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    return cases.patch_case(session, case_id, changes, expected_version=version)
