"""Erasing a person: their personal data removed from every record that holds it, the audit
left as it was (it holds field names and keyed hashes only) and still verifying.

Decree 13/2023/NĐ-CP on personal data protection, art. 9 and 16 (like GDPR art. 17): the data
subject may have their data deleted once the purpose of processing has ended. What is kept is
what the surveillance counts and the law on infectious diseases requires: the case, its dates,
places by unit, age, sex and outcome; what goes is what identifies the person.
"""

from __future__ import annotations

import json
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Scope
from episurv.cases.models import Case
from episurv.cases.service import get_case
from episurv.clusters.models import ClusterSuggestion
from episurv.contacts.models import Contact
from episurv.contacts.service import get_contact
from episurv.errors import InvalidInput
from episurv.exposures.models import CaseVisit, Declaration

# The personal columns of each table that holds any (audit.PERSONAL_FIELDS are their names).
ERASED_FIELDS = ("name", "phone", "address")
# A home visit's place is the person's home: its text goes with the address.
ERASED_PLACE = "(đã xoá)"


def _erase_shared_address(session: Session, case: Case) -> int:
    """Cluster suggestions tie cases by a shared home address and may be named after it: that
    text goes where this case is one of the tied cases. Returns how many suggestions changed."""
    changed = 0
    for suggestion in session.scalars(select(ClusterSuggestion).where(
            ClusterSuggestion.province_code == case.province_code)):
        evidence = json.loads(suggestion.evidence)
        labels = {e["label"] for e in evidence
                  if e["kind"] == "address" and case.id in e.get("cases", [])}
        if not labels:
            continue
        for e in evidence:
            if e["label"] in labels:
                e["label"] = ERASED_PLACE
        suggestion.evidence = json.dumps(evidence, ensure_ascii=False)
        if suggestion.name in labels:
            suggestion.name = ERASED_PLACE
        changed += 1
    return changed


def erase_person(session: Session, *, scope: Scope, case_id: str | None = None,
                 contact_code: str | None = None, province_code: int | None = None) -> dict:
    """Erase the person who is the case `case_id` or the contact `contact_code` (and, when the
    contact became a case or the case was traced as a contact, the other record of the same
    person). Returns what was erased, by record, with field names only."""
    scope.require_role("admin", "national", "province")
    if (case_id is None) == (contact_code is None):
        raise InvalidInput("name the person by exactly one of --case and --contact")
    cases: list[Case] = []
    people: list[Contact] = []
    if case_id is not None:
        cases.append(get_case(session, case_id, scope=scope, province_code=province_code))
        people.extend(session.scalars(select(Contact).where(
            Contact.province_code == cases[0].province_code, Contact.case_id == cases[0].id)))
    else:
        contact = get_contact(session, contact_code or "", scope=scope)
        people.append(contact)
        if contact.case_id is not None:
            cases.extend(session.scalars(select(Case).where(
                Case.province_code == contact.province_code, Case.id == contact.case_id)))
    erased = []
    for case in cases:
        for field in ERASED_FIELDS:
            setattr(case, field, None)
        homes = session.execute(update(CaseVisit).where(
            CaseVisit.province_code == case.province_code, CaseVisit.case_id == case.id,
            CaseVisit.kind == "home").values(address=None, place=ERASED_PLACE)).rowcount
        suggestions = _erase_shared_address(session, case)
        erased.append({"record": f"case:{case.case_id}", "fields": list(ERASED_FIELDS),
                       "home_visits": homes, "suggestions": suggestions})
        audit.record(session, scope, "erase", "case", case.case_id,
                     changes={"erased": list(ERASED_FIELDS), "home_visits": homes,
                              "suggestions": suggestions},
                     province_code=case.province_code)
    for contact in people:
        for field in ERASED_FIELDS:
            setattr(contact, field, None)
        # The declaration's phone hash would still recognise the phone: a random value keeps
        # the row (the notice's count) and ties it to nobody.
        declared = session.execute(update(Declaration).where(
            Declaration.province_code == contact.province_code,
            Declaration.contact_id == contact.id).values(
            phone_hash=secrets.token_hex(32))).rowcount
        erased.append({"record": f"contact:{contact.contact_code}",
                       "fields": list(ERASED_FIELDS), "declarations": declared})
        audit.record(session, scope, "erase", "contact", contact.contact_code,
                     changes={"erased": list(ERASED_FIELDS), "declarations": declared},
                     province_code=contact.province_code)
    session.flush()
    return {"erased": erased}
