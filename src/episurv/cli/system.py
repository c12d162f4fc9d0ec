"""`episurv init`, `serve` and `demo`: the database, the server and the demonstration data."""

from __future__ import annotations

import typer

from episurv.cli.support import err, failing_cleanly, progress_bar


def init() -> None:
    """Create or migrate the database named by EPISURV_DATABASE_URL and load the units."""
    from episurv.setup import init_database

    with failing_cleanly():
        added = init_database()
    from episurv.config import get_settings

    err.print(f"database ready at {get_settings().database_url} ({added} units added)")



# The options `serve` and `demo` (which serves after building) share: declared once, so each
# command reads them from its own command line and environment. A command that calls another's
# function must pass these: left out, the parameter is this declaration, not its value.
ACCESS_LOG = typer.Option(
    True, "--access-log/--no-access-log", envvar="EPISURV_ACCESS_LOG",
    help="Write a line per request to standard error (default on; EPISURV_ACCESS_LOG=false "
    "turns it off). Behind a reverse proxy that keeps its own log, off saves the server about "
    "3% of a lookup's CPU")
WORKERS = typer.Option(0, help="Worker processes (default: the number of cores)")
KEEP_ALIVE = typer.Option(
    5, "--keep-alive", envvar="EPISURV_KEEP_ALIVE", min=1,
    help="Seconds an idle connection is kept open (default 5). Behind a reverse proxy that "
    "reuses its connections to episurv, set it above the proxy's idle timeout: a connection "
    "closed here as the proxy reuses it is a 502 for its request")


def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on"),
          port: int = typer.Option(8000, help="Port to listen on"),
          workers: int = WORKERS,
          trusted_proxies: str | None = typer.Option(
              None, help="Addresses or networks of reverse proxies whose X-Forwarded-For and "
              "X-Forwarded-Proto are believed (comma-separated; default EPISURV_TRUSTED_PROXIES, "
              "none)"),
          access_log: bool = ACCESS_LOG,
          keep_alive: int = KEEP_ALIVE,
          ) -> None:
    """Serve the web application and the API. Behind a reverse proxy the per-address limits
    (sign-in, self-declarations) count the address the proxy forwards."""
    import os

    count = workers or os.cpu_count() or 1
    if count < 1:
        err.print(f"--workers must be at least 1, got {workers}")
        raise typer.Exit(2)
    if trusted_proxies is not None:
        # The workers read the setting from the environment they inherit.
        os.environ["EPISURV_TRUSTED_PROXIES"] = trusted_proxies
    from episurv.cli.workers import run
    from episurv.db import uninitialised

    unready = uninitialised()
    if unready is not None:  # every page would fail: say why once, before listening
        err.print(f"[bold red]error:[/] {unready}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    err.print(f"serving at http://{host}:{port} with {count} worker(s)")
    with failing_cleanly():
        run("episurv.web.app:create_server_app", host=host, port=port, workers=count,
            access_log=access_log, keep_alive=keep_alive)


def demo(cases: int | None = typer.Option(None, help="Number of cases (default ~6,800)"),
         seed: int = typer.Option(2021),
         provinces: str = typer.Option("Hà Nội", help='"Hà Nội" (the city demo, with every '
                                       'module) or "all" (cases in all 63 provinces, national '
                                       'scale: --cases 10000000)'),
         serve_after: bool = typer.Option(True, "--serve/--no-serve"),
         port: int = 8000,
         workers: int = WORKERS,
         access_log: bool = ACCESS_LOG,
         keep_alive: int = KEEP_ALIVE) -> None:
    """Build a synthetic Hà Nội outbreak (27/4-21/11/2021; its people are synthetic) into the
    database, then serve it."""
    from episurv.errors import InvalidInput
    from episurv.setup import build_demo, build_national_demo

    with failing_cleanly(), progress_bar("demo data") as report:
        if provinces.strip().lower() == "all":
            result = build_national_demo(cases or 100_000, seed, progress=report)
        elif provinces.strip() in ("Hà Nội", "Ha Noi", "hanoi"):
            result = build_demo(cases, seed, progress=report)
        else:
            raise InvalidInput(f'--provinces is "Hà Nội" or "all", not {provinces!r}')
    from episurv.config import get_settings

    err.print(f"demo: {result['rows']} synthetic cases in {get_settings().database_url}")
    if national := result.get("national"):
        import resource

        err.print("      " + ", ".join(f"{n:,} {name}" for name, n in national.items()
                                       if name != "cases"))
        # Linux reports the peak in KiB: flat over the chunks whatever --cases is.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        err.print(f"      peak RSS {peak:,.0f} MB")
    if result.get("outbreak", {}).get("contacts"):
        o = result["outbreak"]
        err.print(f"      {o['contacts']} contacts ({o['calls']} calls, {o['tests']} tests), "
                  f"{o['notices']} exposure notices, {o['declarations']} self-declarations")
    if result["accounts"]:
        typer.echo("demo accounts (one-time passwords, shown once):")
        for email, role, password in result["accounts"]:
            typer.echo(f"  {email:34} {role:9} {password}")
    else:
        # A second `make demo`: the passwords were shown the first time and are not kept.
        from episurv.setup import DEMO_ACCOUNTS

        typer.echo("the demo accounts exist already (" + ", ".join(
            a[0] for a in DEMO_ACCOUNTS) + "); for a new one-time password run: "
            "episurv users reset-password --email admin@demo.episurv")
    if serve_after:
        # As many workers as `serve`: with one, 20 users on the demo shared one core.
        serve(host="127.0.0.1", port=port, workers=workers, trusted_proxies=None,
              access_log=access_log, keep_alive=keep_alive)
