"""The trained NLU pipeline itself (`make test` trains it): the custom components in
config.yml doing their job on real messages."""
import asyncio

import pytest
from rasa.core.agent import Agent


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
    # Misspelt as patients type them (TypoAugmenter trains on misspelt copies).
    ("what is milnacipram", "ask_what_is_milnacipran"),
    ("does savela work for fibromialgia", "ask_milnacipran_effectiveness"),
    ("how is it diffrent from cymbalta", "ask_milnacipran_vs_cymbalta"),
])
def test_clear_questions_are_classified_confidently(agent, text, intent):
    assert parse(agent, text)["intent"]["name"] == intent
