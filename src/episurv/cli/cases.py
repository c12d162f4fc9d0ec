"""`episurv import cases` and `episurv cases duplicates`: the line list of confirmed cases
(F0)."""

from __future__ import annotations

from pathlib import Path

import typer

from episurv.cli.groups import import_app
from episurv.cli.support import err, failing_cleanly, print_json, progress_bar

app = typer.Typer(help="The line list of confirmed cases (F0).", no_args_is_help=True)


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
    for warning in result["warnings"]:
        err.print(f"warning: row {warning['row']}, column {warning['column']}: "
                  f"{warning['message']}")
    if result["ignored_columns"]:
        err.print("ignored columns: " + ", ".join(result["ignored_columns"]))
    err.print(f"{result['rows']} rows imported: {result['new']} new cases, "
              f"{result['existing']} already present (updated where changed)"
              + (f"; {result['rejected']} rejected, written to {skip_invalid}"
                 if skip_invalid else ""))


@app.command("duplicates")
def duplicates() -> None:
    """Patient codes used by more than one province, each province's record beside the others,
    for the national level to resolve (codes are issued per province)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.cases.service import possible_duplicates
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        print_json(possible_duplicates(session, scope=SYSTEM))
