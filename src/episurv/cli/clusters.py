"""`episurv clusters ...`: outbreak clusters. Each command calls the same service as its API twin
(web/api_outbreak.py) with the operator's scope (SYSTEM) and prints the same JSON with
--format json."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from episurv.cli.support import (
    Fmt,
    day_option,
    day_or_latest,
    day_or_today,
    err,
    failing_cleanly,
    print_json,
)

app = typer.Typer(help="Outbreak clusters (ổ dịch).", no_args_is_help=True)
LATEST = "Default: the latest reporting day in the data"

@app.command("list")
def clusters_list(province: str | None = typer.Option(None),
                  date_: str | None = day_option(None, "--date", help=LATEST),
                  status: str | None = typer.Option(None, help="active, monitoring, closed"),
                  format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Clusters with first and last case, totals and status."""
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import list_clusters
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        rows = list_clusters(session, scope=SYSTEM, day=day_or_latest(session, date_, province),
                             province=province, status=status)
    if format == Fmt.json:
        print_json(rows)
        return
    table = Table("id", "cluster", "place", "type", "first", "last", "total", "new", "status")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], ", ".join(x for x in (r["ward"], r["district"])
                                                         if x), r["kind"],
                      r["first_case_date"] or "", r["last_case_date"] or "",
                      str(r["total_cases"]), str(r["new_cases"]), r["status"])
    Console().print(table)


@app.command("create")
def clusters_create(name: str, province: str = typer.Option(...),
                    district: str | None = typer.Option(None),
                    ward: str | None = typer.Option(None),
                    address: str | None = typer.Option(None),
                    kind: str = typer.Option("other")) -> None:
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import create_cluster
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        cluster = create_cluster(session, scope=SYSTEM, name=name, province=province,
                                 district=district, ward=ward, address=address, kind=kind)
        err.print(f"cluster {cluster.id} created: {cluster.name}")


@app.command("show")
def clusters_show(cluster_id: int,
                  date_: str | None = day_option(None, "--date", help=LATEST)) -> None:
    """One cluster as JSON: facts, new cases per day, cases, link history."""
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import cluster_detail
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        print_json(cluster_detail(session, cluster_id, scope=SYSTEM,
                                  day=day_or_latest(session, date_)))


@app.command("link")
def clusters_link(cluster_id: int, case_ids: list[str],
                  reason: str | None = typer.Option(None)) -> None:
    """Classify (or reclassify) cases into a cluster; recorded with time and reason."""
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import link_cases
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        result = link_cases(session, scope=SYSTEM, cluster_id=cluster_id, case_ids=case_ids,
                            reason=reason)
    err.print(f"linked {len(result['linked'])}, unchanged {len(result['unchanged'])}")


@app.command("unlink")
def clusters_unlink(case_ids: list[str], reason: str | None = typer.Option(None)) -> None:
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import unlink_cases
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        result = unlink_cases(session, scope=SYSTEM, case_ids=case_ids, reason=reason)
    err.print(f"unlinked {len(result['unlinked'])}")


@app.command("reopen")
def clusters_reopen(cluster_id: int, date_: str | None = day_option(None, "--date"),
                    reason: str | None = typer.Option(None)) -> None:
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import reopen_cluster
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        print_json(reopen_cluster(session, scope=SYSTEM, cluster_id=cluster_id,
                                  day=day_or_today(date_), reason=reason))


@app.command("suggest")
def clusters_suggest(province: str = typer.Option(...),
                     date_: str | None = day_option(None, "--date", help=LATEST),
                     window_days: int = typer.Option(14), min_cases: int = typer.Option(3),
                     format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Propose clusters from cases sharing an address, a workplace, a place or a household."""
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import run_suggestions
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        result = run_suggestions(session, scope=SYSTEM, province=province,
                                 day=day_or_latest(session, date_, province),
                                 window_days=window_days, min_cases=min_cases)
    if format == Fmt.json:
        print_json(result)
        return
    for s in result["pending"]:
        target = f"extend cluster {s['cluster_id']}" if s["action"] == "extend" else "new"
        err.print(f"#{s['id']} [{target}] {s['name']} ({s['kind']}, {s['district'] or ''}): "
                  f"{len(s['cases'])} cases {', '.join(s['cases'][:10])}; score {s['score']}")
        for e in s["evidence"]:
            err.print(f"    {e['kind']}: {e['label']} - {', '.join(e['cases'][:10])}")
    err.print(f"{result['new']} new, {len(result['pending'])} pending, {result['stale']} stale")


@app.command("accept")
def clusters_accept(suggestion_id: int, name: str | None = typer.Option(None),
                    kind: str | None = typer.Option(None)) -> None:
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import accept_suggestion
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        result = accept_suggestion(session, scope=SYSTEM, suggestion_id=suggestion_id,
                                   name=name, kind=kind)
    err.print(f"cluster {result['cluster_id']}: linked {len(result['linked'])} cases")


@app.command("reject")
def clusters_reject(suggestion_id: int, reason: str = typer.Option(...)) -> None:
    from episurv.accounts.scope import SYSTEM
    from episurv.clusters.service import reject_suggestion
    from episurv.db import session_scope

    with failing_cleanly(), session_scope() as session:
        reject_suggestion(session, scope=SYSTEM, suggestion_id=suggestion_id, reason=reason)
    err.print(f"suggestion {suggestion_id} rejected")


@app.command("report")
def clusters_report(province: str = typer.Option(...),
                    date_: str = day_option(..., "--date"),
                    as_published: bool = typer.Option(
                        False, "--as-published/--as-known",
                        help="Clusters as they were when the report was published")) -> None:
    """The daily report (JSON) as known today or as published, saying which."""
    from episurv.clusters.history import published_moment
    from episurv.db import session_scope
    from episurv.reporting.daily import daily_report

    with failing_cleanly(), session_scope() as session:
        day = day_or_latest(session, date_)
        print_json(daily_report(session, province, day,
                           as_of=published_moment(day) if as_published else None))
