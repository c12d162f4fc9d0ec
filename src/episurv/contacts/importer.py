"""Importing a contact list (CSV or XLSX): all rows or none, each bad row named with its field
and value; `rejects` keeps the good rows and writes the bad ones with their reasons. Re-running
an import updates (contact_code is the natural key) and never duplicates."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from episurv.accounts.scope import Scope
from episurv.cases.importer import read_table
from episurv.contacts.service import resolve_rows, write_rows
from episurv.contacts.validation import map_headers
from episurv.errors import InvalidInput


def import_contacts(session: Session, path: Path, *, scope: Scope,
                    rejects: Path | None = None) -> dict:
    scope.require_write()
    frame = read_table(path)
    mapping, ignored = map_headers(frame.columns)
    if "exposure_date" not in mapping.values():
        raise InvalidInput(f"{path.name}: no exposure_date column (headers: "
                           + ", ".join(frame.columns) + ")")
    raw = [(i + 2, {mapping[h]: v for h, v in row.items() if h in mapping})
           for i, row in enumerate(frame.iter_rows(named=True))]
    resolved, problems = resolve_rows(session, scope, raw)
    if problems and rejects is None:
        shown = "\n".join(f"  {p}" for p in problems[:25])
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        raise InvalidInput(f"{path.name}: {len({p.row for p in problems})} row(s) invalid; "
                           f"nothing was imported (--skip-invalid REJECTS.csv imports the valid "
                           f"rows):\n{shown}{more}", [p.as_dict() for p in problems])
    bad = {p.row for p in problems}
    if rejects is not None:
        reasons: dict[int, list[str]] = {}
        for p in problems:
            reasons.setdefault(p.row, []).append(f"{p.column} {p.value!r}: {p.message}")
        with open(rejects, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["row", *frame.columns, "reason"])
            for i, row in enumerate(frame.iter_rows()):
                if i + 2 in bad:
                    writer.writerow([i + 2, *row, "; ".join(reasons[i + 2])])
    good = [r for r in resolved if r.row.row not in bad]
    # An F2 whose F1 was rejected cannot go in either.
    kept_codes = {r.code for r in good}
    orphans = [r for r in good if r.source_contact_code and r.source_contact_code not in
               kept_codes and r.row.values.get("level") == "F2"
               and r.source_contact_code in {x.code for x in resolved if x.row.row in bad}]
    good = [r for r in good if r not in orphans]
    result = write_rows(session, scope, good, origin=f"import {path.name}") if good else {
        "rows": 0, "new": 0, "updated": 0, "unchanged": 0, "contacts": []}
    result.pop("contacts", None)
    return {**result, "rejected": len(bad) + len(orphans), "ignored_columns": ignored}
