"""An uploaded line list is read and imported in a process of its own (hardening issue, item 4:
"read uploads outside the server process's memory budget").

The child is started fresh (the spawn method: nothing of the server's threads, locks or
connections is copied into it), loads the importer, then caps its own address space at what it
holds plus `upload_memory_mb`. A file that would cost more ends that process, never the server:
the child reports a MemoryError as a message, and if the allocation failure kills it outright
the parent says so. The import is one transaction in the child, so a child that dies has
written nothing. Progress and the result come back over a pipe.
"""

from __future__ import annotations

import errno
import multiprocessing
from collections.abc import Callable
from pathlib import Path

from episurv.accounts.scope import Scope
from episurv.core.i18n import N_
from episurv.errors import EpisurvError

Progress = Callable[[int, int], None]
POLL_SECONDS = 0.5


class ImportFailed(EpisurvError):
    """The import in the child ended without importing anything; the message says why, with
    the code and values of the error that ended it, so a page says it in its language."""


_MEMORY = N_("%(file)s: reading it needs more than %(mb)s MB of memory; nothing was imported "
             "(split the file, or raise EPISURV_UPLOAD_MEMORY_MB)")


def import_in_child(path: Path, *, scope: Scope, rejects: Path | None,
                    progress: Progress | None = None, memory_mb: int | None = None,
                    lang: str | None = None) -> dict:
    """Import `path` as `import_cases` does, in a child process; its result, or ImportFailed.
    `lang`: the language the rejected rows' reasons are written in (None: English)."""
    from episurv.config import get_settings

    budget = memory_mb if memory_mb is not None else get_settings().upload_memory_mb
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, path, scope, rejects, budget, lang),
                            name="episurv-import", daemon=True)
    child.start()
    send.close()  # the child holds the only writing end: end of file means it has gone
    outcome: tuple | None = None
    try:
        while outcome is None:
            if not receive.poll(POLL_SECONDS):
                if not child.is_alive() and not receive.poll(0):
                    break
                continue
            try:
                message = receive.recv()
            except EOFError:
                break
            if message[0] == "progress":
                if progress is not None:
                    progress(message[1], message[2])
            else:
                outcome = message
    finally:
        child.join(timeout=30)
        if child.is_alive():
            child.kill()
            child.join()
        receive.close()
    if outcome is None:
        raise ImportFailed(
            N_("%(file)s: the import stopped (exit code %(exit)s), most likely for needing "
               "more than its %(mb)s MB of memory; nothing was imported (split the file, or "
               "raise EPISURV_UPLOAD_MEMORY_MB)"), code="import_stopped", file=path.name,
            exit=str(child.exitcode), mb=budget)
    if outcome[0] == "failed":
        _kind, template, code, params = outcome
        raise ImportFailed(template, code=code, **params) if code else ImportFailed(template)
    return outcome[1]


def _failed(exc: EpisurvError) -> tuple:
    """What the child sends when it ends without importing: the error's template, code and
    values (as plain values: they cross the pipe), or its words when it has no code."""
    if exc.code is None:
        return ("failed", str(exc), None, {})
    return ("failed", exc.template, exc.code,
            {k: v if isinstance(v, str | int | list | tuple) else str(v)
             for k, v in exc.params.items()})


def _child(send, path: Path, scope: Scope, rejects: Path | None, budget_mb: int,
           lang: str | None) -> None:
    import charset_normalizer  # noqa: F401 - loaded before the cap, as everything below
    import polars as pl
    from sqlalchemy import text

    import episurv.cases.counts  # noqa: F401
    import episurv.dataversion  # noqa: F401
    from episurv.cases.importer import import_cases
    from episurv.db import is_database_error, session_scope

    pl.thread_pool_size()  # starts polars' threads, whose stacks are not the file's cost
    try:
        with session_scope(write=True) as session:
            session.execute(text("SELECT 1"))  # the driver and the connection, before the cap
            _cap_memory(budget_mb)
            result = import_cases(session, path, scope=scope, rejects=rejects, lang=lang,
                                  progress=lambda done, total: send.send(("progress", done,
                                                                          total)))
        send.send(("done", result))
    except EpisurvError as exc:
        send.send(_failed(exc))
    except (MemoryError, OSError) as exc:
        if not isinstance(exc, MemoryError) and exc.errno not in (errno.ENOMEM, errno.EAGAIN):
            raise
        send.send(_failed(ImportFailed(_MEMORY, code="import_memory", file=path.name,
                                       mb=budget_mb)))
    except Exception as exc:  # noqa: BLE001 - the parent must hear how it ended, whatever it was
        send.send(_failed(
            ImportFailed(N_("another import or edit changed these cases at the same time; "
                            "nothing was imported, run the import again"),
                         code="import_concurrent")
            if is_database_error(exc)
            else ImportFailed(N_("the import failed (%(error)s); nothing was imported"),
                              code="import_failed", error=type(exc).__name__)))
    finally:
        send.close()


def _cap_memory(budget_mb: int) -> None:
    """Limit the address space to what the loaded interpreter holds plus the budget."""
    try:
        import resource
    except ImportError:  # not a POSIX system: no cap, the process is still apart
        return
    held = _address_space_bytes()
    if held is None:
        return
    limit = held + (budget_mb << 20)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    import os

    return pages * os.sysconf("SC_PAGE_SIZE")
