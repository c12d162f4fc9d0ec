"""Files nobody vetted: encodings, wrong types, header-only files, XLSX bombs, NFD text. Each ends
in a one-line message (exit 2 on the CLI) and changes nothing, or is read correctly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cli import app
from episurv.errors import InvalidInput
from episurv.safe_reading import SHEET_ROWS, Limits, detect_encoding, read_table_safely

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
LINES = ("case_id,report_date,province,name,address\n"
         "BN1,2021-11-10,Hà Nội,Nguyễn Văn Ánh,Phường Hàng Bạc\n"
         "BN2,2021-11-10,Hà Nội,Trần Thị Lệ Đức,Số 5 ngõ Đống Đa\n")


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: precomposed vowels, tone marks combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


def names(session) -> list[str]:
    return list(session.scalars(select(Case.name).order_by(Case.case_id)))


@pytest.mark.parametrize(("encoded", "encoding"), [
    (LINES.encode("utf-8"), "utf_8"),
    (b"\xef\xbb\xbf" + LINES.encode("utf-8"), "utf_8_sig"),
    (LINES.encode("utf-16"), "utf_16"),
    (cp1258(LINES), "cp1258"),
])
def test_vietnamese_in_every_encoding_is_read_exactly(session, tmp_path, encoded, encoding):
    path = tmp_path / "cases.csv"
    path.write_bytes(encoded)
    result = import_cases(session, path, scope=SYSTEM)
    assert (result["new"], result["encoding"]) == (2, encoding)
    assert names(session) == ["Nguyễn Văn Ánh", "Trần Thị Lệ Đức"]


def test_windows_1252_is_read_and_named(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes("case_id,name\nBN1,José Müller Straße Curaçao\n".encode("cp1252"))
    table = read_table_safely(path)
    # Windows-1258 and -1252 write these letters alike: either reading is the same text.
    assert table.encoding in ("cp1258", "cp1252", "latin_1")
    assert table.frame["name"].to_list() == ["José Müller Straße Curaçao"]


def test_nfd_text_is_stored_as_nfc(session, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(unicodedata.normalize("NFD", LINES), encoding="utf-8")
    import_cases(session, path, scope=SYSTEM)
    assert names(session) == ["Nguyễn Văn Ánh", "Trần Thị Lệ Đức"]
    assert all(unicodedata.is_normalized("NFC", n) for n in names(session))


def test_unknown_encoding_and_binary_are_refused_by_name(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes("case_id,name\nBN1,Иванов Пётр Сергеевич\n".encode("koi8_r"))
    with pytest.raises(InvalidInput, match=r"cases.csv: looks like \w+ text, which is not read"):
        detect_encoding(path)
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InvalidInput, match="cases.csv: binary data, not a CSV text file"):
        read_table_safely(path)


def write_book(path: Path, rows: int, columns: int = 3) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append([f"c{i}" for i in range(columns)])
    for r in range(rows):
        sheet.append([f"v{r}"] * columns)
    book.save(path)
    return path


def test_xlsx_rows_and_columns_are_limited_before_reading(tmp_path):
    path = write_book(tmp_path / "big.xlsx", rows=10, columns=4)
    assert read_table_safely(path).frame.shape == (10, 4)
    with pytest.raises(InvalidInput, match="big.xlsx: the sheet spans 11 rows x 4 columns, "
                                           "more than the 5 x 256 allowed"):
        read_table_safely(path, Limits(rows=5))
    with pytest.raises(InvalidInput, match="the sheet spans 11 rows x 4 columns, more than "
                                           "the 1,048,576 x 3 allowed"):
        read_table_safely(path, Limits(columns=3))
    with pytest.raises(InvalidInput, match="more than 20 cells; refused before reading"):
        read_table_safely(path, Limits(cells=20))


def test_xlsx_sheets_are_limited_before_reading(tmp_path):
    """A workbook read as one list numbers a sheet's rows SHEET_ROWS apart in 32-bit polars row
    indexes: past 4,095 full sheets the numbers overflowed in a ValueError. The default limit is
    the most that fits, and a workbook of more sheets is refused by name before reading."""
    assert Limits().sheets * SHEET_ROWS < 2 ** 32 <= (Limits().sheets + 1) * SHEET_ROWS
    path = tmp_path / "days.xlsx"
    book = Workbook()
    book.remove(book.active)
    for day in (8, 9, 10):
        sheet = book.create_sheet(f"{day}-11")
        sheet.append(["case_id", "report_date", "province"])
        sheet.append([f"BN{day}", f"2021-11-{day:02}", "Hà Nội"])
    book.save(path)
    assert read_table_safely(path, Limits(sheets=3)).frame.height == 1  # the first sheet
    with pytest.raises(InvalidInput, match=r"days.xlsx: 3 sheets, more than the 2 allowed; "
                                           r"refused before reading \(split the workbook\)"):
        read_table_safely(path, Limits(sheets=2))


def test_xlsx_merged_cells_are_limited_before_reading(tmp_path):
    """The merged cells a sheet declares are kept to fill the rows they cover: a sheet
    declaring more than the limit is refused, not held in memory."""
    path = write_book(tmp_path / "merged.xlsx", rows=10)
    book = load_workbook(path)
    for row in range(2, 11, 2):
        book.active.merge_cells(f"A{row}:A{row + 1}")
    book.save(path)
    assert read_table_safely(path, Limits(merged=5)).frame["c0"].to_list() == [
        "v0", "v0", "v2", "v2", "v4", "v4", "v6", "v6", "v8", "v8"]
    with pytest.raises(InvalidInput, match="merged.xlsx: a sheet of more than 4 merged cells; "
                                           "refused before reading"):
        read_table_safely(path, Limits(merged=4))


def write_bomb(path: Path, unpacked: int) -> Path:
    """An XLSX whose sheet is `unpacked` bytes of one repeated cell, compressed ~100:1 or better."""
    cell = b'<c r="A1" t="inlineStr"><is><t>0</t></is></c>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData><row>")
            block = cell * ((1 << 20) // len(cell))
            for _ in range(unpacked // len(block)):
                sheet.write(block)
            sheet.write(b"</row></sheetData></worksheet>")
    return path


def test_a_zip_bomb_is_refused_without_the_memory(tmp_path):
    """1.2 GB unpacked from a few MB: refused by its unpacked size while the process stays
    small (the probe measured 6.6 GB for a 3.7 MB bomb)."""
    bomb = write_bomb(tmp_path / "bomb.xlsx", unpacked=1200 << 20)
    assert bomb.stat().st_size < 16 << 20
    # The probe's own peak (VmHWM, of its address space since exec): getrusage's ru_maxrss
    # keeps the high-water mark of the process it was forked from, here a test worker that
    # may have grown past 1 GB running other tests.
    probe = ("import re, sys\nfrom pathlib import Path\n"
             "from episurv.safe_reading import read_table_safely\n"
             "from episurv.errors import InvalidInput\n"
             "try:\n    read_table_safely(Path(sys.argv[1]))\nexcept InvalidInput as e:\n"
             "    print(e)\n"
             "status = Path('/proc/self/status').read_text()\n"
             "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1)) // 1024)\n")
    out = subprocess.run([sys.executable, "-c", probe, str(bomb)], capture_output=True,
                         text=True, check=True, env=os.environ).stdout.splitlines()
    assert out[0] == ("bomb.xlsx: unpacks to more than 1,073,741,824 bytes; refused before "
                      "reading (split the workbook)")
    assert int(out[1]) < 300  # MB of peak memory, interpreter included (measured: 52)


runner = CliRunner()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("header.csv", b"case_id,report_date,province\n",
     "header.csv: a header row and no data rows; nothing to import"),
    ("text.xlsx", b"case_id,report_date\nBN1,2021-11-10\n",
     "text.xlsx: not an XLSX workbook (not a zip archive); save it as .xlsx or as CSV"),
    ("random.xlsx", bytes((i * 7919) % 251 for i in range(4000)),
     "random.xlsx: not an XLSX workbook (not a zip archive); save it as .xlsx or as CSV"),
    ("empty.csv", b"", "empty.csv: the file is empty"),
    # Told by their first bytes, whatever their names say: an old workbook, a PDF, a zip.
    pytest.param("cases.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
                 "cases.csv: an Excel 97-2003 workbook (.xls), which is not read here; save it "
                 "as .xlsx or as CSV UTF-8", id="xls-named-csv"),
    pytest.param("cases.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
                 "cases.xlsx: an Excel 97-2003 workbook (.xls), which is not read here; save it "
                 "as .xlsx or as CSV UTF-8", id="xls-named-xlsx"),
    pytest.param("cases.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
                 "cases.csv: a PDF document, not a table; save the table as .xlsx or as CSV "
                 "UTF-8", id="pdf-named-csv"),
])
def test_bad_files_end_in_one_line_and_exit_2(db, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["import", "cases", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().replace("\n", " ") == f"error: {message}"
    assert "Traceback" not in result.output


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InvalidInput, match="archive.xlsx: a zip archive but not an XLSX"):
        read_table_safely(path)


def test_a_workbook_named_csv_is_read_as_the_workbook_it_is(session, tmp_path):
    """A workbook renamed .csv (an office's commonest upload mistake) was read as text: "a
    header row and no data rows", or binary data. Its content says what it is."""
    book = Workbook()
    for row in [line.split(",") for line in LINES.strip().split("\n")]:
        book.active.append(row)
    path = tmp_path / "cases.csv"
    book.save(path)
    import_cases(session, path, scope=SYSTEM)
    assert session.scalars(select(Case.case_id).order_by(Case.case_id)).all() == ["BN1", "BN2"]
    other = tmp_path / "archive.csv"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InvalidInput, match="archive.csv: a zip archive, not a CSV or XLSX table"):
        read_table_safely(other)


