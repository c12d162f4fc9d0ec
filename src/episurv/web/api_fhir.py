"""The FHIR R4 API: `GET /api/fhir/Patient` (a searchset Bundle, or NDJSON for bulk) and
`POST /api/fhir/Bundle` (a laboratory's transaction Bundle). The same service calls as
`episurv export fhir` and `episurv import fhir`, in the caller's scope; a refused request gets
FHIR's OperationOutcome."""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from episurv.accounts.scope import Scope
from episurv.errors import InvalidInput
from episurv.interop.schemas import Bundle, OperationOutcome
from episurv.web.deps import DB, Session, current_scope

router = APIRouter(prefix="/api/fhir", tags=["fhir"])
FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"


class FhirJSONResponse(JSONResponse):
    media_type = FHIR_JSON


def _fhir(body: dict, status: int = 200) -> JSONResponse:
    return FhirJSONResponse(body, status_code=status)


# FHIR leaves an element out rather than writing it null: the answers are validated against
# their schema and dumped with the keys they had (exclude_unset).
_REFUSED = {"model": OperationOutcome, "description": "Refused, with an OperationOutcome"}


@router.get("/Patient", response_model=Bundle, response_class=FhirJSONResponse,
            response_model_exclude_unset=True,
            responses={200: {"content": {FHIR_NDJSON: {"schema": {"type": "string"}}}}})
def search_patients(
    case: str | None = Query(None, description="A case code: its transmission chain"),
    province: str | None = Query(None, examples=["Hà Nội"]),
    since: date | None = Query(None), until: date | None = Query(None),
    format_: str = Query("json", alias="_format", description="json or ndjson"),
    personal: bool = Query(False, description="Names, phones, addresses (role permitting)"),
    session: Session = DB, scope: Scope = Depends(current_scope)) -> Response | dict:
    """Cases in the caller's jurisdiction as Patient + Condition (a case's chain adds its
    contacts as RelatedPerson + exposure Observation), pseudonymised unless `personal`."""
    from episurv.geo.units import province_code
    from episurv.interop import fhir
    from episurv.interop.service import export_fhir

    if format_ not in ("json", "ndjson"):
        raise InvalidInput(f"_format {format_!r}: json or ndjson")
    code = province_code(province)
    resources, _counts = export_fhir(session, scope=scope, case_id=case, province_code=code,
                                     since=since, until=until, personal=personal)
    if format_ == "ndjson":
        return Response(fhir.ndjson(resources), media_type=FHIR_NDJSON)
    return fhir.bundle(resources, kind="searchset")


@router.post("/Bundle", response_model=Bundle, response_class=FhirJSONResponse,
             response_model_exclude_unset=True, responses={400: _REFUSED, 422: _REFUSED})
async def post_bundle(request: Request, session: Session = DB,
                      scope: Scope = Depends(current_scope)) -> Response | dict:
    """A laboratory's transaction Bundle of SARS-CoV-2 RNA results (LOINC 94500-6): positive
    results create or update cases, all or nothing; the answer is the transaction-response
    Bundle, or an OperationOutcome (422) naming each problem."""
    from episurv.interop.service import RefusedBundle, import_lab_bundle

    try:
        raw = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return _fhir({"resourceType": "OperationOutcome", "issue": [
            {"severity": "error", "code": "invalid", "diagnostics": f"not JSON: {exc}"}]}, 400)
    try:
        response, _counts = import_lab_bundle(session, scope=scope, raw=raw,
                                              name=f"Bundle/{raw.get('id') or 'posted'}"
                                              if isinstance(raw, dict) else "Bundle")
    except RefusedBundle as exc:
        return _fhir(exc.outcome, 422)
    return response
