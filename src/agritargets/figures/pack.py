"""The figure pack: every figure in a print and a slide layout, one manifest, one contact sheet.

``FIGURES`` is the single list of what the pack holds (stem, section, canvas kind, how its words
and its drawing are made). This module is the **edge**: it loads boundaries, tables and metadata
once (:func:`load_inputs`) and hands them to the drawing modules, which read no files.

- :func:`draw` — one figure by stem, for notebooks, the report and the deck;
- :func:`describe` — every figure's words (title exactly as drawn, caption, classification) without drawing;
- :func:`build_pack` — the pack on disk (also fills the report's figure cache);
- :func:`warm_cache` / :func:`rendition` — cached images for the report and the deck.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from agritargets.core.files import write_csv
from agritargets.core.fonts import use_chinese_font
from agritargets.figures import (
    audit_counties,
    audit_prefectures,
    audit_relative,
    audit_residual,
    contactsheet,
    county_share,
    county_symbols,
    county_tiles,
    denominator_evidence,
    prefecture_composition,
    prefecture_ranked,
    prefecture_targets,
)
from agritargets.figures import prefecture_panel as panels
from agritargets.figures.kit import cache as figcache
from agritargets.figures.kit import cartography, export
from agritargets.figures.kit.classify import share_classes
from agritargets.figures.kit.layout import PRINT, SLIDE, Layout
from agritargets.figures.kit.layout import get as get_layout
from agritargets.figures.kit.spec import SECTIONS, FigureSpec, Inputs, find
from agritargets.figures.kit.style import Meta
from agritargets.rules import audit
from agritargets.rules.scenario import Scenario

PANEL_TOLERANCE_M = 200.0  # prefecture panels: the geo/ coverage as simplified
PROVINCE_TOLERANCE_M = (
    1200.0  # province-wide maps: ~1.5 px at 300 dpi on a 17 cm page; keeps each SVG < 400 KB
)
FIGURE_MODULES = (  # the pack's order; adding a figure = its module + one line here
    county_share,
    county_symbols,
    county_tiles,
    prefecture_targets,
    prefecture_ranked,
    prefecture_composition,
    audit_residual,
    audit_counties,
    audit_relative,
    audit_prefectures,
    denominator_evidence,
)
PUBLISHED_P_LABELS = {
    "P2020": "七普时点（2020）",
    "P2021": "2021 年末",
    "P2022": "2022 年末",
    "P2023": "2023 年末",
}


# --------------------------------------------------------------------------- inputs, loaded at the edge


@lru_cache(maxsize=4)
def load_layers(tolerance_m: float = PROVINCE_TOLERANCE_M) -> cartography.Layers:
    """County, prefecture and province layers (and neighbouring provinces), projected and simplified.

    Parameters
    ----------
    tolerance_m : float
        Coverage-simplification tolerance (metres); ≤ 200 keeps the ``geo/`` drawing weight.

    Returns
    -------
    Layers
    """
    from agritargets.core.geo import SIMPLIFY_TOLERANCE_M, equal_area_crs, load_boundaries
    from agritargets.core.neighbours import load_neighbours

    base = load_boundaries("county")
    crs = equal_area_crs(tuple(base.total_bounds))
    tol = tolerance_m if tolerance_m > SIMPLIFY_TOLERANCE_M else 0.0
    return cartography.make_layers(base, crs, tol, load_neighbours())


@lru_cache(maxsize=1)
def load_meta() -> Meta:
    """The notice number and the boundary package version, for source lines.

    Returns
    -------
    Meta
    """
    from agritargets.core.geo import cnmaps_version
    from agritargets.core.notice import NOTICE_NUMBER

    return Meta(notice=NOTICE_NUMBER, cnmaps_version=cnmaps_version())


@lru_cache(maxsize=1)
def load_evidence() -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """The denominator sweep over the published targets, the published provincial totals, the census zones.

    Returns
    -------
    tuple
        (sweep, {label: 万人}, zones)
    """
    from agritargets.core.targets import load_targets
    from agritargets.rules.forensic import match_sweep, province_totals, special_areas, sweep_grid

    totals = province_totals()
    sweep = match_sweep(load_targets("county"), sweep_grid(totals.values()))
    published = {PUBLISHED_P_LABELS.get(k, k): float(v) for k, v in totals.items()}
    return sweep, published, special_areas()


def _yi_per_wan(scenario: Scenario) -> float | None:
    """亿元 of target per 万人 under the published comparison's denominator (400 / P)."""
    if not scenario.is_published:
        return None
    from agritargets.rules.forensic import province_totals
    from agritargets.rules.scenario import BEST_FIT_P

    return float(scenario.total) / float(province_totals()[BEST_FIT_P])


