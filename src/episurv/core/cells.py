"""Cells of the CSV and XLSX files episurv writes, made safe to open in a spreadsheet.

A cell starting with = + - @ tab or carriage return is read by Excel and LibreOffice as a
formula (CSV injection, OWASP "CSV Injection"): such text is prefixed with a single quote, which
the spreadsheet shows as text and never runs. Numbers and dates are not text and pass as they
are, so a negative figure stays a number. Every writer of a CSV or XLSX goes through here.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """One cell: text that a spreadsheet would run as a formula, quoted; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of a frame, as `neutralise` does one cell."""
    pattern = "^[" + "".join(FORMULA_START).replace("-", r"\-") + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c)).alias(c)
        for c, dtype in frame.schema.items() if dtype == pl.Utf8)


def write_csv(frame: pl.DataFrame, out: str | Path | IO | None = None) -> str | None:
    """A frame as CSV with its text neutralised: returned as text without `out`."""
    return neutralise_frame(frame).write_csv(out)
