"""Every answer of the API is described by a named schema in the OpenAPI (issue 9: "every
cross-layer payload has a schema"): each 2xx response of a checked operation refers to a
component (or is a list of one), and that component is not a bare object."""

from __future__ import annotations

import pytest

from episurv.web.app import create_app

# The operations checked, by the start of their path.
CHECKED = ("/api/v1/stations", "/api/v1/checkins", "/api/v1/public/checkins")

SPEC = create_app().openapi()


def _operations() -> list[tuple[str, str, str, dict]]:
    return [(method.upper(), path, code, response)
            for path, ops in SPEC["paths"].items() if path.startswith(CHECKED)
            for method, op in ops.items()
            for code, response in op["responses"].items() if code.startswith("2")]


def _component(ref: str) -> dict:
    prefix = "#/components/schemas/"
    assert ref.startswith(prefix), ref
    return SPEC["components"]["schemas"][ref[len(prefix):]]


def test_the_checked_operations_are_all_there():
    # Counted by hand from api_homecare.py: 18 under /stations, the staff check-in, and the
    # personal link's status and check-in (its old address is not published).
    found = [(m, p) for m, p, _code, _r in _operations()]
    assert len(found) == 21
    assert sum(p.startswith("/api/v1/stations") for _m, p in found) == 18
    assert ("POST", "/api/v1/public/checkins/{province_code}") in found


@pytest.mark.parametrize(("method", "path", "code", "response"), _operations(),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_every_answer_names_its_schema(method, path, code, response):
    schema = response["content"]["application/json"]["schema"]
    if schema.get("type") == "array":
        schema = schema["items"]
    assert set(schema) == {"$ref"}, f"{method} {path} {code}: {schema}"
    component = _component(schema["$ref"])
    # A named object lists its fields; a named map (StationActivity) types its values.
    assert component.get("properties") or isinstance(
        component.get("additionalProperties"), dict), f"{schema['$ref']} is a bare object"
