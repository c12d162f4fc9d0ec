"""patient codes in one spelling: capitals, no white space

"BN 9001", "bn9001" and "BN9001" name one case (episurv.core.codes): the register now keeps and
compares a code in that one spelling, so a district's "BN 9001" updates the province's "BN9001"
instead of making a second record of the person. This brings the codes already stored to it: each
case's code, and the case code a person cared for at home names. A case whose code, respelled, is
the code of another case of its province keeps its spelling: both records stay, for the province
to decide which is the person's (as for a code two provinces use, docs/patient-codes.md); the log
says how many.

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30
"""
import logging

import sqlalchemy as sa
from alembic import op

from episurv.core.codes import patient_code

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def _respelled(conn, table: str) -> list[tuple]:
    """(key..., code as stored, code respelled) of each row whose code is not in the one
    spelling; every code is read (a rule of Unicode capitals, which SQL's upper() follows only
    for ASCII on SQLite), only those to change are kept."""
    key = "province_code, id"
    rows = conn.execute(sa.text(f"SELECT {key}, case_id FROM {table} WHERE case_id IS NOT "
                                "NULL").execution_options(yield_per=20_000))
    return [(province, id_, code, patient_code(code)) for province, id_, code in rows
            if patient_code(code) != code]


def upgrade() -> None:
    conn = op.get_bind()
    kept = 0
    for province, id_, _code, spelled in _respelled(conn, "cases"):
        taken = conn.execute(sa.text(
            "SELECT 1 FROM cases WHERE province_code = :p AND case_id = :c"),
            {"p": province, "c": spelled}).first()
        if taken:
            kept += 1
            continue
        conn.execute(sa.text("UPDATE cases SET case_id = :c WHERE province_code = :p "
                             "AND id = :i"), {"c": spelled, "p": province, "i": id_})
    for province, id_, _code, spelled in _respelled(conn, "homecare_people"):
        conn.execute(sa.text("UPDATE homecare_people SET case_id = :c WHERE province_code = :p "
                             "AND id = :i"), {"c": spelled, "p": province, "i": id_})
    if kept:
        log.warning("%s case(s) keep their code's spelling: respelled, it is another case's "
                    "code in the same province", kept)


def downgrade() -> None:
    # The codes stay valid in their one spelling; the spellings they were written in are gone.
    pass
