"""Exports that cannot run formulas, same-site redirects, sign-in CSRF, security headers,
forwarded addresses, tokens and passwords: each a finding of the probe of issue 10."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from signing import sign_in
from sqlalchemy import select, update
from typer.testing import CliRunner

from episurv.accounts.models import AuditEntry, WebSession
from episurv.accounts.scope import SYSTEM
from episurv.accounts.service import add_user
from episurv.cases.importer import import_cases
from episurv.cli import app
from episurv.core.cells import neutralise
from episurv.db import session_scope

FORMULAS = ("case_id,report_date,province,name,address,phone\n"
            "BN1,2021-11-10,Hà Nội,=cmd|' /C calc'!A0,=1+2,@SUM(1+1)\n"
            "BN2,2021-11-10,Hà Nội,-2+3,+84 912,\tTab\n")


def test_neutralise_follows_owasp():
    assert [neutralise(v) for v in ("=1+2", "+1", "-1", "@A", "\tx", "\rx", "Nguyễn", 5, -3)] \
        == ["'=1+2", "'+1", "'-1", "'@A", "'\tx", "'\rx", "Nguyễn", 5, -3]


def exported_rows(text: str) -> dict[str, dict]:
    return {r["case_id"]: r for r in csv.DictReader(io.StringIO(text))}


def test_case_export_page_and_cli_neutralise_formulas(db, anonymous, make_user, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(FORMULAS, encoding="utf-8")
    with session_scope(db) as s:
        import_cases(s, path, scope=SYSTEM)
    email, password = make_user("province")
    assert sign_in(anonymous, email, password).status_code == 303
    page = exported_rows(anonymous.get("/cases/export.csv").text)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["export", "cases", "--province", "Hà Nội",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    cli = exported_rows(out.read_text(encoding="utf-8"))
    for rows in (page, cli):
        assert (rows["BN1"]["name"], rows["BN1"]["address"], rows["BN1"]["phone"]) == (
            "'=cmd|' /C calc'!A0", "'=1+2", "'@SUM(1+1)")
        assert (rows["BN2"]["name"], rows["BN2"]["address"]) == ("'-2+3", "'+84 912")
    with session_scope(db) as s:
        exports = s.scalars(select(AuditEntry).where(AuditEntry.action == "export",
                                                     AuditEntry.entity == "cases")).all()
    assert sorted(e.actor for e in exports) == sorted([email, SYSTEM.actor])
    assert all('"rows": 2' in e.changes for e in exports)


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)", "/\t//evil.example"])
def test_sign_in_never_redirects_off_site(anonymous, make_user, target):
    email, password = make_user("province")
    form = anonymous.get("/signin", params={"next": target})
    assert f'value="{target}"' not in form.text
    response = sign_in(anonymous, email, password, next=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert not response.headers["location"].startswith(("//", "/\\", "http", "javascript"))


def test_same_site_path_is_kept(anonymous, make_user):
    email, password = make_user("province")
    assert sign_in(anonymous, email, password, next="/cases?outcome=active").headers[
        "location"] == "/cases?outcome=active"


def test_sign_in_without_the_form_token_is_refused(anonymous, make_user):
    email, password = make_user("province")
    response = anonymous.post("/signin", data={"email": email, "password": password},
                              follow_redirects=False)
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn; vui lòng đăng nhập lại." in response.text
    assert "episurv_session" not in response.headers.get("set-cookie", "")


def test_security_headers_on_pages_and_api(anonymous):
    for url in ("/signin", "/public/report", "/api/v1/cases"):
        headers = anonymous.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert (headers["x-frame-options"], headers["x-content-type-options"],
                headers["referrer-policy"]) == ("DENY", "nosniff", "same-origin")
    assert "strict-transport-security" not in anonymous.get("/signin").headers


def test_no_template_holds_a_script_the_policy_refuses():
    """script-src 'self' refuses inline handlers: the worklist's "as of" field never sent its
    form and the print buttons printed nothing (the browser logged the refusal). Actions are
    asked by attribute (data-print, data-submit-on-change) and done by static/js/actions.js."""
    from pathlib import Path

    import episurv.web

    folder = Path(episurv.web.__file__).parent / "templates"
    inline = re.compile(r"""\son[a-z]+\s*=\s*["']|<script>|<script\s+(?![^>]*\bsrc=)|javascript:""",
                        re.I)
    found = {t.name: inline.findall(t.read_text(encoding="utf-8"))
             for t in sorted(folder.glob("*.html"))}
    assert {name: hits for name, hits in found.items() if hits} == {}
    base = (folder / "base.html").read_text(encoding="utf-8")
    assert '<script src="/static/js/actions.js" defer></script>' in base


def test_forwarded_for_is_believed_only_from_configured_proxies(anonymous, make_user,
                                                                monkeypatch):
    email, _password = make_user("province")
    for n in range(5):  # five failures, each from a different claimed address
        assert sign_in(anonymous, email, "wrong-password").status_code == 401
        anonymous.headers["X-Forwarded-For"] = f"10.0.0.{n}"
    anonymous.headers["X-Forwarded-For"] = "10.9.9.9"
    locked = sign_in(anonymous, email, "wrong-password")
    assert locked.status_code == 429  # the account lock counted all five, whatever the header
    # Behind a configured proxy the forwarded address is the client's, and TLS is believed.
    monkeypatch.setenv("EPISURV_TRUSTED_PROXIES", "127.0.0.0/8")
    from episurv.web.security import client_address, is_tls

    class Req:
        client = type("C", (), {"host": "127.0.0.1"})()
        headers = {"x-forwarded-for": "203.0.113.7, 127.0.0.2", "x-forwarded-proto": "https"}
        scope = {"type": "http", "scheme": "http"}

    assert (client_address(Req), is_tls(Req)) == ("203.0.113.7", True)
    Req.client.host = "198.51.100.1"  # not a proxy: its headers are ignored
    assert (client_address(Req), is_tls(Req)) == ("198.51.100.1", False)


