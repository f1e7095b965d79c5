"""``agritargets monitor`` on the command line: help and the options it needs."""

import pytest

from agritargets.cli import main


def test_help_is_bilingual_with_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["monitor", "--help"])
    out = capsys.readouterr().out
    assert "序时进度" in out and "schedule" in out and "agritargets monitor --actuals" in out


def test_missing_options_are_refused(capsys):
    assert main(["monitor", "--out", "x"]) == 2
    err = capsys.readouterr().err
    assert "需要 --actuals" in err and "needs --actuals FILE and --out DIR" in err
