"""Pages of outbreak investigation: the cluster list and a cluster's page, a case's
transmission chain (drawn server-side as SVG, no script; and as an interactive graph by
static/js/chain.js from the chain's JSON), and the public exposure notices with the
self-declaration form. Thin: they call the same services as the API."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup

from episurv.clusters import service as clusters
from episurv.contacts import service as contacts
from episurv.core.time import local_today
from episurv.db import session_scope
from episurv.errors import EpisurvError, InvalidInput
from episurv.exposures import declarations
from episurv.exposures import service as exposures
from episurv.geo.units import DISTRICT, PROVINCE, register
from episurv.reporting.charts import epi_curve_spec, to_svg
from episurv.reporting.service import parse_day
from episurv.textfmt import full_date
from episurv.web import cache
from episurv.web.deps import DB, Caller, Session, check_csrf, client_address, page_caller
from episurv.web.i18n import N_, gettext_for, said
from episurv.web.pages import lang_of, page_day, public_page, render
from episurv.web.vega import interactive

router = APIRouter(include_in_schema=False)


@router.get("/clusters", response_class=HTMLResponse)
def clusters_page(request: Request, date: str | None = None, status: str | None = None,
                  caller: Caller = Depends(page_caller),
                  session: Session = DB) -> HTMLResponse:
    day = page_day(session, date, caller.scope)
    rows = clusters.list_clusters(session, scope=caller.scope, day=day,
                                  status=status if status in ("active", "monitoring", "closed")
                                  else None)
    return render(request, "clusters.html", caller, rows=rows, date=day.isoformat(),
                  status_filter=status or "")


CLUSTER_PAGE_SIZE = 50  # cases listed per page of a cluster
CHART_DAYS = 120  # the longest stretch of days a cluster's chart draws, as the dashboard's


def daily_series(per_day: list[dict]) -> list[dict]:
    """The days from the first to the last of `per_day` (dated counts of community and
    quarantine cases), the days without a case at zero: the epi curve's rows."""
    if not per_day:
        return []
    counts = {d["date"]: d for d in per_day}
    first, last = date.fromisoformat(per_day[0]["date"]), date.fromisoformat(per_day[-1]["date"])
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [{"date": d.isoformat(), "community": counts.get(d.isoformat(), {}).get("community", 0),
             "quarantine": counts.get(d.isoformat(), {}).get("quarantine", 0)} for d in days]


def cluster_chart(series: list[dict], lang: str) -> Markup:
    """The epi curve of a cluster's page, kept under the counts it draws: drawing it (the spec,
    then the SVG) took 0.1 s of the page's 0.13 s, and 20 users on one cluster's page were
    answered 8 times a second, a third of them not within wrk's 2 s. The key is the series
    itself, so a linked or unlinked case draws anew and clusters of the same curve share it."""
    def draw() -> Markup:
        spec = epi_curve_spec(series, lang)
        return interactive(spec, to_svg(spec))

    counts = tuple((d["date"], d["community"], d["quarantine"]) for d in series)
    return cache.derived(("cluster-chart", lang, counts), draw)


