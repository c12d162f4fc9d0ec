"""What a server worker draws as it starts, in the background: the latest daily report of each
province whose line list is kept here (the dashboard's and the public report's figures, chart
and text in the default language, and the report API's JSON), under the data version read then.

A worker's first drawing of a report took about 3 s, and every request for that page waited
for it (issue 11: the tail of the load benchmark's dashboard). Drawn before anyone asks, a
request that arrives meanwhile waits for the drawing already under way (cache.derived), never
for a second one; the worker answers everything else at once."""

from __future__ import annotations

import gc
import logging
import threading

logger = logging.getLogger("uvicorn.error")


def warm_current_reports() -> None:
    from episurv import dataversion
    from episurv.db import session_scope
    from episurv.reporting.service import provinces_with_line_list
    from episurv.web.api import daily_report_json
    from episurv.web.i18n import DEFAULT_LANG
    from episurv.web.pages import cached_report_context

    try:
        with session_scope() as session:
            codes = provinces_with_line_list(session)
        for code in codes:
            # A session per province: a long warm-up holds no snapshot or connection for long.
            with session_scope() as session:
                version = dataversion.current(session, code)
                cached_report_context(session, code, None, DEFAULT_LANG, version)
                daily_report_json(session, code, None, version)
    except Exception:  # a warm-up that fails leaves the pages to be drawn when asked
        logger.exception("drawing the current reports ahead failed")
    keep_out_of_collections()


def keep_out_of_collections() -> None:
    """What the worker holds from now on (modules, the app, the reports just drawn) is left out
    of the garbage collector's full collections (gc.freeze, Python 3.7+: "ignore them in all the
    future collections"). A full collection walked all of it, about 300,000 objects holding
    the GIL for ~150 ms of CPU every few seconds under load, and each stopped every request of
    the worker (issue 11, measured with gc.callbacks: 148 ms of CPU, a 1 s stall of the event
    loop on the loaded machine); with them frozen, 14-19 ms."""
    gc.collect()
    gc.freeze()


def start_warming() -> threading.Thread:
    warming = threading.Thread(target=warm_current_reports, name="warm-reports", daemon=True)
    warming.start()
    return warming
