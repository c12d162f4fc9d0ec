"""Line lists as a city CDC's clerks exported them in 2021, forms the team's own files never
used: each file is written here, imported, and its values read back exactly."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.errors import InvalidInput

# What a day that is none is refused with: the forms a day is read in.
NOT_A_DATE = ("not a date (day, month and year: 7/11/2021, 07-11-21, 7.11.2021, 7 tháng 11 năm "
              "2021 or 2021-11-07)")
# What a day of a form that no calendar has is refused with (31/11/2021).
NO_SUCH_DAY = "no such day: month 11 of 2021 has 30 days"


@pytest.fixture
def write_rows(tmp_path, write_xlsx):
    """`(rows, kind, name="ds")`: the rows as a CSV (cells holding a comma quoted) or an XLSX
    file."""
    def write(rows, kind, name="ds"):
        if kind == "xlsx":
            return write_xlsx(rows, name=f"{name}.xlsx")
        path = tmp_path / f"{name}.csv"
        path.write_text("\n".join(",".join(f'"{c}"' if "," in c else c for c in r)
                                  for r in rows) + "\n", encoding="utf-8")
        return path
    return write


def _read(session, *columns):
    rows = session.execute(select(Case.case_id, *[getattr(Case, c) for c in columns])
                           .order_by(Case.case_id)).all()
    return [tuple(r) for r in rows]


def test_days_with_a_two_digit_year_or_a_time_of_day(session, write_xlsx, write_csv):
    """"7/11/21" (Excel's short date), "08/11/2021 19:30" typed, and an XLSX datetime cell
    were each refused as "not a date". The time a report date carries is the report's time
    where the row gives none, so 19:30 (after the 18:00 cut-off) counts on the next day; a
    date cell's midnight is no time."""
    path = write_csv("""Mã BN,Ngày công bố,Ngày lấy mẫu,Tỉnh
BN7101,7/11/21,5/11/21,Hà Nội
BN7102,08/11/2021 19:30,06/11/2021,Hà Nội
BN7103,08/11/2021 10:15:00,2021-11-06 00:00:00,Hà Nội""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    got = [(c, str(d), t and t.strftime("%H:%M"), str(day), str(s)) for c, d, t, day, s in
           _read(session, "report_date", "report_time", "report_day", "sample_date")]
    assert got == [("BN7101", "2021-11-07", None, "2021-11-07", "2021-11-05"),
                   ("BN7102", "2021-11-08", "19:30", "2021-11-09", "2021-11-06"),
                   ("BN7103", "2021-11-08", "10:15", "2021-11-08", "2021-11-06")]

    book = write_xlsx([["Mã BN", "Ngày công bố", "Giờ công bố", "Tỉnh"],
                       ["BN7104", datetime(2021, 11, 9, 18, 45), None, "Hà Nội"],
                       ["BN7105", datetime(2021, 11, 9, 18, 45), "9h", "Hà Nội"],
                       ["BN7106", datetime(2021, 11, 9), None, "Hà Nội"]])
    assert import_cases(session, scope=SYSTEM, path=book)["new"] == 3
    got = [(c, str(d), t and t.strftime("%H:%M"), str(day)) for c, d, t, day in
           _read(session, "report_date", "report_time", "report_day")][3:]
    # The row's own report time wins over the one in its date cell.
    assert got == [("BN7104", "2021-11-09", "18:45", "2021-11-10"),
                   ("BN7105", "2021-11-09", "09:00", "2021-11-09"),
                   ("BN7106", "2021-11-09", None, "2021-11-09")]


def test_a_day_a_vietnamese_clerk_did_not_write_is_refused(session, write_csv):
    """Days are day/month, as Vietnam writes them: 05/06/2021 is 5 June, and 11/25/2021 (an
    English-language spreadsheet's month first) is no date at all."""
    path = write_csv("""Mã BN,Ngày công bố,Ngày lấy mẫu,Tỉnh
BN7201,11/25/2021,05/06/2021,Hà Nội
BN7202,07/11/2021,05/06/2021,Hà Nội
BN7203,07/11/21 25:00,,Hà Nội""")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path)
    lines = str(exc.value).splitlines()[1:]
    assert lines == [
        "  row 2, column report_date, value '11/25/2021': " + NOT_A_DATE,
        "  row 4, column report_date, value '07/11/21 25:00': " + NOT_A_DATE]
    assert session.scalars(select(Case)).all() == []
    path.write_text(path.read_text(encoding="utf-8").replace("11/25/2021", "25/11/2021")
                    .replace("07/11/21 25:00", "07/11/21"), encoding="utf-8")
    import_cases(session, scope=SYSTEM, path=path)
    assert [(c, str(s)) for c, s in _read(session, "sample_date")] == [
        ("BN7201", "2021-06-05"), ("BN7202", "2021-06-05"), ("BN7203", "None")]


def test_hours_and_ages_in_the_words_clerks_type(session, write_csv):
    """"12 giờ 30", "19 giờ", "12h30'" (the minutes' mark), "12.30"; ages "66 tuoi" without
    its marks, "35t", "6 THÁNG": each was refused as "not a time" or "not a whole number"."""
    path = write_csv("""Mã BN,Ngày công bố,Giờ công bố,Tỉnh,Tuổi
BN7301,07/11/2021,12 giờ 30,Hà Nội,66 tuoi
BN7302,07/11/2021,19 giờ,Hà Nội,35t
BN7303,07/11/2021,12h30',Hà Nội,6 THÁNG
BN7304,07/11/2021,12.30,Hà Nội,18 thang tuoi
BN7305,07/11/2021,9 giờ 05 phút,Hà Nội,40 Tuổi""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 5
    got = [(c, t.strftime("%H:%M"), str(day), a) for c, t, day, a in
           _read(session, "report_time", "report_day", "age")]
    assert got == [("BN7301", "12:30", "2021-11-07", 66), ("BN7302", "19:00", "2021-11-08", 35),
                   ("BN7303", "12:30", "2021-11-07", 0), ("BN7304", "12:30", "2021-11-07", 1),
                   ("BN7305", "09:05", "2021-11-07", 40)]
    bad = write_csv("""Mã BN,Ngày công bố,Giờ công bố,Tỉnh,Tuổi
BN7306,07/11/2021,12.3,Hà Nội,sáu""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column report_time, value '12.3': not a time (HH:MM)",
        "  row 2, column age, value 'sáu': not a whole number"]


def test_ages_with_a_full_stop_or_the_sex_written_after_them(session, write_csv):
    """"35 tuổi.", "35 T", "42 tuổi (nữ)", "28, nam", "61/Nữ": the full stop and the sex
    written after the age were refused as "not a whole number"; they say nothing of the age,
    which is read. A range, an "about" or a unit in brackets stay refused: no age to guess."""
    path = write_csv("""Mã BN,Ngày công bố,Tỉnh,Tuổi
BN7311,07/11/2021,Hà Nội,35 tuổi.
BN7312,07/11/2021,Hà Nội,35 T
BN7313,07/11/2021,Hà Nội,42 tuổi (nữ)
BN7314,07/11/2021,Hà Nội,"28, nam"
BN7315,07/11/2021,Hà Nội,61/Nữ
BN7316,07/11/2021,Hà Nội,7t.""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 6
    assert _read(session, "age") == [("BN7311", 35), ("BN7312", 35), ("BN7313", 42),
                                     ("BN7314", 28), ("BN7315", 61), ("BN7316", 7)]
    bad = write_csv("""Mã BN,Ngày công bố,Tỉnh,Tuổi
BN7317,07/11/2021,Hà Nội,35-40
BN7318,07/11/2021,Hà Nội,khoảng 35
BN7319,07/11/2021,Hà Nội,3 (tháng)""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column age, value '35-40': not a whole number",
        "  row 3, column age, value 'khoảng 35': not a whole number",
        "  row 4, column age, value '3 (tháng)': not a whole number"]


def test_a_year_of_birth_of_two_digits_is_refused_naming_both_centuries(session, write_csv):
    """"86" or "12/03/86" as a year or date of birth may be 1986 or 2086, "12" a child born in
    2012 or a man of 1912: the row is refused, naming the value and both readings (before,
    "86" was "not a year" and "12/03/86" was read as 2086, "not within the 120 years")."""
    path = write_csv("""Mã BN,Ngày công bố,Tỉnh,Năm sinh
BN7321,07/11/2021,Hà Nội,86
BN7322,07/11/2021,Hà Nội,12/03/86
BN7323,07/11/2021,Hà Nội,1986""")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column birth_year, value '86': a year of birth of two digits, 1986 or "
        "2086: write all four",
        "  row 3, column birth_year, value '12/03/86': a year of birth of two digits, 1986 or "
        "2086: write all four"]


@pytest.mark.parametrize("header", ["Năm", "NĂM", "Năm (sinh)", "Năm sinh"])
def test_a_column_headed_nam_with_its_breve_is_the_year_of_birth(session, write_csv, header):
    """"Năm" (year) folds to "nam" (male): a column headed "Năm" was read as the form's male
    column, its year of birth "1986" making every row a man of 35. It is the year of birth; a
    form's "Nam" and "Nữ" columns are still the sex."""
    path = write_csv(f"""Mã BN,Ngày công bố,Tỉnh,{header}
BN7331,07/11/2021,Hà Nội,1986
BN7332,07/11/2021,Hà Nội,2001""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _read(session, "age", "sex") == [("BN7331", 35, None), ("BN7332", 20, None)]
    form = write_csv("""Mã BN,Ngày công bố,Tỉnh,Nam,Nữ
BN7333,07/11/2021,Hà Nội,1986,
BN7334,07/11/2021,Hà Nội,,2001""", "form.csv")
    assert import_cases(session, scope=SYSTEM, path=form)["new"] == 2
    assert _read(session, "age", "sex")[2:] == [("BN7333", 35, "M"), ("BN7334", 20, "F")]


def test_a_day_before_the_epidemic_or_after_tomorrow_is_a_typing_error(session, write_csv,
                                                                         tmp_path):
    """"7/11/2012" or "7/11/2031" for 7/11/2021 was imported as a case of that year. A report,
    onset, sample or outcome day before 1/1/2020 (COVID-19 reached Vietnam on 23/01/2020) or
    after tomorrow refuses its row, naming the value and the days allowed."""
    from datetime import timedelta

    from episurv.core.time import local_today

    tomorrow, after = local_today() + timedelta(days=1), local_today() + timedelta(days=2)
    window = (f"outside 2020-01-01 to {tomorrow.isoformat()} (before COVID-19 reached "
              "Vietnam, or after tomorrow): a typing error")
    path = write_csv(f"""Mã BN,Ngày công bố,Ngày lấy mẫu,Tỉnh
BN7341,7/11/2012,,Hà Nội
BN7342,07/11/2021,7/11/2012,Hà Nội
BN7343,{after:%d/%m/%Y},,Hà Nội
BN7344,31/12/2019,,Hà Nội
BN7345,01/01/2020,,Hà Nội
BN7346,{tomorrow:%d/%m/%Y},,Hà Nội""")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path)
    assert str(exc.value).splitlines()[1:] == [
        f"  row 2, column report_date, value '7/11/2012': {window}",
        f"  row 3, column sample_date, value '7/11/2012': {window}",
        f"  row 4, column report_date, value '{after:%d/%m/%Y}': {window}",
        f"  row 5, column report_date, value '31/12/2019': {window}"]
    result = import_cases(session, scope=SYSTEM, path=path, rejects=tmp_path / "r.csv")
    assert (result["new"], result["rejected"]) == (2, 4)
    assert _read(session, "report_date") == [("BN7345", date(2020, 1, 1)),
                                             ("BN7346", tomorrow)]


def test_numbered_headers_and_a_date_of_birth(session, write_xlsx):
    """A form numbers its columns in their headers ("1. Mã BN", "(3) Tỉnh", "Ngày sinh (5)");
    the file was refused ("no report_date column"). A date of birth ("Ngày sinh", a date cell
    or d/m/yyyy text) gives the age in whole years on the report date; it was ignored and the
    age left empty."""
    from datetime import date

    path = write_xlsx([
                       ["STT", "1. Mã BN", "2) Ngày công bố", "(3) Tỉnh", "Ngày sinh (4)"],
                       [1, "BN7401", "07/11/2021", "Hà Nội", date(1990, 12, 20)],
                       [2, "BN7402", "07/11/2021", "Hà Nội", date(1990, 11, 7)],
                       [3, "BN7403", "07/11/2021", "Hà Nội", "01/02/2021"],
                       [4, "BN7404", "07/11/2021", "Hà Nội", "1975"]])
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (4, ["STT"])
    assert _read(session, "age") == [("BN7401", 30), ("BN7402", 31), ("BN7403", 0),
                                     ("BN7404", 46)]
    bad = write_xlsx([["Mã BN", "Ngày công bố", "Tỉnh", "Ngày sinh"],
                      ["BN7405", "07/11/2021", "Hà Nội", "31/02/1990"],
                      ["BN7406", "07/11/2021", "Hà Nội", "08/11/2021"]], name="bad.xlsx")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column birth_year, value '31/02/1990': not a year (YYYY)",
        "  row 3, column birth_year, value '08/11/2021': not within the 120 years before the "
        "report"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_column_numbering_row_and_totals_lines_are_no_cases(session, write_rows, kind):
    """A form's row of column numbers below its header ("(1)", "(2)", ...) and its totals
    lines ("Cộng" under a district's rows, "TỔNG CỘNG" at the end) were refused as rows ("not a
    date", "report_date required"). They are left aside, the totals said with their rows; the
    rows a problem names are still the sheet's. A row without a report date whose first cell
    is "Cộng đồng" (the community) is a case, and still refused."""
    rows = [["DANH SÁCH CA DƯƠNG TÍNH", "", "", "", ""],
            ["STT", "Mã BN", "Ngày công bố", "Quận/Huyện", "Nơi phát hiện"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["1", "BN7501", "07/11/2021", "Đống Đa", "Cộng đồng"],
            ["Cộng", "1 ca", "", "", ""],
            ["2", "BN7502", "07/11/2021", "Hoàng Mai", "Khu cách ly"],
            ["3", "BN7503", "07/11/2021", "Hoàng Mai", "Cộng đồng"],
            ["TỔNG CỘNG", "3", "", "", ""]]
    result = import_cases(session, scope=SYSTEM, path=write_rows(rows, kind),
                          province="Hà Nội")
    assert (result["new"], result["totals_rows"]) == (
        3, [{"row": 5, "value": "Cộng"}, {"row": 8, "value": "TỔNG CỘNG"}])
    assert _read(session, "district_code", "detected_in") == [
        ("BN7501", 6, "community"), ("BN7502", 8, "quarantine"), ("BN7503", 8, "community")]

    rows.insert(6, ["Cộng đồng", "BN7504", "", "Hoàng Mai", ""])
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=write_rows(rows, kind, "bad"),
                     province="Hà Nội")
    assert str(exc.value).splitlines()[1:] == [
        "  row 7, column report_date, value '': required"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("batch_rows", [20_000, 2])
def test_headings_and_the_lines_below_a_list_are_no_cases(session, write_rows, kind, batch_rows
        ):
    """An office list groups its rows under headings ("I. QUẬN ĐỐNG ĐA", one cell) and ends
    with its place and date, "Người lập biểu" and the signatures: each was refused as a case
    without its report date, refusing the whole file. A row of one cell without date or code
    is a heading; the undated rows without a code after the last dated row are the lines below
    the list; both are left aside and said. An undated row before a later dated row is still
    refused, whichever batch of the file either falls in."""
    rows = [["STT", "Mã BN", "Ngày công bố", "Quận/Huyện", "Nơi phát hiện"],
            ["I. QUẬN ĐỐNG ĐA", "", "", "", ""],
            ["1", "BN7601", "07/11/2021", "Đống Đa", "Cộng đồng"],
            ["II. QUẬN HOÀNG MAI", "", "", "", ""],
            ["2", "BN7602", "07/11/2021", "Hoàng Mai", "Khu cách ly"],
            ["TỔNG CỘNG", "2", "", "", ""],
            ["", "", "", "", ""],
            ["", "", "", "Hà Nội, ngày 07 tháng 11 năm 2021", ""],
            ["Người lập biểu", "", "", "Giám đốc", ""],
            ["(Ký, ghi rõ họ tên)", "", "", "(Ký tên, đóng dấu)", ""],
            ["Nguyễn Thị Lập", "", "", "Trần Văn Duyệt", ""]]
    result = import_cases(session, scope=SYSTEM, path=write_rows(rows, kind),
                          province="Hà Nội", batch_rows=batch_rows)
    assert (result["new"], result["totals_rows"], result["rows_not_cases"]) == (
        2, [{"row": 6, "value": "TỔNG CỘNG"}],
        [{"row": 2, "value": "I. QUẬN ĐỐNG ĐA"}, {"row": 4, "value": "II. QUẬN HOÀNG MAI"},
         {"row": 8, "value": "Hà Nội, ngày 07 tháng 11 năm 2021"},
         {"row": 9, "value": "Người lập biểu"}, {"row": 10, "value": "(Ký, ghi rõ họ tên)"},
         {"row": 11, "value": "Nguyễn Thị Lập"}])
    assert _read(session, "district_code") == [("BN7601", 6), ("BN7602", 8)]

    # A case typed without its date or code, a dated case after it: refused, not left aside.
    rows.insert(3, ["", "", "", "Đống Đa", "Cộng đồng"])
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=write_rows(rows, kind, "bad"),
                     province="Hà Nội", batch_rows=batch_rows)
    assert str(exc.value).splitlines()[1:] == [
        "  row 4, column report_date, value '': required"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_header_on_two_rows(session, write_rows, kind):
    """Columns grouped under a heading merged across them ("Thông tin ca bệnh" over "Mã BN",
    "Ngày công bố", "Tuổi"; "Địa chỉ" over "Quận/Huyện", "Phường/Xã"): the names were on the
    second row, and the file was refused for having no report date column. Each column is named
    by its lower cell, or its upper one where the lower is empty (a column numbering row may
    follow); the rows a problem names are still the sheet's."""
    rows = [["STT", "Thông tin ca bệnh", "", "", "Địa chỉ", "", "Nguồn lây"],
            ["", "Mã BN", "Ngày công bố", "Tuổi", "Quận/Huyện", "Phường/Xã", ""],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
            ["1", "BN7701", "07/11/2021", "35", "Ba Đình", "Phúc Xá", "Chưa rõ"],
            ["2", "BN7702", "07/11/2021", "40", "Ba Đình", "Trúc Bạch", "F1"]]
    path = write_rows(rows, kind)
    if kind == "xlsx":  # as office programs save it: the heading cells merged, and the
        # workbook opening on a summary sheet, so the list's sheet is chosen by its header
        from openpyxl import load_workbook
        book = load_workbook(path)
        book.active.title = "Danh sách"
        book.active.merge_cells("B1:D1")
        book.active.merge_cells("E1:F1")
        summary = book.create_sheet("Tổng hợp", 0)
        summary.append(["Quận/Huyện", "Số ca"])
        summary.append(["Ba Đình", 2])
        book.save(path)
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["ignored_columns"]) == (2, ["STT"])
    assert result["sheet"] == ("Danh sách" if kind == "xlsx" else None)
    assert _read(session, "age", "district_code", "ward_code", "source") == [
        ("BN7701", 35, 1, 1, "unknown"), ("BN7702", 40, 1, 4, "contact")]

    rows[4][2] = "31/11/2021"
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=write_rows(rows, kind, "bad"),
                     province="Hà Nội")
    assert str(exc.value).splitlines()[1:] == [
        "  row 5, column report_date, value '31/11/2021': " + NO_SUCH_DAY]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_district_lists_pasted_one_below_another_each_with_its_two_row_header(
        session, write_rows, kind):
    """Each district's list pasted below the last brings its header of two rows: the lower row
    (and the numbering under it) was set aside as a repeated header, but the upper one, its
    headings over the columns they group, was refused as a case without its report date. Both
    are set aside and named."""
    upper = ["STT", "Thông tin ca bệnh", "", "Địa chỉ", "Nguồn lây"]
    lower = ["", "Mã BN", "Ngày công bố", "Quận/Huyện", ""]
    rows = [upper, lower, ["1", "BN7711", "07/11/2021", "Tây Hồ", "F1"],
            upper, lower, ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["1", "BN7712", "07/11/2021", "Long Biên", "Chưa rõ"]]
    result = import_cases(session, scope=SYSTEM, path=write_rows(rows, kind),
                          province="Hà Nội")
    assert (result["new"], result["rows_not_cases"]) == (2, [
        {"row": 4, "value": "STT"}, {"row": 5, "value": "Mã BN"}, {"row": 6, "value": "(1)"}])
    assert _read(session, "district_code", "source") == [
        ("BN7711", 3, "contact"), ("BN7712", 4, "unknown")]


def test_a_day_without_its_year_beside_the_report_date_and_an_infants_age(session, write_csv):
    """Clerks write the sample, onset and outcome days without their year ("6/11") beside a
    full report date, and an infant's age as "<1", "dưới 1 tuổi" or "1 tuổi 6 tháng": each was
    refused. The day takes the year that puts it nearest the report date, within half a year
    (across a new year both ways); an age is its whole years. A report date still needs its
    year, and a day with no year near the report is refused."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Tuổi,Ngày lấy mẫu,onset_date,Tình trạng,Ngày kết cục
BN7801,07/11/2021,Hà Nội,<1,6/11,5-11,,
BN7802,02/01/2022,Hà Nội,dưới 1 tuổi,30/12,29.12,,
BN7803,20/12/2021,Hà Nội,1 tuổi 6 tháng,19/12,,Khỏi,5/1""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    got = [(c, a, str(s), o and str(o), e and str(e)) for c, a, s, o, e in
           _read(session, "age", "sample_date", "onset_date", "outcome_date")]
    assert got == [("BN7801", 0, "2021-11-06", "2021-11-05", None),
                   ("BN7802", 0, "2021-12-30", "2021-12-29", None),
                   ("BN7803", 1, "2021-12-19", None, "2022-01-05")]

    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Ngày lấy mẫu
BN7804,7/11,Hà Nội,6/11/2021
BN7805,01/03/2021,Hà Nội,29/2""")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column report_date, value '7/11': " + NOT_A_DATE,
        "  row 3, column sample_date, value '29/2': " + NOT_A_DATE]


