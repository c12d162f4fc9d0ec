"""The command line loads only what a command uses: `episurv --help` must not pay for SciPy,
polars, SQLAlchemy, FastAPI or the bulletin reader (issue: every command cost 4-5 s of CPU)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["scipy", "numpy", "polars", "sqlalchemy", "fastapi", "uvicorn", "altair",
         "episurv.bulletins.parse", "episurv.db", "openpyxl", "rapidfuzz"]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          "print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_module():
    loaded = _modules_after("import episurv.cli")
    assert "typer" in loaded
    assert [m for m in HEAVY if m in loaded] == []


def test_help_of_a_command_loads_no_heavy_module():
    loaded = _modules_after(
        "from typer.testing import CliRunner\nfrom episurv.cli import app\n"
        "r = CliRunner().invoke(app, ['report', 'daily', '--help'])\nassert r.exit_code == 0")
    assert [m for m in HEAVY if m in loaded] == []
