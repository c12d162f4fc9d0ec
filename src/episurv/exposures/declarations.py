"""Self-declarations from the public notice page: someone who was at a listed place leaves a
name, a phone and their ward, and becomes a contact on that ward station's follow-up list.

The limits, each a rule with its reason:
- validated: a real name (letters, 2-100 characters), a Vietnamese phone number, a ward of the
  notice's province, a published notice of the last `DECLARE_WITHIN_DAYS` days (14: beyond an
  incubation period a declaration no longer leads to a quarantine);
- rate-limited per network address: `PER_HOUR` submissions an hour (default 5), counted before
  validation so that guessing costs attempts too;
- duplicates: the same phone for the same notice is accepted once; a second time says so and
  changes nothing;
- spam: a hidden field people leave empty ("website"); when it is filled the answer looks like
  success and nothing is stored;
- stores nothing it does not need: the contact (name, phone, ward, the notice's place and day),
  a keyed hash of the phone per notice for the duplicate check, and a keyed hash of the address
  for the rate limit, deleted once the hour has passed. No address, no ID number, no raw IP.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Scope
from episurv.accounts.secrets import secret
from episurv.config import get_settings
from episurv.contacts.models import Contact
from episurv.contacts.service import apply_plan
from episurv.contacts.validation import normalize_phone
from episurv.core.time import LOCAL
from episurv.errors import EpisurvError, InvalidInput, NotFound
from episurv.exposures.models import CaseVisit, Declaration, DeclarationAttempt, ExposureNotice
from episurv.exposures.service import public_notice
from episurv.geo.units import DISTRICT, WARD, register

# Notice ids are 32-bit integers in the store: a larger one names no notice (and must not reach
# the database, which would refuse it with an error instead of an answer).
MAX_NOTICE_ID = 2**31 - 1

DECLARE_WITHIN_DAYS = 14
WINDOW = timedelta(hours=1)
_NAME = re.compile(r"^[^\W\d_]+(?:[ '.\-][^\W\d_]+)*$", re.UNICODE)


class TooManyRequests(EpisurvError):
    http_status = 429


def per_hour() -> int:
    return get_settings().declarations_per_hour


def _key(session: Session, *parts: object) -> str:
    # Keyed with this database's own secret (made when it was created, never shipped), so a
    # leaked table does not map back to phones or addresses by hashing every number.
    key = secret(session, "declaration_key")
    return hmac.new(key.encode(), "\x1f".join(map(str, parts)).encode(),
                    hashlib.sha256).hexdigest()


def count_attempt(session: Session, *, address: str, now: datetime | None = None) -> int:
    """Count one submission from `address`, refusing it beyond the hourly limit. Run it in its
    own transaction, committed before the declaration, so a refused declaration still counts.
    Returns the submissions left this hour."""
    now = now or datetime.now(UTC)
    who = _key(session, "address", address)
    session.execute(delete(DeclarationAttempt).where(DeclarationAttempt.at <= now - WINDOW))
    recent = session.scalar(select(func.count()).select_from(DeclarationAttempt).where(
        DeclarationAttempt.address_hash == who, DeclarationAttempt.at > now - WINDOW)) or 0
    if recent >= per_hour():
        raise TooManyRequests(f"too many declarations from your network: at most {per_hour()} "
                              "an hour; try again later or call the hotline")
    session.add(DeclarationAttempt(address_hash=who, at=now))
    session.flush()
    return per_hour() - recent - 1


def declare(session: Session, *, notice_id: int, name: str, phone: str, ward: str,
            district: str | None = None, website: str | None = None,
            now: datetime | None = None) -> dict:
    """Register a self-declaration (after `count_attempt`); returns {"status": "declared" |
    "already_declared", ...}."""
    now = now or datetime.now(UTC)
    if website:
        return {"status": "declared"}  # a bot filled the hidden field: store nothing more

    # Vietnamese typed on macOS and some phones arrives decomposed (NFD): compare it as NFC.
    name, ward = unicodedata.normalize("NFC", name or ""), unicodedata.normalize("NFC", ward or "")
    district = unicodedata.normalize("NFC", district) if district else None
    if not 1 <= notice_id <= MAX_NOTICE_ID:
        raise NotFound(f"no published notice {str(notice_id)[:20]}")
    problems = []
    clean_name = " ".join((name or "").split())
    if not (2 <= len(clean_name) <= 100 and _NAME.match(clean_name)):
        problems.append({"field": "name", "value": clean_name,
                         "message": "a name of letters, 2 to 100 characters"})
    number = normalize_phone(phone)
    if number is None:
        problems.append({"field": "phone", "value": phone or "",
                         "message": "a phone number of 10 or 11 digits starting with 0"})
    notice = session.scalar(select(ExposureNotice).where(ExposureNotice.id == notice_id))
    if notice is None or notice.withdrawn_at is not None:
        raise NotFound(f"no published notice {notice_id}")
    # The exposure's age is counted to the latest reporting day in the data (never past the
    # clock), as every page counts it: declaring on a demo or on historical data works as it
    # did on its day.
    from episurv.reporting.daily import latest_data_day

    clock_today = now.astimezone(LOCAL).date()
    local_today = min(clock_today, latest_data_day(session, notice.province_code) or clock_today)
    if notice.day < local_today - timedelta(days=DECLARE_WITHIN_DAYS):
        problems.append({"field": "notice_id", "value": str(notice_id),
                         "message": f"the exposure was more than {DECLARE_WITHIN_DAYS} days "
                                    "ago: no quarantine follows; call the hotline if unwell"})
    if notice.day > clock_today:
        problems.append({"field": "notice_id", "value": str(notice_id),
                         "message": "the notice's day is in the future"})
    reg = register()
    w_code = d_code = None
    try:
        if district:
            d_code = reg.resolve(district, DISTRICT, notice.province_code).code
        unit = reg.resolve(ward or "", WARD, d_code, province=notice.province_code)
        w_code, d_code = unit.code, unit.parent_code
    except InvalidInput as exc:
        problems.append({"field": "ward", "value": ward or "", "message": str(exc)})
    if problems:
        raise InvalidInput("; ".join(f"{p['field']}: {p['message']}" for p in problems),
                           problems)

    phone_hash = _key(session, "phone", notice_id, number)
    if session.scalar(select(Declaration.id).where(Declaration.notice_id == notice_id,
                                                   Declaration.phone_hash == phone_hash)):
        return {"status": "already_declared", "notice": public_notice(notice)}
    source_case = session.scalar(select(CaseVisit.case_id).where(
        CaseVisit.id == notice.visit_id)) if notice.visit_id else None
    contact = Contact(
        contact_code=f"D-{notice_id}-{phone_hash[:10].upper()}", level="F1",
        province_code=notice.province_code, district_code=d_code, ward_code=w_code,
        source_case_id=source_case, exposure_date=notice.day, exposure_place=notice.place,
        relation="public_place", identified_on=max(notice.day, clock_today), name=clean_name,
        phone=number, status="declared", origin="self_declared", version=1)
    session.add(contact)
    apply_plan(session, contact, None)
    session.add(Declaration(province_code=notice.province_code, notice_id=notice_id,
                            contact_id=contact.id, phone_hash=phone_hash,
                            created_at=now))
    form = Scope(role="station", actor="public self-declaration")
    audit.record(session, form, "declare", "contact", contact.contact_code,
                 changes={"notice": notice_id, "ward_code": w_code},
                 province_code=notice.province_code)
    session.flush()
    return {"status": "declared", "notice": public_notice(notice),
            "ward": reg.get(WARD, w_code).short_name,
            "quarantine_until": contact.quarantine_end.isoformat()
            if contact.quarantine_end else None, "policy": contact.policy}