def test_the_headers_of_a_citys_2021_lists(session, write_csv):
    """"Mã F0", "Ngày có KQXN" (the day of the positive result), "Ngày lấy mẫu XN", "Ngày
    KPTC" (onset), "Số mũi đã tiêm", "Tình trạng hiện tại", "Điện thoại liên hệ" named no
    column: the file was refused for having no report date, or the columns were ignored. The
    result's day is the report date only in a list that has none of its own."""
    headers = ("Mã F0,Ngày có KQXN,Quận,Ngày lấy mẫu XN,Ngày KPTC,Số mũi đã tiêm,"
               "Tình trạng hiện tại,Điện thoại liên hệ")
    path = write_csv(headers + "\nF0-101,07/11/2021,Ba Đình,06/11/2021,04/11/2021,2 mũi,"
                     "Đang điều trị,0912 000 111")
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["ignored_columns"]) == (1, [])
    got = [(c, str(r), str(s), str(o), d, out, p) for c, r, s, o, d, out, p in _read(
        session, "report_date", "sample_date", "onset_date", "vaccine_doses", "outcome",
        "phone")]
    assert got == [("F0-101", "2021-11-07", "2021-11-06", "2021-11-04", 2, "active",
                    "0912000111")]

    both = write_csv("""Mã F0,Ngày công bố,Ngày có KQXN,Quận
F0-102,08/11/2021,07/11/2021,Ba Đình""")
    result = import_cases(session, scope=SYSTEM, path=both, province="Hà Nội")
    assert result["ignored_columns"] == ["Ngày có KQXN"]
    assert str(_read(session, "report_date")[1][1]) == "2021-11-08"


