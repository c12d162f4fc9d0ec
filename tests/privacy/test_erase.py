"""Erasing a person leaves nothing of their name, phone or address anywhere in the database,
while the audit log (append-only, hash-chained) still verifies and still proves, by keyed hash,
which values had been set."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import String, Text, inspect, select, text
from typer.testing import CliRunner

from episurv.accounts import audit
from episurv.accounts.models import AuditEntry
from episurv.accounts.schemas import AuditCheck, AuditEntryOut
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.service import get_case, patch_case
from episurv.cli import app
from episurv.contacts import service as contacts
from episurv.db import Base, get_engine, session_scope
from episurv.privacy.schemas import ErasedPerson

NAME, PHONE, ADDRESS = "Trần Thị Xoá", "0987654321", "Số 9 ngõ 77 Xuân Thuỷ"
NEW_ADDRESS = "Số 15 ngõ 2 Trần Quốc Hoàn"
TRACES = (NAME, "0987654321", "987.654.321", "987654321", "ngõ 77 Xuân Thuỷ", NEW_ADDRESS)


def _every_text(url: str) -> str:
    """Every text value of every table, one after the other."""
    engine = get_engine(url)
    parts = []
    with engine.connect() as conn:
        existing = set(inspect(conn).get_table_names())  # asked once: 19 ms on PostgreSQL
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            if columns and table.name in existing:
                for row in conn.execute(select(*columns)):
                    parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def _person(session, write_csv):
    import_cases(session, write_csv("case_id,report_date,province,district,ward\n"
                                    "A1,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng\n"), scope=SYSTEM)
    contacts.add_contact(session, scope=SYSTEM, values={
        "contact_code": "F-9", "level": "F1", "source_case": "A1", "exposure_date": "2021-11-04",
        "relation": "household", "name": NAME, "phone": "+84 987.654.321", "address": ADDRESS,
        "district": "Cầu Giấy", "ward": "Dịch Vọng"})
    contacts.record_check(session, scope=SYSTEM, contact_code="F-9", day=date(2021, 11, 5),
                          kind="test", result="positive")
    contacts.become_case(session, scope=SYSTEM, contact_code="F-9",
                         report_date=date(2021, 11, 6), case_id="A2")
    patch_case(session, "A2", {"address": NEW_ADDRESS}, scope=SYSTEM,
               expected_version=get_case(session, "A2", scope=SYSTEM).version)
    session.commit()


def test_erasing_a_person_leaves_nothing_and_the_chain_verifies(db, session, write_csv):
    _person(session, write_csv)
    before = _every_text(db)
    assert NAME in before and NEW_ADDRESS in before  # the records hold them, for the CDC's work
    # The audit never held them: the address change is a keyed hash that proves the value.
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert not any(trace in e.changes for e in entries for trace in TRACES)
    change = next(json.loads(e.changes) for e in entries
                  if e.entity_id == "A2" and "address" in json.loads(e.changes))
    assert audit.proves(session, NEW_ADDRESS, change["address"][1])
    assert not audit.proves(session, "Số 16 ngõ 2 Trần Quốc Hoàn", change["address"][1])

    result = CliRunner().invoke(app, ["erase", "person", "--contact", "F-9"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert ErasedPerson.model_validate(printed).model_dump() == printed == {"erased": [
        {"record": "case:A2", "fields": ["name", "phone", "address"], "home_visits": 0,
         "suggestions": 0},
        {"record": "contact:F-9", "fields": ["name", "phone", "address"], "declarations": 0}]}

    after = _every_text(db)
    assert [trace for trace in TRACES if trace in after] == []
    with session_scope(db) as s:
        case = s.scalar(select(Case).where(Case.case_id == "A2"))
        assert (case.name, case.phone, case.address, case.report_day) == (
            None, None, None, date(2021, 11, 6))  # the case still counts
        assert audit.verify(s) == {"entries": len(entries) + 2, "ok": True, "first_bad": None}
    verified = CliRunner().invoke(app, ["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    assert AuditCheck.model_validate(json.loads(verified.stdout)).model_dump() == {
        "entries": len(entries) + 2, "ok": True, "first_bad": None}
    # A record's history keeps the field names of the erasure, no value.
    shown = CliRunner().invoke(app, ["audit", "--entity", "case:A2", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    history = [AuditEntryOut.model_validate(e) for e in json.loads(shown.stdout)]
    assert (history[-1].action, history[-1].entity, history[-1].changes) == (
        "erase", "case:A2", {"erased": ["name", "phone", "address"], "home_visits": 0,
                             "suggestions": 0})


def test_verify_finds_an_entry_changed_behind_the_guard(db, session, write_csv):
    _person(session, write_csv)
    engine = get_engine(db)
    with engine.begin() as conn:
        from episurv.accounts.audit_guard import guard, unguard
        dialect = conn.dialect.name
        for statement in unguard(dialect):
            conn.execute(text(statement))
        second = conn.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1"))
        bad = second.scalar()
        conn.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE id = :i"),
                     {"i": bad})
        for statement in guard(dialect):
            conn.execute(text(statement))
    with session_scope(db) as s:
        assert audit.verify(s) == {"entries": 1, "ok": False, "first_bad": bad}
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"breaks at entry {bad}" in result.output


def test_the_api_twins_erase_in_scope_only_and_verify(db, session, write_csv, client_as):
    _person(session, write_csv)
    outsider = client_as("province", "Bắc Ninh")
    refused = outsider.post("/api/v1/people/erase", json={"contact": "F-9"})
    assert refused.status_code == 404  # outside the jurisdiction: as if it did not exist
    assert NAME in _every_text(db)
    assert client_as("district", "Hà Nội", "Cầu Giấy").post(
        "/api/v1/people/erase", json={"contact": "F-9"}).status_code == 403
    erased = client_as("province", "Hà Nội").post("/api/v1/people/erase",
                                                  json={"case": "A2"})
    assert erased.status_code == 200, erased.text
    assert [e["record"] for e in erased.json()["erased"]] == ["case:A2", "contact:F-9"]
    assert [trace for trace in TRACES if trace in _every_text(db)] == []
    assert client_as("province", "Hà Nội").get("/api/v1/audit/verify").status_code == 403
    assert client_as("admin", None).get("/api/v1/audit/verify").json()["ok"] is True
