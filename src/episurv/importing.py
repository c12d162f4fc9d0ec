"""What every file import shares: reading a table as text, the problem of a row, and the one
rule for bad rows — refuse the whole file, naming them, or (with a rejects file) keep the good
rows and write the bad ones with their reasons."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from episurv.core.cells import neutralise
from episurv.errors import EpisurvError, InvalidInput, english
from episurv.messages import said
from episurv.safe_reading import UNNAMED, Table, as_written, read_table_safely

SHOWN = 25  # problems listed in the message; the rest are counted
SHOWN_CHARS = 80


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell. A problem made by `Problem.of` (or from an error with a
    code) also carries its `template`, a message of the pages' catalog, and the values it names
    (`params`), as an EpisurvError does, so it can be said in another language
    (episurv.messages.said); `message` is always the English sentence."""

    row: int
    column: str
    value: str
    message: str
    template: str | None = field(default=None, compare=False)
    params: dict = field(default_factory=dict, compare=False)
    # The sheet of a workbook read a sheet after another (`safe_reading.Sheet`), whose row
    # `row` is; None for a CSV or a single sheet.
    sheet: str | None = None

    @classmethod
    def of(cls, row: int, column: str, value: str, template: str,
           **params: object) -> Problem:
        """A problem whose message is `template % params`, written in English."""
        return cls(row, column, value, template % {k: english(v) for k, v in params.items()},
                   template, params)

    @classmethod
    def from_error(cls, row: int, column: str, value: str, exc: Exception) -> Problem:
        """A problem whose reason is an error (a place name no unit has): its words, and its
        template and values when it has a code."""
        if isinstance(exc, EpisurvError) and exc.code is not None:
            return cls(row, column, value, str(exc), exc.template, exc.params)
        return cls(row, column, value, str(exc))

    def __str__(self) -> str:
        return (f"{where(self.row, self.sheet)}, column {self.column}, value {self.shown!r}: "
                f"{self.message}")

    @property
    def shown(self) -> str:
        # A message quotes the start of a value: a million-character cell is not echoed back.
        return self.value if len(self.value) <= SHOWN_CHARS else self.value[:SHOWN_CHARS] + "…"

    def as_dict(self) -> dict:
        sheet = {"sheet": self.sheet} if self.sheet is not None else {}
        return {**sheet, "row": self.row, "column": self.column, "value": self.shown,
                "message": self.message}


def where(row: int, sheet: str | None = None) -> str:
    """A row as a message names it: "row 14", or "sheet Cầu Giấy, row 14"."""
    return f"row {row}" if sheet is None else f"sheet {sheet}, row {row}"


def is_blank(cells: Iterable[object]) -> bool:
    """A row with no cell filled: spreadsheets save empty rows below a table (and a user leaves
    some inside it). Importers skip them, neither importing nor refusing them."""
    return not any(c is not None and str(c).strip() for c in cells)


def blank_rows(columns: Sequence[str]) -> pl.Expr:
    """`is_blank` over a frame of text cells."""
    return pl.all_horizontal([pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "")
                              for c in columns])


# A totals line, as office exports close a table or a group of its rows: its first filled cell
# says "Tổng", "Tổng cộng", "Tổng số", "Cộng" (any case, with or without marks), and not
# "Cộng đồng", the community a case was found in.
_TOTALS = r"(?i)^\s*(?:t[oôổ]ng|c[oộ]ng)(?:\W|$)"
_COMMUNITY = r"(?i)^\s*c[oộ]ng\s*(?:đ|d)[oồ]ng"


def first_filled(columns: Sequence[str]) -> pl.Expr:
    """The first cell of a row that is not blank, as written."""
    return pl.coalesce([pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c))
                        for c in columns])


def totals_rows(columns: Sequence[str]) -> pl.Expr:
    """Rows that are a totals line (`_TOTALS`) over a frame of text cells."""
    first = first_filled(columns)
    return (first.str.contains(_TOTALS) & ~first.str.contains(_COMMUNITY)).fill_null(False)


def filled_cells(columns: Sequence[str]) -> pl.Expr:
    """How many cells of a row are not blank, over a frame of text cells."""
    return pl.sum_horizontal([(pl.col(c).str.strip_chars().fill_null("") != "").cast(pl.Int32)
                              for c in columns])


def ignored_columns(frame: pl.DataFrame, ignored: Sequence[str]) -> list[str]:
    """The columns an import leaves aside, as said to the user: a column without a header is
    named by its place ("column 5 (no header)"), and left unsaid when it is empty, as the
    columns a spreadsheet saves past a table's edge are."""
    said = []
    for header in ignored:
        if not UNNAMED.match(header):
            said.append(header)
        elif not frame[header].cast(pl.Utf8).str.strip_chars().fill_null("").eq("").all():
            said.append(f"column {frame.columns.index(header) + 1} (no header)")
    return said


def read_table(path: Path, wanted: Callable[[pl.DataFrame], bool] | None = None) -> Table:
    """A CSV or XLSX file with every cell as NFC text, so that validation sees what was written;
    read by the safe reader (encoding detected, size limits checked before reading, a title
    above the table skipped: `Table.first_row` is the file's row of the first data row).
    `wanted`: whether a workbook's sheet holds the table (`safe_reading.read_batches`)."""
    return read_table_safely(path, wanted=wanted)


