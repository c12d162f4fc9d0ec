"""Reading a table file nobody vetted (an upload, a file given to the CLI) without being hurt by
it: the encoding is detected, not assumed; an XLSX is measured before it is opened (a zip bomb
is refused by its decompressed size, rows and cells, never by running out of memory); a file
that is not what its name says, or has a header and no rows, gets a one-line message; every
text is normalised to NFC, as Vietnamese typed on macOS or a phone arrives decomposed (NFD).

The limits follow OWASP's File Upload Cheat Sheet (limit the file size, and the decompressed
size of archives) and Excel's own sheet limits (1,048,576 rows, 16,384 columns).
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from zlib import error as zlib_error

import polars as pl

from episurv.core.folding import fold, without_unseen
from episurv.core.i18n import N_
from episurv.errors import InvalidInput

# A text file is decoded as one of these; anything else is refused, naming what it looks like.
UNICODE = ("utf_8", "utf_8_sig", "utf_16", "utf_16_le", "utf_16_be", "utf_32")
# Legacy code pages of Vietnamese (Windows-1258) and Western (Windows-1252, Latin-1) offices.
LEGACY = ("cp1258", "cp1252", "latin_1")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What a file may cost before it is read. Defaults fit a city's line list of a wave (the
    biggest real one we know, Ho Chi Minh City 2021, is about 500,000 rows)."""

    file_bytes: int = 512 << 20          # the file as given (CSV, or XLSX compressed)
    xlsx_unpacked_bytes: int = 1 << 30   # all parts of an XLSX, decompressed
    rows: int = 1_048_576                # Excel's own maximum
    columns: int = 256
    cells: int = 30_000_000
    merged: int = 200_000                # merged cells of a sheet (a group of cases each)
    # Sheets of a workbook (a sheet a day for eleven years): read as one list, a sheet's rows
    # are numbered SHEET_ROWS apart in 32 bits, which holds 4,095 full sheets and no more.
    sheets: int = 4_095


@dataclass(frozen=True)
class Table:
    frame: pl.DataFrame
    # The encoding a CSV was read in ("utf_8" for most), None for XLSX: said to the user when
    # it is not UTF-8, so a wrong guess is noticed.
    encoding: str | None = None
    # The file's row number of the first data row (1 is the first row), which problems name:
    # 2 below a header in the first row, more below a title (`header_start`).
    first_row: int = 2
    # The text of each record above the header (a title, "DANH SÁCH F1 CỦA BN9999", a date
    # line), its filled cells joined by a space: what `header_start` passed by, for a reader
    # that takes from the title what no column gives. Empty below a header in the first row.
    title: tuple[str, ...] = ()


def read_table_safely(path: Path, limits: Limits = Limits(),
                      wanted: Callable[[pl.DataFrame], bool] | None = None) -> Table:
    """A CSV or XLSX as a frame of NFC text, every cell a string; or InvalidInput naming the
    file and what is wrong with it. `wanted`: as `read_batches`'s; a workbook holding the table
    on several sheets is refused (naming them), as only the line list reads them as one."""
    batches = read_batches(path, limits, batch_rows=None, wanted=wanted)
    if batches.sheets:
        raise InvalidInput(N_("%(file)s: several sheets hold a table to import (%(sheets)s); "
                              "save each as a file of its own and import them one by one"),
                           code="xlsx_several_tables_one_list", file=path.name,
                           sheets=[s.name for s in batches.sheets])
    frames = list(batches.frames)
    return Table(frames[0] if len(frames) == 1 else pl.concat(frames), batches.encoding,
                 batches.first_row, batches.title)


# A row of a workbook read a sheet after another is numbered, where rows of the whole list are
# told apart, as its sheet's index times this plus its row in the sheet: one more than a
# sheet's rows (Excel's 1,048,576), and the first sheet's rows keep their own numbers. No
# larger: the numbers are polars row indexes (32 bits), which this fits for 4,095 sheets
# (`Limits.sheets`; with 10,000,000 a workbook of a sheet a day for 430 days would not fit).
SHEET_ROWS = 1_048_577


@dataclass(frozen=True)
class Sheet:
    """One of the sheets of a workbook read as one list: its name, the sheet's row number of
    its first data row, and its data rows."""

    name: str
    first_row: int
    rows: int