def load_inputs(scenario: Scenario) -> Inputs:
    """Load (once per process) and compute everything the figures of scenario ``s`` draw.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    Inputs
    """
    sweep, published_p, zones = load_evidence()
    printed = {"attachment_2": scenario.total, "attachment_3": scenario.total}
    if scenario.is_published:
        from agritargets.core.targets import load_printed_totals

        printed = load_printed_totals()
    return Inputs(
        scenario=scenario,
        layers=load_layers(PROVINCE_TOLERANCE_M),
        detail=load_layers(PANEL_TOLERANCE_M),
        meta=load_meta(),
        classes=share_classes(scenario.counties),
        audit_prefectures=audit.audit_prefectures(scenario.counties, scenario.prefectures),
        audit_totals=audit.audit_totals(scenario.counties, scenario.prefectures, printed),
        sweep=sweep,
        published_p=published_p,
        zones=zones,
        yi_per_wan=_yi_per_wan(scenario),
    )


# --------------------------------------------------------------------------- the list of figures


def _specs() -> list[FigureSpec]:
    """Every figure module's spec, in the pack's order, then one panel per prefecture."""
    from agritargets.core.divisions import prefectures

    return [m.SPEC for m in FIGURE_MODULES] + [
        panels.spec(code) for code in prefectures()["prefecture_adcode"]
    ]


FIGURES = _specs()


def spec(stem: str) -> FigureSpec:
    """The figure with this stem.

    Parameters
    ----------
    stem : str

    Returns
    -------
    FigureSpec
    """
    return find(FIGURES, stem)


def specs_for(scenario: Scenario) -> list[FigureSpec]:
    """The figures a pack of scenario ``s`` holds (a rerun skips the 2023-only evidence).

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of FigureSpec
    """
    return [f for f in FIGURES if scenario.is_published or not f.published_only]


def draw(stem: str, scenario: Scenario, layout: str | Layout = "print") -> Figure:
    """One figure by its stem, as in the pack.

    Parameters
    ----------
    stem : str
    scenario : Scenario
    layout : str or Layout
        ``"print"`` (titled, A4 text width) or ``"slide"`` (16:9, no title).

    Returns
    -------
    Figure
    """
    use_chinese_font()
    f = spec(stem)
    inputs = load_inputs(scenario)
    return f.paint(inputs, f.words(inputs), get_layout(layout))


def interactive_map(scenario: Scenario) -> str:
    """The report's interactive county map (inline SVG with tooltips), layers loaded here.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    str
    """
    from agritargets.figures import interactive_map as svgmap

    inputs = load_inputs(scenario)
    return svgmap.interactive_map(scenario, inputs.classes, inputs.layers)


