"""Render report.qmd: with Quarto when it is installed, otherwise a faithful HTML through Jupyter.

The Quarto-free path reads the .qmd itself (front matter, ``{python}`` cells and
their ``#|`` options, ``{python}`` inline expressions, cross-references, Quarto
divs), runs every cell in a fresh kernel with the same parameters, and writes
one self-contained HTML file with nbconvert. PDF needs Quarto (typst).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml
from nbconvert import HTMLExporter

from agritargets import paths
from agritargets.notebooks import execute, inject_parameters

QMD = paths.ROOT / "report.qmd"
_FENCE = re.compile(r"^```\{python\}\s*$")
_INLINE = re.compile(r"`\{python\}\s+([^`]+)`")
_DIV_OPEN = re.compile(r"^:::+\s*\{(.*)\}\s*$")
_DIV_CLOSE = re.compile(r"^:::+\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{#([\w-]+)\})?\s*$")
_XREF = re.compile(r"@((?:fig|tbl|sec)-[\w-]+)")


@dataclass
class Chunk:
    kind: str  # "markdown" or "code"
    text: str
    options: dict = field(default_factory=dict)


@dataclass
class Document:
    meta: dict
    chunks: list[Chunk]


# --------------------------------------------------------------------------- reading the .qmd


def _keep_html_only(lines: list[str]) -> list[str]:
    """Drop Quarto div fences; drop the content of divs not meant for HTML."""
    out: list[str] = []
    stack: list[bool] = []  # visible?
    in_code = False
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and (m := _DIV_OPEN.match(line)):
            attrs = m.group(1)
            hidden = ("content-hidden" in attrs and "html" in attrs) or (
                "content-visible" in attrs and "when-format" in attrs and '"html"' not in attrs
            )
            stack.append(not hidden)
            continue
        if not in_code and stack and _DIV_CLOSE.match(line):
            stack.pop()
            continue
        if all(stack):
            out.append(line)
    return out


def parse_qmd(text: str) -> Document:
    lines = text.splitlines()
    meta: dict = {}
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
        lines = lines[end + 1 :]
    chunks: list[Chunk] = []
    buf: list[str] = []
    lines = _keep_html_only(lines)
    i = 0
    while i < len(lines):
        if _FENCE.match(lines[i]):
            if "".join(buf).strip():
                chunks.append(Chunk("markdown", "\n".join(buf).strip("\n")))
            buf = []
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            body = lines[i + 1 : j]
            opts = [ln[3:] for ln in body if ln.startswith("#| ")]
            code = "\n".join(ln for ln in body if not ln.startswith("#| "))
            chunks.append(Chunk("code", code.strip("\n"), yaml.safe_load("\n".join(opts)) or {}))
            i = j + 1
            continue
        buf.append(lines[i])
        i += 1
    if "".join(buf).strip():
        chunks.append(Chunk("markdown", "\n".join(buf).strip("\n")))
    return Document(meta, chunks)


# --------------------------------------------------------------------------- numbering and references


def _number(doc: Document) -> dict[str, str]:
    """Labels -> display text: sections '3.1', figures '图 2', tables '表 4' (in order of appearance)."""
    refs: dict[str, str] = {}
    counters = [0] * 6
    fig = tbl = 0
    for ch in doc.chunks:
        if ch.kind == "markdown":
            for line in ch.text.splitlines():
                if m := _HEADING.match(line):
                    level = len(m.group(1))
                    counters[level - 1] += 1
                    counters[level:] = [0] * (6 - level)
                    if m.group(4):
                        refs[m.group(4)] = ".".join(str(c) for c in counters[:level])
        else:
            label = str(ch.options.get("label", ""))
            if label.startswith("fig-"):
                fig += 1
                refs[label] = f"图 {fig}"
            elif label.startswith("tbl-"):
                tbl += 1
                refs[label] = f"表 {tbl}"
    return refs


def _markdown(text: str, refs: dict[str, str], counters: list[int], toc: list[tuple[int, str, str]]) -> str:
    out = []
    for line in text.splitlines():
        if m := _HEADING.match(line):
            level, title, anchor = len(m.group(1)), m.group(2), m.group(4)
            counters[level - 1] += 1
            counters[level:] = [0] * (6 - level)
            number = ".".join(str(c) for c in counters[:level])
            anchor = anchor or f"s{number.replace('.', '-')}"
            if level <= 2:
                toc.append((level, number, title, anchor))
            out.append(f'<a id="{anchor}"></a>\n\n{m.group(1)} {number} {title}')
            continue
        out.append(line)
    text = "\n".join(out)

    def ref(m: re.Match) -> str:
        label = m.group(1)
        shown = refs.get(label, label)
        return f"[{'第 ' + shown + ' 节' if label.startswith('sec-') else shown}](#{label})"

    return _XREF.sub(ref, text)


# --------------------------------------------------------------------------- the Quarto-free render


def to_notebook(doc: Document, parameters: dict) -> nbformat.NotebookNode:
    """Code cells as they are (options become metadata), markdown with numbers and references resolved.

    Inline expressions are collected and evaluated by one extra cell at the end.
    """
    refs = _number(doc)
    counters, toc = [0] * 6, []
    inline: list[str] = []
    cells = []
    for ch in doc.chunks:
        if ch.kind == "markdown":
            text = _markdown(ch.text, refs, counters, toc)

            def collect(m: re.Match) -> str:
                inline.append(m.group(1).strip())
                return f"\x00{len(inline) - 1}\x00"

            cells.append(nbformat.v4.new_markdown_cell(_INLINE.sub(collect, text)))
            continue
        label = str(ch.options.get("label", ""))
        meta = {
            "tags": list(ch.options.get("tags", [])),
            "agt": {k: v for k, v in ch.options.items() if k != "tags"},
        }
        if label.startswith("tbl-"):
            cells.append(
                nbformat.v4.new_markdown_cell(
                    f'<a id="{label}"></a>\n\n**{refs[label]}**　{ch.options.get("tbl-cap", "")}'
                )
            )
        cells.append(nbformat.v4.new_code_cell(ch.text, metadata=meta))
        if label.startswith("fig-"):
            cells.append(
                nbformat.v4.new_markdown_cell(
                    f'<a id="{label}"></a>\n\n**{refs[label]}**　{ch.options.get("fig-cap", "")}'
                )
            )
    exprs = ", ".join(f"str({e})" for e in inline)
    cells.append(
        nbformat.v4.new_code_cell(f"import json as _json\nprint(_json.dumps([{exprs}], ensure_ascii=False))")
    )
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nb.metadata["agt_toc"] = toc
    return inject_parameters(nb, parameters)


def _finish(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Fill in inline values; apply include/output options the way Quarto does."""
    last = nb.cells.pop()
    values = json.loads("".join(o.get("text", "") for o in last.outputs if o.output_type == "stream"))
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub("\x00(\\d+)\x00", lambda m: values[int(m.group(1))], cell.source)
            cells.append(cell)
            continue
        opts = cell.metadata.get("agt", {})
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            raise RuntimeError(f"report cell failed: {errors[0].ename}: {errors[0].evalue}")
        if opts.get("include") is False or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        if opts.get("output") == "asis":
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            if text.strip():
                cells.append(nbformat.v4.new_markdown_cell(text))
            continue
        cell.outputs = [
            o for o in cell.outputs if o.output_type != "stream" or opts.get("output") is not False
        ]
        cells.append(cell)
    nb.cells = cells
    return nb


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:1040px;margin:2em auto;padding:0 1.2em;line-height:1.7;color:#222}
h1.title{font-size:1.9em;margin-bottom:.2em}p.subtitle{color:#555;margin-top:0}
nav.toc{background:#f7f7f7;border:1px solid #e2e2e2;padding:.6em 1.2em;margin:1.5em 0}nav.toc ul{list-style:none;padding-left:1em;margin:.2em 0}
img{max-width:100%;height:auto}table{border-collapse:collapse;font-size:.88em;margin:.6em 0 1.4em}
th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left}th{background:#f2f2f2}
.jp-OutputArea-output pre{white-space:pre-wrap}footer{color:#666;font-size:.85em;border-top:1px solid #ddd;margin-top:3em;padding-top:1em}
"""


def _page(doc: Document, body: str, toc: list) -> str:
    title = html.escape(str(doc.meta.get("title", "")))
    subtitle = html.escape(str(doc.meta.get("subtitle", "")))
    items = "".join(
        f'<li style="margin-left:{(lvl - 1) * 1.2}em"><a href="#{a}">{n} {html.escape(t)}</a></li>'
        for lvl, n, t, a in toc
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{_CSS}</style></head>
<body><header><h1 class="title">{title}</h1><p class="subtitle">{subtitle}</p></header>
<nav class="toc"><b>目录</b><ul>{items}</ul></nav>
{body}
<footer>本页由 <code>agritargets report</code> 在未安装 Quarto 的环境中生成（Jupyter 执行 report.qmd 的全部代码单元，nbconvert 输出）。PDF 版需要 Quarto（typst）：<code>quarto render report.qmd</code>。</footer>
</body></html>
"""


def render_without_quarto(out_dir: Path, parameters: dict, qmd: Path = QMD) -> Path:
    doc = parse_qmd(qmd.read_text(encoding="utf-8"))
    nb = to_notebook(doc, parameters)
    toc = nb.metadata.pop("agt_toc")
    execute(nb, qmd.parent)
    nb = _finish(nb)
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    body, _ = exporter.from_notebook_node(nb)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "report.html"
    path.write_text(_page(doc, body, toc), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- entry point


def quarto_command(out_dir: Path, parameters: dict, qmd: Path = QMD) -> list[str]:
    cmd = ["quarto", "render", str(qmd), "--output-dir", str(out_dir)]
    for k, v in parameters.items():
        cmd += ["-P", f"{k}:{v}"]
    return cmd


def render(out_dir: Path, parameters: dict | None = None, use_quarto: bool | None = None) -> list[Path]:
    """HTML (and PDF with Quarto) of report.qmd into ``out_dir``; returns the files written."""
    parameters = {k: v for k, v in (parameters or {}).items() if v not in (None, "")}
    out_dir = Path(out_dir).resolve()
    if use_quarto is None:
        use_quarto = shutil.which("quarto") is not None
    if not use_quarto:
        return [render_without_quarto(out_dir, parameters)]
    env = dict(os.environ, QUARTO_PYTHON=sys.executable)
    subprocess.run(quarto_command(out_dir, parameters), check=True, cwd=paths.ROOT, env=env)
    return sorted(p for p in out_dir.glob("report.*") if p.suffix in (".html", ".pdf"))
