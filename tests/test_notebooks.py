"""Every notebook runs top to bottom in a fresh kernel; outputs are stripped in the repository."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from agritargets.core import paths
from agritargets.core.files import read_csv

NOTEBOOKS = sorted((paths.ROOT / "notebooks").glob("*.ipynb"))


def run_notebook(path: Path, parameters: dict | None = None) -> nbformat.NotebookNode:
    """Execute a notebook top to bottom in a fresh kernel, with ``parameters`` injected after
    its ``parameters`` cell as papermill does."""
    nb = nbformat.read(path, as_version=4)
    if parameters:
        index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        source = "# Injected parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
        cell.pop("id", None)
        nb.cells.insert(index + 1, cell)
    NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return nb


def test_notebooks_are_numbered_and_stripped():
    assert [p.name[:3] for p in NOTEBOOKS] == [f"{i:02d}_" for i in range(1, len(NOTEBOOKS) + 1)]
    for p in NOTEBOOKS:
        nb = nbformat.read(p, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, p.name
                assert 'matplotlib.use("Agg")' not in cell.source, p.name


def _outputs_into(path: Path, folder: Path) -> dict | None:
    """``out_dir`` pointed at ``folder`` for a notebook that writes files (a test writes nothing
    into the checkout; a reader running the notebook gets ``out/notebookNN``)."""
    nb = nbformat.read(path, as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.metadata.get("tags", [])), None)
    return {"out_dir": str(folder)} if cell is not None and "out_dir" in cell.source else None


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, tmp_path):
    nb = run_notebook(path, _outputs_into(path, tmp_path))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


@pytest.mark.slow
def test_rerun_notebook_takes_parameters(tmp_path):
    run_notebook(
        paths.ROOT / "notebooks" / "03_reproduce.ipynb",
        {
            "total": "450",
            "rounding": "largest-remainder",
            "province_population": "",
            "out_dir": str(tmp_path),
        },
    )
    c = read_csv(tmp_path / "county_targets.csv", dtype=str)
    assert len(c) == 123
    assert sum(float(v) * 100 for v in c["target_yi"]) == pytest.approx(45000)
