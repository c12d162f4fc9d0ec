"""What counts as a valid daily incidence table: ``region, date, cases``.

One region and date per row, an ISO date (YYYY-MM-DD), and a whole number of cases >= 0.
Every problem is named by row, column and value (DESIGN.md: bad input gets a clear message that
names the row, field and value). Works on typed frames and on all-string frames read from CSV.
"""

from __future__ import annotations

import polars as pl

from episurv.errors import InvalidInput

COLUMNS = ("region", "date", "cases")
_SHOWN = 5  # problems spelled out in the message; all of them are in InvalidInput.problems
_ROW = "__row"


def _problem(row: int, column: str, value: object, reason: str) -> dict[str, object]:
    return {"row": row, "column": column, "value": value, "reason": reason}


def _shown(value: object) -> str:
    return "(empty)" if value is None else repr(value)


def _parse_dates(col: pl.Series) -> pl.Series:
    if col.dtype == pl.Date:
        return col
    if isinstance(col.dtype, pl.Datetime):
        return col.dt.date()
    if col.dtype == pl.String:
        return col.str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    return pl.Series(col.name, [None] * col.len(), dtype=pl.Date)


def _parse_cases(col: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Cases as Int64 (null where not a whole number), and a mask of negative values."""
    if col.dtype == pl.String:
        ints = col.str.strip_chars().cast(pl.Int64, strict=False)
    elif col.dtype.is_integer():
        ints = col.cast(pl.Int64, strict=False)
    elif col.dtype.is_float():
        whole = col.is_finite() & (col.round(0) == col)
        ints = pl.select(
            pl.when(whole).then(col).otherwise(None).cast(pl.Int64, strict=False)
        ).to_series()
    else:
        ints = pl.Series(col.name, [None] * col.len(), dtype=pl.Int64)
    return ints, (ints < 0).fill_null(False)


def checked_incidence(df: pl.DataFrame, row_label: str = "row", first_row: int = 1) -> pl.DataFrame:
    """The table as ``region, date (Date), cases (Int64)``, or ``InvalidInput`` naming every
    bad row.

    Rows are named ``{row_label} {n}`` counting from ``first_row`` (the CLI passes "line" and 2,
    so the numbers are the CSV file's line numbers, header on line 1).
    """
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InvalidInput(
            f"missing column(s) {', '.join(repr(c) for c in missing)}; "
            f"need {', '.join(COLUMNS)}, found {', '.join(repr(c) for c in df.columns) or 'none'}",
            [{"column": c, "reason": "missing column"} for c in missing],
        )
    rows = pl.int_range(first_row, first_row + df.height, eager=True, dtype=pl.Int64)
    region, date_raw, cases_raw = df["region"], df["date"], df["cases"]
    dates = _parse_dates(date_raw)
    cases, negative = _parse_cases(cases_raw)
    problems: list[dict[str, object]] = []

    region_bad = region.is_null()
    if region.dtype == pl.String:
        region_bad = region_bad | (region.str.strip_chars() == "")
    for i in region_bad.arg_true().to_list():
        problems.append(_problem(rows[i], "region", region[i], "region is empty"))
    for i in dates.is_null().arg_true().to_list():
        problems.append(_problem(rows[i], "date", date_raw[i], "not a date in YYYY-MM-DD form"))
    for i in cases.is_null().arg_true().to_list():
        problems.append(_problem(rows[i], "cases", cases_raw[i], "not a whole number of cases"))
    for i in negative.arg_true().to_list():
        problems.append(_problem(rows[i], "cases", cases_raw[i], "cases must be 0 or more"))

    data = pl.DataFrame({"region": region, "date": dates, "cases": cases, _ROW: rows})
    if region.dtype == pl.String:
        data = data.with_columns(pl.col("region").str.strip_chars())
    dup = data.filter(
        pl.col("region").is_not_null()
        & pl.col("date").is_not_null()
        & pl.struct("region", "date").is_duplicated()
    )
    for rec in dup.sort(_ROW).iter_rows(named=True):
        problems.append(
            _problem(
                rec[_ROW], "date", str(rec["date"]), f"region {rec['region']!r} repeats this date"
            )
        )

    if problems:
        problems.sort(key=lambda p: (int(str(p["row"])), str(p["column"])))
        shown = "; ".join(
            f"{row_label} {p['row']}, column {p['column']!r}, value {_shown(p['value'])}: "
            f"{p['reason']}"
            for p in problems[:_SHOWN]
        )
        more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
        raise InvalidInput(f"bad incidence input: {shown}{more}", problems)
    return data.drop(_ROW)
