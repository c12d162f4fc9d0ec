"""Line lists as 2021 clerks wrote them, round 23: a bare "Phát hiện" header, and lists of
their kind written here (title rows, headers with and without marks, abbreviations, notes
rows, days as Excel serials and as text, "45t", birth years, F0/F1 columns). Each is imported
and its values read back; a bad one is refused naming what was wrong and changes nothing."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.validation import map_headers


def _cases(session, *columns):
    rows = session.execute(select(Case.case_id, *[getattr(Case, c) for c in columns])
                           .order_by(Case.case_id)).all()
    return [tuple(r) for r in rows]


def test_found_alone_heads_where_the_case_was_found(session, write_csv):
    """"Phát hiện" (found) over "Cộng đồng", "Khu cách ly", "Phong tỏa" is the detection
    column; it was left aside as a column no list has ("Các cột bỏ qua: Phát hiện")."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Phát hiện
BN9001,07/11/2021,Hà Nội,Cộng đồng
BN9002,07/11/2021,Hà Nội,Khu cách ly
BN9003,07/11/2021,Hà Nội,Phong tỏa""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (3, [])
    assert _cases(session, "detected_in") == [
        ("BN9001", "community"), ("BN9002", "quarantine"), ("BN9003", "lockdown")]


def test_found_over_days_is_the_day_found(session, write_csv):
    """The same header over days is "Ngày phát hiện" shortened: the report date of a list
    without one, as "Ngày phát hiện" is; beside a report date it is left aside."""
    path = write_csv("""Mã BN,Phát hiện,Tỉnh
BN9011,07/11/2021,Hà Nội
BN9012,8/11/2021,Hà Nội""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _cases(session, "report_date") == [
        ("BN9011", date(2021, 11, 7)), ("BN9012", date(2021, 11, 8))]
    frame = pl.DataFrame({"Mã BN": ["BN1"], "Ngày báo cáo": ["07/11/2021"],
                          "Phát hiện": ["06/11/2021"]})
    assert map_headers(list(frame.columns), frame) == (
        {"Mã BN": "case_id", "Ngày báo cáo": "report_date"}, ["Phát hiện"])


@pytest.mark.parametrize("header", ["Phát hiện", "PHÁT HIỆN", "Phat hien", "Phát hiện tại"])
def test_found_without_its_cells_is_where(header):
    assert map_headers(["Mã BN", header])[0].get(header) == "detected_in"


def test_nothing_written_when_found_is_misread(session, write_csv):
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Phát hiện
BN9021,07/11/2021,Hà Nội,Ở chợ""")
    with pytest.raises(Exception) as refused:
        import_cases(session, scope=SYSTEM, path=path)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(2, "detected_in")]
    assert session.scalar(select(func.count()).select_from(Case)) == 0