def _cluster_page(request: Request, caller: Caller, session: Session, cluster_id: int,
                  day: date, page: str | None = None, **extra: Any) -> HTMLResponse:
    _ = gettext_for(lang_of(request))
    number = int(page) if page and page.isdigit() and len(page) < 7 else None
    detail = clusters.cluster_detail(session, cluster_id, scope=caller.scope, day=day,
                                     case_limit=CLUSTER_PAGE_SIZE,
                                     case_offset=((number or 1) - 1) * CLUSTER_PAGE_SIZE)
    pages = max(1, -(-detail["cases_total"] // CLUSTER_PAGE_SIZE))
    if page is not None and (number is None or not 1 <= number <= pages):
        # A page that does not exist: the first one, saying what was asked.
        extra.setdefault("error", _("There is no page “%(page)s” of this cluster's cases: "
                                    "pages 1 to %(pages)d.") % {"page": page[:20],
                                                                "pages": pages})
        extra.setdefault("status", 422)
        number = 1
        detail = clusters.cluster_detail(session, cluster_id, scope=caller.scope, day=day,
                                         case_limit=CLUSTER_PAGE_SIZE)
    series = daily_series(detail["new_per_day"])[-CHART_DAYS:]
    chart = cluster_chart(series, lang_of(request)) if series else None
    return render(request, "cluster.html", caller, c=detail, date=day.isoformat(),
                  chart_svg=chart, page=number or 1, pages=pages,
                  first_row=((number or 1) - 1) * CLUSTER_PAGE_SIZE, **extra)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: int, date: str | None = None,
                 page: str | None = None, caller: Caller = Depends(page_caller),
                 session: Session = DB) -> HTMLResponse:
    return _cluster_page(request, caller, session, cluster_id,
                         page_day(session, date, caller.scope), page)


@router.post("/clusters/{cluster_id}", response_class=HTMLResponse)
async def cluster_action(request: Request, cluster_id: int,
                         caller: Caller = Depends(page_caller),
                         session: Session = DB) -> Response:
    """Link cases (ids separated by commas or spaces), unlink one, or reopen the cluster."""
    await check_csrf(request, caller)
    form = await request.form()
    action = str(form.get("action", ""))
    reason = str(form.get("reason", "")).strip() or None
    try:
        if action == "link":
            ids = [c for c in str(form.get("case_ids", "")).replace(",", " ").split() if c]
            clusters.link_cases(session, scope=caller.scope, cluster_id=cluster_id,
                                case_ids=ids, reason=reason)
        elif action == "unlink":
            clusters.unlink_cases(session, scope=caller.scope,
                                  case_ids=[str(form.get("case_id", ""))], reason=reason)
        elif action == "reopen":
            clusters.reopen_cluster(session, scope=caller.scope, cluster_id=cluster_id,
                                    day=local_today(), reason=reason)
    except EpisurvError as exc:
        session.rollback()
        return _cluster_page(request, caller, session, cluster_id,
                             page_day(session, None, caller.scope),
                             error=said(exc, lang_of(request)), status=exc.http_status, typed=form)
    return RedirectResponse(f"/clusters/{cluster_id}?saved=1", status_code=303)


def chain_layout(chain: dict) -> dict:
    """Node positions for the chain drawing: one column per generation, in the API's order."""
    columns: dict[int, list[dict]] = {}
    for node in chain["nodes"]:
        columns.setdefault(node.get("generation", 0), []).append(node)
    width, height, col_w, row_h = 0, 0, 170, 56
    placed: dict[str, dict] = {}
    for gen in sorted(columns):
        for i, node in enumerate(columns[gen]):
            label = node.get("case_id") or node.get("contact_code") or "…"
            placed[node["id"]] = {**node, "x": 20 + gen * col_w, "y": 20 + i * row_h,
                                  "label": label}
            width = max(width, 20 + gen * col_w + 140)
            height = max(height, 20 + i * row_h + 40)
    edges = [{**e, "x1": placed[e["source"]]["x"] + 130, "y1": placed[e["source"]]["y"] + 16,
              "x2": placed[e["target"]]["x"], "y2": placed[e["target"]]["y"] + 16}
             for e in chain["edges"] if e["source"] in placed and e["target"] in placed]
    return {"nodes": list(placed.values()), "edges": edges, "width": width + 20,
            "height": height + 20}


@router.get("/cases/{case_id}/chain", response_class=HTMLResponse)
def chain_page(request: Request, case_id: str, caller: Caller = Depends(page_caller),
               session: Session = DB) -> HTMLResponse:
    chain = contacts.transmission_chain(session, scope=caller.scope, case_id=case_id)
    return render(request, "chain.html", caller, chain=chain, layout=chain_layout(chain))


# A contact's status as its page says it (templates/contact.html).
_CONTACT_STATUS = {"active": N_("followed"), "declared": N_("self-declared, to verify"),
                   "case": N_("became a case"), "closed": N_("follow-up closed")}


def chain_graph(chain: dict, lang: str) -> dict:
    """The chain as the interactive graph draws it: each node with its label, the words of its
    tooltip and the page it opens. A node outside the caller's jurisdiction keeps its place in
    the chain but carries no code, no detail and no link."""
    _ = gettext_for(lang)
    nodes = []
    for n in chain["nodes"]:
        if n.get("hidden"):
            label, title, href = "", _("Outside your jurisdiction"), None
        elif n["kind"] == "case":
            label = n["case_id"]
            facts = [full_date(date.fromisoformat(n["report_day"]), lang), n.get("district"),
                     n.get("cluster")]
            title = " · ".join([label, *(f for f in facts if f)])
            href = f"/cases/{n['case_id']}"
        else:
            label = n["contact_code"]
            title = f"{label} · {n['level']} · {_(_CONTACT_STATUS[n['status']])}"
            href = f"/contacts/{n['contact_code']}"
        nodes.append({"id": n["id"], "kind": "hidden" if n.get("hidden") else n["kind"],
                      "root": bool(n.get("root")), "label": label, "title": title,
                      "href": href})
    edges = [{"source": e["source"], "target": e["target"], "flagged": bool(e["flag"])}
             for e in chain["edges"]]
    return {"case_id": chain["case_id"], "nodes": nodes, "edges": edges,
            "truncated": chain["truncated"]}


@router.get("/cases/{case_id}/chain.json")
def chain_json(request: Request, case_id: str, caller: Caller = Depends(page_caller),
               session: Session = DB) -> JSONResponse:
    """The chain of `case_id` for the interactive graph of its page (at most 500 people)."""
    chain = contacts.transmission_chain(session, scope=caller.scope, case_id=case_id)
    return JSONResponse(chain_graph(chain, lang_of(request)))


def _public(request: Request, session: Session, province: str, district: str | None,
            since: str | None, **extra: Any) -> HTMLResponse:
    reg = register()
    prov = reg.resolve(province, PROVINCE)
    try:
        since_day = parse_day(since or None, "since")
    except EpisurvError:
        since_day = None
    districts = sorted((u for u in reg.units(DISTRICT, prov.code)),
                       key=lambda u: u.short_name)
    chosen = district if district and any(u.short_name == district for u in districts) else None
    result = exposures.public_exposures(session, province=prov.short_name, since=since_day,
                                       district=chosen, lang=lang_of(request),
                                       today=page_day(session, None))
    by_day: dict[str, list[dict]] = {}
    for notice in result["notices"]:
        by_day.setdefault(notice["date"], []).append(notice)
    return render(request, "public_exposures.html", None, result=result, by_day=by_day,
                  districts=districts, district=chosen or "", since=since or "",
                  province=prov.short_name, **extra)


# What the public form says when a declaration is refused, in the page's language: the
# service's messages are written for the API (English, field names).
_DECLARATION_PROBLEMS = {
    "name": N_("Write your full name in letters (2 to 100 characters)."),
    "phone": N_("Write a phone number of 10 or 11 digits starting with 0."),
    "ward": N_("The ward was not found in this city: check its name and its district."),
    "notice_id": N_("This exposure was more than 14 days ago: no quarantine follows; call the "
                    "hotline if you feel unwell."),
}


def declaration_error(exc: Exception, _) -> str:
    """The refusal of a self-declaration as the public page says it."""
    if getattr(exc, "http_status", None) == 429:
        return _("Too many declarations from your network: try again later or call the "
                 "hotline.")
    problems = getattr(exc, "problems", None) or []
    said = [_(_DECLARATION_PROBLEMS[p["field"]]) for p in problems
            if p.get("field") in _DECLARATION_PROBLEMS]
    hints = [m.group(1) for p in problems if p.get("field") == "ward"
             and (m := re.search(r"did you mean (.+)\?$", p.get("message", "")))]
    if hints:
        said.append(_("Did you mean:") + " " + hints[0])
    return " ".join(dict.fromkeys(said)) or _("The declaration could not be recorded; call the "
                                              "hotline.")


@router.get("/public/exposures", response_class=HTMLResponse)
def public_exposures_page(request: Request, province: str = "Hà Nội",
                          district: str | None = None, since: str | None = None,
                          session: Session = DB) -> Response:
    """Public: the places and hours, searchable by district and date; no sign-in. Drawn once
    per data version of the province (`public_page`): a notice published or withdrawn moves
    it."""
    code = register().resolve(province, PROVINCE).code
    return public_page(request, session, code, "public-exposures", lambda: _public(
        request, session, province, district, since))


def _notice_id(value: object) -> int:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 10:
        raise InvalidInput(f"notice {text[:20]!r} is not a notice number")
    return int(text)


@router.post("/public/exposures", response_class=HTMLResponse)
async def public_declare(request: Request, session: Session = DB
                         ) -> HTMLResponse:
    """The self-declaration form; the attempt is counted in its own transaction first."""
    form = await request.form()
    province = str(form.get("province") or "Hà Nội")
    try:
        with session_scope() as counting:
            declarations.count_attempt(counting, address=client_address(request))
        result = declarations.declare(
            session, notice_id=_notice_id(form.get("notice_id")),
            name=str(form.get("name", "")), phone=str(form.get("phone", "")),
            ward=str(form.get("ward", "")), district=str(form.get("district_of_ward") or "")
            or None, website=str(form.get("website") or "") or None)
    except (EpisurvError, ValueError) as exc:
        session.rollback()
        status = getattr(exc, "http_status", 422)
        problems = getattr(exc, "problems", [])
        return _public(request, session, province, None, None,
                       error=declaration_error(exc, gettext_for(lang_of(request))),
                       problems={p["field"]: p["message"] for p in problems},
                       typed=form, status=status)
    return _public(request, session, province, None, None, declared=result,
                   status=201 if result["status"] == "declared" else 200)
