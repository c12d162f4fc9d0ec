"""What crosses the API for clusters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["workplace", "market", "residential", "hospital", "school", "other"]


class ClusterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=200,
                      description='As people say it: "Chợ Ninh Hiệp"')
    province: str = Field(..., min_length=1, max_length=120)
    district: str | None = Field(None, max_length=120)
    ward: str | None = Field(None, max_length=120)
    address: str | None = Field(None, max_length=300)
    kind: Kind = "other"


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_ids: list[str] = Field(..., min_length=1, max_length=5000)
    reason: str | None = Field(None, max_length=300)


class ReopenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    reason: str | None = Field(None, max_length=300)


class SuggestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    province: str
    date: date
    window_days: int = Field(14, ge=1, le=60)
    min_cases: int = Field(3, ge=2, le=100)


class AcceptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    kind: Kind | None = None
    cases: list[str] | None = Field(None, description="Keep only these of the proposed cases")


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(..., min_length=1, max_length=300)


# --- what the services return (`episurv clusters list|show --format json`, GET /clusters) ----

class _Out(BaseModel):
    # Unknown keys are refused, so a field added to a payload without its schema fails the
    # tests (tests/reporting/test_schemas.py validates the CLI's JSON) and the OpenAPI stays true.
    model_config = ConfigDict(extra="forbid")


class ClusterSummary(_Out):
    """A cluster and its facts on a day; no personal data."""

    id: int
    name: str
    kind: str
    province: str
    district: str | None
    ward: str | None
    address: str | None
    first_case_date: str | None
    last_case_date: str | None
    total_cases: int
    new_cases: int = Field(description="Cases of the day")
    reopened_on: str | None
    status: Literal["active", "monitoring", "closed"] = Field(
        description="active while a case was reported in the last 14 days, then monitoring, "
                    "closed after 28 days without a case (configurable)")
    since: str | None = Field(description="The day the status began")
    days_without_case: int | None
    status_policy: str = Field(description="The thresholds that decided the status")


class ClusterDay(_Out):
    date: str
    new_cases: int
    community: int = Field(description="Of the day's cases, found in the community")
    quarantine: int = Field(description="Of the day's cases, found in quarantine or lockdown")


class ClusterCase(_Out):
    case_id: str
    report_day: str


class ClusterLinkOut(_Out):
    """A case's stay in the cluster: who linked it, when, and who unlinked it, why."""

    case_id: str
    from_: str | None = Field(alias="from")
    to: str | None
    linked_by: str | None
    unlinked_by: str | None
    reason: str | None


class ClusterDetail(ClusterSummary):
    new_per_day: list[ClusterDay]
    cases_total: int = Field(description="The cluster's cases; `cases` holds the page asked for "
                                         "(all by default)")
    cases: list[ClusterCase]
    links: list[ClusterLinkOut]


class LinkResult(_Out):
    """Cases moved into a cluster, and those that were in it already."""

    cluster_id: int
    linked: list[str]
    unchanged: list[str]


class UnlinkResult(_Out):
    unlinked: list[str] = Field(description="The cases taken out of their cluster")


class PlaceEvidence(_Out):
    """Cases tied by one shared place, address or household, with the days it covers."""

    kind: Literal["household", "address", "workplace", "place"]
    label: str = Field(description="The place as written in the cases' records")
    cases: list[str]
    from_: str | None = Field(alias="from", description="None for household ties")
    to: str | None


class OtherClusterEvidence(_Out):
    """Cases of the group already in a cluster other than the one to extend."""

    kind: Literal["other_cluster"]
    label: str
    cluster_id: int
    cases: list[str]


class Suggestion(_Out):
    """A proposed cluster (or extension of one) a person accepts or rejects; case codes only."""

    id: int
    action: Literal["new", "extend"]
    cluster_id: int | None = Field(description="The cluster to extend")
    name: str
    kind: str
    district: str | None
    ward: str | None
    district_code: int | None
    ward_code: int | None
    cases: list[str] = Field(description="The cases to link")
    group: list[str] = Field(description="Every case of the group, for the evidence")
    evidence: list[Annotated[PlaceEvidence | OtherClusterEvidence, Field(discriminator="kind")]]
    score: float = Field(description="The weighted count of ties")
    first_day: str
    last_day: str
    status: Literal["pending", "accepted", "rejected", "stale"]
    decided_by: str | None
    reason: str | None
    result_cluster_id: int | None


class SuggestRun(_Out):
    proposals: int = Field(description="Proposals made by this run")
    new: int = Field(description="Of them, not proposed before")
    stale: int = Field(description="Pending proposals no longer made")
    pending: list[Suggestion]


class AcceptResult(LinkResult):
    suggestion: int


class RejectResult(_Out):
    suggestion: int
    status: Literal["rejected"]
