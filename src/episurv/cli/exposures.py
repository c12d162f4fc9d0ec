"""`episurv exposures ...`: public exposure notices."""

from __future__ import annotations

import sys

import typer

from episurv.cli.support import (
    Fmt,
    day_option,
    err,
    failing_cleanly,
    lang_option,
    print_json,
)

app = typer.Typer(help="Public exposure notices.", no_args_is_help=True)

@app.command("publish")
def exposures_publish(case_id: str, since: str | None = day_option(None, "--since")) -> None:
    """Publish notices from a case's movement history (places outside the home)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.exposures.service import publish_from_case
    from episurv.reporting.service import parse_day

    with failing_cleanly(), session_scope() as session:
        result = publish_from_case(session, scope=SYSTEM, case_id=case_id,
                                   since=parse_day(since))
    for n in result["published"]:
        err.print(f"#{n['id']} {n['date']}: {n['text_vi']}")
    for v in result["left_out"]:
        err.print(f"left out: {v['date']} {v['place']}: {v['reason']}")
    err.print(f"{len(result['published'])} notice(s) published, "
              f"{len(result['left_out'])} visit(s) left out")


@app.command("list")
def exposures_list(province: str = typer.Option(...),
                   since: str | None = day_option(None, "--since"),
                   district: str | None = typer.Option(None),
                   lang: str = lang_option(),
                   format: Fmt = typer.Option(Fmt.text, "--format")) -> None:
    """The public notices, as the bulletin text or as the public JSON."""
    from episurv.db import session_scope
    from episurv.exposures.service import public_exposures
    from episurv.reporting.service import parse_day

    with failing_cleanly(), session_scope() as session:
        result = public_exposures(session, province=province,
                                  since=parse_day(since), district=district,
                                  lang=lang)
    if format == Fmt.json:
        print_json(result)
    else:
        sys.stdout.write(result["text"] + "\n")