def test_where_and_how_a_case_was_found_in_a_clerks_words(session, write_csv):
    """A hospital or health station is where a community case was found; "CĐ", "KCL",
    "CLTT" are the clerks' abbreviations; a rapid test round is screening. Each was refused
    ("must be one of"); a word the vocabulary does not know still is."""
    path = write_csv("""Mã BN,Ngày công bố,Tỉnh,Nơi phát hiện,Nguồn lây
BN7601,07/11/2021,Hà Nội,Bệnh viện,Test nhanh
BN7602,07/11/2021,Hà Nội,Cơ sở y tế,Khám sàng lọc ho sốt
BN7603,07/11/2021,Hà Nội,CĐ,Xét nghiệm sàng lọc
BN7604,07/11/2021,Hà Nội,KCL,F1 của BN7601
BN7605,07/11/2021,Hà Nội,CLTT,F1
BN7606,07/11/2021,Hà Nội,Trạm y tế phường,Chưa rõ""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 6
    assert _read(session, "detected_in", "source") == [
        ("BN7601", "community", "screening"), ("BN7602", "community", "screening"),
        ("BN7603", "community", "screening"), ("BN7604", "quarantine", "contact"),
        ("BN7605", "quarantine", "contact"), ("BN7606", "community", "unknown")]
    bad = write_csv("""Mã BN,Ngày công bố,Tỉnh,Nơi phát hiện,Nguồn lây
BN7607,07/11/2021,Hà Nội,Nhà riêng,Khai báo y tế""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column detected_in, value 'Nhà riêng': must be one of community, quarantine, "
        "lockdown",
        "  row 2, column source, value 'Khai báo y tế': must be one of screening, contact, "
        "travel, cluster, unknown"]


