"""Every database test runs on SQLite and on PostgreSQL, but for the few that tests/stores.py
narrows to one store (a browser walk whose subject is the page; a PostgreSQL-only feature).

PostgreSQL is required: a missing server is an error, never a skip. Each test process migrates
its own schema once per backend; each test starts from empty data tables (units stay).
"""

from __future__ import annotations

import contextlib
import itertools
import uuid
from pathlib import Path

import pytest
from pg_for_tests import PG_SERVER, pg_url, schema_of
from sqlalchemy import inspect, text

from episurv import models_registry  # noqa: F401
from episurv.accounts.audit_guard import guard, unguard
from episurv.db import Base, get_engine, session_scope
from episurv.setup import init_database

STATIC_TABLES = {"admin_units", "provinces", "districts", "wards", "alembic_version", "app_secrets"}


@pytest.fixture(scope="session")
def _migrated_databases(tmp_path_factory):
    """`store -> url`: the process's one migrated database of that store, made the first time a
    test asks for it and kept to the end of the session. pytest keeps one value of a
    parametrized session fixture at a time: as the tests a worker is handed alternate between
    the stores, `migrated_url` is torn down and set up again, and each time it migrated a new
    database (and the demos `demo_builds` keeps for its URL were built again)."""
    made: dict[str, str] = {}
    admin = get_engine(PG_SERVER)

    def get(store: str) -> str:
        if store not in made:
            made[store] = _migrate(store, tmp_path_factory, admin)
        return made[store]

    yield get
    for store, url in made.items():
        if store == "postgresql":
            get_engine(url).dispose()
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema_of(url)} CASCADE"))


def _migrate(store: str, tmp_path_factory, admin) -> str:
    if store == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'episurv.db'}"
        init_database(url)
        return url
    schema = f"episurv_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server fails the run
        pytest.fail(f"PostgreSQL is required for the tests and was not reachable at "
                    f"{PG_SERVER}: {exc}", pytrace=False)
    url = pg_url(schema)
    init_database(url)
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated_url(request, _migrated_databases):
    return _migrated_databases(request.param)


@pytest.fixture(scope="session", autouse=True)
def _light_password_hashing():
    """The accounts the tests make hash their passwords with the demo's one-time parameters
    (`passwords.ONE_TIME_DEMO`, argon2id still), not the standard ones: a standard hash took a
    quarter of a second of processor time, and hundreds of tests add an account or sign in. The
    standard parameters are tests/accounts/test_password_hashing.py's, which puts them back."""
    from episurv.accounts import passwords

    passwords._hasher = passwords.ONE_TIME_DEMO
    yield
    passwords._hasher = passwords.STANDARD


@pytest.fixture
def db(migrated_url, monkeypatch):
    """An empty database (units loaded) that the services use through EPISURV_DATABASE_URL."""
    empty(migrated_url)
    monkeypatch.setenv("EPISURV_DATABASE_URL", migrated_url)
    return migrated_url


@pytest.fixture(scope="session")
def emptier():
    """`empty`, for fixtures of a wider scope than `db` (a module's one build): a test module
    cannot import it, as another conftest module may hold that name."""
    return empty


@pytest.fixture(scope="session")
def demo_builds(_migrated_databases):
    """`build_demo(n_cases, seed, url)` on an emptied database: built the first time in this
    process, copied back from the rows that build wrote afterwards (tests/demo_builds.py)."""
    from demo_builds import DemoBuilds

    return DemoBuilds(empty, STATIC_TABLES, lambda: _migrated_databases("sqlite"))


@pytest.fixture
def demo_of_its_own(db, demo_builds, tmp_path):
    """`(n_cases, seed) -> url`: a database of the test's own, on the store of `db`, holding
    that demo at head, for a test that changes its schema (a downgrade). It is `episurv
    transfer`'s exact copy (`copy_database`, verified table by table) of the process's one
    build in `db`, not a build of its own: a 400-case demo took 25 to 50 seconds to build."""
    from pg_for_tests import blank_database

    from episurv.transfer import copy_database

    made = itertools.count(1)
    with contextlib.ExitStack() as stack:
        def make(n_cases: int, seed: int) -> str:
            demo_builds(n_cases, seed, db)
            store = "sqlite" if db.startswith("sqlite") else "postgresql"
            # A name per call: a second copy in one test must not land on the first's file.
            url = stack.enter_context(blank_database(store, tmp_path,
                                                     f"episurv_own_demo_{next(made)}"))
            copy_database(db, url)
            return url
        yield make


_TABLES: dict[str, frozenset[str]] = {}  # database URL -> its tables, for `empty`


