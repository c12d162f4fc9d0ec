"""The rows of a list that are neither its rows nor mistakes to refuse: an office list's
headings, the header repeated where lists were pasted one below another, its totals lines, and
the lines below it (place and date, "Người lập biểu", signatures). Left aside and said, by one
set of rules for every list an importer reads (cases, contacts): each such list names a day on
every row (`RowsAside.date`: a case's report date, a contact's exposure date) and a code on
most (`RowsAside.code`), and the rules tell its other rows by them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from episurv.cases.validation import ROW, read_days
from episurv.geo.names import header_key
from episurv.importing import blank_rows, filled_cells, first_filled, totals_rows
from episurv.safe_reading import as_written, column_numbers

# A heading written in the code's column, in a list with no column of row numbers before it
# ("Quận Ba Đình", "I. QUẬN BA ĐÌNH", "Phường 12" over the group's rows): words, where a patient
# code is letters and digits without marks ("BN9001", "BN 9001", "HN-2021-001"). Its cell has
# a letter with a mark, or two words of letters alone.
_WORDS = r"[^\x00-\x7f]|(?:^|\s)[A-Za-z]{2,}\s+[A-Za-z]{2,}(?:\s|$)"


# A group's number before its heading, in the column of the rows' numbers: Roman numerals or a
# capital letter ("I", "II.", "IV", "A)"), as lists number their groups (a district, a ward)
# apart from their cases ("1", "2", ...). No cell of the heading's own.
_GROUP_NUMBER = r"^\s*(?:[IVX]{1,4}|[A-Z])\s*[.)]?\s*$"


# A count of cases as a totals line writes it ("25", "25 ca", "25 F1", "(25)"): digits alone or
# with a word after them, never a day's marks. A number of five digits is Excel's day (44507).
_COUNT = r"(?i)^\s*\(?\d{1,4}\)?\s*(?:ca|f[01]|người|nguoi|trường hợp|truong hop|bn)?\s*$"


def _blank(column: str) -> pl.Expr:
    return pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")


@dataclass
class RowsAside:
    """Sifts a list's batches, in order (`sift`), keeping what it leaves aside as (row, the
    row's first filled cell): `totals` (totals lines) and `not_rows` (the others)."""

    headers: list[str]
    date: str  # the header of the column of the day every row of the list names
    code: str | None = None  # the header of the column of the row's code, if the list has one
    upper: list[str] = field(default_factory=list)  # the upper row of a header on two rows
    totals: list[tuple[int, str]] = field(default_factory=list)
    not_rows: list[tuple[int, str]] = field(default_factory=list)
    # The undated rows after the last dated one so far: the lines below the list, unless a
    # dated row follows them in a later batch.
    _below: pl.DataFrame | None = None

    def sift(self, rows: pl.DataFrame) -> pl.DataFrame:
        """The rows of a batch (numbered in `ROW`) that are the list's; blank rows dropped, the
        others noted. Rows held back as possibly below the list come back in a later batch
        if a dated row follows them (`end` settles them)."""
        rows = rows.filter(~blank_rows(self.headers))
        aside = self._repeated_headers(rows) + self._lines_of_text(rows)
        if aside:
            self.not_rows.extend(aside)
            rows = rows.filter(~pl.col(ROW).is_in([r for r, _ in aside]))
        if self._below is not None:  # looked at again: a dated row may follow them here
            rows, self._below = pl.concat([self._below, rows]), None
        # A totals line gives no day: left aside and said, neither a row nor a refusal. A row
        # with its day is a row whatever its first cell says; its count may fall in the day's
        # column ("Tổng cộng | | 25 ca"), which no day is written like (`_COUNT`).
        undated = rows.filter(_blank(self.date) | pl.col(self.date).str.contains(_COUNT))
        if undated.height:  # few rows or none: the totals are looked for among them only
            totals = undated.filter(totals_rows(self.headers))
            self.totals.extend(totals.select(ROW, first_filled(self.headers)).iter_rows())
            rows = rows.filter(~pl.col(ROW).is_in(totals[ROW].implode()))
            headings, below = self._headings_and_below(rows)
            self.not_rows.extend(headings)
            rows = rows.filter(~pl.col(ROW).is_in([r for r, _ in headings]
                                                  + below[ROW].to_list()))
            self._below = below if below.height else None
        return rows

    def end(self) -> None:
        """The list ends (or a sheet of it): the rows held back are the lines below it."""
        if self._below is not None:
            self.not_rows.extend(self._below.select(ROW, first_filled(self.headers))
                                 .iter_rows())
            self._below = None

    def _headings_and_below(self, rows: pl.DataFrame
                            ) -> tuple[list[tuple[int, str]], pl.DataFrame]:
        """Given no day and no code (or words in the code's column, `_WORDS`): a heading (one
        cell filled: "I. QUẬN BA ĐÌNH", a group of the list) as (row, its cell); and the rows
        after the batch's last dated row, which are the lines below the list (its place and
        date, "Người lập biểu", signatures) unless a dated row follows them in a later batch.
        Every other undated row is refused as a row without its day."""
        # One cell filled, or two where the first is the group's number before the heading.
        first = self.headers[0]
        filled = filled_cells(self.headers)
        one_cell = (filled == 1) | ((filled == 2) & (
            pl.col(first).str.contains(_GROUP_NUMBER).fill_null(False)
            if first != self.code else pl.lit(False)))
        uncoded = rows.filter(_blank(self.date) & (
            _blank(self.code) | (pl.col(self.code).str.contains(_WORDS) & one_cell)
            if self.code else pl.lit(True)))
        if not uncoded.height:
            return [], uncoded
        headings = list(uncoded.filter(one_cell)
                        .select(ROW, first_filled([h for h in self.headers if h != first])
                                .fill_null(first_filled(self.headers)))
                        .iter_rows())
        last_dated = rows.filter(~_blank(self.date))[ROW].max()
        after = uncoded.filter(~one_cell & (pl.col(ROW) > last_dated if last_dated is not None
                                            else pl.lit(True)))
        return headings, after

    def _repeated_headers(self, rows: pl.DataFrame) -> list[tuple[int, str]]:
        """The rows that repeat the header, as (row, first cell): lists of districts pasted
        one below the other each bring their header along (and a form its row of column
        numbers). A repeat writes in every filled cell its column's header; of a header on
        two rows, the `upper` row (its headings, each over the columns it groups) is repeated
        too, its cells in the columns of the headings. Rows whose day cell holds a digit
        (other than a column's number) are never one, so only the few others are looked at."""
        keys = [header_key(as_written(h)) for h in self.headers]
        upper_keys = [header_key(as_written(h)) for h in self.upper]
        # An empty day cell is one too: an upper header row heads that column from another.
        candidates = rows.filter((~pl.col(self.date).str.contains(r"\d")).fill_null(True)
                                 | pl.col(self.date).str.contains(r"^\(?\d{1,3}\)?$"))
        repeated = []
        numbered_after: int | None = None  # the row after a repeat, where its numbering is
        lower_after: int | None = None  # the row after a repeated upper row: the lower one
        uppers = upper_keys or [""] * len(keys)
        for row, *cells in candidates.select(ROW, *self.headers).iter_rows():
            # (its column's key, the key of the upper header cell over it, the cell)
            filled = [(key, upper, str(c).strip())
                      for key, upper, c in zip(keys, uppers, cells, strict=True)
                      if c is not None and str(c).strip()]
            if len(filled) < 2:  # no header, nor a numbering (three numbers at least)
                continue
            if all(header_key(c) == key for key, _upper, c in filled):
                repeated.append((row, filled[0][2]))
                numbered_after = row + 1
            elif upper_keys and all(header_key(c) == upper for _key, upper, c in filled):
                repeated.append((row, filled[0][2]))
                lower_after = numbered_after = row + 1
            elif row == lower_after and all(_part_of(header_key(c), key, upper)
                                            for key, upper, c in filled):
                # Its cells as written, each a part of its column's name read with the
                # heading over it ("Lấy mẫu" under "Ngày": "Ngày lấy mẫu"), or the upper
                # cell merged down over both rows.
                repeated.append((row, filled[0][2]))
                numbered_after = row + 1
            elif row == numbered_after and column_numbers(cells):
                repeated.append((row, filled[0][2]))
        return repeated

    def _lines_of_text(self, rows: pl.DataFrame) -> list[tuple[int, str]]:
        """The rows whose one filled cell is in the day's column and reads as no day, without
        a code, as (row, that cell): the place and date below a narrow list ("Hà Nội, ngày 07
        tháng 11 năm 2021") or a heading that fell in that column. A row of one cell
        elsewhere, without a day, is a heading already (`_headings_and_below`)."""
        # The code first: most rows give one, and counting the filled cells of every row of a
        # batch cost a tenth of a second an import of 200,000 rows.
        if self.code:
            rows = rows.filter(_blank(self.code))
        alone = rows.filter((pl.col(self.date).str.strip_chars().fill_null("") != "")
                            & (filled_cells(self.headers) == 1))
        if not alone.height:
            return []
        unread = alone.filter(read_days(alone[self.date].str.strip_chars())[0].is_null())
        return list(unread.select(ROW, self.date).iter_rows())


def _part_of(cell: str, header: str, upper: str) -> bool:
    """Whether a lower header cell's key is its column's header key, words of it, or the
    upper header cell's key (a cell merged down over both rows)."""
    return cell in (header, upper) or f" {cell} " in f" {header} "
