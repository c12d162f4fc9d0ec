"""The line list as CSV, personal fields included, for the CDC's own work. An export of personal
data is itself audited (who exported what, when, from where): the page and `episurv export
cases` both go through `export_cases`, and every cell goes through the one neutralisation of
formulas (core/cells)."""

from __future__ import annotations

import csv
from typing import TextIO

from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Scope
from episurv.cases import service as cases
from episurv.cases import vocabulary as V
from episurv.core.cells import neutralise

EXPORT_LIMIT = 100_000


def export_cases(session: Session, out: TextIO, *, scope: Scope,
                 filters: cases.CaseFilter = cases.CaseFilter(),
                 described: dict | None = None) -> int:
    """Write the cases the filters select (inside `scope`, newest first, at most EXPORT_LIMIT)
    to `out` as CSV, row by row as they are read (memory stays flat); record the export in the
    audit log; return the number of rows."""
    writer = csv.writer(out)
    writer.writerow(V.COLUMNS)
    written = 0
    for row in cases.stream_case_values(session, scope=scope, filters=filters,
                                        limit=EXPORT_LIMIT):
        writer.writerow([neutralise("" if row.get(c) is None else row[c]) for c in V.COLUMNS])
        written += 1
    audit.record(session, scope, "export", "cases", "list",
                 changes={"filters": described if described is not None else {
                     k: v for k, v in vars(filters).items() if v is not None},
                     "rows": written},
                 province_code=filters.province_code)
    return written
