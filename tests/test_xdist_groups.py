"""`make test` runs `--dist loadgroup`: the tests of one `xdist_group` run in one worker, so a
demo or a national build is made once per store and shared (tests/demo_builds.py, the
module-scoped builds). pytest-xdist 3.8 names the group by rewriting an attribute that
pytest 9.2 no longer reads; the groups were then split over both workers without a word, each
making its own build, and a module's build was torn down and made again as its tests
alternated with others (seen in tests/demo/test_national_investigation.py: the national demo
built five times instead of three). This runs the README's command on a small suite of its own
and checks where each test ran."""

from __future__ import annotations

import os
import subprocess
import sys

GROUPED = '''
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("one_build")


@pytest.mark.parametrize("n", range(6))
def test_grouped(n):
    Path(f"grouped-{n}").write_text(os.environ["PYTEST_XDIST_WORKER"])
'''

ALONE = '''
import os
from pathlib import Path

import pytest


@pytest.mark.parametrize("n", range(6))
def test_alone(n):
    Path(f"alone-{n}").write_text(os.environ["PYTEST_XDIST_WORKER"])
'''


def test_the_tests_of_a_group_run_in_one_worker(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    (tmp_path / "test_alone.py").write_text(ALONE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-n", "2", "--dist", "loadgroup"], cwd=tmp_path, capture_output=True,
                         text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.returncode == 0, out.stdout + out.stderr
    grouped = {(tmp_path / f"grouped-{n}").read_text() for n in range(6)}
    alone = {(tmp_path / f"alone-{n}").read_text() for n in range(6)}
    assert len(grouped) == 1, grouped
    # Both workers ran: the group was not kept together by there being one worker only.
    assert grouped | alone == {"gw0", "gw1"}
