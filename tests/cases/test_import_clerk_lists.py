"""Line lists as 2021 clerks wrote them, round 23: a bare "Phát hiện" header, and lists of
their kind written here (title rows, headers with and without marks, abbreviations, notes
rows, days as Excel serials and as text, "45t", birth years, F0/F1 columns). Each is imported
and its values read back; a bad one is refused naming what was wrong and changes nothing."""

from __future__ import annotations

from datetime import date, datetime, time

import polars as pl
import pytest
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.validation import map_headers
from episurv.errors import InvalidInput


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
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(2, "detected_in")]
    assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_headings_in_the_code_column_are_left_aside(session, write_xlsx):
    """A list without a column of row numbers writes its groups' headings in the code's column
    ("Quận Ba Đình" above its rows): each was refused as a row without its report date. Words
    are no code; a code alone on its row ("BN 9033") is still refused so."""
    rows = [["Mã BN", "Ngày báo cáo", "Tỉnh", "Phát hiện"],
            ["Quận Ba Đình", None, None, None],
            ["BN9031", "07/11/2021", "Hà Nội", "Cộng đồng"],
            ["I. QUAN DONG DA", None, None, None],
            ["BN9032", "07/11/2021", "Hà Nội", "Khu cách ly"],
            ["Tổng cộng: 2 ca", None, None, None]]
    result = import_cases(session, scope=SYSTEM, path=write_xlsx(rows))
    assert result["new"] == 2
    assert result["rows_not_cases"] == [{"row": 2, "value": "Quận Ba Đình"},
                                        {"row": 4, "value": "I. QUAN DONG DA"}]
    assert result["totals_rows"] == [{"row": 6, "value": "Tổng cộng: 2 ca"}]
    rows[3] = ["BN 9033", None, None, None]
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=write_xlsx(rows, name="bad.xlsx"))
    assert [(p["row"], p["column"], p["message"]) for p in refused.value.problems] == [
        (4, "report_date", "required"), (4, "province", "required (or give --province)")]
    assert session.scalar(select(func.count()).select_from(Case)) == 2  # the first file's


@pytest.mark.parametrize(("header", "column"), [
    ("Nam/Nữ", "sex"), ("GT", "sex"), ("Q/H", "district"), ("P/X", "ward"),
    ("Ngày BC", "report_date"), ("NGÀY CB", "report_date"), ("Năm sinh", "birth_year"),
])
def test_headers_clerks_shortened(header, column):
    """"Nam/Nữ" heads the sex column by its two values; "GT" (giới tính), "Q/H" (quận/huyện),
    "P/X" (phường/xã), "BC" (báo cáo), "CB" (công bố) as clerks shortened them."""
    assert map_headers(["Mã BN", header])[0].get(header) == column


