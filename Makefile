# Liaison Desk — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck bench dist clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m ui --demo

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(PY) -m ruff check liaison_desk ui tests benchmarks
	$(PY) -m ruff format --check liaison_desk ui tests benchmarks
	$(PY) -m mypy liaison_desk
	$(PY) -m mypy ui
	$(VENV)/bin/lint-imports  # the layering contracts in .importlinter

bench: $(STAMP)
	@for b in benchmarks/*.py; do case $$b in */_*) continue;; esac; echo "== $$b"; QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(PY) -m PyInstaller --noconfirm installers/liaison-desk.spec
	@if [ "$$(uname)" = Linux ]; then bash installers/pack-linux.sh; fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
