"""What ``agritargets figures|report|briefing|build`` do: check once, then draw and render.

Each command refuses a bad ``--out`` and options that cannot apply before any work, reads
and checks the staff file once (:func:`prepare`), and hands the documents the checked result
— a run folder as ``agritargets allocate`` writes it (:func:`agritargets.rules.scenario.from_run`)
— never the raw file. Every output folder is written all or nothing and swapped in for readers
in one step (:func:`agritargets.core.files.write_folder`); the checkout is never written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agritargets.core import paths, processes
from agritargets.core.files import check_out_dir, write_folder
from agritargets.population.prepare import CheckedAllocation, validated_allocation
from agritargets.population.record import summary
from agritargets.rules.options import RerunOptions
from agritargets.rules.rerun import write_files
from agritargets.rules.scenario import Scenario, from_checked, published

DOCUMENTS = ("report.qmd", "briefing.qmd")
BUILD_ENTRIES = ("targets", "data", "figures", "report")  # what `build` owns in its --out
PACK_ENTRIES = ("slides", "thumbs", "editable", "figures.csv", "index.html")


@dataclass(frozen=True)
class Prepared:
    """The checked input of one command: what to draw, and the checked rerun (None for 2023)."""

    scenario: Scenario
    checked: CheckedAllocation | None = None


def prepare(population: Path | None, options: RerunOptions, echo: Callable[[str], None] = print) -> Prepared:
    """Check the options and read the staff file once (or take the published 2023 targets).

    Parameters
    ----------
    population : Path or None
        The staff file; None = the published 2023 targets.
    options : RerunOptions
    echo : callable
        Where the run's summary goes.

    Returns
    -------
    Prepared

    Raises
    ------
    InputError
        Options given without a population file (they would be ignored), or a bad file.
    """
    if population is None:
        options.refuse_without_population()
        return Prepared(published())
    checked = validated_allocation(population, options)
    echo("\n".join(summary(checked.record)))
    return Prepared(from_checked(checked), checked)


def document_params(prepared: Prepared, work: Path) -> dict[str, str]:
    """The documents' parameters: the checked run written into ``work/run`` (none for 2023).

    Parameters
    ----------
    prepared : Prepared
    work : Path
        A private temporary folder.

    Returns
    -------
    dict
    """
    if prepared.checked is None:
        return {}
    run = work / "run"
    run.mkdir()
    write_files(prepared.checked, run)
    return {"run": str(run)}


def pack_entries() -> list[str]:
    """Every entry the figure pack may write in its folder (old ones are replaced, not mixed).

    Returns
    -------
    list of str
    """
    from agritargets.figures.pack import FIGURES

    return [*PACK_ENTRIES, *(f"{f.stem}{s}" for f in FIGURES for s in (".png", ".svg"))]


def _inputs(population: Path | None) -> list[Path]:
    return [] if population is None else [population]


def figures(
    population: Path | None,
    options: RerunOptions,
    out: Path,
    workers: int | None = None,
    editable_svg: bool = False,
) -> int:
    """The figure pack into ``out``, all or nothing.

    Parameters
    ----------
    population : Path or None
    options : RerunOptions
    out : Path
    workers : int, optional
    editable_svg : bool

    Returns
    -------
    int
        How many figures.
    """
    from agritargets.figures.pack import build_pack

    names = pack_entries()
    check_out_dir(out, names, _inputs(population))
    prepared = prepare(population, options)
    made = []
    write_folder(out, names, lambda f: made.append(build_pack(prepared.scenario, f, workers, editable_svg)))
    return len(made[0])


def document(
    name: str, population: Path | None, options: RerunOptions, out: Path, to: str | None = None
) -> list[Path]:
    """Render one document of the project (``report.qmd``, ``briefing.qmd`` …) into ``out``.

    Parameters
    ----------
    name : str
        The document's file name in the project.
    population : Path or None
    options : RerunOptions
    out : Path
    to : str, optional
        One format only.

    Returns
    -------
    list of Path
        The files written.
    """
    from agritargets.documents.quarto import render, require_quarto

    check_out_dir(out, (), _inputs(population))
    require_quarto()
    prepared = prepare(population, options)
    with processes.temporary_folder() as work:
        return render(paths.ROOT / name, out, document_params(prepared, work), to).files


def _write_build(prepared: Prepared, folder: Path, work: Path) -> None:
    from agritargets.documents.publish import write_data
    from agritargets.documents.quarto import render_side_by_side
    from agritargets.figures.pack import build_pack

    if prepared.checked is not None:
        (folder / "targets").mkdir()
        write_files(prepared.checked, folder / "targets")
    else:
        write_data(folder / "data")  # the published tables, as docs/data has them
    build_pack(prepared.scenario, folder / "figures")  # also fills the figure cache the documents read
    params = document_params(prepared, work)
    render_side_by_side([paths.ROOT / name for name in DOCUMENTS], folder / "report", params)


def build(population: Path | None, options: RerunOptions, out: Path) -> Path:
    """Everything in one command: the rerun (or the 2023 data), figure pack, report and deck.

    ``out/targets`` (a rerun, as ``allocate`` writes it) or ``out/data`` (the 2023 tables),
    ``out/figures`` and ``out/report``; all or nothing.

    Parameters
    ----------
    population : Path or None
    options : RerunOptions
    out : Path

    Returns
    -------
    Path
        The figure pack's contact sheet.
    """
    from agritargets.documents.quarto import require_quarto

    check_out_dir(out, BUILD_ENTRIES, _inputs(population))
    require_quarto()
    prepared = prepare(population, options)
    with processes.temporary_folder() as work:
        write_folder(out, BUILD_ENTRIES, lambda folder: _write_build(prepared, folder, work))
    return Path(out) / "figures" / "index.html"