def test_a_source_linked_to_a_case_is_a_contact(session, write_csv):
    """"Liên quan F0 BN9999" (linked to a confirmed case) was refused as no source: the case
    is a contact of that one; "Liên quan ổ dịch" stays a cluster's."""
    path = write_csv("""Mã BN,Ngày BC,Tỉnh,Nguồn lây,Ổ dịch
BN9041,07/11/2021,Hà Nội,Liên quan F0 BN9999,
BN9042,07/11/2021,Hà Nội,Liên quan BN 3051,
BN9043,07/11/2021,Hà Nội,liên quan ca bệnh,
BN9044,07/11/2021,Hà Nội,Liên quan ổ dịch,Chợ Long Biên""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 4
    assert [s for _c, s in _cases(session, "source")] == [
        "contact", "contact", "contact", "cluster"]


def test_where_found_said_in_a_sentence(session, write_csv):
    """"Phát hiện tại cộng đồng" (found in the community), "Qua sàng lọc" (through screening),
    "Tại khu cách ly" were refused as no place of detection: the place after those words is
    read. A cell whose words name no place is still refused, and nothing is written."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Nơi phát hiện
BN9051,07/11/2021,Hà Nội,Phát hiện tại cộng đồng
BN9052,07/11/2021,Hà Nội,Qua sàng lọc
BN9053,07/11/2021,Hà Nội,Tại khu cách ly
BN9054,07/11/2021,Hà Nội,phát hiện trong khu phong tỏa""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 4
    assert [d for _c, d in _cases(session, "detected_in")] == [
        "community", "community", "quarantine", "lockdown"]
    bad = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Nơi phát hiện
BN9055,07/11/2021,Hà Nội,Phát hiện tại nhà hàng""", name="bad.csv")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=bad)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(2, "detected_in")]
    assert session.scalar(select(func.count()).select_from(Case)) == 4


def test_a_district_office_workbook(session, write_xlsx):
    """A workbook as a district office sent it: two title rows, a header on two rows whose
    "Năm sinh" heads a "Nam" and a "Nữ" column, a ward written "P. Kim Mã", an Excel date cell
    with its time, a phone number stored as a number without its 0, a note below."""
    rows = [["UBND QUẬN BA ĐÌNH - TRUNG TÂM Y TẾ", None, None, None, None, None, None, None],
            ["DANH SÁCH CA DƯƠNG TÍNH NGÀY 07/11/2021", None, None, None, None, None, None,
             None],
            ["STT", "Mã BN", "Ngày công bố", "Năm sinh", None, "Địa chỉ", None, "SĐT"],
            [None, None, None, "Nam", "Nữ", "Quận/Huyện", "Phường/Xã", None],
            [1, "BN9061", datetime(2021, 11, 7, 18, 30), 1976, None, "Ba Đình", "Phúc Xá",
             912345678],
            [2, "BN9062", "07/11/2021", None, "1990", "Ba Đình", "P. Kim Mã", "0987 654 321"],
            ["Ghi chú: số liệu tạm thời", None, None, None, None, None, None, None]]
    path = write_xlsx(rows, merged=("A1:H1", "A2:H2", "D3:E3", "F3:G3"))
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["ignored_columns"]) == (2, ["STT"])
    assert result["rows_not_cases"] == [{"row": 7, "value": "Ghi chú: số liệu tạm thời"}]
    assert _cases(session, "report_date", "report_time", "age", "sex", "ward_code",
                  "phone") == [
        ("BN9061", date(2021, 11, 7), time(18, 30), 45, "M", 1, "0912345678"),
        ("BN9062", date(2021, 11, 7), None, 31, "F", 28, "0987654321")]


def test_a_list_saved_with_semicolons(session, write_csv):
    """Excel under Vietnamese settings (the decimal comma) saves CSV with ";" between cells."""
    path = write_csv("""Ma BN;Ngay bao cao;Tinh;Quan/Huyen;Tuoi;Gioi tinh
BN9071;07/11/2021;Ha Noi;Ba Dinh;45t;Nam
BN9072;44507;Ha Noi;Dong Da;30;Nu""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _cases(session, "report_date", "district_code", "age", "sex") == [
        ("BN9071", date(2021, 11, 7), 1, 45, "M"), ("BN9072", date(2021, 11, 7), 6, 30, "F")]


def test_a_district_lists_other_headers(session, write_csv):
    """Headers district lists wrote for columns the list has: each was ignored, its values
    lost ("Ngày XN", "Nơi cư trú", "Họ và tên bệnh nhân", "Mã ca", "Mức độ bệnh", "Tiêm vắc
    xin", "Ngày KP", "Năm SN")."""
    path = write_csv("""Mã ca,Ngày BC,Tỉnh,Họ và tên bệnh nhân,Năm SN,Nơi cư trú,Ngày KP,Ngày XN,\
Mức độ bệnh,Tiêm vắc xin
BN9081,07/11/2021,Hà Nội,Nguyễn Văn An,1980,"Số 3, Phúc Xá",5/11/2021,6/11/2021,Nhẹ,2 mũi""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (1, [])
    assert _cases(session, "name", "age", "address", "onset_date", "sample_date", "severity",
                  "vaccine_doses") == [
        ("BN9081", "Nguyễn Văn An", 41, "Số 3, Phúc Xá", date(2021, 11, 5), date(2021, 11, 6),
         "mild", 2)]


def test_more_words_of_the_source_severity_and_age(session, write_csv):
    """Each was refused: "F2" (a contact's contact), "Liên quan chùm ca bệnh ..." (a cluster
    written as a group of cases), "Người về từ vùng dịch" (back from where it spread), "Vừa"
    (moderate), an age with its decimals after a comma ("45,0", as Vietnamese settings write
    it). "45,5" is still no whole age."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Nguồn lây,Mức độ,Tuổi
BN9091,07/11/2021,Hà Nội,F2,Vừa,"45,0"
BN9092,07/11/2021,Hà Nội,Liên quan chùm ca bệnh Chợ Long Biên,Nhẹ,45.0
BN9093,07/11/2021,Hà Nội,Người về từ vùng dịch,Nặng,45""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    assert _cases(session, "source", "severity", "age") == [
        ("BN9091", "contact", "moderate", 45), ("BN9092", "cluster", "mild", 45),
        ("BN9093", "travel", "severe", 45)]
    bad = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Tuổi
BN9094,07/11/2021,Hà Nội,"45,5\"""", name="bad.csv")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=bad)
    assert [(p["row"], p["column"], p["message"]) for p in refused.value.problems] == [
        (2, "age", "not a whole number")]


def test_a_weaker_header_gives_way_to_the_columns_own():
    """A list with "Ngày lấy mẫu" and "Ngày XN", "Địa chỉ" and "Nơi cư trú", "Số mũi" and
    "Tiêm vắc xin" keeps each column's own header and ignores the other; it is not refused
    as naming a column twice."""
    headers = ["Mã BN", "Ngày báo cáo", "Ngày XN", "Ngày lấy mẫu", "Nơi cư trú", "Địa chỉ",
               "Tiêm vắc xin", "Số mũi", "Địa chỉ thường trú"]
    mapping, ignored = map_headers(headers)
    assert (mapping["Ngày lấy mẫu"], mapping["Địa chỉ"], mapping["Số mũi"]) == (
        "sample_date", "address", "vaccine_doses")
    assert ignored == ["Ngày XN", "Nơi cư trú", "Tiêm vắc xin", "Địa chỉ thường trú"]


def test_an_f0_f1_column_is_the_source_of_a_list_without_one(session, write_csv):
    """"F0/F1" says whether the case was a known contact when found: "F1" is a contact's
    source, "F0" none known. It was ignored; beside a source column it still is."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,F0/F1
BN9101,07/11/2021,Hà Nội,F1
BN9102,07/11/2021,Hà Nội,F0
BN9103,07/11/2021,Hà Nội,F1 đã cách ly""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (3, [])
    assert _cases(session, "source", "detected_in") == [
        ("BN9101", "contact", "community"), ("BN9102", "unknown", "community"),
        ("BN9103", "contact", "quarantine")]
    assert map_headers(["Mã BN", "Nguồn lây", "F0/F1"]) == (
        {"Mã BN": "case_id", "Nguồn lây": "source"}, ["F0/F1"])
