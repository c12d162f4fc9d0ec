"""Importing a contact list (CSV or XLSX): all rows or none, each bad row named with its field
and value; `rejects` keeps the good rows and writes the bad ones with their reasons. Re-running
an import updates (contact_code is the natural key) and never duplicates."""

from __future__ import annotations

import bisect
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.cases.rows_aside import RowsAside
from episurv.cases.validation import ROW, header_below, without_header_below
from episurv.contacts.service import resolve_rows, write_rows
from episurv.contacts.validation import case_in_title, map_headers, names_a_column
from episurv.core.days import title_day
from episurv.core.i18n import N_
from episurv.errors import InvalidInput
from episurv.importing import (
    Problem,
    bad_rows,
    ignored_columns,
    read_codes,
    read_table,
    write_rejects,
)

F1_REJECTED = N_("its F1 was rejected in this file")


def import_contacts(session: Session, path: Path, *, scope: Scope,
                    rejects: Path | None = None) -> dict:
    scope.require_write()
    table = read_table(path, wanted=_is_contact_list)
    frame, first = table.frame, table.first_row
    # A header on two rows (a heading merged over "Mã F1", "Họ tên"...): the line list's rule.
    upper: list[str] = []
    frame, first, below = without_header_below(frame, first, names_a_column)
    if below is not None:
        upper = list(frame.columns)
        frame = frame.rename(dict(zip(upper, below, strict=True)))
    mapping, ignored = map_headers(frame.columns)
    ignored = ignored_columns(frame, ignored)
    if "exposure_date" not in mapping.values():
        raise InvalidInput(f"{path.name}: no exposure_date column (headers: "
                           + ", ".join(frame.columns) + ")")
    # Its headings, repeated headers, totals and the lines below it: the case list's rules.
    header = {c: h for h, c in mapping.items()}
    aside = RowsAside(frame.columns, header["exposure_date"], header.get("contact_code"),
                      upper)
    rows = aside.sift(frame.with_row_index(ROW, offset=first))
    aside.end()
    raw = [(row.pop(ROW), row)
           for row in rows.select(ROW, *read_codes(mapping)).iter_rows(named=True)]
    # A list with no column for the case its F1 were exposed to may name it in its title
    # ("DANH SÁCH F1 CỦA BN9999"), or in a heading over each group of rows ("F1 của BN9999",
    # left aside as a heading): each row but one exposed to an F1 (an F2) is of the case the
    # last heading above it names, else the title's.
    if "source_case" not in mapping.values():
        titled = case_in_title(table.title)
        headings = sorted((row, case) for row, text in aside.not_rows
                          if (case := case_in_title([str(text)])) is not None)
        above = [row for row, _case in headings]
        for row, values in raw:
            at = bisect.bisect_right(above, row) - 1
            case = headings[at][1] if at >= 0 else titled
            if case is not None and not str(values.get("source_contact") or "").strip():
                values["source_case"] = case
    resolved, problems = resolve_rows(session, scope, raw, title_day(table.title))
    bad = bad_rows(path, problems, rejects)
    # An F2 whose F1 was rejected cannot go in either: it is rejected too, with that reason.
    rejected_codes = {r.code for r in resolved if r.row.row in bad}
    for r in resolved:
        if (r.row.row not in bad and r.row.values.get("level") == "F2"
                and r.source_contact_code in rejected_codes):
            problems.append(Problem.of(r.row.row, "source_contact", r.source_contact_code,
                                       F1_REJECTED))
            bad.add(r.row.row)
    if rejects is not None:
        write_rejects(rejects, frame.columns,
                      enumerate(frame.iter_rows(), start=first), problems)
    good = [r for r in resolved if r.row.row not in bad]
    result = write_rows(session, scope, good, origin=f"import {path.name}") if good else {
        "rows": 0, "new": 0, "updated": 0, "unchanged": 0, "contacts": []}
    result.pop("contacts", None)
    return {**result, "rejected": len(bad), "ignored_columns": ignored,
            "totals_rows": [{"row": row, "value": value} for row, value in aside.totals],
            "rows_not_cases": [{"row": row, "value": value}
                               for row, value in sorted(aside.not_rows)]}


def _is_contact_list(sheet: pl.DataFrame) -> bool:
    """A workbook's sheet holds the contact list when a header names the exposure day, on the
    header's row or on the row below it (`header_below`); a sheet naming a column twice is one
    too, refused for it when read."""
    headers = sheet.columns
    if sheet.height and (below := header_below(headers, sheet.row(0), names_a_column)):
        headers = below
    try:
        return "exposure_date" in map_headers(headers)[0].values()
    except InvalidInput:
        return True
