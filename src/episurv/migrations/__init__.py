"""Alembic migrations shipped inside the package; `upgrade` brings a database to head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

HERE = Path(__file__).parent


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    # "heads": domains add their migrations on branches from a common base.
    command.upgrade(alembic_config(url), revision)


def partition_filters(connection: Connection) -> dict:
    """Alembic comparison hooks (`include_name`, `include_object`) that leave out the partitions
    PostgreSQL holds under a partitioned table (migration 0015) and the foreign keys it makes to
    each of them: they are storage of the partitioned table, not objects of the models."""
    partitions: set[str] = set()
    if connection.dialect.name == "postgresql":
        partitions = set(connection.execute(text(
            "SELECT relname FROM pg_class WHERE relispartition AND relnamespace = "
            "current_schema()::regnamespace")).scalars())

    def include_name(name, type_, _parent_names) -> bool:
        return not (type_ == "table" and name in partitions)

    def include_object(obj, _name, type_, reflected, _compare_to) -> bool:
        return not (reflected and type_ == "foreign_key_constraint"
                    and obj.referred_table.name in partitions)

    return {"include_name": include_name, "include_object": include_object}
