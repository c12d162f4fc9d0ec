"""Administrative units in the database: seeding from the register, population, listing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from episurv.dataversion import bump
from episurv.errors import InvalidInput
from episurv.geo import census2019
from episurv.geo.boundary_file import DISTRICT_FIELDS, merged, read_features
from episurv.geo.boundary_file import name_field as pick
from episurv.geo.models import LEVEL_KEYS, AdminUnit, UnitBoundary
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register


def seed_units(session: Session) -> int:
    """Insert the register's units that are missing, with census totals for provinces and Hà
    Nội's districts. Returns how many were added (0 when the table is already complete)."""
    have = set(session.execute(select(AdminUnit.level, AdminUnit.code)).all())
    rows = []
    for (level, code), unit in register().by_code.items():
        if (level, code) in have:
            continue
        population, source = None, None
        if level == PROVINCE and code in census2019.PROVINCES:
            population, source = census2019.PROVINCES[code][1], census2019.SOURCE
        elif level == DISTRICT and code in census2019.HANOI_DISTRICTS:
            population, source = census2019.HANOI_DISTRICTS[code][1], census2019.SOURCE
        rows.append(dict(level=level, code=code, name=unit.name, short_name=unit.short_name,
                         division_type=unit.division_type, parent_code=unit.parent_code,
                         province_code=unit.province_code, population=population,
                         population_source=source))
    if rows:
        session.execute(AdminUnit.__table__.insert(), rows)
    # Each level's codes, which the unit columns of the other tables refer to.
    for level, key in LEVEL_KEYS.items():
        missing = select(AdminUnit.code, AdminUnit.level).where(
            AdminUnit.level == level, AdminUnit.code.not_in(select(key.code)))
        session.execute(insert(key).from_select(["code", "level"], missing))
    return len(rows)


def populations(session: Session, level: str, codes: list[int] | None = None) -> dict[int, int]:
    query = select(AdminUnit.code, AdminUnit.population).where(
        AdminUnit.level == level, AdminUnit.population.is_not(None))
    if codes is not None:
        query = query.where(AdminUnit.code.in_(codes))
    return dict(session.execute(query).all())


def list_units(session: Session, province: str | None = None,
               district: str | None = None) -> list[dict]:
    """Provinces (no province given), a province's districts, or a district's wards."""
    reg = register()
    if province is None:
        level, parent = PROVINCE, None
    elif district is None:
        level, parent = DISTRICT, reg.resolve(province, PROVINCE).code
    else:
        prov = reg.resolve(province, PROVINCE)
        level, parent = WARD, reg.resolve(district, DISTRICT, prov.code).code
    query = select(AdminUnit).where(AdminUnit.level == level)
    if parent is not None:
        query = query.where(AdminUnit.parent_code == parent)
    units = session.scalars(query.order_by(AdminUnit.code)).all()
    counts: dict[int, int] = {}
    if level != WARD:
        child = {PROVINCE: DISTRICT, DISTRICT: WARD}[level]
        for unit in units:
            counts[unit.code] = len(reg.children[(level, unit.code)])
    return [{"level": u.level, "code": u.code, "name": u.name, "short_name": u.short_name,
             "division_type": u.division_type, "population": u.population,
             "population_source": u.population_source,
             **({f"{child}s": counts[u.code]} if level != WARD else {})}
            for u in units]


