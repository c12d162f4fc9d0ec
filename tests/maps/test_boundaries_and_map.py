"""Boundary files (GeoJSON, TopoJSON) read, matched to unit codes and stored; the map page
drawn from them, or as tiles without them; figures per 100,000 worked by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cli import app
from episurv.errors import InvalidInput
from episurv.geo.boundary_file import read_features
from episurv.geo.models import UnitBoundary

HERE = Path(__file__).parent
GEOJSON = HERE / "hanoi_districts.geojson"
TOPOJSON = HERE / "ba_dinh_wards.topojson"
runner = CliRunner()


def test_topojson_arcs_become_the_two_squares():
    left, right = read_features(TOPOJSON.read_text(encoding="utf-8"), "w.topojson")
    # Arc 0 (the shared edge) then arc 1: (1,0) (1,1) (0,1) (0,0) (1,0), counterclockwise,
    # turned clockwise for d3-geo; arc 2 then arc 0 reversed (~0 = -1), likewise.
    assert left.geometry == {"type": "Polygon", "coordinates": [[
        [105.81, 21.0], [105.8, 21.0], [105.8, 21.01], [105.81, 21.01], [105.81, 21.0]]]}
    assert right.geometry["coordinates"] == [[
        [105.81, 21.0], [105.81, 21.01], [105.82, 21.01], [105.82, 21.0], [105.81, 21.0]]]
    assert right.properties["NAME_3"] == "Phường Điện Biên" and right.index == 2


def test_outer_rings_run_clockwise_and_holes_counterclockwise():
    square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # counterclockwise (RFC 7946 order)
    hole = [[0.2, 0.2], [0.2, 0.4], [0.4, 0.4], [0.4, 0.2], [0.2, 0.2]]  # clockwise
    text = json.dumps({"type": "Feature", "properties": {"name": "X"}, "geometry": {
        "type": "Polygon", "coordinates": [square, hole]}})
    (feature,) = read_features(text, "x.geojson")
    assert feature.geometry["coordinates"] == [square[::-1], hole[::-1]]


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "b.geojson: not JSON (line 1, column 2"),
    ('{"type": "GeometryCollection"}', "neither GeoJSON (FeatureCollection) nor TopoJSON"),
    ('{"type": "FeatureCollection", "features": []}', "b.geojson: no features"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": '
     '"Chợ Hôm"}, "geometry": {"type": "Point", "coordinates": [105.8, 21.0]}}]}',
     "feature 1 (Chợ Hôm) is a Point, not a Polygon or MultiPolygon"),
])
def test_a_bad_file_is_named_with_what_is_wrong(text, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_features(text, "b.geojson")


def test_import_boundaries_matches_names_and_lists_the_others(db, session):
    result = runner.invoke(app, ["import", "boundaries", str(GEOJSON), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["matched"], out["features"], out["field"]) == (3, 5, "NAME_2")
    assert [(m["feature"], m["name"]) for m in out["unmatched"]] == [(5, "Quận Không Có")]
    assert "unknown district 'Quận Không Có' in Thành phố Hà Nội" in out["unmatched"][0]["reason"]
    rows = {b.code: b for b in session.scalars(select(UnitBoundary))}
    assert sorted(rows) == [1, 2, 3]  # Ba Đình, Hoàn Kiếm, Tây Hồ (2021 codes)
    # Hoàn Kiếm came as two features ("Quận Hoàn Kiếm", "Hoan Kiem"): one MultiPolygon.
    hoan_kiem = json.loads(rows[2].geometry)
    assert hoan_kiem["type"] == "MultiPolygon" and len(hoan_kiem["coordinates"]) == 2
    again = runner.invoke(app, ["import", "boundaries", str(GEOJSON)])
    assert again.exit_code == 0 and "not matched: feature 5 'Quận Không Có'" in again.stdout
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(UnitBoundary)) == 3


def test_ward_boundaries_from_topojson_use_the_district_to_match(db, session):
    result = runner.invoke(app, ["import", "boundaries", str(TOPOJSON), "--level", "ward"])
    assert result.exit_code == 0, result.output
    assert "2 wards of Hà Nội from 2 features (names in 'NAME_3')" in result.output
    levels = session.execute(select(UnitBoundary.level, func.count()).group_by(
        UnitBoundary.level)).all()
    assert levels == [("ward", 2)]


def test_a_file_matching_nothing_stores_nothing(db, session, tmp_path):
    path = tmp_path / "other.geojson"
    path.write_text(GEOJSON.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["import", "boundaries", str(path), "--province", "Hải Phòng"])
    assert result.exit_code == 2
    assert "other.geojson: no feature matches a district of Thành phố Hải Phòng" in result.output
    assert session.scalar(select(func.count()).select_from(UnitBoundary)) == 0


# Reporting days 2-8/11: Ba Đình 3 cases (N1, N2, and N4 counted on 8/11), Hoàn Kiếm 1; N6 on
# 1/11 is outside the window. Ba Đình 221,893 people (2019 census): 3 x 100,000 / 221,893 =
# 1.35 -> "1,4"; Hoàn Kiếm 135,618: 0.74 -> "0,7".
CASES = """case_id,report_date,report_time,province,district,detected_in
N1,2021-11-07,08:00,Hà Nội,Ba Đình,community
N2,2021-11-02,09:00,Hà Nội,Ba Đình,quarantine
N4,2021-11-07,19:30,Hà Nội,Ba Đình,community
N5,2021-11-06,10:00,Hà Nội,Hoàn Kiếm,quarantine
N6,2021-11-01,10:00,Hà Nội,Hoàn Kiếm,quarantine
"""


@pytest.fixture
def cases(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(CASES))
    session.commit()


def _spec(html: str) -> dict:
    import html as h
    import re

    return json.loads(h.unescape(re.search(r'data-vega-spec="([^"]+)"', html).group(1)))


def test_map_page_draws_tiles_then_the_imported_outlines(anonymous, cases):
    page = anonymous.get("/public/map")
    assert page.status_code == 200
    html = page.text
    assert 'data-testid="map-window">2/11/2021 – 8/11/2021<' in html
    assert 'data-testid="tiles-note"' in html
    assert '<tr data-code="1"><td>Ba Đình</td><td>3</td><td>221.893</td><td>1,4</td>' in html
    assert '<tr data-code="2"><td>Hoàn Kiếm</td><td>1</td><td>135.618</td><td>0,7</td>' in html
    tiles = _spec(html)
    assert tiles["layer"][0]["mark"]["type"] == "rect"
    assert len(tiles["data"]["values"]) == 30  # every district of Hà Nội is a tile
    ba_dinh = next(v for v in tiles["data"]["values"] if v["code"] == 1)
    assert (ba_dinh["cases"], ba_dinh["rate"], ba_dinh["rate_text"]) == (3, 1.4, "1,4")

    assert runner.invoke(app, ["import", "boundaries", str(GEOJSON)]).exit_code == 0
    html = anonymous.get("/public/map").text
    assert 'data-testid="tiles-note"' not in html and "<svg" in html
    shapes = _spec(html)
    assert shapes["mark"]["type"] == "geoshape"
    drawn = {f["properties"]["name"]: f["properties"]["rate"] for f in shapes["data"]["values"]}
    assert drawn == {"Ba Đình": 1.4, "Hoàn Kiếm": 0.7, "Tây Hồ": 0.0}
    english = anonymous.get("/public/map", params={"lang": "en", "level": "ward"}).text
    assert "Cases per 100,000 people in 7 days" in english
    # Wards have no population here: no rate, said as such, never 0; the tiles show counts.
    assert "no population" in english
    wards = _spec(english)
    assert wards["title"]["text"] == "Cases in 7 days (no population loaded)"
    assert wards["layer"][0]["encoding"]["color"]["field"] == "cases"
    assert len(wards["data"]["values"]) == 579 and len(wards["layer"]) == 1  # no labels


@pytest.fixture
def levels(session, cases, write_csv):
    """Ba Đình's 2 community cases of 2-8/11 with its 65+ coverage short (level 1 + 1 = 2),
    Tây Hồ raised to level 3 by decision, every other district level 1 (no community case)."""
    from episurv.levels import service
    from episurv.levels.inputs import import_coverage

    import_coverage(session, write_csv("province,district,date,adult_dose1_pct,"
                                       "elderly_full_pct\nHà Nội,Ba Đình,2021-11-01,90,70",
                                       "coverage.csv"), scope=SYSTEM)
    service.set_decision(session, scope=SYSTEM, unit="district", code=3, level=3,
                         valid_from=date(2021, 11, 5), reason="cụm ca ở chợ Quảng An")
    session.commit()


def test_the_level_layer_on_tiles_then_on_outlines_and_on_the_levels_page(anonymous, levels):
    page = anonymous.get("/public/map", params={"layer": "level", "lang": "en"}).text
    assert 'data-testid="tiles-note"' in page and "<h1>Epidemic levels: Hà Nội</h1>" in page
    tiles = _spec(page)
    color = tiles["layer"][0]["encoding"]["color"]
    assert color["field"] == "level_text" and color["scale"] == {
        "domain": ["Level 1 – low risk", "Level 2 – medium risk", "Level 3 – high risk",
                   "Level 4 – very high risk", "Not assessable"],
        "range": ["#1a9850", "#f2c40f", "#f46d43", "#d73027", "#d9dde5"]}
    drawn = {v["name"]: v["level"] for v in tiles["data"]["values"]}
    assert (drawn["Ba Đình"], drawn["Hoàn Kiếm"], drawn["Tây Hồ"]) == (2, 1, 3)
    assert set(drawn.values()) == {1, 2, 3} and len(drawn) == 30
    # The table lists the highest levels first, with the level's colour.
    assert '<tr data-code="3"><td>Tây Hồ</td><td class="lv lv3" data-level="3">3</td>' in page
    assert '<tr data-code="1"><td>Ba Đình</td><td class="lv lv2" data-level="2">2</td>' in page
    # The rate layer stays the default.
    assert _spec(anonymous.get("/public/map").text)["layer"][0]["encoding"]["color"][
        "field"] == "rate"
    levels_page = anonymous.get("/public/levels", params={"unit": "district",
                                                          "date": "2021-11-08"}).text
    assert 'data-testid="levels-map"' not in levels_page

    assert runner.invoke(app, ["import", "boundaries", str(GEOJSON)]).exit_code == 0
    shapes = _spec(anonymous.get("/public/map", params={"layer": "level", "lang": "vi"}).text)
    assert shapes["mark"]["type"] == "geoshape"
    assert shapes["encoding"]["color"]["field"] == "properties.level_text"
    assert {f["properties"]["name"]: (f["properties"]["level"], f["properties"]["level_text"])
            for f in shapes["data"]["values"]} == {
        "Ba Đình": (2, "Cấp 2 – nguy cơ trung bình"), "Hoàn Kiếm": (1, "Cấp 1 – nguy cơ thấp"),
        "Tây Hồ": (3, "Cấp 3 – nguy cơ cao")}
    levels_page = anonymous.get("/public/levels", params={"unit": "district",
                                                          "date": "2021-11-08"}).text
    assert 'data-testid="levels-map"' in levels_page
    on_page = _spec(levels_page)
    assert {f["properties"]["name"]: f["properties"]["level"]
            for f in on_page["data"]["values"]} == {"Quận Ba Đình": 2, "Quận Hoàn Kiếm": 1,
                                                    "Quận Tây Hồ": 3}
