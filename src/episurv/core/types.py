"""Column types shared by the tables of every noun."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Time
from sqlalchemy.dialects.sqlite import TIME as SQLITE_TIME
from sqlalchemy.types import TypeDecorator

from episurv.core.codes import patient_code

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key.
BigId = BigInteger().with_variant(Integer(), "sqlite")

# A time of day, to the second (the registers' times are written HH:MM). SQLite keeps it as
# text and compares it as text, so every path must write one form, 'HH:MM:SS': the line-list
# import stages polars' text of the time, which is that; SQLAlchemy's own SQLite form,
# 'HH:MM:SS.ffffff', used by the ORM and db.bulk_insert, sorted '18:00:00.000000' after
# '18:00:00', the same moment, and past the cut-off hour compared as text.
ClockTime = Time().with_variant(
    SQLITE_TIME(storage_format="%(hour)02d:%(minute)02d:%(second)02d"), "sqlite")


class PatientCode(TypeDecorator):
    """A patient code column: every value bound to it, written or compared (`==`, `in_`,
    `startswith`), is first given the code's one spelling (core.codes), so that "bn 9001" finds
    and updates "BN9001" whichever service asks. Paths that write without binding (COPY of an
    import's stage) spell the codes themselves (`patient_code_expr`)."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ARG002 - SQLAlchemy's signature
        return patient_code(value) if isinstance(value, str) else value


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK constraint holding an enumerated column to its vocabulary (NULL passes,
    as SQL's CHECK lets it: a nullable column stays nullable)."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
