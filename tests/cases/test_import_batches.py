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
                                           r"not a date") as refused:
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
