"""Writing, reading and verifying the audit log. Every service write appends through `append`.

Two properties hold for every entry:

- No personal value. The values of personal fields (name, phone, address) are written as a
  keyed hash (HMAC-SHA256 with the database's own `audit_key`), never as text: the entry still
  proves which value was set (`proves`), and the person's data can be erased from the records
  (Decree 13/2023/NĐ-CP on personal data protection, art. 16: the right to deletion) while the
  append-only log stays as it was.
- A hash chain. Each entry carries SHA-256 over the previous entry's hash and its own fields, so
  `verify` finds any entry changed, removed or inserted behind the database's append-only guard.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from contextlib import ExitStack
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from episurv.accounts import read_entries
from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import Scope
from episurv.accounts.secrets import secret
from episurv.db import WRITE, copy_writer

# Fields whose values never enter the audit, whatever record they belong to.
PERSONAL_FIELDS = frozenset({"name", "phone", "address"})
GENESIS = "0" * 64
HASH_PREFIX = "hmac:"


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def diff(before: dict | None, after: dict | None) -> dict[str, list]:
    """The fields whose values differ: {"field": [before, after]}."""
    before, after = before or {}, after or {}
    return {k: [_plain(before.get(k)), _plain(after.get(k))]
            for k in sorted(set(before) | set(after))
            if _plain(before.get(k)) != _plain(after.get(k))}


def keyed_hash(key: str, value: Any) -> str:
    return HASH_PREFIX + hmac.new(key.encode(), str(value).encode(), hashlib.sha256).hexdigest()


def protect(changes: dict, key: str) -> dict:
    """`changes` with every personal value replaced by its keyed hash (None stays None: that a
    field was empty is not personal)."""
    out = {}
    for field, value in changes.items():
        if field in PERSONAL_FIELDS:
            values = value if isinstance(value, list) else [value]
            hashed = [None if v is None else keyed_hash(key, v) for v in values]
            out[field] = hashed if isinstance(value, list) else hashed[0]
        else:
            out[field] = value
    return out


def _stamp(at: datetime) -> str:
    """One text for a moment however the database hands it back (SQLite: naive UTC)."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def entry_hash(previous: str, at: datetime | str, actor: str, address: str | None, action: str,
               entity: str, entity_id: str, province_code: int | None, changes: str) -> str:
    """SHA-256 of the previous entry's hash and this entry's fields (`at` as `_stamp` writes
    it, or already stamped). Each field is length-prefixed, so no two different entries hash
    the same bytes whatever characters a field holds; None is "-", never the text "None"."""
    stamp = at if isinstance(at, str) else _stamp(at)
    fields = (actor, address, action, entity, entity_id, province_code, changes)
    return hashlib.sha256("|".join([previous, stamp, *map(_field, fields)]).encode()).hexdigest()


_CHAIN_LOCK = "SELECT pg_advisory_xact_lock('audit_log'::regclass::oid::bigint)"


def hold_chain(session: Session) -> None:
    """Take the chain's writer lock now, until the session's transaction ends (PostgreSQL;
    SQLite has one writer). `append` takes it anyway; a write takes it first when the entries
    it will append are worked out from what it reads before writing (an import's diff against
    the stored cases), so that no other audited write commits in between unseen."""
    if session.get_bind().dialect.name == "postgresql":
        # The lock is keyed by this audit table's own id: installations in other schemas of the
        # same database keep chains of their own and never wait for each other.
        session.execute(text(_CHAIN_LOCK))


def _last_hash(session: Session) -> str:
    hold_chain(session)  # one writer extends the chain at a time (released at commit)
    last = session.scalar(select(AuditEntry.chain).order_by(AuditEntry.id.desc()).limit(1))
    return last or GENESIS


def _field(value: Any) -> str:
    """One field as `entry_hash` writes it: length-prefixed text, or "-" for None."""
    if value is None:
        return "-"
    text_value = str(value)
    return f"{len(text_value)}:{text_value}"


