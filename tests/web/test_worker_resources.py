"""What a server worker holds for its requests (issue 11, the load benchmark's tail): the
database connections it keeps, the threads its requests run in, and the objects its garbage
collector leaves alone once it has drawn the current reports."""

from __future__ import annotations

import gc
import threading
import warnings

from sqlalchemy import event, text

from episurv.db import POOL_SIZE, get_engine, session_scope


def test_as_many_units_of_work_as_threads_reuse_the_connections_kept(db):
    """Ten units of work open at once (a worker's ten request threads), closed, then ten again:
    the second ten open no connection. With SQLAlchemy's default pool (5 kept) the five past
    the fifth were closed as they came back and opened again by the next ten, a new
    PostgreSQL backend each time."""
    assert POOL_SIZE == 10
    engine = get_engine(db)
    engine.dispose()
    opened = []

    def connected(*_args) -> None:
        opened.append(1)

    event.listen(engine, "connect", connected)
    try:
        for _round in range(2):
            started, release = threading.Barrier(POOL_SIZE + 1), threading.Event()

            def hold(started=started, release=release) -> None:
                with session_scope(db) as session:
                    session.execute(text("SELECT 1"))
                    started.wait()
                    release.wait()

            workers = [threading.Thread(target=hold) for _ in range(POOL_SIZE)]
            for worker in workers:
                worker.start()
            started.wait()
            release.set()
            for worker in workers:
                worker.join()
            assert len(opened) == POOL_SIZE  # the first round's ten, none after
    finally:
        event.remove(engine, "connect", connected)
        engine.dispose()


def test_a_worker_runs_its_requests_in_as_many_threads_as_connections(db, kept_renderer):
    """anyio's default is 40 threads a process: 40 requests' database work at once, on a pool
    of 10. Its lifespan gives the app one thread per connection kept; the requests beyond wait
    in the limiter's queue in the order they came."""
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from episurv.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client = TestClient(create_app())
    with client:
        limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)
        assert limiter.total_tokens == POOL_SIZE == 10
        assert client.get("/signin").status_code == 200  # a route run in one of them


def test_the_warm_up_leaves_what_the_worker_holds_out_of_full_collections(db):
    """After the warm-up (the reports of each province drawn), everything alive is frozen: a
    full collection no longer walks the modules, the app and the cached reports (measured under
    load: 148 ms of CPU each before, 14-19 ms after)."""
    from episurv.web.warmup import start_warming

    gc.unfreeze()  # a server that another test started in this process has warmed up too
    assert gc.get_freeze_count() == 0
    try:
        start_warming().join(timeout=120)
        frozen = gc.get_freeze_count()
        # This process's modules and tests alone are well over 100,000 objects.
        assert frozen > 100_000, frozen
    finally:
        gc.unfreeze()
