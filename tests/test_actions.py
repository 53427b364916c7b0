"""What a patient gets from each custom action (the action server's logic, no network)."""
import pytest

from actions.knowledge import ABOUT_THE_MEDICATION, ActionAnswer
from actions.safety import ActionMedicalAdvice, ActionOutOfScope
from actions.suggestions import (
    ActionAffirm,
    ActionAskRephrase,
    ActionCapabilities,
    ActionDidYouMean,
    ActionWelcome,
)
from tests.conftest import CURATED, DISCLAIMER, expected_answer, make_tracker, run_action

OTHER_DRUGS = ["pregabalin", "gabapentin", "amitriptyline", "cyclobenzaprine", "tramadol",
               "ibuprofen", "acetaminophen", "naproxen"]


def texts(dispatcher):
    return [m.get("text") for m in dispatcher.messages]


@pytest.mark.parametrize("intent", sorted(CURATED))
def test_curated_answer_is_one_message_ending_with_the_disclaimer(intent, store, dispatcher, domain):
    run_action(ActionAnswer(), dispatcher, make_tracker("question", intent), domain)
    assert texts(dispatcher) == [expected_answer(intent)]
    assert dispatcher.messages[0]["text"].endswith("\n\n" + DISCLAIMER)


@pytest.mark.parametrize("intent", sorted(CURATED))
@pytest.mark.parametrize("drug", OTHER_DRUGS)
def test_a_drug_without_facts_never_gets_a_curated_answer(intent, drug, store, dispatcher, domain):
    events = run_action(ActionAnswer(), dispatcher, make_tracker("q", intent, [drug]), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_other_medication"
    assert drug in message["medication_name"]
    assert message["disclaimer"] == DISCLAIMER
    assert message["text"] is None
    assert {"event": "slot", "timestamp": None, "name": "medication", "value": drug} in events


def test_a_drug_named_beside_milnacipran_is_still_declined(store, dispatcher, domain):
    tracker = make_tracker("is lyrica better than savella", "ask_milnacipran_vs_cymbalta",
                           ["pregabalin", "milnacipran"])
    run_action(ActionAnswer(), dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_other_medication"


@pytest.mark.parametrize("medications", [["duloxetine"], ["milnacipran", "duloxetine"],
                                         ["duloxetine", "milnacipran"], []])
def test_the_comparison_is_answered_whichever_names_are_used(medications, store, dispatcher, domain):
    tracker = make_tracker("savella vs cymbalta", "ask_milnacipran_vs_cymbalta", medications)
    run_action(ActionAnswer(), dispatcher, tracker, domain)
    assert texts(dispatcher) == [expected_answer("ask_milnacipran_vs_cymbalta")]


@pytest.mark.parametrize("intent", sorted(ABOUT_THE_MEDICATION - {"ask_milnacipran_vs_cymbalta"}))
def test_duloxetine_alone_only_gets_the_offer_of_the_comparison(intent, store, dispatcher, domain):
    run_action(ActionAnswer(), dispatcher, make_tracker("does cymbalta work", intent, ["duloxetine"]), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_comparison_only"
    assert "/ask_milnacipran_vs_cymbalta" in [b["payload"].split("{")[0] for b in message["buttons"]]


@pytest.mark.parametrize("topic, expected", [
    ("milnacipran", "answer"), (None, "answer"), ("pregabalin", "utter_other_medication"),
    ("duloxetine", "utter_comparison_only"),
])
def test_follow_up_is_answered_for_the_medication_under_discussion(topic, expected, store, dispatcher, domain):
    tracker = make_tracker("does it work?", "ask_milnacipran_effectiveness", slots={"medication": topic})
    run_action(ActionAnswer(), dispatcher, tracker, domain)
    if expected == "answer":
        assert texts(dispatcher) == [expected_answer("ask_milnacipran_effectiveness")]
    else:
        assert dispatcher.messages[0]["response"] == expected


def test_fibromyalgia_questions_ignore_an_earlier_drug(store, dispatcher, domain):
    tracker = make_tracker("how many people have it?", "ask_fibromyalgia_prevalence",
                           slots={"medication": "pregabalin"})
    run_action(ActionAnswer(), dispatcher, tracker, domain)
    assert texts(dispatcher) == [expected_answer("ask_fibromyalgia_prevalence")]


def test_answer_action_sends_crisis_resources_even_if_misclassified(store, dispatcher, domain):
    tracker = make_tracker("does savella work, i want to die", "ask_milnacipran_effectiveness")
    run_action(ActionAnswer(), dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_crisis"]


def test_medical_advice_is_referred_with_the_disclaimer(store, dispatcher, domain):
    run_action(ActionMedicalAdvice(), dispatcher, make_tracker("what dose?", "ask_medical_advice"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_medical_advice"
    assert message["disclaimer"] == DISCLAIMER
    assert "{disclaimer}" in domain["responses"]["utter_medical_advice"][0]["text"]


@pytest.mark.parametrize("text, response", [
    ("", "utter_input_empty"), ("   \n ", "utter_input_empty"),
    ("a" * 10_000, "utter_input_too_long"), ("😀🙏💊", "utter_input_no_words"),
    ("¿Qué es el milnacipran?", "utter_input_not_english"), ("что такое савелла", "utter_input_not_english"),
    ("what's the weather", "utter_out_of_scope"), ("<script>alert(1)</script>", "utter_input_markup"),
    ("'; DROP TABLE knowledge_entries; --", "utter_input_markup"),
])
def test_out_of_scope_says_why(text, response, store, dispatcher, domain):
    run_action(ActionOutOfScope(), dispatcher, make_tracker(text, "out_of_scope"), domain)
    assert [m["response"] for m in dispatcher.messages] == [response]
    assert response in domain["responses"]


@pytest.mark.parametrize("action", [ActionWelcome(), ActionCapabilities(), ActionAskRephrase()])
def test_topic_lists_offer_every_curated_question(action, store, dispatcher, domain):
    run_action(action, dispatcher, make_tracker("hi", "greet"), domain)
    [message] = dispatcher.messages
    payloads = [b["payload"].split("{")[0].lstrip("/") for b in message["buttons"]]
    assert payloads == list(CURATED)
    assert [b["title"] for b in message["buttons"]] == list(store.questions().values())


def test_did_you_mean_offers_the_closest_curated_questions(store, dispatcher, domain):
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_milnacipran_sleep", "confidence": 0.4},
               {"name": "greet", "confidence": 0.3}, {"name": "ask_what_is_fibromyalgia", "confidence": 0.2},
               {"name": "ask_sources", "confidence": 0.05}, {"name": "ask_milnacipran_approval", "confidence": 0.01}]
    events = run_action(ActionDidYouMean(), dispatcher, make_tracker("sleepy fibro?", "nlu_fallback",
                                                                     ranking=ranking), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_did_you_mean"
    assert [b["payload"].split("{")[0] for b in message["buttons"]] == [
        "/ask_milnacipran_sleep", "/ask_what_is_fibromyalgia", "/ask_sources", "/deny"]
    assert events[0]["value"] == ["ask_milnacipran_sleep", "ask_what_is_fibromyalgia", "ask_sources"]


def test_did_you_mean_declines_a_drug_without_facts(store, dispatcher, domain):
    ranking = [{"name": "nlu_fallback", "confidence": 0.6}, {"name": "ask_how_milnacipran_works", "confidence": 0.4}]
    tracker = make_tracker("how does gabapentin work?", "nlu_fallback", ["gabapentin"], ranking=ranking)
    events = run_action(ActionDidYouMean(), dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_other_medication" and "gabapentin" in message["medication_name"]
    assert {"event": "slot", "timestamp": None, "name": "medication", "value": "gabapentin"} in events


def test_yes_to_did_you_mean_answers_the_first_suggestion(store, dispatcher, domain):
    tracker = make_tracker("yes", "affirm", slots={"suggestions": ["ask_milnacipran_sleep", "ask_sources"]})
    events = run_action(ActionAffirm(), dispatcher, tracker, domain)
    assert texts(dispatcher) == [expected_answer("ask_milnacipran_sleep")]
    assert {"event": "slot", "timestamp": None, "name": "suggestions", "value": None} in events


def test_yes_without_a_suggestion_asks_what_else(store, dispatcher, domain):
    run_action(ActionAffirm(), dispatcher, make_tracker("yes", "affirm"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_anything_else"]


def test_medication_buttons_pin_the_topic_to_milnacipran(store, dispatcher, domain):
    run_action(ActionWelcome(), dispatcher, make_tracker("hi", "greet"), domain)
    buttons = {b["payload"].split("{")[0]: b["payload"] for b in dispatcher.messages[0]["buttons"]}
    assert buttons["/ask_milnacipran_sleep"] == '/ask_milnacipran_sleep{"medication":"milnacipran"}'
    assert buttons["/ask_what_is_fibromyalgia"] == "/ask_what_is_fibromyalgia"