def test_a_phone_number_a_number_cell_stripped_of_its_leading_zero(session, write_xlsx):
    """Excel keeps a phone typed into a number cell as a number: 0912345678 is read back
    912345678, 028 3829 1234 as 2838291234. The 0 is put back. A Vietnamese number written
    in groups ("0912 345 678", "0912.345.678", "024-3829-1234") or with the country's code
    ("+84912345678", "84912345678") is kept in the one form the teams dial and match (these
    stayed as written, so one person's number was three); any other number stays as written."""
    path = write_xlsx([["Mã BN", "Ngày công bố", "Tỉnh", "SĐT"],
                       ["BN7701", "07/11/2021", "Hà Nội", 912345678],
                       ["BN7702", "07/11/2021", "Hà Nội", 2438291234],
                       ["BN7703", "07/11/2021", "Hà Nội", "0912 345 678"],
                       ["BN7704", "07/11/2021", "Hà Nội", "84912345678"],
                       ["BN7705", "07/11/2021", "Hà Nội", 12345],
                       ["BN7706", "07/11/2021", "Hà Nội", "+84 912.345.678"],
                       ["BN7707", "07/11/2021", "Hà Nội", "024-3829-1234"],
                       ["BN7708", "07/11/2021", "Hà Nội", "+1 212 555 0100"]])
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 8
    assert _read(session, "phone") == [
        ("BN7701", "0912345678"), ("BN7702", "02438291234"), ("BN7703", "0912345678"),
        ("BN7704", "0912345678"), ("BN7705", "12345"), ("BN7706", "0912345678"),
        ("BN7707", "02438291234"), ("BN7708", "+1 212 555 0100")]
    # The contacts' rule, row by row, reads each number written as text the same way.
    from episurv.contacts.validation import normalize_phone

    assert [normalize_phone(w) for w in ("0912 345 678", "84912345678", "+84 912.345.678",
                                         "024-3829-1234")] == ["0912345678"] * 3 + ["02438291234"]