@dataclass
class Batches:
    """A table read a slice of rows at a time, so memory stays flat whatever the file size;
    `frames` yields NFC text frames with the file's headers, in file order."""

    frames: Iterator[pl.DataFrame]
    encoding: str | None = None
    first_row: int = 2  # as Table's
    # The sheet of a workbook read, where it has several and another was not empty; else None.
    sheet: str | None = None
    # The sheets of a workbook read as one list (a sheet a district, a sheet a day), in order;
    # empty when one sheet or a CSV is read. No frame holds rows of two sheets.
    sheets: tuple[Sheet, ...] = ()
    title: tuple[str, ...] = ()  # as Table's; of the first sheet read

    def numbered(self) -> Iterator[tuple[pl.DataFrame, int, bool]]:
        """Each frame with the row number of its first row (`SHEET_ROWS`), and whether it
        begins a sheet after the first."""
        if not self.sheets:
            row = self.first_row
            for frame in self.frames:
                yield frame, row, False
                row += frame.height
            return
        sheets = ((i, s) for i, s in enumerate(self.sheets) if s.rows)
        left = row = 0
        for frame in self.frames:
            begins = left == 0
            if begins:
                index, sheet = next(sheets)
                row, left = index * SHEET_ROWS + sheet.first_row, sheet.rows
            yield frame, row, begins and row >= SHEET_ROWS
            row += frame.height
            left -= frame.height

    def place(self, row: int) -> tuple[str | None, int]:
        """The sheet (None for a single table) and the sheet's row of a row's number."""
        if not self.sheets:
            return None, row
        return self.sheets[row // SHEET_ROWS].name, row % SHEET_ROWS


def read_batches(path: Path, limits: Limits = Limits(),
                 batch_rows: int | None = 100_000,
                 wanted: Callable[[pl.DataFrame], bool] | None = None) -> Batches:
    """The file of `read_table_safely` in slices of `batch_rows` rows (None: one slice). A UTF-8
    CSV is streamed; an XLSX or a CSV in a legacy encoding (office exports, bounded by
    `limits`) is read whole and then sliced. The checks that need the whole file (rows limit)
    are made as the slices go by, so a caller writes nothing it will keep before the end.
    `wanted`: whether a workbook's sheet (read from its header on) holds the table the caller
    reads (`_choose_sheets`); without it the first sheet is read."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ""):
        raise InvalidInput(N_("%(file)s: unsupported file type %(suffix)r (CSV or XLSX)"),
                           code="file_type", file=name, suffix=suffix)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(N_("%(file)s: cannot be read (%(reason)s)"), code="file_unreadable",
                           file=name, reason=exc.strerror) from exc
    if size > limits.file_bytes:
        raise InvalidInput(N_("%(file)s: %(size)s bytes, more than the %(limit)s allowed; "
                              "split the file"), code="file_too_large", file=name, size=size,
                           limit=limits.file_bytes)
    if size == 0:
        raise InvalidInput(N_("%(file)s: the file is empty"), code="file_empty", file=name)
    suffix = _suffix_of_content(path, suffix)
    encoding: str | None = None
    sheet: str | None = None
    streamed = False  # the streamed CSV is normalised as it is read
    sheets: tuple[Sheet, ...] = ()
    title: tuple[str, ...] = ()
    if suffix in (".xlsx", ".xlsm"):
        merged = check_xlsx(path, limits)
        read = _read_xlsx(path, wanted, merged)
        if len(read) == 1:
            (sheet, whole, above, title), = read
            raw: Iterator[pl.DataFrame] = _slices(whole, batch_rows)
        else:
            # Each sheet's own numbering row below its header is part of its header.
            read = [(name, frame.slice(1), above + 1, title)
                    if frame.height and column_numbers(frame.row(0))
                    else (name, frame, above, title) for name, frame, above, title in read]
            sheets = tuple(Sheet(name, above + 2, frame.height)
                           for name, frame, above, _title in read)
            _name, first_frame, above, title = read[0]
            # A sheet of a header alone gives no frame (`Batches.numbered` passes it by).
            filled = [frame for _name, frame, _above, _title in read
                      if frame.height] or [first_frame]
            raw = itertools.chain.from_iterable(
                _slices(frame.rename(dict(zip(frame.columns, first_frame.columns,
                                              strict=True))), batch_rows) for frame in filled)
    else:
        encoding = detect_encoding(path)
        if encoding == "utf_8" and batch_rows is not None and not _lines_end_in_cr(path):
            with open(path, "rb") as fh:
                head = fh.read(HEAD_BYTES)
            begin, above = header_start(head)
            title = title_above(head[:begin])
            raw, streamed = _stream_csv(path, batch_rows, begin, above), True
        else:
            whole, above, title = _read_csv(path, encoding)
            raw = _slices(whole, batch_rows)
    first = next(raw)
    if not first.columns:
        raise InvalidInput(N_("%(file)s: no header row"), code="file_no_header", file=name)
    if first.height and column_numbers(first.row(0)):
        first, above = first.slice(1), above + 1
        if not first.height:
            first = next(raw, first)
    if first.height == 0:
        raise InvalidInput(N_("%(file)s: a header row and no data rows; nothing to import"),
                           code="file_no_rows", file=name)
    if first.width > limits.columns:
        raise InvalidInput(N_("%(file)s: %(columns)s columns, more than the %(limit)s allowed"),
                           code="file_too_many_columns", file=name, columns=first.width,
                           limit=limits.columns)

    def frames() -> Iterator[pl.DataFrame]:
        rows = 0
        for frame in itertools.chain([first], raw):
            rows += frame.height
            if rows > limits.rows:
                raise InvalidInput(N_("%(file)s: more than the %(limit)s rows allowed; split "
                                      "the file"), code="file_too_many_rows", file=name,
                                   limit=limits.rows)
            if frame.height:
                yield _nfc(name, frame, cells=not streamed)

    return Batches(frames(), encoding, first_row=above + 2, sheet=sheet, sheets=sheets,
                   title=title)


# Formats told by their first bytes (their magic numbers), for a file whose name says another:
# a workbook renamed .csv, or saved in Excel's old format, is an office's commonest upload
# mistake, and read as text it was "binary data" or "a header row and no data rows".
_ZIP = b"PK\x03\x04"
_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2, the container of .xls
_PDF = b"%PDF-"


def _suffix_of_content(path: Path, suffix: str) -> str:
    """The ending the file's content calls for: ".xlsx" for an XLSX workbook named otherwise
    (it is read as the workbook it is), else `suffix`; an Excel 97-2003 workbook or a PDF is
    refused naming what it is, whatever its name."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    name = path.name
    if head.startswith(_OLD_EXCEL):
        raise InvalidInput(N_("%(file)s: an Excel 97-2003 workbook (.xls), which is not read "
                              "here; save it as .xlsx or as CSV UTF-8"), code="file_xls",
                           file=name)
    if head.startswith(_PDF):
        raise InvalidInput(N_("%(file)s: a PDF document, not a table; save the table as .xlsx "
                              "or as CSV UTF-8"), code="file_pdf", file=name)
    if head.startswith(_ZIP) and suffix not in (".xlsx", ".xlsm"):
        try:
            with zipfile.ZipFile(path) as archive:
                workbook = "xl/workbook.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError):
            workbook = False
        if not workbook:
            raise InvalidInput(N_("%(file)s: a zip archive, not a CSV or XLSX table"),
                               code="file_zip", file=name)
        return ".xlsx"
    return suffix


def _slices(frame: pl.DataFrame, batch_rows: int | None) -> Iterator[pl.DataFrame]:
    if batch_rows is None or frame.height <= batch_rows:
        yield frame
        return
    for start in range(0, frame.height, batch_rows):
        yield frame.slice(start, batch_rows)


def _nfc(name: str, frame: pl.DataFrame, *, cells: bool = True) -> pl.DataFrame:
    frame = frame.rename(dict(zip(frame.columns, headers_as_seen(frame.columns), strict=True)))
    if cells:
        frame = frame.with_columns(pl.all().cast(pl.Utf8).str.normalize("NFC"))
    return _without_text_formulas(frame)


# A cell a program exported as Excel's formula of a text, ="0912345678", so that Excel keeps
# it as written (its leading 0, a day not turned into a number): the text.
_TEXT_FORMULA = r'^="(.*)"$'


def _without_text_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with each cell written as a text formula (`_TEXT_FORMULA`) as its text; the
    columns holding one are found first, so a file without any is passed over once."""
    text = [c for c, kind in frame.schema.items() if kind == pl.Utf8]
    if not text or not frame.height:
        return frame
    found = frame.select(pl.col(c).str.starts_with('="').any() for c in text).row(0)
    formulas = [c for c, any_ in zip(text, found, strict=True) if any_]
    if not formulas:
        return frame
    return frame.with_columns(pl.col(c).str.replace(_TEXT_FORMULA, "${1}") for c in formulas)


# The names the readers give a column whose header cell is empty: polars "" then
# "_duplicated_N" for a CSV, the Excel reader "__UNNAMED__N".
UNNAMED = re.compile(r"^(?:|_duplicated_\d+|__UNNAMED__\d+)$")
# The name a reader gives the second of two columns headed alike, "Ngày" and "Ngày": polars
# "Ngày_duplicated_0" in a CSV, the Excel reader "Ngày_1". No column of the file is so headed.
_READERS_SECOND = re.compile(r"^(?P<header>.+?)(?:_duplicated_\d+|_\d+)$")
# What a header written over two columns or more is named by, after it: its column's letter.
# In the file's words, a header and its letter as a spreadsheet shows them ("Ngày (column D)"),
# so every message and the rejects file name the column the user can find.
_LETTERED = re.compile(r" \(column [A-Z]{1,3}\)$")


def headers_as_seen(columns: list[str], first_column: int = 1) -> list[str]:
    """A table's headers as its user sees them: in NFC, without characters nobody sees, its
    spaces (non-breaking ones and line breaks within a cell too) as one; and a header written
    over two columns or more, where the reader gave the second a name of its own
    (`_READERS_SECOND`), named by each column's letter as well ("Ngày (column D)",
    `as_written` gives "Ngày" back). `first_column`: the sheet's column of the first (1: A)."""
    written = []
    for at, column in enumerate(columns):
        second = _READERS_SECOND.match(column)
        if second and not UNNAMED.match(column) and second["header"] in columns[:at]:
            column = second["header"]
        seen = " ".join(without_unseen(unicodedata.normalize("NFC", column)).split())
        # A header of nothing seen is as empty as the readers' unnamed ones, and keeps a name
        # of theirs: no two columns may share one.
        written.append(seen or (column if UNNAMED.match(column) else f"__UNNAMED__{at}"))
    counts: dict[str, int] = {}
    for header in written:
        counts[header] = counts.get(header, 0) + 1
    return [f"{h} (column {column_letters(first_column + at)})"
            if counts[h] > 1 and not UNNAMED.match(h) else h for at, h in enumerate(written)]


