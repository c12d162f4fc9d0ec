"""Storing a reviewed bulletin: its figures become aggregate submissions (source "bulletin"),
its clusters are matched to the stored ones or created, and the store is audited.

Issue 6: a reading whose checks failed ("needs_review") is not stored on its own; a person
corrects a field or confirms it despite the failed checks, and the audit entry says which.
The text is read again here: what is stored comes from the text and the corrections, never from
a reading sent by the client.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Scope
from episurv.aggregates import service as aggregates
from episurv.bulletins.parse import parse_bulletin
from episurv.bulletins.review import apply_corrections, failed_checks
from episurv.clusters import service as clusters
from episurv.clusters.models import Cluster
from episurv.core.i18n import N_
from episurv.errors import Conflict, EpisurvError, InvalidInput
from episurv.exposures.service import publish_notice
from episurv.geo.names import plain_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD

SOURCE = "bulletin"
# Province figures of a city bulletin, and of the other kinds where a province is known.
DAY_MEASURES = ("new_cases", "community", "quarantine")
# Figures of a national bulletin that have no unit to be stored under (aggregates are kept per
# province and district); the report says so rather than dropping them silently.
NATIONAL_ONLY = ("new_cases", "domestic", "imported", "community", "quarantine", "deaths",
                 "recovered", "severe", "tests_samples", "tests_people", "doses")


class NeedsReview(Conflict):
    """A reading with failed checks sent to be stored without a correction or a confirmation."""


def review_text(text: str, year: int = 2021, corrections: dict | None = None) -> dict:
    """The reading of `text` with a person's corrections applied (checks run again)."""
    if not text or not text.strip():
        raise InvalidInput(N_("the bulletin is empty"), [{"field": "text", "value": "",
                                                          "message": "required"}],
                           code="bulletin_empty")
    return apply_corrections(parse_bulletin(text, year=year), corrections)


def figures_of(result: dict) -> tuple[list[aggregates.Figure], list[str]]:
    """The aggregate figures a reading states, and the names of those it states but that have
    no unit to be stored under."""
    day = date.fromisoformat(result["date"])
    out: list[aggregates.Figure] = []
    not_stored: list[str] = []
    where = result.get("jurisdiction") or {}
    if result["kind"] == "city_daily" and where.get("code") is not None:
        p = where["code"]
        out += [aggregates.Figure(p, 0, day, m, int(result[m])) for m in DAY_MEASURES
                if result.get(m) is not None]
        for key, measure in (("by_unit", "new_cases"), ("community_by_unit", "community")):
            for item in result.get(key) or []:
                if item.get("level") == "ward":
                    # Figures are stored by district: a ward's count is not a district's.
                    not_stored.append(f"{key}: a ward's count, not a district's: "
                                      f"{item.get('written') or item['unit']}")
                elif item.get("code") is not None:
                    out.append(aggregates.Figure(p, item["code"], day, measure,
                                                 int(item["new_cases"])))
    else:
        for key, value_key, measure in (("by_unit", "new_cases", "new_cases"),
                                        ("deaths_by_unit", "deaths", "deaths")):
            for item in result.get(key) or []:
                if item.get("code") is not None:
                    out.append(aggregates.Figure(item["code"], 0, day, measure,
                                                 int(item[value_key])))
        not_stored = [k for k in NATIONAL_ONLY if result.get(k) not in (None, {}, [])]
    unresolved = [item.get("unit") for key in ("by_unit", "community_by_unit", "deaths_by_unit")
                  for item in result.get(key) or [] if item.get("code") is None]
    not_stored += [f"unit not in the register: {u}" for u in unresolved if u]
    return out, not_stored


def _place(places: list[dict]) -> tuple[str | None, str | None]:
    district = next((p["name"] for p in places if p.get("level") == DISTRICT and p.get("code")),
                    None)
    ward = next((p["name"] for p in places if p.get("level") == WARD and p.get("code")), None)
    return district, ward