def test_a_ward_written_x_and_a_case_found_by_screening(session, write_csv):
    """"X. Kim Chung" (xã, as "P." is phường and "H." huyện) was an unknown ward, and a case
    found by screening ("Sàng lọc", where it was found) an unknown value: each refused."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận/Huyện,Phường/Xã,Nơi phát hiện
BN7901,07/11/2021,Hà Nội,H. Đông Anh,X. Kim Chung,Sàng lọc
BN7902,07/11/2021,Hà Nội,H.Đông Anh,X.Kim Nỗ,sàng lọc tại bệnh viện""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _read(session, "district_code", "ward_code", "detected_in") == [
        ("BN7901", 17, 493, "community"), ("BN7902", 17, 490, "community")]


def test_the_sheet_that_holds_the_line_list_is_read(session, tmp_path):
    """A workbook opening on a summary sheet (or an empty "Sheet1") was refused, its first
    sheet read ("no report_date column", "the first sheet is empty"): the sheet whose headers
    are a line list's is read, and named. A second sheet of a line list whose header differs
    is refused by the sheets' names rather than read in part (tests/cases/test_import_sheets.py
    reads those whose headers are the same)."""
    book = Workbook()
    book.active.title = "Tổng hợp"
    for row in [["Quận/Huyện", "Số ca"], ["Đống Đa", 1], ["Hoàng Mai", 1]]:
        book.active.append(row)
    cases = book.create_sheet("Danh sách")
    for row in [["DANH SÁCH CA BỆNH"], ["Mã BN", "Ngày công bố", "Quận/Huyện"],
                ["BN7801", "07/11/2021", "Đống Đa"], ["BN7802", "07/11/2021", "Hoàng Mai"]]:
        cases.append(row)
    book.create_sheet("Sheet3")
    path = tmp_path / "ds.xlsx"
    book.save(path)
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["sheet"]) == (2, "Danh sách")
    assert _read(session, "district_code") == [("BN7801", 6), ("BN7802", 8)]

    day = book.create_sheet("08-11")
    for row in [["Mã BN", "Ngày công bố", "Quận/Huyện", "Tuổi"],
                ["BN7803", "08/11/2021", "Đống Đa", "35"]]:
        day.append(row)
    book.save(path)
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert str(exc.value) == ("ds.xlsx: several sheets hold a table to import (Danh sách, "
                              "08-11), and the headers of 08-11 are not those of Danh sách; "
                              "give them the same columns, or save each as a file of its own "
                              "and import them one by one")
    assert len(_read(session)) == 2

    empty_first = Workbook()
    empty_first.create_sheet("Danh sách").append(["Mã BN", "Ngày công bố", "Quận/Huyện"])
    empty_first["Danh sách"].append(["BN7804", "09/11/2021", "Đống Đa"])
    path = tmp_path / "empty-first.xlsx"
    empty_first.save(path)
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["sheet"]) == (1, None)


def test_places_as_clerks_write_them_and_the_districts_thu_duc_took_in(session, write_csv):
    """"Q.1", "P.Bến Nghé", "Phường 01" under "Quận 05", names without their marks, "TT Đông
    Anh", "Xã Kim Chung"; and Quận 2 and Quận 9 of Ho Chi Minh City, which became part of the
    city of Thủ Đức on 1/1/2021 and which 2021 line lists still wrote: those were refused
    ("unknown district 'Quận 2'; did you mean '12', '1', 'Gò Vấp'?"), their wards unchanged."""
    path = write_csv("""Mã BN,Ngày công bố,Tỉnh/TP,Quận/Huyện,Phường/Xã
BN8101,07/11/2021,TP.HCM,Q.1,P.Bến Nghé
BN8102,07/11/2021,Thanh pho Ho Chi Minh,Quận 05,Phường 07
BN8103,07/11/2021,TP HCM,Quận 2,Phường Thảo Điền
BN8104,07/11/2021,Hồ Chí Minh,Q9,P. Long Bình
BN8105,07/11/2021,Hà Nội,Huyện Đông Anh,TT Đông Anh
BN8106,07/11/2021,Ha Noi,H. Dong Anh,Xa Kim Chung""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 6
    assert _read(session, "province_code", "district_code", "ward_code") == [
        ("BN8101", 79, 760, 26740), ("BN8102", 79, 774, 27322), ("BN8103", 79, 769, 27088),
        ("BN8104", 79, 769, 26830), ("BN8105", 1, 17, 454), ("BN8106", 1, 17, 493)]


