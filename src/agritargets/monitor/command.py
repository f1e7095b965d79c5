"""``agritargets monitor``: actual sales against the targets and 序时进度, or the import template."""

from __future__ import annotations

import argparse
from pathlib import Path

from agritargets.core.errors import InputError

MONITOR_HELP = """\
输入 / input:
  各县市区农产品网络零售额：CSV（UTF-8、GBK 等）或 XLSX，表头上方可有标题行和“单位：万元”行，可有市州小计、
  全省合计和注释行。可以是一列本期累计数（如“1-6月累计（万元）”），或月份列：累计“1-1月 … 1-6月”，或当月
  “1月当月 … 6月当月”（相加）；只写“1月 … 6月”时若无法判断，请加 --months。可有“上年同期”和“同比（%）”列。
  单位 元、千元、万元、亿元，精确换算为亿元。--template 生成填报模板（XLSX 与 CSV）。
  county sales as CSV (UTF-8, GBK …) or XLSX, with title rows, a 单位 line, subtotals, totals and notes:
  one column for the period (e.g. '1-6月累计（万元）') or month columns, cumulative ('1-1月' … '1-6月') or
  monthly ('1月当月' …, summed); bare '1月 … 6月' that cannot be told apart need --months. Optional
  last-year ('上年同期') and growth ('同比（%）') columns. Units 元/千元/万元/亿元, converted exactly.
期间与序时进度 / period and schedule:
  期间取自表头或标题（“1-6月”“2023年1-6月”“上半年”）或最后一个填写的月份列，或 --as-of；两者不一致时拒绝。
  序时进度 = 月数 ÷ 12（月末），或 已过天数 ÷ 全年天数（--as-of 为月中某日；闰年 366 天）。
  the period comes from a header or title, the last month column filled, or --as-of (refused when they
  disagree); schedule = N/12 at the end of month N, elapsed days / days in the year for another date.
检查 / checks (refused with the row named; nothing written):
  缺县（--allow-partial 可只看所列县）、负数、累计数逐月减少、12 月前超过全年目标 3 倍（--accept-outlier 县名）、
  小计/合计与所列县之和不一致、同比与本期和上年同期不符。
  missing units (unless --allow-partial), negative figures, a cumulative series that falls, a unit above 3×
  its annual target before December (--accept-outlier NAME), subtotals or totals that disagree with their
  units, a stated growth that disagrees with this year and last.
目标 / targets:
  默认 2023 年印发数（附件3 各县、附件2 各市州自身目标、全省 400 亿元）；--targets 为 agritargets allocate 的输出文件夹。
  default the 2023 printed targets (Attachment 3 counties, Attachment 2 prefectures, province 400);
  --targets takes the output folder of agritargets allocate.
输出 / outputs (in --out, all or nothing):
  monitor_counties.csv, monitor_prefectures.csv, monitor_province.csv, monitor_months.csv (UTF-8 with BOM),
  monitor.xlsx, run.json (file and SHA-256, sheet, header row, columns, period, units, targets, population,
  projection method).
例 / examples:
  agritargets monitor --actuals 2023年1-6月农产品网络零售额.csv --out out/monitor-2023-06
  agritargets monitor --actuals 7月中旬.xlsx --as-of 2023-07-15 --targets out/2024 --out out/monitor-07-15
  agritargets monitor --template out/填报模板
退出码 / exit codes: 0 完成 / done；2 输入有误，未写出任何结果 / refused, nothing written；130/143 中断 / interrupted
"""


