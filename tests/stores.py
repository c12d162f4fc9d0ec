"""Which stores a test runs on. Every database test runs on SQLite and on PostgreSQL
(conftest's `migrated_url`); a test whose subject is not the store, or is one store's own
feature, narrows that with one of these marks and says in its module why."""

from __future__ import annotations

import pytest

# A browser walk whose subject is the page (its layout, widths, roles, accessibility): the
# rows it shows are read and written by services that their own tests run on both stores.
ONLY_SQLITE = pytest.mark.parametrize("migrated_url", ["sqlite"], indirect=True)
# A feature PostgreSQL alone has (partitions).
ONLY_POSTGRESQL = pytest.mark.parametrize("migrated_url", ["postgresql"], indirect=True)