def test_doses_and_outcomes_in_a_clerks_words(session, write_csv):
    """"2 mũi", "Chưa tiêm" (none) and "Chuyển BV Chợ Rẫy" (moved to a hospital) were refused
    ("not a whole number", "must be one of")."""
    path = write_csv("""Mã BN,Ngày công bố,Tỉnh,Số mũi vắc xin,Tình trạng
BN8201,07/11/2021,Hà Nội,2 mũi,Chuyển BV Chợ Rẫy
BN8202,07/11/2021,Hà Nội,Chưa tiêm,Đang điều trị
BN8203,07/11/2021,Hà Nội,1 MUI,Chuyển bệnh viện Bạch Mai
BN8204,07/11/2021,Hà Nội,3.0,""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 4
    assert _read(session, "vaccine_doses", "outcome") == [
        ("BN8201", 2, "transferred"), ("BN8202", 0, "active"), ("BN8203", 1, "transferred"),
        ("BN8204", 3, "active")]
    bad = write_csv("""Mã BN,Ngày công bố,Tỉnh,Số mũi vắc xin
BN8205,07/11/2021,Hà Nội,2 liều""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column vaccine_doses, value '2 liều': not a whole number"]


def test_a_short_year_reads_the_same_wherever_a_day_is_typed():
    """The line list reads "7/11/21"; so do the other imports, the pages and the command line
    (core.days, their one reading of a typed day), which refused it."""
    from datetime import date

    from episurv.cli.support import as_iso_day
    from episurv.core.days import typed_day

    assert typed_day("7/11/21") == date(2021, 11, 7)
    assert typed_day("07.11.21") == date(2021, 11, 7)
    assert typed_day("31/6/21") is None and typed_day("7/11/211") is None
    assert as_iso_day("5/6/21") == "2021-06-05"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_days_as_clerks_typed_them_and_as_excel_counts_them(session, write_rows, kind):
    """"7-11-21" was stored as 21 November of the year 7 (read as ISO), with no word said;
    "ngày 8/11/2021", "09 tháng 11 năm 2021", "10 / 11 / 2021", "2021/11/11" and Excel's day
    numbers ("44512", a date cell that lost its format or a CSV exported as numbers; its
    fraction the time of day) were refused as "not a date"."""
    rows = [["Mã BN", "Ngày công bố", "Ngày lấy mẫu", "Tỉnh"],
            ["BN8301", "7-11-21", "5-11-21", "Hà Nội"],
            ["BN8302", "ngày 8/11/2021", "Ngày 07/11/2021", "Hà Nội"],
            ["BN8303", "09 tháng 11 năm 2021", "", "Hà Nội"],
            ["BN8304", "10 / 11 / 2021", "09/11/ 2021.", "Hà Nội"],
            ["BN8305", "2021/11/11", "2021.11.10", "Hà Nội"],
            ["BN8306", "44512", "44511", "Hà Nội"],
            ["BN8307", "44512.8125", "44511.0", "Hà Nội"]]
    if kind == "xlsx":  # day numbers as number cells, as a date cell without its format holds
        rows[6][1:3], rows[7][1:3] = [44512, 44511], [44512.8125, 44511.0]
    assert import_cases(session, scope=SYSTEM, path=write_rows(rows, kind))["new"] == 7
    got = [(c, str(d), t and t.strftime("%H:%M"), str(day), s and str(s)) for c, d, t, day, s in
           _read(session, "report_date", "report_time", "report_day", "sample_date")]
    assert got == [("BN8301", "2021-11-07", None, "2021-11-07", "2021-11-05"),
                   ("BN8302", "2021-11-08", None, "2021-11-08", "2021-11-07"),
                   ("BN8303", "2021-11-09", None, "2021-11-09", None),
                   ("BN8304", "2021-11-10", None, "2021-11-10", "2021-11-09"),
                   ("BN8305", "2021-11-11", None, "2021-11-11", "2021-11-10"),
                   ("BN8306", "2021-11-12", None, "2021-11-12", "2021-11-11"),
                   # 0.8125 of a day is 19:30, after the 18:00 cut-off: the next day's case
                   ("BN8307", "2021-11-12", "19:30", "2021-11-13", "2021-11-11")]

    bad = [["Mã BN", "Ngày công bố", "Tỉnh"], ["BN8308", "99999", "Hà Nội"],
           ["BN8309", "ngày 7/11", "Hà Nội"], ["BN8310", "7-11/2021", "Hà Nội"]]
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=write_rows(bad, kind, "bad"))
    assert [line.split(": ")[0] for line in str(exc.value).splitlines()[1:]] == [
        "  row 2, column report_date, value '99999'",  # Excel's day of the year 2173
        "  row 3, column report_date, value 'ngày 7/11'",  # a report date needs its year
        "  row 4, column report_date, value '7-11/2021'"]


def test_excels_text_mark_and_a_year_of_birth_in_the_age_column(session, write_csv):
    """A CSV exported for Excel marks text cells with a leading apostrophe ("'07/11/2021",
    "'0912345678"): the day was refused and the phone kept with its mark. A list that kept
    "Tuổi/Năm sinh" in one column writes "1986": refused as an age over 120."""
    path = write_csv("""Mã BN,Ngày công bố,Tỉnh,SĐT,Tuổi/Năm sinh
'BN8401,'07/11/2021,Hà Nội,'0912 345 678,1986
BN8402,'2021-11-07,'Hà Nội,0912345679,'35
BN8403,07/11/2021,Hà Nội,,2021""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    assert [(c, str(d), p, a) for c, d, p, a in _read(session, "report_date", "phone", "age")] \
        == [("BN8401", "2021-11-07", "0912345678", 35),
            ("BN8402", "2021-11-07", "0912345679", 35), ("BN8403", "2021-11-07", None, 0)]
    bad = write_csv("""Mã BN,Ngày công bố,Tỉnh,Tuổi
BN8404,07/11/2021,Hà Nội,1899
BN8405,07/11/2021,Hà Nội,2022""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column age, value '1899': must be between 0 and 120",
        "  row 3, column age, value '2022': must be between 0 and 120"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("batch_rows", [20_000, 3])
def test_district_lists_pasted_one_below_the_other(session, write_rows, kind, batch_rows):
    """A city's list made by pasting each district's list below the last brings each header
    along, and a form's row of column numbers under it: the whole file was refused for the
    repeat ("not a date", "unknown district 'Quận/Huyện'"). A row that writes its column's
    header in every filled cell, and the numbering row under it, are left aside and named.
    A row that writes a header in one cell only is still a row, and still refused."""
    header = ["STT", "Mã BN", "Ngày công bố", "Quận/Huyện", "Tuổi"]
    rows = [header, ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["1", "BN8501", "07/11/2021", "Đống Đa", "30"],
            ["", "", "", "", ""],
            ["QUẬN HOÀNG MAI", "", "", "", ""],
            ["STT", "Mã BN", "Ngày công bố", "Quận/Huyện ", "TUỔI"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["1", "BN8502", "07/11/2021", "Hoàng Mai", "31"],
            ["STT", "Mã BN", "Ngày công bố", "", ""],
            ["1", "BN8503", "08/11/2021", "Hoàng Mai", "32"]]
    result = import_cases(session, scope=SYSTEM, path=write_rows(rows, kind),
                          province="Hà Nội", batch_rows=batch_rows)
    assert (result["new"], result["rows_not_cases"]) == (3, [
        {"row": 5, "value": "QUẬN HOÀNG MAI"}, {"row": 6, "value": "STT"},
        {"row": 7, "value": "(1)"}, {"row": 9, "value": "STT"}])
    assert _read(session, "district_code", "age") == [
        ("BN8501", 6, 30), ("BN8502", 8, 31), ("BN8503", 8, 32)]

    rows[8] = ["2", "BN8504", "Ngày công bố", "Hoàng Mai", "33"]
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=write_rows(rows, kind, "bad"),
                     province="Hà Nội", batch_rows=batch_rows)
    assert str(exc.value).splitlines()[1:] == [
        "  row 9, column report_date, value 'Ngày công bố': " + NOT_A_DATE]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_sex_marked_in_a_column_of_its_own(session, write_rows, kind):
    """Forms give two columns, "Nam" and "Nữ", and mark the person's with an "x"; the
    ministry's forms write the year of birth there, under "Năm sinh" merged over the two. The
    columns were ignored and the sex lost ("ignored columns: Nam, Nữ"), and the form headed on
    two rows refused ("report_date required" for its second header row). A row marking both
    is refused, naming the two cells."""
    marked = [["STT", "Mã BN", "Ngày công bố", "Tỉnh", "Nam", "Nữ", "Tuổi"],
              ["1", "BN8601", "07/11/2021", "Hà Nội", "x", "", "35"],
              ["2", "BN8602", "07/11/2021", "Hà Nội", "", "X", "36"]]
    result = import_cases(session, scope=SYSTEM, path=write_rows(marked, kind))
    assert (result["new"], result["ignored_columns"]) == (2, ["STT"])
    assert _read(session, "sex", "age") == [("BN8601", "M", 35), ("BN8602", "F", 36)]

    born = [["STT", "Mã BN", "Ngày công bố", "Tỉnh", "Năm sinh", ""],
            ["", "", "", "", "Nam", "Nữ"],
            ["1", "BN8603", "08/11/2021", "Hà Nội", "1986", ""],
            ["2", "BN8604", "08/11/2021", "Hà Nội", "", "2001"]]
    path = write_rows(born, kind, "born")
    if kind == "xlsx":
        from openpyxl import load_workbook
        book = load_workbook(path)
        book.active.merge_cells("E1:F1")
        book.save(path)
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _read(session, "sex", "age")[2:] == [("BN8603", "M", 35), ("BN8604", "F", 20)]

    marked.append(["3", "BN8605", "07/11/2021", "Hà Nội", "x", "x", "37"])
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=write_rows(marked, kind, "bad"))
    assert str(exc.value).splitlines()[1:] == [
        "  row 4, column sex, value 'x / x': marked in both the male and the female column "
        "(one of them)"]


