"""The rules a case row must meet, checked column by column over a whole frame at once.

Pure: a polars frame of strings in, a typed frame and the list of problems out. The importer and
the API both validate through `validate_frame`, so a file row and an API body obey one set of
rules. Place names are resolved through the one matcher in geo.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

import polars as pl

from episurv.cases import vocabulary as V
from episurv.core.codes import patient_code_expr
from episurv.core.days import (
    AS_TYPED,
    DAY_MONTH,
    DMY_DATE,
    EXCEL_DAY_ZERO,
    ISO_DATE,
    LAST_SERIAL,
    NEAREST_WITHIN,
    NOT_A_DATE,
    SERIAL,
    unread_day,
)
from episurv.core.i18n import N_
from episurv.core.limits import limit_of
from episurv.core.time import local_today
from episurv.errors import InvalidInput
from episurv.geo.names import fold, header_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from episurv.importing import HEADER_HINT, Problem
from episurv.safe_reading import UNNAMED, as_written, column_numbers

ROW = "__row"  # the row number shown to the user: the spreadsheet row, header being row 1


def _key(header: str) -> str:
    """A header as the tables below key it: `header_key`'s, its abbreviations spelled out
    (`V.HEADER_ABBREVIATIONS`: "Ngày có KQ" is "ngay co ket qua")."""
    return " ".join(V.HEADER_ABBREVIATIONS.get(w, w) for w in header_key(header).split())


# Each column's own name and the words files use for it, keyed as `_key` keys a header.
_REPORT_DATE_STAND_INS = {_key(k) for k in V.REPORT_DATE_STAND_INS}
_STAND_INS = {_key(k): v for k, v in V.HEADER_STAND_INS.items()}
_HEADERS = {**{_key(k): v for k, v in V.HEADER_ALIASES.items()},
            **{_key(c): c for c in (*V.COLUMNS, V.BIRTH_YEAR, *V.SEX_MARKS)}}


_PLACES = ("province", "district", "ward")


def _column_of(header: str) -> str | None:
    """The column a header names, as written or without a hint in brackets after it, or the
    level of unit the hint of an address names, or the header's word and its hint read as one
    name ("Ngày (lấy mẫu)" is "Ngày lấy mẫu"). "Năm" (year: of birth, in a line list) and
    "Nam" (male) fold to one key: a header written with the breve is the year of birth, never
    the sex column; one written without its marks stays the form's male column."""
    header = as_written(header)
    key = _key(header)
    column = _HEADERS.get(key)
    if column is None and (hint := HEADER_HINT.search(key)):
        bare, said = key[:hint.start()], hint.group(1).strip()
        column = _HEADERS.get(bare) or _HEADERS.get(_key(f"{bare} {said}"))
        if column in (None, "address") and _HEADERS.get(said) in _PLACES:
            column = _HEADERS[said]
    if column == "male_mark" and "ă" in unicodedata.normalize("NFC", header).casefold():
        return V.BIRTH_YEAR
    return column


def _stands_in_for_report_date(header: str) -> bool:
    key = _key(as_written(header))
    if (hint := HEADER_HINT.search(key)) is not None:  # "Ngày (có KQ)": "Ngày có KQ"
        bare, said = key[:hint.start()], hint.group(1).strip()
        key = bare if _stands_in_key(bare) else _key(f"{bare} {said}")
    return _stands_in_key(key)


def _stands_in_key(key: str) -> bool:
    first, words = V.REPORT_DATE_STAND_IN_WORDS
    return key in _REPORT_DATE_STAND_INS or (key.startswith(first + " ") and words in key)


def map_headers(headers: list[str], frame: pl.DataFrame | None = None
                ) -> tuple[dict[str, str], list[str]]:
    """Header as written -> column; and the headers that name no column (ignored, reported).
    A header whose words name a column of words or of days (`V.HEADERS_OF_WORDS_OR_DAYS`) is
    told by the cells of `frame` under it: days there make it a day (a stand-in for the report
    date), anything else, or no frame, the column of words."""
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        column = _column_of(header)
        if column is None:
            unknown.append(header)
        elif column in mapping.values():
            raise InvalidInput(f"two headers name column {column!r}: "
                               + ", ".join(repr(h) for h, c in mapping.items() if c == column)
                               + f" and {header!r}")
        else:
            mapping[header] = column
    day_headers = []
    for header in [h for h in unknown
                   if HEADER_HINT.sub("", _key(h)) in V.HEADERS_OF_WORDS_OR_DAYS]:
        if frame is not None and header in frame.columns and _written_days(frame[header]):
            day_headers.append(header)
            continue
        column = V.HEADERS_OF_WORDS_OR_DAYS[HEADER_HINT.sub("", _key(header))]
        if column not in mapping.values():  # a list's own column of the name wins
            mapping[header] = column
            unknown.remove(header)
    for header in list(unknown):  # a column's weaker names, where it has no header of its own
        column = _STAND_INS.get(HEADER_HINT.sub("", _key(header)))
        if column is not None and column not in mapping.values():
            mapping[header] = column
            unknown.remove(header)
    if "report_date" not in mapping.values():
        stand_in = next((h for h in unknown
                         if _stands_in_for_report_date(h) or h in day_headers), None)
        if stand_in is not None:
            mapping[stand_in] = "report_date"
            unknown.remove(stand_in)
    return mapping, unknown


# The cells looked at to tell a column of days (`_written_days`): the first so many written.
_CELLS_TOLD_BY = 200


def _written_days(cells: pl.Series) -> bool:
    """Most of a column's first written cells are days (a title or a note row among them
    does not change what the column holds)."""
    written = cells.cast(pl.Utf8).str.strip_chars()
    written = written.filter(written.is_not_null() & ~written.is_in(V.EMPTY_CELLS))
    written = written.head(_CELLS_TOLD_BY)
    if not len(written):
        return False
    days, _times = read_days(written)
    return days.is_not_null().sum() * 2 > len(written)


