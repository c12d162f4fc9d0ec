"""Alembic environment: runs migrations on the engine episurv itself uses."""

from __future__ import annotations

import warnings

from alembic import context
from sqlalchemy.exc import SAWarning

from episurv import models_registry  # noqa: F401  (imports every table onto Base.metadata)
from episurv.db import Base, get_engine
from episurv.migrations import partition_filters

# SQLite's batch rebuild reflects a table keyed (province_code, id) whose id SQLite numbers as
# its own primary key (db._sqlite_province_key): SQLAlchemy warns of the difference on every
# rebuild, to the operator running `episurv init`. The rebuilt table is checked against the
# models by tests/test_migrations.py.
warnings.filterwarnings("ignore", message="Table '_alembic_tmp_", category=SAWarning)

url = context.config.get_main_option("sqlalchemy.url")
with get_engine(url).connect() as connection:
    if connection.dialect.name == "sqlite":
        # A table rebuild drops the old table: with foreign keys on, that would cascade into the
        # rows referring to it. Off for the migration (outside any transaction, as SQLite
        # requires); a migration that rebuilds checks the keys itself (PRAGMA foreign_key_check).
        # On the driver's connection: through SQLAlchemy the statement would begin a
        # transaction first (db._sqlite_begin), inside which SQLite ignores the pragma.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    # SQLite cannot ALTER most things in place: batch mode rebuilds tables when a migration
    # needs it.
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      **partition_filters(connection))
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if connection.dialect.name == "sqlite":
        # The connection goes back to the engine's pool: its next user must find the keys on.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
