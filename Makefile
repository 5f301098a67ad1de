# privmon: everything a fresh machine needs is installed by these targets.
#   make demo   - a full privacy session on the sandbox device (the three sample apps)
#   make test   - lint, type checks and the whole test suite (end-to-end tests included)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: demo test deps system-deps venv agent sandbox build lint typecheck clean

demo: build
	$(VENV)/bin/privmon demo

test: build lint typecheck
	$(PY) -m pytest

build: venv agent sandbox

# System packages (JDK with libjvm symbols, Node for the agent's type check). Skipped when present.
system-deps:
	@missing=""; \
	command -v javac >/dev/null || missing="$$missing openjdk-17-jdk-headless"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v ip >/dev/null || missing="$$missing iproute2"; \
	command -v unshare >/dev/null || missing="$$missing util-linux"; \
	command -v adb >/dev/null || missing="$$missing adb"; \
	command -v bwrap >/dev/null || missing="$$missing bubblewrap"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

venv: system-deps $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $(STAMP)

hooks/node_modules/.package-lock.json: hooks/package.json hooks/package-lock.json
	cd hooks && npm ci --no-audit --no-fund

agent: venv hooks/node_modules/.package-lock.json
	cd hooks && npx --no-install tsc --noEmit -p .
	$(PY) -m monitor.agent.build

sandbox: venv
	$(PY) -m monitor.sandbox.build

lint: venv
	$(VENV)/bin/ruff check monitor tests bench
	$(VENV)/bin/ruff format --check monitor tests bench

typecheck: venv
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) hooks/node_modules monitor/agent/_agent.js monitor/sandbox/_build .pytest_cache .mypy_cache .ruff_cache