def import_population(session: Session, path: Path, rejects: Path | None = None) -> dict:
    """Load ward population from a census-like CSV (columns city, district, ward, total, and
    optionally dist_title, ward_title; names may lack spaces, as in the 2019 census export).

    A row that matches no single 2021 ward (wards merged or renamed since 2019) refuses the whole
    file, naming the rows, unless `rejects` is given: then the matched rows are loaded and every
    other row is written there with its reason.
    """
    reg = register()
    problems: list[tuple[dict, str]] = []
    updates: dict[int, int] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or ())
        needed = {"city", "district", "ward", "total"}
        missing = needed - set(fields)
        if missing:
            raise InvalidInput(f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                               f"a population file needs {', '.join(sorted(needed))}")
        for line, row in enumerate(reader, start=2):
            try:
                prov = reg.resolve(row["city"], PROVINCE)
                dist = reg.resolve(_titled(row.get("dist_title"), row["district"]), DISTRICT,
                                   prov.code)
                ward = reg.resolve(_titled(row.get("ward_title"), row["ward"]), WARD, dist.code)
                total = int(float(row["total"]))
                if total < 0:
                    raise InvalidInput(f"column total: {total} is negative")
            except InvalidInput as exc:
                problems.append((row, f"row {line}: {exc}"))
                continue
            except ValueError:
                problems.append((row, f"row {line}, column total: {row['total']!r} is not a "
                                      "number"))
                continue
            updates[ward.code] = updates.get(ward.code, 0) + total
    if problems and rejects is None:
        shown = "\n".join(reason for _row, reason in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise InvalidInput(f"{path}: {len(problems)} row(s) could not be matched to a 2021 ward; "
                           f"nothing was imported (--skip-invalid FILE loads the others):\n"
                           f"{shown}{more}", [{"message": reason} for _row, reason in problems])
    if rejects is not None:
        with open(rejects, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=fields + ["reason"])
            writer.writeheader()
            for row, reason in problems:
                writer.writerow({**row, "reason": reason})
    for code, total in updates.items():
        session.execute(update(AdminUnit).where(AdminUnit.level == WARD, AdminUnit.code == code)
                        .values(population=total, population_source=f"imported from {path.name}"))
    return {"wards": len(updates), "population": sum(updates.values()), "rejected": len(problems)}


def _titled(title: str | None, name: str) -> str:
    # The census export splits the type ("Quận") from the name; together they tell apart
    # units that share a name (Huyện Kỳ Anh, Thị xã Kỳ Anh).
    return f"{title} {name}" if title else name


def import_boundaries(session: Session, path: Path, *, province: str, level: str = DISTRICT,
                      name_field: str | None = None, district_field: str | None = None
                      ) -> dict:
    """Store the outlines of a boundary file (GeoJSON or TopoJSON) for the units of
    `province` at `level` (district or ward), each feature's name matched to its 2021 unit
    code by the same matcher as the line list. Features that match no single unit (a
    neighbouring province, a lake, a ward renamed since) are listed with the reason, not
    stored; a unit drawn as several features gets them merged. Re-importing replaces."""
    if level not in (DISTRICT, WARD):
        raise InvalidInput(f"level {level!r}: district or ward")
    reg = register()
    prov = reg.resolve(province, PROVINCE)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name}: not UTF-8 text") from None
    features = read_features(text, path.name)
    field = pick(features, level, name_field, path.name)
    parent_field = None
    if level == WARD:
        wanted = [district_field] if district_field else list(DISTRICT_FIELDS)
        parent_field = next((f for f in wanted if f != field and all(
            str(x.properties.get(f) or "").strip() for x in features)), None)
    shapes: dict[int, list[dict]] = {}
    names: dict[int, str] = {}
    unmatched = []
    for feature in features:
        written = str(feature.properties[field]).strip()
        try:
            parent = None
            if parent_field:
                parent = reg.resolve(str(feature.properties[parent_field]), DISTRICT,
                                     prov.code).code
            unit = (reg.resolve(written, DISTRICT, prov.code) if level == DISTRICT
                    else reg.resolve(written, WARD, parent, province=prov.code))
        except InvalidInput as exc:
            unmatched.append({"feature": feature.index, "name": written, "reason": str(exc)})
            continue
        shapes.setdefault(unit.code, []).append(feature.geometry)
        names.setdefault(unit.code, written)
    if not shapes:
        raise InvalidInput(f"{path.name}: no feature matches a {level} of {prov.name} "
                           f"(first: {unmatched[0]['reason']}); nothing was stored")
    for code, parts in shapes.items():
        session.merge(UnitBoundary(level=level, code=code, province_code=prov.code,
                                   name_in_file=names[code][:200],
                                   geometry=json.dumps(merged(parts), separators=(",", ":")),
                                   source=path.name[:200]))
    session.flush()
    # The maps drawn from them are cached under the province's data version (web.cache).
    bump(session, [prov.code])
    return {"province": prov.short_name, "level": level, "field": field,
            "matched": len(shapes), "features": len(features), "unmatched": unmatched}


def boundaries(session: Session, level: str, province_code: int) -> dict[int, dict]:
    """The stored outline of each unit of a province at `level`: {code: GeoJSON geometry}."""
    rows = session.execute(select(UnitBoundary.code, UnitBoundary.geometry).where(
        UnitBoundary.level == level, UnitBoundary.province_code == province_code))
    return {code: json.loads(geometry) for code, geometry in rows}
