"""A clone runs the README's test command: what it lacks is said in one line (issue 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_a_missing_chromium_is_one_line_not_a_traceback(tmp_path):
    env = {**os.environ, "EPISURV_CHROMIUM": str(tmp_path / "no-chromium")}
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "tests/e2e/test_e2e_api_docs.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 1
    said = [line for line in out.stdout.splitlines() if "no-chromium" in line]
    assert said and all("apt-get install chromium" in line for line in said)
    assert "Traceback" not in out.stdout and "playwright._impl" not in out.stdout
