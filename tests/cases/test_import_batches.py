"""A line list read a batch of rows at a time holds the rules of a whole file: a patient code
given again in a later batch, generated ids, the place of a new cluster, the rejects file, the
audit of every case; and the streamed CSV reads exactly what the whole-file reader reads."""

from __future__ import annotations

import csv

import polars as pl
import pytest
from sqlalchemy import func, select

from episurv.accounts import audit
from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case, CaseDailyCount
from episurv.clusters.models import Cluster
from episurv.errors import InvalidInput
from episurv.safe_reading import read_batches, read_table_safely

HEADER = "case_id,report_date,report_time,province,district,ward,detected_in,source,cluster,age,sex"


def test_a_code_given_again_in_a_later_batch_refuses_the_file(session, write_csv):
    path = write_csv(f"""{HEADER}
BN1,2021-11-07,10:00,Hà Nội,Ba Đình,,community,screening,,30,M
BN2,2021-11-07,11:00,Hà Nội,Ba Đình,,community,screening,,31,M
BN3,2021-11-07,12:00,Hà Nội,Ba Đình,,community,screening,,32,M
BN1,2021-11-08,10:00,Hà Nội,Đống Đa,,community,screening,,33,F""")
    with pytest.raises(InvalidInput, match=r"row 5, column case_id, value 'BN1': appears "
                                           r"again \(first in row 2\)") as refused:
        import_cases(session, path, scope=SYSTEM, batch_rows=2)
    assert "nothing was imported" in str(refused.value)
    assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_bad_row_after_batches_were_staged_refuses_the_file_and_the_session_goes_on(
        session, write_csv):
    # The first two batches are staged (on PostgreSQL into a COPY still open) before row 6
    # is found bad: the refusal ends that COPY, so the same transaction can still be used.
    path = write_csv(f"""{HEADER}
BN1,2021-11-07,10:00,Hà Nội,Ba Đình,,community,screening,,30,M
BN2,2021-11-07,11:00,Hà Nội,Ba Đình,,community,screening,,31,M
BN3,2021-11-07,12:00,Hà Nội,Ba Đình,,community,screening,,32,M
BN4,2021-11-07,12:00,Hà Nội,Ba Đình,,community,screening,,32,M
BN5,2021-11-31,12:00,Hà Nội,Ba Đình,,community,screening,,32,M""")
    with pytest.raises(InvalidInput, match=r"row 6, column report_date, value '2021-11-31': "
                                           r"no such day") as refused:
        import_cases(session, path, scope=SYSTEM, batch_rows=2)
    assert "nothing was imported" in str(refused.value)
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    result = import_cases(session, write_csv(f"""{HEADER}
BN9,2021-11-07,10:00,Hà Nội,Ba Đình,,community,screening,,30,M"""), scope=SYSTEM)
    assert (result["rows"], result["new"]) == (1, 1)
    assert sorted(session.scalars(select(Case.case_id))) == ["BN9"]


def test_a_code_given_again_in_a_later_batch_goes_to_the_rejects_file(session, write_csv,
                                                                       tmp_path):
    path = write_csv(f"""{HEADER}
BN1,2021-11-07,10:00,Hà Nội,Ba Đình,,community,screening,,30,M
BN2,2021-11-07,11:00,Hà Nội,Ba Đình,,community,nowhere,,31,M
BN3,2021-11-07,12:00,Hà Nội,Ba Đình,,community,screening,,32,M
BN1,2021-11-08,10:00,Hà Nội,Đống Đa,,community,screening,,33,F""")
    rejects = tmp_path / "rejects.csv"
    result = import_cases(session, path, scope=SYSTEM, rejects=rejects, batch_rows=2)
    assert (result["new"], result["rejected"]) == (2, 2)
    rows = list(csv.reader(rejects.open(encoding="utf-8")))
    assert [r[0] for r in rows[1:]] == ["3", "5"]
    assert rows[2][1:5] == ["BN1", "2021-11-08", "10:00", "Hà Nội"]
    assert rows[2][-1] == "case_id 'BN1': appears again (first in row 2)"
    assert sorted(session.scalars(select(Case.case_id))) == ["BN1", "BN3"]
    assert session.scalar(select(Case.district_code).where(Case.case_id == "BN1")) == 1
    assert session.scalar(select(func.sum(CaseDailyCount.n))) == 2


