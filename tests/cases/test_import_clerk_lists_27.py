"""Line lists as 2021 clerks wrote them, round 27: English headers (lists shared with partners),
the letterhead of an official form above the table, a day written without its year under a
title that gives it, a sex written as a number the header explains, Roman-numbered headings and
a phone a number cell turned into a fraction. Each file is written here, imported and read
back; one that cannot be read is refused naming what is wrong and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.validation import header_below
from episurv.errors import InvalidInput
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.importing import codes_in_header
from episurv.safe_reading import letterhead, read_table_safely


def _cases(session, *columns):
    rows = session.execute(select(Case.case_id, *[getattr(Case, c) for c in columns])
                           .order_by(Case.case_id)).all()
    return [tuple(r) for r in rows]


def test_a_list_with_english_headers(session, write_csv):
    """HCDC shared lists headed in English; "Date of report" was not a report date (the file
    was refused), "Patient ID" was left aside (the cases got generated codes), "District 3"
    and "Ward 9" named no unit."""
    path = write_csv("\n".join((
        "No.,Patient ID,Date of report,Age,Gender,Province/City,District,Ward,Date of onset,"
        "Date of sampling,Status,Source of infection",
        "1,BN731104,12/10/2021,52,Female,Ho Chi Minh City,District 3,Ward 9,09/10/2021,"
        "10/10/2021,Under treatment,Contact",
        "2,BN731105,12/10/2021,27,Male,Ho Chi Minh City,Binh Thanh District,Ward 25,,"
        "11/10/2021,Discharged,Screening")))
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (2, ["No."])
    reg = register()
    hcm = reg.resolve("Hồ Chí Minh", PROVINCE)
    q3 = reg.resolve("Quận 3", DISTRICT, hcm.code)
    binh_thanh = reg.resolve("Bình Thạnh", DISTRICT, hcm.code)
    assert _cases(session, "report_date", "age", "sex", "district_code", "ward_code",
                  "onset_date", "sample_date", "outcome", "source") == [
        ("BN731104", date(2021, 10, 12), 52, "F", q3.code,
         reg.resolve("Phường 9", WARD, q3.code).code, date(2021, 10, 9),
         date(2021, 10, 10), "active", "contact"),
        ("BN731105", date(2021, 10, 12), 27, "M", binh_thanh.code,
         reg.resolve("Phường 25", WARD, binh_thanh.code).code, None,
         date(2021, 10, 11), "recovered", "screening")]


def test_an_official_forms_letterhead_above_the_table(session, write_xlsx):
    """The issuing body beside the national motto fills two cells, as a header does: it was
    taken for the header and the file refused ("no report_date column (headers: UBND HUYỆN
    ĐÔNG ANH, ...)")."""
    path = write_xlsx([
        ("UBND HUYỆN ĐÔNG ANH", None, None, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("TRUNG TÂM Y TẾ HUYỆN", None, None, "Độc lập – Tự do – Hạnh phúc"),
        ("Số: 318/DS-TTYT", None, None, "Đông Anh, ngày 14 tháng 10 năm 2021"),
        (),
        ("DANH SÁCH CA BỆNH COVID-19",),
        ("Mã BN", "Ngày báo cáo", "Tuổi", "Huyện", "Xã"),
        ("BN731201", "14/10/2021", 38, "Đông Anh", "Kim Chung"),
        ("BN731202", "14/10/2021", 61, "Đông Anh", "Uy Nỗ"),
    ], merged=["A1:C1", "D1:F1", "A2:C2", "D2:F2"])
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert result["new"] == 2
    assert _cases(session, "report_date", "age") == [
        ("BN731201", date(2021, 10, 14), 38), ("BN731202", date(2021, 10, 14), 61)]
    problems = import_cases(session, scope=SYSTEM, province="Hà Nội", path=write_xlsx([
        ("SỞ Y TẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Mã BN", "Ngày báo cáo", "Tuổi"), ("BN731203", "15/10/2021", 40)], name="b.xlsx"))
    assert problems["new"] == 1


def test_a_letterhead_above_a_csv(session, write_csv):
    path = write_csv("""SỞ Y TẾ TỈNH BẮC GIANG,,,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
"TRUNG TÂM KIỂM SOÁT BỆNH TẬT",,,"Độc lập - Tự do - Hạnh phúc"
Số: 77/BC-KSBT,,,"Bắc Giang, ngày ... tháng ... năm 2021"
Mã BN,Ngày báo cáo,Tuổi,Huyện
BN731301,03/06/2021,25,Việt Yên""")
    result = import_cases(session, scope=SYSTEM, path=path, province="Bắc Giang")
    assert result["new"] == 1
    assert _cases(session, "report_date", "age") == [("BN731301", date(2021, 6, 3), 25)]
    assert read_table_safely(path).title == (
        "SỞ Y TẾ TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TRUNG TÂM KIỂM SOÁT BỆNH TẬT Độc lập - Tự do - Hạnh phúc",
        "Số: 77/BC-KSBT Bắc Giang, ngày ... tháng ... năm 2021")


@pytest.mark.parametrize(("cells", "expected"), [
    (["UBND QUẬN 5", "Cộng hòa xã hội chủ nghĩa Việt Nam"], True),
    (["", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"], True),
    (["Số: 12/DS-YT", "Quận 5, ngày 02 tháng 8 năm 2021"], True),
    (["Mã BN", "Ngày tháng năm sinh"], False),   # a header of two columns
    (["Mã BN", "Số"], False),
    (["STT", "Cộng hòa xã hội chủ nghĩa Việt Nam", "x"], False),  # three cells: not one
])
def test_which_rows_are_a_letterhead(cells, expected):
    assert letterhead(cells) is expected


def test_a_day_without_its_year_under_a_title_that_gives_it(session, write_csv, write_xlsx):
    """"13/9" in the report date's column was refused as no date although the title gave the
    year; read beside the title's day, "30/12" under a list of 2/1/2022 is of 2021."""
    path = write_csv("""DANH SÁCH CA DƯƠNG TÍNH NĂM 2021,,,
Mã BN,Ngày báo cáo,Ngày khởi phát,Tuổi
BN731401,13/9,11/9,33
BN731402,14.9,,47""")
    assert import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")["new"] == 2
    assert _cases(session, "report_date", "onset_date") == [
        ("BN731401", date(2021, 9, 13), date(2021, 9, 11)),
        ("BN731402", date(2021, 9, 14), None)]
    path = write_xlsx([("Cập nhật đến ngày 02/01/2022",), (),
                            ("Mã BN", "Ngày báo cáo", "Tuổi"),
                            ("BN731403", "30/12", 19), ("BN731404", "02/01", 20)])
    assert import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")["new"] == 2
    assert _cases(session, "report_date")[2:] == [
        ("BN731403", date(2021, 12, 30)), ("BN731404", date(2022, 1, 2))]
    # Without a title giving it, the year is nowhere: refused, and nothing changes.
    path = write_csv("""Mã BN,Ngày báo cáo,Tuổi
BN731405,13/9,33""", name="no_title.csv")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert [(p["row"], p["column"], p["value"]) for p in refused.value.problems] == [
        (2, "report_date", "13/9")]
    assert session.scalar(select(func.count()).select_from(Case)) == 4


def test_a_sex_written_as_a_number_the_header_explains(session, write_csv):
    """"Giới tính (1: Nam; 0: Nữ)" over 1 and 0 was refused ("must be one of M, F"); the key
    may be written either way round, and another column's key reads its own codes."""
    path = write_csv("""Mã BN,Ngày báo cáo,Giới tính (1: Nam; 0: Nữ),\
Nơi phát hiện (1 = Cộng đồng; 2 = Khu cách ly)
BN731501,20/08/2021,1,2
BN731502,20/08/2021,0,1
BN731503,20/08/2021,Nữ,Cộng đồng""")
    assert import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")["new"] == 3
    assert _cases(session, "sex", "detected_in") == [
        ("BN731501", "M", "quarantine"), ("BN731502", "F", "community"),
        ("BN731503", "F", "community")]


def test_a_sex_written_as_a_number_no_header_explains_is_refused_saying_so(session,
                                                                          write_csv):
    path = write_csv("""Mã BN,Ngày báo cáo,Giới
BN731504,20/08/2021,1
BN731505,20/08/2021,2""")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert [(p["row"], p["value"], p["message"]) for p in refused.value.problems] == [
        (row, value, "a number, which says no sex by itself: write Nam or Nữ (M or F), or "
         "say in the header what each number stands for, as “Giới tính (1: Nam, 0: Nữ)”")
        for row, value in ((2, "1"), (3, "2"))]
    assert session.scalar(select(func.count()).select_from(Case)) == 0


@pytest.mark.parametrize(("header", "codes"), [
    ("Giới tính (1: Nam; 0: Nữ)", {"1": "Nam", "0": "Nữ"}),
    ("Giới (Nam = 1, Nữ = 2)", {"1": "Nam", "2": "Nữ"}),
    ("GT (1-Nam/2-Nữ)", {"1": "Nam", "2": "Nữ"}),
    ("Ngày công bố (dd/mm/yyyy)", {}),
    ("SĐT (nếu có)", {}),
    ("Giới tính (1: Nam)", {}),  # one code explains nothing of the others
    ("Giới tính", {}),
])
def test_the_codes_a_header_explains(header, codes):
    assert codes_in_header(header) == codes


def test_headings_numbered_in_roman_numerals_beside_the_rows_numbers(session, write_csv):
    """"II" in the STT column beside "HUYỆN GIA LÂM" filled two cells, and the heading was
    refused as a case without its report date."""
    path = write_csv("""STT,Mã BN,Ngày báo cáo,Huyện,Xã
I,HUYỆN ĐÔNG ANH,,,
1,BN731601,21/09/2021,Đông Anh,Uy Nỗ
II.,Huyện Gia Lâm,,,
2,BN731602,21/09/2021,Gia Lâm,Kiêu Kỵ
B),XÃ ĐA TỐN,,,
3,BN731603,21/09/2021,Gia Lâm,Đa Tốn""")
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert result["new"] == 3
    assert result["rows_not_cases"] == [
        {"row": 2, "value": "HUYỆN ĐÔNG ANH"}, {"row": 4, "value": "Huyện Gia Lâm"},
        {"row": 6, "value": "XÃ ĐA TỐN"}]
    # A case's own number beside a code and no day is still a case without its day.
    path = write_csv("""STT,Mã BN,Ngày báo cáo,Huyện
1,BN731604,,Đông Anh
2,BN731605,22/09/2021,Đông Anh""", name="b.csv")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(2, "report_date")]


def test_a_phone_a_program_wrote_as_a_fraction(session, write_csv):
    """"912345678.0" (a column of numbers exported by pandas) was kept as written."""
    path = write_csv(""",Mã BN,Ngày báo cáo,SĐT
0,BN731701,2021-09-21,912345678.0
1,BN731702,2021-09-21,2438261234.0
2,BN731703,2021-09-21,""")
    assert import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")["new"] == 3
    assert _cases(session, "phone") == [
        ("BN731701", "0912345678"), ("BN731702", "02438261234"), ("BN731703", None)]


def test_a_heading_over_columns_it_names_with_them(session, write_xlsx):
    """"Ngày" merged over "Khởi phát", "Lấy mẫu", "Có kết quả" (the days of onset, sample and
    result), and "Nơi ở" over "Số nhà" (a column no line list has), "Xã", "Huyện": the lower
    row was not a header, since not every cell of it named a column alone, and the file was
    refused for want of a report date."""
    path = write_xlsx([
        ("STT", "Mã BN", "Ngày", None, None, "Nơi ở", None, None),
        (None, None, "Khởi phát", "Lấy mẫu", "Có kết quả", "Số nhà", "Xã", "Huyện"),
        (1, "BN731801", "17/09/2021", "18/09/2021", "19/09/2021", "Thôn Đoài", "Uy Nỗ",
         "Đông Anh"),
        (2, "BN731802", None, "19/09/2021", "20/09/2021", None, "Kim Chung", "Đông Anh"),
    ], merged=["A1:A2", "B1:B2", "C1:E1", "F1:H1"])
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["ignored_columns"]) == (2, ["STT", "Số nhà"])
    assert _cases(session, "report_date", "onset_date", "sample_date") == [
        ("BN731801", date(2021, 9, 19), date(2021, 9, 17), date(2021, 9, 18)),
        ("BN731802", date(2021, 9, 20), None, date(2021, 9, 19))]
    # A row with digits beside words that name columns is data, not a lower header.
    headers = ["STT", "Mã BN", "Ngày", "__UNNAMED__3", "__UNNAMED__4", "Nơi ở",
               "__UNNAMED__6", "__UNNAMED__7"]
    for row in (("1", "BN731803", "Khởi phát", "Lấy mẫu", "Có kết quả", "Thôn 3", "Uy Nỗ",
                 "Đông Anh"),
                (None, "BN731804", "17/09/2021", None, None, None, None, None)):
        assert header_below(headers, row) is None


def test_words_and_headers_of_round_27(session, write_csv):
    """Each was refused: "Ngày công bố ca bệnh" named no report date, "Đã ra viện" no outcome,
    "10 ngày tuổi" (a newborn) no age, "Nữ." no sex, "None" no count of doses; "Ngày xuất
    viện" was left aside."""
    path = write_csv("""Mã BN,Ngày công bố ca bệnh,Tuổi,Giới tính,Tình trạng,Ngày xuất viện,\
Số mũi tiêm
BN731901,02/10/2021,10 ngày tuổi,Nữ.,Đã ra viện,14/10/2021,None
BN731902,02/10/2021,3 tuần,Nam,Ra viện,15/10/2021,Not vaccinated
BN731903,02/10/2021,64,nam,đang điều trị.,,2""")
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["ignored_columns"]) == (3, [])
    assert _cases(session, "report_date", "age", "sex", "outcome", "outcome_date",
                  "vaccine_doses") == [
        ("BN731901", date(2021, 10, 2), 0, "F", "recovered", date(2021, 10, 14), 0),
        ("BN731902", date(2021, 10, 2), 0, "M", "recovered", date(2021, 10, 15), 0),
        ("BN731903", date(2021, 10, 2), 64, "M", "active", None, 2)]


