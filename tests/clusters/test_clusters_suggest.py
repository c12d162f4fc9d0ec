"""Cluster suggestions: the rules on hand-made facts, then accept and reject over a database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.clusters import service as clusters
from episurv.clusters.suggest import CaseInfo, Signal, address_key, cluster_kind, propose
from episurv.errors import Conflict
from episurv.exposures.service import add_visits

D = date


def info(case, day, cluster=None, ward=100):
    return CaseInfo(case, day, cluster, ward, 10)


def test_address_needs_a_house_number_and_a_ward():
    assert address_key("Số 12, ngõ 5 Trần Duy Hưng", 7) == address_key("12 ngo 5 tran duy hung", 7)
    assert address_key("phố Trần Duy Hưng", 7) is None
    assert address_key("12 Trần Duy Hưng", None) is None
    assert address_key("12 Trần Duy Hưng", 7) != address_key("12 Trần Duy Hưng", 8)


def test_kind_from_the_name_or_the_evidence():
    assert cluster_kind("Chợ Ninh Hiệp", {"place"}) == "market"
    assert cluster_kind("Bệnh viện Đa khoa X", {"place"}) == "hospital"
    assert cluster_kind("Trường tiểu học Y", {"place"}) == "school"
    assert cluster_kind("Kho hàng Z KCN Đài Tư", {"place"}) == "workplace"
    assert cluster_kind("12 ngõ 5", {"address"}) == "residential"
    assert cluster_kind("Quán cà phê", {"place"}) == "other"


def test_time_window_both_sides():
    # Same workplace: 1/11, 15/11 (14 days later: tied), 30/11 (15 days after 15/11: not).
    cases = [info(1, D(2021, 11, 1)), info(2, D(2021, 11, 15)), info(3, D(2021, 11, 30)),
             info(4, D(2021, 11, 10))]
    signals = [Signal(c, "workplace", "kho a", d, "Kho A") for c, d in
               ((1, D(2021, 11, 1)), (2, D(2021, 11, 15)), (3, D(2021, 11, 30)))]
    signals.append(Signal(4, "place", "cho b", D(2021, 11, 10), "Chợ B"))
    signals.append(Signal(2, "place", "cho b", D(2021, 11, 12), "Chợ B"))
    [proposal] = propose(cases, signals)
    assert (proposal.action, proposal.cases, proposal.name, proposal.kind) == (
        "new", (1, 2, 4), "Kho A", "workplace")
    assert [(e["kind"], e["cases"]) for e in proposal.evidence] == [
        ("workplace", [1, 2]), ("place", [2, 4])]
    assert proposal.score == 3.0  # workplace 2 x 1 tie + place 1 x 1 tie
    assert (proposal.first_day, proposal.last_day) == (D(2021, 11, 1), D(2021, 11, 15))
    # With a 13-day window 1/11 and 15/11 are not tied: two cases only, below the minimum.
    assert propose(cases, signals, window_days=13) == []


def test_households_and_extending_an_existing_cluster():
    cases = [info(1, D(2021, 11, 2), cluster=9), info(2, D(2021, 11, 3), cluster=9),
             info(3, D(2021, 11, 4)), info(5, D(2021, 11, 4), cluster=7)]
    signals = [Signal(1, "address", "a", D(2021, 11, 2), "12 ngõ 5"),
               Signal(3, "address", "a", D(2021, 11, 4), "12 ngõ 5"),
               Signal(2, "place", "p", D(2021, 11, 3), "Chợ C"),
               Signal(5, "place", "p", D(2021, 11, 4), "Chợ C")]
    [proposal] = propose(cases, signals, households=[(2, 1)])
    # Case 3 joins cluster 9 (most of the group); case 5 stays in its own cluster, shown.
    assert (proposal.action, proposal.cluster_id, proposal.cases) == ("extend", 9, (3,))
    assert {"kind": "other_cluster", "label": "cluster 7", "cluster_id": 7,
            "cases": [5]} in proposal.evidence
    assert any(e["kind"] == "household" for e in proposal.evidence)


def test_nothing_to_propose_inside_one_cluster_and_rejections_stick():
    cases = [info(1, D(2021, 11, 2), 9), info(2, D(2021, 11, 3), 9)]
    signals = [Signal(c, "place", "p", D(2021, 11, 2), "Chợ") for c in (1, 2)]
    assert propose(cases, signals) == []
    three = [info(c, D(2021, 11, 2)) for c in (1, 2, 3)]
    signals = [Signal(c, "place", "p", D(2021, 11, 2), "Chợ") for c in (1, 2, 3)]
    assert propose(three, signals, rejected=[frozenset({1, 2, 3})]) == []
    # A new case revives a rejected group.
    four = three + [info(4, D(2021, 11, 3))]
    signals.append(Signal(4, "place", "p", D(2021, 11, 3), "Chợ"))
    assert propose(four, signals, rejected=[frozenset({1, 2, 3})])[0].cases == (1, 2, 3, 4)


LINES = """case_id,report_date,province,district,ward,address,cluster
S1,2021-11-02,Hà Nội,Long Biên,Phúc Đồng,"Số 3, ngõ 12 Phúc Đồng",
S2,2021-11-03,Hà Nội,Long Biên,Phúc Đồng,3 ngo 12 Phuc Dong,
S3,2021-11-04,Hà Nội,Long Biên,Gia Thụy,,
S4,2021-11-05,Hà Nội,Long Biên,Gia Thụy,,
S5,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng,,
"""


@pytest.fixture
def loaded(session, write_csv):
    import_cases(session, write_csv(LINES), scope=SYSTEM)
    for case_id in ("S2", "S3", "S4"):
        add_visits(session, scope=SYSTEM, case_id=case_id, visits=[
            {"kind": "workplace", "place": "Kho hàng Minh Phát KCN Sài Đồng",
             "day": "2021-11-01"}])
    return session


def test_accept_creates_the_cluster_and_links(loaded):
    run = clusters.run_suggestions(loaded, scope=SYSTEM, province="Hà Nội", day=D(2021, 11, 7))
    assert (run["proposals"], run["new"]) == (1, 1)
    [pending] = run["pending"]
    assert (pending["action"], pending["name"], pending["kind"], pending["district"]) == (
        "new", "Kho hàng Minh Phát KCN Sài Đồng", "workplace", "Long Biên")
    assert pending["cases"] == ["S1", "S2", "S3", "S4"]
    assert {e["kind"] for e in pending["evidence"]} == {"workplace", "address"}
    # Running again proposes nothing new.
    assert clusters.run_suggestions(loaded, scope=SYSTEM, province="Hà Nội",
                                    day=D(2021, 11, 7))["new"] == 0
    result = clusters.accept_suggestion(loaded, scope=SYSTEM, suggestion_id=pending["id"],
                                        name="Kho Minh Phát", cases=["S2", "S3", "S4"])
    assert result["linked"] == ["S2", "S3", "S4"]
    linked = loaded.scalars(select(Case.case_id).where(Case.cluster_id == result["cluster_id"])
                            .order_by(Case.case_id)).all()
    assert linked == ["S2", "S3", "S4"]
    with pytest.raises(Conflict, match="accepted already"):
        clusters.reject_suggestion(loaded, scope=SYSTEM, suggestion_id=pending["id"],
                                   reason="late")
    # S1 (same address as S2, now in the cluster) is proposed to extend it.
    again = clusters.run_suggestions(loaded, scope=SYSTEM, province="Hà Nội",
                                     day=D(2021, 11, 7))
    assert [(p["action"], p["cluster_id"], p["cases"]) for p in again["pending"]] == [
        ("extend", result["cluster_id"], ["S1"])]


def test_reject_needs_a_reason_and_is_not_proposed_again(loaded):
    [pending] = clusters.run_suggestions(loaded, scope=SYSTEM, province="Hà Nội",
                                         day=D(2021, 11, 7))["pending"]
    with pytest.raises(Exception, match="say why"):
        clusters.reject_suggestion(loaded, scope=SYSTEM, suggestion_id=pending["id"], reason=" ")
    clusters.reject_suggestion(loaded, scope=SYSTEM, suggestion_id=pending["id"],
                               reason="different shifts, no contact")
    run = clusters.run_suggestions(loaded, scope=SYSTEM, province="Hà Nội", day=D(2021, 11, 7))
    assert (run["proposals"], run["pending"]) == (0, [])
    assert clusters.list_suggestions(loaded, scope=SYSTEM, province="Hà Nội",
                                     status="rejected")[0]["reason"] == \
        "different shifts, no contact"
