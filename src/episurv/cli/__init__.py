"""The command line: one module per noun, each a thin layer that parses arguments, calls a
service and prints. Each command has an API twin that returns the same JSON from the same
service call.

Modules import their services inside the commands, so `episurv --help` and every command load
only what they use (tests/cli/test_startup.py holds that line)."""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from episurv.cli import (
    accounts,
    aggregates,
    analytics,
    cases,
    clusters,
    contacts,
    exposures,
    interop,
    levels,
    parse,
    privacy,
    reports,
    stations,
    system,
    transfer,
    units,
)
from episurv.cli.groups import export_app, import_app, report_app
from episurv.cli.support import err


class _Commands(TyperGroup):
    """Every command, run on a database that `episurv init` never set up (or set up with an
    older episurv), ends with one line saying to run it and exit code 2, not the driver's
    traceback: the first thing a new user meets (issue 11)."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # already said, or a usage error
            raise
        except Exception as exc:
            if "sqlalchemy" not in sys.modules:  # no database was opened: not its error
                raise
            from episurv.db import uninitialised

            message = uninitialised(exc)
            if message is None:
                raise
            err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True,
                      soft_wrap=True)
            raise typer.Exit(2) from None


app = typer.Typer(cls=_Commands, help="episurv: epidemic surveillance and response.",
                  no_args_is_help=True, add_completion=False)
app.command()(system.init)
app.command()(system.serve)
app.command()(system.demo)
app.add_typer(accounts.audit_app, name="audit")
app.command()(transfer.transfer)
app.command()(transfer.backup)
app.command()(transfer.restore)
app.add_typer(privacy.app, name="erase")
app.add_typer(cases.app, name="cases")
app.add_typer(units.app, name="units")
app.add_typer(import_app, name="import")
app.add_typer(report_app, name="report")
app.add_typer(export_app, name="export")
app.add_typer(accounts.users_app, name="users")
app.add_typer(accounts.tokens_app, name="tokens")
app.add_typer(clusters.app, name="clusters")
app.add_typer(contacts.app, name="contacts")
app.add_typer(exposures.app, name="exposures")
app.add_typer(stations.app, name="stations")
app.add_typer(levels.app, name="levels")
app.add_typer(analytics.app, name="analytics", help="Epidemiological analytics (Rt, ...).")
app.add_typer(parse.app, name="parse", help="Read published bulletins into data.")

# Modules that only add commands to the verb groups.
__all__ = ["aggregates", "app", "cases", "interop", "reports"]
