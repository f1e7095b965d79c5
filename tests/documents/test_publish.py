"""The published edition in docs/: current with the sources, complete, linked, light."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from agritargets.core import paths
from agritargets.core.files import read_csv
from agritargets.documents.publish import DATA_TABLES, DICTIONARY, DOCS, file_list, input_hashes, tree_hash

MANIFEST = DOCS / "manifest.json"


@pytest.fixture(scope="module")
def manifest() -> dict:
    assert MANIFEST.exists(), "docs/ has no manifest.json: run `make publish`"
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def test_edition_is_current_with_the_sources(manifest):
    """Every input's hash (documents, config, data, boundaries, package source, Quarto) as recorded."""
    stale = {k: v for k, v in input_hashes().items() if manifest["inputs"].get(k) != v}
    assert not stale, f"docs/ was built from other sources ({', '.join(stale)} changed): run `make publish`"


def test_manifest_lists_every_file_with_its_size_and_hash(manifest):
    assert manifest["files"] == file_list(DOCS), (
        "docs/ was edited by hand or is incomplete: run `make publish`"
    )


def test_tree_hash_sees_a_changed_file(tmp_path):
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    before = tree_hash(tmp_path)
    (tmp_path / "a.txt").write_text("二", encoding="utf-8")
    assert tree_hash(tmp_path) != before
    with pytest.raises(FileNotFoundError):
        tree_hash(tmp_path / "missing")


def test_the_edition_holds_what_a_reader_needs(manifest):
    files = set(manifest["files"])
    for name in (
        "index.html",
        "report.html",
        "report.pdf",
        "briefing.pptx",
        "briefing.html",
        "figures/index.html",
        "figures/figures.csv",
        "data/targets_2023.xlsx",
    ):
        assert name in files, name
    assert {f"data/{name}" for name in DATA_TABLES} <= files


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]


@pytest.mark.parametrize("page", ["index.html", "figures/index.html"])
def test_every_link_resolves_inside_docs(page):
    parser = _Links()
    parser.feed((DOCS / page).read_text(encoding="utf-8"))
    assert parser.targets
    for target in parser.targets:
        if target.startswith("#"):
            continue
        assert not re.match(r"[a-z]+:", target), f"{page}: {target} leaves docs/"
        assert ((DOCS / page).parent / target).resolve().is_file(), f"{page}: {target} does not exist"


def test_readme_opens_the_edition():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("\n## ")]
    for target in (
        "docs/report.pdf",
        "docs/report.html",
        "docs/briefing.pptx",
        "docs/figures/map_county_share.svg",
    ):
        assert target in head, target
        assert (paths.ROOT / target).is_file(), target


def test_size_budget():
    total = sum(p.stat().st_size for p in DOCS.rglob("*") if p.is_file())
    assert total <= 25 * 1024 * 1024, f"docs/ is {total / 1024 / 1024:.1f} MB"


def test_no_file_stored_twice():
    seen: dict[str, Path] = {}
    for p in sorted(DOCS.rglob("*")):
        if p.is_file() and p.stat().st_size > 10_000:
            digest = tree_hash(p)
            assert digest not in seen, f"{p} repeats {seen[digest]}"
            seen[digest] = p


def test_data_dictionary_covers_every_published_column():
    dictionary = read_csv(DICTIONARY, dtype=str)
    for name in DATA_TABLES:
        columns = read_csv(paths.PROCESSED / name, dtype=str).columns.tolist()
        described = dictionary.loc[dictionary["file"] == name, "column"].tolist()
        assert described == columns, name
    assert set(dictionary["file"]) == set(DATA_TABLES)
    assert dictionary["zh"].str.len().min() > 0 and dictionary["en"].str.len().min() > 0


def test_workbook_has_every_table_and_the_dictionary():
    wb = load_workbook(DOCS / "data" / "targets_2023.xlsx", read_only=True)
    assert wb.sheetnames == [*DATA_TABLES.values(), "数据字典"]
    rows = list(wb["县市区目标"].iter_rows(values_only=True))
    assert len(rows) == 124 and rows[0][:3] == ("seq", "adcode", "county")


def test_published_csvs_are_the_processed_data():
    for name in DATA_TABLES:
        assert (DOCS / "data" / name).read_bytes() == (paths.PROCESSED / name).read_bytes(), name
        assert (DOCS / "data" / name).read_bytes().startswith(b"\xef\xbb\xbf"), name  # BOM for Excel
