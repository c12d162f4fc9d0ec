"""Reading a line list file (CSV or XLSX) into validated rows, and importing it whole or not at
all. The rules live in validation; the writes in service."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.cases.service import Progress, outside_scope, upsert_rows
from episurv.cases.validation import (
    ROW,
    Problem,
    map_headers,
    unnamed_cluster_rows,
    validate_frame,
)
from episurv.config import get_settings
from episurv.errors import InvalidInput
from episurv.importing import bad_rows, write_rejects
from episurv.safe_reading import read_table_safely


def import_cases(session: Session, path: Path, *, scope: Scope, province: str | None = None,
                 rejects: Path | None = None, progress: Progress | None = None) -> dict:
    """Import a line list. Any bad row refuses the whole file (nothing written), naming row,
    column and value; with `rejects` the good rows go in and the bad ones are written there
    with their reasons."""
    table = read_table_safely(path)
    frame = table.frame
    mapping, ignored = map_headers(frame.columns)
    if "report_date" not in mapping.values():
        raise InvalidInput(f"{path.name}: no report_date column (headers: "
                           + ", ".join(frame.columns) + ")")
    original = frame.with_row_index(ROW, offset=2)
    renamed = original.select(ROW, *[pl.col(h).alias(c) for h, c in mapping.items()])
    scope.require_write()
    typed, problems = validate_frame(renamed, province=province, cutoff=get_settings().cutoff)
    outside = outside_scope(typed, scope) & typed["province_code"].is_not_null()
    if outside.any():
        for row, prov in typed.filter(outside).select(ROW, "province_code").iter_rows():
            problems.append(Problem(row, "province", str(prov), "outside your jurisdiction"))
    bad = bad_rows(path, problems, rejects)
    if rejects is not None:
        write_rejects(rejects, frame.columns,
                      ((row[0], row[1:]) for row in original.filter(
                          pl.col(ROW).is_in(list(bad))).iter_rows()), problems)
    good = typed.filter(~pl.col(ROW).is_in(list(bad)))
    result = upsert_rows(session, good, scope=scope, progress=progress,
                         origin=f"import {path.name}") if good.height else {
        "rows": 0, "new": 0, "existing": 0}
    warnings = [w.as_dict() for w in unnamed_cluster_rows(good)]
    return {**result, "rejected": len(bad), "ignored_columns": ignored, "warnings": warnings,
            "encoding": table.encoding}
