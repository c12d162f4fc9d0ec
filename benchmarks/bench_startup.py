"""Command-line start-up (issue 11): `episurv --help` within 5x the start-up of a bare
`python -c "import typer"`, each side the median of several runs in the same process tree."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 7
TARGET = 5.0


def _median_seconds(argv: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    # The installed console script, beside this interpreter (the venv's bin/).
    script = Path(sys.executable).with_name("episurv")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "episurv.cli"]
    baseline = _median_seconds([sys.executable, "-c", "import typer"])
    bare = _median_seconds([sys.executable, "-c", "pass"])
    took = _median_seconds([*command, "--help"])
    print(f"baseline python -c 'import typer': {baseline * 1000:.0f} ms "
          f"(python -c pass: {bare * 1000:.0f} ms; median of {RUNS})", flush=True)
    print(f"episurv --help: {took * 1000:.0f} ms (ratio {took / baseline:.2f} x baseline; "
          f"target <= {TARGET:g})", flush=True)


if __name__ == "__main__":
    main()
