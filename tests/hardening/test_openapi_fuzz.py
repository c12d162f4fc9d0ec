"""schemathesis over the whole OpenAPI: whatever a client sends to any route, signed in as an
administrator (who reaches every route) or anonymous, the answer is never a 500."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from episurv.web.app import create_app

schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app())


@pytest.fixture
def admin_token(client_as) -> str:
    return client_as("admin").headers["Authorization"]


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.usefixtures("kept_renderer")
def test_no_route_answers_500(case, admin_token):
    for headers in ({"Authorization": admin_token}, {}):
        response = case.call(headers=headers)
        assert response.status_code < 500, (case.method, case.path, case.body,
                                             case.query, response.text[:300])
