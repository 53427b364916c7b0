"""Rasa's own checks on the trained model (`make test` trains it first):
data validation, held-out intent accuracy, and the test stories."""
import json
import os
import subprocess
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT
from tests.conftest import MODEL

RASA = str(PROJECT_ROOT / ".venv" / "bin" / "rasa")
MIN_INTENT_ACCURACY = 0.93


def rasa(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([RASA, *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}, timeout=900)
    assert result.returncode == 0, f"rasa {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make test`, which trains it")
    return MODEL


def test_training_data_and_domain_validate():
    rasa("data", "validate", "--fail-on-warnings")


def test_held_out_intent_accuracy(model, tmp_path):
    rasa("test", "nlu", "--nlu", "tests/nlu_test.yml", "--model", str(model), "--out", str(tmp_path))
    report = json.loads((tmp_path / "intent_report.json").read_text())
    errors_file = tmp_path / "intent_errors.json"  # Rasa writes it only when there are errors
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    wrong = [f"{e['text']!r}: {e['intent']} -> {e['intent_prediction']['name']}" for e in errors]
    assert report["accuracy"] >= MIN_INTENT_ACCURACY, "\n".join(wrong)


def test_stories(model, tmp_path):
    rasa("test", "core", "--stories", "tests/test_stories.yml", "--model", str(model),
         "--out", str(tmp_path), "--fail-on-prediction-errors")
