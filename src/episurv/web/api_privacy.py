"""The JSON API twins of `episurv erase person` and `episurv audit verify`: the same service
calls, the same JSON."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from episurv.accounts import audit
from episurv.accounts.schemas import AuditCheck
from episurv.accounts.scope import Scope
from episurv.geo.units import province_code
from episurv.privacy.schemas import ErasedPerson
from episurv.privacy.service import erase_person
from episurv.web.deps import DB, Session, current_scope

router = APIRouter(prefix="/api/v1")


class ErasePerson(BaseModel):
    """Exactly one of case and contact names the person."""

    case: str | None = Field(None, description="Patient code, BN...")
    contact: str | None = Field(None, description="Contact code")
    province: str | None = Field(None, description="The case's province, where a code is shared")


@router.post("/people/erase", tags=["privacy"], response_model=ErasedPerson)
def erase(body: ErasePerson, session: Session = DB,
          scope: Scope = Depends(current_scope)) -> dict:
    """Remove a person's name, phone and address from every record that holds them (province,
    national and admin accounts, inside their jurisdiction); the audit keeps field names."""
    code = province_code(body.province)
    return erase_person(session, scope=scope, case_id=body.case, contact_code=body.contact,
                        province_code=code)


@router.get("/audit/verify", tags=["privacy"], response_model=AuditCheck)
def verify(session: Session = DB, scope: Scope = Depends(current_scope)) -> dict:
    """Walk the audit log's hash chain (admin accounts): {"entries", "ok", "first_bad"}."""
    scope.require_role("admin")
    return audit.verify(session)
