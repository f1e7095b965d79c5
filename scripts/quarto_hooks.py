"""Quarto project hooks (`_quarto.yml`: pre-render and post-render), one per argument.

pre:  start every `quarto render` with an empty Jupyter cache. The documents use Quarto's
      Jupyter cache so that their Python runs once and all formats (HTML and typst PDF;
      PowerPoint and revealjs) share the results; the cache is keyed on code only, not on
      the data the code reads, so it must not outlive one render.
post: remove the copy of `_render/` (figures the documents embed) that Quarto puts beside
      the outputs: the HTML embeds them and the PDF and deck contain them already; finish
      every PowerPoint output (agritargets.documents.deck: zh-CN tags, alt text, slide
      numbers, document properties) and HTML output (agritargets.documents.htmlpage: no
      unused icon font).
"""

import os
import shutil
import sys
from pathlib import Path

step = sys.argv[1] if len(sys.argv) > 1 else ""
if step == "pre":
    shutil.rmtree(Path(os.environ.get("JUPYTERCACHE", ".jupyter_cache")), ignore_errors=True)
elif step == "post":
    # the deck module needs only the standard library: import it from the sources
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from agritargets.documents import deck, htmlpage

    for name in os.environ.get("QUARTO_PROJECT_OUTPUT_FILES", "").splitlines():
        output = Path(name.strip())
        if output.suffix == ".pptx" and output.is_file():
            deck.finish(output)
        elif output.suffix == ".html" and output.is_file():
            htmlpage.finish(output)
    output_dir = os.environ.get("QUARTO_PROJECT_OUTPUT_DIR")
    if output_dir and Path(output_dir).resolve() != Path.cwd().resolve():
        shutil.rmtree(Path(output_dir) / "_render", ignore_errors=True)
else:
    raise SystemExit("usage: quarto_hooks.py pre|post")
