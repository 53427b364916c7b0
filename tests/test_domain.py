"""Consistency the Rasa validator does not check: every intent is handled, every
response is used, every curated intent has a knowledge entry, the training data is
big enough and the held-out test set really is held out."""
import re
from collections import Counter

import pytest
import yaml

from assistant.settings import PROJECT_ROOT
from tests.conftest import CURATED

CONVERSATION_INTENTS = {"greet", "goodbye", "thank", "bot_challenge", "ask_capabilities", "affirm",
                        "deny", "ask_medical_advice", "crisis", "out_of_scope"}


def load(name):
    return yaml.safe_load((PROJECT_ROOT / name).read_text())


def examples(name):
    result = {}
    for block in load(name)["nlu"]:
        result[block["intent"]] = [line[2:].strip() for line in block["examples"].splitlines()
                                   if line.startswith("- ")]
    return result


RULES = load("data/rules.yml")["rules"]
RULE_STEPS = [(r["steps"][0].get("intent"), r["steps"][1].get("action")) for r in RULES]
DOMAIN = load("domain.yml")


def test_the_intents_are_exactly_the_contract():
    assert set(DOMAIN["intents"]) == set(CURATED) | CONVERSATION_INTENTS


@pytest.mark.parametrize("intent", sorted(CURATED))
def test_every_curated_intent_is_answered_from_the_knowledge_table(intent):
    assert (intent, "action_answer") in RULE_STEPS


@pytest.mark.parametrize("intent", sorted(CONVERSATION_INTENTS | {"nlu_fallback"}))
def test_every_other_intent_has_a_rule(intent):
    assert intent in {i for i, _ in RULE_STEPS}


def test_crisis_gets_crisis_resources():
    assert ("crisis", "utter_crisis") in RULE_STEPS
    text = DOMAIN["responses"]["utter_crisis"][0]["text"]
    assert "988" in text and "911" in text


def test_every_response_is_used_by_a_rule_or_an_action():
    action_code = "\n".join(p.read_text() for p in (PROJECT_ROOT / "actions").glob("*.py"))
    used = {a for _, a in RULE_STEPS} | set(re.findall(r"utter_[a-z_]+", action_code))
    assert set(DOMAIN["responses"]) - used == set()


def test_every_custom_action_is_declared_and_implemented():
    action_code = "\n".join(p.read_text() for p in (PROJECT_ROOT / "actions").glob("*.py"))
    implemented = set(re.findall(r'return "(action_[a-z_]+)"', action_code))
    assert implemented == set(DOMAIN["actions"])


@pytest.mark.parametrize("intent", sorted(CURATED))
def test_at_least_25_training_examples_per_curated_intent(intent):
    assert len(examples("data/nlu.yml")[intent]) >= 25


def test_training_examples_are_unique():
    counts = Counter(e.lower() for exs in examples("data/nlu.yml").values() for e in exs)
    assert [e for e, n in counts.items() if n > 1] == []


def test_held_out_set_has_six_per_intent_and_none_in_training():
    training = {e.lower() for exs in examples("data/nlu.yml").values() for e in exs}
    held_out = examples("tests/nlu_test.yml")
    assert set(held_out) == set(DOMAIN["intents"])
    assert all(len(exs) >= 6 for exs in held_out.values())
    assert [e for exs in held_out.values() for e in exs if e.lower() in training] == []


def test_the_test_stories_cover_every_rule():
    steps = [s for story in load("tests/test_stories.yml")["stories"] for s in story["steps"]]
    covered = {(a.get("intent"), b.get("action")) for a, b in zip(steps, steps[1:], strict=False)}
    assert set(RULE_STEPS) - covered == set()
