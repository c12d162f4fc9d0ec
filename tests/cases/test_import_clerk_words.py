"""Line lists in the words a district clerk wrote them with in 2021: "Không" in the cluster
column, where a case was found written in the source column, "KQ" and "XN" in headers, dashes
for nothing, "KTC" for no symptoms, a ward under the wrong district. Each file is written here,
imported, and its values read back; a bad one is refused naming what was wrong, in English and
in Vietnamese, and changes nothing."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.clusters.models import Cluster
from episurv.errors import InvalidInput


def _cases(session, *columns):
    rows = session.execute(select(Case.case_id, *[getattr(Case, c) for c in columns])
                           .order_by(Case.case_id)).all()
    return [tuple(r) for r in rows]


def _reasons(session, path, tmp_path, lang=None):
    """The reasons the rejects file gives, row by row (in `lang`, English by default)."""
    rejects = tmp_path / "rejects.csv"
    import_cases(session, scope=SYSTEM, path=path, rejects=rejects, lang=lang)
    with open(rejects, encoding="utf-8") as fh:
        return [(r["row"], r["reason"]) for r in csv.DictReader(fh)]


def test_no_cluster_written_in_words_is_no_cluster(session, write_csv):
    """"Không" (none), "Chưa rõ" (not known), "Không có", "Chưa xác định" and a dash in the
    cluster column made clusters of those names, which then collected every such case of the
    city. They name no cluster; "x" still names one (a clerk's code for a cluster); a row of
    source "Ổ dịch" whose cluster says "Không" is a cluster not yet named (a warning)."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Nguồn lây,Ổ dịch
BN8001,07/11/2021,Hà Nội,F1,Không
BN8002,07/11/2021,Hà Nội,F1,Chưa rõ
BN8003,07/11/2021,Hà Nội,F1,-
BN8004,07/11/2021,Hà Nội,F1,không có
BN8005,07/11/2021,Hà Nội,F1,Chưa xác định
BN8006,07/11/2021,Hà Nội,Ổ dịch,Không
BN8007,07/11/2021,Hà Nội,Ổ dịch,x""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert result["new"] == 7
    assert [w["row"] for w in result["warnings"]] == [7]
    assert session.scalars(select(Cluster.name)).all() == ["x"]
    named = session.scalar(select(Cluster.id))
    assert _cases(session, "cluster_id", "source") == [
        ("BN8001", None, "contact"), ("BN8002", None, "contact"), ("BN8003", None, "contact"),
        ("BN8004", None, "contact"), ("BN8005", None, "contact"), ("BN8006", None, "cluster"),
        ("BN8007", named, "cluster")]


def test_a_dash_is_an_empty_cell(session, write_csv):
    """A dash ("-", "–", "—", "--") is how a clerk leaves a cell empty: each was refused as no
    date, no number, no place of detection, no district."""
    header = ("Mã BN,Ngày báo cáo,Tỉnh,Quận,Phường,Nơi phát hiện,Tuổi,Ngày khởi phát,"
              "Số mũi tiêm,Mức độ")
    path = write_csv(header + """
BN8301,07/11/2021,Hà Nội,-,–,—,--,-,-,-
BN8302,07/11/2021,Hà Nội,Ba Đình,-,Cộng đồng,-5,,,""")
    with pytest.raises(InvalidInput) as refused:  # a minus sign before a number is no dash
        import_cases(session, scope=SYSTEM, path=path)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(3, "age")]
    path = write_csv(header + """
BN8301,07/11/2021,Hà Nội,-,–,—,--,-,-,-
BN8302,07/11/2021,Hà Nội,Ba Đình,-,Cộng đồng,35,,,""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _cases(session, "district_code", "ward_code", "detected_in", "age", "onset_date",
                  "vaccine_doses", "severity") == [
        ("BN8301", None, None, "community", None, None, None, None),
        ("BN8302", 1, None, "community", 35, None, None, None)]
