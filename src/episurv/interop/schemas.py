"""What the FHIR API answers, as far as episurv writes it: a Bundle (a searchset of cases, or
the transaction-response to a laboratory's Bundle) and an OperationOutcome naming what was
refused. Element names and meanings are FHIR R4's (hl7.org/fhir/R4: Bundle, Patient,
OperationOutcome); only the elements episurv emits are declared.

A Patient is described element by element; the other resources of a Bundle (Condition,
RelatedPerson, Observation, Encounter) are declared by their type and id only and keep their
other elements as they are. FHIR leaves an element out rather than writing it null, so these
models are dumped without the keys a resource did not have (`exclude_unset`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag


class _Element(BaseModel):
    # Unknown keys are refused, so an element added to a resource without its schema fails
    # the tests (tests/interop) and the OpenAPI stays true.
    model_config = ConfigDict(extra="forbid")


class Identifier(_Element):
    system: str = Field(description="urn:episurv:case, urn:episurv:contact or, pseudonymised, "
                                    "urn:episurv:pseudonym")
    value: str


class HumanName(_Element):
    text: str


class ContactPoint(_Element):
    system: Literal["phone"]
    value: str


class Address(_Element):
    """The units (they are how every report counts); the ward (`city`) and the street address
    (`text`) only in a personal export."""

    text: str | None = None
    city: str | None = Field(None, description="The ward")
    district: str | None = None
    state: str | None = Field(None, description="The province")
    country: Literal["VN"] | None = None


class Patient(_Element):
    """A case. Pseudonymised unless personal data was asked for and the role permits: then
    no name, telecom or street address, and the identifier is a keyed hash."""

    resourceType: Literal["Patient"]
    id: str
    identifier: list[Identifier]
    name: list[HumanName] | None = None
    telecom: list[ContactPoint] | None = None
    gender: Literal["male", "female", "unknown"]
    deceasedDateTime: str | None = Field(None, description="The day of death (YYYY-MM-DD)")
    address: list[Address] | None = None


class Resource(BaseModel):
    """Any other resource of a Bundle (Condition, RelatedPerson, Observation, Encounter):
    its type and id; its other elements as FHIR R4 defines them."""

    model_config = ConfigDict(extra="allow")

    resourceType: str
    id: str


def _resource_kind(value: Any) -> str:
    kind = value.get("resourceType") if isinstance(value, dict) else getattr(
        value, "resourceType", None)
    return "Patient" if kind == "Patient" else "other"


AnyResource = Annotated[Annotated[Patient, Tag("Patient")] | Annotated[Resource, Tag("other")],
                        Discriminator(_resource_kind)]


class BundleSearch(_Element):
    mode: Literal["match", "include"] = Field(
        description="match: a case found; include: a resource about it")


class BundleResponse(_Element):
    status: str = Field(description='"201 Created" or "200 OK"')
    location: str | None = Field(None, description="Patient/ID of the case created or updated")


class BundleEntry(_Element):
    fullUrl: str | None = None
    resource: AnyResource | None = None
    search: BundleSearch | None = None
    response: BundleResponse | None = None


class Bundle(_Element):
    resourceType: Literal["Bundle"]
    type: Literal["searchset", "collection", "transaction-response"]
    total: int | None = Field(None, description="searchset: the number of cases (Patients)")
    entry: list[BundleEntry]


class OutcomeIssue(_Element):
    severity: Literal["error"]
    code: Literal["invalid"]
    diagnostics: str = Field(description="What is wrong: where, the field, the value")
    expression: list[str] | None = Field(None, description="Where in the Bundle: entry[i]")


class OperationOutcome(_Element):
    """FHIR's answer to a refused request, one issue per problem."""

    resourceType: Literal["OperationOutcome"]
    issue: list[OutcomeIssue]
