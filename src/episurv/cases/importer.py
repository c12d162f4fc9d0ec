"""Reading a line list file (CSV or XLSX) into validated rows, and importing it whole or not at
all. The rules live in validation; the writes in service.

The file is read, validated and staged a batch of rows at a time, so memory grows with the size
of the file only by what the stage keeps of each row (`service.Staging`: its patient code,
province and row number); nothing is kept until the whole file has been checked (one
transaction).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.cases.rows_aside import RowsAside
from episurv.cases.service import Progress, Staging, outside_scope
from episurv.cases.validation import (
    APPEARS_AGAIN,
    APPEARS_AGAIN_IN_SHEET,
    ROW,
    Memo,
    Problem,
    district_left_blank_rows,
    header_below,
    map_headers,
    unnamed_cluster_rows,
    validate_frame,
    without_header_below,
)
from episurv.config import get_settings
from episurv.core.days import title_day
from episurv.core.i18n import N_
from episurv.errors import Conflict, InvalidInput
from episurv.geo.units import PROVINCE, register
from episurv.importing import RejectsFile, bad_rows, ignored_columns, read_codes
from episurv.safe_reading import Batches, read_batches

BATCH_ROWS = 20_000  # rows read, checked and written at a time (docs/scaling.md: memory, time)
WARNINGS_KEPT = 1_000  # warnings listed in the result; the rest are counted


def import_cases(session: Session, path: Path, *, scope: Scope, province: str | None = None,
                 rejects: Path | None = None, progress: Progress | None = None,
                 batch_rows: int = BATCH_ROWS, lang: str | None = None) -> dict:
    """Import a line list. Any bad row refuses the whole file (nothing written), naming row,
    column and value; with `rejects` the good rows go in and the bad ones are written there
    with their reasons (in English, or in `lang`). Rows that name no province are of
    `province`, else of the province of `scope` (an account of a province)."""
    scope.require_write()
    if province is None and scope.province_code is not None:
        # A city's own line list seldom names its city: the rows of an account's province
        # that name no province are of that province (an upload gives no --province).
        province = register().get(PROVINCE, scope.province_code).name
    batches = read_batches(path, batch_rows=batch_rows, wanted=_is_line_list)
    cutoff = get_settings().cutoff
    titled = title_day(batches.title)  # a report date without its year is read beside it
    memo = Memo()
    staging: Staging | None = None
    problems: list[Problem] = []
    rejected: set[int] = set()
    warnings: list[dict] = []
    n_warnings = 0
    headers: list[str] = []
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    renames: dict[str, str] = {}  # a header on two rows: the file's header -> the column's
    aside: RowsAside | None = None  # the rows that are not cases (set once headers are known)
    out: RejectsFile | None = None
    try:
        # offset: the row number of the frame's first row (`Batches.numbered`).
        for frame, offset, begins_sheet in batches.numbered():
            if begins_sheet and aside is not None:  # the next sheet of a workbook read as one
                aside.end()  # list: the lines below the last sheet's list are settled
                if renames:  # its own lower header row, and the numbering below it
                    frame, offset, _below = without_header_below(frame, offset)
            if renames:
                frame = frame.rename(renames)
            if not headers:
                frame, offset, below = without_header_below(frame, offset)
                if below is not None:
                    renames = dict(zip(frame.columns, below, strict=True))
                    frame = frame.rename(renames)
                headers = frame.columns
                try:
                    mapping, ignored = map_headers(headers, frame)
                except InvalidInput as exc:  # two headers name one column: said of the file
                    raise InvalidInput(f"{path.name}: {exc}") from exc
                ignored = ignored_columns(frame, ignored)
                if "report_date" not in mapping.values():
                    raise InvalidInput(N_("%(file)s: no report_date column (headers: "
                                          "%(headers)s)"), code="no_report_date_column",
                                       file=path.name, headers=list(headers))
                if province is None and "province" not in mapping.values():
                    # Said once for the file, where each row would say "required".
                    raise InvalidInput(N_("%(file)s: no province column, and no province "
                                          "given for the file (headers: %(headers)s)"),
                                       code="no_province_column", file=path.name,
                                       headers=list(headers))

                if rejects is not None:
                    out = RejectsFile(rejects, headers, lang,
                                      batches.place if batches.sheets else None)
                aside = RowsAside(headers, _header_of(mapping, "report_date"),
                                  _header_of(mapping, "case_id"), list(renames))
            if not frame.height:
                continue
            original = aside.sift(frame.with_row_index(ROW, offset=offset))
            if not original.height:  # nothing but totals, headings or lines below
                continue
            renamed = original.select(ROW, *read_codes(mapping))
            typed, found = validate_frame(renamed, province=province, cutoff=cutoff, memo=memo,
                                          normalised=True, titled=titled)
            outside = outside_scope(typed, scope) & typed["province_code"].is_not_null()
            if outside.any():
                found.extend(Problem.of(row, "province", str(prov),
                                        N_("outside your jurisdiction"))
                             for row, prov in typed.filter(outside).select(
                                 ROW, "province_code").iter_rows())
            bad = {p.row for p in found}
            if found and rejects is None:
                problems.extend(found)  # the file is refused: no need to stage what follows
                continue
            if found and out is not None:
                out.write(_numbered(original.filter(pl.col(ROW).is_in(list(bad)))),
                          _placed(found, batches))
                rejected |= bad
            good = typed.filter(~pl.col(ROW).is_in(list(bad))) if bad else typed
            for w in unnamed_cluster_rows(good) + district_left_blank_rows(good):
                n_warnings += 1
                if len(warnings) < WARNINGS_KEPT:
                    warnings.append(_placed([w], batches)[0].as_dict())
            if problems:
                continue
            if staging is None:
                staging = Staging(session, new_by_copy=True)
            staging.add(good)
            if progress:
                progress(staging.rows, None)
        if aside is not None:  # the lines below the list: a signature block, a date
            aside.end()
        if problems:
            bad_rows(path, _placed(problems, batches), rejects)
        if staging is not None:
            # A patient code given again in a later batch: the same rule as within one.
            again = [Problem.of(row, "case_id", case_id, APPEARS_AGAIN, first=str(first))
                     for row, case_id, first in staging.duplicates()]
            if again:
                bad_rows(path, _placed(again, batches), rejects)
                if out is not None:
                    _reject_again(read_batches(path, batch_rows=batch_rows,
                                               wanted=_is_line_list), out, again)
                staging.drop([p.row for p in again])
                rejected |= {p.row for p in again}
    except BaseException as exc:
        if staging is not None:
            staging.abandon()
        _raise_lost_race(exc)
        raise
    finally:
        if out is not None:
            out.close()
    try:
        result = staging.apply(scope=scope, progress=progress, origin=f"import {path.name}") \
            if staging is not None else {"rows": 0, "new": 0, "existing": 0}
    except Exception as exc:
        _raise_lost_race(exc)
        raise
    return {**result, "rejected": len(rejected), "ignored_columns": ignored,
            "totals_rows": [_row_said(row, value, batches)
                            for row, value in (aside.totals if aside else [])],
            "rows_not_cases": [_row_said(row, value, batches)
                               for row, value in sorted(aside.not_rows if aside else [])],
            "sheet": batches.sheet, "sheets": [s.name for s in batches.sheets],
            "warnings": warnings, "warnings_total": n_warnings, "encoding": batches.encoding}


def _raise_lost_race(exc: BaseException) -> None:
    """A case the import was writing as new that another writer created meanwhile (an edit
    through the API committed while the import ran): the import lost a race, said as such, and
    a second run finds the case stored and updates it. The database's unique key said so (the
    driver's own error: the import writes through its cursor)."""
    if getattr(exc, "sqlstate", None) == "23505":
        raise Conflict(N_("another import or edit changed these cases at the same time; "
                          "nothing was imported, run the import again"),
                       code="import_concurrent") from exc


