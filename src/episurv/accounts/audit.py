"""Writing and reading the audit log. Every service write calls `record`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import Scope


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def diff(before: dict | None, after: dict | None) -> dict[str, list]:
    """The fields whose values differ: {"field": [before, after]}."""
    before, after = before or {}, after or {}
    return {k: [_plain(before.get(k)), _plain(after.get(k))]
            for k in sorted(set(before) | set(after))
            if _plain(before.get(k)) != _plain(after.get(k))}


def record(session: Session, scope: Scope, action: str, entity: str, entity_id: str, *,
           changes: dict | None = None, province_code: int | None = None) -> None:
    from episurv.dataversion import bump

    bump(session, [province_code])
    session.add(AuditEntry(
        at=datetime.now(UTC), actor=scope.actor, address=scope.address, action=action,
        entity=entity, entity_id=str(entity_id), province_code=province_code,
        changes=json.dumps(changes or {}, ensure_ascii=False, default=str)))


def history(session: Session, entity: str, entity_id: str) -> list[dict]:
    rows = session.scalars(select(AuditEntry).where(
        AuditEntry.entity == entity, AuditEntry.entity_id == entity_id).order_by(AuditEntry.id))
    return [{"at": e.at.isoformat(), "actor": e.actor, "address": e.address,
             "action": e.action, "entity": f"{e.entity}:{e.entity_id}",
             "changes": json.loads(e.changes)} for e in rows]