_UNSET = object()
CHUNK = 10_000  # entries written per statement: memory stays flat however many are appended


def append(session: Session, *, at: datetime, actor: str, address: str | None, action: str,
           entity: str, items: Iterable[tuple[str, int | None, dict | None]],
           connection_free: bool = False) -> int:
    """Append one entry per item (entity_id, province_code, changes), all made at `at` by
    `actor` from `address` doing `action` on `entity`, in order, personal values hashed, each
    chained to the one before; returns how many. `items` may be a generator: entries are
    written CHUNK at a time, so memory stays flat however many there are.

    `connection_free`: reading `items` does not use the session's connection (they are not
    read from the database meanwhile). On PostgreSQL the chunks then go to one COPY fed by a
    thread of its own, so the server stores a chunk while the next one is hashed, where a
    COPY per chunk waited for the server each time.

    The loop is tight because an import appends one entry per created or changed case: the
    parts every entry shares are turned into the hashed text once (exactly as `entry_hash`
    writes them), and a changes object given again (every created case of an import has the
    same one) is encoded once."""
    # The key only when a value must be hashed (as `_append_one_postgres`): most entries (a
    # household, a check-in, a link) name no person, and reading it cost a statement an entry.
    # Items not given as a list are read while the entries are written, maybe on the session's
    # connection: the key is read before, whatever they hold.
    if isinstance(items, list) and not any(PERSONAL_FIELDS & (changes or {}).keys()
                                           for _entity_id, _province, changes in items):
        key = ""
    else:
        key = secret(session, "audit_key")
    previous = _last_hash(session)
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    cursor = connection.connection.driver_connection.cursor()
    stamp = _stamp(at)
    # SQLite keeps a moment as the text SQLAlchemy writes (UTC, no zone); PostgreSQL takes the
    # entries as COPY text, each line made here from its fields (the shared ones made once).
    stored_at = stamp.replace("T", " ") if sqlite else at
    shared = (stored_at, actor, address, action, entity)
    line_head = "\t".join(_copy_text(v) for v in (stamp + "+00:00", *shared[1:])) + "\t"
    head = "|" + "|".join([stamp, *(_field(v) for v in (actor, address, action, entity))]) + "|"
    sha256 = hashlib.sha256
    last_changes: object = _UNSET
    last_json = ""
    # Per province: the hashed text after the entity id, and the COPY line after it.
    tails: dict[int | None, tuple[str, str]] = {}
    rows: list = []
    n = 0
    with ExitStack() as stack:
        if connection_free and not sqlite:
            copy = stack.enter_context(cursor.copy(
                f"COPY audit_log ({_ENTRY_COLUMNS}) FROM STDIN",
                writer=copy_writer(cursor)))

            def write(chunk: list) -> None:
                copy.write("".join(chunk))
        else:
            def write(chunk: list) -> None:
                _write_entries(cursor, sqlite, chunk)
        for entity_id, province_code, changes in items:
            if changes is not last_changes:
                last_changes = changes
                last_json = json.dumps(protect(changes or {}, key), ensure_ascii=False,
                                       default=str)
                tails = {}
            tail = tails.get(province_code)
            if tail is None:
                tail = tails[province_code] = (
                    f"|{_field(province_code)}|{_field(last_json)}",
                    f"\t{_copy_text(province_code)}\t{_copy_text(last_json)}\t")
            entity_id = str(entity_id)
            previous = sha256(
                f"{previous}{head}{len(entity_id)}:{entity_id}{tail[0]}".encode()).hexdigest()
            if sqlite:
                rows.append((*shared, entity_id, province_code, last_json, previous))
            else:
                rows.append(f"{line_head}{_copy_text(entity_id)}{tail[1]}{previous}\n")
            if len(rows) >= CHUNK:
                write(rows)
                n += len(rows)
                rows = []
        if rows:
            write(rows)
            n += len(rows)
    return n