def bad_rows(path: Path, problems: Sequence[Problem], rejects: Path | None) -> set[int]:
    """The rows to leave out; without a rejects file any problem refuses the whole file."""
    if problems and rejects is None:
        shown = "\n".join(f"  {p}" for p in problems[:SHOWN])
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        count = len({(p.sheet, p.row) for p in problems})
        raise InvalidInput(f"{path.name}: {count} row(s) invalid; nothing was imported "
                           f"(--skip-invalid REJECTS.csv imports the valid rows):\n{shown}{more}",
                           [p.as_dict() for p in problems])
    return {p.row for p in problems}


class RejectsFile:
    """A rejects file written as an import goes: each rejected row as it was written, its row
    number first and its reasons last; the reasons in English, or in `lang` (the language of
    the page an upload came from) for the problems that carry a template. `place`: a
    workbook read a sheet after another gives each row's sheet and row in the sheet
    (`safe_reading.Batches.place`), written in a "sheet" column before the row."""

    def __init__(self, rejects: Path, headers: Sequence[str], lang: str | None = None,
                 place: Callable[[int], tuple[str | None, int]] | None = None) -> None:
        self._out = open(rejects, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._out)
        self._lang = lang
        self._place = place
        # The column names stay as they are in every language: "row" and "reason" around the
        # file's own headers, so the file reads back (and is compared, and scripted) the same.
        self._writer.writerow([*(["sheet"] if place else []), "row", *headers, "reason"])

    def write(self, rows: Iterable[tuple[int, Sequence[object]]],
              problems: Sequence[Problem]) -> None:
        """The rows of `rows` that have a problem in `problems`, with their reasons; a row's
        number in `rows` is its sheet's and row's (`place`), the problems name them."""
        reasons: dict[tuple[str | None, int], list[str]] = {}
        for p in problems:
            message = p.message if self._lang is None else said(p, self._lang)
            reasons.setdefault((p.sheet, p.row), []).append(f"{p.column} {p.shown!r}: {message}")
        for number, cells in rows:
            place = self._place(number) if self._place else (None, number)
            if place in reasons:
                said_place = place if self._place else (number,)
                self._writer.writerow([neutralise(c) for c in
                                       (*said_place, *cells, "; ".join(reasons[place]))])

    def close(self) -> None:
        self._out.close()

    def __enter__(self) -> RejectsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_rejects(rejects: Path, headers: Sequence[str],
                  rows: Iterable[tuple[int, Sequence[object]]],
                  problems: Sequence[Problem]) -> None:
    """Each rejected row as it was written, its row number first and its reasons last."""
    with RejectsFile(rejects, headers) as out:
        out.write(rows, problems)


# A header may say in brackets what the codes written under it stand for, as forms meant to be
# counted by machine were drawn: "Giới tính (1: Nam; 0: Nữ)", "Giới (Nam = 1, Nữ = 2)". Each
# part of the brackets is a code of one or two digits and its word, either way round, parted
# by ":", "=" or a dash; the parts by ",", ";" or "/". Two parts at least.
# A hint in brackets after a header's name (the form its values take, "(nếu có)", the key of its
# codes): what every list's header is read without, and where `codes_in_header` finds a key.
HEADER_HINT = re.compile(r"\s*\(([^()]*)\)\s*$")
_CODE_AND_WORD = re.compile(r"^\s*(?:(\d{1,2})\s*[:=\-\u2013]\s*(\S.*?)"
                            r"|(\S.*?)\s*[:=\-\u2013]\s*(\d{1,2}))\s*$")


def codes_in_header(header: str) -> dict[str, str]:
    """The codes a header's brackets explain (`HEADER_HINT`), each to its word ("1" -> "Nam");
    empty when the brackets are no such key ("(dd/mm/yyyy)", "(nếu có)") or there are none."""
    found = HEADER_HINT.search(as_written(header))
    if found is None:
        return {}
    codes = {}
    for part in re.split(r"[,;/]", found.group(1)):
        pair = _CODE_AND_WORD.match(part)
        if pair is None:
            return {}
        code, word = (pair[1], pair[2]) if pair[1] else (pair[4], pair[3])
        codes[str(int(code))] = word.strip()  # "01: Nam" is the code 1
    return codes if len(codes) >= 2 else {}


def read_codes(mapping: dict[str, str]) -> list[pl.Expr]:
    """Each column of `mapping` (header as written -> column) under its column's name, the
    codes its header explains (`codes_in_header`) read as their words, a cell at a time."""
    columns = []
    for header, column in mapping.items():
        codes = codes_in_header(header)
        cells = pl.col(header)
        if codes:
            # A code as a number cell turned to text writes it ("1.0", "2,0" under Vietnamese
            # settings, "02"): the code's digits.
            cells = (cells.cast(pl.Utf8).str.strip_chars()
                     .str.replace(_CODE_AS_A_NUMBER, "${1}").replace(codes))
        columns.append(cells.alias(column))
    return columns


_CODE_AS_A_NUMBER = r"^0*(\d{1,2})(?:[.,]0+)?$"
