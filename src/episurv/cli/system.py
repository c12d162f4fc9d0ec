"""`episurv init`, `serve` and `demo`: the database, the server and the demonstration data."""

from __future__ import annotations

import typer

from episurv.cli.support import err, failing_cleanly, progress_bar
from episurv.config import get_settings


def init() -> None:
    """Create or migrate the database named by EPISURV_DATABASE_URL and load the units."""
    from episurv.setup import init_database

    with failing_cleanly():
        added = init_database()
    err.print(f"database ready at {get_settings().database_url} ({added} units added)")



def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web application and the API."""
    import uvicorn

    from episurv.web.app import create_app

    uvicorn.run(create_app(), host=host, port=port)



def demo(cases: int | None = typer.Option(None, help="Number of cases (default ~6,800)"),
         seed: int = typer.Option(2021),
         serve_after: bool = typer.Option(True, "--serve/--no-serve"),
         port: int = 8000) -> None:
    """Build a synthetic Hà Nội outbreak (27/4-21/11/2021; its people are synthetic) into the
    database, then serve it."""
    from episurv.setup import build_demo

    with failing_cleanly(), progress_bar("demo data") as report:
        result = build_demo(cases, seed, progress=report)
    err.print(f"demo: {result['rows']} synthetic cases in {get_settings().database_url}")
    if result.get("outbreak", {}).get("contacts"):
        o = result["outbreak"]
        err.print(f"      {o['contacts']} contacts ({o['calls']} calls, {o['tests']} tests), "
                  f"{o['notices']} exposure notices, {o['declarations']} self-declarations")
    if result["accounts"]:
        typer.echo("demo accounts (one-time passwords, shown once):")
        for email, role, password in result["accounts"]:
            typer.echo(f"  {email:34} {role:9} {password}")
    if serve_after:
        err.print(f"serving at http://127.0.0.1:{port}")
        serve(port=port)