def test_a_province_written_t_for_tinh(session, write_csv):
    """"T. Bắc Ninh" (tỉnh, as "TP." is thành phố and "H." huyện) was an unknown province."""
    path = write_csv("""Mã BN,Ngày công bố,Tỉnh,Quận/Huyện
BN8701,07/11/2021,T. Bắc Ninh,TP. Bắc Ninh
BN8702,07/11/2021,T.Thái Bình,H. Vũ Thư""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _read(session, "province_code", "district_code") == [
        ("BN8701", 27, 256), ("BN8702", 34, 344)]


def test_cells_merged_down_over_a_group_and_a_table_below_blank_rows(session, tmp_path):
    """An office list merges the day, or the district, over the rows of its cases: the reader
    gives the value to the group's first row only, and the others were refused ("report_date
    required"). Each row of a cell merged down takes its value; a heading or a totals line
    merged across one row stays as it is. A table starting below blank rows and right of
    column A had its problems named rows too high (row 3 for the sheet's row 6)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    rows = [["STT", "Mã BN", "Ngày công bố", "Quận/Huyện", "Phường/Xã"],
            ["I. QUẬN ĐỐNG ĐA"],
            [1, "BN8801", "07/11/2021", "Đống Đa", "Láng Thượng"],
            [2, "BN8802", None, None, "Láng Hạ"],
            [3, "BN8803", "08/11/2021", "Hoàng Mai", "Tân Mai"],
            [4, "BN8804", None, None, "Tân Mai"],
            ["Tổng cộng"]]
    for number, cells in enumerate(rows, start=3):  # the table at B3
        for column, value in enumerate(cells, start=2):
            sheet.cell(number, column, value)
    for cells in ("B4:F4", "D5:D6", "E5:E6", "D7:D8", "E7:E8", "B9:F9"):
        sheet.merge_cells(cells)
    path = tmp_path / "merged.xlsx"
    book.save(path)
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["totals_rows"], result["rows_not_cases"]) == (
        4, [{"row": 9, "value": "Tổng cộng"}], [{"row": 4, "value": "I. QUẬN ĐỐNG ĐA"}])
    assert [(c, str(d), dist) for c, d, dist in _read(session, "report_date", "district_code")
            ] == [("BN8801", "2021-11-07", 6), ("BN8802", "2021-11-07", 6),
                  ("BN8803", "2021-11-08", 8), ("BN8804", "2021-11-08", 8)]

    sheet["D7"] = "31/11/2021"
    book.save(path)
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert str(exc.value).splitlines()[1:] == [
        "  row 7, column report_date, value '31/11/2021': " + NO_SUCH_DAY,
        "  row 8, column report_date, value '31/11/2021': " + NO_SUCH_DAY]


def test_headers_with_a_hint_and_words_of_southern_and_childrens_lists(session, write_csv):
    """A header followed by a hint in brackets ("Ngày công bố (dd/mm/yyyy)", "Tuổi (năm)",
    "SĐT (nếu có)") named no column, so the file was refused ("no report_date column"); the
    day of a positive result written at length ("Ngày XN PCR dương tính") did not stand in for
    the report date; "Phái" (the South's word for sex) was ignored; "Bé trai", "bé gái" (a
    boy, a girl) and a case treated at home ("Điều trị tại nhà", "Cách ly tại nhà") refused."""
    path = write_csv("Mã BN,Ngày XN PCR dương tính (dd/mm/yyyy),Tỉnh,Tuổi (năm),SĐT (nếu có),"
                     """Phái,Tình trạng
BN8901,07/11/2021,Hà Nội,3,0912345678,Bé trai,Điều trị tại nhà
BN8902,07/11/2021,Hà Nội,5 tháng,,bé gái,Cách ly tại nhà
BN8903,08/11/2021,Hà Nội,40,,Nữ,Đang điều trị tại BV dã chiến số 2""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (3, [])
    assert [(c, str(d), a, p, s, o) for c, d, a, p, s, o in _read(
        session, "report_date", "age", "phone", "sex", "outcome")] == [
        ("BN8901", "2021-11-07", 3, "0912345678", "M", "active"),
        ("BN8902", "2021-11-07", 0, None, "F", "active"),
        ("BN8903", "2021-11-08", 40, None, "F", "active")]

    both = write_csv("""Mã BN,Ngày công bố (ngày/tháng/năm),Ngày có kết quả XN dương tính,Tỉnh
BN8904,09/11/2021,08/11/2021,Hà Nội""", "both.csv")
    result = import_cases(session, scope=SYSTEM, path=both)
    assert result["ignored_columns"] == ["Ngày có kết quả XN dương tính"]
    assert str(_read(session, "report_date")[3][1]) == "2021-11-09"


def test_a_time_as_excel_stores_it_and_on_a_twelve_hour_clock(session, write_csv):
    """A time cell whose format was lost is Excel's fraction of the day ("0.5" is noon,
    "0.8125" 19:30); a twelve-hour clock is written "6:30 PM", or "6:30 CH" (chiều) and
    "9:15 SA" (sáng) by Excel under Vietnamese settings. Each was refused ("not a time");
    "13:00 PM" still is, and "0.30" is still half past midnight as "12.30" is half past noon."""
    path = write_csv("""Mã BN,Ngày công bố,Giờ công bố,Tỉnh
