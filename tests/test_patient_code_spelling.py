"""A patient code is kept in one spelling (episurv.core.codes): "BN 9001", "bn9001" and
"BN9001" are one case. Before, each spelling was a record of its own: a district's list writing
"BN 9001" made a second case of the province's BN9001, and the day's figures counted the person
twice; a lookup or search typed in small letters found nothing."""

from __future__ import annotations

import polars as pl
import pytest
from alembic import command
from pg_for_tests import blank_database
from sqlalchemy import select, text

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.service import get_case, save_case
from episurv.core.codes import patient_code, patient_code_expr
from episurv.db import get_engine
from episurv.migrations import alembic_config, upgrade
from episurv.setup import init_database

WRITTEN = ["BN9001", "bn9001", "BN 9001", " Bn\t9001 ", "BN\u00a09001", "HN-2021-001",
           "hn-2021-001", "A-12", "A1-2", "đn 7", "ĐN7", "GEN-0A1B2C", "9001.0", "9001"]


def test_one_spelling_by_either_engine():
    spelled = [patient_code(w) for w in WRITTEN]
    assert spelled == ["BN9001", "BN9001", "BN9001", "BN9001", "BN9001", "HN-2021-001",
                       "HN-2021-001", "A-12", "A1-2", "ĐN7", "ĐN7", "GEN-0A1B2C", "9001",
                       "9001"]
    # The import spells a file's codes with polars: the same answer for each.
    assert pl.Series(WRITTEN).to_frame("c").select(
        patient_code_expr(pl.col("c").str.strip_chars()))["c"].to_list() == spelled


def test_a_code_written_another_way_is_the_same_case(session, write_csv):
    first = import_cases(session, write_csv("case_id,report_date,province,district,age\n"
                                            "BN9001,2021-11-05,Hà Nội,Cầu Giấy,34\n"
                                            "bn 9002,2021-11-05,Hà Nội,Đống Đa,51\n"),
                         scope=SYSTEM)
    assert (first["new"], first["existing"]) == (2, 0)
    # A district's list: "BN 9001" is the province's BN9001, its age corrected.
    again = import_cases(session, write_csv("case_id,report_date,province,district,age\n"
                                            "BN 9001,2021-11-05,Hà Nội,Cầu Giấy,35\n"),
                         scope=SYSTEM)
    assert (again["new"], again["existing"]) == (0, 1)
    session.commit()
    assert session.execute(select(Case.case_id, Case.age).order_by(Case.case_id)).all() == [
        ("BN9001", 35), ("BN9002", 51)]
    # Looked up, searched, saved in any spelling.
    assert get_case(session, "bn9002", scope=SYSTEM).age == 51
    assert session.scalar(select(Case.case_id).where(Case.case_id.startswith("bn 900"))
                          .order_by(Case.case_id)) == "BN9001"
    saved = save_case(session, {"case_id": "Bn 9002", "report_date": "2021-11-05",
                                "province": "Hà Nội", "district": "Đống Đa", "age": 52},
                      scope=SYSTEM, must_exist=True)
    assert saved["case_id"] == "BN9002"
    # Twice in one file under two spellings: the second is the first again.
    with pytest.raises(Exception) as exc:
        import_cases(session, write_csv("case_id,report_date,province\n"
                                        "BN9100,2021-11-06,Hà Nội\n"
                                        "bn 9100,2021-11-06,Hà Nội\n"), scope=SYSTEM)
    assert "row 3, column case_id, value 'bn 9100': appears again (first in row 2)" \
        in str(exc.value)


CASE = text("INSERT INTO cases (province_code, district_code, case_id, report_date, "
            "report_day, detected_in, source, outcome, version) VALUES (:p, 1, :code, "
            "'2021-11-07', '2021-11-07', 'community', 'unknown', 'active', 1)")


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_the_codes_stored_are_respelled_by_the_migration(store, tmp_path):
    """Migration 0023: each stored code in its one spelling; a code whose new spelling is
    another case's in the same province keeps its own (both records stay, for the province to
    resolve); in another province the same spelling is no clash."""
    with blank_database(store, tmp_path, "episurv_codes") as url:
        init_database(url)  # at head, the units loaded; then back to before the migration
        command.downgrade(alembic_config(url), "0022")
        with get_engine(url).begin() as conn:
            for province, code in [(1, "bn 9001"), (1, "BN9002"), (1, "bn9002"),
                                   (1, "Bn\t9003"), (79, "BN9002 "), (79, "bn9002x")]:
                conn.execute(CASE, {"p": province, "code": code})
        upgrade(url)
        with get_engine(url).connect() as conn:
            got = sorted(conn.execute(text("SELECT province_code, case_id FROM cases")).all())
        get_engine(url).dispose()
    assert got == [(1, "BN9001"), (1, "BN9002"), (1, "BN9003"), (1, "bn9002"),
                   (79, "BN9002"), (79, "BN9002X")]


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_codes_stored_as_numbers_lose_their_fraction_in_migration_0024(store, tmp_path):
    """Migration 0024: a code of digits alone stored as a number cell wrote it ("9001.0",
    before the rule) is the number ("9001"), so a list of the same cases imported again finds
    them; one whose number is another case's code in the province keeps its spelling; a code
    with letters keeps its point ("BN5.0" is not a number)."""
    with blank_database(store, tmp_path, "episurv_numbers") as url:
        init_database(url)
        command.downgrade(alembic_config(url), "0023")
        with get_engine(url).begin() as conn:
            for province, code in [(1, "9001.0"), (1, "9002.0"), (1, "9002"), (1, "BN5.0"),
                                   (79, "9002.00")]:
                conn.execute(CASE, {"p": province, "code": code})
        upgrade(url)
        with get_engine(url).connect() as conn:
            got = sorted(conn.execute(text("SELECT province_code, case_id FROM cases")).all())
        get_engine(url).dispose()
    assert got == [(1, "9001"), (1, "9002"), (1, "9002.0"), (1, "BN5.0"), (79, "9002")]


def test_a_cluster_link_and_a_contact_name_a_case_in_any_spelling(session, write_csv):
    """The clusters' links and the contacts' source cases matched the code as typed against
    the codes stored: "bn 9001" was "no case" beside the stored BN9001."""
    from episurv.clusters import service as clusters
    from episurv.contacts.service import resolve_rows

    import_cases(session, write_csv("case_id,report_date,province,district,ward\n"
                                    "BN9001,2021-11-05,Hà Nội,Cầu Giấy,Dịch Vọng\n"),
                 scope=SYSTEM)
    cluster = clusters.create_cluster(session, scope=SYSTEM, name="Chợ Dịch Vọng",
                                      province="Hà Nội", district="Cầu Giấy", kind="market")
    assert clusters.link_cases(session, scope=SYSTEM, cluster_id=cluster.id,
                               case_ids=["bn 9001"])["linked"] == ["BN9001"]
    resolved, problems = resolve_rows(session, SYSTEM, [(2, {
        "contact_code": "F-1", "source_case": "bn 9001", "exposure_date": "2021-11-04",
        "relation": "household", "district": "Cầu Giấy", "ward": "Dịch Vọng",
        "province": "Hà Nội"})])
    assert problems == [] and resolved[0].source_case.case_id == "BN9001"
