"""`episurv import cases` and `episurv cases duplicates`: the line list of confirmed cases
(F0)."""

from __future__ import annotations

from pathlib import Path

import typer

from episurv.cli.groups import export_app, import_app
from episurv.cli.support import (
    day_option,
    err,
    failing_cleanly,
    print_json,
    print_rows_aside,
    progress_bar,
)

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
    from episurv.importing import where

    with failing_cleanly(), progress_bar("importing") as report, \
            session_scope(write=True) as session:
        result = import_cases(session, file, scope=SYSTEM, province=province,
                              rejects=skip_invalid, progress=report)
    for warning in result["warnings"]:
        err.print(f"warning: {where(warning['row'], warning.get('sheet'))}, column "
                  f"{warning['column']}: {warning['message']}")
    if result["sheet"]:
        err.print(f"read the sheet {result['sheet']!r} of the workbook")
    if result["sheets"]:
        err.print("read the sheets " + ", ".join(map(repr, result["sheets"]))
                  + " of the workbook, one after another, as one list")
    if result["encoding"] not in (None, "utf_8", "utf_8_sig"):
        err.print(f"read as {result['encoding']} text (not UTF-8): check the names below")
    print_rows_aside(result, "cases")
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
@export_app.command("cases")
def export_cases_cmd(
    province: str | None = typer.Option(None, help="Province (default: the whole country)"),
    date_from: str | None = day_option(None, "--from", help="First reporting day"),
    date_to: str | None = day_option(None, "--to", help="Last reporting day"),
    out: Path | None = typer.Option(None, "--out", help="CSV file (default: standard output)"),
) -> None:
    """The line list as CSV, personal fields included (as the case list page exports it); the
    export is recorded in the audit log."""
    import sys

    from episurv.accounts.scope import SYSTEM
    from episurv.cases.export import export_cases
    from episurv.cases.service import CaseFilter
    from episurv.db import session_scope
    from episurv.geo.units import PROVINCE, register
    from episurv.reporting.service import parse_day

    with failing_cleanly(), session_scope() as session:
        filters = CaseFilter(
            province_code=register().resolve(province, PROVINCE).code if province else None,
            date_from=parse_day(date_from), date_to=parse_day(date_to))
        if out is None:
            rows = export_cases(session, sys.stdout, scope=SYSTEM, filters=filters)
        else:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                rows = export_cases(session, fh, scope=SYSTEM, filters=filters)
    err.print(f"{rows} cases exported" + (f" to {out}" if out else ""))
