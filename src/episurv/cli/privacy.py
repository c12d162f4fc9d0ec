"""`episurv erase person ...`: a person's right to deletion (Decree 13/2023/NĐ-CP)."""

from __future__ import annotations

import typer

from episurv.cli.support import failing_cleanly, print_json

app = typer.Typer(help="Erase a person's personal data (the audit keeps field names only).",
                  no_args_is_help=True)


@app.command("person")
def erase_person(case: str | None = typer.Option(None, "--case", help="Patient code, BN..."),
                 contact: str | None = typer.Option(None, "--contact", help="Contact code"),
                 province: str | None = typer.Option(
                     None, help="The case's province, when the code is used by several")) -> None:
    """Remove the name, phone and address of a case or contact from every record that holds
    them (and of the same person's other record); prints what was erased."""
    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.geo.units import PROVINCE, register
    from episurv.privacy.service import erase_person as erase

    with failing_cleanly(), session_scope() as session:
        code = register().resolve(province, PROVINCE).code if province else None
        result = erase(session, scope=SYSTEM, case_id=case, contact_code=contact,
                       province_code=code)
    print_json(result)
