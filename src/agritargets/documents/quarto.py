"""Find Quarto and render the project's documents with it, the same way every time.

Quarto is looked for on ``PATH`` first, then where set-up installs it: the
virtual environment (PyPI ``quarto-cli``) and the offline kit's prefix
(``$QUARTO_OFFLINE_PREFIX`` or ``~/.local/share/quarto-offline``). Renders run
with ``QUARTO_PYTHON`` set to this interpreter (so ``{python}`` cells import this
package) and a private Jupyter cache: the report's Python runs once, shared by its
HTML and PDF formats, and never from a stale cache.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from agritargets.core import paths
from agritargets.core.errors import InputError

MIN_VERSION = (1, 7)
# Dates written into outputs (pandoc's PPTX/DOCX properties): the notice's date, 2023-04-04 UTC,
# so the same sources give the same bytes.
SOURCE_DATE_EPOCH = "1680566400"

HOW_TO_INSTALL = """\
找不到 Quarto（≥ 1.7）。安装方式任选其一，然后重试：
  make setup                          （自动查找或安装 Quarto）
  conda env create -f environment.yml （conda-forge 的 quarto）
  pip install quarto-cli              （需要能访问 github.com）
  https://quarto.org/docs/get-started/
Quarto (≥ 1.7) not found. Install it in one of these ways and retry:
  make setup                          (finds or installs Quarto)
  conda env create -f environment.yml (conda-forge quarto)
  pip install quarto-cli              (needs github.com)
  https://quarto.org/docs/get-started/"""


@dataclass(frozen=True)
class Quarto:
    """A Quarto executable and its version.

    Parameters
    ----------
    path : Path
        The executable.
    version : tuple of int
        Its version, as :func:`parse_version` reads it.

    Examples
    --------
    >>> Quarto(Path("quarto"), (1, 7, 34)).version_text
    '1.7.34'
    """

    path: Path
    version: tuple[int, ...]

    @property
    def version_text(self) -> str:
        """The version as text, ``"1.7.34"``."""
        return ".".join(str(v) for v in self.version)


def candidates() -> list[Path]:
    """Where Quarto may be, in the order it is looked for.

    Returns
    -------
    list of Path
        ``PATH``, the virtual environment's ``bin``, the offline kit's prefix.
    """
    found = []
    on_path = shutil.which("quarto")
    if on_path:
        found.append(Path(on_path))
    found.append(Path(sys.prefix) / "bin" / "quarto")
    prefix = os.environ.get("QUARTO_OFFLINE_PREFIX")
    if prefix:
        found.append(Path(prefix) / "bin" / "quarto")
    found.append(Path.home() / ".local" / "share" / "quarto-offline" / "bin" / "quarto")
    return found


def parse_version(text: str) -> tuple[int, ...]:
    """``"1.7.34\\n"`` -> ``(1, 7, 34)``.

    Parameters
    ----------
    text : str
        Output of ``quarto --version``; the first dotted number in it is read.

    Returns
    -------
    tuple of int

    Raises
    ------
    ValueError
        ``text`` holds no dotted number.

    Examples
    --------
    >>> parse_version("1.7.34")
    (1, 7, 34)
    """
    m = re.search(r"(\d+(?:\.\d+)+)", text)
    if not m:
        raise ValueError(f"not a Quarto version: {text!r}")
    return tuple(int(p) for p in m.group(1).split("."))


def find_quarto() -> Quarto | None:
    """The first working Quarto ≥ 1.7 among :func:`candidates`, or None.

    Each candidate that is an executable file is run with ``--version`` (60 s time-out).

    Returns
    -------
    Quarto or None
    """
    for path in candidates():
        if not (path.is_file() and os.access(path, os.X_OK)):
            continue
        try:
            out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=60)
            version = parse_version(out.stdout)
        except (OSError, subprocess.SubprocessError, ValueError):
            continue
        if version[:2] >= MIN_VERSION:
            return Quarto(path, version)
    return None