def as_written(header: str) -> str:
    """A header as the file writes it, without the letter `headers_as_seen` gave one written
    over two columns."""
    return _LETTERED.sub("", header)


def column_letters(number: int) -> str:
    """A column's letters as a spreadsheet names it: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, left = divmod(number - 1, 26)
        letters = chr(65 + left) + letters
    return letters


# --- CSV ---------------------------------------------------------------------------------

def detect_encoding(path: Path) -> str:
    """The encoding of a text file: a byte-order mark, else valid UTF-8, else the guess of
    charset-normalizer if it is one we accept. Refuses binary data and other encodings."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf_8_sig"
        elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            encoding = "utf_32"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf_16"
        else:
            fh.seek(0)
            if _is_utf8(fh):
                encoding = "utf_8"
            else:
                fh.seek(0)
                encoding = _guess_legacy(path.name, fh.read(4 * CHUNK))
    return encoding


def _is_utf8(fh) -> bool:
    decoder = codecs.getincrementaldecoder("utf_8")()
    try:
        while chunk := fh.read(CHUNK):
            if b"\0" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _guess_legacy(name: str, sample: bytes) -> str:
    import charset_normalizer

    if b"\0" in sample and not _looks_utf16(sample):
        raise InvalidInput(N_("%(file)s: binary data, not a CSV text file"),
                           code="file_binary", file=name)
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise InvalidInput(N_("%(file)s: not text in any encoding we know; save it as CSV "
                              "UTF-8"), code="file_not_text", file=name)
    guess = codecs.lookup(best.encoding).name.replace("-", "_")
    if guess in UNICODE or guess in LEGACY:
        return guess
    # Single-byte code pages agree on most letters: a text the guess decodes exactly as one we
    # accept does is that one (a French name reads the same in cp1250 and cp1252).
    text = str(best)
    for legacy in LEGACY:
        try:
            if sample.decode(legacy) == text:
                return legacy
        except UnicodeDecodeError:
            continue
    raise InvalidInput(N_("%(file)s: looks like %(encoding)s text, which is not read here "
                          "(UTF-8, UTF-16, Windows-1258, Windows-1252 are); save it as CSV "
                          "UTF-8"), code="file_encoding", file=name, encoding=guess)


