"""Where the team's shared material is: `../shared` beside the project root (the layout of the
team's checkouts), or the folder EPISURV_SHARED_DIR names (a checkout elsewhere, such as a
worktree). Tests read the reference and real texts there in place and never copy them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_dir() -> Path:
    named = os.environ.get("EPISURV_SHARED_DIR")
    return Path(named) if named else Path(__file__).parents[2] / ".." / "shared"


def shared_path(*parts: str) -> Path:
    """The shared file or folder, or a skip that says what is missing."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{'/'.join(parts)} is not in the shared folder ({shared_dir()}); "
                    "set EPISURV_SHARED_DIR", allow_module_level=True)
    return path
