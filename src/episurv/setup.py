"""Bringing a database to a usable state: migrations, units, demo data."""

from __future__ import annotations

import tempfile
from pathlib import Path

from episurv.cases.service import Progress
from episurv.config import get_settings
from episurv.db import session_scope
from episurv.migrations import upgrade


def init_database(url: str | None = None) -> int:
    """Migrate to head and seed the administrative units; returns how many units were added."""
    from episurv.geo.service import seed_units

    url = url or get_settings().database_url
    upgrade(url)
    with session_scope(url) as session:
        return seed_units(session)


def build_demo(n_cases: int | None, seed: int, progress: Progress | None = None,
               url: str | None = None) -> dict:
    """Initialise the database and import a synthetic Hà Nội outbreak through the importer."""
    from episurv.accounts.scope import SYSTEM
    from episurv.cases.importer import import_cases
    from episurv.demo.generator import generate, write_csv
    from episurv.demo.levels import build as demo_levels
    from episurv.demo.outbreak import build_outbreak

    init_database(url)
    rows = generate(n_cases, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-cases.csv"
        write_csv(rows, path)
        with session_scope(url) as session:
            result = import_cases(session, path, scope=SYSTEM, progress=progress)
    with session_scope(url) as session:
        result["levels"] = demo_levels(session)
        result["accounts"] = demo_accounts(session)
    from episurv.demo.homecare import build as build_homecare

    result["homecare"] = build_homecare(url, seed)
    with session_scope(url) as session:
        result["outbreak"] = build_outbreak(session, rows, seed)
    return result


def build_national_demo(n_cases: int, seed: int, progress: Progress | None = None,
                        url: str | None = None) -> dict:
    """Initialise the database and build a synthetic outbreak across all 63 provinces, chunk
    by chunk (`demo.national_build`): the line list through the importer, its contacts, home
    care and the provinces' daily figures (memory stays flat; COPY on PostgreSQL)."""
    from episurv.demo.national_build import build

    init_database(url)
    written = build(n_cases, seed, url, progress)
    with session_scope(url) as session:
        accounts = demo_accounts(session)
    return {"rows": written["cases"], "national": written, "accounts": accounts}


# Demo accounts: one per kind of user, in Hà Nội. Passwords are generated each time.
DEMO_ACCOUNTS = (
    ("admin@demo.episurv", "admin", None, None, None),
    ("bo-y-te@demo.episurv", "national", None, None, None),
    ("cdc@demo.episurv", "province", "Hà Nội", None, None),
    ("ttyt-badinh@demo.episurv", "district", "Hà Nội", "Ba Đình", None),
    ("tram-congvi@demo.episurv", "station", "Hà Nội", "Ba Đình", ["Cống Vị"]),
    ("xem@demo.episurv", "viewer", "Hà Nội", None, None),
)


def demo_accounts(session) -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; returns (email, role, password)."""
    from sqlalchemy import select

    from episurv.accounts.models import User
    from episurv.accounts.scope import SYSTEM
    from episurv.accounts.service import add_user

    made = []
    for email, role, unit, district, wards in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.email == email)):
            continue
        _user, password = add_user(session, scope=SYSTEM, email=email, role=role, unit=unit,
                                   district=district, wards=wards, demo=True)
        made.append((email, role, password))
    return made
