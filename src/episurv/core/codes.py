"""The one spelling of a patient code.

A code is written by many hands: "BN9001" in the province's own list, "BN 9001" in a district's,
"bn9001" typed into a search box. They name one case, and two spellings stored as two keys made
two records of one person, counted twice in the day's figures. A code is therefore kept in one
form: its letters in capitals and no white space ("BN 9001", "bn9001", "Bn 9001" are "BN9001").
Other marks stay as written ("HN-2021-001"): some provinces' codes carry them, and "A-12" and
"A1-2" must not become one code. docs/patient-codes.md says how codes are issued.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

# A code of digits alone that a number cell wrote as a fraction ("9001.0", as a program
# exports a column of numbers): the number before its point.
_NUMBER_AS_A_FRACTION = r"^(\d+)\.0+$"


def patient_code(written: str) -> str:
    """The code as it is kept: NFC, capitals, no white space of any kind, no ".0" after a
    code of digits alone."""
    code = "".join(unicodedata.normalize("NFC", written).split()).upper()
    return re.sub(_NUMBER_AS_A_FRACTION, r"\1", code)


def patient_code_expr(column: pl.Expr) -> pl.Expr:
    """`patient_code` over a column of NFC text (the same rule: Unicode white space, Unicode
    capitals; tests/test_patient_code_spelling.py holds the two to one answer)."""
    return (column.str.replace_all(r"\s+", "").str.to_uppercase()
            .str.replace(_NUMBER_AS_A_FRACTION, "${1}"))