def _looks_utf16(sample: bytes) -> bool:
    try:
        sample[: len(sample) // 2 * 2].decode("utf_16_le")
    except UnicodeDecodeError:
        return False
    return True


def _read_csv(path: Path, encoding: str) -> tuple[pl.DataFrame, int, tuple[str, ...]]:
    """The whole CSV from its header on, the number of records above the header and their
    text (`title_above`)."""
    try:
        # Decoded here (strictly: a byte the encoding lacks refuses the file) and given to the
        # reader as UTF-8; files in legacy encodings are small office exports.
        data = path.read_bytes()
        if encoding != "utf_8":
            data = data.decode(encoding).encode("utf_8")
        if _ends_lines_in_cr(data[:HEAD_BYTES]):
            data = data.replace(b"\r", b"\n")
        begin, above = header_start(data[:HEAD_BYTES])
        title = title_above(data[:begin])
        data = data[begin:]
        table = data  # the CSV from its header on, for `_parse_csv` to read again
        return (_parse_csv(path, data, separator(_first_record(data)),
                           lambda: io.StringIO(table.decode("utf_8"), newline=""), above),
                above, title)
    except UnicodeDecodeError as exc:
        raise InvalidInput(N_("%(file)s: not valid %(encoding)s text at byte %(byte)s; save "
                              "it as CSV UTF-8"), code="file_bad_byte", file=path.name,
                           encoding=encoding, byte=exc.start) from exc
    except pl.exceptions.NoDataError as exc:
        raise InvalidInput(N_("%(file)s: the file is empty"), code="file_empty",
                           file=path.name) from exc
    except pl.exceptions.PolarsError as exc:
        raise _not_csv(path.name, exc) from exc


def _ends_lines_in_cr(head: bytes) -> bool:
    """Whether a text's lines end in a carriage return alone, as Excel's "CSV (Macintosh)"
    saves them: such a file is read whole, its line ends made line feeds."""
    return b"\r" in head and b"\n" not in head


def _lines_end_in_cr(path: Path) -> bool:
    with open(path, "rb") as fh:
        return _ends_lines_in_cr(fh.read(HEAD_BYTES))


def _not_csv(name: str, exc: Exception) -> InvalidInput:
    # The reader's own words name what it tripped on; they stay as it wrote them.
    return InvalidInput(N_("%(file)s: cannot be read as CSV: %(detail)s"), code="file_not_csv",
                        file=name, detail=_first_line(exc))


ROW_BYTES = 256  # a line-list row is about this long: a slice of N rows is read as N x this


def _stream_csv(path: Path, batch_rows: int, begin: int = 0,
                above: int = 0) -> Iterator[pl.DataFrame]:
    """A UTF-8 CSV (already checked to be valid UTF-8) in slices of at most `batch_rows` rows,
    from its header at byte `begin` (below `above` records). The file is read in pieces of
    about as many rows, cut at a record's end (a line end outside quotes: an even number of
    quote characters before it) and parsed one by one, so only one piece is ever held. A file
    with a header and no rows gives one empty frame."""
    size = max(batch_rows, 1) * ROW_BYTES

    def table() -> TextIO:  # the file from its header on, for `_parse_csv` to read again
        raw = open(path, "rb")  # noqa: SIM115 - closed with the text it is wrapped in
        raw.seek(begin)
        return io.TextIOWrapper(raw, encoding="utf_8", newline="")

    with open(path, "rb") as fh:
        fh.seek(begin)
        rest = b""
        header: bytes | None = None
        rows = False
        while True:
            chunk = fh.read(size)
            data = rest + chunk
            if not chunk:
                piece, rest = data, b""
            else:
                cut = _record_end(data)
                if cut < 0:  # no complete record yet: read more
                    rest = data
                    continue
                piece, rest = data[:cut + 1], data[cut + 1:]
            if header is None:
                end = _record_end(piece, first=True)
                header = piece[:end + 1] if end >= 0 else piece + b"\n"
                piece = piece[end + 1:] if end >= 0 else b""
                sep = separator(header)
                columns = _parse_csv(path, _nfc_bytes(header), sep, table, above).columns
            if piece.strip():
                rows = True
                yield from _slices(_parse_csv(path, _nfc_bytes(header + piece), sep, table,
                                              above), batch_rows)
            if not chunk:
                if not rows:
                    yield pl.DataFrame(schema={c: pl.Utf8 for c in columns})
                return


# What separates a CSV's fields: a comma, or a semicolon where the spreadsheet that saved it
# writes decimals with a comma (Excel under Vietnamese regional settings, whose list separator
# is ";"), or a tab (a table copied out of a spreadsheet and saved as text).
SEPARATORS = (",", ";", "\t")


def separator(header: bytes) -> str:
    """The separator of a CSV whose header record is `header`: the candidate found most often
    outside quotes (a comma when none is, or on a tie: a one-column file)."""
    outside = re.sub(rb'"[^"]*"', b"", header)
    counts = [(outside.count(sep.encode()), -i, sep) for i, sep in enumerate(SEPARATORS)]
    best = max(counts)
    return best[2] if best[0] else ","


# Office exports put a title, a date line or blank rows above the table ("DANH SÁCH CA BỆNH
# ...", "Ngày 07/11/2021"): the header is the first of the first rows with two cells or more
# filled, the title having one (or one merged across the width).
# Twenty rows: an official form's letterhead (three rows), its title, "Kính gửi" and a line of
# grounds with blank rows between them fill more than ten.
HEADER_SEARCH = 20
HEAD_BYTES = 256 * 1024  # where a CSV's header is looked for


def header_start(head: bytes) -> tuple[int, int]:
    """(byte offset, records above it) of the header of a CSV beginning with `head`: the first
    of its first HEADER_SEARCH records with two cells or more filled that is not a row of an
    official form's letterhead (`letterhead`). (0, 0) when none is: the first record is the
    header, as it was always taken."""
    start = 0
    for above in range(HEADER_SEARCH):
        end = _record_end(head[start:], first=True)
        record = head[start:start + end] if end >= 0 else head[start:]
        cells = _cells(record)
        if _filled(cells) >= 2 and not letterhead(cells):
            return start, above
        if end < 0:
            break
        start += end + 1
    return 0, 0


def _cells(record: bytes) -> list[str]:
    """The cells of one CSV record, a quoted cell one whatever separators and line ends it
    holds; a record the csv module cannot parse (a stray NUL) split at its separators."""
    text = record.decode("utf_8", "replace").lstrip("\ufeff").replace("\r", " ")
    sep = separator(record)
    try:
        return next(csv.reader([text], delimiter=sep), [])
    except csv.Error:
        return re.sub(r'"[^"]*"', "q", text).split(sep)


# The letterhead of an official document, as Decree 30/2020/NĐ-CP (Phụ lục I) lays it out: the
# issuing body on the left of the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") and of
# its subtitle ("Độc lập - Tự do - Hạnh phúc"), then the document's number ("Số: 125/BC-TTYT")
# on the left of its place and date ("Cầu Giấy, ngày 9 tháng 11 năm 2021"). A form's list is
# written below it, and its rows fill two cells as a table's header does. Folded words,
# punctuation aside.
_LETTERHEAD = re.compile(r"^(?:cong hoa xa hoi chu nghia viet nam|doc lap tu do hanh phuc"
                         r"|so\s*:.*|.*\bngay(?: \d{1,2})? thang(?: \d{1,2})? nam(?: \d{4})?)$")


def letterhead(cells) -> bool:
    """Whether a row is one of an official document's letterhead (`_LETTERHEAD`): two cells
    filled at most, one of them the national motto, its subtitle, the document's number or its
    place and date."""
    texts = [str(c) for c in cells if c is not None and str(c).strip()]
    if not texts or len(texts) > 2:
        return False
    return any(_LETTERHEAD.match(" ".join(re.sub(r"[^a-z0-9:/ ]", " ", fold(t)).split()))
               for t in texts)


def title_above(above: bytes) -> tuple[str, ...]:
    """The records above a CSV's header (`header_start`'s bytes before it), each as its filled
    cells joined by a space, in NFC; blank records left out."""
    text = unicodedata.normalize("NFC", above.decode("utf_8", "replace").lstrip("\ufeff"))
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ()
    sep = separator(lines[0].encode("utf_8"))
    return tuple(" ".join(c.strip() for c in cells if c.strip())
                 for cells in csv.reader(lines, delimiter=sep) if any(c.strip() for c in cells))


# Official forms number their columns on the row below the header ("(1)", "(2)", ...), so that
# instructions can name them: that row is part of the header, not data.
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,3})(?:\.0)?\)?$")


