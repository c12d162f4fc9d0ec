"""Record ids in a URL: 32-bit integers in the store, so a larger one is a 422, not a 500."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

DbId = Annotated[int, Path(ge=1, le=2**31 - 1)]
