"""Every figure module, drawn once in the print layout: it passes the drawing checks and draws its own title.

The slow pack test draws all 25 figures in both layouts; this fast one draws each design once
(one prefecture panel stands for the 14), so the fast run still exercises every drawing module.
"""

import pytest

from agritargets.figures import pack, prefecture_panel
from agritargets.figures.kit import checks
from agritargets.figures.kit.layout import PRINT
from agritargets.figures.kit.spec import SECTIONS, FigureSpec

MODULES = {m.__name__.rsplit(".", 1)[1]: m for m in pack.FIGURE_MODULES}


def test_each_module_declares_one_spec_and_the_pack_lists_them_all():
    stems = [m.SPEC.stem for m in pack.FIGURE_MODULES]
    assert len(stems) == len(set(stems)) == 11
    assert all(isinstance(m.SPEC, FigureSpec) and m.SPEC.section in SECTIONS for m in pack.FIGURE_MODULES)
    assert [f.stem for f in pack.FIGURES] == [*stems, *(f"map_prefecture_{c}" for c in _prefecture_codes())]


def _prefecture_codes():
    from agritargets.core.divisions import prefectures

    return prefectures()["prefecture_adcode"].tolist()


@pytest.mark.parametrize(
    "spec",
    [*(m.SPEC for m in pack.FIGURE_MODULES), prefecture_panel.spec("431200")],
    ids=lambda s: s.stem,
)
def test_figure_draws_its_computed_title_and_passes_the_checks(spec, inputs, drawn):
    texts = spec.words(inputs)
    fig = drawn(spec.stem)
    assert checks.problems(fig, PRINT.min_pt) == {}
    assert checks.drawn_title(fig) == texts.title.replace("\n", "")
    w, h = fig.canvas.get_width_height()
    assert (w / fig.dpi, h / fig.dpi) == pytest.approx(PRINT.size(spec.kind), abs=0.01)