def column_numbers(cells) -> bool:
    """Whether a row is a form's column numbering: three cells or more filled, each a number
    ("3", "(3)"), counting up by one from 0 or 1 from left to right (a row of data has a
    date or a name among them)."""
    numbers = []
    for cell in cells:
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        match = _COLUMN_NUMBER.match(text)
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers))) \
        and numbers[0] in (0, 1)


def _filled(cells) -> int:
    return sum(1 for c in cells if c is not None and str(c).strip())


def _first_record(data: bytes) -> bytes:
    end = _record_end(data, first=True)
    return data[:end] if end >= 0 else data


def _nfc_bytes(data: bytes) -> bytes:
    """UTF-8 text in NFC, normalised whole: the same as cell by cell, since the separators are
    starters that nothing composes with (Unicode Standard Annex #15), and far quicker."""
    if data.isascii():
        return data
    return unicodedata.normalize("NFC", data.decode("utf_8")).encode("utf_8")


def _record_end(data: bytes, *, first: bool = False) -> int:
    """The index of the line end closing the last (with `first`, the first) complete record
    of `data`, which begins at a record's start; -1 if there is none."""
    if first:
        at = data.find(b"\n")
        while at >= 0 and data.count(b'"', 0, at) % 2:
            at = data.find(b"\n", at + 1)
        return at
    at = data.rfind(b"\n")
    quotes = data.count(b'"', 0, at) if at >= 0 else 0
    while at >= 0 and quotes % 2:
        before = data.rfind(b"\n", 0, at)
        quotes -= data.count(b'"', before + 1 if before >= 0 else 0, at)
        at = before
    return at


