"""What crosses the API and the command line for a person's erasure (`episurv erase person`,
POST /api/v1/people/erase): the records touched and the field names erased, never a value."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests and the OpenAPI stays true.
    model_config = ConfigDict(extra="forbid")


class ErasedCase(_Out):
    record: str = Field(description="case:CODE")
    fields: list[str] = Field(description="The fields emptied")
    home_visits: int = Field(description="Home addresses taken out of the movement history")
    suggestions: int = Field(description="Cluster suggestions whose evidence named the address")


class ErasedContact(_Out):
    record: str = Field(description="contact:CODE")
    fields: list[str] = Field(description="The fields emptied")
    declarations: int = Field(description="Self-declarations no longer tied to the phone")


class ErasedPerson(_Out):
    erased: list[ErasedCase | ErasedContact]
