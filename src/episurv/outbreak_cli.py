"""The command line of outbreak investigation: `episurv clusters ...`, `episurv contacts ...`,
`episurv exposures ...`. Each command calls the same service as its API twin
(web/api_outbreak.py) with the operator's scope (SYSTEM) and prints the same JSON with
--format json."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from episurv.accounts.scope import SYSTEM
from episurv.cli_support import Fmt, err, failing_cleanly, print_json
from episurv.db import session_scope

clusters_app = typer.Typer(help="Outbreak clusters (ổ dịch).", no_args_is_help=True)
contacts_app = typer.Typer(help="Contacts (F1, F2): import, follow-up, chains.",
                           no_args_is_help=True)
exposures_app = typer.Typer(help="Public exposure notices.", no_args_is_help=True)


def _day(value: str | None) -> date:
    from episurv.clusters.history import LOCAL
    from episurv.reporting.service import parse_day

    return parse_day(value) or datetime.now(LOCAL).date()




# --- clusters ----------------------------------------------------------------------------

@clusters_app.command("list")
def clusters_list(province: str | None = typer.Option(None),
                  date_: str | None = typer.Option(None, "--date", help="YYYY-MM-DD"),
                  status: str | None = typer.Option(None, help="active, monitoring, closed"),
                  format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Clusters with first and last case, totals and status."""
    from episurv.clusters.service import list_clusters

    with failing_cleanly(), session_scope() as session:
        rows = list_clusters(session, scope=SYSTEM, day=_day(date_), province=province,
                             status=status)
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


@clusters_app.command("create")
def clusters_create(name: str, province: str = typer.Option(...),
                    district: str | None = typer.Option(None),
                    ward: str | None = typer.Option(None),
                    address: str | None = typer.Option(None),
                    kind: str = typer.Option("other")) -> None:
    from episurv.clusters.service import create_cluster

    with failing_cleanly(), session_scope() as session:
        cluster = create_cluster(session, scope=SYSTEM, name=name, province=province,
                                 district=district, ward=ward, address=address, kind=kind)
        err.print(f"cluster {cluster.id} created: {cluster.name}")


@clusters_app.command("show")
def clusters_show(cluster_id: int, date_: str | None = typer.Option(None, "--date")) -> None:
    """One cluster as JSON: facts, new cases per day, cases, link history."""
    from episurv.clusters.service import cluster_detail

    with failing_cleanly(), session_scope() as session:
        print_json(cluster_detail(session, cluster_id, scope=SYSTEM, day=_day(date_)))


@clusters_app.command("link")
def clusters_link(cluster_id: int, case_ids: list[str],
                  reason: str | None = typer.Option(None)) -> None:
    """Classify (or reclassify) cases into a cluster; recorded with time and reason."""
    from episurv.clusters.service import link_cases

    with failing_cleanly(), session_scope() as session:
        result = link_cases(session, scope=SYSTEM, cluster_id=cluster_id, case_ids=case_ids,
                            reason=reason)
    err.print(f"linked {len(result['linked'])}, unchanged {len(result['unchanged'])}")


@clusters_app.command("unlink")
def clusters_unlink(case_ids: list[str], reason: str | None = typer.Option(None)) -> None:
    from episurv.clusters.service import unlink_cases

    with failing_cleanly(), session_scope() as session:
        result = unlink_cases(session, scope=SYSTEM, case_ids=case_ids, reason=reason)
    err.print(f"unlinked {len(result['unlinked'])}")


@clusters_app.command("reopen")
def clusters_reopen(cluster_id: int, date_: str | None = typer.Option(None, "--date"),
                    reason: str | None = typer.Option(None)) -> None:
    from episurv.clusters.service import reopen_cluster

    with failing_cleanly(), session_scope() as session:
        print_json(reopen_cluster(session, scope=SYSTEM, cluster_id=cluster_id, day=_day(date_),
                             reason=reason))


