"""Peak memory (RSS) of the commands that stream data (issue 16: "peak RSS of every command
printed; none grows with the size of the data where it streams"): each command runs as
`episurv ...` in a process of its own, at two sizes, and its peak RSS is printed for both. Flat
means the two figures are about equal; the target is under 400 MB whatever the size (issue 11).

EPISURV_BENCH_MEMORY_ROWS sets the two sizes (default "20000,200000"); SQLite databases in a
temporary directory. The commands: `import cases` of a line list of that many rows into a new
database, `demo --provinces all --cases N`, `export cases`, `backup`, `restore`, `transfer`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SIZES = [int(n) for n in os.environ.get("EPISURV_BENCH_MEMORY_ROWS", "20000,200000").split(",")]
TARGET_MB = 400


# `episurv ARGS` in an interpreter that reports its own peak RSS at exit. The kernel's figure
# for a waited child (wait4's ru_maxrss) counts the memory of the process it was forked from
# as it stood at the fork: this benchmark holds the generated rows then, so every command
# seemed to grow with them. VmHWM is the high-water mark of the command's own memory since exec.
_CHILD = """
import atexit, sys
def _peak():
    with open("/proc/self/status") as fh:
        kb = next(line for line in fh if line.startswith("VmHWM:")).split()[1]
    sys.stderr.write(f"episurv-peak-kb {kb}\\n")
atexit.register(_peak)
sys.argv = ["episurv", *sys.argv[1:]]
from episurv.cli import app
app()
"""


def peak_rss(args: list[str], database: str) -> float:
    """Peak RSS in MB of `episurv args` in a process of its own."""
    env = {**os.environ, "EPISURV_DATABASE_URL": database}
    child = subprocess.run([sys.executable, "-c", _CHILD, *args], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    errors = child.stderr.decode(errors="replace").strip().splitlines()
    peaks = [line.split()[1] for line in errors if line.startswith("episurv-peak-kb ")]
    if child.returncode or not peaks:
        raise SystemExit(f"episurv {' '.join(args)} failed ({child.returncode}): "
                         + " / ".join(errors[-3:]))
    return int(peaks[-1]) / 1024


def measure(workdir: Path, rows: int) -> dict[str, float]:
    from episurv.demo.generator import generate_columns, write_columns_csv

    here = workdir / str(rows)
    here.mkdir()
    line_list = here / "cases.csv"
    write_columns_csv(generate_columns(rows, seed=11), line_list)
    imported = f"sqlite:///{here / 'imported.db'}"
    national = f"sqlite:///{here / 'national.db'}"
    peaks: dict[str, float] = {}
    peak_rss(["init"], imported)
    peaks["import cases"] = peak_rss(["import", "cases", str(line_list)], imported)
    peaks["demo --provinces all"] = peak_rss(
        ["demo", "--provinces", "all", "--cases", str(rows), "--no-serve"], national)
    peaks["export cases"] = peak_rss(["export", "cases", "--out", str(here / "out.csv")],
                                     national)
    backup = here / "backup.db"
    peaks["backup"] = peak_rss(["backup", str(backup)], national)
    peaks["restore"] = peak_rss(["restore", str(backup)], f"sqlite:///{here / 'restored.db'}")
    peaks["transfer"] = peak_rss(["transfer", "--from", national, "--to",
                                  f"sqlite:///{here / 'moved.db'}"], national)
    return peaks


def main() -> None:
    small, large = SIZES
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        first = measure(workdir, small)
        second = measure(workdir, large)
    print(f"peak RSS per command, {small:,} and {large:,} rows (each its own process; "
          f"target < {TARGET_MB} MB, flat: about equal)", flush=True)
    for command, mb in first.items():
        other = second[command]
        verdict = "flat" if other <= mb * 1.25 else "grows"
        print(f"  episurv {command}: {mb:.0f} MB at {small:,}, {other:.0f} MB at {large:,} "
              f"({other / mb:.2f} x; {verdict}; {'under' if other < TARGET_MB else 'OVER'} "
              f"{TARGET_MB} MB)", flush=True)


if __name__ == "__main__":
    main()
