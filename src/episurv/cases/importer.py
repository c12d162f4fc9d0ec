"""Reading a line list file (CSV or XLSX) into validated rows, and importing it whole or not at
all. The rules live in validation; the writes in service."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.cases.service import Progress, outside_scope, upsert_rows
from episurv.cases.validation import ROW, Problem, map_headers, validate_frame
from episurv.config import get_settings
from episurv.errors import InvalidInput


def read_table(path: Path) -> pl.DataFrame:
    """Every cell as text, so that validation sees what the person wrote."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pl.read_excel(path, infer_schema_length=0)
        elif suffix in (".csv", ".txt", ""):
            frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        else:
            raise InvalidInput(f"{path.name}: unsupported file type {suffix!r} (CSV or XLSX)")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError) as exc:
        raise InvalidInput(f"{path.name}: cannot be read as a table: {exc}") from exc
    return frame.with_columns(pl.all().cast(pl.Utf8))


def import_cases(session: Session, path: Path, *, scope: Scope, province: str | None = None,
                 rejects: Path | None = None, progress: Progress | None = None) -> dict:
    """Import a line list. Any bad row refuses the whole file (nothing written), naming row,
    column and value; with `rejects` the good rows go in and the bad ones are written there
    with their reasons."""
    frame = read_table(path)
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
    if problems and rejects is None:
        shown = "\n".join(f"  {p}" for p in problems[:25])
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        bad_rows = len({p.row for p in problems})
        raise InvalidInput(f"{path.name}: {bad_rows} row(s) invalid; nothing was imported "
                           f"(--skip-invalid REJECTS.csv imports the valid rows):\n{shown}{more}",
                           [p.as_dict() for p in problems])
    bad = {p.row for p in problems}
    if rejects is not None:
        reasons: dict[int, list[str]] = {}
        for p in problems:
            reasons.setdefault(p.row, []).append(f"{p.column} {p.value!r}: {p.message}")
        with open(rejects, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["row", *frame.columns, "reason"])
            for row in original.filter(pl.col(ROW).is_in(list(bad))).iter_rows():
                writer.writerow([row[0], *row[1:], "; ".join(reasons[row[0]])])
    good = typed.filter(~pl.col(ROW).is_in(list(bad)))
    result = upsert_rows(session, good, scope=scope, progress=progress,
                         origin=f"import {path.name}") if good.height else {
        "rows": 0, "new": 0, "existing": 0}
    return {**result, "rejected": len(bad), "ignored_columns": ignored}
