# Two entry points: `make run` (the chat UI) and `make test` (the whole suite); `make fuzz`
# runs the fuzz suite alone, longer.
# Both create .venv, install, and generate data + train the model if it is missing or
# older than what it is made from (the generator's sources, the training code).
# One install for both: serving needs only the base dependencies, but both targets may
# have to train first, so the [train] extra (torch, transformers, ...) comes along.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MODEL := models/nlu/model.int8.onnx
DATA := data/train.jsonl
# the generator also draws on the seeded catalogue's cities and hotel names (bot/database/seeded_catalogue.yaml)
# and splits the people-written data beside the repository (training/people.py): SGD to
# train on and measure, CrossWOZ only to measure
SGD := ../shared/data/sgd_hotels_train.jsonl
CROSSWOZ := ../shared/data/crosswoz_hotels_val.jsonl
DATA_SOURCES := $(shell find intents -name '*.py' -o -name '*.yaml' -o -name '*.txt') \
	$(addprefix training/,generate.py pools.py plans.py slot_values.py compose.py sources.py languages.py people.py) bot/database/catalogue.py bot/database/seeded_catalogue.yaml $(wildcard $(SGD) $(CROSSWOZ))
TRAINING_CODE := $(addprefix training/,config.py finetune.py joint_model.py export.py nlu_data.py labels.py encoder.py e5_base.py) \
	bot/understanding/context.py bot/understanding/bio.py
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install model run test fuzz chromium services clean

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[train,test]'
	touch $@

model: $(MODEL)

$(DATA): $(DATA_SOURCES) | $(INSTALLED)
	$(BIN)/python -m training.generate --out data

$(MODEL): $(DATA) $(TRAINING_CODE) | $(INSTALLED)
	$(BIN)/hotelbot train

# The demo's fixed clock (the README's dialogues say "the 10th" from 2026-12-01);
# `make run DEMO_TODAY=` serves on the real date.
DEMO_TODAY ?= 2026-12-01
# `make run WORKERS=4`: four worker processes sharing the database (bookings and conversations): the
# SQLite file, or HOTELBOT_DATABASE_URL=postgresql://… (with HOTELBOT_REDIS_URL=redis://… for the locks)
WORKERS ?= 1

run: $(MODEL)
	$(BIN)/hotelbot serve --workers $(WORKERS) $(if $(DEMO_TODAY),--today $(DEMO_TODAY))

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
# A Chinese font, or the screenshots of Chinese pages show boxes.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q . ; } || { \
		echo "installing Debian's chromium and a Chinese font for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; }

# The backend tests start throwaway PostgreSQL and Redis servers (tests/servers.py) from
# Debian's packages; without them they skip, except with CI=true, where they fail.
services:
	@{ ls /usr/lib/postgresql/*/bin/pg_ctl && command -v redis-server; } >/dev/null 2>&1 || { \
		echo "installing Debian's postgresql and redis-server for the backend tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql redis-server >/dev/null; }

test: $(MODEL) chromium services
	$(BIN)/python -m pytest -q

# The fuzz suite (tests/bot/test_fuzz.py) at 5 times its `make test` size, on new random
# examples each run where `make test` repeats a fixed sample.
fuzz: $(MODEL)
	HOTELBOT_FUZZ_SCALE=5 $(BIN)/python -m pytest -q -s tests/bot/test_fuzz.py

clean:
	rm -rf $(VENV) models data var test-output
