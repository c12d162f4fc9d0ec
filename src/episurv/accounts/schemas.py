"""What the accounts service hands to the command line and the API: an account and its
jurisdiction (`episurv users list`), a token by what identifies it, never the token itself
(`episurv tokens list --format json`), a record's history from the audit log (`episurv audit
--entity`, GET /api/v1/cases/{case_id}/history) and the chain's check (`episurv audit verify`,
GET /api/v1/audit/verify)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from episurv.accounts.scope import ROLES

Role = Literal[ROLES]


class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests (tests/accounts/test_accounts_schemas.py validates the CLI's JSON) and the OpenAPI
    # stays true.
    model_config = ConfigDict(extra="forbid")


class AccountOut(_Out):
    email: str
    role: Role
    unit: str = Field(description='Its province (and district), by short name, or "Việt Nam"')
    wards: list[str] = Field(description="A station account's wards, by short name")
    active: bool


class TokenOut(_Out):
    id: int
    email: str = Field(description="The account the token acts for")
    name: str = Field(description="What the token is for")
    created_at: str | None
    expires_at: str | None
    last_used_at: str | None
    state: Literal["valid", "expired"]


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
