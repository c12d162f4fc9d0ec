"""Reading a boundary file: GeoJSON (RFC 7946) or TopoJSON (topojson-specification 1.0) text
in, one polygon feature per unit out, with the names written in its properties.

Pure: text in, features or a named problem out. Which unit a feature is stays for the name
matcher (geo.units) to say. TopoJSON is turned into GeoJSON as the specification defines it:
quantized arcs are delta-encoded and scaled by the transform, arc ~i is arc i reversed, and the
arcs of a ring are joined dropping each next arc's first point (the shared one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from episurv.errors import InvalidInput

POLYGONS = ("Polygon", "MultiPolygon")
# Property names boundary files use for the unit's name, most specific first: GADM (NAME_3
# ward, NAME_2 district), the Vietnamese open-data exports (Ten_Xa, Ten_Huyen), and plain ones.
WARD_FIELDS = ("NAME_3", "Ten_Xa", "ten_xa", "ward", "Ward", "name", "Name", "ten", "TEN")
DISTRICT_FIELDS = ("NAME_2", "Ten_Huyen", "ten_huyen", "district", "District", "name", "Name",
                   "ten", "TEN")
DECIMALS = 5  # about a metre: enough for a map, and a file a tenth of the size


@dataclass(frozen=True)
class Feature:
    index: int  # 1-based position in the file, to name it in messages
    properties: dict
    geometry: dict


def _round(coords):
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(c), DECIMALS) for c in coords[:2]]
    return [_round(c) for c in coords]


def _area2(ring: list[list[float]]) -> float:
    """Twice the planar signed area of a ring: > 0 when it runs counterclockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def _rewound(geometry: dict) -> dict:
    """Rings turned the way d3-geo (Vega's renderer) reads them: the outer ring clockwise,
    holes counterclockwise. RFC 7946 asks the opposite, and files come both ways; read the
    wrong way round, a district would be drawn as the whole globe minus the district."""
    def polygon(rings: list) -> list:
        return [r if (_area2(r) > 0) == (i > 0) else list(reversed(r))
                for i, r in enumerate(rings)]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    return {"type": "MultiPolygon",
            "coordinates": [polygon(p) for p in geometry["coordinates"]]}


def _topo_arcs(topology: dict) -> list[list[list[float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology.get("arcs", []):
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x, y = x + dx, y + dy
                points.append([x * sx + tx, y * sy + ty])
        else:
            points = [list(p[:2]) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    ring: list[list[float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(points if not ring else points[1:])
    return ring


def _topo_geometry(geometry: dict, arcs: list) -> dict | None:
    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": "Polygon",
                "coordinates": [_ring(r, arcs) for r in geometry["arcs"]]}
    if kind == "MultiPolygon":
        return {"type": "MultiPolygon",
                "coordinates": [[_ring(r, arcs) for r in polygon]
                                for polygon in geometry["arcs"]]}
    return None


def _from_topojson(data: dict, name: str) -> list[tuple[dict, dict | None]]:
    arcs = _topo_arcs(data)
    out = []
    for obj in (data.get("objects") or {}).values():
        members = obj.get("geometries", []) if obj.get("type") == "GeometryCollection" else [obj]
        for g in members:
            try:
                out.append((g.get("properties") or {}, _topo_geometry(g, arcs)))
            except (IndexError, KeyError, TypeError, ValueError):
                raise InvalidInput(f"{name}: geometry {len(out) + 1} refers to arcs the "
                                   "topology does not have") from None
    return out


def read_features(text: str, name: str) -> list[Feature]:
    """The polygon features of a GeoJSON FeatureCollection (or single Feature) or of every
    object of a TopoJSON Topology. A feature that is not a polygon is refused by name."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}: not JSON (line {exc.lineno}, column {exc.colno}: "
                           f"{exc.msg})") from None
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Topology":
        raw = _from_topojson(data, name)
    elif kind == "FeatureCollection":
        raw = [(f.get("properties") or {}, f.get("geometry"))
               for f in data.get("features") or [] if isinstance(f, dict)]
    elif kind == "Feature":
        raw = [(data.get("properties") or {}, data.get("geometry"))]
    else:
        raise InvalidInput(f"{name}: neither GeoJSON (FeatureCollection) nor TopoJSON "
                           f"(Topology); its type is {kind!r}")
    if not raw:
        raise InvalidInput(f"{name}: no features")
    features = []
    for i, (properties, geometry) in enumerate(raw, start=1):
        if not geometry or geometry.get("type") not in POLYGONS:
            got = geometry.get("type") if geometry else None
            raise InvalidInput(f"{name}: feature {i} ({_label(properties)}) is a {got}, "
                               "not a Polygon or MultiPolygon")
        features.append(Feature(i, properties, _rewound({
            "type": geometry["type"], "coordinates": _round(geometry["coordinates"])})))
    return features


def _label(properties: dict) -> str:
    for field in DISTRICT_FIELDS + WARD_FIELDS:
        if properties.get(field):
            return str(properties[field])
    return "no name"


def name_field(features: list[Feature], level: str, asked: str | None, name: str) -> str:
    """The property holding the unit's name: the one asked for, else the first known one that
    every feature has."""
    fields = [asked] if asked else list(WARD_FIELDS if level == "ward" else DISTRICT_FIELDS)
    for field in fields:
        if all(str(f.properties.get(field) or "").strip() for f in features):
            return field
    keys = sorted({k for f in features for k in f.properties})
    if asked:
        raise InvalidInput(f"{name}: not every feature has a {asked!r} property "
                           f"(properties: {', '.join(keys) or 'none'})")
    raise InvalidInput(f"{name}: no property names the {level} in every feature (tried "
                       f"{', '.join(fields)}; the file has {', '.join(keys) or 'none'}); "
                       "name it with --name-field")


def merged(geometries: list[dict]) -> dict:
    """One geometry of several parts of the same unit (a district drawn as several features)."""
    if len(geometries) == 1:
        return geometries[0]
    polygons = []
    for g in geometries:
        polygons.extend([g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"])
    return {"type": "MultiPolygon", "coordinates": polygons}