def empty(migrated_url: str) -> None:
    """Delete the rows of every data table (units stay, ward populations are cleared)."""
    from episurv import dataversion

    # The versions go with their rows, behind the back of what this process remembers of them.
    dataversion.forget()
    with get_engine(migrated_url).begin() as conn:
        dialect = conn.dialect.name
        for statement in unguard(dialect):
            conn.execute(text(statement))
        # Tables the migrations made; test_migrations checks they are all the models have.
        # Asked once a database (the catalogue's answer took 19 ms a test on PostgreSQL): the
        # databases emptied here stay at the head revision; downgrades run on their own.
        if migrated_url not in _TABLES:
            _TABLES[migrated_url] = frozenset(inspect(conn).get_table_names())
        existing = _TABLES[migrated_url]
        deletes = [table.delete() for table in reversed(Base.metadata.sorted_tables)
                   if table.name not in STATIC_TABLES and table.name in existing]
        if dialect == "postgresql":
            # The forty statements in one round trip: a tenth of a second a test otherwise.
            conn.exec_driver_sql("; ".join(str(d.compile(dialect=conn.dialect))
                                           for d in deletes))
        else:
            for delete in deletes:
                conn.execute(delete)
        for statement in guard(dialect):
            conn.execute(text(statement))
        # Only the wards given one: rewriting all 10,598 rows took half a second a test on
        # PostgreSQL (a new version of every row each time).
        conn.execute(text("UPDATE admin_units SET population = NULL, population_source = NULL "
                          "WHERE level = 'ward' AND (population IS NOT NULL "
                          "OR population_source IS NOT NULL)"))


@pytest.fixture
def session(db):
    with session_scope(db) as s:
        yield s


@pytest.fixture
def write_csv(tmp_path):
    """Write a CSV from a header line and rows given as text lines."""
    def write(content: str, name: str = "cases.csv") -> Path:
        path = tmp_path / name
        path.write_text(content.strip() + "\n", encoding="utf-8")
        return path
    return write


@pytest.fixture
def write_xlsx(tmp_path):
    """Write an XLSX workbook: `rows` on its one sheet, or each of `sheets` (title, rows) in
    order, those titled in `hidden` hidden; the `merged` ranges ("A1:C1") on its last sheet."""
    from openpyxl import Workbook

    def write(rows=(), *, sheets=(), merged=(), hidden=(), name: str = "list.xlsx") -> Path:
        book = Workbook()
        for index, (title, cells) in enumerate(sheets or [("Sheet1", rows)]):
            sheet = book.active if index == 0 else book.create_sheet()
            sheet.title = title
            for row in cells:
                sheet.append(row)
            if title in hidden:
                sheet.sheet_state = "hidden"
        for cells in merged:
            book.worksheets[-1].merge_cells(cells)
        path = tmp_path / name
        book.save(path)
        return path
    return write


@pytest.fixture
def make_user(db):
    """Create an account; returns (email, password). Roles and units as `episurv users add`."""
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import add_user

    def make(role: str, unit: str | None = "Hà Nội", district: str | None = None,
             wards: list[str] | None = None) -> tuple[str, str]:
        email = f"{role}-{uuid.uuid4().hex[:8]}@test.episurv"
        if role in ("admin", "national"):
            unit = None
        # A password of the user's own: a generated one is one-time and must be changed first
        # (tests of that flow create such accounts themselves).
        password = f"pw-{uuid.uuid4().hex}"
        with session_scope(db) as s:
            add_user(s, scope=SYSTEM, email=email, role=role, unit=unit, district=district,
                     wards=wards, password=password)
        return email, password
    return make


def new_client():
    """A test client of a new app on the database EPISURV_DATABASE_URL names."""
    import warnings

    from episurv.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient
    return TestClient(create_app())


@pytest.fixture(scope="session")
def _session_renderer():
    """The chart renderer that `kept_renderer` keeps between tests, stopped at the end."""
    kept: list = []
    yield kept
    for renderer in kept:
        renderer.shutdown(wait=True, cancel_futures=True)


@pytest.fixture
def kept_renderer(_session_renderer, monkeypatch):
    """Apps this test starts (their lifespan: a live server, schemathesis over ASGI) find one
    chart renderer of the test process running, and leave it running: each lifespan otherwise
    spawns a renderer and waits at its end for it to start its JavaScript engine, about a second
    and a half of processor time a test. Outside such tests charts are drawn in the process, as
    before; the renderer's own start and stop are tests/reporting/test_chart_renderer.py's."""
    from episurv.reporting import charts

    if _session_renderer and charts._renderer is None:
        charts._renderer = _session_renderer.pop()
    monkeypatch.setattr(charts, "stop_renderer", lambda: None)
    yield
    if charts._renderer is not None:
        _session_renderer.append(charts._renderer)
        charts._renderer = None


@pytest.fixture(scope="session")
def client_maker():
    """`new_client`, for tests on a database of a wider scope than `db` (a module's one
    build), which cannot take `anonymous`."""
    return new_client


@pytest.fixture
def client_as(db, make_user):
    """An API client signed in with a real bearer token of a new account of that role."""
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import create_token

    def make(role: str, unit: str | None = "Hà Nội", district: str | None = None,
             wards: list[str] | None = None):
        email, _password = make_user(role, unit, district, wards)
        with session_scope(db) as s:
            token = create_token(s, scope=SYSTEM, email=email)
        client = new_client()
        client.headers["Authorization"] = f"Bearer {token}"
        client.email = email
        return client
    return make


@pytest.fixture
def anonymous(db):
    return new_client()
