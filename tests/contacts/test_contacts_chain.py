"""Transmission chains: the graph rules, then chains built from contacts over a database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.contacts import chain as G
from episurv.contacts import service as contacts
from episurv.errors import InvalidInput

D = date


def test_self_link_and_cycles_are_refused():
    edges = [("case:1", "case:2"), ("case:2", "contact:7"), ("case:2", "case:3")]
    with pytest.raises(InvalidInput, match="self-link"):
        G.check_link(edges, "case:2", "case:2")
    with pytest.raises(InvalidInput, match=r"case:3 -> case:1 -> case:2 -> case:3"):
        G.check_link(edges, "case:3", "case:1")
    G.check_link(edges, "case:1", "case:3")  # a second source is not a cycle


def test_component_and_generations():
    edges = [("case:1", "case:2"), ("case:2", "contact:7"), ("case:9", "case:10")]
    nodes, cut = G.component(edges, "contact:7")
    assert (nodes, cut) == ({"case:1", "case:2", "contact:7"}, False)
    assert G.component(edges, "case:1", max_nodes=2) == ({"case:1", "case:2"}, True)
    assert G.generations(edges, nodes) == {"case:1": 0, "case:2": 1, "contact:7": 2}


@pytest.mark.parametrize("exposure, flagged", [
    (D(2021, 11, 2), True),    # onset 5/11: infectious from 3/11
    (D(2021, 11, 3), False),
    (D(2021, 11, 20), False),  # recovered 20/11
    (D(2021, 11, 21), True),
])
def test_infectious_period_both_sides(exposure, flagged):
    period = G.infectious_period(D(2021, 11, 5), D(2021, 11, 6), D(2021, 11, 7), D(2021, 11, 20))
    assert (G.exposure_flag(exposure, period) is not None) is flagged


def test_period_without_symptoms_starts_before_the_sample():
    assert G.infectious_period(None, D(2021, 11, 6), D(2021, 11, 7), None) == G.Period(
        D(2021, 11, 4), None)
    assert G.exposure_flag(D(2021, 1, 1), G.Period(None, None)) is None


CASES = """case_id,report_date,province,district,onset_date
A1,2021-11-05,Hà Nội,Cầu Giấy,2021-11-04
"""


@pytest.fixture
def chain_db(session, write_csv):
    import_cases(session, write_csv(CASES), scope=SYSTEM)
    add = contacts.add_contact
    add(session, scope=SYSTEM, values={"contact_code": "F-1", "source_case": "A1",
                                       "exposure_date": "2021-11-04", "relation": "household",
                                       "district": "Cầu Giấy"})
    add(session, scope=SYSTEM, values={"contact_code": "F-3", "level": "F2",
                                       "source_contact": "F-1", "exposure_date": "2021-11-05",
                                       "relation": "workplace"})
    contacts.become_case(session, scope=SYSTEM, contact_code="F-1", report_date=D(2021, 11, 8),
                         case_id="A2")
    add(session, scope=SYSTEM, values={"contact_code": "F-2", "source_case": "A2",
                                       "exposure_date": "2021-11-01", "relation": "social"})
    return session


def test_chain_nodes_and_edges(chain_db):
    chain = contacts.transmission_chain(chain_db, scope=SYSTEM, case_id="A2")
    by_id = {n["id"]: n for n in chain["nodes"]}
    named = {n.get("case_id") or n.get("contact_code"): n for n in chain["nodes"]}
    assert set(named) == {"A1", "A2", "F-2", "F-3"}
    assert [named[k]["generation"] for k in ("A1", "A2", "F-2", "F-3")] == [0, 1, 2, 2]
    assert named["A2"]["root"] is True
    edges = {(by_id[e["source"]].get("case_id"), e["contact_code"]): e for e in chain["edges"]}
    assert set(edges) == {("A1", "F-1"), ("A2", "F-2"), ("A2", "F-3")}
    # A2 (F-1) was found 8/11 without an onset date: infectious from 6/11; F-2's 1/11 is flagged.
    assert edges[("A2", "F-2")]["flag"] == ("exposure 2021-11-01 is before the source's "
                                            "infectious period (from 2021-11-06)")
    assert edges[("A1", "F-1")]["flag"] is None
    # No personal data in a chain.
    assert not any(k in n for n in chain["nodes"] for k in ("name", "phone", "address"))
    cases_only = contacts.transmission_chain(chain_db, scope=SYSTEM, case_id="A1",
                                             include_contacts=False)
    assert [n["case_id"] for n in cases_only["nodes"]] == ["A1", "A2"]


def test_linking_into_a_cycle_or_to_itself_is_refused(chain_db, write_csv):
    with pytest.raises(InvalidInput, match="cycle"):
        contacts.add_contact(chain_db, scope=SYSTEM, values={
            "contact_code": "F-4", "source_case": "A2", "exposure_date": "2021-11-08",
            "relation": "household", "case": "A1"})
    with pytest.raises(InvalidInput, match="self-link"):
        contacts.add_contact(chain_db, scope=SYSTEM, values={
            "contact_code": "F-5", "source_case": "A1", "exposure_date": "2021-11-08",
            "relation": "household", "case": "A1"})
    with pytest.raises(InvalidInput, match="cycle"):
        contacts.become_case(chain_db, scope=SYSTEM, contact_code="F-2",
                             report_date=D(2021, 11, 9), existing_case="A1")
    # An F1 linked to a case already registered elsewhere in no loop is fine.
    import_cases(chain_db,
                 write_csv("case_id,report_date,province\nB7,2021-11-09,Hà Nội", "b7.csv"),
                 scope=SYSTEM)
    done = contacts.become_case(chain_db, scope=SYSTEM, contact_code="F-2",
                                report_date=D(2021, 11, 9), existing_case="B7")
    assert done["case_id"] == "B7"



def test_a_cycle_through_an_f2_of_a_contact_who_became_a_case_is_refused(chain_db):
    """F-3 is an F2 hanging from F-1's record, and F-1 became A2: A1 -> A2 -> F-3. Once F-3
    becomes A3, exposing A1 to A3 closes A1 -> A2 -> A3 -> A1. The walk from A1 must follow
    F-3 from A2 through the record A2 became (its F2s keep F-1's id), not only A2's own F1s."""
    contacts.become_case(chain_db, scope=SYSTEM, contact_code="F-3",
                         report_date=D(2021, 11, 9), case_id="A3")
    ids = dict(chain_db.execute(select(Case.case_id, Case.id)).all())
    # In a savepoint, as a request's unit of work: the refused row goes with it.
    with pytest.raises(InvalidInput) as exc, chain_db.begin_nested():
        contacts.add_contact(chain_db, scope=SYSTEM, values={
            "contact_code": "F-6", "source_case": "A3", "exposure_date": "2021-11-09",
            "relation": "household", "case": "A1"})
    assert str(exc.value) == (
        "row 1, column case, value 'A1': the link would close a cycle in the transmission "
        "chain: "
        f"case:{ids['A3']} -> case:{ids['A1']} -> case:{ids['A2']} -> case:{ids['A3']}")
    # A3 exposed to A1 again, the way the chain already runs, is a second source, no cycle.
    contacts.add_contact(chain_db, scope=SYSTEM, values={
        "contact_code": "F-7", "source_case": "A1", "exposure_date": "2021-11-07",
        "relation": "household", "case": "A3"})