def store_clusters(session: Session, scope: Scope, result: dict) -> dict:
    """Match the clusters a city bulletin names to the stored clusters of its province (by
    name key) and create the missing ones with their place."""
    where = result.get("jurisdiction") or {}
    if result["kind"] != "city_daily" or where.get("level") != PROVINCE:
        return {"matched": [], "created": []}
    p = where["code"]
    named: dict[str, dict] = {}
    for item in (result.get("clusters") or []) + (result.get("by_cluster") or []):
        named.setdefault(plain_key(item["cluster"]), item)
    matched, created = [], []
    for key, item in named.items():
        if not key:
            continue
        found = session.scalar(select(Cluster).where(Cluster.province_code == p,
                                                     Cluster.name_key == key))
        if found is not None:
            matched.append({"id": found.id, "name": found.name})
            continue
        district, ward = _place(item.get("places") or [])
        try:
            cluster = clusters.create_cluster(session, scope=scope, name=item["cluster"],
                                              province=p, district=district, ward=ward)
        except EpisurvError:
            if district is None and ward is None:
                raise
            # A place the register cannot settle (a ward name two districts share): the
            # cluster is kept with what is certain, its district, or the province alone.
            cluster = clusters.create_cluster(session, scope=scope, name=item["cluster"],
                                              province=p, district=district)
        created.append({"id": cluster.id, "name": cluster.name})
    return {"matched": matched, "created": created}


def store_exposures(session: Session, scope: Scope, result: dict, origin: str) -> list[int]:
    """The places the bulletin lists ("Ngày 9/11: 8h30 chợ Hôm, phố Huế, quận Hai Bà Trưng")
    as exposure notices of its province: the first part names the place, the rest is its
    address; the district is the one the parser resolved. Returns the new notices' ids."""
    where = result.get("jurisdiction") or {}
    if where.get("level") != "province" or not result.get("exposures"):
        return []
    made = []
    for item in result["exposures"]:
        parts = [p.strip() for p in item["place"].split(",") if p.strip()]
        district = item.get("district") or {}
        if len(parts) > 1 and district.get("unit") and district["unit"] in parts[-1]:
            parts = parts[:-1]  # the district is kept as a unit, not as text
        start_time = None
        if item.get("time"):
            hour, minute = (int(x) for x in item["time"].split(":"))
            start_time = time(hour, minute)
        notice = publish_notice(
            session, scope=scope, province_code=where["code"],
            district_code=district.get("code"), ward_code=None, place=parts[0],
            address=", ".join(parts[1:]) or None, day=date.fromisoformat(item["date"]),
            start_time=start_time, end_time=None,
            origin={"bulletin": origin})
        if notice is not None:
            made.append(notice.id)
    return made


def store_bulletin(session: Session, *, scope: Scope, text: str, year: int = 2021,
                   corrections: dict | None = None, confirm: bool = False) -> dict:
    """Store what a bulletin says (after a person's corrections). Refused (409) while its
    checks fail, unless a field was corrected or the person confirms despite the failures."""
    scope.require_write()
    result = review_text(text, year, corrections)
    failed = failed_checks(result)
    if failed and not result["corrected"] and not confirm:
        raise NeedsReview(N_("the reading needs review: checks failed (%(checks)s); correct a "
                             "field or confirm despite the failed checks"),
                          code="needs_review", checks=failed)
    if result.get("date") is None:
        raise InvalidInput(N_("the bulletin's date was not found; give it as a correction"),
                           [{"field": "date", "value": "", "message": "required"}],
                           code="bulletin_date_missing")
    figures, not_stored = figures_of(result)
    counts = aggregates.submit(session, figures, scope=scope, source=SOURCE,
                               note=f"{result['kind']} {result['date']}")
    found = store_clusters(session, scope, result)
    where = result.get("jurisdiction") or {}
    entity_id = f"{result['kind']}:{where.get('code') or 'nation'}:{result['date']}"
    notices = store_exposures(session, scope, result, entity_id)
    audit.record(session, scope, "store", "bulletin", entity_id, changes={
        "status": result["status"], "failed_checks": failed,
        "corrected": result["corrected"],
        "confirmed_despite_failed_checks": bool(failed and confirm),
        "figures": counts, "clusters_created": [c["id"] for c in found["created"]],
        "clusters_matched": [c["id"] for c in found["matched"]],
        "exposure_notices": notices, "not_stored": not_stored},
        province_code=where.get("code"))
    return {"bulletin": entity_id, "kind": result["kind"], "date": result["date"],
            "status": result["status"], "failed_checks": failed,
            "corrected": result["corrected"],
            "confirmed_despite_failed_checks": bool(failed and confirm),
            "figures": counts, "clusters": found, "exposure_notices": notices,
            "not_stored": not_stored}
