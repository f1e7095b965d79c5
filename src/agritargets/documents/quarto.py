"""Find Quarto and render the project's documents with it, the same way every time.

Quarto is looked for on ``PATH`` first, then where set-up installs it: the
virtual environment (PyPI ``quarto-cli``) and the offline kit's prefix
(``$QUARTO_OFFLINE_PREFIX`` or ``~/.local/share/quarto-offline``). Renders run
with ``QUARTO_PYTHON`` set to this interpreter (so ``{python}`` cells import this
package), each in a private copy of the project with its own Jupyter cache: the
report's Python runs once, shared by its HTML and PDF formats, never from a stale
cache, and two renders at once never meet.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

from agritargets.core import processes
from agritargets.core.errors import InputError
from agritargets.core.files import check_out_dir, stabilise_pdf, write_folder

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
    quarto: Quarto, document: Path, out_dir: Path, params_file: Path | None = None, to: str | None = None
) -> list[str]:
    """The ``quarto render`` command line for ``document``, its parameters in a file.

    Parameters go by ``--execute-params FILE.yml``, never as ``-P`` on the command line (which
    reads ``2023.10`` as a number and cuts values at ``#`` or a newline).

    Parameters
    ----------
    quarto : Quarto
        The executable to run.
    document : Path
        A ``.qmd`` in the project.
    out_dir : Path
        Where the outputs go (``--output-dir``).
    params_file : Path, optional
        A YAML file of document parameters (:func:`write_params`).
    to : str, optional
        One format (``html``, ``typst``, ``pptx`` …); default: all the document declares.

    Returns
    -------
    list of str

    Examples
    --------
    >>> q = Quarto(Path("quarto"), (1, 7, 34))
    >>> render_command(q, Path("report.qmd"), Path("out"), Path("p.yml"), to="html")
    ['quarto', 'render', 'report.qmd', '--output-dir', 'out', '--to', 'html', '--execute-params', 'p.yml']
    """
    cmd = [str(quarto.path), "render", str(document), "--output-dir", str(out_dir)]
    if to:
        cmd += ["--to", to]
    if params_file is not None:
        cmd += ["--execute-params", str(params_file)]
    return cmd


def write_params(params: dict[str, object], path: Path) -> Path:
    """Document parameters as a YAML file, every value as quoted text (reaches the document unaltered).

    Empty values are left out (the document's defaults apply).

    Parameters
    ----------
    params : dict
    path : Path

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as t:
    ...     text = write_params({"sheet": "2023.10", "total": 450, "column": ""}, Path(t) / "p.yml").read_text()
    >>> print(text.strip())
    sheet: '2023.10'
    total: '450'
    """
    kept = {k: str(v) for k, v in params.items() if v not in (None, "")}
    path.write_text(
        yaml.safe_dump(kept, allow_unicode=True, default_style=None, sort_keys=False, width=1 << 16)
        if kept
        else "{}\n",
        encoding="utf-8",
    )
    return path


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

    def file(self, suffix: str) -> Path:
        """The output ending in ``suffix`` (``".pdf"``, ``".pptx"`` …).

        Examples
        --------
        >>> Rendered([Path("out/report.html"), Path("out/report.pdf")], "").file(".pdf")
        PosixPath('out/report.pdf')
        """
        found = [f for f in self.files if f.suffix == suffix]
        if len(found) != 1:
            raise LookupError(f"{len(found)} outputs end in {suffix}: {[f.name for f in self.files]}")
        return found[0]


# What a render needs besides its document: copied into a private project for every render.
PROJECT_FILES = ("_quarto.yml", "_brand.yml", "templates", "scripts/quarto_hooks.py")


def _project(source: Path, document: str, into: Path) -> Path:
    """A private copy of the Quarto project (its own ``_render``, ``.quarto`` and outputs)."""
    into.mkdir()
    for name in (*PROJECT_FILES, *sorted(p.name for p in source.glob("*.qmd"))):
        src, dst = source / name, into / name
        if src.is_dir():
            shutil.copytree(src, dst)
        elif src.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    if not (into / document).exists():
        raise InputError(f"找不到文档 {source / document}", f"document not found: {source / document}")
    return into


def _environment(work: Path) -> dict[str, str]:
    """Quarto's environment: this Python, private caches and temporary files, the process marker."""
    for name in ("cache", "runtime", "tmp"):
        (work / name).mkdir()
    return dict(
        os.environ,
        QUARTO_PYTHON=sys.executable,
        JUPYTERCACHE=str(work / "cache"),
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),  # kernel connection files: not in $TMPDIR
        TMPDIR=str(work / "tmp"),
        SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
        **{processes.MARKER: processes.token(), processes.RENDER_MARKER: uuid.uuid4().hex},
    )


def _run(cmd: list[str], cwd: Path, env: dict[str, str], echo: bool) -> tuple[int, str]:
    """Run Quarto in its own session; on any interruption end it and everything it started."""
    lines = []
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # a Ctrl-C reaches this process only; it ends the render itself
    )  # fmt: skip
    try:
        for line in proc.stdout:
            lines.append(line)
            if echo:
                sys.stderr.write(line)
        proc.wait()
    except BaseException:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGTERM)
        processes.stop_marked()
        proc.kill()
        proc.wait()
        raise
    finally:
        proc.stdout.close()
        # a kernel this render's Quarto left behind (not another render's: two may run at once)
        processes.stop_marked(grace=0.3, value=env[processes.RENDER_MARKER], marker=processes.RENDER_MARKER)
    return proc.returncode, "".join(lines)


