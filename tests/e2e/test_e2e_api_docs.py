"""/api/docs draws Swagger UI from the vendored files alone (issue 11: it loaded them from a
CDN and was blank offline). On SQLite only: the page reads nothing from the store."""

from __future__ import annotations

from playwright.sync_api import expect
from stores import ONLY_SQLITE

pytestmark = ONLY_SQLITE


def test_swagger_ui_renders_with_no_request_leaving_the_server(live_server, page):
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(f"{live_server}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("episurv")
    expect(page.locator(".opblock-summary-path").filter(has_text="/api/v1/cases/{case_id}")
           .first).to_be_visible()
    assert outside == []
