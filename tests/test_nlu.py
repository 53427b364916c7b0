"""The trained NLU pipeline itself (`make test` trains it): the custom components in
config.yml doing their job on real messages."""
import asyncio

import numpy as np
import pytest
from rasa.core.agent import Agent

from assistant.embeddings import DEFAULT_DIR, StaticEmbeddings, get_embeddings
from tests.conftest import MODEL


@pytest.fixture(scope="module")
def agent() -> Agent:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make test`, which trains it")
    return Agent.load(str(MODEL))


def parse(agent: Agent, text: str) -> dict:
    return asyncio.run(agent.parse_message(text))


@pytest.mark.parametrize("text", ["i want to end my life", "I'm going to overdose on savella",
                                  "what is savella? i want to die", "x" * 5000 + " kill myself"])
def test_crisis_overrides_any_classification(agent, text):
    assert parse(agent, text)["intent"] == {"name": "crisis", "confidence": 1.0}


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "a" * 10_000, "<b>hi</b>", "¿Qué es la fibromialgia?"])
def test_unreadable_input_is_out_of_scope_not_an_error(agent, text):
    assert parse(agent, text)["intent"]["name"] == "out_of_scope"


@pytest.mark.parametrize("text, values", [
    ("does Lyrica work?", ["pregabalin"]), ("is SAVELLA better than cymbalta", ["milnacipran", "duloxetine"]),
    ("what is fibromyalgia", []),
])
def test_medications_are_extracted_by_generic_name(agent, text, values):
    entities = parse(agent, text)["entities"]
    assert [e["value"] for e in entities if e["entity"] == "medication"] == values


@pytest.mark.parametrize("text, intent", [
    ("what is savella", "ask_what_is_milnacipran"),
    ("how is it different from cymbalta", "ask_milnacipran_vs_cymbalta"),
    ("how many people have fibromyalgia", "ask_fibromyalgia_prevalence"),
])
def test_clear_questions_are_classified_confidently(agent, text, intent):
    assert parse(agent, text)["intent"]["name"] == intent


def test_embeddings_place_paraphrases_closer_than_unrelated_text():
    embeddings = get_embeddings()
    a, b, c = (embeddings.sentence(t) for t in ("what does savella cost", "how much is the price of savella",
                                                "tell me about the weather"))
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-5)
    assert a @ b > a @ c
    assert embeddings.words(["fibromyalgia", "pain", "x"]).shape == (3, embeddings.dim)
    assert embeddings.words([]).shape == (0, embeddings.dim)


def test_missing_embeddings_say_how_to_get_them(tmp_path):
    assert (DEFAULT_DIR / "embeddings.safetensors").exists()
    with pytest.raises(FileNotFoundError, match="make embeddings"):
        StaticEmbeddings(tmp_path)