def render(
    document: Path,
    out_dir: Path,
    params: dict[str, object] | None = None,
    to: str | None = None,
    echo: bool = True,
) -> Rendered:
    """Render ``document`` with Quarto in a private copy of its project; put the outputs in ``out_dir``.

    The checkout is never written: the project files are copied into a temporary folder with its
    own ``_render/``, ``.quarto/``, Jupyter cache, kernel connection files and ``$TMPDIR``. The
    outputs (PDFs made byte-stable) then replace the document's earlier outputs in ``out_dir`` in
    one step (:func:`agritargets.core.files.write_folder`; other files there stay). Interrupted,
    Quarto and every process it started are ended and nothing is left.

    Parameters
    ----------
    document : Path
        ``report.qmd``, ``briefing.qmd`` or another document of the project.
    out_dir : Path
        Output folder (created).
    params : dict, optional
        Document parameters, passed unaltered through a parameters file (:func:`write_params`).
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
        Quarto is missing, ``out_dir`` is refused, or the render failed (the message repeats
        Quarto's last lines, which name the failing cell and its error).
    """
    quarto = require_quarto()
    document = Path(document).absolute()
    check_out_dir(out_dir, ())
    with processes.temporary_folder() as work:
        project = _project(document.parent, document.name, work / "project")
        given = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        params_file = write_params(given, work / "params.yml") if given else None
        cmd = render_command(quarto, Path(document.name), work / "output", params_file, to)
        code, log = _run(cmd, project, _environment(work), echo)
        if code != 0:
            raise _failed(document, code, log)
        made = sorted(p for p in (work / "output").iterdir() if p.stem == document.stem and p.is_file())
        for pdf in (p for p in made if p.suffix == ".pdf"):
            stabilise_pdf(pdf)
        names = [f"{document.stem}{suffix}" for suffix in OUTPUT_SUFFIXES]
        written = write_folder(out_dir, names, lambda folder: _move(made, folder))
    return Rendered(sorted(p for p in written.values() if p.name in {m.name for m in made}), log)


def render_side_by_side(
    documents: list[Path],
    into: Path,
    params: dict[str, object] | None = None,
    formats: list[str | None] | None = None,
) -> None:
    """Several documents rendered at once (one Quarto process each), all their files into ``into``.

    Each render runs in its own copy of the project, so they can run together (the figure
    cache they read is filled first); each writes a private folder first, so no render
    replaces another's files. A failure or Ctrl-C in one ends the others.

    Parameters
    ----------
    documents : list of Path
    into : Path
        A folder this command owns alone (a temporary one that is swapped in later); created.
    params : dict, optional
        The same parameters for every document.
    formats : list, optional
        One format per document (None: all of that document's formats); default all.
    """
    from concurrent.futures import ThreadPoolExecutor

    with processes.temporary_folder() as work, ThreadPoolExecutor(len(documents)) as pool:
        own = [work / f"{i}" for i in range(len(documents))]
        formats = formats or [None] * len(documents)
        jobs = [
            pool.submit(render, doc, folder, params, to)
            for doc, folder, to in zip(documents, own, formats, strict=True)
        ]
        try:
            for job in jobs:
                job.result()
        except BaseException:
            processes.stop_marked()
            raise
        into.mkdir(parents=True, exist_ok=True)
        for folder in own:
            _move(sorted(folder.iterdir()), into)


OUTPUT_SUFFIXES = (".html", ".pdf", ".pptx", ".docx", ".typ", ".tex", ".md", "_files")


def _move(files: list[Path], folder: Path) -> None:
    for f in files:
        shutil.move(f, folder / f.name)


def _failed(document: Path, code: int, log: str) -> InputError:
    plain = _ANSI.sub("", log).strip().splitlines()
    errors = [ln for ln in plain if re.search(r"ERROR|Error:|error\(|InputError", ln)][:6]
    tail = "\n".join([*errors, "…", *plain[-8:]])
    return InputError(
        f"Quarto 渲染 {document.name} 失败（退出码 {code}）。Quarto 的最后几行：\n{tail}",
        f"Quarto failed to render {document.name} (exit {code}); its last lines are above.",
    )


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
