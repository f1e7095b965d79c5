"""The layout is the architecture: core < rules < figures < documents < cli, and drawing code reads no files."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "agritargets"
ORDER = ("core", "rules", "monitor", "figures", "documents", "cli")  # each may import only earlier ones
SAME = {"population": "rules"}  # the population reader belongs to the rules layer (it allocates)


def _module(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    return ".".join(("agritargets", *rel.parts)).removesuffix(".__init__")


def _modules(folder: str) -> list[Path]:
    return sorted((SRC / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n for n in names if n.startswith("agritargets.")}


def _layer(name: str) -> int:
    part = SAME.get(name.split(".")[1], name.split(".")[1])
    return ORDER.index(part) if part in ORDER else -1


ALL = [p for p in SRC.rglob("*.py") if p.parent != SRC or p.stem == "cli"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(SRC)))
def test_a_module_imports_no_later_layer(path):
    own = _layer(_module(path))
    later = sorted(n for n in _imports(path) if _layer(n) > own)
    assert not later, f"{_module(path)} imports {later}"


LOADERS = (
    "agritargets.core.geo",
    "agritargets.core.paths",
    "agritargets.core.files",
    "agritargets.core.targets",
    "agritargets.core.notice",
    "agritargets.core.divisions",
    "agritargets.core.neighbours",
    "agritargets.rules.forensic",
    "agritargets.rules.rerun",
    "agritargets.rules.pipeline",
    "agritargets.population",
    "agritargets.figures.pack",
    "agritargets.figures.kit.cache",
)
PURE = {"agritargets.core.geo.equal_area_crs"}  # functions of loader modules that read nothing
EDGE = {"pack.py", "cache.py"}  # the figure pack's loaders and the rendition cache
DRAWING = [p for p in _modules("figures") if p.name not in EDGE]


@pytest.mark.parametrize("path", DRAWING, ids=lambda p: str(p.relative_to(SRC)))
def test_drawing_modules_import_no_loader(path):
    bad = {n for n in _imports(path) if n.startswith(LOADERS)} - PURE
    bad -= {n.rsplit(".", 1)[0] for n in PURE}
    assert not bad, f"{_module(path)} imports {sorted(bad)}"


IO = {"read_text", "read_bytes", "read_file", "read_csv", "read_excel", "write_text", "write_bytes", "to_csv"}


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            # open() the builtin; any method in the IO/WRITES sets (Image.open is a reader's method, not listed)
            yield f.id if isinstance(f, ast.Name) else ("." + f.attr) if isinstance(f, ast.Attribute) else ""


@pytest.mark.parametrize("path", DRAWING, ids=lambda p: str(p.relative_to(SRC)))
def test_drawing_modules_open_no_files(path):
    bad = {c for c in _calls(path) if c == "open" or (c.lstrip(".") in IO and c.startswith("."))}
    assert not bad, f"{_module(path)} calls {sorted(bad)}"


ANALYSIS = [SRC / "rules" / f"{m}.py" for m in ("allocation", "audit", "forensic")] + [
    p for p in _modules("population")
]
DRAWS_OR_WRITES = (
    "matplotlib",
    "geopandas",
    "PIL",
    "openpyxl",
    "agritargets.figures",
    "agritargets.documents",
)
WRITES = {
    "write_text",
    "write_bytes",
    "to_csv",
    "to_excel",
    "savefig",
    "write_csv",
    "write_xlsx",
    "mkdir",
}


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: str(p.relative_to(SRC)))
def test_analysis_neither_draws_nor_writes(path):
    names = {n for n in _imports(path)} | {
        a.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import)
        for a in node.names
    }
    bad = {n for n in names if n.startswith(DRAWS_OR_WRITES)}
    bad |= {
        n
        for n in names
        if n.startswith("agritargets.core.files")
        and n.rsplit(".", 1)[1] not in {"files", "read_csv", "sha256"}
    }
    assert not bad, f"{_module(path)} imports {sorted(bad)}"
    calls = set(_calls(path))
    assert "open" not in calls, f"{_module(path)} calls open()"
    assert not {c for c in calls if c.lstrip(".") in WRITES}, f"{_module(path)} writes"
