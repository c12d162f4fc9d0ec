"""The JSON API of bulletins: read one (the same JSON as `episurv parse bulletin FILE --format
json`) and store a reviewed one."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from episurv.accounts.scope import Scope
from episurv.bulletins import service as bulletins
from episurv.bulletins.parse import parse_bulletin
from episurv.bulletins.schemas import BulletinReading, BulletinStored
from episurv.core.limits import BULLETIN_BYTES_MAX
from episurv.errors import InvalidInput, TooLarge
from episurv.web.deps import DB, Session, current_scope

router = APIRouter(prefix="/api/v1", tags=["bulletins"])


class BulletinText(BaseModel):
    text: str = Field(description="The bulletin, NFC or NFD text.")
    year: int = Field(2021, description="Year of the d/m dates in the text.")


class BulletinStore(BulletinText):
    corrections: dict[str, Any] = Field(
        default_factory=dict, description='Corrected fields: {"community": 38, '
        '"community_by_unit.2": 5, "date": "2021-11-09"}.')
    confirm: bool = Field(False, description="Store despite failed checks.")


_TEXT_BODY = {"requestBody": {"content": {
    "application/json": {"schema": BulletinText.model_json_schema()},
    "text/plain": {"schema": {"type": "string"}}}, "required": True}}


async def _text_and_year(request: Request, year: int) -> tuple[str, int]:
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > BULLETIN_BYTES_MAX:
            raise TooLarge(f"the body is larger than {BULLETIN_BYTES_MAX:,} bytes; a bulletin "
                           f"is a few kilobytes of text")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the body is not UTF-8 text ({exc.reason})") from exc
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            given = BulletinText.model_validate(json.loads(body))
        except (ValueError, TypeError) as exc:
            raise InvalidInput(f'send {{"text": "...", "year": 2021}}: {exc}') from exc
        return given.text, given.year
    return body, year


@router.post("/bulletins/parse", openapi_extra=_TEXT_BODY, response_model=BulletinReading,
             response_model_exclude_unset=True)
async def parse(request: Request, year: int = 2021,
                scope: Scope = Depends(current_scope)) -> dict:
    """What a bulletin says: its figures, the spans of the text each was read from, the checks
    and status ("ok" or "needs_review"). JSON `{"text", "year"}` or the text itself
    (text/plain, `?year=`)."""
    text, year = await _text_and_year(request, year)
    return parse_bulletin(text, year=year)


@router.post("/bulletins/store", response_model=BulletinStored)
def store(body: BulletinStore, session: Session = DB,
          scope: Scope = Depends(current_scope)) -> dict:
    """Store a bulletin's figures (aggregate submissions, source "bulletin") and clusters,
    after a person's corrections. 409 while checks fail, unless corrected or `confirm`."""
    return bulletins.store_bulletin(session, scope=scope, text=body.text, year=body.year,
                                    corrections=body.corrections, confirm=body.confirm)
