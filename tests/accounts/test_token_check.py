"""A bearer token's check (issue 16: a case lookup spent two of its four queries on its token):
read in one query, believed for checked_tokens.RECHECK seconds, its expiry compared on every
use, its last use written at most once a minute after the request."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from statements import statements

from episurv.accounts import checked_tokens
from episurv.accounts.models import ApiToken
from episurv.accounts.passwords import digest
from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.db import get_engine, session_scope
from handmade import LINE_LIST


@pytest.fixture
def lookup(client_as, session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    checked_tokens.forget_all()
    return client_as("station", "Hà Nội", district="Thanh Xuân",
                     wards=["Khương Trung", "Khương Mai"])


def _token_statements(seen: list[str]) -> list[str]:
    return [s for s in seen if "api_tokens" in s or "user_wards" in s]


def _token_of(client) -> str:
    return client.headers["Authorization"].removeprefix("Bearer ")


def test_a_token_is_read_in_one_query_then_believed(lookup, db):
    """The first request reads the token, its account and the account's wards in one
    statement (there were two); the next ones within RECHECK read nothing of it."""
    first = statements(db, lambda: lookup.get("/api/v1/cases"))
    reads = [s for s in _token_statements(first) if s.startswith("SELECT")]
    assert len(reads) == 1
    # The station's two wards came with it: its scope holds exactly them.
    kept = checked_tokens.recall(digest(_token_of(lookup)))
    assert kept is not None and kept.scope.role == "station"
    assert len(kept.scope.ward_codes) == 2
    later = statements(db, lambda: lookup.get("/api/v1/cases"))
    assert _token_statements(later) == []


def test_a_token_deleted_elsewhere_is_refused_within_the_recheck_bound(lookup, db):
    """A revocation made by another process (the CLI, another worker) reaches this one within
    RECHECK seconds: until then the token is believed, after it refused."""
    assert lookup.get("/api/v1/cases").status_code == 200
    with get_engine(db).begin() as other:
        other.execute(delete(ApiToken))
    assert lookup.get("/api/v1/cases").status_code == 200  # within the bound
    key = digest(_token_of(lookup))
    kept = checked_tokens.recall(key)
    checked_tokens.keep(key, kept, read_at=time.monotonic() - checked_tokens.RECHECK)
    refused = lookup.get("/api/v1/cases")
    assert (refused.status_code, refused.json()["detail"]) == (
        401, "invalid, expired or revoked token")


def test_a_believed_token_still_expires_on_time(lookup):
    assert lookup.get("/api/v1/cases").status_code == 200
    key = digest(_token_of(lookup))
    kept = checked_tokens.recall(key)
    checked_tokens.keep(key, replace(kept, expires_at=datetime.now(UTC) + timedelta(
        seconds=0.3)))
    assert lookup.get("/api/v1/cases").status_code == 200
    time.sleep(0.4)
    assert lookup.get("/api/v1/cases").status_code == 401


def test_last_use_is_written_once_a_minute_after_the_request(lookup, db):
    """The first use is written after the request's unit of work, in a transaction of its
    own; the uses of the next minute write nothing; a use a minute later writes again."""
    seen = statements(db, lambda: lookup.get("/api/v1/cases"))
    writes = [s for s in seen if s.startswith("UPDATE api_tokens")]
    assert len(writes) == 1
    # After the request's COMMIT: the request's transaction never held the token's row.
    assert seen.index(writes[0]) > max(i for i, s in enumerate(seen) if "FROM cases" in s)
    with session_scope(db) as s:
        first = s.scalar(select(ApiToken.last_used_at))
    assert first is not None
    assert datetime.now(UTC) - first.replace(tzinfo=first.tzinfo or UTC) < timedelta(seconds=30)

    again = statements(db, lambda: lookup.get("/api/v1/cases"))
    assert [s for s in again if s.startswith("UPDATE api_tokens")] == []

    key = digest(_token_of(lookup))
    checked_tokens.used(key, datetime.now(UTC) - timedelta(minutes=2))
    with get_engine(db).begin() as other:
        other.execute(ApiToken.__table__.update().values(
            last_used_at=datetime.now(UTC) - timedelta(minutes=2)))
    later = statements(db, lambda: lookup.get("/api/v1/cases"))
    assert len([s for s in later if s.startswith("UPDATE api_tokens")]) == 1
    with session_scope(db) as s:
        moved = s.scalar(select(ApiToken.last_used_at))
    assert moved > first
