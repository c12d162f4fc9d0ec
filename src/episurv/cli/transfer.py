"""`episurv transfer`, `backup` and `restore`: a whole database moved, verified table by table."""

from __future__ import annotations

from pathlib import Path

import typer

from episurv.cli.support import err, failing_cleanly, print_json


def _report(result: dict) -> None:
    err.print(f"{result['rows']:,} rows in {result['tables']} tables copied; every table "
              "verified (row count and checksum)")


def transfer(
    source: str = typer.Option(..., "--from", help="Database URL to copy from, e.g. "
                               "sqlite:///episurv.db"),
    target: str = typer.Option(..., "--to", help="Empty database URL to copy into, e.g. "
                               "postgresql+psycopg://user@host:5432/db"),
    json_out: bool = typer.Option(False, "--json", help="Print the per-table checks as JSON"),
) -> None:
    """Copy everything from one database into an empty one (SQLite and PostgreSQL, either way),
    then verify row counts and checksums of every table."""
    from episurv.transfer import copy_database

    with failing_cleanly():
        result = copy_database(source, target)
    if json_out:
        print_json(result)
    else:
        _report(result)


def backup(file: Path = typer.Argument(..., dir_okay=False, help="New backup file")) -> None:
    """Write the whole database (EPISURV_DATABASE_URL) into a new file, verified."""
    from episurv.config import get_settings
    from episurv.transfer import backup as run_backup

    with failing_cleanly():
        result = run_backup(get_settings().database_url, file)
    _report(result)
    err.print(f"backup written to {file}")


def restore(file: Path = typer.Argument(..., dir_okay=False, help="A file made by backup")
            ) -> None:
    """Restore a backup into the database (EPISURV_DATABASE_URL), which must be empty."""
    from episurv.config import get_settings
    from episurv.transfer import restore as run_restore

    with failing_cleanly():
        result = run_restore(file, get_settings().database_url)
    _report(result)
