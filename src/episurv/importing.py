"""What every file import shares: reading a table as text, the problem of a row, and the one
rule for bad rows — refuse the whole file, naming them, or (with a rejects file) keep the good
rows and write the bad ones with their reasons."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from episurv.errors import InvalidInput

SHOWN = 25  # problems listed in the message; the rest are counted


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}, value {self.value!r}: {self.message}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value,
                "message": self.message}


def read_table(path: Path) -> pl.DataFrame:
    """A CSV or XLSX file with every cell as text, so that validation sees what was written."""
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


def bad_rows(path: Path, problems: Sequence[Problem], rejects: Path | None) -> set[int]:
    """The rows to leave out; without a rejects file any problem refuses the whole file."""
    if problems and rejects is None:
        shown = "\n".join(f"  {p}" for p in problems[:SHOWN])
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        count = len({p.row for p in problems})
        raise InvalidInput(f"{path.name}: {count} row(s) invalid; nothing was imported "
                           f"(--skip-invalid REJECTS.csv imports the valid rows):\n{shown}{more}",
                           [p.as_dict() for p in problems])
    return {p.row for p in problems}


def write_rejects(rejects: Path, headers: Sequence[str],
                  rows: Iterable[tuple[int, Sequence[object]]],
                  problems: Sequence[Problem]) -> None:
    """Each rejected row as it was written, its row number first and its reasons last."""
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row, []).append(f"{p.column} {p.value!r}: {p.message}")
    with open(rejects, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["row", *headers, "reason"])
        for number, cells in rows:
            if number in reasons:
                writer.writerow([number, *cells, "; ".join(reasons[number])])
