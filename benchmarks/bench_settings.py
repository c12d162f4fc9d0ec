"""The cost of `get_settings()`, which services call on every use: its cache is keyed by the
values of the variables Settings reads, looked up by name. Baseline in the same run: the key it
had before, a scan of the whole environment for EPISURV_* variables, sorted (each side the
median of RUNS runs of CALLS calls)."""

from __future__ import annotations

import os
import statistics
import time

CALLS = 100_000
RUNS = int(os.environ.get("EPISURV_BENCH_RUNS", "5"))


def _per_call(function) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for _ in range(CALLS):
            function()
        times.append((time.perf_counter() - start) / CALLS)
    return statistics.median(times)


def main() -> None:
    from episurv.core import settings

    def keyed_by_scan() -> object:
        # get_settings() as it was: the same cache, under a key made by scanning.
        return settings._settings(tuple(sorted((k, v) for k, v in os.environ.items()
                                               if k.startswith(settings.PREFIX))))

    call = _per_call(settings.get_settings)
    scan = _per_call(keyed_by_scan)
    print(f"get_settings(): {call * 1e6:.2f} µs per call; keyed by a scan of the environment "
          f"({len(os.environ)} variables), as before: {scan * 1e6:.2f} µs; "
          f"{scan / call:.1f}x faster", flush=True)


if __name__ == "__main__":
    main()
