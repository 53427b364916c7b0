"""The HINT3 benchmark's scoring (bench/hint3.py): the figures in the issue notes are only
as good as these few functions."""
import asyncio

import pytest
from rasa.core.agent import Agent

from assistant.settings import PROJECT_ROOT
from bench.hint3 import OOS, best_on_test, decision_at, fallback_settings, read_nlu, scores


def parsed(intent: str, *ranking: tuple) -> dict:
    """A Rasa parse result: the settled intent and the classifier's ranking."""
    return {"intent": {"name": intent}, "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}


LABELS = {"EMI", "COD", "WARRANTY"}


@pytest.mark.parametrize("message, threshold, ambiguity, expected", [
    (parsed("EMI", ("EMI", 0.9), ("COD", 0.05)), 0.6, 0.1, "EMI"),
    (parsed("nlu_fallback", ("nlu_fallback", 0.6), ("EMI", 0.5)), 0.6, 0.0, OOS),  # below the threshold
    (parsed("nlu_fallback", ("nlu_fallback", 0.6), ("EMI", 0.5)), 0.4, 0.0, "EMI"),  # a lower one accepts it
    (parsed("EMI", ("EMI", 0.65), ("COD", 0.6)), 0.6, 0.1, OOS),  # too close to the runner-up
    (parsed("out_of_scope", ("out_of_scope", 1.0), ("EMI", 0.9)), 0.6, 0.1, OOS),  # SafetyGuard declined it
    (parsed("EMI"), 0.6, 0.1, OOS),  # an empty ranking
])
def test_decision_at_declines_what_the_pipeline_would(message, threshold, ambiguity, expected):
    assert decision_at(message, LABELS, threshold, ambiguity) == expected


def test_scores_follow_the_paper():
    gold = ["EMI", "EMI", "COD", OOS, OOS]
    predicted = ["EMI", OOS, "COD", OOS, "EMI"]
    s = scores(gold, predicted, OOS)
    assert (s["accuracy"], s["inscope"], s["oos_recall"]) == (0.6, pytest.approx(2 / 3), 0.5)
    assert scores(gold, gold, OOS)["mcc"] == 1.0


def test_best_on_test_picks_the_most_accurate_threshold():
    messages = [parsed("EMI", ("EMI", 0.8)), parsed("COD", ("COD", 0.45)), parsed("EMI", ("EMI", 0.3))]
    name, threshold, s, _ = best_on_test(messages, ["EMI", "COD", OOS], LABELS, 0.0, OOS)
    assert threshold == "0.35 (best on test)"  # the first of the equally good 0.35-0.45
    assert s["accuracy"] == 1.0 and name.startswith("project")


def test_re_thresholding_at_the_configs_own_settings_reproduces_the_pipeline(agent: Agent):
    """The best-on-test row re-thresholds parse results; at config.yml's own threshold and
    ambiguity it must decide exactly as the running FallbackClassifier did."""
    threshold, ambiguity = fallback_settings(PROJECT_ROOT / "config.yml")
    assert threshold is not None
    texts = [t for t, _ in read_nlu(PROJECT_ROOT / "tests" / "nlu_test.yml")]
    texts += ["tell me about the weather", "is it a painkiller", "what about lyrica"]
    labels = set(agent.domain.intents) - {"nlu_fallback", "out_of_scope"}
    for text in texts:
        result = asyncio.run(agent.parse_message(text))
        settled = result["intent"]["name"]
        expected = settled if settled in labels else OOS
        assert decision_at(result, labels, threshold, ambiguity) == expected, text
