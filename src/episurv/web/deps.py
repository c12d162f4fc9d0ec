"""Request-scoped dependencies shared by the routers."""

from __future__ import annotations

from typing import Iterator

from sqlalchemy.orm import Session

from episurv.db import session_scope


def get_session() -> Iterator[Session]:
    with session_scope() as session:
        yield session