def test_a_header_below_more_than_ten_rows_of_letterhead_and_preamble(session, write_xlsx):
    """The header was looked for in the first ten rows only."""
    above = [("SỞ Y TẾ HÀ NỘI", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
             ("TRUNG TÂM Y TẾ QUẬN HOÀNG MAI", None, "Độc lập - Tự do - Hạnh phúc"),
             ("Số: 905/BC-TTYT", None, "Hoàng Mai, ngày 03 tháng 10 năm 2021"), (),
             ("BÁO CÁO",), ("Danh sách người mắc COVID-19 trên địa bàn quận",), (),
             ("Kính gửi: Trung tâm Kiểm soát bệnh tật Hà Nội",), (),
             ("Trung tâm Y tế quận báo cáo danh sách như sau:",), (), ()]
    path = write_xlsx([*above, ("Mã BN", "Ngày báo cáo", "Phường"),
                            ("BN732001", "03/10/2021", "Tương Mai")])
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert result["new"] == 1
    assert _cases(session, "report_date") == [("BN732001", date(2021, 10, 3))]


def test_a_totals_line_whose_count_fell_in_the_days_column(session, write_csv):
    """"Tổng cộng" with "3 ca" under the report date was refused as a case whose report date
    is no date."""
    path = write_csv("""STT,Mã BN,Ngày báo cáo,Phường
1,BN732101,05/10/2021,Tương Mai
2,BN732102,05/10/2021,Tương Mai
Cộng,,2,
3,BN732103,05/10/2021,Định Công
Tổng cộng,,3 ca,""")
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert result["new"] == 3
    assert result["totals_rows"] == [{"row": 4, "value": "Cộng"},
                                     {"row": 6, "value": "Tổng cộng"}]
    # A case's row with a number of its own in the day's column is still refused for it.
    path = write_csv("""STT,Mã BN,Ngày báo cáo,Phường
4,BN732104,5,Tương Mai""", name="b.csv")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(2, "report_date")]
