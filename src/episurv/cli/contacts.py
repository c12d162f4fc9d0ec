"""`episurv contacts ...`: contacts (F1, F2), their follow-up and transmission chains."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from episurv.cli.support import (
    Fmt,
    day_option,
    day_or_latest,
    err,
    failing_cleanly,
    print_json,
    print_rows_aside,
)

app = typer.Typer(help="Contacts (F1, F2): import, follow-up, chains.", no_args_is_help=True)

@app.command("import")
def contacts_import(file: Path = typer.Argument(..., exists=True, dir_okay=False),
                    skip_invalid: Path | None = typer.Option(
                        None, "--skip-invalid",
                        help="Import valid rows; write rejected rows and reasons here")) -> None:
    """Import (upsert by contact code) a contact list: all rows or none."""
    from episurv.accounts.scope import SYSTEM
    from episurv.contacts.importer import import_contacts
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        result = import_contacts(session, file, scope=SYSTEM, rejects=skip_invalid)
    print_rows_aside(result, "contacts")
    err.print(f"{result['rows']} rows: {result['new']} new, {result['updated']} updated, "
              f"{result['unchanged']} unchanged"
              + (f"; {result['rejected']} rejected, written to {skip_invalid}"
                 if skip_invalid else ""))


@app.command("followup")
def contacts_followup(date_: str | None = day_option(
                          None, "--date", help="Default: the latest reporting day in the data"),
                      province: str | None = typer.Option(None),
                      ward: str | None = typer.Option(None), team: str | None = typer.Option(None),
                      limit: int = typer.Option(200), offset: int = typer.Option(0),
                      format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Who is due a call or a test, who missed one, per station and team."""
    from episurv.accounts.scope import SYSTEM
    from episurv.contacts.followup import followup_day
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        result = followup_day(session, scope=SYSTEM, day=day_or_latest(session, date_, province),
                              province=province,
                              ward=ward, team=team, limit=limit, offset=offset)
    if format == Fmt.json:
        print_json(result)
        return
    table = Table("station", "team", "followed", "calls due", "calls missed", "tests due",
                  "tests missed")
    for s in result["stations"]:
        table.add_row(s["ward"] or "", s["team"] or "", str(s["followed"]), str(s["call_due"]),
                      str(s["call_missed"]), str(s["test_due"]), str(s["test_missed"]))
    Console().print(table)
    for i in result["items"]:
        todo = [k.replace("_", " ") for k in ("test_missed", "call_missed", "test_due",
                                               "call_due") if i[k]]
        if todo:
            Console().print(f"{i['contact_code']}  {i['name'] or ''}  {i['phone'] or ''}  "
                            f"{i['ward'] or ''}  {', '.join(todo)}", highlight=False)


@app.command("chain")
def contacts_chain(case_id: str, cases_only: bool = typer.Option(False, "--cases-only")) -> None:
    """The transmission chain of a case, as JSON (nodes and edges)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.contacts.service import transmission_chain
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        print_json(transmission_chain(session, scope=SYSTEM, case_id=case_id,
                                 include_contacts=not cases_only))
