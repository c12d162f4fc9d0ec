"""No personal field value of the demo database reaches any public page or open-data output."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from episurv.cases.models import Case
from episurv.clusters.models import Cluster
from episurv.geo.units import register

PUBLIC_PREFIXES = ("/public", "/api/v1/public", "/api/v1/reports", "/api/v1/exports")


def public_get_routes(app) -> list[str]:
    paths = {path for path, ops in app.openapi()["paths"].items() if "get" in ops}
    # Pages are left out of the OpenAPI schema: walk the app's routes for them as well.
    stack = list(app.routes)
    while stack:
        route = stack.pop()
        router = getattr(route, "original_router", route)  # FastAPI wraps included routers
        stack.extend(getattr(router, "routes", []) or [])
        path = getattr(route, "path", None)
        if path and "GET" in (getattr(route, "methods", None) or ()):
            paths.add(path)
    return sorted(p for p in paths if p.startswith(PUBLIC_PREFIXES) and "{" not in p)


def any_of(values: set[str]) -> re.Pattern:
    """One pattern that finds any of `values` in a text: the values as a trie, so each place in
    the text costs a few character tests rather than one search per value (3,000 values over
    some 100 answers was most of this test's time)."""
    trie: dict = {}
    for value in values:
        node = trie
        for char in value:
            node = node.setdefault(char, {})
        node[""] = {}

    def alternatives(node: dict) -> str:
        branches = [re.escape(char) + alternatives(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return re.compile(alternatives(trie))


@pytest.fixture(scope="module")
def demo_dates():
    return ["2021-05-10", "2021-08-20", "2021-11-05", "2021-11-07", "2021-11-21"]


# One worker runs the tests of this demo (here and in tests/e2e/test_e2e_levels.py), under
# `--dist loadgroup` (the Makefile's): its build is made once per store and copied back.
@pytest.mark.xdist_group("demo_2000_7")
def test_public_outputs_carry_no_personal_data(db, anonymous, session, demo_dates,
                                               demo_builds):
    demo_builds(2000, 7, db)
    personal = set()
    for name, phone, address in session.execute(select(Case.name, Case.phone, Case.address)):
        personal.update(v for v in (name, phone, address) if v)
    assert len(personal) > 3000  # names, phones and addresses of 2,000 synthetic people
    # Streets and clusters are named after people ("Trần Duy Hưng"): a person who shares such a
    # name is not exposed by the place's name being shown.
    places = [c for (c,) in session.execute(select(Cluster.name))]
    places += [u.name for u in register().by_code.values()]
    every_place = "\n".join(places)  # no value holds a line break: found in one place or none
    homonyms = {v for v in personal if v in every_place}
    assert len(homonyms) < 5
    personal -= homonyms
    routes = public_get_routes(anonymous.app)
    assert "/public/report" in routes and "/api/v1/reports/daily" in routes
    anyone = any_of(personal)
    checked = 0
    for route in routes:
        for day in demo_dates:
            for lang in ("vi", "en"):
                response = anonymous.get(route, params={"province": "Hà Nội", "date": day,
                                                        "lang": lang})
                assert response.status_code == 200, (route, day, response.text[:200])
                body = response.text
                if anyone.search(body):
                    leaked = sorted(value for value in personal if value in body)
                    pytest.fail(f"{route} on {day} ({lang}) shows {leaked[:5]}")
                checked += 1
    assert checked >= 20
