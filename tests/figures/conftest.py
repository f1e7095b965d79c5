"""One drawing of each figure per test session: the figure tests only read what was drawn."""

import matplotlib.pyplot as plt
import pytest

from agritargets.figures import pack
from agritargets.figures.kit.layout import PRINT, Layout
from agritargets.rules.scenario import published


@pytest.fixture(scope="session")
def scenario():
    return published()


@pytest.fixture(scope="session")
def inputs(scenario):
    return pack.load_inputs(scenario)


@pytest.fixture(scope="session")
def drawn(scenario):
    """``drawn(stem, layout=PRINT)``: the figure as the pack draws it, rendered once and shared."""
    made: dict[tuple[str, str], plt.Figure] = {}
    plt.rcParams["figure.max_open_warning"] = 0  # one drawing per figure is kept open on purpose

    def draw(stem: str, layout: Layout = PRINT) -> plt.Figure:
        key = (stem, layout.name)
        if key not in made:
            made[key] = pack.draw(stem, scenario, layout)
            made[key].canvas.draw()
        return made[key]

    yield draw
    for fig in made.values():
        plt.close(fig)