def test_generated_ids_and_cluster_places_do_not_depend_on_the_batch_size(db, write_csv):
    from episurv.db import session_scope

    # Two identical rows without a code are two people; the cluster Nam Dư has one case in
    # Ba Đình (first) and two in Hoàng Mai (later batches): it is placed in Hoàng Mai and
    # named as its first case there wrote it.
    path = write_csv(f"""{HEADER}
,2021-11-07,,Hà Nội,Ba Đình,,community,cluster,Nam Dư,60,F
,2021-11-07,,Hà Nội,Mê Linh,Tiến Thắng,lockdown,contact,,60,F
,2021-11-07,,Hà Nội,Mê Linh,Tiến Thắng,lockdown,contact,,60,F
BN4,2021-11-08,,Hà Nội,Hoàng Mai,,community,cluster,nam du,40,M
BN5,2021-11-08,,Hà Nội,Hoàng Mai,,community,cluster,NAM DƯ,41,M""")
    seen = []
    for batch_rows in (100, 1):
        with session_scope(db) as session:
            result = import_cases(session, path, scope=SYSTEM, batch_rows=batch_rows)
            ids = sorted(session.scalars(select(Case.case_id)))
            cluster = session.scalars(select(Cluster)).one()
            seen.append((ids, cluster.name, cluster.district_code))
            assert result["rows"] == 5
    assert seen[0] == seen[1]
    ids, name, district = seen[0]
    assert len(ids) == 5 and sum(i.startswith("GEN-") for i in ids) == 3
    assert (name, district) == ("nam du", 8)  # as first written in Hoàng Mai


def test_every_case_of_a_batched_import_is_audited_and_the_chain_verifies(session,
                                                                         write_csv):
    rows = [f"BN{i},2021-11-07,10:{i:02d},Hà Nội,Ba Đình,,community,screening,,{i},M"
            for i in range(1, 8)]
    import_cases(session, write_csv("\n".join([HEADER, *rows])), scope=SYSTEM, batch_rows=3)
    changed = rows[:]
    changed[5] = changed[5].replace("Ba Đình", "Đống Đa")
    import_cases(session, write_csv("\n".join([HEADER, *changed]), "changed.csv"),
                 scope=SYSTEM, batch_rows=3)
    entries = audit.history(session, "case", "BN6")
    assert [e["action"] for e in entries] == ["create", "update"]
    assert entries[1]["changes"]["district_code"] == [1, 6]
    assert session.scalar(select(func.count()).select_from(Case)) == 7
    assert audit.verify(session) == {"entries": 8, "ok": True, "first_bad": None}


def test_a_re_import_audits_and_recounts_only_what_it_creates_or_changes(session, write_csv):
    first = [f"BN{i},2021-11-0{i},10:00,Hà Nội,Ba Đình,,community,screening,,{30 + i},M"
             for i in (1, 2, 3)]
    import_cases(session, write_csv("\n".join([HEADER, *first])), scope=SYSTEM, batch_rows=2)
    # BN1 as it was, BN2 moved to the 5th, BN4 new on the 6th; BN3 not in the file.
    again = [first[0], first[1].replace("2021-11-02", "2021-11-05"),
             "BN4,2021-11-06,10:00,Hà Nội,Đống Đa,,community,screening,,40,F"]
    result = import_cases(session, write_csv("\n".join([HEADER, *again]), "again.csv"),
                          scope=SYSTEM, batch_rows=2)
    assert (result["rows"], result["new"], result["existing"]) == (3, 1, 2)
    entries = [(e.action, e.entity_id) for e in session.query(AuditEntry).order_by(
        AuditEntry.id)]
    assert entries == [("create", "BN1"), ("create", "BN2"), ("create", "BN3"),
                       ("create", "BN4"), ("update", "BN2")]
    assert audit.history(session, "case", "BN2")[1]["changes"]["report_day"] == [
        "2021-11-02", "2021-11-05"]
    days = session.execute(select(CaseDailyCount.report_day, func.sum(CaseDailyCount.n))
                           .group_by(CaseDailyCount.report_day)
                           .order_by(CaseDailyCount.report_day)).all()
    assert [(d.isoformat(), n) for d, n in days] == [
        ("2021-11-01", 1), ("2021-11-03", 1), ("2021-11-05", 1), ("2021-11-06", 1)]
    assert audit.verify(session) == {"entries": 5, "ok": True, "first_bad": None}


