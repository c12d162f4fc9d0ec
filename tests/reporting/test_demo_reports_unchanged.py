"""The daily reports of the demo stay byte-identical across refactorings of the store (issue 9:
"the reports of the demo must be byte-identical before and after").

The golden file was written by the code before the schema moved to province-keyed tables
(commit 8624c61); regenerate it only for a change that means to alter a report, with
`EPISURV_WRITE_GOLDEN=1 pytest tests/reporting/test_demo_reports_unchanged.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from episurv.cli import app
from episurv.setup import build_demo

GOLDEN = Path(__file__).parent / "golden" / "demo_reports.txt"
DAYS = ("2021-07-20", "2021-08-15", "2021-09-05", "2021-10-01", "2021-11-07", "2021-11-21")


def demo_reports(url: str) -> str:
    """Every report of DAYS, as text in both languages and as JSON, one after the other."""
    runner = CliRunner()
    parts = []
    for day in DAYS:
        for args in (["--format", "text", "--lang", "vi"], ["--format", "text", "--lang", "en"],
                     ["--format", "json"]):
            result = runner.invoke(app, ["report", "daily", "--province", "Hà Nội", "--date", day,
                                         *args], env={"EPISURV_DATABASE_URL": url})
            assert result.exit_code == 0, result.output
            parts.append(f"=== {day} {' '.join(args)}\n{result.stdout}")
    return "".join(parts)


def test_demo_reports_are_byte_identical_to_the_golden_file(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/demo.db"
    monkeypatch.setenv("EPISURV_DATABASE_URL", url)
    build_demo(1500, 2021, url=url)
    text = demo_reports(url)
    if os.environ.get("EPISURV_WRITE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
