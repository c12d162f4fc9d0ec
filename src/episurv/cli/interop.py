"""`episurv export dhis2`, `import dhis2`, `export fhir`, `import fhir`: figures and people to
and from the systems health departments already run (DHIS2, HL7 FHIR R4)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from episurv.cli.groups import export_app, import_app
from episurv.cli.support import day_option, err, failing_cleanly, print_json
from episurv.errors import InvalidInput


def _mapping(path: Path):
    from episurv.interop.mapping import read_mapping

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read the mapping {path}: {exc}") from None
    return read_mapping(text, path.name)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


@export_app.command("dhis2")
def export_dhis2_cmd(
    from_: str = day_option(..., "--from", help="First day"),
    to: str = day_option(..., "--to", help="Last day"),
    mapping: Path = typer.Option(..., help="YAML mapping of measures and units to DHIS2"),
    fmt: str = typer.Option("json", "--format", help="json (dataValueSets) or adx"),
    province: str | None = typer.Option(None, help="Only this province and its districts"),
    as_of: str | None = typer.Option(None, "--as-of", help="The figures as they stood then"),
    out: Path | None = typer.Option(None, help="Write the payload here, not to stdout"),
) -> None:
    """Daily figures per unit as a DHIS2 dataValueSets JSON payload or an ADX message."""
    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.geo.units import PROVINCE, register
    from episurv.interop.service import export_dhis2
    from episurv.reporting.national import parse_moment
    from episurv.reporting.service import parse_day

    with failing_cleanly(), session_scope() as session:
        code = register().resolve(province, PROVINCE).code if province else None
        text, counts = export_dhis2(session, scope=SYSTEM, since=parse_day(from_),
                                    until=parse_day(to), mapping=_mapping(mapping), fmt=fmt,
                                    as_of=parse_moment(as_of, "--as-of"), province_code=code)
    _write(text, out)
    err.print(f"{counts['values']} data values of {counts['units']} units")


@import_app.command("dhis2")
def import_dhis2_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="dataValueSets JSON or ADX XML"),
    mapping: Path = typer.Option(..., help="YAML mapping of measures and units to DHIS2"),
    fmt: str | None = typer.Option(None, "--format", help="json or adx (default: guessed)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="List the changes, write nothing"),
) -> None:
    """Read a DHIS2 payload into the daily figures, as one submission (corrections keep the
    old values; --as-of reports still read what stood before)."""
    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.interop.service import import_dhis2

    with failing_cleanly(), session_scope() as session:
        text = file.read_text(encoding="utf-8")
        result = import_dhis2(session, scope=SYSTEM, text=text, mapping=_mapping(mapping),
                              name=file.name, fmt=fmt, dry_run=dry_run)
    if dry_run:
        print_json(result)
        return
    err.print(f"{result['figures']} figures: {result['new']} new, {result['corrected']} "
              f"corrected, {result['unchanged']} unchanged")


@export_app.command("fhir")
def export_fhir_cmd(
    case: str | None = typer.Option(None, help="A case code: its transmission chain"),
    province: str | None = typer.Option(None, help="The cases of a province"),
    since: str | None = day_option(None, "--since", help="Reported on or after"),
    until: str | None = day_option(None, "--until", help="Reported on or before"),
    fmt: str = typer.Option("json", "--format", help="json (a Bundle) or ndjson (bulk)"),
    personal: bool = typer.Option(False, "--personal",
                                  help="Names, phones, addresses and real codes (audited)"),
    out: Path | None = typer.Option(None, help="Write here, not to stdout"),
) -> None:
    """Cases (Patient, Condition) and a case's contacts (RelatedPerson, exposure Observation)
    as HL7 FHIR R4, pseudonymised unless --personal."""
    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.geo.units import PROVINCE, register
    from episurv.interop import fhir
    from episurv.interop.service import export_fhir
    from episurv.reporting.service import parse_day

    with failing_cleanly(), session_scope() as session:
        if fmt not in ("json", "ndjson"):
            raise InvalidInput(f"format {fmt!r}: json or ndjson")
        if case is None and province is None:
            raise InvalidInput("give --case CODE, or --province P [--since D] [--until D]")
        code = register().resolve(province, PROVINCE).code if province else None
        resources, counts = export_fhir(session, scope=SYSTEM, case_id=case,
                                        province_code=code, since=parse_day(since),
                                        until=parse_day(until), personal=personal)
    if fmt == "ndjson":
        _write(fhir.ndjson(resources), out)
    else:
        import json

        _write(json.dumps(fhir.bundle(resources, kind="searchset"), ensure_ascii=False,
                          indent=2) + "\n", out)
    err.print(f"{counts['patients']} patients, {counts['related_persons']} related persons"
              + ("" if personal else " (pseudonymised)"))


@import_app.command("fhir")
def import_fhir_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="A laboratory's FHIR Bundle (JSON)"),
) -> None:
    """Positive SARS-CoV-2 RNA results (LOINC 94500-6) into the line list: new cases, or
    updates of known ones; the whole Bundle or nothing."""
    import json

    from episurv.accounts.scope import SYSTEM
    from episurv.db import session_scope
    from episurv.interop.service import import_lab_bundle

    with failing_cleanly(), session_scope() as session:
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{file.name}: not JSON: {exc}") from None
        _response, counts = import_lab_bundle(session, scope=SYSTEM, raw=raw, name=file.name)
    err.print(f"{counts['rows']} positive results: {counts['new']} new cases, "
              f"{counts['existing']} known; {counts['negative']} negative results left out")
