"""A cluster changed by re-importing the line list (or by an API edit) is a reclassification
like any other: recorded in the link history, so the report as published does not change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.clusters.history import published_moment
from episurv.clusters.models import ClusterLink
from episurv.reporting.daily import daily_report

BEFORE = """case_id,report_date,province,district,source,cluster
G1,2021-11-04,Hà Nội,Long Biên,cluster,Chợ Gia Thụy
G2,2021-11-04,Hà Nội,Long Biên,cluster,Chợ Gia Thụy
"""
AFTER = """case_id,report_date,province,district,source,cluster
G1,2021-11-04,Hà Nội,Long Biên,cluster,Kho hàng Đài Tư
G2,2021-11-04,Hà Nội,Long Biên,cluster,Chợ Gia Thụy
"""


def test_reimport_that_moves_a_case_keeps_the_published_report(session, write_csv):
    import_cases(session, write_csv(BEFORE), scope=SYSTEM)
    assert session.scalars(select(ClusterLink)).all() == []  # nothing moved yet
    import_cases(session, write_csv(AFTER, "after.csv"), scope=SYSTEM)

    links = session.scalars(select(ClusterLink).order_by(ClusterLink.id)).all()
    assert [(link.linked_by, link.valid_from is None, link.valid_to is not None)
            for link in links] == [("record", True, True), ("system", False, False)]
    assert links[1].reason == "import after.csv"

    known = daily_report(session, "Hà Nội", date(2021, 11, 4))
    assert sorted((c["cluster"], c["new_cases"]) for c in known["by_cluster"]) == [
        ("Chợ Gia Thụy", 1), ("Kho hàng Đài Tư", 1)]
    published = daily_report(session, "Hà Nội", date(2021, 11, 4),
                             as_of=published_moment(date(2021, 11, 4)))
    assert [(c["cluster"], c["new_cases"]) for c in published["by_cluster"]] == [
        ("Chợ Gia Thụy", 2)]
