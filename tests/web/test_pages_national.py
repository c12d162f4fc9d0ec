"""The national report, daily figures and analytics pages through HTTP with a real sign-in:
the form's submit, correction, history, jurisdiction and field errors; the national page's
numbers against the report JSON, public and as of a past moment; both epi curves labelled
apart, and the charts as SVG and PNG."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime

import pytest
from aggregates.figures import csv_text
from signing import sign_in
from sqlalchemy import select

from episurv.accounts.models import AuditEntry
from episurv.accounts.scope import SYSTEM
from episurv.aggregates import service as aggregates
from episurv.aggregates.importer import import_aggregates
from episurv.aggregates.models import AggregateSubmission
from episurv.cases.importer import import_cases
from episurv.db import session_scope
from episurv.messages import written_when
from episurv.reporting.render_national import render_text
from episurv.textfmt import number
from web.test_pages import csrf_of

HANOI, BA_DINH, HOAN_KIEM, HCM = 1, 1, 2, 79


@pytest.fixture
def signed_in(anonymous, make_user):
    """A browser-like client signed in (session cookie) as a new account of the given role."""
    def sign(role: str, unit: str | None = "Hà Nội", district: str | None = None):
        email, password = make_user(role, unit, district)
        response = sign_in(anonymous, email, password)
        assert response.status_code == 303, response.text
        return anonymous
    return sign


def submissions(session) -> list[tuple]:
    session.expire_all()
    return session.execute(select(
        AggregateSubmission.province_code, AggregateSubmission.district_code,
        AggregateSubmission.measure, AggregateSubmission.value)
        .order_by(AggregateSubmission.id)).all()


def post_figures(client, page_html: str, **fields):
    form = {"csrf_token": csrf_of(page_html), "date": "2021-11-07",
            "province": str(HANOI), "district": "0", **fields}
    return client.post("/figures", data=form, follow_redirects=False)


# --- /figures -----------------------------------------------------------------------------

def test_figures_submit_then_correct_shows_values_in_force_and_history(signed_in, session):
    client = signed_in("province")
    page = client.get("/figures", params={"date": "2021-11-07", "lang": "en"})
    assert page.status_code == 200 and "No figures for this day yet." in page.text
    first = post_figures(client, page.text, new_cases="12", community="5", quarantine="7",
                         deaths="1")
    assert first.status_code == 303
    shown = client.get(first.headers["location"])
    assert "Saved: 4 new, 0 corrected, 0 unchanged." in shown.text
    # A correction: two figures change, two are sent again unchanged.
    fixed = post_figures(client, shown.text, new_cases="13", community="6", quarantine="7",
                         deaths="1", note="one late case")
    after = client.get(fixed.headers["location"])
    assert "Saved: 0 new, 2 corrected, 2 unchanged." in after.text
    assert 'name="new_cases" inputmode="numeric" value="13"' in after.text
    in_force = after.text[after.text.index('id="in-force"'):after.text.index('id="history"')]
    assert re.search(r'data-measure="new_cases"><td>New cases</td><td>13</td>'
                     r'<td>submitted</td>', in_force)
    # Derived (never submitted): domestic = 13 - 0 imported.
    assert re.search(r'data-measure="domestic"><td>Domestic</td><td>13</td><td>derived</td>',
                     in_force)
    rows = re.findall(r"<tr><td>[^<]+</td><td>([^<]+)</td><td>([^<]+)</td><td>(\d+)</td>"
                      r"<td>([^<]+)</td><td>form</td><td>([^<]*)</td></tr>",
                      after.text[after.text.index('id="history"'):])
    new_cases = [(value, status, note) for _who, measure, value, status, note in rows
                 if measure == "New cases"]
    assert new_cases == [("13", "in force", "one late case"), ("12", "replaced", "")]
    assert all(who.startswith("province-") for who, *_rest in rows) and len(rows) == 6
    assert [s[2:] for s in submissions(session)] == [
        ("new_cases", 12), ("community", 5), ("quarantine", 7), ("deaths", 1),
        ("new_cases", 13), ("community", 6)]
    audited = [(a.action, a.entity_id, a.actor, json.loads(a.changes)) for a in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "aggregates").order_by(AuditEntry.id))]
    assert [(action, what, changes["corrected"]) for action, what, _who, changes in audited] == [
        ("submit", "form", 0), ("submit", "form", 2)]
    assert audited[1][2].startswith("province-")
    assert audited[1][3]["figures_changed"]["1/0/2021-11-07/new_cases"] == [12, 13]


def test_figures_outside_the_jurisdiction_are_refused(signed_in, session):
    client = signed_in("province")
    page = client.get("/figures", params={"date": "2021-11-07"})
    other = post_figures(client, page.text, province=str(HCM), new_cases="5")
    assert other.status_code == 403
    forged = post_figures(client, page.text, new_cases="5", csrf_token="forged")
    assert forged.status_code == 403
    assert submissions(session) == []


def test_district_user_submits_for_its_district_only(signed_in, session):
    client = signed_in("district", "Hà Nội", "Ba Đình")
    page = client.get("/figures", params={"date": "2021-11-07", "province": str(HCM)})
    # Its own unit whatever the query says; the only district offered is its own.
    assert "Ba Đình" in page.text and ">Hoàn Kiếm<" not in page.text
    assert 'name="province" value="1"' in page.text
    refused = post_figures(client, page.text, district=str(HOAN_KIEM), new_cases="4")
    assert refused.status_code == 403
    whole = post_figures(client, page.text, district="0", new_cases="4")
    assert whole.status_code == 403
    ok = post_figures(client, page.text, district=str(BA_DINH), new_cases="4")
    assert ok.status_code == 303
    assert submissions(session) == [(HANOI, BA_DINH, "new_cases", 4)]
    # The province's row sums its districts (rules.combine).
    rows = aggregates.list_figures(session, scope=SYSTEM, province_code=HANOI)
    assert [(r["date"], r["new_cases"]) for r in rows] == [("2021-11-07", 4)]


def test_viewer_sees_figures_but_cannot_submit(signed_in, session):
    client = signed_in("viewer")
    page = client.get("/figures", params={"date": "2021-11-07"})
    assert page.status_code == 200 and 'action="/figures" class="grid' not in page.text
    refused = post_figures(client, page.text, new_cases="4")
    assert refused.status_code == 403 and submissions(session) == []


@pytest.mark.parametrize("fields, field, message", [
    ({"new_cases": "abc"}, "new_cases", "Enter a whole number, 0 or more (not abc)."),
    ({"deaths": "-2"}, "deaths", "Enter a whole number, 0 or more (not -2)."),
    ({"new_cases": "3", "community": "5"}, "new_cases",
     "Cannot be less than the sum of its parts given (5)."),
    ({"new_cases": "10", "community": "5", "quarantine": "2", "imported": "1"}, "new_cases",
     "Must equal community + quarantine + imported (8)."),
    ({"doses": "10", "first_doses": "8", "second_doses": "4"}, "doses",
     "Cannot be less than the sum of its parts given (12)."),
    ({}, "new_cases", "Enter at least one figure."),
])
def test_bad_value_names_the_field_and_changes_nothing(signed_in, session, fields, field,
                                                       message):
    client = signed_in("province")
    page = client.get("/figures", params={"date": "2021-11-07", "lang": "en"})
    answer = post_figures(client, page.text, **fields)
    assert answer.status_code == 422
    assert (f'<span class="field-error" id="e-{field}" data-field="{field}">'
            f"{html.escape(message)}</span>") in answer.text
    assert "Nothing was saved." in answer.text
    # What was typed stays in the form.
    for name, value in fields.items():
        assert f'name="{name}" inputmode="numeric" value="{value}"' in answer.text
    assert submissions(session) == []


def test_a_future_date_is_refused_in_vietnamese(signed_in, session):
    client = signed_in("province")
    page = client.get("/figures", params={"date": "2021-11-07"})
    answer = post_figures(client, page.text, date="2999-01-01", new_cases="1")
    assert answer.status_code == 422 and "Ngày: Ngày này chưa tới." in answer.text
    assert submissions(session) == []


# --- /national ----------------------------------------------------------------------------

@pytest.fixture
def figures(db, write_csv):
    with session_scope(db) as s:
        import_aggregates(s, write_csv(csv_text(), "figures.csv"), scope=SYSTEM)


def cells(page: str) -> dict[int, list[str]]:
    table = page[page.index('id="provinces"'):]
    table = table[:table.index("</table>")]
    return {int(code): re.findall(r"<td>([^<]*)", row)[1:]
            for code, row in re.findall(r'<tr data-province="(\d+)">(.*?)</tr>', table, re.S)}


def test_national_page_numbers_equal_the_report_json(figures, signed_in):
    client = signed_in("national")
    report = client.get("/api/v1/reports/national", params={"date": "2021-11-07"}).json()
    page = client.get("/national", params={"date": "2021-11-07", "lang": "en"})
    assert page.status_code == 200

    def fmt(n: int) -> str:
        return number(n, "en")

    for testid, key in (("new-cases", "new_cases"), ("domestic", "domestic"),
                        ("imported", "imported"), ("deaths", "deaths"),
                        ("recovered", "recovered"), ("severe", "severe"),
                        ("total-cases", "total_cases")):
        assert f'data-testid="{testid}">{fmt(report[key])}<' in page.text, testid
    # Worked by hand in tests/reporting/test_national.py: 215 new (210 domestic, 5 imported),
    # 11 deaths (TP HCM 7, Bình Dương 2, Tây Ninh 2).
    assert (report["new_cases"], report["domestic"], report["deaths"]) == (215, 210, 11)
    expected = {e["province_code"]: [
        fmt(e["domestic"]), ("+" if e["change"] > 0 else "") + fmt(e["change"]),
        fmt(e["deaths"]), fmt(e["wave_cases"]), fmt(e["cases_per_million"])]
        for e in report["by_province"]}
    assert cells(page.text) == expected
    # TP HCM: 95 new - 5 imported = 90 domestic, 120 the day before, 7 deaths.
    assert cells(page.text)[HCM][:3] == ["90", "-30", "7"]
    assert html.escape(render_text(report, "en")) in page.text
    for chart in ("epi_curve", "cases_by_province", "deaths", "rt"):
        assert f'data-chart="{chart}"><svg' in page.text
    assert "New cases by report date" in page.text
    # Vietnamese numbers: a dot groups thousands.
    vi = client.get("/national", params={"date": "2021-11-07", "lang": "vi"})
    assert f'data-testid="total-cases">{number(report["total_cases"], "vi")}<' in vi.text


def test_national_page_is_public_and_shows_a_past_version(figures, anonymous, session):
    assert anonymous.get("/national", follow_redirects=False).status_code == 303
    before = datetime.now(UTC)
    aggregates.submit(session, [aggregates.Figure(HCM, 0, datetime(2021, 11, 7).date(),
                                                  "deaths", 9)],
                      scope=SYSTEM, source="test")
    session.commit()
    now = anonymous.get("/public/national", params={"date": "2021-11-07", "lang": "en"})
    assert now.status_code == 200 and 'data-testid="deaths">13<' in now.text
    assert "Figures in force now" in now.text
    then = anonymous.get("/public/national", params={"date": "2021-11-07", "lang": "en",
                                                     "as_of": before.isoformat()})
    assert 'data-testid="deaths">11<' in then.text and "Figures as they stood at" in then.text
    # The moment as its reader writes it, as on every other page (it was ISO "2026-11-30 21:40").
    assert f"Figures as they stood at {written_when(before, 'en')}" in then.text
    vi = anonymous.get("/public/national", params={"date": "2021-11-07", "lang": "vi",
                                                    "as_of": before.isoformat()})
    assert written_when(before, "vi") in vi.text
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", vi.text) is None
    assert cells(then.text)[HCM][2] == "7" and cells(now.text)[HCM][2] == "9"
    # The day's figures changed twice (the import, the correction): both are listed.
    changes = re.findall(r'as_of=([^"&]+)">', now.text)
    assert len(changes) == 2
    # The public page shows no one who submitted figures.
    assert "@" not in now.text.split("<main>")[1]


def test_national_charts_download_as_svg_and_png(figures, anonymous):
    svg = anonymous.get("/public/national/chart/cases_by_province.svg",
                        params={"date": "2021-11-07", "lang": "en"})
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and "Ho Chi Minh City" in svg.text
    png = anonymous.get("/public/national/chart/deaths.png", params={"date": "2021-11-07"})
    assert png.headers["content-type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'filename="national-deaths-2021-11-07.png"' in png.headers["content-disposition"]
    assert anonymous.get("/public/national/chart/nope.svg",
                         params={"date": "2021-11-07"}).status_code == 422
    assert anonymous.get("/public/national/chart/deaths.gif",
                         params={"date": "2021-11-07"}).status_code == 422


# --- /analytics ---------------------------------------------------------------------------

def onset_line_list() -> str:
    """Hà Nội, 1-7/11/2021: three cases reported a day, two with onset two days before the
    report, one with no onset date. 21 cases: 14 with an onset (2 on each of 30/10-5/11), 7
    without."""
    lines = ["case_id,report_date,province,district,detected_in,onset_date"]
    for d in range(1, 8):
        day = f"2021-11-{d:02d}"
        onset = datetime(2021, 11, d).date().toordinal() - 2
        onset_day = datetime.fromordinal(onset).date().isoformat()
        lines += [f"O{d}a,{day},Hà Nội,Ba Đình,community,{onset_day}",
                  f"O{d}b,{day},Hà Nội,Ba Đình,quarantine,{onset_day}",
                  f"O{d}c,{day},Hà Nội,Ba Đình,community,"]
    return "\n".join(lines)


@pytest.fixture
def onsets(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(onset_line_list()))
    session.commit()


def test_a_national_report_without_death_figures_draws_no_empty_deaths_chart(onsets,
                                                                            anonymous):
    """A city's line list alone gives cases and no death figure: the deaths section says so
    in words instead of drawing an empty frame (whose bars have no extent: the browser's
    chart library warned of it on every load), and its download is refused by name."""
    page = anonymous.get("/public/national", params={"date": "2021-11-07"}).text
    assert 'data-chart="deaths"' not in page and 'data-chart="epi_curve"' in page
    section = page[page.index("<h2>Tử vong theo ngày</h2>"):]
    assert section.split("</section>")[0].split("</h2>")[1].strip() == (
        '<p class="muted" data-testid="no-deaths">Chưa nhận được số liệu tử vong của các ngày '
        "này: chưa có gì để vẽ.</p>")
    refused = anonymous.get("/public/national/chart/deaths.png", params={"date": "2021-11-07"})
    assert refused.status_code == 422
    assert ("không có biểu đồ 'deaths' ở đây: các biểu đồ có là epi_curve, cases_by_province, "
            "rt") in html.unescape(refused.text)
    english = anonymous.get("/public/national/chart/deaths.png",
                            params={"date": "2021-11-07", "lang": "en"})
    assert "no chart 'deaths' here: the charts are epi_curve, cases_by_province, rt" in (
        html.unescape(english.text))


def test_analytics_shows_both_curves_labelled_apart(onsets, signed_in):
    client = signed_in("province")
    page = client.get("/analytics", params={"date": "2021-11-07", "lang": "en"})
    assert page.status_code == 200
    text = page.text
    report_at, onset_at = text.index('<section id="report-date"'), text.index(
        '<section id="onset-date"')
    assert "<h2>Epi curve by report date</h2>" in text[report_at:onset_at]
    onset_part = text[onset_at:text.index('<section id="rt"')]
    assert "<h2>Epi curve by onset date</h2>" in onset_part
    assert "The last 7 days are incomplete:" in onset_part
    assert ('<span data-testid="onset-unknown">Cases with unknown onset date, not on this '
            "curve: 7</span>") in onset_part
    assert "(of 21 cases in the line list)" in onset_part
    # Each chart its own SVG, titled by its date axis.
    report_svg = text[report_at:onset_at]
    assert "New cases by report date" in report_svg and "onset" not in report_svg.split(
        "<svg")[1]
    assert "Cases by date of onset" in onset_part.split("<svg")[1]
    # Weekly cases per 100,000: 21 cases in 7 days x 100,000 / 8,053,663 (2019 census) = 0.26.
    assert 'data-testid="weekly">0.3<' in text
    vi = client.get("/analytics", params={"date": "2021-11-07", "lang": "vi"})
    assert "Đường cong dịch theo ngày khởi phát" in vi.text and 'data-testid="weekly">0,3<' in (
        vi.text)


def test_analytics_charts_download_and_jurisdiction(onsets, signed_in):
    client = signed_in("province")
    for name in ("report_date", "onset_date", "weekly"):
        svg = client.get(f"/analytics/chart/{name}.svg", params={"date": "2021-11-07"})
        assert svg.status_code == 200, svg.text[:200]
        assert svg.headers["content-type"] == "image/svg+xml" and svg.text.startswith("<svg")
        png = client.get(f"/analytics/chart/{name}.png", params={"date": "2021-11-07"})
        assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    onset = client.get("/analytics/chart/onset_date.svg",
                       params={"date": "2021-11-07", "lang": "en"}).text
    assert "Cases by date of onset" in onset and "Incomplete" in onset
    # A province user sees its own province whatever the query asks.
    other = client.get("/analytics", params={"date": "2021-11-07", "province": "TP HCM"})
    assert "<h1>Phân tích: Hà Nội" in other.text


def test_national_user_picks_a_province_and_rt_matches_the_api(figures, signed_in):
    client = signed_in("national")
    page = client.get("/analytics", params={"date": "2021-11-07", "province": "TP HCM",
                                            "lang": "en"})
    assert "<h1>Analytics: Hồ Chí Minh" in page.text
    rt = client.get("/api/v1/analytics/rt", params={"province": "TP HCM", "by": "province",
                                                    "date": "2021-11-07"}).json()
    last = [r for r in rt if r["mean"] is not None][-1]
    assert f'data-testid="rt">{last["mean"]:.2f}<' in page.text
    assert f"({last['q025']:.2f}–{last['q975']:.2f})" in page.text
    assert "No case with an onset date" in page.text  # figures only: no line list
    assert 'data-chart="rt"><svg' in page.text
