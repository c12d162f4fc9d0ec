"""What crosses the API and the command line from the audit log: a record's history
(`episurv audit --entity`, GET /api/v1/cases/{case_id}/history) and the chain's check
(`episurv audit verify`, GET /api/v1/audit/verify)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests and the OpenAPI stays true.
    model_config = ConfigDict(extra="forbid")


class AuditEntryOut(_Out):
    """One change of a record: who, when, from where, and what (field names and values, or
    keyed hashes where a value is personal)."""

    at: str
    actor: str
    address: str | None = Field(description="The network address the change came from")
    action: str
    entity: str = Field(description="KIND:ID, e.g. case:BN123456")
    changes: dict[str, Any]


class AuditCheck(_Out):
    """The audit log's hash chain walked from the first entry."""

    entries: int = Field(description="Entries whose hash was checked before the first bad one")
    ok: bool
    first_bad: int | None = Field(description="The id of the first entry whose hash does not "
                                              "follow from the ones before")