runner = CliRunner()


def test_tokens_have_names_expiry_last_use_and_are_revoked_one_by_one(db, client_as):
    client = client_as("province")
    assert client.get("/api/v1/cases").status_code == 200
    result = runner.invoke(app, ["tokens", "create", "--email", client.email, "--name",
                                 "nightly export", "--days", "30"])
    assert result.exit_code == 0
    second = result.output.strip()
    listed = runner.invoke(app, ["tokens", "list", "--email", client.email, "--format", "json"])
    import json

    tokens = json.loads(listed.output)
    assert [t["name"] for t in tokens] == ["", "nightly export"]
    assert tokens[0]["last_used_at"] is not None and tokens[1]["last_used_at"] is None
    expires = datetime.fromisoformat(tokens[1]["expires_at"])
    assert timedelta(days=29, hours=23) < expires - datetime.now(UTC) <= timedelta(days=30)
    assert runner.invoke(app, ["tokens", "revoke", "--id", str(tokens[0]["id"])]).exit_code == 0
    assert client.get("/api/v1/cases").status_code == 401
    client.headers["Authorization"] = f"Bearer {second}"
    assert client.get("/api/v1/cases").status_code == 200
    bad = runner.invoke(app, ["tokens", "create", "--email", client.email, "--days", "400"])
    assert (bad.exit_code, "a token lives 1 to 365 days, not 400" in bad.output) == (2, True)


def test_an_expired_token_is_refused(db, client_as):
    client = client_as("province")
    from episurv.accounts.models import ApiToken

    with session_scope(db) as s:
        s.execute(update(ApiToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    response = client.get("/api/v1/cases")
    assert (response.status_code, response.json()["detail"]) == (
        401, "invalid, expired or revoked token")


def test_one_time_password_must_be_changed_first(db, anonymous):
    with session_scope(db) as s:
        _user, one_time = add_user(s, scope=SYSTEM, email="new@test.episurv", role="province",
                                   unit="Hà Nội")
    response = sign_in(anonymous, "new@test.episurv", one_time, next="/cases")
    assert response.headers["location"] == "/cases"
    page = anonymous.get("/cases", follow_redirects=False)
    assert page.headers["location"] == "/account/password?next=/cases"
    form = anonymous.get("/account/password?next=/cases")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    data = {"csrf_token": csrf, "current_password": one_time, "new_password": "short",
            "repeat_password": "short", "next": "/cases"}
    refused = anonymous.post("/account/password", data=data, follow_redirects=False)
    assert refused.status_code == 422
    assert "mật khẩu mới phải có ít nhất 10 ký tự" in refused.text  # the page's language
    data.update(new_password="mine-and-long-enough", repeat_password="mine-and-long-enough")
    done = anonymous.post("/account/password", data=data, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/cases")
    assert anonymous.get("/cases", follow_redirects=False).status_code == 200
    anonymous.cookies.clear()
    assert sign_in(anonymous, "new@test.episurv", one_time).status_code == 401
    assert sign_in(anonymous, "new@test.episurv", "mine-and-long-enough").status_code == 303


def test_sessions_end_after_their_absolute_lifetime(db, anonymous, make_user):
    email, password = make_user("province")
    sign_in(anonymous, email, password)
    assert anonymous.get("/cases", follow_redirects=False).status_code == 200
    with session_scope(db) as s:
        s.execute(update(WebSession).values(
            created_at=datetime.now(UTC) - timedelta(hours=12, minutes=1)))
    assert anonymous.get("/cases", follow_redirects=False).headers["location"] == (
        "/signin?next=/cases")


def test_a_bulletin_over_a_megabyte_is_refused_before_it_is_read_whole(db, anonymous,
                                                                       make_user, client_as):
    """A bulletin is a few kilobytes; the API and the review page stop reading at 1 MiB."""
    api = client_as("province", "Hà Nội")
    text = "Hà Nội ghi nhận 5 ca mắc mới. " * 40_000  # 1.2 MB of UTF-8
    refused = api.post("/api/v1/bulletins/parse", content=text.encode(),
                       headers={"content-type": "text/plain"})
    assert refused.status_code == 413
    assert refused.json()["detail"] == ("the body is larger than 1,048,576 bytes; a bulletin is "
                                        "a few kilobytes of text")
    assert api.post("/api/v1/bulletins/parse", content=text[:3000].encode(),
                    headers={"content-type": "text/plain"}).status_code == 200
    email, password = make_user("province")
    assert sign_in(anonymous, email, password).status_code == 303
    form = anonymous.get("/bulletins/review")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    page = anonymous.post("/bulletins/review", data={"csrf_token": token, "year": "2021"},
                          files={"file": ("big.txt", text.encode(), "text/plain")})
    assert page.status_code == 413
    assert "Tệp lớn hơn mức một bản tin có thể có (1 MB)." in page.text
