"""What is wrong with one value of a received payload (a DHIS2 data value set, a FHIR
Bundle): one shape for both, so their refusals read alike."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """What is wrong with one data value: where it is in the payload, the field and value."""

    where: str
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.where} {self.field} {self.value!r}: {self.message}"

    def as_dict(self) -> dict:
        return {"where": self.where, "field": self.field, "value": self.value,
                "message": self.message}
