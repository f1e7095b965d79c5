"""Layering: drawing code is handed its data (reads no files); the analysis neither draws nor writes."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "agritargets"
DRAWING = [
    "maps",
    "panels",
    "charts",
    "auditcharts",
    "tiles",
    "cartography",
    "labels",
    "legends",
    "page",
    "style",
    "svgmap",
    "messages",
    "classify",
    "export",
    "figcheck",
    "contactsheet",
]
LOADERS = {
    "geometry",
    "paths",
    "files",
    "targets",
    "notice",
    "forensic",
    "divisions",
    "neighbours",
    "population",
    "rerun",
    "pipeline",
    "figures",
    "figcache",
}
PURE = {"agritargets.geometry.equal_area_crs"}  # functions of loader modules that read nothing


def _imports(module: str) -> set[str]:
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("module", DRAWING)
def test_drawing_modules_import_no_loader(module):
    names = _imports(module)
    used = {
        n for n in names if n.startswith("agritargets.") and n.split(".")[1] in LOADERS and n.count(".") == 2
    }
    bad = used - PURE
    assert not bad, f"{module} imports {sorted(bad)}"
    assert not {n for n in names if n in {f"agritargets.{x}" for x in LOADERS}} - {
        n.rsplit(".", 1)[0] for n in used
    }, f"{module} imports a loader module"


IO = {"read_text", "read_bytes", "read_file", "read_csv", "read_excel", "write_text", "write_bytes", "to_csv"}


@pytest.mark.parametrize("module", DRAWING)
def test_drawing_modules_open_no_files(module):
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            assert not (isinstance(f, ast.Name) and f.id == "open"), f"{module} calls open()"
            assert not (isinstance(f, ast.Attribute) and f.attr in IO), f"{module} calls .{f.attr}()"


ANALYSIS = [
    "allocation",
    "audit",
    "forensic",
    *(f"population/{p.stem}" for p in sorted((SRC / "population").glob("*.py"))),
]
DRAWS_OR_WRITES = (
    "matplotlib",
    "geopandas",
    "PIL",
    "openpyxl",
    *(f"agritargets.{m}" for m in (*DRAWING, "figures", "figcache", "rerun", "publish", "files", "quarto")),
)
WRITES = {"write_text", "write_bytes", "to_csv", "to_excel", "savefig", "write_csv", "write_xlsx", "mkdir"}


@pytest.mark.parametrize("module", ANALYSIS)
def test_analysis_neither_draws_nor_writes(module):
    names = _imports(module)
    reads = {"agritargets.files", "agritargets.files.read_csv", "agritargets.files.sha256"}
    bad = {n for n in names if n.startswith(DRAWS_OR_WRITES) and n not in reads}
    assert not bad, f"{module} imports {sorted(bad)}"
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            assert not (isinstance(f, ast.Name) and f.id == "open"), f"{module} calls open()"
            assert not (isinstance(f, ast.Attribute) and f.attr in WRITES), f"{module} calls .{f.attr}()"