def _copy_text(value: object) -> str:
    """A field of COPY's text format: NULL as \\N; backslash, tab, line feed and carriage
    return escaped (PostgreSQL manual, COPY, "Text Format")."""
    if value is None:
        return "\\N"
    return (str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


_ENTRY_COLUMNS = "at, actor, address, action, entity, entity_id, province_code, changes, chain"


def _write_entries(cursor, sqlite: bool, rows: list) -> None:
    """Rows take their ids in list order, which the chain follows: tuples on SQLite, lines of
    COPY text on PostgreSQL (written as one piece: a row at a time costs more than the
    hashing)."""
    if sqlite:
        cursor.executemany(f"INSERT INTO audit_log ({_ENTRY_COLUMNS}) VALUES "
                           f"({', '.join('?' * 9)})", rows)
    else:
        with cursor.copy(f"COPY audit_log ({_ENTRY_COLUMNS}) FROM STDIN") as copy:
            copy.write("".join(rows))


_READS = "episurv_audit_reads"  # a unit of work's read entries, sent with its commit

# Actions that only read: recorded (who took which personal data out), but they change no
# data, so they leave the data version, and everything cached under it, as it was.
READS = frozenset({"read", "export"})


def record(session: Session, scope: Scope, action: str, entity: str, entity_id: str, *,
           changes: dict | None = None, province_code: int | None = None) -> None:
    """Append one entry, in the unit of work that changes or exports the records.

    A "read" (a page of records answered to a request) takes the chain's lock only as its unit
    of work ends, for the server's own work: in the reader's transaction from the start the
    lock was held through the rest of its request (encoding the answer, waiting for the GIL),
    and 20 clients of the case list queued on it (issue 11). On PostgreSQL the entry is sent
    on the reader's own connection with its COMMIT, in one pipeline (db.with_commit); written
    apart on a connection of its own it cost a second checkout, its ping and a round trip a
    lookup (issue 16). Reads of this process that reach their commit while another's entries
    are being written go together, under one lock (accounts.read_entries). Elsewhere it is
    written right after the unit of work commits (db.afterwards), in a transaction of its own.
    Either way a failure to write it fails the request before its answer is sent."""
    from episurv.dataversion import bump
    from episurv.db import afterwards, takes_with_commit, with_commit

    entry = {"at": datetime.now(UTC), "actor": scope.actor, "address": scope.address,
             "action": action, "entity": entity,
             "items": [(entity_id, province_code, changes)]}
    if action == "read":
        bind = session.get_bind()
        # The values made only when the commit takes them: they may read the audit key.
        if bind.dialect.name == "postgresql" and takes_with_commit(session):
            reads = session.info.get(_READS)
            if reads is None:  # one sender for the unit of work's reads, with its commit
                reads = session.info[_READS] = []
                with_commit(session, lambda driver: read_entries.send(
                    bind.url, driver, reads, _send_entries))
            reads.append(_one_entry(entry, lambda: secret(session, "audit_key")))
            return
        if afterwards(session, lambda: _append_apart(bind, entry)):
            return
    if action not in READS:
        bump(session, [province_code])
    session.flush()  # entries added before this one get their ids (and chain) first
    append(session, **entry)


def _append_apart(bind, entry: dict) -> None:
    if bind.dialect.name == "postgresql":
        _append_one_postgres(bind, entry)
        return
    # A writer from its first statement (db.WRITE: SQLite's BEGIN IMMEDIATE): behind another
    # writer it waits its turn, where a reading transaction failed at once to become a writer.
    with Session(bind=bind.execution_options(**{WRITE: True})) as own, own.begin():
        append(own, **entry)


# The entry after the chain's last, its hash made by PostgreSQL from the last entry's (sha256 of
# the UTF-8 text, as `entry_hash`; GENESIS when there is none) and the rest of its text, given.
_APPEND_AFTER_LAST = (
    f"INSERT INTO audit_log ({_ENTRY_COLUMNS}) SELECT %s, %s, %s, %s, %s, %s, %s, %s, "
    "encode(sha256(convert_to(coalesce((SELECT chain FROM audit_log ORDER BY id DESC LIMIT 1), "
    "%s) || %s, 'UTF8')), 'hex')")


def _one_entry(entry: dict, audit_key) -> tuple:
    """The parameters of _APPEND_AFTER_LAST for one entry; `audit_key()` is asked only when a
    personal value must be hashed."""
    ((entity_id, province_code, changes),) = entry["items"]
    changes = changes or {}
    key = audit_key() if PERSONAL_FIELDS & set(changes) else ""
    encoded = json.dumps(protect(changes, key), ensure_ascii=False, default=str)
    fields = (entry["actor"], entry["address"], entry["action"], entry["entity"],
              str(entity_id), province_code, encoded)
    rest = "|" + "|".join([_stamp(entry["at"]), *map(_field, fields)])
    return (entry["at"], *fields, GENESIS, rest)


def _send_entries(driver, entries: list[tuple]) -> None:
    """The chain's lock and the entries, each chained to the last by the server, on a psycopg
    connection in pipeline mode: the lock is held from here to the COMMIT sent after, for the
    server's own work only. In READ COMMITTED each INSERT's own snapshot, taken once the lock is
    held, sees the entry of whoever held it last, and the entries before it of this
    transaction."""
    driver.execute(_CHAIN_LOCK)
    for values in entries:
        driver.execute(_APPEND_AFTER_LAST, values)


def _append_one_postgres(bind, entry: dict) -> None:
    """`append` of one entry in one round trip to PostgreSQL: the lock, the entry chained to
    the last one by the server, and the commit, sent together (a psycopg pipeline). The chain's
    lock is then held for the server's own work only. Taken and released by this thread in four
    round trips before, it was also held while the thread waited for the GIL between them:
    with 20 clients looking up cases, every lookup queued on it (issue 16: ~130 a second, the
    worker threads waiting in `hold_chain` in 356 of 527 samples of py-spy)."""

    def audit_key() -> str:
        with Session(bind=bind) as session:
            return secret(session, "audit_key")
    values = _one_entry(entry, audit_key)
    with bind.connect() as connection:
        driver = connection.connection.driver_connection
        with driver.pipeline():
            _send_entries(driver, [values])
            driver.commit()


def history(session: Session, entity: str, entity_id: str,
            province_code: int | None = None) -> list[dict]:
    """The entries of one record; `province_code` tells apart records of several provinces that
    share a code (patient codes are issued per province)."""
    query = select(AuditEntry).where(AuditEntry.entity == entity,
                                     AuditEntry.entity_id == entity_id)
    if province_code is not None:
        query = query.where(AuditEntry.province_code == province_code)
    rows = session.scalars(query.order_by(AuditEntry.id))
    return [{"at": e.at.isoformat(), "actor": e.actor, "address": e.address,
             "action": e.action, "entity": f"{e.entity}:{e.entity_id}",
             "changes": json.loads(e.changes)} for e in rows]


def proves(session: Session, value: Any, hashed: str) -> bool:
    """Whether a hashed audit value is the hash of `value` (to check a record against it)."""
    return hmac.compare_digest(keyed_hash(secret(session, "audit_key"), value), hashed)


def verify(session: Session) -> dict:
    """Walk the chain from the first entry: {"entries": n, "ok": bool, "first_bad": id|None}."""
    previous, n = GENESIS, 0
    for e in session.execute(select(AuditEntry).order_by(AuditEntry.id)
                             .execution_options(yield_per=10_000)).scalars():
        expected = entry_hash(previous, e.at, e.actor, e.address, e.action, e.entity,
                              e.entity_id, e.province_code, e.changes)
        if e.chain != expected:
            return {"entries": n, "ok": False, "first_bad": e.id}
        previous, n = e.chain, n + 1
    return {"entries": n, "ok": True, "first_bad": None}
