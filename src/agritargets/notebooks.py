"""Run notebooks the way Jupyter and papermill do: parameters injected after the ``parameters`` cell."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """Insert an ``injected-parameters`` cell right after the cell tagged ``parameters`` (as papermill does)."""
    if not parameters:
        return nb
    index = next(
        (i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None
    )
    if index is None:
        raise ValueError("notebook has no cell tagged 'parameters'")
    plain = {k: str(v) if isinstance(v, Path) else v for k, v in parameters.items()}  # literals only
    source = "# Injected parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in plain.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell.pop("id", None)
    nb.cells.insert(index + 1, cell)
    return nb


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 900) -> nbformat.NotebookNode:
    """Execute every cell in a fresh ``python3`` kernel; raises on the first error."""
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return nb


def run_notebook(path: Path, parameters: dict | None = None, timeout: int = 900) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    return execute(inject_parameters(nb, parameters or {}), path.parent, timeout)
