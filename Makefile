# Two commands for a newcomer: `make run` (install, train if needed, start) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
MODEL := models/baclofen.tar.gz
# axe-core for the widget's browser test, from npm at the version package-lock.json pins (never from a CDN)
AXE := node_modules/axe-core/axe.min.js
export RASA_TELEMETRY_ENABLED := false
export VENV

# Everything the trained model depends on: the training data, the NLU components and the core they run (the language
# rules read the knowledge file). Found, not listed: a new file there retrains too.
TRAINING_INPUTS := config.yml domain.yml $(shell find data components baclofen knowledge corpora -type f \
                   \( -name '*.py' -o -name '*.yml' -o -name '*.jsonl' -o -name '*.txt.gz' \) -not -path '*/__pycache__/*' 2>/dev/null | sort)

.PHONY: install system-deps train run test test-unit test-e2e validate test-nlu test-conversations purge clean

# Feature makefiles (bench, widget, ...) add their own targets.
-include mk/*.mk

install: $(BIN)/.installed

$(BIN)/.installed: requirements.txt constraints.txt
	@echo ">> creating $(VENV) on Python 3.10 and installing pinned requirements (a few minutes the first time)"
	"$$(scripts/python310.sh)" -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check pip==24.0
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	@# the compact drug-name index the servers load (they would build it on first start otherwise)
	$(BIN)/python -m baclofen.drug_index build
	touch $@

train: $(MODEL)

$(MODEL): $(BIN)/.installed $(TRAINING_INPUTS)
	@echo ">> training (inputs changed)"
	$(BIN)/rasa train --fixed-model-name baclofen --out models --quiet

run: $(MODEL)
	scripts/run.sh

validate: $(BIN)/.installed
	$(BIN)/rasa data validate --quiet

test-unit: $(BIN)/.installed
	$(BIN)/pytest -q -m "not e2e"

test-e2e: $(MODEL) $(AXE)
	$(BIN)/pytest -q -m e2e

test-nlu: $(MODEL)
	$(BIN)/pytest -q tests/components/test_nlu_holdout.py

test-conversations: $(MODEL)
	$(BIN)/rasa test core --model $(MODEL) --stories tests/conversations --fail-on-prediction-errors \
	  --out results/conversations --quiet

system-deps:
	scripts/system-deps.sh

$(AXE): package.json package-lock.json
	@echo ">> installing the browser-test tools (npm ci: axe-core as pinned in package-lock.json)"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: system-deps validate $(MODEL) $(AXE)
	$(BIN)/pytest -q
	$(MAKE) --no-print-directory test-conversations

purge: $(BIN)/.installed
	@test -n "$(DAYS)" || { echo "usage: make purge DAYS=30"; exit 2; }
	$(BIN)/python scripts/purge_conversations.py --older-than-days $(DAYS)

clean:
	rm -rf models results var
