"""What the accounts service hands to the command line (`episurv users list`, `episurv tokens
list --format json`): an account and its jurisdiction, a token by what identifies it (never
the token itself)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from episurv.accounts.scope import ROLES

Role = Literal[ROLES]


class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests (tests/accounts/test_accounts_schemas.py validates the CLI's JSON).
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
