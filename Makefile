# Descent: two commands on a fresh machine.
#   make lab    set up (once) and open the workbook in JupyterLab
#   make test   set up (once) and run every test: library, notebooks, widgets, browser
# Set-up is skipped while requirements and pyproject are unchanged (stamp files in .venv).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8888
LAB_FLAGS ?=
START  := notebooks/00_start_here.ipynb
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test bench html setup setup-dev chromium clean

# default_url: the browser, and the link JupyterLab prints, open the start notebook.
lab: $(VENV)/.stamp-runtime
	$(PY) -m jupyter lab --port=$(PORT) $(ROOT_FLAG) --LabApp.default_url=/lab/tree/$(START) $(LAB_FLAGS)

# Two pytest runs at once (a 2-core machine does both in about the time of the longer):
# the browser test, which mostly waits on JupyterLab and Chromium, in the background with
# its report printed at the end; everything else (library, widgets, nbval) in front.
test: $(VENV)/.stamp-dev chromium
	@mkdir -p build
	@$(PY) -m pytest tests/browser -p no:cacheprovider > build/browser-test.log 2>&1 & \
	browser=$$!; \
	$(PY) -m pytest tests --ignore=tests/browser --nbval-lax --nbval-current-env notebooks; \
	main=$$?; wait $$browser; shown=$$?; \
	echo; echo "=== the browser test (JupyterLab in headless Chromium), build/browser-test.log ==="; \
	cat build/browser-test.log; \
	if [ $$main -ne 0 ] || [ $$shown -ne 0 ]; then echo "make test: FAILED"; exit 1; fi

# Speed measurements (not part of make test): tables printed, JSON in build/bench/.
bench: $(VENV)/.stamp-dev
	$(PY) benchmarks/slider_latency.py
	$(PY) benchmarks/mlp_step.py
	$(PY) benchmarks/run_all.py
	$(PY) benchmarks/browser_latency.py

# The printable revision pack in build/html/ (open index.html): every notebook run in a
# fresh kernel and saved as static HTML (dashboards show their first frame), the one-page
# formula sheet and the past-year questions with model answers.
html: $(VENV)/.stamp-dev
	$(PY) tools/build_html.py

setup: $(VENV)/.stamp-runtime
setup-dev: $(VENV)/.stamp-dev

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Descent needs Python 3.10 or newer; this is " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-runtime: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -r requirements.txt
	$(PY) -m pip install --no-deps -e .
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-runtime requirements-dev.txt
	$(PY) -m pip install -r requirements-dev.txt
	touch $@

# The browser test drives Debian's chromium (never a browser downloaded by playwright).
chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	  sudo apt-get update && sudo apt-get install -y chromium; \
	else echo "The browser tests need Chromium at /usr/bin/chromium. Install it with:"; \
	  echo "    sudo apt-get install chromium"; \
	  echo "then run 'make test' again."; exit 1; fi

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
