"""An outbreak cluster: a name as people say it, a place; which cases it holds, and since when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from episurv.core.types import BigId, one_of
from episurv.db import Base
from episurv.geo.models import unit_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD

CLUSTER_KINDS = ("workplace", "market", "residential", "hospital", "school", "other")


class Cluster(Base):
    __tablename__ = "clusters"
    __table_args__ = (UniqueConstraint("province_code", "name_key"),
                      CheckConstraint(one_of("kind", CLUSTER_KINDS), name="kind"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE))
    name: Mapped[str] = mapped_column(String(200))
    # The name folded for matching: "Chợ Ninh Hiệp" and "cho ninh hiep" are one cluster.
    name_key: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[int | None] = mapped_column(unit_key(DISTRICT))
    ward_code: Mapped[int | None] = mapped_column(unit_key(WARD))
    address: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    # A person reopened the cluster on this day: active again as if a case was reported then.
    reopened_on: Mapped[date | None] = mapped_column(Date)
    reopened_by: Mapped[str | None] = mapped_column(String(200))


class ClusterLink(Base):
    """One period during which a case belonged to a cluster, as the system knew it.

    cases.cluster_id is the current link (what the daily counts read); these rows are its
    history, so a report can be produced as it was published before a reclassification.
    valid_from NULL: since the case was first recorded with this cluster (by an import).
    """

    __tablename__ = "cluster_links"
    __table_args__ = (
        # province_code is the case's province; clusters are a small table every shard holds.
        PrimaryKeyConstraint("province_code", "id"),
        ForeignKeyConstraint(["province_code", "case_id"], ["cases.province_code", "cases.id"],
                             ondelete="CASCADE", onupdate="CASCADE"),
        Index("ix_cluster_links_case", "case_id"),
        Index("ix_cluster_links_province_to", "province_code", "valid_to"),
    )

    id: Mapped[int] = mapped_column(BigId, Identity())
    case_id: Mapped[int] = mapped_column(BigId)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"))
    province_code: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    linked_by: Mapped[str] = mapped_column(String(200))
    unlinked_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(300))


class ClusterSuggestion(Base):
    """A proposed cluster (or cases proposed for an existing one) awaiting a person's decision."""

    __tablename__ = "cluster_suggestions"
    __table_args__ = (Index("ix_cluster_suggestions_province_status", "province_code", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(40), unique=True)
    province_code: Mapped[int] = mapped_column(unit_key(PROVINCE))
    district_code: Mapped[int | None] = mapped_column(unit_key(DISTRICT))
    ward_code: Mapped[int | None] = mapped_column(unit_key(WARD))
    action: Mapped[str] = mapped_column(String(10))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    # JSON lists of case row ids, and the evidence tying them.
    cases: Mapped[str] = mapped_column(Text)
    group_cases: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(300))
    result_cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"))