def _is_line_list(sheet: pl.DataFrame) -> bool:
    """A workbook's sheet holds the line list when a header names the report date, on the
    header's row or on the row below it (`header_below`); a sheet that names a column twice is
    one too, refused for it when read."""
    headers, cells = sheet.columns, sheet
    if sheet.height and (below := header_below(headers, sheet.row(0))) is not None:
        headers, cells = below, sheet.slice(1).rename(dict(zip(sheet.columns, below,
                                                                strict=True)))
    try:
        return "report_date" in map_headers(headers, cells)[0].values()
    except InvalidInput:
        return True


def _header_of(mapping: dict[str, str], column: str) -> str | None:
    """The file's header of a column, None if the file has none."""
    return next((h for h, c in mapping.items() if c == column), None)


def _placed(problems: list[Problem], batches: Batches) -> list[Problem]:
    """The problems of a workbook read a sheet after another, each naming its sheet and its row
    in the sheet (a row's number tells both apart, `Batches.place`); others as they are."""
    if not batches.sheets:
        return problems
    placed = []
    for p in problems:
        sheet, row = batches.place(p.row)
        if p.template == APPEARS_AGAIN:
            first_sheet, first = batches.place(int(p.params["first"]))
            p = Problem.of(p.row, p.column, p.value, APPEARS_AGAIN_IN_SHEET,
                           first_sheet=first_sheet, first=str(first))
        placed.append(replace(p, row=row, sheet=sheet))
    return placed


def _row_said(row: int, value: str, batches: Batches) -> dict:
    """A row left aside as the result lists it: its row, its sheet where several are read."""
    sheet, row = batches.place(row)
    return {**({"sheet": sheet} if sheet is not None else {}), "row": row, "value": value}


def _numbered(rows: pl.DataFrame):
    for number, *cells in rows.iter_rows():
        yield number, cells


def _reject_again(batches: Batches, out: RejectsFile, again: list[Problem]) -> None:
    """Write the rows whose patient code an earlier batch gave to the rejects file: the file is
    read once more for their cells (only when there are such rows)."""
    wanted = list({p.row for p in again})
    placed = _placed(again, batches)
    for frame, offset, _begins in batches.numbered():
        original = frame.with_row_index(ROW, offset=offset)
        out.write(_numbered(original.filter(pl.col(ROW).is_in(wanted))), placed)
