"""Full stack: the real action server and Rasa server, talking over REST like a patient.

The REST webhook answers 200 with `[]` when an action fails, so every test asserts
on the text of the replies, never on the status alone."""
import uuid
from typing import Dict, Iterator, List

import pytest
import requests

from assistant.stack import StackError, running_stack
from tests.conftest import DISCLAIMER, MODEL, expected_answer

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def servers(knowledge_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, str]]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make test`, which trains it")
    try:
        with running_stack(MODEL, knowledge_url, tmp_path_factory.mktemp("logs")) as stack:
            yield {"actions": stack.actions_url, "rasa": stack.rasa_url}
    except StackError as error:
        pytest.fail(str(error))


class Patient:
    """One conversation over the REST channel."""

    def __init__(self, rasa_url: str) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = f"patient-{uuid.uuid4().hex[:8]}"

    def say(self, text: str) -> List[dict]:
        response = requests.post(self.url, json={"sender": self.sender, "message": text}, timeout=30)
        assert response.status_code == 200, response.text
        replies = response.json()
        assert replies, f"no reply to {text[:60]!r} (did an action fail?)"
        return replies


@pytest.fixture
def patient(servers) -> Patient:
    return Patient(servers["rasa"])


def the_text(replies: List[dict]) -> str:
    assert len(replies) == 1, replies
    return replies[0]["text"]


@pytest.mark.parametrize("question, entry", [
    ("what is savella?", "ask_what_is_milnacipran"),
    ("How does milnacipran work?", "ask_how_milnacipran_works"),
    ("does savella help with sleep", "ask_milnacipran_sleep"),
    ("how is it different from Cymbalta?", "ask_milnacipran_vs_cymbalta"),
    ("is milnacipran approved by the FDA", "ask_milnacipran_approval"),
    ("what is fibromyalgia", "ask_what_is_fibromyalgia"),
    ("how many people have fibromyalgia?", "ask_fibromyalgia_prevalence"),
    ("where does this info come from", "ask_sources"),
])
def test_curated_answers_end_with_the_disclaimer(patient, question, entry):
    text = the_text(patient.say(question))
    assert text == expected_answer(entry)
    assert text.endswith(DISCLAIMER)


def test_follow_up_uses_the_topic_under_discussion(patient):
    assert the_text(patient.say("what is milnacipran")) == expected_answer("ask_what_is_milnacipran")
    assert the_text(patient.say("does it work?")) == expected_answer("ask_milnacipran_effectiveness")
    assert the_text(patient.say("how many people have it?")) == expected_answer("ask_fibromyalgia_prevalence")


@pytest.mark.parametrize("question, name", [
    ("does Lyrica work?", "pregabalin (Lyrica)"), ("how does gabapentin work?", "gabapentin (Neurontin)"),
    ("is tramadol good for fibro pain", "tramadol"),
])
def test_other_drugs_never_get_a_milnacipran_answer(patient, question, name):
    text = the_text(patient.say(question))
    assert name in text and "only have curated information about milnacipran" in text
    assert "placebo" not in text and "norepinephrine" not in text
    assert text.endswith(DISCLAIMER)


def test_a_follow_up_after_another_drug_is_declined_too(patient):
    patient.say("what is lyrica?")
    text = the_text(patient.say("does it work?"))
    assert "pregabalin (Lyrica)" in text and "placebo" not in text


@pytest.mark.parametrize("message", ["I want to kill myself", "i dont want to live anymore",
                                     "does savella work? i want to end my life",
                                     "how many savella pills would it take to overdose"])
def test_crisis_gets_crisis_resources_and_no_curated_answer(patient, message):
    text = the_text(patient.say(message))
    assert "988" in text and "911" in text
    assert DISCLAIMER not in text


def test_medical_advice_is_referred_with_the_disclaimer(patient):
    text = the_text(patient.say("what dose of savella should I take?"))
    assert "prescriber or pharmacist" in text and text.endswith(DISCLAIMER)


def test_bot_challenge_and_welcome(patient):
    assert "not a doctor" in the_text(patient.say("are you a real person?"))
    [welcome] = patient.say("hello")
    assert len(welcome["buttons"]) == 12
    assert welcome["buttons"][0]["payload"].startswith("/ask_what_is_milnacipran")


@pytest.mark.parametrize("message, expected", [
    ("", "didn't receive any text"), ("   ", "didn't receive any text"),
    ("x" * 10_000, "too long"), ("😀😀😀", "not emoji"),
    ("¿Qué es el milnacipran?", "only answer questions in English"),
])
def test_bad_input_gets_a_clear_safe_reply(patient, message, expected):
    assert expected in the_text(patient.say(message))


@pytest.mark.parametrize("message", ["<script>alert('hi')</script>", "'; DROP TABLE knowledge_entries; --",
                                     "<img src=x onerror=alert(1)>"])
def test_markup_and_sql_get_a_plain_words_prompt_and_are_never_echoed(patient, message):
    [reply] = patient.say(message)
    assert "code or markup" in reply["text"]
    assert "<" not in str(reply) and "DROP" not in str(reply)


def test_the_table_survives_sql_text(patient):
    patient.say("'; DROP TABLE knowledge_entries; --")
    assert the_text(patient.say("what is savella?")) == expected_answer("ask_what_is_milnacipran")


def test_button_payloads_answer_directly(patient):
    patient.say("what is lyrica?")
    text = the_text(patient.say('/ask_milnacipran_sleep{"medication":"milnacipran"}'))
    assert text == expected_answer("ask_milnacipran_sleep")


def test_action_server_smoke(servers):
    """Like rasa-sdk's endpoint test: list the actions, run one directly."""
    names = {a["name"] for a in requests.get(f"{servers['actions']}/actions", timeout=10).json()}
    assert {"action_answer", "action_did_you_mean", "action_medical_advice"} <= names
    payload = {"next_action": "action_answer", "sender_id": "smoke", "version": "3.6.2", "domain": {},
               "tracker": {"sender_id": "smoke", "slots": {}, "events": [], "paused": False,
                           "latest_message": {"text": "what is fibro", "entities": [],
                                              "intent": {"name": "ask_what_is_fibromyalgia"}},
                           "latest_action_name": "action_listen", "active_loop": {}}}
    response = requests.post(f"{servers['actions']}/webhook", json=payload, timeout=10)
    assert response.status_code == 200, response.text
    assert [r["text"] for r in response.json()["responses"]] == [expected_answer("ask_what_is_fibromyalgia")]
    bad = requests.post(f"{servers['actions']}/webhook", json={**payload, "next_action": "no_such_action"},
                        timeout=10)
    assert bad.status_code == 404