def _path(option: str, must_exist: bool = False):
    def parse(text: str) -> Path:
        from agritargets.core.files import check_path_text

        try:
            return check_path_text(text, option, must_exist=must_exist)
        except InputError as err:
            raise argparse.ArgumentTypeError(f"{err.zh}\n{err.en}") from None

    return parse


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``monitor`` on the command line's sub-parsers.

    Parameters
    ----------
    sub : argparse._SubParsersAction

    Returns
    -------
    argparse.ArgumentParser
    """
    p = sub.add_parser(
        "monitor",
        help="监测：实绩对照目标与序时进度 / monitoring: actual sales against targets and the time schedule",
        description="各县市区、市州、全省农产品网络零售额完成率与序时进度 / completion against targets and schedule.",
        epilog=MONITOR_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--actuals", type=_path("--actuals", True), metavar="FILE", help="实绩文件 / actuals file")
    p.add_argument("--out", type=_path("--out"), metavar="DIR", help="输出文件夹 / output folder")
    p.add_argument(
        "--as-of", dest="as_of", metavar="YYYY-MM-DD", help="截止日期 / the date the figures run to"
    )
    p.add_argument(
        "--targets", type=_path("--targets", True), metavar="DIR", help="allocate 的输出文件夹 / rerun folder"
    )
    p.add_argument("--sheet", metavar="S", help="工作表 / worksheet")
    p.add_argument(
        "--column", metavar="C", help="本期累计数所在列 / the column with this period's cumulative sales"
    )
    p.add_argument(
        "--months",
        choices=("cumulative", "monthly"),
        help="“1月…6月”列是累计还是当月 / how bare month columns read",
    )
    p.add_argument(
        "--allow-partial", dest="allow_partial", action="store_true", help="允许缺县 / accept missing units"
    )
    p.add_argument(
        "--accept-outlier",
        dest="accept_outliers",
        action="append",
        default=[],
        metavar="NAME",
        help="接受超过 3 倍目标的县 / accept a unit above 3× target",
    )
    p.add_argument(
        "--template", type=_path("--template"), metavar="DIR", help="写出填报模板 / write the import template"
    )
    p.set_defaults(run=run)
    return p


def _summary(result, written: dict) -> list[str]:
    from agritargets.core.formatting import percent, yi

    rec, prov = result.record, result.province.iloc[0]
    cols = rec["input"]["columns"]
    months = list(cols["months"].values())
    series = {
        "cumulative": "累计 / cumulative",
        "monthly": "当月相加 / monthly, summed",
        "single": "单列 / one column",
    }
    units = sorted({f"{u['unit']} ({u['read_from']})" for u in rec["input"]["units"].values()})
    status = "达到序时进度 / ahead" if prov["status"] == "ahead" else "未达到序时进度 / behind"
    lines = [
        f"读取 / read: {rec['input']['file']} (SHA-256 {rec['input']['sha256'][:16]}…), {rec['input']['format']}"
        + (f", sheet {rec['input']['sheet']}" if rec["input"]["sheet"] else "")
        + f", header row {', '.join(map(str, rec['input']['header_rows']))}, {rec['input']['rows_read']} units",
        f"列 / columns: {series.get(cols['series'], cols['series'])} {' … '.join(dict.fromkeys([months[0], months[-1]])) if months else cols['actual']}"
        + f"; last year: {cols['last_year'] or '—'}; growth: {cols['growth'] or '—'}",
        f"单位 / unit: {', '.join(units)}",
        f"期间 / period: {result.period.label_zh} ({result.period.label_en}), 序时进度 / schedule "
        f"{percent(prov['schedule_pct'])} — from {result.period.source}",
        f"目标 / targets: {rec['targets']['label_zh']}",
        "人口 / population: 2020 census (七普) county resident population",
        f"全省 / province: {yi(prov['actual_yi'])} / {yi(prov['target_yi'])} 亿元 = {percent(prov['completion_pct'])}, "
        f"gap {percent(prov['gap_pts'], signed=True).removesuffix('%')} pts, {status}",
        f"达到序时进度 / on schedule: {prov['counties_ahead']} of {prov['counties']} county units, "
        f"{prov['prefectures_ahead']} of {prov['prefectures']} prefectures",
        "输出 / written:",
        *[f"  {p}" for p in written.values()],
    ]
    return lines


def _refuse(zh: str, en: str) -> InputError:
    return InputError(f"monitor：{zh}", f"monitor: {en}")


def run(args: argparse.Namespace) -> int:
    """Run ``agritargets monitor`` (or ``--template``); InputError on bad input.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        0 when done.
    """
    from agritargets.monitor.targets import from_rerun, printed_2023

    if args.template is not None:
        if args.actuals is not None or args.out is not None:
            raise _refuse(
                "--template 只写出填报模板，不能与 --actuals、--out 同用；请分两次运行",
                "--template writes the import template only; run it without --actuals and --out",
            )
        from agritargets.monitor.template import write_template

        targets = from_rerun(args.targets) if args.targets else printed_2023()
        written = write_template(args.template, targets)
        print(f"填报模板 / template ({targets.record['label_en']}):")
        print("\n".join(f"  {p}" for p in written.values()))
        return 0
    if args.actuals is None or args.out is None:
        raise _refuse(
            "需要 --actuals 实绩文件 和 --out 输出文件夹，如 agritargets monitor --actuals 1-6月.csv --out out/monitor；"
            "要填报模板请用 --template 文件夹",
            "needs --actuals FILE and --out DIR, e.g. agritargets monitor --actuals sales.csv --out out/monitor; "
            "for the import template use --template DIR",
        )
    return _monitor(args)


def _monitor(args: argparse.Namespace) -> int:
    from agritargets.core.files import check_out_dir
    from agritargets.monitor.outputs import OUTPUT_FILES, write_monitor
    from agritargets.monitor.periods import parse_as_of
    from agritargets.monitor.pipeline import run_monitor

    check_out_dir(args.out, OUTPUT_FILES, [args.actuals])  # a bad --out is refused before any work
    as_of = parse_as_of(args.as_of) if args.as_of else None
    result = run_monitor(
        args.actuals,
        as_of=as_of,
        targets=args.targets,
        sheet=args.sheet,
        column=args.column,
        months=args.months,
        allow_partial=args.allow_partial,
        accept_outliers=args.accept_outliers,
    )
    written = write_monitor(result, args.out)
    print("\n".join(_summary(result, written)))
    return 0