def describe(scenario: Scenario) -> pd.DataFrame:
    """Every figure's words and classification for scenario ``s``, without drawing.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    DataFrame
        stem, section, title, subtitle, caption, classification, classes, data_source.
    """
    inputs = load_inputs(scenario)
    rows = []
    for f in specs_for(scenario):
        words = f.words(inputs)
        method, classes = f.classification(inputs)
        rows.append(
            {
                "stem": f.stem,
                "section": f.section,
                "title": words.title,
                "subtitle": words.subtitle,
                "caption": words.caption,
                "classification": method,
                "classes": classes,
                "data_source": words.source,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- rendering

RENDITIONS = {  # name -> layout it is drawn in
    "report_png": "print",  # 8-bit palette, 150 dpi: the self-contained HTML report
    "report_svg": "print",  # vector, text as outlines: the typst PDF
    "print_png": "print",
    "slide_png": "slide",  # 1920 x 1080: the pack's slide versions
    "deck_png": "slide",  # the same as an 8-bit palette PNG: the briefing deck and web slides
    "slide_svg": "slide",
}

PACK_RENDITIONS = {  # layout -> what the pack draws in it (the report's and the deck's are cached)
    "print": ("report_png", "report_svg", "print_png"),
    "slide": ("slide_png", "deck_png"),
}

_INPUTS: Inputs | None = None  # set before forking; workers inherit it


@dataclass(frozen=True)
class _Job:
    stem: str
    layout: str
    out: Path | None  # pack folder, or None (cache only)
    renditions: tuple[str, ...]
    editable: bool = False


def _render(job: _Job) -> dict:
    """One figure in one layout: its pack files and cached renditions, drawn at most once."""
    assert _INPUTS is not None
    f = spec(job.stem)
    layout = get_layout(job.layout)
    texts = f.words(_INPUTS)
    files = _renditions(job, layout, f, texts)
    row: dict = {"stem": f.stem, "title": texts.title}
    if job.out is not None:
        row.update(_write_files(job, layout, f.stem, files))
    return row


def _pack_renditions(job: _Job, layout: Layout) -> tuple[str, ...]:
    """What one job needs: its renditions, plus the pack's SVG and thumbnail when it writes the pack."""
    extra = () if job.out is None else (("report_svg", "thumbnail") if layout is PRINT else ("slide_svg",))
    return tuple(dict.fromkeys((*job.renditions, *extra)))


def _renditions(job: _Job, layout: Layout, f: FigureSpec, texts) -> dict[str, bytes]:
    """Every rendition the job needs, from the cache when all are there (same code, same data),
    else drawn once and cached; the bytes are the same either way."""
    names = _pack_renditions(job, layout)
    scenario = _INPUTS.scenario
    cached = {n: figcache.get(f.stem, scenario, n) for n in names}
    if not job.editable and all(v is not None for v in cached.values()):
        return cached
    fig = f.paint(_INPUTS, texts, layout)
    try:
        images = export.render(fig, layout, names, thumbnail="thumbnail" in names)
        named = {"title": texts.title, "desc": texts.caption}  # outlined text: search and screen readers
        if any(n.endswith("_svg") for n in names):
            svg = export.svg_text(fig, **named).encode()
            images.update({n: svg for n in names if n.endswith("_svg")})
        if job.editable:
            images["editable_svg"] = export.svg_text(fig, editable=True, **named).encode()
    finally:
        plt.close(fig)
    for name in names:
        figcache.put(f.stem, scenario, images[name], rendition=name)
    return images


def _write_files(job: _Job, layout: Layout, stem: str, files: dict[str, bytes]) -> dict:
    """The pack's files of one figure in one layout; returns their manifest columns."""
    folder = job.out if layout is PRINT else job.out / "slides"
    folder.mkdir(parents=True, exist_ok=True)
    prefix = "" if layout is PRINT else "slide_"
    png, svg = folder / f"{stem}.png", folder / f"{stem}.svg"
    png.write_bytes(files["print_png" if layout is PRINT else "slide_png"])
    svg.write_bytes(files["report_svg" if layout is PRINT else "slide_svg"])
    row = {f"{prefix}png": str(png.relative_to(job.out)), f"{prefix}svg": str(svg.relative_to(job.out))}
    if "editable_svg" in files:
        text_dir = folder / "editable"
        text_dir.mkdir(exist_ok=True)
        (text_dir / f"{stem}.svg").write_bytes(files["editable_svg"])
        row[f"{prefix}svg_text"] = str((text_dir / f"{stem}.svg").relative_to(job.out))
    if layout is PRINT:
        thumbs = job.out / "thumbs"
        thumbs.mkdir(exist_ok=True)
        (thumbs / f"{stem}.png").write_bytes(files["thumbnail"])
        row["thumbnail"] = f"thumbs/{stem}.png"
    return row


def _parallel_map(func, jobs: list, workers: int | None) -> list:
    """``map`` over forked processes (default: one per core, at most 2), in order; serial without fork."""
    n = workers or min(2, os.cpu_count() or 1)
    if n > 1 and len(jobs) > 1 and "fork" in mp.get_all_start_methods():
        pool = mp.get_context("fork").Pool(min(n, len(jobs)), initializer=_worker_signals)
        try:
            return list(pool.imap(func, jobs, chunksize=1))
        finally:  # done, failed or interrupted: no worker outlives the map
            pool.terminate()
            pool.join()
    return [func(j) for j in jobs]


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the parent (which ends them) and die on SIGTERM at once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run(scenario: Scenario, jobs: list[_Job], workers: int | None) -> list[dict]:
    global _INPUTS
    use_chinese_font()
    _INPUTS = load_inputs(scenario)
    try:
        return _parallel_map(_render, jobs, workers)
    finally:
        _INPUTS = None


def build_pack(
    scenario: Scenario, out: Path, workers: int | None = None, editable_svg: bool = False
) -> pd.DataFrame:
    """Write every figure in both layouts, ``figures.csv`` and ``index.html``; return the manifest.

    Also fills the figure cache with the report's and the deck's renditions. The files do not
    depend on the number of worker processes.

    Parameters
    ----------
    scenario : Scenario
    out : Path
    workers : int, optional
        Forked processes (default: up to 2).
    editable_svg : bool
        Also write SVGs with live text (fonts referenced, not outlined) under ``editable/``.

    Returns
    -------
    DataFrame
        The manifest (one row per figure).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    specs = specs_for(scenario)
    jobs = [
        _Job(f.stem, name, out, renditions, editable_svg)
        for f in specs
        for name, renditions in PACK_RENDITIONS.items()
    ]
    rows = _run(scenario, jobs, workers)
    described = describe(scenario).set_index("stem")
    manifest = []
    for f in specs:
        merged: dict = {"stem": f.stem}
        for r in rows:
            if r["stem"] == f.stem:
                merged.update(r)
        d = described.loc[f.stem]
        if merged["title"] != d["title"]:
            raise AssertionError(f"{f.stem}: drawn title differs from the manifest's")
        merged.update(
            {k: d[k] for k in ("section", "subtitle", "caption", "classification", "classes", "data_source")}
        )
        manifest.append(merged)
    columns = ["stem", "section", "title", "subtitle", "caption", "png", "svg", "slide_png", "slide_svg"]
    if editable_svg:
        columns += ["svg_text", "slide_svg_text"]
    columns += ["thumbnail", "classification", "classes", "data_source"]
    table = pd.DataFrame(manifest)[columns]
    write_csv(table, out / "figures.csv")
    (out / "index.html").write_text(
        contactsheet.render(table, scenario, SECTIONS, load_meta()), encoding="utf-8"
    )
    return table


def warm_cache(
    scenario: Scenario,
    renditions: Iterable[str] = ("report_png",),
    workers: int | None = None,
    stems: Iterable[str] | None = None,
) -> int:
    """Draw, in parallel, the figures whose renditions the cache lacks: once per layout, all renditions.

    Parameters
    ----------
    scenario : Scenario
    renditions : iterable of str
        Names from :data:`RENDITIONS` (``report_png``, ``report_svg``, ``print_png``, ``slide_png``, ``slide_svg``).
    workers : int, optional
    stems : iterable of str, optional
        Only these figures (default: every figure of the scenario).

    Returns
    -------
    int
        How many figure × layout drawings were made.
    """
    wanted = tuple(renditions)
    unknown = set(wanted) - set(RENDITIONS)
    if unknown:
        raise ValueError(f"unknown renditions {sorted(unknown)}; choose from {', '.join(RENDITIONS)}")
    specs = specs_for(scenario)
    known = [f.stem for f in specs]
    only = set(known if stems is None else stems)
    if only - set(known):
        raise ValueError(
            f"no figure {sorted(only - set(known))} for this scenario; stems: {', '.join(known)}"
        )
    jobs = []
    for f in (f for f in specs if f.stem in only):
        for layout_name in ("print", "slide"):
            mine = tuple(r for r in wanted if RENDITIONS[r] == layout_name)
            if mine and any(figcache.get(f.stem, scenario, r) is None for r in mine):
                jobs.append(_Job(f.stem, layout_name, None, mine))
    if jobs:
        _run(scenario, jobs, workers)
    return len(jobs)


def rendition(stem: str, scenario: Scenario, name: str = "report_png") -> bytes:
    """One cached image of a figure (drawn and cached if absent).

    Parameters
    ----------
    stem : str
    scenario : Scenario
    name : str
        A key of :data:`RENDITIONS`.

    Returns
    -------
    bytes
        PNG or SVG (UTF-8) data.
    """
    data = figcache.get(stem, scenario, name)
    if data is None:
        global _INPUTS
        use_chinese_font()
        _INPUTS = load_inputs(scenario)
        try:
            _render(_Job(stem, RENDITIONS[name], None, (name,)))
        finally:
            _INPUTS = None
        data = figcache.get(stem, scenario, name)
    assert data is not None
    return data


__all__ = [
    "FIGURES",
    "RENDITIONS",
    "SECTIONS",
    "SLIDE",
    "FigureSpec",
    "Inputs",
    "build_pack",
    "describe",
    "draw",
    "interactive_map",
    "load_inputs",
    "rendition",
    "spec",
    "specs_for",
    "warm_cache",
]
