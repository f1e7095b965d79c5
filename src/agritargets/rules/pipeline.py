"""The derived-data build: everything in data/processed/ from data/raw/ in one call.

A module of its own because it is the one writer of ``data/processed/``, called by the CLI's
``build-data`` and ``build`` and by the tests that require byte-identical rebuilds.
"""

from __future__ import annotations

from pathlib import Path

from agritargets.core import paths
from agritargets.core.files import write_csv
from agritargets.core.targets import build_targets, load_printed_totals, load_targets
from agritargets.rules.audit import audit_published
from agritargets.rules.forensic import residuals, scoreboard


def build_data(out_dir: Path | None = None) -> list[Path]:
    """Targets parsed from the notice, then the audit and the forensic comparison (byte-stable).

    Parameters
    ----------
    out_dir : Path, optional
        Default ``data/processed``.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir = out_dir or paths.PROCESSED
    written = build_targets(out_dir=out_dir)
    counties, prefs = load_targets("county", out_dir), load_targets("prefecture", out_dir)
    for name, table in audit_published(counties, prefs, load_printed_totals(out_dir)).items():
        written.append(write_csv(table, out_dir / f"{name}.csv"))
    res = residuals(counties)
    written.append(write_csv(res, out_dir / "forensic_residuals.csv"))
    written.append(write_csv(scoreboard(res), out_dir / "forensic_scoreboard.csv"))
    return written