def header_below(headers: list[str], first_row: tuple,
                 names: Callable[[str], bool] | None = None) -> list[str] | None:
    """The headers of a table headed on two rows, or None when its first row is data.

    Office line lists group columns under a heading cell merged across them ("Thông tin ca
    bệnh" over "Mã BN", "Ngày báo cáo", "Tuổi"; "Địa chỉ" over "Quận/Huyện", "Phường/Xã"), so
    the names of the columns are on the row below the first. That row is a header when two
    cells or more of it name a column and the others are words without a digit (a column the
    list has beyond the line list's, "Số nhà", "Ghi chú"): a data row writes its day, its
    code or its age in digits. Each column is then named by its lower cell, or by its upper
    one where the lower is empty. A lower cell that names no column alone may name one after
    the heading it is under (`_under_heading`): "Ngày" merged over "Khởi phát", "Lấy mẫu",
    "Có kết quả" heads the days of onset, sample and result. `names`: whether a header names
    a column of the list read (a line list's, `_names_a_column`, unless given)."""
    names = names or _names_a_column
    headings = _headings_over(headers)
    merged, named = [], 0
    for up, heading, low in zip(headers, headings, first_row, strict=True):
        low = str(low).strip() if low is not None else ""
        if not low:
            merged.append(up)
            continue
        name = low if names(low) else _under_heading(heading, low, names)
        if name is not None:
            named += 1
        elif re.search(r"\d", low):
            return None
        merged.append(name or low)
    return merged if named >= 2 and len(set(merged)) == len(merged) else None


def without_header_below(frame: pl.DataFrame, offset: int,
                         names: Callable[[str], bool] | None = None
                         ) -> tuple[pl.DataFrame, int, list[str] | None]:
    """A table headed on two rows (`header_below`): the frame without the lower header row
    and a numbering row below it, the row number of what is left, and the lower row's headers
    (None, and the frame as it was, when its first row is data)."""
    below = header_below(frame.columns, frame.row(0), names) if frame.height else None
    if below is None:
        return frame, offset, None
    frame, offset = frame.slice(1), offset + 1
    if frame.height and column_numbers(frame.row(0)):
        frame, offset = frame.slice(1), offset + 1
    return frame, offset, below


def _names_a_column(header: str) -> bool:
    return (_column_of(header) is not None or _stands_in_for_report_date(header)
            or HEADER_HINT.sub("", _key(header)) in _STAND_INS)


def _headings_over(headers: list[str]) -> list[str | None]:
    """The heading over each column of an upper header row: its own cell, or the one before
    it where the reader left it unnamed (a cell merged across columns gives its value to the
    first); None before any."""
    over, heading = [], None
    for header in headers:
        if not UNNAMED.match(header):
            heading = as_written(header)
        over.append(heading)
    return over


def _under_heading(heading: str | None, low: str, names: Callable[[str], bool]
                   ) -> str | None:
    """A lower header cell read after the heading over it ("Ngày" over "Khởi phát": "Ngày
    khởi phát"), or before it ("Ngày" under "Lấy mẫu": "Ngày lấy mẫu"), when so it `names` a
    column; else None."""
    if heading is None:
        return None
    for name in (f"{heading} {low[:1].lower()}{low[1:]}",
                 f"{low} {heading[:1].lower()}{heading[1:]}"):
        if names(name):
            return name
    return None


def _text(col: str, *, nfc: bool = True) -> pl.Expr:
    # NFC: Vietnamese typed on macOS or a phone arrives decomposed (NFD), and must compare equal.
    # A file's cells come normalised by the safe reader (nfc=False skips doing it twice).
    # A leading apostrophe is Excel's mark of a cell kept as text ("'0912345678",
    # "'07/11/2021"), which programs exporting a CSV for Excel write: no part of the value.
    # A cell of dashes only is empty (`V.EMPTY_CELLS`); "-5" stays as written.
    text = pl.col(col).cast(pl.Utf8)
    return ((text.str.normalize("NFC") if nfc else text).str.strip_chars()
            .str.strip_chars_start("' \t").replace(V.EMPTY_CELLS, None))


def _as_typed(raw: pl.Expr) -> pl.Expr:
    """A day as clerks type it around its digits, reduced to a form the patterns read
    (core.days.AS_TYPED, the steps `typed_day` takes too)."""
    for pattern, replacement, every in AS_TYPED:
        raw = (raw.str.replace_all(pattern, replacement) if every
               else raw.str.replace(pattern, replacement))
    return raw