@clusters_app.command("suggest")
def clusters_suggest(province: str = typer.Option(...),
                     date_: str | None = typer.Option(None, "--date"),
                     window_days: int = typer.Option(14), min_cases: int = typer.Option(3),
                     format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Propose clusters from cases sharing an address, a workplace, a place or a household."""
    from episurv.clusters.service import run_suggestions

    with failing_cleanly(), session_scope() as session:
        result = run_suggestions(session, scope=SYSTEM, province=province, day=_day(date_),
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


@clusters_app.command("accept")
def clusters_accept(suggestion_id: int, name: str | None = typer.Option(None),
                    kind: str | None = typer.Option(None)) -> None:
    from episurv.clusters.service import accept_suggestion

    with failing_cleanly(), session_scope() as session:
        result = accept_suggestion(session, scope=SYSTEM, suggestion_id=suggestion_id,
                                   name=name, kind=kind)
    err.print(f"cluster {result['cluster_id']}: linked {len(result['linked'])} cases")


@clusters_app.command("reject")
def clusters_reject(suggestion_id: int, reason: str = typer.Option(...)) -> None:
    from episurv.clusters.service import reject_suggestion

    with failing_cleanly(), session_scope() as session:
        reject_suggestion(session, scope=SYSTEM, suggestion_id=suggestion_id, reason=reason)
    err.print(f"suggestion {suggestion_id} rejected")


@clusters_app.command("report")
def clusters_report(province: str = typer.Option(...),
                    date_: str = typer.Option(..., "--date"),
                    as_published: bool = typer.Option(
                        False, "--as-published/--as-known",
                        help="Clusters as they were when the report was published")) -> None:
    """The daily report (JSON) as known today or as published, saying which."""
    from episurv.clusters.history import published_moment
    from episurv.reporting.daily import daily_report

    with failing_cleanly(), session_scope() as session:
        day = _day(date_)
        print_json(daily_report(session, province, day,
                           as_of=published_moment(day) if as_published else None))


# --- contacts ----------------------------------------------------------------------------

@contacts_app.command("import")
def contacts_import(file: Path = typer.Argument(..., exists=True, dir_okay=False),
                    skip_invalid: Path | None = typer.Option(
                        None, "--skip-invalid",
                        help="Import valid rows; write rejected rows and reasons here")) -> None:
    """Import (upsert by contact code) a contact list: all rows or none."""
    from episurv.contacts.importer import import_contacts

    with failing_cleanly(), session_scope() as session:
        result = import_contacts(session, file, scope=SYSTEM, rejects=skip_invalid)
    if result["ignored_columns"]:
        err.print("ignored columns: " + ", ".join(result["ignored_columns"]))
    err.print(f"{result['rows']} rows: {result['new']} new, {result['updated']} updated, "
              f"{result['unchanged']} unchanged"
              + (f"; {result['rejected']} rejected, written to {skip_invalid}"
                 if skip_invalid else ""))


@contacts_app.command("followup")
def contacts_followup(date_: str | None = typer.Option(None, "--date"),
                      province: str | None = typer.Option(None),
                      ward: str | None = typer.Option(None), team: str | None = typer.Option(None),
                      limit: int = typer.Option(200), offset: int = typer.Option(0),
                      format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """Who is due a call or a test, who missed one, per station and team."""
    from episurv.contacts.followup import followup_day

    with failing_cleanly(), session_scope() as session:
        result = followup_day(session, scope=SYSTEM, day=_day(date_), province=province,
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


@contacts_app.command("chain")
def contacts_chain(case_id: str, cases_only: bool = typer.Option(False, "--cases-only")) -> None:
    """The transmission chain of a case, as JSON (nodes and edges)."""
    from episurv.contacts.service import transmission_chain

    with failing_cleanly(), session_scope() as session:
        print_json(transmission_chain(session, scope=SYSTEM, case_id=case_id,
                                 include_contacts=not cases_only))


# --- exposures ---------------------------------------------------------------------------

@exposures_app.command("publish")
def exposures_publish(case_id: str, since: str | None = typer.Option(None)) -> None:
    """Publish notices from a case's movement history (places outside the home)."""
    from episurv.exposures.service import publish_from_case

    with failing_cleanly(), session_scope() as session:
        notices = publish_from_case(session, scope=SYSTEM, case_id=case_id,
                                    since=_day(since) if since else None)
    for n in notices:
        err.print(f"#{n['id']} {n['date']}: {n['text_vi']}")
    err.print(f"{len(notices)} notice(s) published")


@exposures_app.command("list")
def exposures_list(province: str = typer.Option(...), since: str | None = typer.Option(None),
                   district: str | None = typer.Option(None),
                   lang: str = typer.Option("vi"),
                   format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """The public notices, as the bulletin text or as the public JSON."""
    from episurv.exposures.service import public_exposures

    with failing_cleanly(), session_scope() as session:
        result = public_exposures(session, province=province,
                                  since=_day(since) if since else None, district=district,
                                  lang=lang)
    if format == Fmt.json:
        print_json(result)
    else:
        sys.stdout.write(result["text"] + "\n")