def require_quarto() -> Quarto:
    """:func:`find_quarto`, or an InputError that says how to install Quarto.

    Returns
    -------
    Quarto

    Raises
    ------
    InputError
        No Quarto ≥ 1.7 was found.
    """
    quarto = find_quarto()
    if quarto is None:
        zh, en = HOW_TO_INSTALL.split("\nQuarto (≥ 1.7)")
        raise InputError(zh, "Quarto (≥ 1.7)" + en)
    return quarto


def render_command(
    quarto: Quarto, document: Path, out_dir: Path, params: dict[str, object], to: str | None = None
) -> list[str]:
    """The ``quarto render`` command line for ``document`` with ``-P`` parameters.

    Parameters
    ----------
    quarto : Quarto
        The executable to run.
    document : Path
        A ``.qmd`` in the project.
    out_dir : Path
        Where the outputs go (``--output-dir``).
    params : dict
        Document parameters; empty values are left out (the document's defaults apply).
    to : str, optional
        One format (``html``, ``typst``, ``pptx`` …); default: all the document declares.

    Returns
    -------
    list of str

    Examples
    --------
    >>> q = Quarto(Path("quarto"), (1, 7, 34))
    >>> render_command(q, Path("report.qmd"), Path("out"), {"total": 400, "rounding": ""}, to="html")
    ['quarto', 'render', 'report.qmd', '--output-dir', 'out', '--to', 'html', '-P', 'total:400']
    """
    cmd = [str(quarto.path), "render", str(document), "--output-dir", str(out_dir)]
    if to:
        cmd += ["--to", to]
    for key, value in params.items():
        if value not in (None, ""):
            cmd += ["-P", f"{key}:{value}"]
    return cmd


@dataclass(frozen=True)
class Rendered:
    """What one ``quarto render`` wrote, and what it printed.

    Parameters
    ----------
    files : list of Path
        The output files named after the document, sorted.
    log : str
        Quarto's standard output and error, interleaved.
    """

    files: list[Path]
    log: str


def render(
    document: Path,
    out_dir: Path,
    params: dict[str, object] | None = None,
    to: str | None = None,
    echo: bool = True,
) -> Rendered:
    """Render ``document`` with Quarto into ``out_dir``.

    Parameters
    ----------
    document : Path
        ``report.qmd`` or ``briefing.qmd``.
    out_dir : Path
        Output folder (created).
    params : dict, optional
        Document parameters (``population``, ``total``, ``province_population``, ``rounding``).
    to : str, optional
        Render one format only.
    echo : bool
        Show Quarto's progress on standard error as it runs.

    Returns
    -------
    Rendered
        The files named after ``document`` in ``out_dir``, and Quarto's output.

    Raises
    ------
    InputError
        Quarto is missing, or the render failed (the message repeats Quarto's last lines,
        which name the failing cell and its error).
    """
    quarto = require_quarto()
    document = Path(document).resolve()
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = render_command(quarto, document, out_dir, params or {}, to)
    lines = []
    with tempfile.TemporaryDirectory(prefix="agritargets-jupyter-cache-") as cache:
        env = dict(
            os.environ, QUARTO_PYTHON=sys.executable, JUPYTERCACHE=cache, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH
        )
        with subprocess.Popen(
            cmd, cwd=paths.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as proc:
            for line in proc.stdout:
                lines.append(line)
                if echo:
                    sys.stderr.write(line)
    log = "".join(lines)
    if proc.returncode != 0:
        plain = _ANSI.sub("", log).strip().splitlines()
        errors = [ln for ln in plain if re.search(r"ERROR|Error:|error\(|InputError", ln)][:6]
        tail = "\n".join([*errors, "…", *plain[-8:]])
        raise InputError(
            f"Quarto 渲染 {document.name} 失败（退出码 {proc.returncode}）。Quarto 的最后几行：\n{tail}",
            f"Quarto failed to render {document.name} (exit {proc.returncode}); its last lines are above.",
        )
    files = sorted(p for p in out_dir.iterdir() if p.stem == document.stem and p.is_file())
    return Rendered(files, log)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