def _serial_day(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The day an Excel serial number names, and the time of day of its fraction (HH:MM)."""
    found = raw.str.extract_groups(SERIAL)
    days = found.struct.field("days").cast(pl.Int64)
    day = pl.when(days <= LAST_SERIAL).then(
        pl.lit(EXCEL_DAY_ZERO) + pl.duration(days=days))
    return day, _fraction_clock(found.struct.field("frac"))


def _fraction_clock(digits: pl.Expr) -> pl.Expr:
    """The time of day (HH:MM, to the nearest minute) of a fraction of a day given by the
    digits after its point, as Excel stores a time: "5" is 12:00, "8125" 19:30."""
    minutes = (("0." + digits).cast(pl.Float64) * 1440).round().cast(pl.Int64).clip(0, 1439)
    return pl.concat_str([(minutes // 60).cast(pl.Utf8).str.zfill(2),
                          (minutes % 60).cast(pl.Utf8).str.zfill(2)], separator=":")


# The parsers below read a column already cleaned by `_text` (validate_frame cleans each once).

def read_days(cells: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The day each cell writes, and the time of day it carries after it (None where it
    carries none). A day whose time is no time ("07/11/2021 25:00") is no day.

    Read a step at a time, each form's pattern matched once (`str.extract_groups`) and kept:
    one expression would evaluate each form again for every field it reads."""
    days = cells.alias("raw").to_frame()
    raw = pl.col("raw")
    # Most cells of a file are written one way, most often the plain ISO day: that is read
    # first, and the patterns are matched on the other cells only. strptime reads "7-11-21"
    # as the year 7: a year before 1900 is no ISO day but one written day first.
    iso_first = raw.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    days = days.with_columns(plain=pl.when(iso_first.dt.year() >= 1900).then(iso_first))
    if days["plain"].null_count() == days["raw"].null_count():  # every day written ISO, or none
        return days["plain"].alias(cells.name), pl.Series("time", [None] * len(cells), pl.Time)
    days = days.with_columns(typed=_as_typed(pl.when(pl.col("plain").is_null()).then(raw)))
    days = days.with_columns(iso=pl.col("typed").str.extract_groups(ISO_DATE))
    iso = pl.col("iso").struct.field("iso")
    days = days.with_columns(dmy=pl.when(iso.is_null()).then(pl.col("typed"))
                             .str.extract_groups(DMY_DATE))
    dmy = pl.col("dmy")
    serial, serial_clock = _serial_day(
        pl.when(iso.is_null() & dmy.struct.field("d").is_null()).then(pl.col("typed")))
    year = dmy.struct.field("y")
    days = days.with_columns(
        day=pl.coalesce(
            pl.col("plain"), iso.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
            pl.when(dmy.struct.field("s1") == dmy.struct.field("s2"))
            .then(pl.concat_str([dmy.struct.field("d"), dmy.struct.field("m"),
                                 pl.when(year.str.len_chars() == 2).then("20" + year)
                                 .otherwise(year)], separator="/"))
            .str.strptime(pl.Date, "%d/%m/%Y", strict=False),
            serial),
        clock=pl.coalesce(pl.col("iso").struct.field("clock"), dmy.struct.field("clock"),
                          serial_clock))
    days = days.select(pl.col("day"), pl.col("clock"),
                       pl.col("clock").str.strptime(pl.Time, "%H:%M", strict=False)
                       .alias("time"))
    day = days.select(pl.when(pl.col("clock").is_null() | pl.col("time").is_not_null())
                      .then(pl.col("day"))).to_series()
    return day.alias(cells.name), days["time"]


def _near_report(col: str, report: pl.Expr) -> pl.Expr:
    """A day written without its year ("6/11", as clerks write the sample or onset date beside
    a full report date): the year that puts it nearest the row's report date, within half a
    year, so "30/12" beside 02/01/2022 is 2021-12-30 and "5/1" beside 20/12/2021 is 2022-01-05.
    A report date
    needs its year, or the list's title the day or year it was drawn up (`title_day`): it is
    the day every other one is read against."""
    dm = pl.col(col).str.extract_groups(DAY_MONTH)
    days = [pl.concat_str([dm.struct.field("d"), dm.struct.field("m"),
                           (report.dt.year() + k).cast(pl.Utf8)], separator="/")
            .str.strptime(pl.Date, "%d/%m/%Y", strict=False) for k in (-1, 0, 1)]
    # 29/2 exists in one year of three at most; a day that does not exist is never nearest.
    # Nearest means within half a year: "29/2" beside 01/03/2021 is no day of 2020 but a slip.
    far = [(d - report).dt.total_days().abs().fill_null(1 << 30) for d in days]
    nearest = (pl.when((far[0] < far[1]) & (far[0] < far[2])).then(days[0])
               .when(far[2] < far[1]).then(days[2]).otherwise(days[1]))
    return pl.when(pl.min_horizontal(far) <= NEAREST_WITHIN).then(nearest)


def _parse_time(col: str) -> pl.Expr:
    # An XLSX time cell is a fraction of a day that readers give as a datetime on Excel's
    # day zero ("1899-12-31 12:30:00"); a datetime cell carries its time the same way.
    # Most cells are written "HH:MM": read first, and the forms below are looked for in the
    # other cells only (each of their patterns would otherwise pass over every cell).
    plain = pl.col(col).str.strptime(pl.Time, "%H:%M", strict=False)
    text_ = pl.when(plain.is_null()).then(pl.col(col))
    raw = (pl.when(text_.str.contains(r"^\d{4}-\d{2}-\d{2}[ T]\d"))
           .then(text_.str.slice(11).str.replace(r"\.\d+$", "")).otherwise(text_))
    # Hours as Vietnamese forms write them: "9h30", "18H05", "7g15", "12 giờ 30 (phút)",
    # "9h", "19 giờ", "12h30'" (the minutes' mark), "12.30".
    hour = r"^(\d{1,2})\s*(?:[hHgG]|(?i:giờ|gio))\s*"
    minutes = r"(?:\s*(?:'|p|(?i:phút|phut)))?$"
    raw = (raw.str.replace(hour + "$", "${1}:00")
           .str.replace(hour + r"(\d{2})" + minutes, "${1}:${2}")
           .str.replace(r"^(\d{1,2})\.(\d{2})$", "${1}:${2}"))
    # A time cell's number where its format was lost ("0.5", "0.791666666666667"): a fraction
    # of the day. Two digits after the point are "12.30" above, so "0.30" stays 00:30.
    fraction = raw.str.extract(r"^0?\.(\d|\d{3,})$", 1)
    # A twelve-hour clock, in English or as Excel writes it under Vietnamese settings ("SA",
    # sáng, before noon; "CH", chiều, after it): "6:30 PM", "6:30 CH" are 18:30.
    twelve = raw.str.extract_groups(
        r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?\s*(?P<half>(?i:AM|PM|SA|CH))$")
    hour = twelve.struct.field("h").cast(pl.Int64)
    after_noon = twelve.struct.field("half").str.to_uppercase().is_in(["PM", "CH"])
    hours24 = pl.when(hour.is_between(1, 12)).then(hour % 12 + after_noon.cast(pl.Int64) * 12)
    raw = pl.coalesce(
        pl.when(fraction.is_not_null()).then(_fraction_clock(fraction)),
        pl.concat_str([hours24.cast(pl.Utf8), twelve.struct.field("m")], separator=":"), raw)
    return pl.coalesce(plain, raw.str.strptime(pl.Time, "%H:%M", strict=False),
                       raw.str.strptime(pl.Time, "%H:%M:%S", strict=False))


def _parse_doses(col: str) -> pl.Expr:
    # "2 mũi" (doses, as vaccination cards count them); "Chưa tiêm" (not vaccinated) is 0.
    # Digits only (a spreadsheet may write 2 as "2.0"): "1e2" or "0x1F" is no count.
    # A vaccination status column says it in a sentence: "Đã tiêm 2 mũi", "Mũi 1" (the first
    # dose: one), "Đã tiêm mũi 2", "2 mũi (AstraZeneca)" with the vaccine after it; "Chưa",
    # "Không" (none), "Chưa tiêm vắc xin".
    raw = pl.col(col)
    # In English too ("None", "Not vaccinated"), as lists shared with partners say it.
    none = raw.str.contains(r"(?i)^(?:(?:chưa|chua|không|khong)(?:\s+(?:tiêm|tiem)\b.*)?"
                            r"|none|not vaccinated|unvaccinated)$")
    # "Đủ 2 mũi", "Đã tiêm đủ 2 mũi" (the full two) say the count too.
    said = raw.str.extract_groups(
        r"(?i)^(?:(?:đã|da)\s+)?(?:(?:tiêm|tiem)\s+)?(?:(?:đủ|du)\s+)?"
        r"(?:(?P<count>\d{1,2})\s*(?:mũi|mui)"
        r"|(?:mũi|mui)\s*(?:(?:thứ|thu)\s*)?(?P<nth>\d{1,2}))(?:[\s(,:;-].*)?$")
    doses = pl.coalesce(said.struct.field("count"), said.struct.field("nth"), raw)
    whole = doses.str.extract(r"^(-?\d{1,9})(?:\.0+)?$", 1).cast(pl.Int64, strict=False)
    return pl.when(none).then(pl.lit(0, dtype=pl.Int64)).otherwise(whole)


def _age_without_noise(col: str) -> pl.Expr:
    # The noise clerks leave around an age's number, looked for only in the cells not read as
    # written (`validate_frame`: its patterns would otherwise pass over every cell): a full
    # stop after it ("35 tuổi.", "35t."), and the person's sex after it, in brackets or after
    # a comma, dash or slash ("35 tuổi (nữ)", "35, nam", "35/nữ"), which says nothing of the
    # age. What else surrounds a number stays refused: "35-40", "khoảng 35" (about 35),
    # "3 (tháng)" are no age to guess.
    # A year of birth said as one ("SN 1956", sinh năm: born in; "sinh năm 1990", "NS: 2019")
    # is the year, which the age column reads as one of birth.
    noisy = (pl.col(col).str.replace(
        r"(?i)^(?:sn|ns|(?:sinh|năm sinh|nam sinh)(?:\s+(?:năm|nam))?)\s*:?\s*(\d{4})$",
        "${1}").str.replace(r"\.$", "")
             .str.replace(r"(?i)\s*(?:\(\s*(?:nam|nữ|nu)\s*\)|[,;/-]\s*(?:nam|nữ|nu))$", "")
             .str.replace(r"\.$", "").str.strip_chars())
    return _age_as_written(noisy)


def _age_as_written(raw: pl.Expr) -> pl.Expr:
    # "35 tuổi" as forms write it (also "35 tuoi", "35t", "35 T"); a young child's age in
    # months ("6 tháng", "18 tháng tuổi", shortened "18 th" as "t" shortens tuổi) is its whole
    # years (0, 1), as are "1 tuổi 6 tháng" (1) and an infant's "<1" or "dưới 1 tuổi" (under
    # one: 0).
    months = raw.str.extract(
        r"(?i)^(\d{1,3})\s*(?:tháng|thang|th)(?:\s*(?:tuổi|tuoi))?$", 1)
    # A newborn's age in days or weeks ("10 ngày tuổi", "3 tuần"): under one, 0.
    infant = raw.str.contains(r"(?i)^(?:(?:<|dưới|duoi)\s*1(?:\s*(?:tuổi|tuoi))?"
                              r"|\d{1,3}\s*(?:ngày|ngay|tuần|tuan)(?:\s*(?:tuổi|tuoi))?)$")
    # A half year more in words ("3 tuổi rưỡi") is no whole year more; in digits ("45,5") it
    # stays refused, a slip as likely as a half.
    years = raw.str.replace(
        r"(?i)^(\d{1,3})\s*(?:tuổi|tuoi|t)"
        r"(?:\s*\d{1,2}\s*(?:tháng|thang)|\s+(?:rưỡi|ruoi))?$", "${1}")
    # A whole number a sheet wrote with its decimals, after a point or, under Vietnamese
    # settings, a comma ("45.0", "45,0").
    whole = years.str.extract(r"^(-?\d{1,9})(?:[.,]0+)?$", 1).cast(pl.Int64, strict=False)
    return pl.coalesce(months.cast(pl.Int64) // 12,
                       pl.when(infant).then(pl.lit(0, dtype=pl.Int64)), whole)


def written_age(text: str) -> int | None:
    """The age one cell writes, read as the line list reads its age column ("45t", "45 tuổi",
    "8 tháng", "35 tuổi (nữ)"); None where it writes none. A year of birth stays the year."""
    cell = pl.DataFrame({"age": [text]})
    return cell.select(pl.coalesce(_age_as_written(pl.col("age")),
                                   _age_without_noise("age"))).item()


def _cluster(cells: pl.Series) -> pl.Expr:
    """The cluster a cell names: none where it says none in words (`V.NO_CLUSTER`), each
    distinct cell folded once."""
    none = [v for v in cells.unique().drop_nulls().to_list() if fold(v) in V.NO_CLUSTER]
    return pl.when(~pl.col("cluster").is_in(none)).then(pl.col("cluster")) if none \
        else pl.col("cluster")


# A whole number written as a fraction, ".0" after its digits: a phone number of a number cell.
FRACTION_OF_A_NUMBER = r"^(\d{9,12})\.0+$"


def _phone(col: str) -> pl.Expr:
    # A number cell drops a phone number's leading 0 (0912345678 becomes 912345678): a
    # Vietnamese number is 10 digits with its 0 (mobile) or 11 (landline, 02x...) since the
    # renumberings of 2017-2018, so 9 digits, or 10 beginning with 2, lost it.
    # Written with spaces, dots or dashes between its groups ("0912 345 678", "0912.345.678")
    # or with the country's code ("+84912345678", "84912345678"), it is kept in the one form
    # "0912345678" the tracing teams dial and match; a number of another form stays as written.
    # A number a program wrote as a fraction ("912345678.0", as a column of numbers with
    # a blank among them is exported from pandas) is the number before its point.
    # (contacts.validation.normalize_phone is the rule row by row; tests/cases/
    # test_import_linelists.py holds the two to one answer.)
    raw = pl.col(col)
    compact = raw.str.replace(FRACTION_OF_A_NUMBER, "${1}").str.replace_all(r"[\s.\-()]", "")
    national = compact.str.replace(r"^\+?84", "0")
    return (pl.when(compact.str.contains(r"^\+?84(?:[1-9]\d{8}|2\d{9})$")).then(national)
            .when(compact.str.contains(r"^(?:[1-9]\d{8}|2\d{9})$")).then("0" + compact)
            .when(compact.str.contains(r"^0(?:[1-9]\d{8}|2\d{9})$")).then(compact)
            .otherwise(raw))


def _enum_map(column: str, allowed: tuple[str, ...]) -> dict[str, str]:
    mapping = {fold(v): v for v in allowed}
    mapping.update(V.VALUE_ALIASES.get(column, {}))
    return mapping


def enum_value(folded: str, mapping: dict[str, str]) -> str | None:
    """The value a folded cell names: its own word, else the longest word of `mapping` it begins
    with, whole words ("khu cach ly tap trung" is "khu cach ly", quarantine; "tiep xuc f0" is
    "tiep xuc", contact), as line lists add what kind of quarantine or whose contact."""
    return _leading_value(folded, mapping)[0]


def _detected_in(folded: str, mapping: dict[str, str]) -> str | None:
    """`enum_value` of a detection cell, or of the place after the words it begins with
    (`V.DETECTED_IN_LEADS`: "phat hien tai cong dong" is "cong dong")."""
    found = enum_value(folded, mapping)
    if found is None:
        lead = next((w for w in V.DETECTED_IN_LEADS if folded.startswith(w + " ")), None)
        if lead is not None:
            found = enum_value(folded[len(lead) + 1:], mapping)
    return found


def _source_and_place(folded: str, sources: dict[str, str], places: dict[str, str]
                     ) -> tuple[str | None, str | None]:
    """What a folded source cell says: its source, and where the case was found when it says
    that too, each None when it does not. Lists that keep one column for how a case came about
    write there a source with the place after it ("f1 da cach ly": a contact found in
    quarantine; "f1 chua cach ly": one not yet isolated, found in the community) or the place
    alone ("cong dong", "khu cach ly", "phong toa": a case of no known source)."""
    source, rest = _leading_value(folded, sources)
    if source is None:
        place = enum_value(folded, places)
        return ("unknown", place) if place is not None else (None, None)
    return source, enum_value(rest, places) if rest else None


def _leading_value(folded: str, mapping: dict[str, str]) -> tuple[str | None, str]:
    """`enum_value`'s value, and the words after those that named it. A full stop or a comma
    after the words ("Nữ.", "Khỏi bệnh,") is no part of them."""
    folded = folded.rstrip(" .,;")
    found = mapping.get(folded)
    if found is not None:
        return found, ""
    words = folded.split()
    for n in range(len(words) - 1, 0, -1):
        found = mapping.get(" ".join(words[:n]))
        if found is not None:
            return found, " ".join(words[n:])
    return None, ""


@dataclass
class Memo:
    """What validating one batch of a file leaves for the next: how often each content of a row
    without a patient code was seen (its generated id counts the occurrences across the whole
    file), and the places already resolved (each distinct place is matched once per file, and
    each name once per parent: a ward's name recurs under each way its district is written)."""

    occurrences: dict[bytes, int] = field(default_factory=dict)
    places: dict[tuple, tuple] = field(default_factory=dict)
    names: dict[tuple, object] = field(default_factory=dict)


def validate_frame(frame: pl.DataFrame, *, province: str | None = None,
                   cutoff: time, memo: Memo | None = None,
                   normalised: bool = False,
                   today: date | None = None,
                   titled: date | None = None) -> tuple[pl.DataFrame, list[Problem]]:
    """Check every row; return the typed rows (all rows, bad ones included, for the caller to
    drop by `ROW`) and every problem found, naming row, column and value. A file read in
    batches passes one `memo` to every batch; `normalised`: the cells are NFC already (as the
    safe reader gives them); `today`: the local day the days of a case may not pass by more
    than one (`EPIDEMIC_DAYS`), the real one unless given; `titled`: the day the list's title
    gives (`core.days.title_day`), beside which a report date without its year is read."""
    memo = memo or Memo()
    last_day = (today or local_today()) + timedelta(days=1)
    if ROW not in frame.columns:
        frame = frame.with_row_index(ROW, offset=2)
    frame, both_sexes = _sex_from_marks(frame, normalised)
    for column in V.COLUMNS:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
    problems: list[Problem] = [Problem.of(row, "sex", value, BOTH_SEXES)
                               for row, value in both_sexes]

    def flag(mask: pl.Series, column: str, template: str, **params: object) -> None:
        if mask.any():
            bad = frame.filter(mask).select(ROW, pl.col(column).cast(pl.Utf8))
            problems.extend(Problem.of(r, column, v or "", template, **params)
                            for r, v in bad.iter_rows())

    # Each column cleaned once (NFC, trimmed, empty as missing); problems quote the raw cell.
    clean = frame.select(ROW, *[_text(c, nfc=not normalised).alias(c) for c in V.COLUMNS])
    report_day, report_clock = read_days(clean["report_date"])
    if titled is not None:
        # "07/11" under a title "DANH SÁCH CA BỆNH NĂM 2021": the year the title gives.
        unread = clean["report_date"].is_not_null() & report_day.is_null()
        if unread.any():
            near = clean.select(_near_report("report_date", pl.lit(titled))).to_series()
            report_day = pl.select(pl.when(unread).then(near).otherwise(report_day)
                                   ).to_series().alias(report_day.name)
    typed = clean.select(
        ROW,
        patient_code_expr(pl.col("case_id")).alias("case_id"),  # "bn 9001" is BN9001
        pl.lit(report_day).alias("report_date"),
        # A row that gives no report time may carry it in its report date (a datetime cell);
        # midnight is how a spreadsheet writes a date cell that has no time.
        pl.coalesce(_parse_time("report_time"),
                    pl.when(pl.lit(report_clock) != time(0, 0)).then(pl.lit(report_clock)))
        .alias("report_time"),
        _age_as_written(pl.col("age")).alias("age"),
        _parse_doses("vaccine_doses").alias("vaccine_doses"),
        *[pl.lit(read_days(clean[c])[0]).alias(c)
          for c in ("onset_date", "sample_date", "outcome_date")],
        _cluster(clean["cluster"]).alias("cluster"),
        *[pl.col(c) for c in ("name", "address")],
        _phone("phone").alias("phone"),
    )
    present = {c: clean[c].is_not_null() for c in V.COLUMNS}
    unread_age = present["age"] & typed["age"].is_null()
    if unread_age.any():  # seldom: an age with a full stop or the sex after it
        typed = typed.with_columns(
            pl.when(unread_age).then(clean.select(_age_without_noise("age")).to_series())
            .otherwise(pl.col("age")).alias("age"))
    # A year of birth written in the age column ("1986", as lists that kept "Tuổi/Năm sinh"
    # in one column do) gives the report's year less it: no one is a thousand years old.
    typed = typed.with_columns(
        pl.when(pl.col("age").is_between(1000, 9999))
        .then(pl.col("report_date").dt.year().cast(pl.Int64) - pl.col("age"))
        .otherwise(pl.col("age")).alias("age"))
    for column in ("onset_date", "sample_date", "outcome_date"):
        # A day without its year: read only where a day is written and was not read whole
        # (seldom; the reading costs as much again as the column's own).
        unread = present[column] & typed[column].is_null()
        if unread.any():
            near = clean.select(_near_report(column, pl.lit(report_day))).to_series()
            typed = typed.with_columns(pl.when(unread).then(near).otherwise(pl.col(column))
                                       .alias(column))

    clean, present = _no_symptoms(clean, typed, present)
    for column in V.COLUMNS:
        limit = limit_of(column)
        flag(present[column] & (clean[column].str.len_chars() > limit),
             column, N_("longer than %(limit)s characters"), limit=limit)
    flag(~present["report_date"], "report_date", N_("required"))
    for column in ("report_date", "onset_date", "sample_date", "outcome_date"):
        unread = present[column] & typed[column].is_null()
        if unread.any():  # seldom: each distinct cell looked at once
            for cell in clean.filter(unread)[column].unique(maintain_order=True).to_list():
                template, params = unread_day(cell)
                if template is not NOT_A_DATE:
                    written = unread & (clean[column] == cell)
                    flag(written, column, template, **params)
                    unread = unread & ~written
            flag(unread, column, NOT_A_DATE)
    for column in ("report_date", "onset_date", "sample_date", "outcome_date"):
        flag(typed[column].is_not_null() & ~typed[column].is_between(FIRST_DAY, last_day),
             column, EPIDEMIC_DAYS, first=FIRST_DAY.isoformat(), last=last_day.isoformat())
    flag(present["report_time"] & typed["report_time"].is_null(), "report_time",
         N_("not a time (HH:MM)"))
    flag(present["age"] & typed["age"].is_null(), "age", N_("not a whole number"))
    flag(typed["age"].is_not_null() & ~typed["age"].is_between(0, 120), "age",
         N_("must be between %(low)s and %(high)s"), low=0, high=120)
    flag(present["vaccine_doses"] & typed["vaccine_doses"].is_null(), "vaccine_doses",
         N_("not a whole number"))
    flag(typed["vaccine_doses"].is_not_null()
         & ~typed["vaccine_doses"].is_between(0, V.MAX_VACCINE_DOSES), "vaccine_doses",
         N_("must be between %(low)s and %(high)s"), low=0, high=V.MAX_VACCINE_DOSES)

    defaults = {"detected_in": "community", "source": "unknown", "outcome": "active"}
    # The source column's words, each distinct cell read once: its source, and where the case
    # was found when it says so too ("F1 đã cách ly") or instead ("Khu cách ly").
    sources, places = _enum_map("source", V.SOURCES), _enum_map("detected_in", V.DETECTED_IN)
    source_says = {v: _source_and_place(fold(v), sources, places)
                   for v in clean["source"].unique().drop_nulls().to_list()}
    for column, allowed in (("detected_in", V.DETECTED_IN), ("source", V.SOURCES),
                            ("sex", V.SEXES), ("severity", V.SEVERITIES),
                            ("outcome", V.OUTCOMES)):
        raw = clean[column]
        if column == "source":
            lookup = {v: source for v, (source, _place) in source_says.items()}
        else:
            mapping = _enum_map(column, allowed)
            # Few distinct words, many rows: fold each distinct value once.
            read = _detected_in if column == "detected_in" else enum_value
            lookup = {v: read(fold(v), mapping) for v in raw.unique().drop_nulls().to_list()}
        values = raw.replace_strict(lookup, default=None, return_dtype=pl.Utf8)
        if column == "detected_in" and any(place for _s, place in source_says.values()):
            # The row's own detection column wins over what its source says.
            implied = clean["source"].replace_strict(
                {v: place for v, (_source, place) in source_says.items()}, default=None,
                return_dtype=pl.Utf8)
            values = pl.select(pl.when(present[column]).then(values).otherwise(implied)
                               ).to_series()
        unread = present[column] & values.is_null()
        if column == "sex" and unread.any():
            number = unread & raw.str.contains(r"^\d+(?:[.,]0+)?$")  # "1.0": a number cell
            flag(number, column, SEX_AS_A_NUMBER)
            unread = unread & ~number
        # The words a file may write, as it writes them: not translated.
        flag(unread, column, N_("must be one of %(values)s"), values=list(allowed))
        if column in defaults:
            values = values.fill_null(defaults[column])
        typed = typed.with_columns(values.alias(column))

    # Cross-field rules: the order of events in a case's course.
    rd = typed["report_date"]
    flag(typed["onset_date"].is_not_null() & rd.is_not_null() & (typed["onset_date"] > rd),
         "onset_date", N_("is after report_date"))
    flag(typed["sample_date"].is_not_null() & rd.is_not_null() & (typed["sample_date"] > rd),
         "sample_date", N_("is after report_date"))
    flag(typed["outcome_date"].is_not_null() & (typed["outcome"] == "active"), "outcome_date",
         N_("given for an active case (outcome is recovered, died or transferred)"))
    flag(typed["outcome_date"].is_not_null() & rd.is_not_null()
         & (typed["outcome"] == "recovered") & (typed["outcome_date"] < rd), "outcome_date",
         N_("recovery before the case was reported"))
    typed, place_problems = _resolve_places(clean, typed, province, memo)
    problems.extend(place_problems)

    # Counting day: after the cut-off a case belongs to the next reporting day.
    late = typed["report_time"].is_not_null() & (typed["report_time"] > cutoff)
    typed = typed.with_columns(
        pl.when(late).then(pl.col("report_date") + timedelta(days=1))
        .otherwise(pl.col("report_date")).alias("report_day"))

    typed, id_problems = _case_ids(clean, typed, memo.occurrences)
    problems.extend(id_problems)
    if V.BIRTH_YEAR in frame.columns:
        typed = _age_from_birth_year(frame, typed, flag, normalised)
    problems.sort(key=lambda p: (p.row, _ORDER.index(p.column)))
    return typed, problems


_ORDER = (*V.COLUMNS, V.BIRTH_YEAR)  # the order a row's problems are listed in


def _no_symptoms(clean: pl.DataFrame, typed: pl.DataFrame, present: dict[str, pl.Series]
                 ) -> tuple[pl.DataFrame, dict[str, pl.Series]]:
    """An onset cell that says there were no symptoms (`V.NO_SYMPTOMS`) gives no onset date,
    not a bad one, and an asymptomatic case where the row gives no severity. Looked for only
    in the onset cells not read as a day (seldom)."""
    unread = present["onset_date"] & typed["onset_date"].is_null()
    if not unread.any():
        return clean, present
    words = [v for v in clean.filter(unread)["onset_date"].unique().to_list()
             if fold(v) in V.NO_SYMPTOMS]
    if not words:
        return clean, present
    none = clean["onset_date"].is_in(words)
    clean = clean.with_columns(
        pl.when(none).then(None).otherwise(pl.col("onset_date")).alias("onset_date"),
        pl.when(none & pl.col("severity").is_null()).then(pl.lit("asymptomatic"))
        .otherwise(pl.col("severity")).alias("severity"))
    return clean, {**present, "onset_date": present["onset_date"] & ~none,
                   "severity": clean["severity"].is_not_null()}


def _sex_from_marks(frame: pl.DataFrame, normalised: bool
                    ) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """`sex` from the columns "Nam" and "Nữ" of a form (`V.SEX_MARKS`), where the row's own sex
    cell is empty: the column a row fills; a number written there ("1986", "35") is the row's
    age or year of birth (the age column reads a year as one), where the age cell is empty.
    Also the rows that fill both columns, as (row, the two cells), to refuse."""
    marks = [c for c in V.SEX_MARKS if c in frame.columns]
    if not marks:
        return frame, []
    cells = {c: _text(c, nfc=not normalised) for c in marks}
    own = {c: _text(c, nfc=not normalised) if c in frame.columns else pl.lit(None, pl.Utf8)
           for c in ("sex", "age")}
    both = pl.all_horizontal([cells[c].is_not_null() for c in marks]) if len(marks) > 1 \
        else pl.lit(False)
    from_marks = pl.when(~both).then(pl.coalesce(
        [pl.when(cells[c].is_not_null()).then(pl.lit(V.SEX_MARKS[c])) for c in marks]))
    number = pl.coalesce([pl.when(cells[c].str.contains(r"^\d{1,4}(?:\.0+)?$")).then(cells[c])
                          for c in marks])
    twice = frame.filter(both & own["sex"].is_null()).select(
        ROW, pl.concat_str([cells[c] for c in marks], separator=" / "))
    return (frame.with_columns(pl.coalesce(own["sex"], from_marks).alias("sex"),
                               pl.coalesce(own["age"], number).alias("age")),
            list(twice.iter_rows()))


def _age_from_birth_year(frame: pl.DataFrame, typed: pl.DataFrame, flag,
                         normalised: bool) -> pl.DataFrame:
    """`age` where a row gives none, from its year of birth: the report's year less it (the age
    the person turns that year, as a form filled from the year alone says it). A year of birth
    is four digits, no later than the report's year and at most 120 years before it. A whole
    date of birth gives the age in whole years on the report date."""
    raw = frame.select(_text(V.BIRTH_YEAR, nfc=not normalised))[V.BIRTH_YEAR]
    # A year of birth of two digits ("86", "12/03/86") may be of either century: 1986, or
    # 2012 for a child ("12"), and an age of 35 and one of 0 are both plausible. It is
    # refused, naming both readings, never guessed (a report date's "21" is this century's:
    # no case was reported before 2000).
    two_digits = raw.str.extract(r"^(?:\d{1,2}[/.-]\d{1,2}[/.-])?(\d{2})(?:\.0+)?$", 1)
    raw = pl.select(pl.when(two_digits.is_null()).then(raw)).to_series()
    born_on = read_days(raw)[0]
    year = raw.str.extract(r"^(\d{4})(?:\.0+)?$", 1).cast(pl.Int64, strict=False)
    born = year.fill_null(born_on.dt.year().cast(pl.Int64))
    if two_digits.is_not_null().any():
        for digits in two_digits.drop_nulls().unique(maintain_order=True).to_list():
            flag(two_digits == digits, V.BIRTH_YEAR, TWO_DIGIT_BIRTH_YEAR,
                 early=f"19{digits}", late=f"20{digits}")
    flag(raw.is_not_null() & born.is_null(), V.BIRTH_YEAR, N_("not a year (YYYY)"))
    report = typed["report_date"]
    # Not yet had this year's birthday on the report date: one year younger.
    def day_of_year(day: pl.Series) -> pl.Series:  # as month * 100 + day: 7/11 is 1107
        return day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)

    before_birthday = (day_of_year(report) < day_of_year(born_on)).fill_null(False)
    age = report.dt.year().cast(pl.Int64) - born - before_birthday.cast(pl.Int64)
    plausible = age.is_between(0, 120)
    flag(age.is_not_null() & ~plausible, V.BIRTH_YEAR,
         N_("not within the %(span)s years before the report"), span=120)
    from_birth = pl.select(pl.when(plausible).then(age)).to_series()
    return typed.with_columns(pl.coalesce(typed["age"], from_birth).alias("age"))


def _resolve_places(frame: pl.DataFrame, typed: pl.DataFrame, default_province: str | None,
                    memo: Memo) -> tuple[pl.DataFrame, list[Problem]]:
    """Province, district, ward names -> codes, each distinct combination matched once."""
    reg = register()
    known, names = memo.places, memo.names
    if len(names) > 100_000:
        names.clear()

    def resolve(text: str, level: str, parent: int | None = None,
                province: int | None = None):
        key = (text, level, parent, province)
        found = names.get(key)
        if found is None:
            try:
                found = reg.resolve(text, level, parent, province=province)
            except InvalidInput as exc:
                # Kept with its code and values (said in the importer's language), without the
                # frames it was raised in, which hold the batch.
                found = exc.with_traceback(None)
            names[key] = found
        if isinstance(found, InvalidInput):
            raise found.with_traceback(None)
        return found

    places = frame.select(
        ROW,
        pl.col("province").fill_null(pl.lit(default_province)),
        pl.col("district"), pl.col("ward"))
    problems: list[Problem] = []
    resolved: dict[tuple, tuple[int | None, int | None, int | None, str | None,
                                tuple[str, InvalidInput] | None]] = {}
    if len(known) > 100_000:  # bounded: a country has about 10,600 wards
        known.clear()
    for prov, dist, ward in places.select("province", "district", "ward").unique().iter_rows():
        if (prov, dist, ward) in known:
            resolved[(prov, dist, ward)] = known[(prov, dist, ward)]
            continue
        p_code = d_code = w_code = None
        try:
            column, value = "province", prov
            if prov is None:
                raise InvalidInput(N_("required (or give --province)"), code="no_province")
            p_code = resolve(prov, PROVINCE).code
            if dist is not None:
                column, value = "district", dist
                d_code = resolve(dist, DISTRICT, p_code).code
            if ward is not None:
                column, value = "ward", ward
                try:
                    unit = resolve(ward, WARD, d_code, province=p_code)
                except InvalidInput:
                    unit = _ward_and_its_district(ward, p_code, d_code, resolve)
                    if unit is None:
                        raise
                w_code, d_code = unit.code, d_code or unit.parent_code
            resolved[(prov, dist, ward)] = (p_code, d_code, w_code, None, None)
        except InvalidInput as exc:
            resolved[(prov, dist, ward)] = (None, None, None, column,
                                            (value or "", exc.with_traceback(None)))
        known[(prov, dist, ward)] = resolved[(prov, dist, ward)]
    keys = list(resolved)
    table = pl.DataFrame({
        "province": [k[0] for k in keys], "district": [k[1] for k in keys],
        "ward": [k[2] for k in keys],
        "province_code": [resolved[k][0] for k in keys],
        "district_code": [resolved[k][1] for k in keys],
        "ward_code": [resolved[k][2] for k in keys]},
        schema={"province": pl.Utf8, "district": pl.Utf8, "ward": pl.Utf8,
                "province_code": pl.Int64, "district_code": pl.Int64, "ward_code": pl.Int64})
    for key, (_p, _d, _w, column, err) in resolved.items():
        if column and err:
            value, error = err
            rows = places.filter(_same(key))[ROW].to_list()
            problems.extend(Problem.from_error(row, column, value, error) for row in rows)
    joined = places.join(table, on=["province", "district", "ward"], how="left",
                         nulls_equal=True, maintain_order="left")
    typed = typed.with_columns(joined["province_code"], joined["district_code"],
                               joined["ward_code"])
    return typed, problems


# Between a ward and the district written after it in one cell: a comma, semicolon or slash,
# or a dash with spaces about it (a dash inside a name has none); or the district in brackets
# after the ward ("Láng Hạ (Đống Đa)").
_PLACE_PARTS = re.compile(r"\s*[,;/]\s*|\s+[-\u2013]\s+|\s*[()]\s*")


def _ward_and_its_district(text: str, province: int, district: int | None, resolve):
    """The ward of a cell that writes its district after it, as an address is written
    ("Phường Phúc Xá, Ba Đình", "P. Cống Vị - Q. Ba Đình", "Láng Hạ/Đống Đa", "Láng Hạ (Đống
    Đa)"), and may write the province after that; None when it does not, or names another
    province, or a district other than the row's own."""
    parts = [p for p in _PLACE_PARTS.split(text.strip()) if p]
    if len(parts) not in (2, 3):
        return None
    try:
        written = resolve(parts[1], DISTRICT, province).code
        if len(parts) == 3 and resolve(parts[2], PROVINCE).code != province:
            return None
        if district is not None and written != district:
            return None
        return resolve(parts[0], WARD, written, province=province)
    except InvalidInput:
        return None


def _same(key: tuple) -> pl.Expr:
    """Rows whose (province, district, ward) as written equal `key` (None matching None)."""
    expr = pl.lit(True)
    for column, value in zip(("province", "district", "ward"), key, strict=False):
        expr = expr & (pl.col(column).is_null() if value is None else pl.col(column) == value)
    return expr


def _case_ids(frame: pl.DataFrame, typed: pl.DataFrame,
              seen: dict[bytes, int]) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows without a patient code get a stable one: a hash of what the row says, plus which
    occurrence of identical rows it is in the file, so re-importing the same file gives the
    same ids."""
    problems: list[Problem] = []
    missing = typed["case_id"].is_null()
    if missing.any():
        content = frame.select(pl.concat_str([pl.col(c).fill_null("") for c in V.COLUMNS
                                              if c != "case_id"], separator="\x1f")).to_series()
        ids = []
        for value, is_missing in zip(content, missing, strict=False):
            if not is_missing:
                ids.append(None)
                continue
            key = hashlib.sha1(value.encode()).digest()
            nth = seen.get(key, 0)
            seen[key] = nth + 1
            digest = hashlib.sha1(f"{value}\x1e{nth}".encode()).hexdigest()[:12].upper()
            ids.append(f"GEN-{digest}")
        typed = typed.with_columns(pl.coalesce(pl.col("case_id"), pl.Series(ids)).alias("case_id"))
    dupes = typed.filter(pl.col("case_id").is_duplicated() & ~pl.Series(missing))
    if dupes.height:
        first = dupes.group_by("case_id").agg(pl.col(ROW).min().alias("first"))
        # The problem quotes the code as the row wrote it ("bn 9100" again after "BN9100").
        written = dict(frame.filter(pl.col(ROW).is_in(dupes[ROW].implode()))
                       .select(ROW, "case_id").iter_rows())
        for row, first_row in dupes.join(first, on="case_id").select(ROW, "first").iter_rows():
            if row != first_row:
                problems.append(Problem.of(row, "case_id", written[row], APPEARS_AGAIN,
                                           first=str(first_row)))
    return typed, problems


# The cluster column is optional: a case from a cluster not yet named is imported and counted
# under clusters as not yet named; the import lists it as a warning.
UNNAMED_CLUSTER = N_("source is cluster but no cluster is named: counted as a cluster not yet "
                     "named")
# The days a case's report, onset, sample and outcome may fall on: from 1 January 2020 (COVID-19
# reached Vietnam on 23 January 2020) to tomorrow (a report time after the cut-off counts on
# the next day, and a clerk in another time zone may be a day ahead). A day outside is
# certainly a typing error ("7/11/2012", "7/11/2031" for 7/11/2021): refused, never moved.
FIRST_DAY = date(2020, 1, 1)
EPIDEMIC_DAYS = N_("outside %(first)s to %(last)s (before COVID-19 reached Vietnam, or after "
                   "tomorrow): a typing error")
TWO_DIGIT_BIRTH_YEAR = N_("a year of birth of two digits, %(early)s or %(late)s: write "
                          "all four")
BOTH_SEXES = N_("marked in both the male and the female column (one of them)")
# A number in the sex column ("1", "0") says no sex by itself: forms coded it 1/0 and 1/2 both
# ways. Read where the header says which is which (`importing.codes_in_header`), never guessed.
SEX_AS_A_NUMBER = N_("a number, which says no sex by itself: write Nam or Nữ (M or F), or say "
                     "in the header what each number stands for, as “Giới tính (1: Nam, 0: "
                     "Nữ)”")
# A row number is written as the row column writes it (1234, never 1,234): given as text.
APPEARS_AGAIN = N_("appears again (first in row %(first)s)")
APPEARS_AGAIN_IN_SHEET = N_("appears again (first in sheet %(first_sheet)s, row %(first)s)")


def unnamed_cluster_rows(typed: pl.DataFrame) -> list[Problem]:
    """Warnings (not refusals) for the rows of a cluster not yet named."""
    unnamed = typed.filter((pl.col("source") == "cluster") & pl.col("cluster").is_null())
    return [Problem.of(row, "cluster", "", UNNAMED_CLUSTER) for row in unnamed[ROW].to_list()]


# A district merged over a block of rows, saved as CSV, stays on the block's first row only;
# an empty cell is as often "not known" as "as above", so it is never copied down, only said.
DISTRICT_NOT_COPIED_DOWN = N_("no district, below a row that gives one: a district written once "
                              "over a block of rows is not copied down (a cell merged over "
                              "them in a workbook is); write it on each row that is its")


def district_left_blank_rows(typed: pl.DataFrame) -> list[Problem]:
    """Warnings (not refusals) for the rows that give no district, nor a ward to take it from,
    below a row of the same batch that gives one."""
    district = pl.col("district_code")
    blank = typed.filter(district.is_null() & district.forward_fill().is_not_null())
    return [Problem.of(row, "district", "", DISTRICT_NOT_COPIED_DOWN)
            for row in blank[ROW].to_list()]


def one_row(values: dict[str, object]) -> pl.DataFrame:
    """A single API body as a frame of strings, so the API validates through the same rules."""
    return pl.DataFrame({c: [None if values.get(c) is None else str(values[c])]
                         for c in V.COLUMNS}, schema={c: pl.Utf8 for c in V.COLUMNS})