def _parse_csv(path: Path, data: bytes, sep: str, table: Callable[[], TextIO],
               above: int) -> pl.DataFrame:
    """`data` (a CSV's header and some of its records) as a frame. A record longer than the
    header by empty cells (a sheet's used range wider than its table, saved with a separator
    for each) is read without them, once the whole table (`table`, the file from its header on,
    below `above` records) is found to write nothing past its header
    (`_refuse_cells_past_header`)."""
    try:
        try:
            return pl.read_csv(data, infer_schema=False, encoding="utf8", separator=sep)
        except pl.exceptions.ComputeError as exc:
            if _LONGER_THAN_HEADER not in str(exc):
                raise
            _refuse_cells_past_header(path.name, table, sep, above)
            return pl.read_csv(data, infer_schema=False, encoding="utf8", separator=sep,
                               truncate_ragged_lines=True)
    except pl.exceptions.NoDataError as exc:
        raise InvalidInput(N_("%(file)s: the file is empty"), code="file_empty",
                           file=path.name) from exc
    except pl.exceptions.PolarsError as exc:
        raise _not_csv(path.name, exc) from exc


# The reader's words for a record with more cells than its header.
_LONGER_THAN_HEADER = "more fields than defined"


def _refuse_cells_past_header(name: str, table: Callable[[], TextIO], sep: str,
                              above: int) -> None:
    """Refuse a table that writes a value in a column past its header's last, naming its row
    and column: no header says what the value is, and reading the row without it would lose
    it. Read record by record (only when the reader met a longer record)."""
    with table() as text:
        records = csv.reader(text, delimiter=sep)
        width = len(next(records, []))
        for row, cells in enumerate(records, start=above + 2):
            past = next(((at, c) for at, c in enumerate(cells[width:], start=width + 1)
                         if c.strip()), None)
            if past is not None:
                raise InvalidInput(N_("%(file)s: row %(row)s writes %(value)r in column "
                                      "%(column)s, past the header's last column (%(last)s); "
                                      "give it a header, or move it"),
                                   code="file_cell_past_header", file=name, row=str(row),
                                   value=past[1].strip()[:SHOWN_VALUE],
                                   column=column_letters(past[0]), last=column_letters(width))


SHOWN_VALUE = 80  # the characters of a value a reader's message quotes


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


# --- XLSX --------------------------------------------------------------------------------


def _tags(data: bytes) -> tuple[int, int]:
    """Rows and cells opened in a piece of sheet XML (bytes.count: a gigabyte a second)."""
    rows = data.count(b"<row ") + data.count(b"<row>")
    return rows, data.count(b"<c ") + data.count(b"<c>")


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:([A-Z]+)(\d+)\"")


def check_xlsx(path: Path, limits: Limits = Limits()) -> dict[str, list[tuple[int, int, int]]]:
    """Measure an XLSX without building it: decompress every part as a stream, counting bytes,
    and the rows and cells of each sheet; refuse it the moment a limit is passed. The sizes a
    zip declares are not trusted (a bomb lies about them). Returns each sheet's merged cells
    as (first column, first row, last row), 1-based, by the sheet's part, as it goes by (the
    fast reader does not give them)."""
    merged: dict[str, set[tuple[bytes, ...]]] = {}
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(N_("%(file)s: not an XLSX workbook (not a zip archive); save it "
                              "as .xlsx or as CSV"), code="xlsx_not_zip", file=name) from exc
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise InvalidInput(N_("%(file)s: a zip archive but not an XLSX workbook"),
                               code="xlsx_not_workbook", file=name)
        sheets = sum(1 for n in names if _SHEET_PART.match(n))
        if sheets > limits.sheets:
            raise InvalidInput(N_("%(file)s: %(sheets)s sheets, more than the %(limit)s "
                                  "allowed; refused before reading (split the workbook)"),
                               code="xlsx_too_many_sheets", file=name, sheets=sheets,
                               limit=limits.sheets)
        unpacked = 0
        for member in members:
            is_sheet = member.filename.startswith("xl/worksheets/") and (
                member.filename.endswith(".xml"))
            rows = cells = 0
            tail = b""
            first = True
            try:
                with archive.open(member) as part:
                    while chunk := part.read(CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limits.xlsx_unpacked_bytes:
                            raise InvalidInput(
                                N_("%(file)s: unpacks to more than %(limit)s bytes; refused "
                                   "before reading (split the workbook)"),
                                code="xlsx_unpacked_too_large", file=name,
                                limit=limits.xlsx_unpacked_bytes)
                        if not is_sheet:
                            continue
                        # A tag cut at a chunk boundary is counted once, in the joined window.
                        window = tail + chunk
                        (r_all, c_all), (r_tail, c_tail) = _tags(window), _tags(tail)
                        rows, cells = rows + r_all - r_tail, cells + c_all - c_tail
                        # The sheet's declared extent comes first: refuse it before counting.
                        if first and (m := _DIMENSION.search(chunk)):
                            _check_dimension(name, m, limits)
                        if b"mergeCell" in window:  # a range seen twice in the overlap: a set
                            ranges = merged.setdefault(member.filename, set())
                            ranges.update(_MERGE.findall(window))
                            if len(ranges) > limits.merged:
                                raise InvalidInput(N_("%(file)s: a sheet of more than "
                                                      "%(limit)s merged cells; refused before "
                                                      "reading"), code="xlsx_too_many_merged",
                                                   file=name, limit=limits.merged)
                        first, tail = False, chunk[-64:]
                        if rows > limits.rows + 1:
                            raise InvalidInput(N_("%(file)s: a sheet of more than %(limit)s "
                                                  "rows; refused before reading"),
                                               code="xlsx_too_many_rows", file=name,
                                               limit=limits.rows)
                        if cells > limits.cells:
                            raise InvalidInput(N_("%(file)s: a sheet of more than %(limit)s "
                                                  "cells; refused before reading"),
                                               code="xlsx_too_many_cells", file=name,
                                               limit=limits.cells)
            except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError,
                    ValueError, OSError, zlib_error) as exc:
                raise InvalidInput(N_("%(file)s: a damaged XLSX workbook (%(part)s: "
                                      "%(detail)s)"), code="xlsx_damaged", file=name,
                                   part=member.filename, detail=_first_line(exc)) from exc
    return {part: sorted((_column_number(c1.decode()), int(r1), int(r2))
                         for c1, r1, _c2, r2 in ranges) for part, ranges in merged.items()}


