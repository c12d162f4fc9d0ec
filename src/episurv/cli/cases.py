"""`episurv import cases`: the line list of confirmed cases (F0)."""

from __future__ import annotations

from pathlib import Path

import typer

from episurv.cli.groups import import_app
from episurv.cli.support import err, failing_cleanly, progress_bar


@import_app.command("cases")
def import_cases_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or XLSX line list"),
    province: str | None = typer.Option(None, help="Province of rows that name none"),
    skip_invalid: Path | None = typer.Option(
        None, "--skip-invalid", help="Import valid rows; write rejected rows and reasons here"),
) -> None:
    """Import (upsert) a line list of confirmed cases: all rows or none."""
    from episurv.accounts.scope import SYSTEM
    from episurv.cases.importer import import_cases
    from episurv.db import session_scope

    with failing_cleanly(), progress_bar("importing") as report, session_scope() as session:
        result = import_cases(session, file, scope=SYSTEM, province=province,
                              rejects=skip_invalid, progress=report)
    if result["encoding"] not in (None, "utf_8", "utf_8_sig"):
        err.print(f"read as {result['encoding']} text (not UTF-8): check the names below")
    if result["ignored_columns"]:
        err.print("ignored columns: " + ", ".join(result["ignored_columns"]))
    err.print(f"{result['rows']} rows imported: {result['new']} new cases, "
              f"{result['existing']} already present (updated where changed)"
              + (f"; {result['rejected']} rejected, written to {skip_invalid}"
                 if skip_invalid else ""))
