"""Clusters over a real database: linking with history, the daily report as published vs as
known after a late classification (the reference bulletin's "only now classified"), status."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM, Forbidden, Scope
from episurv.cases.importer import import_cases
from episurv.clusters import service as clusters
from episurv.clusters.history import published_moment
from episurv.errors import Conflict, InvalidInput, NotFound
from episurv.reporting.daily import daily_report

# Invented line list: three Cầu Giấy cases first seen 2/11, 3/11 and 5/11 without a cluster; a
# Long Biên case in the Chợ Gia Thụy cluster since import; one Hải Phòng case.
LINES = """case_id,report_date,report_time,province,district,detected_in,source,cluster
K1,2021-11-02,09:00,Hà Nội,Cầu Giấy,community,screening,
K2,2021-11-03,09:00,Hà Nội,Cầu Giấy,community,screening,
K3,2021-11-05,09:00,Hà Nội,Cầu Giấy,community,screening,
G1,2021-11-04,10:00,Hà Nội,Long Biên,community,cluster,Chợ Gia Thụy
H1,2021-11-05,10:00,Hải Phòng,Lê Chân,community,screening,
"""
# Classified on the evening of 7/11 (19:00 in Hà Nội is 12:00 UTC).
CLASSIFIED = datetime(2021, 11, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, write_csv(LINES), scope=SYSTEM)
    return session


def _cluster(session, name="Kho hàng Minh Phát"):
    return clusters.create_cluster(session, scope=SYSTEM, name=name, province="Hà Nội",
                                   district="Cầu Giấy", kind="workplace")


def test_late_classification_report_as_published_and_as_known(loaded):
    cluster = _cluster(loaded)
    result = clusters.link_cases(loaded, scope=SYSTEM, cluster_id=cluster.id,
                                 case_ids=["K1", "K2", "K3"], reason="CDC classification",
                                 at=CLASSIFIED)
    assert result["linked"] == ["K1", "K2", "K3"]

    known = daily_report(loaded, "Hà Nội", date(2021, 11, 5))
    assert (known["view"], known["as_of"]) == ("as_known", None)
    assert {"cluster": "Kho hàng Minh Phát", "district": "Cầu Giấy", "ward": None,
            "new_cases": 1} in known["by_cluster"]
    developing = {c["cluster"]: c for c in known["active_clusters"]}
    assert (developing["Kho hàng Minh Phát"]["first_case_date"],
            developing["Kho hàng Minh Phát"]["total_cases"]) == ("2021-11-02", 3)

    published = daily_report(loaded, "Hà Nội", date(2021, 11, 5),
                             as_of=published_moment(date(2021, 11, 5)))
    assert published["view"] == "as_published"
    assert published["as_of"] == "2021-11-05T17:00:00+00:00"  # midnight in Hà Nội
    assert [c["cluster"] for c in published["by_cluster"]] == []
    assert [c["cluster"] for c in published["active_clusters"]] == ["Chợ Gia Thụy"]
    # Only the cluster figures change with the view; the counts of the day do not.
    assert (published["new_cases"], published["by_district"]) == (known["new_cases"],
                                                                 known["by_district"])

    # The report of 7/11 was published after the classification: it shows the cluster.
    seventh = daily_report(loaded, "Hà Nội", date(2021, 11, 7),
                           as_of=published_moment(date(2021, 11, 7)))
    assert {c["cluster"]: (c["first_case_date"], c["total_cases"])
            for c in seventh["active_clusters"]}["Kho hàng Minh Phát"] == ("2021-11-02", 3)


def test_reclassification_moves_a_case_between_clusters(loaded):
    cluster = _cluster(loaded)
    gia_thuy = loaded.scalar(select(clusters.Cluster).where(
        clusters.Cluster.name == "Chợ Gia Thụy"))
    moved_at = datetime(2021, 11, 9, 3, 0, tzinfo=UTC)
    clusters.link_cases(loaded, scope=SYSTEM, cluster_id=cluster.id, case_ids=["G1"],
                        reason="same warehouse shift", at=moved_at)
    before = daily_report(loaded, "Hà Nội", date(2021, 11, 8),
                          as_of=published_moment(date(2021, 11, 8)))
    assert [(c["cluster"], c["total_cases"]) for c in before["active_clusters"]] == [
        ("Chợ Gia Thụy", 1)]
    now = daily_report(loaded, "Hà Nội", date(2021, 11, 8))
    assert [(c["cluster"], c["total_cases"]) for c in now["active_clusters"]] == [
        ("Kho hàng Minh Phát", 1)]
    detail = clusters.cluster_detail(loaded, gia_thuy.id, scope=SYSTEM, day=date(2021, 11, 8))
    # The import's link is in the history, closed by the reclassification.
    assert [(link["case_id"], link["from"], link["to"], link["linked_by"],
             link["unlinked_by"]) for link in detail["links"]] == [
        ("G1", None, "2021-11-09T03:00:00+00:00", "record", "system")]
    assert detail["total_cases"] == 0


def test_link_history_and_audit_record_who_and_why(loaded):
    cluster = _cluster(loaded)
    officer = Scope(role="province", province_code=1, actor="dieutra@cdc.hanoi")
    clusters.link_cases(loaded, scope=officer, cluster_id=cluster.id, case_ids=["K1"],
                        reason="same address", at=CLASSIFIED)
    clusters.unlink_cases(loaded, scope=officer, case_ids=["K1"], reason="wrong address",
                          at=datetime(2021, 11, 8, 2, 0, tzinfo=UTC))
    detail = clusters.cluster_detail(loaded, cluster.id, scope=officer, day=date(2021, 11, 8))
    assert detail["links"] == [{"case_id": "K1", "from": "2021-11-07T12:00:00+00:00",
                                "to": "2021-11-08T02:00:00+00:00",
                                "linked_by": "dieutra@cdc.hanoi",
                                "unlinked_by": "dieutra@cdc.hanoi", "reason": "same address"}]
    entries = loaded.scalars(select(AuditEntry).where(AuditEntry.entity == "case",
                                                      AuditEntry.entity_id == "K1",
                                                      AuditEntry.action.in_(["link", "unlink"]))
                             .order_by(AuditEntry.id)).all()
    assert [(e.action, json.loads(e.changes)) for e in entries] == [
        ("link", {"cluster": [None, "Kho hàng Minh Phát"], "reason": "same address"}),
        ("unlink", {"cluster": ["Kho hàng Minh Phát", None], "reason": "wrong address"})]
    # Linking again what is linked changes nothing and records nothing.
    again = clusters.link_cases(loaded, scope=officer, cluster_id=cluster.id, case_ids=["K2"])
    assert clusters.link_cases(loaded, scope=officer, cluster_id=cluster.id,
                               case_ids=["K2"])["unchanged"] == ["K2"]
    assert again["linked"] == ["K2"]


def test_scope_and_bad_links(loaded):
    cluster = _cluster(loaded)
    long_bien = Scope(role="district", province_code=1, district_code=4, actor="lb")
    with pytest.raises(NotFound):  # Cầu Giấy's cluster is not visible from Long Biên
        clusters.link_cases(loaded, scope=long_bien, cluster_id=cluster.id, case_ids=["G1"])
    with pytest.raises(InvalidInput, match="another province"):
        clusters.link_cases(loaded, scope=SYSTEM, cluster_id=cluster.id, case_ids=["H1"])
    with pytest.raises(NotFound, match="'NOPE'"):
        clusters.link_cases(loaded, scope=SYSTEM, cluster_id=cluster.id, case_ids=["NOPE"])
    with pytest.raises(Forbidden):
        clusters.link_cases(loaded, scope=Scope(role="viewer"), cluster_id=cluster.id,
                            case_ids=["K1"])
    with pytest.raises(Conflict):
        _cluster(loaded, name="kho hang minh phat")
    with pytest.raises(InvalidInput, match="kind"):
        clusters.create_cluster(loaded, scope=SYSTEM, name="X", province="Hà Nội", kind="bar")


def test_list_status_and_reopen(loaded):
    cluster = _cluster(loaded)
    clusters.link_cases(loaded, scope=SYSTEM, cluster_id=cluster.id, case_ids=["K1", "K2"])
    # Last case 3/11: active to 16/11, monitoring from 17/11, closed from 1/12.
    def status(day):
        return {c["name"]: c["status"] for c in clusters.list_clusters(
            loaded, scope=SYSTEM, day=day, province="Hà Nội")}["Kho hàng Minh Phát"]
    assert [status(date(2021, 11, d)) for d in (16, 17, 30)] == ["active", "monitoring",
                                                                 "monitoring"]
    assert status(date(2021, 12, 1)) == "closed"
    facts = clusters.reopen_cluster(loaded, scope=SYSTEM, cluster_id=cluster.id,
                                    day=date(2021, 12, 5), reason="new exposure at the gate")
    assert (facts["status"], facts["reopened_on"]) == ("active", "2021-12-05")
    assert facts["first_case_date"] == "2021-11-02" and facts["total_cases"] == 2
    assert [r["name"] for r in clusters.list_clusters(loaded, scope=SYSTEM, day=date(2021, 12, 5),
                                                      status="closed")] == ["Chợ Gia Thụy"]
    detail = clusters.cluster_detail(loaded, cluster.id, scope=SYSTEM, day=date(2021, 12, 5))
    assert detail["new_per_day"] == [
        {"date": "2021-11-02", "new_cases": 1, "community": 1, "quarantine": 0},
        {"date": "2021-11-03", "new_cases": 1, "community": 1, "quarantine": 0}]
    assert [c["case_id"] for c in detail["cases"]] == ["K1", "K2"]
    assert detail["cases_total"] == 2


# Seven cases of one cluster over four days, two of them found in quarantine.
MANY = """case_id,report_date,province,district,detected_in,cluster
M5,2021-11-04,Hà Nội,Cầu Giấy,community,Xưởng may Đông Á
M1,2021-11-01,Hà Nội,Cầu Giấy,community,Xưởng may Đông Á
M3,2021-11-02,Hà Nội,Cầu Giấy,quarantine,Xưởng may Đông Á
M2,2021-11-02,Hà Nội,Cầu Giấy,community,Xưởng may Đông Á
M4,2021-11-02,Hà Nội,Cầu Giấy,lockdown,Xưởng may Đông Á
M6,2021-11-04,Hà Nội,Đống Đa,community,Xưởng may Đông Á
M7,2021-11-04,Hà Nội,Đống Đa,community,Xưởng may Đông Á
"""


def test_cluster_cases_by_page_and_per_day_split(session, write_csv):
    import_cases(session, write_csv(MANY), scope=SYSTEM)
    cid = clusters.cluster_choices(session, scope=SYSTEM, province_code=1)[0]["id"]

    def page(offset, limit, scope=SYSTEM):
        d = clusters.cluster_detail(session, cid, scope=scope, day=date(2021, 11, 7),
                                    case_offset=offset, case_limit=limit)
        return d["cases_total"], [c["case_id"] for c in d["cases"]]

    # In report order, then by code: 1/11 M1; 2/11 M2 M3 M4; 4/11 M5 M6 M7.
    assert page(0, 3) == (7, ["M1", "M2", "M3"])
    assert page(3, 3) == (7, ["M4", "M5", "M6"])
    assert page(6, 3) == (7, ["M7"])
    assert page(9, 3) == (7, [])
    # A district account counts and lists only the cases of its district.
    cau_giay = Scope(role="district", province_code=1, district_code=5)
    assert page(0, 2, cau_giay) == (5, ["M1", "M2"])
    with pytest.raises(InvalidInput, match="offset"):
        page(-1, 3)
    detail = clusters.cluster_detail(session, cid, scope=SYSTEM, day=date(2021, 11, 7))
    assert detail["new_per_day"] == [
        {"date": "2021-11-01", "new_cases": 1, "community": 1, "quarantine": 0},
        {"date": "2021-11-02", "new_cases": 3, "community": 1, "quarantine": 2},
        {"date": "2021-11-04", "new_cases": 3, "community": 3, "quarantine": 0}]