# A worksheet's own part (not its relations, in xl/worksheets/_rels/).
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml$")


def _check_dimension(name: str, match: re.Match, limits: Limits) -> None:
    letters, last_row = match.group(1).decode(), int(match.group(2))
    column = _column_number(letters)
    if column > limits.columns or last_row > limits.rows + 1:
        raise InvalidInput(N_("%(file)s: the sheet spans %(rows)s rows x %(columns)s columns, "
                              "more than the %(max_rows)s x %(max_columns)s allowed"),
                           code="xlsx_too_large", file=name, rows=last_row, columns=column,
                           max_rows=limits.rows, max_columns=limits.columns)


def _read_xlsx(path: Path, wanted: Callable[[pl.DataFrame], bool] | None = None,
               merged: dict[str, list[tuple[int, int, int]]] | None = None
               ) -> list[tuple[str | None, pl.DataFrame, int, tuple[str, ...]]]:
    """The sheets to read (`_choose_sheets`), each as its name (None for the only sheet that is
    not empty), its table from its header on, the number of its rows above the header (a
    title and blank rows: `header_start`'s rule) and their text (`Table.title`)."""
    try:
        # Blank rows kept: the row numbers problems name must be the sheet's.
        sheets = pl.read_excel(path, sheet_id=0, infer_schema_length=0, raise_if_empty=False,
                               drop_empty_rows=False)
        tables = {}
        for index, (name, frame) in enumerate(sheets.items()):
            if frame.width or frame.height:
                tables[name] = _from_header(path, index, frame, merged or {})
        if not tables:
            raise InvalidInput(N_("%(file)s: the first sheet is empty"), code="xlsx_empty",
                               file=path.name)
        with zipfile.ZipFile(path) as archive:
            hidden = _hidden_sheets(archive)
        names = _choose_sheets(path.name, tables, wanted, hidden)
        return [(name if len(tables) > 1 else None, *tables[name]) for name in names]
    except InvalidInput:
        raise
    except pl.exceptions.NoDataError as exc:
        raise InvalidInput(N_("%(file)s: the first sheet is empty"), code="xlsx_empty",
                           file=path.name) from exc
    except Exception as exc:  # noqa: BLE001 - the native reader's error classes vary by version
        raise InvalidInput(N_("%(file)s: cannot be read as XLSX: %(detail)s"),
                           code="xlsx_unreadable", file=path.name,
                           detail=_first_line(exc)) from exc


def _choose_sheets(name: str, tables: dict[str, tuple[pl.DataFrame, int, tuple[str, ...]]],
                   wanted: Callable[[pl.DataFrame], bool] | None,
                   hidden: frozenset[str] = frozenset()) -> list[str]:
    """The sheets to read among those that are not empty: those the caller `wanted` (a
    workbook may open on a summary sheet, or keep notes beside the table); the first when none
    is or nothing is wanted. A hidden sheet gives way to a visible one: its author set it
    aside (an old copy, a template), and nobody opening the workbook sees it. Several visible
    sheets that are all wanted, a line list kept a sheet a district or a sheet a day, are read
    one after the other as one list when their headers name the same columns (`_same_header`);
    otherwise they are refused by name, saying which differ: reading one of them would leave
    the others out unsaid."""
    names = list(tables)
    if wanted is None:
        return names[:1]
    chosen = [n for n in names if wanted(tables[n][0])]
    chosen = [n for n in chosen if n not in hidden] or chosen
    if not chosen:
        return names[:1]
    first = _same_header(tables[chosen[0]][0].columns)
    differ = [n for n in chosen[1:] if _same_header(tables[n][0].columns) != first]
    if differ:
        raise InvalidInput(N_("%(file)s: several sheets hold a table to import (%(sheets)s), "
                              "and the headers of %(differ)s are not those of %(first)s; give "
                              "them the same columns, or save each as a file of its own and "
                              "import them one by one"), code="xlsx_several_tables",
                           file=name, sheets=chosen, differ=differ, first=chosen[0])
    return chosen


def _same_header(columns: list[str]) -> tuple[str, ...]:
    """A sheet's header as sheets are compared: its cells in NFC, spaces and case aside."""
    return tuple(" ".join(unicodedata.normalize("NFC", c).casefold().split()) for c in columns)


