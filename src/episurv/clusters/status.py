"""The status of an outbreak cluster from the dates of its cases: active, monitoring, closed.

Pure: dates in, status out. The rule, as the Hà Nội CDC applied it in 2021 (domain notes,
section 2; issue 4): a cluster is "developing" (active) while a case was reported in the last
`active_days` days (14), then under monitoring, and closed after `closed_after_days` (28) days
without a case. A person may reopen a cluster (a new exposure found before a new case): it then
counts as active from the reopening day as if a case had been reported on it. The thresholds are
configuration (EPISURV_ACTIVE_CLUSTER_DAYS, EPISURV_CLUSTER_CLOSED_DAYS), named in every result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

STATUSES = ("active", "monitoring", "closed")


@dataclass(frozen=True)
class StatusPolicy:
    """The status thresholds; `name` says in results which thresholds decided."""

    active_days: int = 14
    closed_after_days: int = 28

    def __post_init__(self) -> None:
        if not 0 < self.active_days <= self.closed_after_days:
            raise ValueError(f"need 0 < active_days ({self.active_days}) <= closed_after_days "
                             f"({self.closed_after_days})")

    @property
    def name(self) -> str:
        return f"cluster-status-{self.active_days}-{self.closed_after_days}"


@dataclass(frozen=True)
class ClusterStatus:
    status: str
    # The day the status started (day after the last case for monitoring, ...); None when the
    # cluster has no case and was never reopened.
    since: date | None
    days_without_case: int | None
    policy: str

    def as_dict(self) -> dict:
        return {"status": self.status, "since": self.since.isoformat() if self.since else None,
                "days_without_case": self.days_without_case, "policy": self.policy}


def cluster_status(last_case: date | None, day: date, policy: StatusPolicy = StatusPolicy(),
                   reopened_on: date | None = None) -> ClusterStatus:
    """Status on `day`. "A case in the last 14 days" counts `day` itself as the first of them:
    last case on 1/11 -> active to 14/11, monitoring from 15/11, closed from 29/11 (28 days,
    2/11..29/11, without a case). A cluster with no case yet (created by hand) is active."""
    anchors = [d for d in (last_case, reopened_on) if d is not None and d <= day]
    if not anchors:
        return ClusterStatus("active", None, None, policy.name)
    anchor = max(anchors)
    quiet = (day - anchor).days
    if quiet < policy.active_days:
        return ClusterStatus("active", anchor, quiet, policy.name)
    if quiet < policy.closed_after_days:
        return ClusterStatus("monitoring", anchor + timedelta(days=policy.active_days), quiet,
                             policy.name)
    return ClusterStatus("closed", anchor + timedelta(days=policy.closed_after_days), quiet,
                         policy.name)
