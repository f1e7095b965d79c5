"""``agritargets doctor``: is everything the commands need here, and if not, how to get it."""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile

from agritargets.core.errors import FontError

REPORT_FONT = "Noto Sans CJK SC"  # report.qmd's mainfont (typst PDF)
MODULES = (
    "pandas",
    "geopandas",
    "matplotlib",
    "openpyxl",
    "nbclient",
    "ipykernel",
    "papermill",
    "jupyter_cache",
    "pikepdf",
    "yaml",
)
FIX_ENV = "在项目文件夹运行 make setup（或 .venv/bin/pip install -e .）/ run make setup (or .venv/bin/pip install -e .)"


def _python() -> tuple[bool, str]:
    ok = sys.version_info >= (3, 10)
    version = ".".join(map(str, sys.version_info[:3]))
    fix = "" if ok else " — 需要 Python ≥ 3.10 / needs Python ≥ 3.10: make setup"
    return ok, f"python: {sys.executable} ({version}){fix}"


def _modules() -> tuple[bool, str]:
    missing = [m for m in MODULES if importlib.util.find_spec(m) is None]
    if missing:
        return False, f"python packages: {', '.join(missing)} — {FIX_ENV}"
    return True, f"python packages: {len(MODULES)} found"


def _font() -> tuple[bool, str]:
    from agritargets.core.fonts import find_sc_family, font_entry

    try:
        family = find_sc_family()
    except FontError as err:
        return False, f"font: no Simplified-Chinese font — {err}"
    return True, f"font: {family} ({font_entry(family).fname})"


def _report_font() -> tuple[bool, str]:
    from matplotlib import font_manager

    if REPORT_FONT in {f.name for f in font_manager.fontManager.ttflist}:
        return True, f"PDF font: {REPORT_FONT}"
    return False, (
        f"PDF font: {REPORT_FONT} not found — sudo apt-get install fonts-noto-cjk（或 make setup）/ "
        "install fonts-noto-cjk (or run make setup)"
    )


def _quarto() -> tuple[bool, str]:
    from agritargets.documents.quarto import HOW_TO_INSTALL, find_quarto

    quarto = find_quarto()
    if quarto is None:
        return False, "quarto: not found\n" + HOW_TO_INSTALL
    return True, f"quarto: {quarto.path} ({quarto.version_text})"


def _temp() -> tuple[bool, str]:
    where = tempfile.gettempdir()
    if os.access(where, os.W_OK):
        return True, f"temporary folder: {where}"
    return (
        False,
        f"temporary folder: {where} not writable — 请设置 TMPDIR 为可写的文件夹 / set TMPDIR to a writable folder",
    )


def checks() -> list[tuple[bool, str]]:
    """Every check: Python, its packages, the fonts, Quarto and a writable temporary folder.

    Returns
    -------
    list of (bool, str)
        Passed, and a line saying what was found or how to fix it.
    """
    return [check() for check in (_python, _modules, _font, _report_font, _quarto, _temp)]