def _from_header(path: Path, index: int, frame: pl.DataFrame,
                 merged: dict[str, list[tuple[int, int, int]]]
                 ) -> tuple[pl.DataFrame, int, tuple[str, ...]]:
    """A sheet's table from its header on, the sheet's rows above the header and their text
    (the reader's first row, where it began at the title, and the rows below it). The reader
    starts a sheet at its first filled row and column, so a table below blank rows (or a
    title, `header_start`'s rule) is placed by the sheet's own first rows; and a cell merged
    down over several rows of the table gives its value to each of them."""
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, index)
        first = _first_rows(archive, part)
    top = next((i for i, columns in enumerate(first) if columns), 0)

    def cells(row: int) -> list:  # the text of a sheet's row from `top` on, as read
        if row == top:
            return [c for c in frame.columns if not c.startswith("__UNNAMED__")]
        return list(frame.row(row - top - 1)) if row - top - 1 < frame.height else []

    header = next((i for i, columns in enumerate(first)
                   if len(columns) >= 2 and not letterhead(cells(i))), top)
    title: tuple[str, ...] = ()
    if header != top and frame.height:
        above = [[c for c in frame.columns if not c.startswith("__UNNAMED__")]]
        above += [[str(c) for c in frame.row(i) if c is not None]
                  for i in range(min(header - top - 1, frame.height))]
        title = tuple(" ".join(t for c in cells if (t := " ".join(c.split())))
                      for cells in above)
        title = tuple(unicodedata.normalize("NFC", t) for t in title if t)
        frame = pl.read_excel(path, sheet_id=index + 1, infer_schema_length=0,
                              drop_empty_rows=False, read_options={"header_row": header - top})
    start = 1  # the sheet's column of the frame's first
    if header < len(first) and first[header]:
        named = [j for j, c in enumerate(frame.columns) if not c.startswith("__UNNAMED__")]
        # The reader names the header's first filled cell's column first of the named ones.
        start = min(first[header]) - (named[0] if named else 0)
        frame = _fill_merged_down(frame, merged.get(part, []), start, header + 1)
    # Here, where the table's first column is known: a header written twice is named by the
    # letters the sheet shows.
    frame = frame.rename(dict(zip(frame.columns, headers_as_seen(frame.columns, start),
                                  strict=True)))
    return frame, header, title


_SHEET_ID = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?\b(?:\w+:)?id="([^"]+)"')
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.DOTALL)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|t)(?:\s[^>]*)?>[^<]")
_REF = re.compile(rb'\br="([A-Z]+)?(\d+)"')


_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")


def _hidden_sheets(archive: zipfile.ZipFile) -> frozenset[str]:
    """The names of the workbook's hidden sheets (`state="hidden"` or `"veryHidden"`)."""
    hidden = set()
    for tag in _SHEET.findall(archive.read("xl/workbook.xml")):
        found = dict(re.findall(rb'(\w+)="([^"]*)"', tag))
        if found.get(b"state", b"visible") != b"visible":
            hidden.add(html.unescape(found.get(b"name", b"").decode("utf_8")))
    return frozenset(hidden)


def _sheet_part(archive: zipfile.ZipFile, index: int) -> str:
    """The archive's part of the workbook's sheet `index` (in the workbook's order, as the
    reader's sheet ids count): workbook.xml names its relation, the relations its part."""
    ids = _SHEET_ID.findall(archive.read("xl/workbook.xml"))
    targets = {}
    for tag in _RELATION.findall(archive.read("xl/_rels/workbook.xml.rels")):
        found = dict(re.findall(rb'(\w+)="([^"]*)"', tag))
        targets[found.get(b"Id")] = found.get(b"Target", b"").decode()
    target = targets[ids[index]]
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _first_rows(archive: zipfile.ZipFile, part: str) -> list[list[int]]:
    """The sheet's first HEADER_SEARCH rows, blank ones included, each as the columns
    (1-based) of its cells that hold a value: read from the sheet's XML, whose rows come in
    order (a row or a cell without its number follows the one before)."""
    rows: list[list[int]] = [[] for _ in range(HEADER_SEARCH)]
    with archive.open(part) as sheet:
        data = b""
        while (chunk := sheet.read(1 << 16)) and data.count(b"</row>") < HEADER_SEARCH + 1 \
                and len(data) < HEAD_BYTES * 4:
            data += chunk
    number = 0
    for attributes, cells in _ROW.findall(data):
        ref = _REF.search(attributes)
        number = int(ref.group(2)) if ref else number + 1
        if number > HEADER_SEARCH:
            break
        column = 0
        for cell_attributes, inner in _CELL.findall(cells or b""):
            ref = _REF.search(cell_attributes)
            column = _column_number(ref.group(1).decode()) if ref and ref.group(1) \
                else column + 1
            if _VALUE.search(inner or b""):
                rows[number - 1].append(column)
    return rows


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _fill_merged_down(frame: pl.DataFrame, merged: list[tuple[int, int, int]], start: int,
                      header_row: int) -> pl.DataFrame:
    """`frame` (read from the sheet row `header_row`, its first column the sheet's `start`)
    with each of the sheet's `merged` cells (`check_xlsx`) that is merged down over rows
    below the header written into each row it covers: an office list merges one day, or one
    district, over the group of its cases, and the reader gives the value to the first row
    only. A cell merged across one row (a heading, a totals line) is left as it is."""
    merges = [m for m in merged if m[1] > header_row and m[2] > m[1]]
    for column, top, bottom in merges:
        at = column - start
        if not 0 <= at < frame.width:
            continue
        first, last = top - header_row - 1, min(bottom - header_row - 1, frame.height - 1)
        name = frame.columns[at]
        values = frame[name].to_list()
        values[first + 1:last + 1] = [values[first]] * (last - first)
        frame = frame.with_columns(pl.Series(name, values, dtype=frame[name].dtype))
    return frame


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
