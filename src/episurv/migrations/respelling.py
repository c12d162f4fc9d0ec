"""Stored patient codes brought to their one spelling (`episurv.core.codes.patient_code`), by
the migrations that follow a change of that rule (0023: capitals, no white space; 0024: no ".0"
after a code of digits alone)."""

from __future__ import annotations

import logging

import sqlalchemy as sa

log = logging.getLogger("alembic.runtime.migration")


def _respelled(conn, table: str) -> list[tuple]:
    """(province, id, code respelled) of each row of `table` whose code is not in the one
    spelling; every code is read (a rule of Unicode capitals, which SQL's upper() follows only
    for ASCII on SQLite), only those to change are kept."""
    from episurv.core.codes import patient_code

    rows = conn.execute(sa.text(f"SELECT province_code, id, case_id FROM {table} WHERE case_id "
                                "IS NOT NULL").execution_options(yield_per=20_000))
    return [(province, id_, patient_code(code)) for province, id_, code in rows
            if patient_code(code) != code]


def respell_codes(conn) -> None:
    """Each case's code, and the case code a person cared for at home names, in the one
    spelling. A case whose code, respelled, is the code of another case of its province keeps
    its spelling: both records stay, for the province to decide which is the person's (as for
    a code two provinces use, docs/patient-codes.md); the log says how many."""
    kept = 0
    for province, id_, spelled in _respelled(conn, "cases"):
        taken = conn.execute(sa.text(
            "SELECT 1 FROM cases WHERE province_code = :p AND case_id = :c"),
            {"p": province, "c": spelled}).first()
        if taken:
            kept += 1
            continue
        conn.execute(sa.text("UPDATE cases SET case_id = :c WHERE province_code = :p "
                             "AND id = :i"), {"c": spelled, "p": province, "i": id_})
    for province, id_, spelled in _respelled(conn, "homecare_people"):
        conn.execute(sa.text("UPDATE homecare_people SET case_id = :c WHERE province_code = :p "
                             "AND id = :i"), {"c": spelled, "p": province, "i": id_})
    if kept:
        log.warning("%s case(s) keep their code's spelling: respelled, it is another case's "
                    "code in the same province", kept)
