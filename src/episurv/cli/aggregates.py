"""`episurv import aggregates`: daily figures of provinces and districts, versioned."""

from __future__ import annotations

from pathlib import Path

import typer

from episurv.cli.groups import import_app
from episurv.cli.support import err, failing_cleanly, progress_bar


@import_app.command("aggregates")
def import_aggregates_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="CSV or XLSX: date,province[,district],<measure>..."),
    wide: bool = typer.Option(False, "--wide", help="Rows are units, columns are dates"),
    measure: str | None = typer.Option(None, help="The measure of a --wide table"),
    year: int | None = typer.Option(None, help="Year of d/m dates"),
    skip_invalid: Path | None = typer.Option(
        None, "--skip-invalid", help="Import valid rows; write rejected rows and reasons here"),
) -> None:
    """Import daily figures of provinces or districts; corrections keep the old values."""
    from episurv.accounts.scope import SYSTEM
    from episurv.aggregates.importer import import_aggregates
    from episurv.db import session_scope

    with failing_cleanly(), progress_bar("importing") as report, session_scope() as session:
        result = import_aggregates(session, file, scope=SYSTEM, wide=wide, measure=measure,
                                   year=year, rejects=skip_invalid, progress=report)
    err.print(f"{result['rows']} rows, {result['figures']} figures: {result['new']} new, "
              f"{result['corrected']} corrected, {result['unchanged']} unchanged"
              + (f"; {result['rejected']} rows rejected, written to {skip_invalid}"
                 if skip_invalid else ""))
