from pathlib import Path

import pytest

from agritargets.cli import main
from agritargets.core import paths


@pytest.fixture(scope="module")
def rerun(tmp_path_factory) -> Path:
    """A real allocate run on the census file the package ships, with a total of 450."""
    out = tmp_path_factory.mktemp("alloc") / "targets"
    census = paths.POPULATION_RAW / "census2020_county.csv"
    assert main(["allocate", "--population", str(census), "--total", "450", "--out", str(out)]) == 0
    return out
