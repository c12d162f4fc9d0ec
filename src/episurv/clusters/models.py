"""An outbreak cluster: a name as people say it, and a place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from episurv.db import Base

CLUSTER_KINDS = ("workplace", "market", "residential", "hospital", "school", "other")


class Cluster(Base):
    __tablename__ = "clusters"
    __table_args__ = (UniqueConstraint("province_code", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    # The name folded for matching: "Chợ Ninh Hiệp" and "cho ninh hiep" are one cluster.
    name_key: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[int | None] = mapped_column(Integer)
    ward_code: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
