"""DHIS2 and FHIR exchange on the demo line list (6,550 cases of Hà Nội, 27/4–21/11/2021).

Figures, each the median of 3 runs against a baseline measured in the same run on the same
database (SQLite):
- DHIS2 export (dataValueSets JSON, Hà Nội and its 30 districts, every day of the wave) against
  reading the same unit-days (aggregates.series.unit_days): the cost of the payload itself.
- DHIS2 import of that payload into a new database against importing the same figures as the
  long CSV (aggregates.importer): both end in the same submissions.
- FHIR export of every case (Patient + Condition, pseudonymised) against reading the same cases
  page by page as the case list's CSV export does (cases.service.list_cases).

Run: .venv/bin/python benchmarks/bench_interop.py
"""

from __future__ import annotations

import csv
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from episurv.accounts.scope import SYSTEM
from episurv.aggregates.rules import MEASURES
from episurv.db import session_scope
from episurv.geo.units import DISTRICT, register
from episurv.interop.mapping import read_mapping
from episurv.setup import build_demo, init_database

SINCE, UNTIL = date(2021, 4, 27), date(2021, 11, 21)


def median_seconds(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def mapping():
    lines = ["measures:"] + [f"  {m}: {{data_element: de{i:02d}{m[:6]}}}"
                             for i, m in enumerate(MEASURES)]
    lines += ["units:", "  provinces: {1: OU-P01}", "  districts:"]
    lines += [f"    {d.code}: OU-D{d.code:03d}" for d in register().units(DISTRICT, 1)]
    return read_mapping("\n".join(lines))


def line(name: str, seconds: float, base: float, extra: str = "") -> None:
    print(f"{name}: {seconds * 1000:.0f} ms{extra} (ratio {seconds / base:.2f} x baseline "
          f"{base * 1000:.0f} ms)", flush=True)


def main() -> None:
    from episurv.aggregates.importer import import_aggregates
    from episurv.aggregates.series import unit_days
    from episurv.cases import service as cases
    from episurv.interop.service import export_dhis2, export_fhir, import_dhis2

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        build_demo(None, 2021, url=url)
        m = mapping()
        with session_scope(url) as s:
            payload, counts = export_dhis2(s, scope=SYSTEM, since=SINCE, until=UNTIL, mapping=m)
            export = median_seconds(lambda: export_dhis2(s, scope=SYSTEM, since=SINCE,
                                                         until=UNTIL, mapping=m))
            read = median_seconds(lambda: unit_days(s, since=SINCE, until=UNTIL))
            rows = unit_days(s, since=SINCE, until=UNTIL)
        line("dhis2 export json", export, read, f" for {counts['values']:,} data values")

        reg = register()
        long_csv = Path(tmp) / "figures.csv"
        with open(long_csv, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["date", "province", "district", *MEASURES])
            for r in rows:
                writer.writerow([r["date"].isoformat(), "Hà Nội",
                                 reg.get(DISTRICT, r["district_code"]).name
                                 if r["district_code"] else "",
                                 *["" if r[m] is None else r[m] for m in MEASURES]])

        def fresh(name: str) -> str:
            target = f"sqlite:///{Path(tmp) / name}"
            init_database(target)
            return target

        imports, baselines = [], []
        for k in range(3):
            target = fresh(f"dhis2-{k}.db")
            with session_scope(target) as s:
                start = time.perf_counter()
                import_dhis2(s, scope=SYSTEM, text=payload, mapping=m, name="demo.json")
                imports.append(time.perf_counter() - start)
            target = fresh(f"csv-{k}.db")
            with session_scope(target) as s:
                start = time.perf_counter()
                import_aggregates(s, long_csv, scope=SYSTEM)
                baselines.append(time.perf_counter() - start)
        line("dhis2 import json", statistics.median(imports), statistics.median(baselines))

        def read_cases() -> int:
            n, cursor = 0, None
            while True:
                page, cursor = cases.list_cases(s, scope=SYSTEM, limit=1000, after=cursor)
                n += len(page)
                if cursor is None:
                    return n

        with session_scope(url) as s:
            resources, fhir_counts = export_fhir(s, scope=SYSTEM, province_code=1)
            fhir = median_seconds(lambda: json.dumps(export_fhir(s, scope=SYSTEM,
                                                                 province_code=1)[0]))
            base = median_seconds(read_cases)
            s.rollback()  # the export's audit entries are not the benchmark's business
        line("fhir export", fhir, base, f" for {fhir_counts['patients']:,} patients")


if __name__ == "__main__":
    main()
