"""Charts of a server worker are drawn in a renderer process (issue 11): vl-convert holds the
GIL while it draws, so a worker drawing in its own process stopped every other request it
served, and uvicorn's health check, for as long as the chart took."""

from __future__ import annotations

import os
import re
import signal

from episurv.reporting import charts, drawing
from episurv.reporting.charts import (
    epi_curve_spec,
    start_renderer,
    stop_renderer,
    to_png,
    to_svg,
)

CURVE = [{"date": f"2021-10-{d:02d}", "community": d, "quarantine": 2 * d} for d in range(1, 29)]


def test_a_started_renderer_draws_in_another_process_the_same_svg():
    spec = epi_curve_spec(CURVE, "vi")
    start_renderer()
    try:
        renderer = charts._renderer.submit(os.getpid).result()
        apart = to_svg(spec)
    finally:
        stop_renderer()
    assert renderer != os.getpid()
    assert charts._renderer is None  # stopped: a command draws in its own process again
    # The same drawing; vega numbers its clip paths by a counter of the process, so a process
    # that drew other charts first names them differently.
    assert _clips_renumbered(apart) == _clips_renumbered(to_svg(spec))
    assert apart.startswith("<svg") and "Cộng đồng" in apart


def test_the_renderer_loads_vl_convert_without_altair():
    """The renderer is started by `spawn` and imports what unpickling its work needs: the
    drawing functions lived in reporting.charts, and each start of a server worker's renderer
    imported altair with them (a quarter of a second of processor time, for nothing)."""
    start_renderer()
    try:
        # A builtin is sent by name, so the question brings no module of ours with it.
        loaded = charts._renderer.submit(
            eval, "sorted(m for m in __import__('sys').modules if m in ('altair', "
                  "'vl_convert', 'episurv.reporting.charts'))").result()
    finally:
        stop_renderer()
    assert loaded == ["vl_convert"]


def test_a_started_renderer_draws_the_png_too(monkeypatch):
    spec = epi_curve_spec(CURVE, "vi")
    start_renderer()
    try:
        submitted = []
        submit = charts._renderer.submit
        monkeypatch.setattr(charts._renderer, "submit",
                            lambda fn, *args: submitted.append(fn) or submit(fn, *args))
        apart = to_png(spec)
    finally:
        stop_renderer()
    assert submitted == [drawing.draw_png]
    assert apart.startswith(b"\x89PNG") and apart == to_png(spec)


def test_a_renderer_that_died_is_replaced_and_the_chart_still_drawn():
    spec = epi_curve_spec(CURVE, "vi")
    start_renderer()
    try:
        first = charts._renderer.submit(os.getpid).result()
        os.kill(first, signal.SIGKILL)
        drawn = to_svg(spec)
        second = charts._renderer.submit(os.getpid).result()
    finally:
        stop_renderer()
    assert drawn.startswith("<svg") and "Cộng đồng" in drawn
    assert second not in (first, os.getpid())


def _clips_renumbered(svg: str) -> str:
    names: dict[str, str] = {}
    return re.sub(r"clip\d+", lambda m: names.setdefault(m.group(0), f"clip{len(names)}"), svg)


def test_a_renderer_found_dead_after_the_process_stopped_its_renderer_is_not_replaced():
    """A worker shutting down stops its renderer while a background drawing (the warm-up) may
    still find the old one dead: no renderer is started then (that drawing is done in the
    process), which nothing would stop and whose process kept the worker from exiting."""
    start_renderer()
    dead = charts._renderer
    os.kill(dead.submit(os.getpid).result(), signal.SIGKILL)
    stop_renderer()
    assert charts._replace_renderer(dead) is None
    assert charts._renderer is None
