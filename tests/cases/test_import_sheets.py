"""A workbook kept a sheet a district (or a sheet a day), every sheet under the same header:
read as one list, each row named by its sheet and its row in it."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.errors import InvalidInput

HEADER = ["STT", "Mã BN", "Ngày công bố", "Quận/Huyện"]


def _book(write_xlsx, sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()):
    """The sheets after a summary the workbook opens on."""
    summary = [["Quận/Huyện", "Số ca"], ["Ba Đình", 2], ["Cầu Giấy", 2]]
    return write_xlsx(sheets=[("Tổng hợp", summary), *sheets.items()], hidden=hidden,
                      name="ds.xlsx")


def _districts(tmp_path, cau_giay_rows=None):
    """Two districts' sheets: Ba Đình's under a title and above its signature lines, Cầu
    Giấy's header on its first row written with other spaces and case; and a hidden sheet of
    the same header (a template kept in the workbook)."""
    return {
        "Ba Đình": [["DANH SÁCH F0 QUẬN BA ĐÌNH"], HEADER,
                    [1, "BN9301", "07/11/2021", "Ba Đình"],
                    [2, "BN9302", "08/11/2021", "Ba Đình"],
                    ["Người lập biểu", "", "", "Trưởng trạm"]],
        "Cầu Giấy": [["STT", "Mã BN", "Ngày  công bố", "quận/huyện"],
                     *(cau_giay_rows or [[1, "BN9303", "07/11/2021", "Cầu Giấy"],
                                         [2, "BN9304", "09/11/2021", "Cầu Giấy"]])],
        "Mẫu": [HEADER, [1, "BN9399", "01/11/2021", "Ba Đình"]],
    }


def _read(session):
    return [tuple(r) for r in session.execute(
        select(Case.case_id, Case.report_date, Case.district_code).order_by(Case.case_id))]


@pytest.mark.parametrize("batch_rows", [20_000, 1])
def test_a_sheet_a_district_is_read_as_one_list(session, write_xlsx, tmp_path, batch_rows):
    """Such a workbook was refused, naming its sheets. The sheets whose headers name the same
    columns are read in order, the hidden one left aside; the lines below one sheet's list
    are left aside with their sheet named, and the sheet after it is still read."""
    path = _book(write_xlsx, _districts(tmp_path), hidden=("Mẫu",))
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội",
                          batch_rows=batch_rows)
    assert (result["new"], result["sheet"], result["sheets"]) == (
        4, None, ["Ba Đình", "Cầu Giấy"])
    assert result["rows_not_cases"] == [
        {"sheet": "Ba Đình", "row": 5, "value": "Người lập biểu"}]
    assert [(c, str(d), dist) for c, d, dist in _read(session)] == [
        ("BN9301", "2021-11-07", 1), ("BN9302", "2021-11-08", 1),
        ("BN9303", "2021-11-07", 5), ("BN9304", "2021-11-09", 5)]


@pytest.mark.parametrize("batch_rows", [20_000, 1])
def test_a_problem_names_the_sheet_and_its_row(session, write_xlsx, tmp_path, batch_rows):
    """A row without its report date, and a patient code given again in a later sheet: the
    command line's message, the problem list and the rejects file each name the sheet as well
    as its row in it (not a row of the whole list)."""
    path = _book(write_xlsx, _districts(tmp_path, [[1, "BN9301", "07/11/2021", "Cầu Giấy"],
                                                 [2, "BN9304", "", "Cầu Giấy"],
                                                 [3, "BN9305", "09/11/2021", "Cầu Giấy"]]),
                 hidden=("Mẫu",))
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path, province="Hà Nội",
                     batch_rows=batch_rows)
    assert str(exc.value).splitlines() == [
        "ds.xlsx: 1 row(s) invalid; nothing was imported (--skip-invalid REJECTS.csv imports "
        "the valid rows):",
        "  sheet Cầu Giấy, row 3, column report_date, value '': required"]
    assert exc.value.problems == [{"sheet": "Cầu Giấy", "row": 3, "column": "report_date",
                                   "value": "", "message": "required"}]
    assert _read(session) == []

    rejects = tmp_path / "rejects.csv"
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội",
                          rejects=rejects, batch_rows=batch_rows)
    assert (result["new"], result["rejected"]) == (3, 2)
    with open(rejects, encoding="utf-8") as fh:
        written = list(csv.reader(fh))
    assert written == [
        ["sheet", "row", *HEADER, "reason"],
        ["Cầu Giấy", "3", "2", "BN9304", "", "Cầu Giấy", "report_date '': required"],
        ["Cầu Giấy", "2", "1", "BN9301", "07/11/2021", "Cầu Giấy",
         "case_id 'BN9301': appears again (first in sheet Ba Đình, row 3)"]]
    assert [c for c, _d, _dist in _read(session)] == ["BN9301", "BN9302", "BN9305"]


def test_sheets_whose_headers_differ_are_refused_naming_them(session, write_xlsx, tmp_path):
    """Two sheets of a line list whose columns differ cannot be one list: the file is refused,
    naming the sheets and which of them differ from the first."""
    sheets = _districts(tmp_path)
    sheets["Hoàn Kiếm"] = [["Mã BN", "Ngày công bố", "Quận/Huyện", "Tuổi"],
                           ["BN9306", "07/11/2021", "Hoàn Kiếm", "40"]]
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=_book(write_xlsx, sheets, hidden=("Mẫu",)),
                     province="Hà Nội")
    assert str(exc.value) == (
        "ds.xlsx: several sheets hold a table to import (Ba Đình, Cầu Giấy, Hoàn Kiếm), and "
        "the headers of Hoàn Kiếm are not those of Ba Đình; give them the same columns, or "
        "save each as a file of its own and import them one by one")
    assert _read(session) == []


def test_a_header_on_two_rows_repeated_on_each_sheet(session, write_xlsx):
    """Each sheet brings its own two-row header and numbering row: set aside on every sheet,
    not read as rows of the list."""
    top = ["STT", "Thông tin ca bệnh", "", "Địa chỉ"]
    low = ["", "Mã BN", "Ngày công bố", "Quận/Huyện"]
    numbers = ["(1)", "(2)", "(3)", "(4)"]
    sheets = {"07-11": [top, low, numbers, [1, "BN9311", "07/11/2021", "Đống Đa"]],
              "08-11": [top, low, numbers, [1, "BN9312", "08/11/2021", "Hoàng Mai"],
                        [2, "BN9313", "31/11/2021", "Hoàng Mai"]]}
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=_book(write_xlsx, sheets), province="Hà Nội")
    (line,) = str(exc.value).splitlines()[1:]
    assert line.startswith("  sheet 08-11, row 5, column report_date, value '31/11/2021': "
                           "no such day")
    sheets["08-11"].pop()
    result = import_cases(session, scope=SYSTEM, path=_book(write_xlsx, sheets), province="Hà Nội")
    assert (result["new"], result["rows_not_cases"]) == (2, [])
    assert [(c, dist) for c, _d, dist in _read(session)] == [("BN9311", 6), ("BN9312", 8)]