BN9001,07/11/2021,0.5,Hà Nội
BN9002,07/11/2021,0.8125,Hà Nội
BN9003,07/11/2021,6:30 PM,Hà Nội
BN9004,07/11/2021,6:30 CH,Hà Nội
BN9005,07/11/2021,9:15 SA,Hà Nội
BN9006,07/11/2021,12:05 AM,Hà Nội
BN9007,07/11/2021,0.30,Hà Nội""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 7
    assert [(c, t.strftime("%H:%M"), str(day)) for c, t, day in
            _read(session, "report_time", "report_day")] == [
        ("BN9001", "12:00", "2021-11-07"), ("BN9002", "19:30", "2021-11-08"),
        ("BN9003", "18:30", "2021-11-08"), ("BN9004", "18:30", "2021-11-08"),
        ("BN9005", "09:15", "2021-11-07"), ("BN9006", "00:05", "2021-11-07"),
        ("BN9007", "00:30", "2021-11-07")]
    bad = write_csv("""Mã BN,Ngày công bố,Giờ công bố,Tỉnh
BN9008,07/11/2021,13:00 PM,Hà Nội""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column report_time, value '13:00 PM': not a time (HH:MM)"]


def test_a_hidden_sheet_gives_way_to_the_visible_list(session, write_xlsx):
    """A workbook keeping an old copy of its list on a hidden sheet was refused as a list
    kept on several sheets, naming a sheet its user cannot see. The visible list is read and
    named."""
    header = ["Mã BN", "Ngày công bố", "Tỉnh"]
    sheets = [("DS 07-11", [header, ["BN9101", "07/11/2021", "Hà Nội"]]),
              ("Bản cũ & mẫu", [header, ["BN9100", "01/10/2021", "Hà Nội"]])]
    path = write_xlsx(sheets=sheets, hidden=("Bản cũ & mẫu",))
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["sheet"]) == (1, "DS 07-11")
    assert _read(session) == [("BN9101",)]

    # Made visible, it is part of the list (tests/cases/test_import_sheets.py).
    path = write_xlsx(sheets=sheets, name="shown.xlsx")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["existing"], result["sheets"]) == (
        1, 1, ["DS 07-11", "Bản cũ & mẫu"])


@pytest.mark.parametrize("encoding", ["utf-8", "cp1258"])
def test_a_csv_whose_lines_end_in_a_carriage_return(session, tmp_path, encoding):
    """Excel's "CSV (Macintosh)" ends each line with a carriage return alone: the file was
    read as one line and refused ("a header row and no data rows")."""
    path = tmp_path / "mac.csv"
    text = "Mã BN;Ngày công bố;Tỉnh;Quan/Huyen\rBN9201;07/11/2021;Ha Noi;Dong Da\r" \
           "BN9202;08/11/2021;Ha Noi;Hoang Mai\r"
    # Windows-1258 writes a tone as a mark after its letter (ã is a and the tilde).
    path.write_bytes(text.encode("utf-8") if encoding == "utf-8"
                     else text.replace("ã", "a\u0303").replace("à", "a\u0300")
                     .replace("ố", "ô\u0301").replace("ỉ", "i\u0309").encode("cp1258"))
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert [(c, str(d), dist) for c, d, dist in _read(session, "report_date", "district_code")
            ] == [("BN9201", "2021-11-07", 6), ("BN9202", "2021-11-08", 8)]


def test_vaccination_status_in_a_sentence(session, write_csv):
    """A "Tình trạng tiêm chủng" column says it in words: "Đã tiêm 2 mũi", "Mũi 1", "Đã tiêm
    mũi 2", "2 mũi (AstraZeneca)", "Chưa", "Không", "Chưa tiêm vắc xin": each was refused
    ("not a whole number"). A fifth dose is still more than 2021 gave."""
    path = write_csv("""Mã BN,Ngày công bố,Tỉnh,Tình trạng tiêm chủng
BN9301,07/11/2021,Hà Nội,Đã tiêm 2 mũi
BN9302,07/11/2021,Hà Nội,Mũi 1
BN9303,07/11/2021,Hà Nội,Đã tiêm mũi 2
BN9304,07/11/2021,Hà Nội,2 mũi (AstraZeneca)
BN9305,07/11/2021,Hà Nội,Chưa
BN9306,07/11/2021,Hà Nội,Không
BN9307,07/11/2021,Hà Nội,Chưa tiêm vắc xin""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 7
    assert _read(session, "vaccine_doses") == [
        ("BN9301", 2), ("BN9302", 1), ("BN9303", 2), ("BN9304", 2), ("BN9305", 0),
        ("BN9306", 0), ("BN9307", 0)]
    bad = write_csv("""Mã BN,Ngày công bố,Tỉnh,Tình trạng tiêm chủng
BN9308,07/11/2021,Hà Nội,Đã tiêm mũi 5""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert str(exc.value).splitlines()[1:] == [
        "  row 2, column vaccine_doses, value 'Đã tiêm mũi 5': must be between 0 and 4"]


def test_headers_split_by_a_comma_and_the_phones_short_name(session, write_csv):
    """"Phường, xã" and "Số ĐT" (số điện thoại) named no column: the ward and the phone were
    ignored, said only in the list of ignored columns."""
    path = write_csv('''Mã BN,Ngày công bố,Tỉnh,"Quận, huyện","Phường, xã",Số ĐT
BN9401,07/11/2021,Hà Nội,Ba Đình,Phúc Xá,0912 345 678''')
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (1, [])
    assert _read(session, "district_code", "ward_code", "phone") == [
        ("BN9401", 1, 1, "0912345678")]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_place_and_date_below_a_narrow_list(session, write_rows, kind):
    """Below a list of three columns the place and date line falls in the report date's
    column ("Hà Nội, ngày 08 tháng 11 năm 2021"): the file was refused for it ("not a date").
    A row of that one cell, reading as no day and without a patient code, is left aside and
    named; a row with a patient code and such a day is still refused."""
    rows = [["Mã BN", "Ngày công bố", "Quận/Huyện"],
            ["BN9501", "07/11/2021", "Đống Đa"],
            ["", "Hà Nội, ngày 08 tháng 11 năm 2021", ""],
            ["", "Người lập biểu", ""]]
    result = import_cases(session, scope=SYSTEM, path=write_rows(rows, kind),
                          province="Hà Nội")
    assert (result["new"], result["rows_not_cases"]) == (1, [
        {"row": 3, "value": "Hà Nội, ngày 08 tháng 11 năm 2021"},
        {"row": 4, "value": "Người lập biểu"}])

    rows[2][0] = "BN9502"
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=write_rows(rows, kind, "bad"),
                     province="Hà Nội")
    assert str(exc.value).splitlines()[1:] == [
        "  row 3, column report_date, value 'Hà Nội, ngày 08 tháng 11 năm 2021': "
        + NOT_A_DATE]
