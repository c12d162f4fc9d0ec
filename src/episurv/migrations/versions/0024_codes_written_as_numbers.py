"""patient codes of digits alone without the ".0" a number cell wrote

A line list whose code column Excel kept as numbers exports "9001.0" for the case 9001; the code
is now kept as "9001" (episurv.core.codes). Codes stored before that rule keep "9001.0", and a
list of the same cases imported again would make a second record of each person beside it. This
brings the codes already stored to the rule, as 0023 did for capitals and white space: a code
that is, respelled, another case's code of the same province keeps its spelling, for the
province to resolve (the log says how many).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02
"""
from alembic import op

from episurv.migrations.respelling import respell_codes

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    respell_codes(op.get_bind())


def downgrade() -> None:
    # "9001" names the case "9001.0" did; the fraction a cell wrote is not kept.
    pass