def test_a_file_of_a_province_with_cases_and_of_one_without_is_written_whole(session,
                                                                            write_csv):
    """On PostgreSQL the cases of a province that held none go straight into the register as
    they are read, the others through the stage: the result, the ids, the clusters, the audit
    and the counts are those of one write either way (SQLite stages them all)."""
    from episurv.cases.counts import rebuild_all

    import_cases(session, write_csv(f"""{HEADER}
BN1,2021-11-07,10:00,Hà Nội,Ba Đình,,community,screening,,30,M"""), scope=SYSTEM)
    # Batches of two: Đà Nẵng (48) is new to the register, Hà Nội holds BN1. The cluster
    # Chợ Hàn has one case in Hải Châu (492) in the first batch and two in Sơn Trà (493)
    # later: it is placed in Sơn Trà, counted over the whole file, and named as its first
    # case there wrote it.
    result = import_cases(session, write_csv(f"""{HEADER}
DN1,2021-11-08,09:00,Đà Nẵng,Hải Châu,,community,cluster,Chợ Hàn,20,F
BN1,2021-11-07,10:00,Hà Nội,Đống Đa,,community,screening,,30,M
DN2,2021-11-08,09:30,Đà Nẵng,Sơn Trà,,community,cluster,chợ hàn,21,F
BN2,2021-11-08,11:00,Hà Nội,Ba Đình,,quarantine,contact,,40,F
DN3,2021-11-09,08:00,Đà Nẵng,Sơn Trà,,community,cluster,Chợ Hàn,22,M
DN4,2021-11-09,08:30,Đà Nẵng,Thanh Khê,,quarantine,contact,,23,M""", "mixed.csv"),
        scope=SYSTEM, batch_rows=2)
    assert (result["rows"], result["new"], result["existing"]) == (6, 5, 1)
    danang = session.scalars(select(Case.case_id).where(Case.province_code == 48)
                             .order_by(Case.id)).all()
    assert danang == ["DN1", "DN2", "DN3", "DN4"]  # ids in file order
    cluster = session.scalars(select(Cluster)).one()
    assert (cluster.province_code, cluster.name, cluster.district_code) == (48, "chợ hàn", 493)
    assert session.scalars(select(Case.case_id).where(Case.cluster_id == cluster.id)
                           .order_by(Case.case_id)).all() == ["DN1", "DN2", "DN3"]
    assert session.scalar(select(Case.district_code).where(Case.case_id == "BN1")) == 6
    entries = [(e.action, e.entity_id) for e in session.query(AuditEntry).order_by(
        AuditEntry.id)]
    # The created cases in file order, whichever way each went in; then the changed one.
    assert entries == [("create", "BN1"), ("create", "DN1"), ("create", "DN2"),
                       ("create", "BN2"), ("create", "DN3"), ("create", "DN4"),
                       ("update", "BN1")]
    assert audit.verify(session) == {"entries": 7, "ok": True, "first_bad": None}
    counted = session.execute(select(CaseDailyCount.province_code, CaseDailyCount.report_day,
                                     func.sum(CaseDailyCount.n))
                              .group_by(CaseDailyCount.province_code, CaseDailyCount.report_day)
                              .order_by(CaseDailyCount.province_code,
                                        CaseDailyCount.report_day)).all()
    assert [(p, d.isoformat(), n) for p, d, n in counted] == [
        (1, "2021-11-07", 1), (1, "2021-11-08", 1), (48, "2021-11-08", 2), (48, "2021-11-09", 2)]
    kept = session.execute(select(CaseDailyCount.__table__)).all()
    rebuild_all(session)
    assert sorted(session.execute(select(CaseDailyCount.__table__)).all()) == sorted(kept)


def test_the_streamed_csv_reads_what_the_whole_reader_reads(tmp_path):
    # Quoted line ends and quotes, decomposed Vietnamese (NFD), pieces cut in many places.
    path = tmp_path / "tricky.csv"
    lines = ['case_id,address,"note, with comma"']
    for i in range(300):
        lines.append(f'BN{i},"Số {i}\nngõ ""{i}"", Phu\u031bo\u031b\u0300ng",Ba Đi\u0300nh')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = read_table_safely(path).frame
    assert whole.height == 300
    assert whole["address"][1] == 'Số 1\nngõ "1", Phường'  # NFC
    for batch_rows in (1, 7, 64):
        parts = list(read_batches(path, batch_rows=batch_rows).frames)
        assert len(parts) > 1
        assert pl.concat(parts).equals(whole)
