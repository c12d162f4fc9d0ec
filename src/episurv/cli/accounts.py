"""`episurv users ...`, `episurv tokens ...` and `episurv audit`: who may do what, and what they
did."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from episurv.cli.support import Fmt, err, failing_cleanly, print_json

users_app = typer.Typer(help="Accounts: who may see and change which jurisdiction.",
                        no_args_is_help=True)
tokens_app = typer.Typer(help="API bearer tokens.", no_args_is_help=True)


@users_app.command("add")
def users_add(email: str = typer.Option(...), role: str = typer.Option(
                  ..., help="admin, national, province, district, station or viewer"),
              unit: str | None = typer.Option(None, help="Province of the jurisdiction"),
              district: str | None = typer.Option(None),
              ward: list[str] | None = typer.Option(None, help="Ward(s) of a station")) -> None:
    """Add an account; prints its one-time password."""
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import add_user
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        _user, password = add_user(session, scope=SYSTEM, email=email, role=role, unit=unit,
                                   district=district, wards=ward)
    typer.echo(f"{email}\t{role}\tone-time password: {password}")


@users_app.command("reset-password")
def users_reset_password(email: str = typer.Option(...)) -> None:
    """Give an account a new one-time password (printed once); its open sessions end."""
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import reset_password
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        password = reset_password(session, scope=SYSTEM, email=email)
    typer.echo(f"{email.strip().lower()}\tone-time password: {password}")


@users_app.command("list")
def users_list(format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import list_users
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        users = list_users(session, scope=SYSTEM)
    if format == Fmt.json:
        print_json(users)
        return
    table = Table("email", "role", "unit", "wards", "active")
    for u in users:
        table.add_row(u.email, u.role, u.unit, ", ".join(u.wards), "yes" if u.active else "no")
    Console().print(table)


@users_app.command("disable")
def users_disable(email: str = typer.Option(...)) -> None:
    """Disable an account: its sessions and tokens stop working at once."""
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import disable_user
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        disable_user(session, scope=SYSTEM, email=email)
    err.print(f"{email} disabled")


@tokens_app.command("create")
def tokens_create(email: str = typer.Option(...),
                  name: str = typer.Option("", help="What the token is for"),
                  days: int = typer.Option(90, help="Days until it expires (at most 365)")) -> None:
    """Create an API token for an account; it is shown once and stored hashed."""
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import create_token
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        token = create_token(session, scope=SYSTEM, email=email, name=name, days=days)
    typer.echo(token)


@tokens_app.command("list")
def tokens_list(email: str | None = typer.Option(None, help="Only this account's tokens"),
                format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Tokens with their name, expiry and last use (never the token itself)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import list_tokens
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        tokens = list_tokens(session, scope=SYSTEM, email=email)
    if format == Fmt.json:
        print_json(tokens)
        return
    table = Table("id", "email", "name", "created", "expires", "last used", "state")
    for t in tokens:
        table.add_row(str(t.id), t.email, t.name, t.created_at or "", t.expires_at or "",
                      t.last_used_at or "never", t.state)
    Console().print(table)


@tokens_app.command("revoke")
def tokens_revoke(id: int = typer.Option(..., "--id", help="The id shown by `tokens list`")
                  ) -> None:
    """Revoke one token at once; the account's other tokens keep working."""
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import revoke_token
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        revoke_token(session, scope=SYSTEM, token_id=id)
    err.print(f"token {id} revoked")


audit_app = typer.Typer(help="The audit log: a record's history, and the chain's check.")


@audit_app.callback(invoke_without_command=True)
def audit(ctx: typer.Context,
          entity: str | None = typer.Option(None, help="e.g. case:BN123456"),
          format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """The history of a record: who changed what, when and from where."""
    from episurv.accounts.audit import history
    from episurv.db import session_scope

    if ctx.invoked_subcommand is not None:
        return
    if entity is None:
        raise typer.BadParameter("--entity is KIND:ID, e.g. case:BN123456")
    with failing_cleanly():
        kind, _sep, ident = entity.partition(":")
        if not ident:
            raise typer.BadParameter("--entity is KIND:ID, e.g. case:BN123456")
        with session_scope() as session:
            entries = history(session, kind, ident)
    if format == Fmt.json:
        print_json(entries)
        return
    for e in entries:
        typer.echo(f"{e['at'][:19]}  {e['actor']}  {e['address'] or '-'}  {e['action']}  "
                   + json.dumps(e["changes"], ensure_ascii=False))
    if not entries:
        err.print(f"no history for {entity}")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain of the whole audit log; exit code 1 names the first bad entry."""
    from episurv.accounts.audit import verify
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        result = verify(session)
    print_json(result)
    if not result["ok"]:
        err.print(f"the audit chain breaks at entry {result['first_bad']}")
        raise typer.Exit(1)
