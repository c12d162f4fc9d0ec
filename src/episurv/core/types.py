"""Column types shared by the tables of every noun."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK constraint holding an enumerated column to its vocabulary (NULL passes,
    as SQL's CHECK lets it: a nullable column stays nullable)."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
