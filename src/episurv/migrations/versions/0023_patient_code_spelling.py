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
from alembic import op

from episurv.migrations.respelling import respell_codes

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    respell_codes(op.get_bind())


def downgrade() -> None:
    # The codes stay valid in their one spelling; the spellings they were written in are gone.
    pass