def test_long_fields_are_refused_by_the_shared_limit(session, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("case_id,report_date,province,name\n"
                    f"BN1,2021-11-10,Hà Nội,{'A' * 1_000_000}\n"
                    f"BN2,2021-11-10,Hà Nội,{'B' * 200}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, path, scope=SYSTEM)
    assert "row 2, column name, value 'AAAA" in str(exc.value)
    assert "…': longer than 200 characters" in str(exc.value)
    assert "row 3" not in str(exc.value)
    assert len(str(exc.value)) < 400
    assert session.scalar(select(func.count()).select_from(Case)) == 0


NOT_A_DATE = ("not a date (day, month and year: 7/11/2021, 07-11-21, 7.11.2021, 7 tháng 11 "
              "năm 2021 or 2021-11-07)")


@pytest.mark.parametrize(("column", "value", "message"), [
    ("report_date", "2021-11-10garbage", NOT_A_DATE),
    # A day of a form read but of no calendar is said so (February 2021 has 28 days).
    ("report_date", "2021-02-30", "no such day: month 2 of 2021 has 28 days"),
    ("age", "1e2", "not a whole number"),
    ("age", "0x1F", "not a whole number"),
    ("age", "34.5", "not a whole number"),
])
def test_values_are_parsed_strictly(session, tmp_path, column, value, message):
    row = {"case_id": "BN1", "report_date": "2021-11-10", "province": "Hà Nội", column: value}
    path = tmp_path / "cases.csv"
    path.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput,
                       match=re.escape(f"column {column}, value '{value}': {message}")):
        import_cases(session, path, scope=SYSTEM)


def test_spreadsheet_forms_of_dates_and_numbers_are_kept(session, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("case_id,report_date,province,age,onset_date\n"
                    "BN1,2021-11-10 00:00:00,Hà Nội,34.0,7/11/2021\n", encoding="utf-8")
    import_cases(session, path, scope=SYSTEM)
    case = session.scalars(select(Case)).one()
    assert (str(case.report_date), case.age, str(case.onset_date)) == (
        "2021-11-10", 34, "2021-11-07")


@pytest.mark.parametrize(("text", "columns", "first_row"), [
    # A title, a date line with trailing separators and a blank line above the header.
    ("BÁO CÁO SỐ LIỆU\nNgày 7/11/2021,,\n\nngay,tinh,ca moi\n7/11/2021,Hà Nội,3\n",
     ["ngay", "tinh", "ca moi"], 5),
    # A quoted title holding the separator is one cell, still a title.
    ('"DANH SÁCH, ngày 7/11"\ncase_id;report_date\nBN1;2021-11-07\n',
     ["case_id", "report_date"], 3),
    # A header in the first row stays the header, even with one column filled.
    ("case_id\nBN1\nBN2\n", ["case_id"], 2),
    ("case_id,report_date\nBN1,2021-11-07\n", ["case_id", "report_date"], 2),
])
def test_the_header_is_the_first_row_with_two_cells_filled(tmp_path, text, columns,
                                                           first_row):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table_safely(path)
    assert (table.frame.columns, table.first_row) == (columns, first_row)
    assert table.frame.height == text.count("\n") - first_row + 1
